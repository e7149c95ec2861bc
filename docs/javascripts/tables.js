/* Tables on a phone need no script: every table carries the class trd-stack and a label on
   each cell (macros/table_labels.py, and the macros' own tables), so hub.css shows each row
   as a card. A table still wider than its box (none on treatment or planning pages) stays
   reachable by keyboard (Tab, then arrow keys) with a name, so screen-reader and keyboard
   users can scroll it too (WCAG 2.1.1; axe: scrollable-region-focusable). */
(function () {
  "use strict";
  function label(wrap, n) {
    var table = wrap.querySelector("table");
    var caption = table && table.querySelector("caption");
    var first = table && table.querySelector("th");
    return "Table " + n + (caption ? ": " + caption.textContent : first ? " starting with " + first.textContent.trim() : "") + " (scrolls sideways)";
  }
  function update() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap, i) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", label(wrap, i + 1));
      } else {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }
  if (window.document$) { window.document$.subscribe(function () { setTimeout(update, 0); }); }
  else { document.addEventListener("DOMContentLoaded", update); }
  window.addEventListener("resize", update);
})();

/* Wide tables scroll sideways inside their own box on small screens. Make such a box
   reachable by keyboard (Tab, then arrow keys) and give it a name, so screen-reader and
   keyboard users can scroll it too (WCAG 2.1.1; axe: scrollable-region-focusable). */
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

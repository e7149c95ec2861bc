/* Tables on a phone. Tables the macros build already carry a label on every cell
   (data-label) and the class trd-stack, so hub.css shows each row as a card with no script.
   Tables typed in Markdown get the same here: each cell is labelled with its column's
   heading, so the row reads as a card instead of scrolling sideways. A table still wider
   than its box (none on treatment or planning pages) stays reachable by keyboard (Tab, then
   arrow keys) with a name, so screen-reader and keyboard users can scroll it too (WCAG 2.1.1;
   axe: scrollable-region-focusable). */
(function () {
  "use strict";
  function stack(table) {
    if (table.classList.contains("trd-stack") || !table.tHead) { return; }
    var heads = [].map.call(table.tHead.rows[0].cells, function (th) { return th.textContent.trim(); });
    [].forEach.call(table.tBodies, function (body) {
      [].forEach.call(body.rows, function (row) {
        [].forEach.call(row.cells, function (cell, i) {
          if (i > 0 && heads[i] && !cell.hasAttribute("data-label")) { cell.setAttribute("data-label", heads[i]); }
        });
      });
    });
    table.classList.add("trd-stack");
  }
  function label(wrap, n) {
    var table = wrap.querySelector("table");
    var caption = table && table.querySelector("caption");
    var first = table && table.querySelector("th");
    return "Table " + n + (caption ? ": " + caption.textContent : first ? " starting with " + first.textContent.trim() : "") + " (scrolls sideways)";
  }
  function update() {
    document.querySelectorAll("article table").forEach(stack);
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

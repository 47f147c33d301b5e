/*
 * The progress tree's expand / collapse, without a request: every visible node's row is on
 * the page, rows below a closed node are hidden. Opening a node shows its children (closed);
 * closing it hides every row below it. Without scripts the toggle reloads the page with the
 * node opened or closed (?open=), and so does opening a node whose rows a large tree left off
 * the page.
 */
(function () {
  "use strict";

  function rowsBelow(row) {
    var depth = Number(row.dataset.depth);
    var result = [];
    var next = row.nextElementSibling;
    while (next && Number(next.dataset.depth) > depth) {
      result.push(next);
      next = next.nextElementSibling;
    }
    return result;
  }

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest && event.target.closest("[data-toggle]");
    if (!toggle) {
      return;
    }
    var row = toggle.closest("tr");
    var opening = toggle.getAttribute("aria-expanded") !== "true";
    var depth = Number(row.dataset.depth);
    var rows = rowsBelow(row);
    if (opening && rows.length === 0) {
      return; // its children are not on the page: the link asks for them
    }
    event.preventDefault();
    rows.forEach(function (below) {
      var child = Number(below.dataset.depth) === depth + 1;
      below.hidden = !(opening && child);
      var inner = below.querySelector("[data-toggle]");
      if (inner) {
        inner.setAttribute("aria-expanded", "false");
      }
    });
    toggle.setAttribute("aria-expanded", opening ? "true" : "false");
  });
})();

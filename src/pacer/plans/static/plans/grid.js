/*
 * The plan grid's expand / collapse.
 *
 * A row with children has a toggle link: htmx fetches its children rows and inserts them after
 * the row (hx-swap="afterend"). Clicking an expanded toggle removes the rows below it (every
 * following row deeper than it) without a request. Without scripts the link reloads the page
 * with the row opened or closed (?open=).
 */
(function () {
  "use strict";

  function isToggle(element) {
    return element && element.classList && element.classList.contains("tree-toggle");
  }

  function collapse(row) {
    var depth = Number(row.dataset.depth);
    var next = row.nextElementSibling;
    while (next && Number(next.dataset.depth) > depth) {
      var after = next.nextElementSibling;
      next.remove();
      next = after;
    }
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var toggle = event.detail.elt;
    if (isToggle(toggle) && toggle.getAttribute("aria-expanded") === "true") {
      event.preventDefault();
      collapse(toggle.closest("tr"));
      toggle.setAttribute("aria-expanded", "false");
    }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var toggle = event.detail.elt;
    if (isToggle(toggle) && event.detail.successful) {
      toggle.setAttribute("aria-expanded", "true");
    }
  });

  // The cell whose math is shown is outlined, so the reader keeps their place in the grid.
  document.addEventListener("htmx:afterRequest", function (event) {
    var link = event.detail.elt;
    if (!link || !link.dataset || !link.dataset.math || !event.detail.successful) {
      return;
    }
    document.querySelectorAll(".cell--selected").forEach(function (cell) {
      cell.classList.remove("cell--selected");
    });
    var cell = link.closest("td");
    if (cell) {
      cell.classList.add("cell--selected");
    }
  });
})();

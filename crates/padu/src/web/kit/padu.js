// Padu's one script, and only an aid: every page works without it (the CSP allows this file
// and nothing inline). A long list to choose from — a <select> or a set of boxes to tick,
// marked with data-filter (the filter box's label) — gets a box that narrows it as one types.
"use strict";
document.querySelectorAll("[data-filter]").forEach(function (list) {
  var box = document.createElement("input");
  box.type = "search";
  box.className = "filter";
  box.setAttribute("aria-label", list.getAttribute("data-filter"));
  box.placeholder = list.getAttribute("data-filter");
  var items = list.tagName === "SELECT"
    ? Array.prototype.slice.call(list.options, 1)
    : Array.prototype.slice.call(list.querySelectorAll(".choices > label"));
  box.addEventListener("input", function () {
    var words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
    items.forEach(function (item) {
      var text = item.textContent.toLowerCase();
      var keep = item.selected || (item.querySelector && item.querySelector("input:checked")) ||
        words.every(function (w) { return text.indexOf(w) >= 0; });
      item.hidden = !keep;
    });
  });
  if (list.tagName === "SELECT") {
    list.parentNode.insertBefore(box, list);
  } else {
    list.insertBefore(box, list.querySelector(".choices"));
  }
});

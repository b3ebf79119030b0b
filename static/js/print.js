// The 打印 button (no inline script: strict CSP). Any element with data-print prints the page; pages that
// show a list (a table in the main content) or a milestone get a button next to their title by themselves.
(function () {
  "use strict";
  function addButton() {
    var main = document.getElementById("main");
    if (!main || main.querySelector("[data-print]")) {
      return;
    }
    var title = main.querySelector("h1");
    var isList = Array.prototype.some.call(main.querySelectorAll("table"), function (table) {
      return !table.closest(".visually-hidden");
    });
    var isMilestone = /\/milestones\/\d+$/.test(window.location.pathname);
    if (!title || !(isList || isMilestone)) {
      return;
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-sm btn-outline-secondary print-button ms-2";
    button.setAttribute("data-print", "");
    button.textContent = "打印";
    var bar = title.parentNode;
    if (bar !== main && window.getComputedStyle(bar).display.indexOf("flex") !== -1) {
      bar.appendChild(button); // a title bar with its own buttons: 打印 joins them
    } else {
      button.classList.add("print-button-float");
      bar.insertBefore(button, title);
    }
  }
  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("[data-print]") : null;
    if (target) {
      event.preventDefault();
      window.print();
    }
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", addButton);
  } else {
    addButton();
  }
})();

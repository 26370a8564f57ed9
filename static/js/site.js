// Small enhancements only: every page works without this file.
(function () {
  "use strict";

  // The header is cached for the whole site, so the current section is marked here.
  var path = window.location.pathname;
  var best = null;
  document.querySelectorAll("[data-nav-path]").forEach(function (link) {
    var navPath = link.getAttribute("data-nav-path");
    if (navPath !== "/" && path.indexOf(navPath) === 0) {
      if (!best || navPath.length > best.getAttribute("data-nav-path").length) best = link;
    }
  });
  if (best) best.setAttribute("aria-current", "page");

  // On narrow screens the menu folds behind a button.
  var toggle = document.querySelector(".site-nav__toggle");
  var list = document.getElementById("site-nav-list");
  if (toggle && list) {
    toggle.hidden = false;
    document.documentElement.classList.add("js-nav");
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", String(!open));
    });
  }
})();

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

  // Forms on cached pages carry no CSRF token (the page is the same for everyone).
  // Fetch one, then show the form in place of its link to the uncached form page.
  var csrfForms = document.querySelectorAll("form[data-csrf]");
  if (csrfForms.length && window.fetch) {
    fetch("/csrf-token/", { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("no token");
        return response.json();
      })
      .then(function (data) {
        csrfForms.forEach(function (form) {
          var input = document.createElement("input");
          input.type = "hidden";
          input.name = "csrfmiddlewaretoken";
          input.value = data.token;
          form.appendChild(input);
          form.hidden = false;
          var container = form.closest("[data-cached-form]") || form.parentNode;
          var fallback = container.querySelector("[data-csrf-fallback]");
          if (fallback) fallback.hidden = true;
        });
      })
      .catch(function () {
        /* The link to the uncached form page stays. */
      });
  }

  // A petition's count: the page may come from the cache, so fetch the latest
  // (itself at most the configured lag behind), and again every half minute.
  document.querySelectorAll("[data-petition-count]").forEach(function (box) {
    if (!window.fetch) return;
    var url = box.getAttribute("data-petition-count");
    var total = box.querySelector("[data-petition-total]");
    var noun = box.querySelector("[data-petition-noun]");
    var bar = box.querySelector("progress");
    function refresh() {
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error("count unavailable");
          return response.json();
        })
        .then(function (data) {
          if (total) total.textContent = Number(data.count).toLocaleString("en-GB");
          if (noun) noun.textContent = data.count === 1 ? "signature" : "signatures";
          if (bar) bar.value = Math.min(data.count, data.goal);
        })
        .catch(function () {
          /* Keep the count the page came with. */
        });
    }
    refresh();
    window.setInterval(refresh, 30000);
  });
})();

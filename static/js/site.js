// Small enhancements only: every page works without this file.
(function () {
  "use strict";
  // Numbers are written as the page's language writes them (12,400 / 12.400).
  var language = document.documentElement.lang || "en-GB";

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
          if (total) total.textContent = Number(data.count).toLocaleString(language);
          // The page says its words in its own language: data-one / data-other.
          if (noun)
            noun.textContent =
              data.count === 1
                ? noun.getAttribute("data-one") || "signature"
                : noun.getAttribute("data-other") || "signatures";
          if (bar) bar.value = Math.min(data.count, data.goal);
        })
        .catch(function () {
          /* Keep the count the page came with. */
        });
    }
    refresh();
    window.setInterval(refresh, 30000);
  });

  // The donate form: Gift Aid's name and address only once Gift Aid is ticked (without
  // this file they stay in view and are checked only when it is), and a button that
  // says what pressing it does ("Donate £10 monthly").
  document.querySelectorAll("form[data-donate-form]").forEach(function (form) {
    var button = form.querySelector("[data-donate-button]");
    var giftAid = form.querySelector('input[name="gift_aid"]');
    var details = form.querySelector("[data-gift-aid-details]");
    var other = form.querySelector('input[name="other_amount"]');
    var symbol = form.getAttribute("data-currency-symbol") || "";
    var minimum = parseFloat(form.getAttribute("data-minimum"));
    var maximum = parseFloat(form.getAttribute("data-maximum"));

    function chosen(name) {
      var input = form.querySelector('input[name="' + name + '"]:checked');
      return input ? input.value : "";
    }
    // As donations/money.py reads an amount: digits, at most two decimal places.
    function amount() {
      var text = chosen("amount");
      if (text === "other") text = other ? other.value : "";
      text = text.split(symbol).join("").trim();
      // As the server reads it: a comma before one or two last digits is a decimal
      // comma ("12,50", "1.000,50"); any other comma groups thousands ("1,000").
      if (/\d,\d{1,2}$/.test(text)) text = text.replace(/\./g, "").replace(",", ".");
      else text = text.replace(/,/g, "");
      if (!/^(\d{1,9}(\.\d{1,2})?|\.\d{1,2})$/.test(text)) return null;
      var value = parseFloat(text);
      return value >= minimum && value <= maximum ? value : null;
    }
    function money(value) {
      var whole = Math.round(value * 100) % 100 === 0;
      return symbol + value.toLocaleString(language, {
        minimumFractionDigits: whole ? 0 : 2,
        maximumFractionDigits: whole ? 0 : 2,
      });
    }
    function update() {
      if (details && giftAid) details.hidden = !giftAid.checked;
      if (button) {
        var value = amount();
        var monthly = chosen("frequency") === "monthly";
        // The words come from the page, in its language, with {amount} to fill in.
        var words =
          value === null
            ? button.getAttribute("data-label") || "Donate"
            : monthly
              ? button.getAttribute("data-label-monthly") || "Donate {amount} monthly"
              : button.getAttribute("data-label-once") || "Donate {amount}";
        button.textContent = words.replace("{amount}", value === null ? "" : money(value));
      }
    }
    if (giftAid && details) giftAid.setAttribute("aria-controls", details.id);
    if (other) {
      // Typing your own amount chooses "Other amount".
      other.addEventListener("input", function () {
        var radio = form.querySelector('input[name="amount"][value="other"]');
        if (radio && other.value.trim()) radio.checked = true;
      });
    }
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    update();
  });
})();

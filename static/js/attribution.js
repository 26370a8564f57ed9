// First touch (core/attribution.py): the campaign tags and referral code of the address
// this tab first arrived on, kept in this tab only (sessionStorage, no cookie), and put
// in the hidden inputs of any form that records them. Cached pages never hold them.
(function () {
  "use strict";
  var KEY = "attribution";
  var NAMES = { utm_source: "utm_source", utm_medium: "utm_medium", utm_campaign: "utm_campaign", referral_code: "ref" };
  var stored = null;
  try {
    stored = JSON.parse(window.sessionStorage.getItem(KEY) || "null");
  } catch (error) {
    stored = null;
  }
  if (!stored) {
    var params = new URLSearchParams(window.location.search);
    var found = {};
    var any = false;
    Object.keys(NAMES).forEach(function (field) {
      var value = (params.get(NAMES[field]) || "").slice(0, 100);
      if (value) any = true;
      found[field] = value;
    });
    if (any) {
      stored = found;
      try {
        window.sessionStorage.setItem(KEY, JSON.stringify(found));
      } catch (error) {
        /* Storage refused: this page's forms still get the values below. */
      }
    }
  }
  if (!stored) return;
  document.querySelectorAll("input[data-attribution]").forEach(function (input) {
    var value = stored[input.getAttribute("data-attribution")];
    if (value) input.value = value;
  });
})();

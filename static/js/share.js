// The share step (templates/components/share.html): every link works without this
// file; it adds a copy button and, where the browser has one, its own share sheet.
(function () {
  "use strict";
  document.querySelectorAll("[data-share]").forEach(function (box) {
    var url = box.getAttribute("data-share-url");
    var native = box.querySelector("[data-share-native]");
    if (native && navigator.share) {
      native.hidden = false;
      native.addEventListener("click", function () {
        navigator
          .share({
            title: box.getAttribute("data-share-title"),
            text: box.getAttribute("data-share-text"),
            url: url,
          })
          .catch(function () {
            /* Cancelled: the links below are still there. */
          });
      });
    }
    var copy = box.querySelector("[data-share-copy]");
    var source = box.querySelector("[data-share-copy-source]");
    var said = box.querySelector("[data-share-copied]");
    if (copy && source) {
      copy.hidden = false;
      copy.addEventListener("click", function () {
        function done() {
          if (said) said.textContent = said.getAttribute("data-copied-text") || "Link copied.";
        }
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(source.value).then(done, function () {
            source.select();
            if (said)
              said.textContent =
                said.getAttribute("data-copy-by-hand-text") ||
                "Press Ctrl+C (or ⌘C) to copy the selected link.";
          });
        } else {
          source.select();
          if (document.execCommand && document.execCommand("copy")) done();
        }
      });
    }
  });
})();

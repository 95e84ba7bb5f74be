/* Topic pages' quotes (the page model's Quote, written by scripts/briefing/page_html.py).
   A quote's copy button copies the quote, its citation and the address of the quoted paragraph: the
   page holds that address relative (a local build has no address of its own), and here it is made
   absolute, as the reader reaches the site, before Material's clipboard script reads it on a click. */
"use strict";

(function () {
  function absolute(href) {
    return new URL(href, document.baseURI).href;
  }

  function copyButtons() {
    document.querySelectorAll("button.quote-copy[data-href]").forEach(function (button) {
      var text = button.getAttribute("data-clipboard-text");
      button.setAttribute("data-clipboard-text", text + ", " + absolute(button.getAttribute("data-href")));
      button.removeAttribute("data-href");  // done once, even if this runs again
    });
  }

  function ready() {
    copyButtons();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();

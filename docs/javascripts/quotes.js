/* Quotes (the page model's Quote and Link.mark, written by scripts/briefing/page_html.py).
   1. A quote's copy button copies the quote's words, a line break, "— ", its citation, ", " and the
      address of the quoted paragraph. The page holds the words once, in the quote the button names
      (data-clipboard-target), and the address relative (a local build has no address of its own): the
      text is composed when the reader clicks (or presses Enter or Space, which click a button), in
      the capture phase, so before Material's clipboard script, which listens on the body as the
      click bubbles, reads data-clipboard-text. A big topic page has thousands of buttons; none costs
      anything until it is used.
   2. Arriving from a quote: a link to a paragraph with "?mark=<words>" (the whole passage, or its
      first and last words, comma-separated, each percent-encoded) marks the quoted sentences in the
      paragraph the address points at, and scrolls them into view. A text fragment (#p-2:~:text=…)
      would only be drawn by the browser, differently in each, and is stripped from the address a
      script sees; this works the same in every browser that runs scripts. */
"use strict";

(function () {
  // White space as Python's str.split() knows it (the site's text was cut with it; JavaScript's \s
  // differs: it takes U+FEFF and leaves out U+001C-U+001F and U+0085).
  var SPACES = /[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;

  // The quote's words as a reader pastes them: its notes' markers left out (a pasted quote has no
  // notes to point at), each run of white space one space, none at either end.
  function quoteWords(quote) {
    var words = quote.cloneNode(true);
    words.querySelectorAll("sup.quote-fnref").forEach(function (marker) {
      marker.remove();
    });
    return words.textContent.replace(SPACES, " ").replace(/^ | $/g, "");
  }

  function composeCopy(event) {
    var button = event.target instanceof Element && event.target.closest("button.quote-copy");
    if (!button) return;
    var quote = document.getElementById(button.getAttribute("data-clipboard-target").slice(1));
    if (!quote) return; // not a page this script's writer made: nothing to compose
    var address = new URL(button.getAttribute("data-href"), document.baseURI).href;
    button.setAttribute("data-clipboard-text",
      quoteWords(quote) + "\n— " + button.getAttribute("data-citation") + ", " + address);
  }

  function markParts() {
    var found = /[?&]mark=([^&#]*)/.exec(location.search);
    if (!found || !found[1]) return null;
    try {
      return found[1].split(",").map(function (part) {
        return decodeURIComponent(part.replace(/\+/g, " ")).replace(/\s+/g, " ").trim();
      });
    } catch (error) {
      return null; // not percent-encoding this page wrote
    }
  }

  // The element's text with each run of white space as one space, and where each character came from.
  function flatten(element) {
    var walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    var text = "", at = [], node;
    while ((node = walker.nextNode())) {
      for (var i = 0; i < node.data.length; i++) {
        var c = node.data[i];
        if (/\s/.test(c)) {
          if (text.length === 0 || text[text.length - 1] === " ") continue;
          c = " ";
        }
        text += c;
        at.push([node, i]);
      }
    }
    return { text: text, at: at };
  }

  // Wraps the characters from..to (inclusive, positions in flatten's text) in <mark>s, one per text node.
  function wrap(flat, from, to) {
    var pieces = [];
    for (var k = from; k <= to; k++) {
      var node = flat.at[k][0], offset = flat.at[k][1], last = pieces[pieces.length - 1];
      if (last && last.node === node) last.end = offset + 1;
      else pieces.push({ node: node, start: offset, end: offset + 1 });
    }
    return pieces.map(function (piece) {
      var range = document.createRange();
      range.setStart(piece.node, piece.start);
      range.setEnd(piece.node, piece.end);
      var mark = document.createElement("mark");
      mark.className = "quote-mark";
      range.surroundContents(mark);
      return mark;
    });
  }

  function markQuote() {
    var parts = markParts();
    if (!parts || !location.hash) return null;
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!target) return null;
    var flat = flatten(target);
    var start = flat.text.indexOf(parts[0]);
    if (start < 0) return null;
    var end = start + parts[0].length - 1;
    if (parts.length > 1) {
      var last = parts[parts.length - 1], at = flat.text.indexOf(last, end + 1);
      if (at < 0) return null;
      end = at + last.length - 1;
    }
    return wrap(flat, start, end);
  }

  document.addEventListener("click", composeCopy, true);

  function ready() {
    var marks = markQuote();
    if (marks && marks.length) {
      var show = function () {
        marks[0].scrollIntoView({ block: "center" });
      };
      // After the browser's own scroll to the paragraph, which may come when the page has loaded.
      if (document.readyState === "complete") show();
      else window.addEventListener("load", show);
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();

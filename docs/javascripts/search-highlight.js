/* After a search result is opened, Material marks the query's words on the page (search.highlight,
   the "?h=" of the result's address), matching them as typed: "vucic" marks "Vucic" but not "Vučić".
   Search itself ignores accents (search-fold.js), so the marking does too: here every word of the page
   that starts with a query word, accents and case aside, is marked the way Material marks, unless
   Material has marked it already. FOLD_EXTRA and the folding are those of search-fold.js (kept the
   same: tests/test_search_highlight.py). */
"use strict";

(function () {
  var FOLD_EXTRA = { "đ": "d", "ð": "d", "ł": "l", "ø": "o", "ı": "i", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th" };

  function foldChar(c) {
    return c
      .toLowerCase()
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[đðłøıßæœþ]/g, function (x) { return FOLD_EXTRA[x]; });
  }

  // The text folded, and for each of its characters the position in the original it came from.
  function fold(text) {
    var out = "", from = [];
    for (var i = 0; i < text.length; i++) {
      var f = foldChar(text[i]);
      for (var k = 0; k < f.length; k++) {
        out += f[k];
        from.push(i);
      }
    }
    from.push(text.length);
    return { text: out, from: from };
  }

  function queryWords() {
    var found = /[?&]h=([^&#]*)/.exec(location.search);
    if (!found) return [];
    var query;
    try {
      query = decodeURIComponent(found[1].replace(/\+/g, " "));
    } catch (error) {
      return [];
    }
    return query.split(/[\s*+:~^]+/).map(function (w) { return fold(w).text; }).filter(function (w) { return w.length > 0; });
  }

  function escapeRegExp(s) {
    return s.replace(/[|\\{}()[\]^$+*?.-]/g, "\\$&");
  }

  function mark(root, words) {
    // A word starts at the start of the text or after a character that is not a letter or digit.
    var pattern = new RegExp("(^|[^\\p{L}\\p{N}])(" + words.map(escapeRegExp).join("|") + ")", "gu");
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var nodes = [], node;
    while ((node = walker.nextNode())) {
      var parent = node.parentElement;
      if (parent && parent.offsetHeight && !parent.closest("mark, script, style, button")) nodes.push(node);
    }
    var added = 0;
    nodes.forEach(function (node) {
      var folded = fold(node.data), ranges = [], m;
      pattern.lastIndex = 0;
      while ((m = pattern.exec(folded.text))) {
        var start = m.index + m[1].length, end = start + m[2].length;
        ranges.push([folded.from[start], folded.from[end]]);
        if (m[0].length === 0) pattern.lastIndex++;
      }
      for (var r = ranges.length - 1; r >= 0; r--) { // from the end, so earlier offsets still hold
        var range = document.createRange();
        range.setStart(node, ranges[r][0]);
        range.setEnd(node, ranges[r][1]);
        var element = document.createElement("mark");
        element.setAttribute("data-md-highlight", "");
        range.surroundContents(element);
        added++;
      }
    });
    return added;
  }

  function ready() {
    var words = queryWords();
    var root = document.querySelector(".md-content article") || document.querySelector(".md-content");
    if (words.length && root) mark(root, words);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();

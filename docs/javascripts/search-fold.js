/* The site's search worker: Material's own worker, loaded unchanged, with two things it has no
   setting for (overrides/main.html points the theme here, and passes Material's worker as ?material=).
   1. Accents: "Vucic" finds "Vučić" and the reverse. Every indexed word and every query word is
      compared with its accents taken off; the index keeps each word's place in the original text, so
      results still show and highlight "Vučić" as written.
   2. Query words split like indexed words: lunr splits a query at the separator it was loaded with
      ([\s\-]+), not at the `separator` set in mkdocs.yml, so "S-400" would be searched as "S" and "400". */
"use strict";

var FOLDED = { "đ": "d", "ð": "d", "ł": "l", "ø": "o", "ı": "i", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th" };

function fold(text) {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đðłøıßæœþ]/g, function (c) { return FOLDED[c]; });
}

// Before Material's handler: a query ({type: 2, data: "..."}) arrives with its accents off.
self.addEventListener("message", function (event) {
  if (event.data && event.data.type === 2 && typeof event.data.data === "string") {
    event.data.data = fold(event.data.data);
  }
});

importScripts(new URL(self.location.href).searchParams.get("material"));

(function (lunr) {
  function foldToken(token) {
    return token.update(fold);
  }
  lunr.Pipeline.registerFunction(foldToken, "briefingFold");
  // Material builds its index with lunr.Builder; every word passes the pipeline as it is added.
  var add = lunr.Builder.prototype.add;
  lunr.Builder.prototype.add = function (doc, attributes) {
    if (this.pipeline._stack.indexOf(foldToken) < 0) {
      this.pipeline._stack.unshift(foldToken);
      this.searchPipeline._stack.unshift(foldToken);
    }
    return add.call(this, doc, attributes);
  };
  // Material sets lunr.tokenizer.separator from mkdocs.yml; the query lexer keeps lunr's default.
  var separator = lunr.tokenizer.separator;
  Object.defineProperty(lunr.tokenizer, "separator", {
    configurable: true,
    get: function () { return separator; },
    set: function (value) { separator = value; lunr.QueryLexer.termSeparator = value; },
  });
})(self.lunr);

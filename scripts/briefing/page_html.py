"""Write the page model (page.py) as the HTML the site's theme gets; every text is escaped here.

Written with f-strings rather than a template per node: a topic page holds thousands of nodes, and a
template call costs several times a string join (see render.py). Print-only content ("print",
"pages") is left out.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache
from urllib.parse import quote

from markupsafe import escape

from .page import (
    Anchor, BackRef, Block, Box, Break, BulletList, Code, CodeBlock, Copy, CopyButton, Tabs, Em, Facts, Filter, Footnotes, FootnoteRef, Group,
    Heading, Inline, Item, Link, NoteMark, Numbered, NumberedList, Only, Table, PageRef, Para, Prose, Quote, Rule, Sign, Span, Strong, Sub, Sup, Time,
    Url,
)


def escape_text(text: str) -> str:
    """``text`` escaped for HTML (``& < > ' "``), as a plain string for the format strings below.

    A hand-written chain of str.replace did this once, about 0.2 s of CPU faster per 1,000-source
    build (writing every page: 1.09 against 1.31 s, best of four): under 2% of the site build, less
    than the 5% a micro-optimisation must be worth to stay (issue 20), so markupsafe does it."""
    return str(escape(text))


# A paragraph's style as the site's stylesheet names it.
_CHECKED = ' checked="checked"'
_PARA_CLASS = {"byline": "topic-source-byline", "title": "admonition-title"}
# Paragraphs that are navigation rather than text (a quoted paragraph's links back to the topics):
# left out of the search index (Material's data-search-exclude), so "Kosovo" finds what is said.
_NOT_INDEXED = frozenset({"para-quoted-on"})
# A table column's alignment as a cell's attribute.
_ALIGN = {None: "", "right": ' style="text-align: right;"'}


def href(here: str, uri: str, frag: str | None = None, mark: tuple[str, ...] = ()) -> str:
    """``uri#frag`` as a link from the page ``here`` (both as MkDocs names pages), escaped for an
    attribute; words to mark there go in ``?mark=``, each part percent-encoded (a comma too), the
    parts joined by commas, for docs/javascripts/quotes.js on the page linked to. ``uri`` "": this page."""
    if not uri:
        return escape_text("#" + (frag or ""))
    folder, _, name = uri.rpartition("/")
    rel = _relative(here.rpartition("/")[0], folder) + name
    if mark:
        rel += "?mark=" + ",".join(quote(part, safe="") for part in mark)
    return escape_text(rel + ("#" + frag if frag else ""))


@lru_cache(maxsize=256)  # a site has few folders; posixpath.relpath was half of writing a topic page
def _relative(here: str, folder: str) -> str:
    """The way from the folder ``here`` to ``folder`` ('' for the site's root), ending in '/' or empty."""
    if here == folder:
        return ""
    way = posixpath.relpath(folder or ".", here or ".")
    return "" if way == "." else way + "/"


def inlines(xs: tuple[Inline, ...], here: str) -> str:
    if len(xs) == 1:  # one run of text (most paragraphs, headings, list items): no list to join
        t = type(xs[0])
        if t is Prose:
            return escape_text(xs[0].s)
        if t is str:
            return escape_text(xs[0])
    out = []
    for x in xs:
        t = type(x)  # the commonest kinds first: this runs for every piece of every generated page
        if t is str:
            out.append(escape_text(x))
        elif t is Prose:
            out.append(escape_text(x.s))
        elif t is Link:
            out.append(f'<a href="{href(here, x.uri, x.frag, x.mark)}">{inlines(x.c, here)}</a>')
        elif t is Only:
            if x.medium == "web":
                out.append(inlines(x.c, here))
        elif t is NoteMark:
            n = escape_text(x.number)
            out.append(f'<sup id="{escape_text(x.id)}"><a class="footnote-ref" href="#fn:{n}">{n}</a></sup>')
        elif t is FootnoteRef:
            n = escape_text(x.number)
            if x.here:  # the note is on this page: Material shows it in a tooltip (content.footnote.tooltips)
                out.append(f'<sup class="quote-fnref"><a class="footnote-ref" href="#{escape_text(x.here)}">{n}</a></sup>')
            else:
                out.append(f'<sup class="quote-fnref"><a href="{href(here, x.uri, "fn:" + x.number)}">{n}</a></sup>')
        elif t is Url:
            cls = f' class="{escape_text(x.style)}"' if x.style else ""
            rel = f' rel="{escape_text(x.rel)}"' if x.rel else ""
            out.append(f'<a{cls} href="{escape_text(x.href)}"{rel}>{inlines(x.c, here)}</a>')
        elif t is Em:
            out.append(f"<em>{inlines(x.c, here)}</em>")
        elif t is Strong:
            out.append(f"<strong>{inlines(x.c, here)}</strong>")
        elif t is Code:
            cls = f' class="{escape_text(x.style)}"' if x.style else ""
            out.append(f"<code{cls}>{escape_text(x.s)}</code>")
        elif t is Time:  # a decade or a span (no ISO form) is words only
            words = inlines(x.c, here)
            out.append(f'<time datetime="{escape_text(x.iso)}">{words}</time>' if x.iso else words)
        elif t is Span:
            a = f' id="{escape_text(x.anchor)}"' if x.anchor else ""
            out.append(f'<span class="{escape_text(x.style)}"{a}>{inlines(x.c, here)}</span>')
        elif t is Sign:  # the sign hidden from screen readers, the words they say hidden from sight
            out.append(
                f'<span class="{escape_text(x.style)}" title="{escape_text(x.title)}"><span aria-hidden="true">{escape_text(x.shown)}</span>'
                f'<span class="visually-hidden">{escape_text(x.said)}</span></span>'
            )
        elif t is CopyButton:  # Material's clipboard script serves it, as it does a code block's
            out.append(
                f'<button class="md-clipboard md-icon" type="button" title="{escape_text(x.title)}" '
                f'data-clipboard-target="#{escape_text(x.target)}"></button>'
            )
        elif t is BackRef:
            out.append(f'<a class="footnote-backref" href="#{escape_text(x.id)}" title="Back to the text">&#8617;&#xFE0E;</a>')
        elif t is PageRef:
            pass  # a page number exists only in print
        elif t is Sup:
            out.append(f"<sup>{inlines(x.c, here)}</sup>")
        elif t is Sub:
            out.append(f"<sub>{inlines(x.c, here)}</sub>")
        elif t is Break:
            out.append("<br>")
        elif t is Anchor:
            out.append(f'<span id="{escape_text(x.id)}"></span>')
        else:
            raise TypeError(f"not an inline of the page model: {x!r}")
    return "".join(out)


def block(b: Block, here: str) -> str:
    t = type(b)
    if t is Numbered:  # the commonest block: every paragraph of every source page
        n = b.n
        return (
            f'<p class="para" id="p-{n}">{inlines(b.c, here)} <a class="para-link" href="#p-{n}" data-n="{n}" '
            f'title="Link to paragraph {n}" aria-label="Link to paragraph {n}">¶</a></p>\n'
        )
    if t is Para:
        cls = _PARA_CLASS.get(b.style, b.style) if b.style else None
        attrs = (f' class="{cls}"' if cls else "") + (f' id="{escape_text(b.anchor)}"' if b.anchor else "")
        if b.style in _NOT_INDEXED:
            attrs += " data-search-exclude"
        return f"<p{attrs}>{inlines(b.c, here)}</p>\n"
    if t is Quote and not b.by:  # a quotation a hand-written page sets off, without attribution
        return f"<blockquote{_id(b.anchor)}>\n{blocks(b.c, here)}</blockquote>\n"
    if t is Quote:
        # The quote's anchor sits on its words, so a link to it lands on the passage, not the attribution.
        body = "".join(
            f'<p class="topic-quote" id="{escape_text(b.anchor)}">{inlines(p.c, here)}</p>\n'
            if k == 0 and b.anchor and isinstance(p, Para) else block(p, here)
            for k, p in enumerate(b.c)
        )
        notes = "".join(
            f'<li id="{escape_text(f.anchor or "")}" value="{escape_text(f.number)}"><p>{inlines(f.c, here)}</p></li>\n' for f in b.notes
        )
        return (
            f'<blockquote>\n{body}</blockquote>\n<p class="quote-attribution">— {inlines(b.by, here)}{_quote_tools(b, here)}</p>\n'
            + (f'<ol class="quote-notes" data-search-exclude>\n{notes}</ol>\n' if notes else "")
        )
    if t is Heading:
        words = inlines(b.c, here)
        cls = f' class="{escape_text(b.style)}"' if b.style else ""
        if not b.anchor:
            return f"<h{b.level}{cls}>{words}</h{b.level}>\n"
        a = escape_text(b.anchor)
        return f'<h{b.level}{cls} id="{a}">{words}<a class="headerlink" href="#{a}" title="Permanent link">&para;</a></h{b.level}>\n'
    if t is Facts:
        # A byline of labelled facts, each a span the stylesheet sets on its own line.
        rows = "".join(
            f'<span class="byline-{escape_text(f.style)}"><span class="byline-label">{escape_text(f.label)}</span> '
            f"{inlines(f.c, here)}</span>\n" for f in b.items
        )
        return f'<p class="byline">\n{rows}</p>\n'
    if t is Footnotes:
        items = "".join(
            f'<li id="fn:{escape_text(f.number)}" value="{escape_text(f.number)}"><p>{inlines(f.c, here)}</p></li>\n' for f in b.items
        )
        return f'<div class="footnote">\n<ol>\n{items}</ol>\n</div>\n'
    if t is CodeBlock:
        attrs = (f' class="{escape_text(b.style)}"' if b.style else "") + (f' id="{escape_text(b.anchor)}"' if b.anchor else "")
        return f"<pre{attrs}><code>{escape_text(b.s)}</code></pre>\n"
    if t is Copy:
        # Material's clipboard script serves the button, as it does a code block's.
        inner = block(b.c, here).rstrip("\n")
        return (
            f'<div class="citation-block">{inner}\n<button class="md-clipboard md-icon" type="button" '
            f'title="Copy {escape_text(b.what)}" data-clipboard-target="#{escape_text(b.c.anchor or "")}"></button></div>\n'
        )
    if t is Table:
        # The columns of one other medium (a printed page number) are left out; a hand-written table's
        # row may hold more cells than it has headings, or fewer.
        web = [c.medium is None or c.medium == "web" for c in b.columns]
        align = [_ALIGN[c.align] for c in b.columns]

        def cells(row: tuple[tuple[Inline, ...], ...]) -> str:
            return "".join(
                f"<td{align[k] if k < len(align) else ''}>{inlines(c, here)}</td>\n" for k, c in enumerate(row) if k >= len(web) or web[k]
            )

        rows = "".join(f"<tr>\n{cells(row)}</tr>\n" for row in b.rows)
        if not b.columns:  # a hand-written table without a header row
            return f"<table{_id(b.anchor)}>\n<tbody>\n{rows}</tbody>\n</table>\n"
        head = "".join(f"<th{align[k]}>{inlines(c.head, here)}</th>\n" for k, c in enumerate(b.columns) if web[k])
        return f"<table{_id(b.anchor)}>\n<thead>\n<tr>\n{head}</tr>\n</thead>\n<tbody>\n{rows}</tbody>\n</table>\n"
    if t is Only:
        return blocks(b.c, here) if b.medium == "web" else ""
    if t is Tabs:
        # Material's linked content tabs (content.tabs.link), as pymdownx.tabbed writes them.
        g, n = escape_text(b.group), len(b.tabs)
        inputs = "".join(
            f'<input{_CHECKED if k == 1 else ""} id="__tabbed_{g}_{k}" name="__tabbed_{g}" type="radio">\n'
            for k in range(1, n + 1)
        )
        labels = "".join(f'<label for="__tabbed_{g}_{k}">{escape_text(t.label)}</label>' for k, t in enumerate(b.tabs, 1))
        content = "".join(f'<div class="tabbed-block">\n{blocks(t.c, here)}</div>\n' for t in b.tabs)
        return (
            f'<div class="tabbed-set tabbed-alternate {escape_text(b.style)}" data-tabs="{g}:{n}">\n{inputs}'
            f'<div class="tabbed-labels">{labels}</div>\n<div class="tabbed-content">\n{content}</div>\n</div>\n'
        )
    if t is Group:
        return f'<div class="{escape_text(b.style)}">\n{blocks(b.c, here)}</div>\n'
    if t is Box:
        style = f" {escape_text(b.style)}" if b.style else ""
        title = f'<p class="admonition-title">{inlines(b.title, here)}</p>\n' if b.title is not None else ""
        return f'<div class="admonition {escape_text(b.kind)}{style}"{_id(b.anchor)}>\n{title}{blocks(b.c, here)}</div>\n'
    if t is BulletList or t is NumberedList:
        tag = "ul" if t is BulletList else "ol"
        cls = f' class="{escape_text(b.style)}"' if b.style else ""
        start = f' start="{b.start}"' if t is NumberedList and b.start != 1 else ""
        return f"<{tag}{cls}{start}{_id(b.anchor)}>\n" + "".join(_li(i, here) for i in b.items) + f"</{tag}>\n"
    if t is Rule:
        return f"<hr{_id(b.anchor)}>\n"
    if t is Anchor:  # a place between blocks that links land on
        return f'<div id="{escape_text(b.id)}"></div>\n'
    if t is Filter:
        return _filter(b)
    raise TypeError(f"not a block of the page model: {b!r}")


def _filter(b: Filter) -> str:
    """A filter as a form the site's script shows (hidden until it runs, "no-pdf": the print the
    browser makes leaves it out), out of the search index: its words are no content of the page."""
    i, shown = escape_text(b.id), escape_text(b.shown)
    options = "".join(f'<option value="{escape_text(c.value)}">{escape_text(c.label)}</option>\n' for c in b.choices)
    return (
        f'<form class="{escape_text(b.style)} no-pdf" data-search-exclude hidden>\n<label for="{i}">{escape_text(b.label)}</label>\n'
        f'<select id="{i}">\n{options}</select>\n<output id="{shown}" for="{i}" aria-live="polite"></output>\n</form>\n'
    )


def _quote_tools(b: Quote, here: str) -> str:
    """A quote's permalink and copy button, after its attribution; left out of the search index.

    The button holds only what the page does not: it names the quote's words (``data-clipboard-target``,
    the quote's anchor), its ``data-citation`` and ``data-href``, the paragraph's address (resolved like
    a link's href). docs/javascripts/quotes.js composes the copied text from them when the reader
    clicks, into ``data-clipboard-text``, which Material's clipboard script then copies; the words are
    not written a second time (a fifth of a big topic page's HTML when they were)."""
    out = []
    if b.anchor:
        a = escape_text(b.anchor)
        out.append(f' · <a class="quote-permalink" href="#{a}" title="Permanent link to this quote">permalink</a>')
        if b.copy:
            out.append(
                f'<button class="md-clipboard md-icon quote-copy" type="button" title="Copy the quote with its citation" '
                f'data-clipboard-target="#{a}" data-href="{href(here, b.copy.uri, b.copy.frag)}" '
                f'data-citation="{escape_text(b.copy.citation)}"></button>'
            )
    return f'<span class="quote-tools" data-search-exclude>{"".join(out)}</span>' if out else ""


def _id(anchor: str | None) -> str:
    return f' id="{escape_text(anchor)}"' if anchor else ""


def _li(i: Item, here: str) -> str:
    if i.anchor is None and i.style is None and not i.tags and i.number is None:
        return f"<li>{_item(i.blocks, here)}</li>\n"
    attrs = (
        (f' class="{escape_text(i.style)}"' if i.style else "") + _id(i.anchor)
        + (f' data-topics="{escape_text(" ".join(i.tags))}"' if i.tags else "")
        + (f' value="{i.number}"' if i.number is not None else "")
    )
    return f"<li{attrs}>{_item(i.blocks, here)}</li>\n"


def _item(bs: tuple[Block, ...], here: str) -> str:
    # An item of one paragraph is written as its words, as Markdown writes a tight list.
    if len(bs) == 1 and isinstance(bs[0], Para) and not bs[0].style and not bs[0].anchor:
        return inlines(bs[0].c, here)
    return blocks(bs, here)


def blocks(bs: tuple[Block, ...], here: str) -> str:
    """The HTML of ``bs`` on the page ``here`` (e.g. ``topics/kosovo.md``), which links are relative to."""
    return "".join(block(b, here) for b in bs)

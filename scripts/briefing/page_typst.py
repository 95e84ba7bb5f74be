"""Write the page model (page.py) as the book's print data: the JSON-ready dicts briefing.typ prints.

Links to the site's pages become ``ref`` nodes, which the book resolves to its own labels once every
page is in (pdf.py's _resolve); an anchor becomes the label ``<page uri>#<id>``, registered with the
book so links to it land. Web-only content is left out, and so is content that names a printed page
when the book does not hold that page (``pages=False``: a topic's own PDF).

Every page of the book is written here from the model: the hand-written ones too (pdf_markup.py makes
their model), and what only the book prints (book_pages.py). pdf_book.py adds the page frame around
the blocks (title, running head) and resolves the ``ref`` nodes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .page import (
    Anchor, BackRef, Block, Box, Break, BulletList, Code, CodeBlock, Copy, CopyButton, Tabs, Em, Facts, Filter, Footnote, Footnotes, FootnoteRef,
    Group, Heading, Inline, Item, Link, NoteMark, Numbered, NumberedList, Only, Table, PageRef, Para, Prose, Quote, Rule, Sign, Span, Strong,
    Sub, Sup, Time, Url, linked,
)

# The print data: JSON-ready dicts (templates/briefing.typ says how each prints). Text is always a
# plain string: Typst prints strings as they are, so source text never becomes markup.
PrintBlock = dict[str, Any]
PrintInline = str | dict[str, Any]

# A paragraph's style as briefing.typ names it.
_PARA_STYLE = {"byline": "meta", "standfirst": "standfirst", "topic-description": "standfirst", "para-quoted-on": "backlinks"}
# briefing.typ styles five levels of heading; a deeper one prints as the fifth.
_DEEPEST = 5


def prose(s: str) -> list[PrintInline]:
    """Prose ``s`` as print data: its web addresses are links that print as themselves."""
    return [x if type(x) is str else {"t": "url", "href": x.href, "c": [x.href], "show": False} for x in linked(s)]


class Writer:
    """Writes the blocks of the page ``uri``; ``anchor(uri, id)`` gives (and records) a label,
    ``level`` is added to every heading's (the book nests a page's sections under its own heading)."""

    def __init__(self, uri: str, anchor: Callable[[str, str], str], *, level: int = 0, pages: bool = True) -> None:
        self.uri = uri
        self.anchor = anchor
        self.level = level
        self.pages = pages

    def _prints(self, medium: str) -> bool:
        """Whether content of ``medium`` (page.Only's) is in this book: "print", and "pages" where
        the book holds the pages it names."""
        return medium == "print" or medium == "pages" and self.pages

    def inlines(self, xs: tuple[Inline, ...]) -> list[Any]:
        if len(xs) == 1 and type(xs[0]) is str:  # one plain word or phrase (a table cell, a label)
            return [xs[0]]
        out: list[Any] = []
        for x in xs:
            t = type(x)  # the commonest kinds first, compared by type: this runs for every piece of the book
            if t is str:
                out.append(x)
            elif t is Prose:
                out += prose(x.s)
            elif t is Link:
                out.append({"t": "ref", "uri": x.uri or self.uri, "frag": x.frag, "c": self.inlines(x.c)})
            elif t is Only:
                if self._prints(x.medium):
                    out += self.inlines(x.c)
            elif t is NoteMark:  # the marker is a place the note links back to
                out.append({"t": "anchor", "anchor": self.anchor(self.uri, x.id)})
                out.append({"t": "sup", "c": [{"t": "link", "to": f"{self.uri}#fn:{x.number}", "c": [x.number]}]})
            elif t is FootnoteRef:
                if x.here:  # to the note printed after the quote
                    out.append({"t": "sup", "c": [{"t": "link", "to": f"{self.uri}#{x.here}", "c": [x.number]}]})
                else:
                    out.append({"t": "sup", "c": [{"t": "ref", "uri": x.uri, "frag": f"fn:{x.number}", "c": [x.number]}]})
            elif t is Em:
                out.append({"t": "em", "c": self.inlines(x.c)})
            elif t is Url:
                out.append({"t": "url", "href": x.href, "c": self.inlines(x.c), "show": x.print_href})
            elif t is PageRef:
                out.append({"t": "pageref", "to": x.to})
            elif t is BackRef:
                out.append({"t": "link", "to": f"{self.uri}#{x.id}", "c": ["↩"], "back": True})
            elif t is Strong:
                out.append({"t": "strong", "c": self.inlines(x.c)})
            elif t is Code:
                out.append({"t": "code", "s": x.s})
            elif t is Time:
                out += self.inlines(x.c)
            elif t is Span:  # print sets no span apart: its words join the text around it
                words = self.inlines(x.c)
                if words and out and isinstance(out[-1], str) and isinstance(words[0], str):
                    out[-1] += words.pop(0)
                out += words
            elif t is Sign:
                out.append(x.shown)
            elif t is CopyButton:  # paper has no copy button
                pass
            elif t is Sup:
                out.append({"t": "sup", "c": self.inlines(x.c)})
            elif t is Sub:
                out.append({"t": "sub", "c": self.inlines(x.c)})
            elif t is Break:
                out.append({"t": "br"})
            elif t is Anchor:
                out.append({"t": "anchor", "anchor": self.anchor(self.uri, x.id)})
            elif isinstance(x, str):  # a str of another kind (Markup)
                out.append(str(x))
            else:
                raise TypeError(f"not an inline of the page model: {x!r}")
        return out

    def block(self, b: Block) -> dict[str, Any]:
        if type(b) is Numbered:  # the number prints in the margin
            return {"t": "par", "n": b.n, "anchor": self.anchor(self.uri, f"p-{b.n}"), "c": self.inlines(b.c)}
        if isinstance(b, Para):
            if b.style == "title":  # a title inside a box prints bold, on the page of what it names
                out: dict[str, Any] = {"t": "par", "c": [{"t": "strong", "c": self.inlines(b.c)}], "style": "label"}
            else:
                out = {"t": "par", "c": self.inlines(b.c)}
                if b.style in _PARA_STYLE:
                    out["style"] = _PARA_STYLE[b.style]
        elif isinstance(b, Heading):
            out = {"t": "heading", "level": min(b.level + self.level, _DEEPEST), "c": self.inlines(b.c)}
        elif isinstance(b, Quote):  # a quote without attribution (a hand-written page's) prints no "—"
            out = {"t": "quote", "by": self.inlines(b.by) if b.by else None, "c": self.blocks(b.c)}
        elif isinstance(b, BulletList):
            out = {"t": "list", "ordered": False, "start": 1, "items": [self._item(i) for i in b.items]}
        elif isinstance(b, NumberedList):
            out = {"t": "list", "ordered": True, "start": b.start, "items": [self._item(i) for i in b.items]}
        elif isinstance(b, Footnotes):
            return self._notes(b.items)
        elif isinstance(b, CodeBlock):  # its anchor is what the site's copy button copies (Copy)
            return {"t": "code", "s": b.s.rstrip("\n")}  # the block's own end, not a line of it
        elif isinstance(b, Facts):
            return {"t": "facts", "rows": [{"k": f.label, "v": self.inlines(f.c)} for f in b.items]}
        elif isinstance(b, Table):
            out = self._table(b)
        elif isinstance(b, Box):
            title = self.inlines(b.title) if b.title is not None else None
            out = {"t": "box", "kind": b.kind, "title": title, "c": self.blocks(b.c)}
        elif isinstance(b, Rule):
            out = {"t": "rule"}
        elif isinstance(b, Anchor):  # a place between blocks that links land on
            return {"t": "anchor", "anchor": self.anchor(self.uri, b.id)}
        else:
            raise TypeError(f"not a block of the page model: {b!r}")
        if b.anchor:
            out["anchor"] = self.anchor(self.uri, b.anchor)
        return out

    def _table(self, b: Table) -> dict[str, Any]:
        # The columns of one other medium (the site's) are left out, and page numbers the book cannot give.
        keep = [k for k, c in enumerate(b.columns) if c.medium is None or self._prints(c.medium)]
        if len(keep) == len(b.columns):  # every column prints: so does every cell, of a row of any length
            rows = [[self.inlines(cell) for cell in row] for row in b.rows]
        else:
            rows = [[self.inlines(row[k]) for k in keep] for row in b.rows]
        # A table without a header row, or whose widths are not chosen, leaves them to briefing.typ.
        out: dict[str, Any] = {"t": "table", "head": [self.inlines(b.columns[k].head) for k in keep] if b.columns else None, "rows": rows}
        if any(b.columns[k].width is not None for k in keep):
            out["widths"] = [b.columns[k].width or "auto" for k in keep]
        return out

    def _item(self, i: Item) -> dict[str, Any]:
        item: dict[str, Any] = {"blocks": self.blocks(i.blocks)}
        if i.number is not None:
            item["n"] = i.number
        if i.anchor:
            item["anchor"] = self.anchor(self.uri, i.anchor)
        return item

    def _notes(self, notes: tuple[Footnote, ...]) -> dict[str, Any]:
        """Notes as a numbered list in small type; each labelled by its anchor (a source's own notes:
        ``fn:<number>``), which the markers link to."""
        items = []
        for f in notes:
            item: dict[str, Any] = {"blocks": [{"t": "par", "c": self.inlines(f.c)}], "anchor": self.anchor(self.uri, f.anchor or f"fn:{f.number}")}
            if f.number.isdigit():
                item["n"] = int(f.number)
            items.append(item)
        return {"t": "list", "ordered": True, "start": 1, "items": items, "style": "notes"}

    def blocks(self, bs: tuple[Block, ...]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for b in bs:
            if isinstance(b, Group):  # the book sets no group apart: its blocks print in line
                out += self.blocks(b.c)
            elif isinstance(b, Quote) and b.notes:  # a quote's notes print right after it, in small type
                out.append(self.block(b))
                out.append(self._notes(b.notes))
            elif isinstance(b, Only):
                if self._prints(b.medium):
                    out += self.blocks(b.c)
            elif isinstance(b, Copy):  # paper has no copy button
                out.append(self.block(b.c))
            elif isinstance(b, Filter):  # nor a filter: it prints every item
                pass
            elif isinstance(b, Tabs) and b.printed == "first":
                out += self.blocks(b.tabs[0].c)
            elif isinstance(b, Tabs):  # paper shows every alternative, each under its label
                for tab in b.tabs:
                    out.append({"t": "par", "c": [{"t": "em", "c": [tab.label + ":"]}], "style": "label"})
                    out += self.blocks(tab.c)
            else:
                out.append(self.block(b))
        return out


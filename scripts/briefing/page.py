"""The page model: what a generated page is made of, as typed, frozen blocks and inlines.

A page is built once as these values; two thin writers
serialise them: page_html.py for the site's theme and page_typst.py for the book's Typst data. A
feature added to the model shows in both (docutils' one doctree for many builders, Pandoc's one AST
for many writers). A writer decides only how a kind of node looks in its medium, never what a page says.

What is built as the model so far: a topic page (its introduction and coverage table, each source's
section with its heading, byline and quotes with their attributions, and its list of the sources that do
not address it), the Topics page with its coverage table and that table's excerpt on the home page,
and a source page's "Quoted on" (topic_pages.py); the rest of a source page under its title: standfirst,
facts, capture notes, numbered text with its note markers, notes, further reading, about the author,
disclaimer, cite this (source_parts.py); the bibliography (bibliography.py); the Sources page's table
and its excerpt on the home page (indexes.py); the Timeline with its topic filter (timeline_page.py);
for the book, the hand-written pages (docs/*.md), converted from the HTML Markdown makes of them
(pdf_markup.py), which is why the model has what only they use so far (a rule, a line break, super-
and subscripts, an anchor of its own), and what only a book in volumes prints: its Sources page
(which volume holds which sources), a volume's opening, a split topic's part notes (book_pages.py)
and its list of files (pdf_volumes.py).

Text is a plain ``str`` inline, always literal: the HTML writer escapes it, the Typst data carries it
as a string, so source text never becomes markup in either.

Most of a page reads the same everywhere; what belongs to one medium is marked ``Only``: the site's
link to the original article (a printed page cannot scroll a browser to the quote), or a printed
page number ("pages": left out of a book that does not hold the page it would name, and of the site),
or whole blocks (a topic page's table of passages per source, which the book does not print).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, Union

# -- inlines --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Prose:
    """Text that came from a source: the book turns the web addresses in it into links, which a
    printed page shows; the site shows it as written."""

    s: str


@dataclass(frozen=True, slots=True)
class Em:
    c: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Strong:
    c: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Code:
    """A name typed as it is (a file, a command, a fingerprint); ``style`` names the kind."""

    s: str
    style: str | None = None


@dataclass(frozen=True, slots=True)
class Link:
    """A link to a generated or hand-written page of this site (``uri`` as MkDocs names it, e.g.
    ``sources/x.md``), or to an anchor on it; the writers make it relative (site) or a label (book).
    ``uri`` "" is the page the link is on: the site writes the anchor alone (``#frag``)."""

    uri: str
    frag: str | None
    c: tuple[Inline, ...]
    # Words to mark where the link lands (a quote's paragraph link marks the quoted sentences): the
    # whole passage, or its first and last words. The site passes them on; a book has no marking.
    mark: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Url:
    """A link to an address outside the site; ``style`` names the kind ("original-link"), ``rel`` the
    link's relation to this page ("noopener noreferrer": the original article learns nothing of it)."""

    href: str
    c: tuple[Inline, ...]
    style: str | None = None
    rel: str | None = None
    # A printed page cannot be clicked: the book prints the address after the words, where the words
    # are not the address itself (a hand-written page's link).
    print_href: bool = False


@dataclass(frozen=True, slots=True)
class FootnoteRef:
    """A footnote marker in a quote, for note ``number`` on the source page ``uri``. Where the note
    is shown on this page too (a quote's notes), ``here`` is its anchor, and the marker leads there."""

    uri: str
    number: str
    here: str | None = None


@dataclass(frozen=True, slots=True)
class NoteMark:
    """A footnote marker in a source's own text, on its own page: it leads to note ``number`` there,
    and ``id`` is where the note's link back (BackRef) returns to (a note cited twice has two)."""

    number: str
    id: str


@dataclass(frozen=True, slots=True)
class Time:
    """A date as a reader reads it (``c``), with its ISO form (``iso``: "2022-03") for machines; None
    when it is no one day, month or year (a decade, a span)."""

    iso: str | None
    c: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Span:
    """Words set apart as one kind (``style``: "archive-link", "reference"), with the site's ``anchor``
    for them (what a CopyButton copies); only the site marks them."""

    style: str
    c: tuple[Inline, ...]
    anchor: str | None = None


@dataclass(frozen=True, slots=True)
class Sign:
    """A sign a reader sees (``shown``: "—") where a screen reader says words (``said``: "none"), with
    ``title`` as the site's hover hint and ``style`` its kind ("not-addressed"); print shows the sign."""

    shown: str
    said: str
    title: str
    style: str


@dataclass(frozen=True, slots=True)
class CopyButton:
    """The site's button that copies the words anchored at ``target`` (a Span), named by ``title``
    ("Copy this reference"); paper has none."""

    target: str
    title: str


@dataclass(frozen=True, slots=True)
class PageRef:
    """The printed page number of a page or anchor (``uri`` or ``uri#frag``)."""

    to: str


@dataclass(frozen=True, slots=True)
class BackRef:
    """A link from a note back to the place ``id`` in the text that refers to it (on the same page)."""

    id: str


@dataclass(frozen=True, slots=True)
class Sup:
    """Raised text (an ordinal's ending, a note number a hand-written page sets itself)."""

    c: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Sub:
    """Lowered text (a chemical formula's number)."""

    c: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Break:
    """A line break within a paragraph (an address, lines of verse)."""


@dataclass(frozen=True, slots=True)
class Anchor:
    """A place links land on, ``id``, where no block or item carries it: an element of a hand-written
    page with an id of its own (a footnote marker, an empty ``<a id>``). Also a block, between blocks."""

    id: str


Medium = Literal["web", "print", "pages"]


@dataclass(frozen=True, slots=True)
class Only:
    """Content for one medium: "web" (the site), "print" (the book), "pages" (the book, when it
    holds the page the content names by number). Inlines in running text, blocks among blocks."""

    medium: Medium
    c: tuple[Inline, ...] | tuple[Block, ...]


Inline = Union[
    str, Prose, Code, Em, Strong, Link, Url, FootnoteRef, NoteMark, Time, Span, Sign, CopyButton, BackRef, PageRef, Only, Sup, Sub,
    Break, Anchor,
]

# -- blocks ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Heading:
    """A section heading; ``level`` counts within the page (2 for a page's sections), ``anchor`` is its id."""

    level: int
    c: tuple[Inline, ...]
    anchor: str | None = None
    style: str | None = None  # what kind ("article-subheading": a heading inside a source's text)


@dataclass(frozen=True, slots=True)
class Para:
    """A paragraph; ``style`` says what kind ("byline": who wrote a source, under its heading)."""

    c: tuple[Inline, ...]
    style: str | None = None
    anchor: str | None = None


@dataclass(frozen=True, slots=True)
class Numbered:
    """A paragraph of a source's text, numbered as every page and the book number it (¶ ``n``); its
    anchor is ``p-<n>``, where quotes' paragraph links land."""

    n: int
    c: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Fact:
    """One fact about a source (``label``: "Author"), its value, and ``style``, what kind it is ("author")."""

    label: str
    c: tuple[Inline, ...]
    style: str


@dataclass(frozen=True, slots=True)
class Facts:
    """A source's facts (author, publisher, date, …), each with its label: a byline on the site, a
    table of two columns in the book."""

    items: tuple[Fact, ...]


@dataclass(frozen=True, slots=True)
class QuoteCopy:
    """What a quote's copy button copies besides the quote's words (its anchored first paragraph, its
    notes' markers left out): a line break, "— " and ``citation`` ("Title, Publisher, date, ¶ N"),
    then ", " and the address of ``uri#frag`` (the quoted paragraph). The site composes the text when
    the reader clicks, from the words on the page (they are not written twice) and the address made
    absolute where the reader reads it (a local build has no address of its own)."""

    citation: str
    uri: str
    frag: str | None


@dataclass(frozen=True, slots=True)
class Quote:
    """A passage quoted from a source, with its attribution (``by``: who, where, which paragraph),
    then the text of the notes its markers refer to, so a reader need not leave the page for them.
    An anchored quote has a permalink on the site; ``copy``, a copy button there, which names the
    anchored words it copies (paper has neither; a quote without an anchor has no button)."""

    c: tuple[Block, ...]
    by: tuple[Inline, ...]
    anchor: str | None = None
    copy: QuoteCopy | None = None
    notes: tuple[Footnote, ...] = ()  # the notes its markers refer to, shown with it (each anchored)


@dataclass(frozen=True, slots=True)
class Item:
    blocks: tuple[Block, ...]
    anchor: str | None = None
    style: str | None = None  # what kind of item ("citation-block", "timeline-entry")
    tags: tuple[str, ...] = ()  # what it is filed under (a Timeline entry's topics), for the site's filter
    number: int | None = None  # in a numbered list, a number of its own (HTML's value), which the next items count on from


@dataclass(frozen=True, slots=True)
class BulletList:
    items: tuple[Item, ...]
    style: str | None = None  # what kind of list ("further-reading")
    anchor: str | None = None


@dataclass(frozen=True, slots=True)
class NumberedList:
    """A list numbered from ``start`` (the bibliography's entries, from 1)."""

    items: tuple[Item, ...]
    style: str | None = None
    start: int = 1
    anchor: str | None = None


@dataclass(frozen=True, slots=True)
class Footnote:
    number: str  # as the source numbers it (usually a digit)
    c: tuple[Inline, ...]
    anchor: str | None = None  # where a note shown away from its source page sits (a quote's note)


@dataclass(frozen=True, slots=True)
class Footnotes:
    """A source's notes, each with its number and its links back to where the text refers to it."""

    items: tuple[Footnote, ...]


@dataclass(frozen=True, slots=True)
class CodeBlock:
    s: str
    style: str | None = None  # what it holds ("bibtex")
    anchor: str | None = None


@dataclass(frozen=True, slots=True)
class Group:
    """Blocks that belong together (an author's note, a disclaimer); ``style`` names the kind."""

    style: str
    c: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class Box:
    """A set-off box (an admonition) of ``kind`` ("info", "quote"), with a title (None: a hand-written
    box without one)."""

    kind: str
    style: str | None
    title: tuple[Inline, ...] | None
    c: tuple[Block, ...]
    anchor: str | None = None


@dataclass(frozen=True, slots=True)
class Copy:
    """A block a reader copies whole (a reference, a BibTeX entry): the site gives it a copy button
    (``what`` names what it copies, for the button's title); the book prints the block. The block
    must have an anchor, which the button copies from."""

    what: str
    c: Block


@dataclass(frozen=True, slots=True)
class Column:
    """A table's column: its heading, its width in the book ("auto", "2fr": a share of what is left),
    for a column of one medium, which ("pages": a page number, printed where the book holds it), and
    ``align`` "right" for figures the site sets flush right (the book's tables set none so far)."""

    head: tuple[Inline, ...]
    width: str | None = "auto"  # None: not chosen (a hand-written table's), the book sizes it as "auto"
    medium: Medium | None = None
    align: Literal["right"] | None = None


@dataclass(frozen=True, slots=True)
class Table:
    """Rows of cells under ``columns``; each row has a cell (inlines) for every column. A hand-written
    table may have no header row (no ``columns``) and rows of fewer or more cells than its header:
    the writers print each row's cells as they are."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[tuple[Inline, ...], ...], ...]
    anchor: str | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    """A horizontal rule between blocks (a thematic break)."""

    anchor: str | None = None


@dataclass(frozen=True, slots=True)
class Tab:
    label: str
    c: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class Tabs:
    """Alternatives of the same content (a reference in each citation style). The site shows one at a
    time, as tabs linked across pages by ``group`` (the choice made on one page holds on every page);
    the book prints each under its label, or, when ``printed`` is "first", the first alone (a whole
    bibliography in each style would print it twice)."""

    group: str
    style: str
    tabs: tuple[Tab, ...]
    printed: Literal["all", "first"] = "all"


@dataclass(frozen=True, slots=True)
class Choice:
    value: str  # a tag of the items (Item.tags); "" shows every item
    label: str


@dataclass(frozen=True, slots=True)
class Filter:
    """The site's control that shows only the items of the page's lists filed under one tag (Item.tags):
    ``label`` then a choice among ``choices`` (``id``), and the place (``shown``) the site's script says
    how many items show. The HTML has it hidden: it shows only where the script runs, which without it
    leaves every item in view. ``style`` names what it filters ("timeline-filter"); paper has none."""

    id: str
    label: str
    choices: tuple[Choice, ...]
    shown: str
    style: str


Block = Union[
    Heading, Para, Numbered, Facts, Quote, BulletList, NumberedList, Footnotes, CodeBlock, Group, Box, Copy, Tabs, Table, Only, Rule, Anchor,
    Filter,
]


# A web address in running text; the characters that may end a sentence after it are not part of it.
_ADDRESS = re.compile(r"https?://[^\s<>\"'“”‘’]+")


def linked(text: str) -> list[str | Url]:
    """``text`` with the web addresses in it as links that read as their address (how the book
    prints Prose, and the text of a hand-written page)."""
    if "://" not in text:  # most text holds no address
        return [text] if text else []
    out: list[str | Url] = []
    last = 0
    for m in _ADDRESS.finditer(text):
        url = m.group(0).rstrip(".,;:!?)]")
        if text[m.start() : m.start() + len(url)].count("(") < url.count(")"):
            url = url[:-1]
        if m.start() > last:
            out.append(text[last : m.start()])
        out.append(Url(url, (url,)))
        last = m.start() + len(url)
    if last < len(text):
        out.append(text[last:])
    return out


def joined(parts: Iterable[tuple[Inline, ...]], sep: str = ", ") -> tuple[Inline, ...]:
    """The parts in a row, ``sep`` between each two (a list of links in running text)."""
    out: list[Inline] = []
    for k, part in enumerate(parts):
        if k:
            out.append(sep)
        out += part
    return tuple(out)


def text_of(inlines: tuple[Inline, ...], medium: Medium = "web") -> str:
    """The words of ``inlines`` as a reader of ``medium`` sees them, without any markup."""
    out = []
    for x in inlines:
        if isinstance(x, str):
            out.append(x)
        elif isinstance(x, (Prose, Code)):
            out.append(x.s)
        elif isinstance(x, Sign):
            out.append(x.shown)
        elif isinstance(x, (FootnoteRef, NoteMark)):
            out.append(x.number)
        elif isinstance(x, (PageRef, BackRef, CopyButton, Anchor)):
            continue
        elif isinstance(x, Break):
            out.append(" ")
        elif isinstance(x, Only):
            if x.medium == medium or medium == "print" and x.medium == "pages":
                out.append(text_of(x.c, medium))
        else:
            out.append(text_of(x.c, medium))
    return "".join(out)

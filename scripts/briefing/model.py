"""Typed, frozen records that flow one way through the pipeline."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any


class PartialDate(dt.date):
    """A publication date known only to the month or the year, or known only approximately.

    It is the first day of its period as a ``date`` (so sources sort by it, and code that compares
    or sorts dates needs nothing new), but it never shows a day it does not have: ``isoformat()``
    gives ``2022-03`` or ``2022`` (valid in HTML's ``<time datetime>``), ``edtf()`` adds ``~`` when
    approximate (ISO 8601-2, as biblatex reads it), and citations.human_date writes "c. March 2022".
    A full, exact date is a plain ``datetime.date``.
    """

    __slots__ = ("precision", "approximate")
    precision: str  # "year" | "month" | "day"
    approximate: bool

    def __new__(cls, year: int, month: int | None = None, day: int | None = None, approximate: bool = False) -> PartialDate:
        self = super().__new__(cls, year, month or 1, day or 1)
        self.precision = "day" if day else "month" if month else "year"
        self.approximate = approximate
        return self

    def __reduce__(self) -> tuple:  # pickled (the second process) with its precision
        month = self.month if self.precision != "year" else None
        day = self.day if self.precision == "day" else None
        return (PartialDate, (self.year, month, day, self.approximate))

    def __repr__(self) -> str:
        return f"PartialDate({self.edtf()!r})"

    def isoformat(self) -> str:
        full = super().isoformat()
        return full[: {"year": 4, "month": 7, "day": 10}[self.precision]]

    __str__ = isoformat

    def edtf(self) -> str:
        return self.isoformat() + ("~" if self.approximate else "")

    def parts(self) -> list[int]:
        """The known parts, as CSL-JSON's date-parts want them: [2022, 3] for March 2022."""
        return [self.year, self.month, self.day][: {"year": 1, "month": 2, "day": 3}[self.precision]]


@dataclass(frozen=True)
class Meta:
    """Publication facts from a source's front matter; ``None`` means not stated."""

    title: str
    authors: tuple[str, ...]  # as readers see them: an organisation's name without its braces
    publisher: str | None
    date: dt.date | None  # a PartialDate when known only to the month or year, or approximately
    url: str | None
    notes: tuple[str, ...] = ()
    truncated: bool = False
    drop_lines: tuple[str, ...] = ()
    # The fingerprint recorded when the capture was made (see sources.capture_sha256); None in a
    # file written before fingerprints, or by hand without one.
    capture_sha256: str | None = None
    accessed: dt.date | None = None  # the day the capture was made (the page saved or downloaded)
    # The authors the front matter writes in braces ("{Human Rights Watch}"): organisations on the
    # contributor's word, which the citations never split into family and given names (a name written
    # both with and without braces in one list is an organisation in both places).
    organisations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Source:
    """One file in ``sources/``: its facts and the raw dump exactly as captured."""

    slug: str
    path: str
    meta: Meta
    raw: str
    todo: tuple[str, ...] = ()  # front-matter fields still marked ``# TODO`` (facts not yet confirmed)


@dataclass(frozen=True)
class Paragraph:
    """A body block. ``n`` numbers paragraphs (anchor ``#p-n``); headings have ``n == 0``."""

    n: int
    text: str
    kind: str = "paragraph"  # "paragraph" | "heading"


@dataclass(frozen=True)
class Footnote:
    number: str
    text: str


@dataclass(frozen=True)
class Note:
    """Text that belongs to the page but not to the article body (bio, disclaimer)."""

    kind: str  # "bio" | "disclaimer"
    text: str


@dataclass(frozen=True)
class Removed:
    """A raw line the cleaner dropped (or joined), with its 1-based line number and why."""

    line: int
    text: str
    reason: str


@dataclass(frozen=True)
class AuthorBox:
    """What an author box in the dump says; shown beside, never instead of, the front matter."""

    names: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class Cleaned:
    """The article's own text, separated from everything the page chrome added."""

    standfirst: str | None
    paragraphs: tuple[Paragraph, ...]
    footnotes: tuple[Footnote, ...]
    further_reading: tuple[str, ...]
    notes: tuple[Note, ...]
    author_box: AuthorBox
    removed: tuple[Removed, ...]

    @cached_property  # asked for on every build (quote checks, the PDF): made once per article
    def body(self) -> tuple[Paragraph, ...]:
        return tuple(p for p in self.paragraphs if p.kind == "paragraph")

    def article_text(self) -> tuple[str, ...]:
        """The article as the cleaner gives it, in reading order: the standfirst, every paragraph
        (headings too), the footnotes' texts, then further reading. Notes (bio, disclaimer) are not
        the article; this is what ``evaluate-cleaner`` scores against a gold body."""
        return (
            *([self.standfirst] if self.standfirst else []),
            *(p.text for p in self.paragraphs),
            *(f.text for f in self.footnotes),
            *self.further_reading,
        )


@dataclass(frozen=True)
class Citation:
    reference: str  # plain text, Chicago notes-and-bibliography (the bibliography's sort key)
    bibtex: str
    key: str
    meta_tags: tuple[tuple[str, str], ...]
    ris: str = ""
    csl: str = ""  # one CSL-JSON item, serialised (sorted keys), so the record stays hashable
    # The reference in each style the site offers, as runs (text, kind: "", "em" or "url"), by style key
    # (citations.STYLES): the source's "Cite this" and the bibliography write them.
    runs: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()


@dataclass(frozen=True)
class Article:
    source: Source
    cleaned: Cleaned
    citation: Citation

    @property
    def slug(self) -> str:
        return self.source.slug

    @property
    def meta(self) -> Meta:
        return self.source.meta


@dataclass(frozen=True)
class Page:
    """A generated file: where it goes in the site and what it holds.

    For a page (``uri`` ending in ``.md``), ``body`` is finished HTML, not Markdown: the site hands it
    to the theme as it is, so Python-Markdown never re-reads thousands of generated pages. Its links
    point at source files (``../sources/x.md#p-3``), as Markdown links do, and the publisher resolves
    them. ``meta`` is the page's front matter (``title`` already escaped for HTML). For any other
    file (``briefing.bib``), ``body`` is the file itself.

    The body is made on demand by ``make`` (each call renders it again, unless ``make`` memoises):
    a site of thousands of pages then never holds all their HTML at once.
    """

    uri: str
    make: Callable[[], str] = field(repr=False, compare=False)
    title: str | None = None
    meta: Mapping[str, Any] = field(default_factory=dict)
    # The page as the page model (page.py), for the book to write from, where it is built as one.
    blocks: Callable[[], tuple[Any, ...]] | None = field(default=None, repr=False, compare=False)

    @property
    def body(self) -> str:
        return self.make()

    @property
    def content(self) -> str:
        """The file as written to disk: for a page, a Markdown document (front matter, then HTML)."""
        if not self.uri.endswith(".md"):
            return self.body
        return "---\n" + "".join(f"{k}: {_yaml_value(v)}\n" for k, v in self.meta.items()) + "---\n\n" + self.body


def fixed(text: str) -> Callable[[], str]:
    """A ``Page.make`` for a body already made."""
    return lambda: text


# Characters YAML refuses to read unescaped (DEL, C1 controls, non-characters) or reads as line
# breaks (NEL, U+2028, U+2029) are written as \uXXXX escapes, which JSON and YAML both read back.
_YAML_UNSAFE = re.compile("[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _yaml_value(value: Any) -> str:
    # A JSON value is a YAML value.
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


@dataclass(frozen=True)
class Term:
    """One pattern that identifies a topic in a sentence (a regular expression, case-insensitive).

    ``requires``: a second pattern the same sentence must also match for this term to count
    (e.g. "ban" counts for Sanctions only beside Russia or a sport).
    ``kind``: "core" (one is enough), "name" (a named organisation or programme: as core, but
    matched case-sensitively), "place" (a named place: as a name, but not enough alone as a place
    adverbial, "in the Jadar valley"), or "related" (counts only with a second cue: another term of the topic in the sentence, or a
    paragraph already on the topic or in its context).
    """

    pattern: str
    requires: str | None = None
    kind: str = "core"


@dataclass(frozen=True)
class Topic:
    """A topic from ``topics.yml``: its page is ``topics/<id>.md``."""

    id: str
    title: str
    description: str
    terms: tuple[Term, ...] = ()
    exclude: tuple[str, ...] = ()  # phrases that contain a term but are not the topic ("tear gas")


@dataclass(frozen=True)
class Quote:
    """Verbatim words of one source on one topic: one or more adjacent sentences of one paragraph.

    ``text`` is a substring of the cleaned ``Paragraph.text`` of paragraph number ``paragraph``.
    """

    topic: str
    slug: str
    paragraph: int
    text: str


@dataclass(frozen=True)
class TopicResult:
    """Every quote on one topic (sources newest first, then by paragraph) and the silent sources."""

    topic: Topic
    quotes: tuple[Quote, ...]
    silent: tuple[str, ...]  # slugs of sources that do not address the topic, in the same order


@dataclass(frozen=True)
class Build:
    """Everything one pipeline run produces: pages, fragments for hand-written pages, warnings."""

    articles: tuple[Article, ...]
    pages: tuple[Page, ...]
    fragments: dict[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    topics: tuple[TopicResult, ...] = ()
    # How to find the kept lines the cleaner is least sure of (made when asked: check lists them,
    # a site build need not).
    find_doubts: Callable[[], tuple[str, ...]] = tuple

    @cached_property
    def doubts(self) -> tuple[str, ...]:
        """Kept lines the cleaner is least sure of, one line each naming the file (see
        clean.doubts): for a reviewer to read, never a reason to stop a build."""
        return self.find_doubts()

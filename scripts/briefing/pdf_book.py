"""Lay out the briefing as one book's print data (the JSON briefing.typ reads) and compile it with Typst.

The pages the pipeline makes are written from the page model by page_typst.py, and so are hand-written
pages, which pdf_markup.py converts to the model. Which files a briefing prints as (one book, a book
per topic, volumes) is pdf.py's and pdf_volumes.py's: this module knows none of them, and imports neither."""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

import yaml

from . import bibliography, book_pages, citations, indexes, page_typst, pdf_markup, source_parts, topic_pages
from .citations import human_date
from .errors import BriefingError
from .model import Article, Build, TopicResult
from .page import Block as PageBlock
from .page_typst import PrintBlock as Block
from .siteconfig import briefing_settings, read_config
from .topic_pages import quote_ids, section_id  # the topic pages' own anchors, so links from the site's pages land

# The book's Typst template (the site's pages have none: page_html writes them).
TEMPLATES = Path(__file__).parent / "templates"
TEMPLATE = TEMPLATES / "briefing.typ"
PDF_NAME = "briefing.pdf"
# Above this many sources the whole book passes ~250 pages (a source prints on 2-4 pages): still
# written, but each topic also gets its own PDF, which a reader can actually take along.
SPLIT_OVER = 50
# Above this many sources (or above WHOLE_WEIGHT of print data) the book is written as volumes, each
# one Typst compile of bounded size; a source volume holds at most this many sources. Measured on
# synthetic sources: the whole book for 100 sources peaks at 0.9 GB in Typst, a volume of 100 at 0.3 GB.
VOLUME_SOURCES = 100
# The generated pages the book lays out itself, at the addresses the site gives them.
SOURCES_INDEX = indexes.SOURCES
TOPICS_INDEX = topic_pages.TOPICS
BIBLIOGRAPHY = bibliography.URI
_PLACEHOLDER = re.compile(r"<!--\s*briefing:([a-z0-9-]+)\s*-->")
_RUNNING_MAX = 70


@dataclass(frozen=True)
class BookSettings:
    """What the book needs besides the pipeline's data; the hook and the CLI fill it from mkdocs.yml."""

    title: str
    description: str
    docs_dir: Path
    nav: Any = None  # mkdocs.yml's nav (titles and page paths); None: Home, Topics, Sources, Bibliography
    date: dt.date | None = None  # extra.briefing.pdf_date; SOURCE_DATE_EPOCH wins over it
    split_over: int = SPLIT_OVER
    volume_sources: int = VOLUME_SOURCES  # extra.briefing.pdf_volume_sources
    site_url: str | None = None  # where a link to a page in another PDF file points (site_url), if set


@dataclass(frozen=True)
class Edition:
    """The date the cover prints and the PDF carries, and what kind of date it is."""

    date: dt.date | None
    label: str


def edition(build: Build, configured: dt.date | None, environ: Mapping[str, str] | None = None) -> Edition:
    """SOURCE_DATE_EPOCH, else the configured date, else the newest source's date: never the clock,
    so the same inputs always give the same bytes."""
    environ = os.environ if environ is None else environ
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        if not epoch.isdigit():
            raise BriefingError(f"SOURCE_DATE_EPOCH: '{epoch}' is not a Unix time (whole seconds since 1970)")
        return Edition(dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date(), "Built")
    if configured is not None:
        return Edition(configured, "Built")
    dates = [a.meta.date for a in build.articles if a.meta.date]
    if dates:
        return Edition(max(dates), "Sources up to")
    return Edition(None, "Undated")


def parse_date(value: Any, where: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise BriefingError(f"{where}: '{value}' is not a date (YYYY-MM-DD)") from None


def book_settings(
    site_name: Any, description: Any, docs_dir: Path, nav: Any, extra: Mapping[str, Any], site_url: Any = None,
) -> BookSettings:
    """Book settings from the site's configuration (``extra`` is mkdocs.yml's ``extra.briefing``)."""
    split_over = extra.get("pdf_split_over", SPLIT_OVER)
    if not isinstance(split_over, int) or isinstance(split_over, bool) or split_over < 0:
        raise BriefingError(f"mkdocs.yml: extra.briefing.pdf_split_over: '{split_over}' is not a whole number of sources")
    volume = extra.get("pdf_volume_sources", VOLUME_SOURCES)
    if not isinstance(volume, int) or isinstance(volume, bool) or volume < 1:
        raise BriefingError(f"mkdocs.yml: extra.briefing.pdf_volume_sources: '{volume}' is not a whole number of sources above 0")
    return BookSettings(
        title=str(site_name or "Briefing"),
        description=" ".join(str(description or "").split()),
        docs_dir=Path(docs_dir),
        nav=nav,
        date=parse_date(extra.get("pdf_date"), "mkdocs.yml: extra.briefing.pdf_date"),
        split_over=split_over,
        volume_sources=volume,
        site_url=str(site_url) if site_url else None,
    )


def settings_from_config(root: Path) -> BookSettings:
    """The book settings, read from ``root/mkdocs.yml`` as the hook reads them (for the CLI)."""
    config = read_config(root)
    extra = briefing_settings(config)
    docs_dir = root / str(config.get("docs_dir") or "docs")
    return book_settings(
        config.get("site_name"), config.get("site_description"), docs_dir, config.get("nav"), extra, config.get("site_url"),
    )


DOWNLOAD = "pdf-download"  # the home page's placeholder for its "Download PDF" paragraph (site only)


def topics_of(build: Build) -> tuple[TopicResult, ...]:
    return build.topics


def topic_uri(result: TopicResult) -> str:
    return topic_pages.topic_uri(result.topic.id)


def compile_book(data: dict[str, Any], ed: Edition, name: str = PDF_NAME) -> bytes:
    """Typst reads the book as JSON data, so no text is ever parsed as Typst markup."""
    import typst  # imported here: the site's pages do not need it, only the PDF does

    stamp = dt.datetime.combine(ed.date or dt.date(1970, 1, 1), dt.time(), dt.timezone.utc)
    try:
        pdf = typst.compile(
            str(TEMPLATE),
            root=str(TEMPLATES),
            sys_inputs={"briefing": json.dumps(data, ensure_ascii=False, sort_keys=True)},
            ignore_system_fonts=True,  # the wheel's fonts only: the same PDF on every machine
            timestamp=int(stamp.timestamp()),
        )
    except typst.TypstError as exc:
        message = " ".join(str(getattr(exc, "message", exc)).split())
        raise BriefingError(f"{name}: Typst could not typeset the PDF: {message}") from None
    return quiet_for_poppler(pdf)


_MARK_INFO = b"/MarkInfo<</Marked true/Suspects false>>"


def quiet_for_poppler(pdf: bytes) -> bytes:
    """The PDF without the catalog's ``/Suspects false``, which is the default when absent (PDF 1.7,
    14.7.1). Poppler up to at least 22.12 (Debian 12's pdftotext, pdfinfo, and Evince) reports
    "Syntax Error: Suspects object is wrong type (boolean)" for a false value. The entry is blanked
    with spaces of the same length, so every byte offset (the cross-reference table) stays right."""
    if pdf.count(_MARK_INFO) != 1:  # the catalog is uncompressed; source text is in compressed streams
        return pdf
    return pdf.replace(_MARK_INFO, b"/MarkInfo<</Marked true" + b" " * len(b"/Suspects false") + b">>")


# -- the book as data ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    title: str | None
    uri: str | None
    children: tuple[_Entry, ...] = ()


def _nav(nav: Any) -> list[_Entry]:
    out: list[_Entry] = []
    for item in nav or []:
        if isinstance(item, str):
            out.append(_Entry(None, item))
        elif isinstance(item, dict) and len(item) == 1:
            ((title, target),) = item.items()
            if isinstance(target, list):
                out.append(_Entry(str(title), None, tuple(_nav(target))))
            elif isinstance(target, str) and not re.match(r"^[a-z][a-z0-9+.-]*:", target):
                out.append(_Entry(str(title), target))
    return out


def _default_nav(build: Build, docs_dir: Path) -> list[_Entry]:
    entries = [_Entry("Home", "index.md")]
    if topics_of(build):
        entries.append(_Entry("Topics", TOPICS_INDEX))
    entries += [_Entry("Sources", SOURCES_INDEX), _Entry("Bibliography", BIBLIOGRAPHY)]
    known = {"index.md"}
    for path in sorted(docs_dir.rglob("*.md")) if docs_dir.is_dir() else []:
        uri = path.relative_to(docs_dir).as_posix()
        if uri not in known:
            entries.append(_Entry(None, uri))
    return entries


class _Book:
    def __init__(
        self, build: Build, settings: BookSettings, only_topic: TopicResult | None = None, volume: Any = None,
    ) -> None:
        self.build = build
        self.settings = settings
        self.articles = {a.slug: a for a in build.articles}
        self.topics = topics_of(build)
        self.only_topic = only_topic
        # Above the volume line: the file this book is (a pdf_volumes.Part), whose plan knows the others.
        self.volume = volume
        if volume is not None and volume.kind == "sources":
            self.article_order = [self.articles[s] for s in volume.slugs]
            self.topic_order = list(self.topics)
        elif volume is not None and volume.kind == "topic":
            members = set(volume.slugs)
            self.article_order = [a for a in build.articles if a.slug in members]
            self.topic_order = [t for t in self.topics if t.topic.id == volume.topic]
        elif only_topic is not None:
            quoted = {q.slug for q in only_topic.quotes}
            self.article_order = [a for a in build.articles if a.slug in quoted]
            self.topic_order = [only_topic]
        else:
            self.article_order = list(build.articles)
            self.topic_order = list(self.topics)
        self.pages: list[dict[str, Any]] = []
        self.anchors: set[str] = set()
        self.page_labels: set[str] = set()
        self._by_source: dict[str, dict[str, list[tuple[Any, str]]]] = {}

    # The book follows the site's navigation; sources and topics always list every page they have,
    # even where the site's menu shows only the index.
    def assemble(self) -> list[dict[str, Any]]:
        entries = _nav(self.settings.nav) if self.settings.nav else _default_nav(self.build, self.settings.docs_dir)
        if self.topics and not any(self._is_topics(e) for e in entries):
            entries.insert(1 if entries else 0, _Entry("Topics", TOPICS_INDEX))
        if self.volume is not None and self.volume.kind == "sources":
            v = self.volume
            self._section(v.title, None, self._volume_intro(), [
                (a.meta.title, f"sources/{a.slug}.md", "Source", self._source(a)) for a in self.article_order
            ])
            return self.pages
        if self.volume is not None and self.volume.kind == "topic":
            t = self.topic_order[0]
            v = self.volume
            title = t.topic.title if v.parts == 1 else f"{t.topic.title} (part {v.part} of {v.parts})"
            self._page(1, title, topic_uri(t) if v.part == 1 else None, self._topic(t), kicker="Topic")
            return self.pages
        if self.only_topic is not None:
            # A topic's own PDF stays small: its quotes and the references of the sources they come from
            # (the whole book holds the sources' full text).
            t = self.only_topic
            self._page(1, t.topic.title, topic_uri(t), self._topic(t), kicker="Topic")
            self._page(1, "Bibliography", BIBLIOGRAPHY, self.bibliography())
            return self.pages
        for entry in entries:
            self._entry(entry)
        return self.pages

    def _is_sources(self, e: _Entry) -> bool:
        return e.uri == SOURCES_INDEX or any(c.uri == SOURCES_INDEX for c in e.children)

    def _is_topics(self, e: _Entry) -> bool:
        uris = [e.uri] + [c.uri for c in e.children]
        return any(u and u.startswith("topics/") for u in uris)

    def _entry(self, e: _Entry) -> None:
        if self.volume is not None and self._is_sources(e):
            # The main book of a briefing in volumes: the sources are in their volumes.
            self._section(e.title or "Sources", SOURCES_INDEX, self._volumes_index(), [])
        elif self.volume is not None and self._is_topics(e):
            self._section(e.title or "Topics", TOPICS_INDEX, self._topics_index(), [])
        elif self._is_sources(e):
            self._section(e.title or "Sources", SOURCES_INDEX, self._sources_index(), [
                (a.meta.title, f"sources/{a.slug}.md", "Source", self._source(a)) for a in self.article_order
            ])
        elif self._is_topics(e):
            self._section(e.title or "Topics", TOPICS_INDEX, self._topics_index(), [
                (t.topic.title, topic_uri(t), "Topic", self._topic(t)) for t in self.topic_order
            ])
        elif e.children:
            index = e.children[0] if e.children[0].uri and e.children[0].uri.endswith("index.md") else None
            children = []
            for c in e.children:
                if c is not index and c.uri:
                    title, _, blocks = self._content(c.uri)
                    children.append((self._book_title(c.uri) or c.title or title or c.uri, c.uri, None, blocks))
            self._section(e.title or "", index.uri if index else None, self._content(index.uri if index else None)[2], children)
        elif e.uri:
            title, h1, blocks = self._content(e.uri)
            self._page(1, self._book_title(e.uri) or e.title or title or e.uri, e.uri, blocks, own_title=h1)

    def _section(self, title: str, uri: str | None, blocks: list[Block], children: list[tuple]) -> None:
        self._page(1, title, uri, blocks)
        for i, (child_title, child_uri, kicker, child_blocks) in enumerate(children):
            # A section with no index text shares its first page with its first child.
            self._page(2, child_title, child_uri, child_blocks, kicker=kicker, newpage=bool(blocks) or i > 0, part=title)

    def _page(
        self, level: int, title: str, uri: str | None, blocks: list[Block], *,
        own_title: str | None = None, kicker: str | None = None, newpage: bool = True, part: str | None = None,
    ) -> None:
        # A page listed twice in the navigation prints twice, but only the first copy is a link target.
        label = uri if uri and uri not in self.page_labels else None
        if label:
            self.page_labels.add(label)
            self.anchors.add(label)
        display = own_title if own_title and own_title != title else None
        page = {
            "level": level,
            "title": title,
            "display": display,
            "kicker": kicker,
            "label": label,
            "newpage": newpage,
            "running": _short(title),
            "part": part or title,
            "blocks": blocks,
        }
        if label and self.volume is not None:
            page["export"] = True  # other files print this page's number
        self.pages.append(page)

    # -- hand-written and other generated pages -------------------------------------------------

    def _content(self, uri: str | None) -> tuple[str | None, str | None, list[Block]]:
        """A page's title as MkDocs names it, its own <h1>, and its print blocks."""
        if uri is None:
            return None, None, []
        if uri == BIBLIOGRAPHY:
            # Made from the articles themselves, with this book's page numbers.
            return "Bibliography", None, self.bibliography()
        generated = {p.uri: p for p in self.build.pages}
        made = generated.get(uri)
        if made is not None and made.blocks is not None:  # built as the page model (the Timeline)
            return made.title, made.title, page_typst.Writer(uri, self._anchor, level=1).blocks(made.blocks())
        html = None
        if uri in generated:  # finished HTML: read as it is, not as Markdown
            text, html = generated[uri].content, generated[uri].body
        else:
            path = self.settings.docs_dir / uri
            try:
                text = path.read_text(encoding="utf-8")
            except OSError:
                raise BriefingError(f"docs/{uri}: a page in the navigation cannot be read for the PDF") from None
            text = self._fill(text, f"docs/{uri}")
        conv = pdf_markup.PageConverter(uri)
        model = conv.convert(html if html is not None else pdf_markup.markdown_to_html(text))
        # A level deeper, as a generated page: the book's page title is its first heading.
        blocks = page_typst.Writer(uri, self._anchor, level=1).blocks(model)
        return _front_title(text) or conv.title, conv.title, blocks

    def _book_title(self, uri: str) -> str | None:
        """A hand-written page's ``book_title`` (front matter): its name in the book's contents and
        outline, where the site's menu name would not serve ("Home" names a web page, not a chapter)."""
        generated = {p.uri for p in self.build.pages}
        path = self.settings.docs_dir / uri
        if uri in generated or not path.is_file():
            return None
        data = _front(path.read_text(encoding="utf-8"))
        value = data.get("book_title")
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise BriefingError(f"docs/{uri}: front matter 'book_title': '{value}' is not a title (text)")
        return " ".join(value.split()) if value else None

    def _fill(self, text: str, where: str) -> str:
        fragments = self.build.fragments

        def fill(m: re.Match[str]) -> str:
            if m.group(1) == DOWNLOAD:
                return ""  # the site's download links: not printed
            if m.group(1) not in fragments:
                raise BriefingError(f"{where}: unknown placeholder 'briefing:{m.group(1)}'")
            return fragments[m.group(1)]

        return _PLACEHOLDER.sub(fill, text)

    # -- pages made from the pipeline's data ----------------------------------------------------

    def _anchor(self, uri: str, frag: str) -> str:
        label = f"{uri}#{frag}"
        self.anchors.add(label)
        return label

    def _sources_index(self) -> list[Block]:
        """The Sources page the site shows (indexes.sources_blocks), with each source's page."""
        return page_typst.Writer(SOURCES_INDEX, self._anchor).blocks(indexes.sources_blocks(self.article_order))

    def _topics_index(self) -> list[Block]:
        """The Topics page the site shows (topic_pages.topics_blocks), with the page each topic starts on;
        above the volume line, the files a topic's quotes fill, when there are several."""
        files_of = None
        if self.volume is not None:
            plan = self.volume.plan
            files_of = lambda topic_id: tuple(f.name for f in plan.topic_files.get(topic_id, ()))  # noqa: E731
        model = topic_pages.topics_blocks(tuple(self.topic_order), self.build.articles, files_of=files_of)
        return page_typst.Writer(TOPICS_INDEX, self._anchor, level=1).blocks(model)

    def _volumes_index(self) -> list[Block]:
        """The main book's Sources page above the volume line: which volume holds which sources."""
        return page_typst.Writer(SOURCES_INDEX, self._anchor).blocks(book_pages.volumes_index(self.articles, self.volume.plan))

    def _volume_intro(self) -> list[Block]:
        v = self.volume
        model = book_pages.volume_intro(len(self.articles), v.plan.first_index[v.name], self.article_order, PDF_NAME, bool(self.settings.site_url))
        return page_typst.Writer("", self._anchor).blocks(model)  # the volume's opening page is no page of the site

    def _source(self, a: Article) -> list[Block]:
        """A source's pages: the page model the site writes too (source_parts.page_blocks), a level deeper."""
        uri = f"sources/{a.slug}.md"
        entries = self._quoted_entries(a)
        # Above the volume line the quotes print in other files, whose page numbers this one may not know.
        writer = page_typst.Writer(uri, self._anchor, level=1, pages=self.volume is None)
        out = writer.blocks(source_parts.page_blocks(a, source_parts.paragraph_backlinks(entries), self._quoted_on(a, entries)))
        if self.volume is not None:
            quoted = self.volume.plan.quoted
            for b in out:
                if "n" in b and (a.slug, b["n"]) in quoted:
                    b["export"] = True  # a topic file prints this paragraph's page
        return out

    def _topic(self, t: TopicResult) -> list[Block]:
        """A topic page from its TopicResult: every quote under its source, linked to the paragraph."""
        uri = topic_uri(t)
        n = len(self.articles)
        groups: dict[str, list[tuple[Any, str]]] = {}
        for q, qid in zip(t.quotes, quote_ids(t.quotes)):
            if q.slug not in self.articles:
                raise BriefingError(f"topic '{t.topic.id}': a quote names unknown source '{q.slug}'")
            groups.setdefault(q.slug, []).append((q, qid))
        v = self.volume if self.volume is not None and self.volume.kind == "topic" else None
        finding = (
            "and page find it in the source volume named beside it." if self.volume is not None
            else topic_pages.LEADS_TO_SOURCE if self.only_topic is None
            else f"finds it in the source’s cleaned text in the whole briefing ({PDF_NAME})."
        )
        # The topic page's opening, as the site's (its table of passages per source is the site's alone).
        writer = page_typst.Writer(uri, self._anchor, level=1, pages=self.only_topic is None)
        counts = {a.slug: len(groups.get(a.slug, ())) for a in self.build.articles}
        out = writer.blocks(topic_pages.intro_blocks(t.topic, self.build.articles, counts, finding))
        if v is not None and v.parts > 1:
            out += writer.blocks(book_pages.topic_part(v, len(groups)))
        members = set(v.slugs) if v is not None else None
        # The sources' sections are the topic page's own model; the book nests them a level deeper.
        for a in self.build.articles:  # newest first, as on the site
            if a.slug not in groups or members is not None and a.slug not in members:
                continue
            out += writer.blocks(topic_pages.section_blocks(a, groups[a.slug]))
        if v is not None and v.part < v.parts:
            out += writer.blocks(book_pages.topic_continued(v))
            return out
        silent = [self.articles[s] for s in t.silent if s in self.articles]
        # When every source speaks to the topic the opening line says so ("4 of 4 sources speak"); a
        # section that says "None" would only print a heading, often alone on the topic's last page.
        if silent or not groups:
            out += writer.blocks(topic_pages.silent_blocks(t.topic, silent, n))
        return out

    def _quotes_by_source(self, t: TopicResult) -> dict[str, list[tuple[Any, str]]]:
        """A topic's quotes with their anchors, by source (computed once: a source page asks for its own)."""
        key = t.topic.id
        if key not in self._by_source:
            groups: dict[str, list[tuple[Any, str]]] = {}
            for q, qid in zip(t.quotes, quote_ids(t.quotes)):
                groups.setdefault(q.slug, []).append((q, str(qid)))
            self._by_source[key] = groups
        return self._by_source[key]

    def _quoted_entries(self, a: Article) -> list[tuple[Any, str, list[tuple[str, int]]]]:
        """Each topic that quotes the source, with its quotes' anchors and paragraphs (as topic_pages.source_quoted_on)."""
        entries = []
        for t in self.topics:
            ids = self._quotes_by_source(t).get(a.slug)
            if ids:
                entries.append((t.topic, section_id(a.slug), [(qid, q.paragraph) for q, qid in ids]))
        return entries

    def _quoted_on(self, a: Article, entries: list[tuple[Any, str, list[tuple[str, int]]]]) -> tuple[PageBlock, ...]:
        """The source page's "Quoted on" section (topic_pages.quoted_on_blocks, as the site's)."""
        if not self.topics:
            return ()
        file_of = None
        if self.volume is not None:
            plan = self.volume.plan
            file_of = lambda topic_id: plan.topic_file_of(topic_id, a.slug)  # noqa: E731
        return topic_pages.quoted_on_blocks(a.slug, entries, file_of)

    def bibliography(self) -> list[Block]:
        """The bibliography the site shows (bibliography.blocks), with this book's page numbers; a
        topic's own book holds no source's pages, so it lists the references alone."""
        ordered = sorted(self.article_order, key=lambda a: (a.citation.reference.casefold(), a.slug))
        topic = self.only_topic is not None
        # The book prints the first style alone: the others need not be made.
        model = bibliography.blocks(ordered, topic=topic, styles=citations.STYLES[:1])
        return page_typst.Writer(BIBLIOGRAPHY, self._anchor, pages=not topic).blocks(model)


def book(build: Build, settings: BookSettings, ed: Edition | None = None, only_topic: TopicResult | None = None) -> dict[str, Any]:
    """The whole book as JSON-ready data: cover facts and pages of print blocks, links resolved."""
    ed = ed or edition(build, settings.date)
    b = _Book(build, settings, only_topic)
    pages = b.assemble()
    _resolve(pages, b.anchors)
    n_topics = len(b.topic_order)
    covers = [settings.description] if settings.description else []
    subtitle = None
    if only_topic is not None:
        subtitle = only_topic.topic.title
        covers = [only_topic.topic.description, (
            f"This PDF holds the topic’s quotes and the references of the {len(b.article_order)} sources they "
            f"come from; the whole briefing ({PDF_NAME}) holds every source’s full text."
        )]
    return cover_and_pages(
        settings, ed, subtitle, covers,
        [["Sources", str(len(b.article_order))], *([["Topics", _topic_fact(b.topic_order)]] if n_topics and only_topic is None else [])],
        "Every quotation remains the work of its author and publisher; "
        + ("each source’s pages give its full reference. Paragraph numbers (¶) match the site’s paragraph links."
           if only_topic is None else "the bibliography gives each source’s full reference. Paragraph numbers (¶) "
           "match the site’s paragraph links."),
        pages,
    )


def cover_and_pages(
    settings: BookSettings, ed: Edition, subtitle: str | None, covers: list[str], facts: list[list[str]], note: str, pages: list,
) -> dict[str, Any]:
    """One PDF file's data (the main book, a topic's book, a volume): its cover (title, subtitle, the
    edition's date, then ``facts``), its closing ``note`` and its ``pages``."""
    return {
        "title": settings.title,
        "subtitle": subtitle,
        "covers": covers,
        "date": human_date(ed.date) if ed.date else "date not stated",
        "iso_date": ed.date.isoformat() if ed.date else None,
        "date_label": ed.label,
        "facts": [[ed.label, human_date(ed.date) if ed.date else "not stated"], *facts],
        "note": note,
        "pages": pages,
    }


def _topic_fact(topics: list[TopicResult]) -> str:
    """The cover's "what it covers": the topics by name while they fit on a line or two."""
    names = ", ".join(t.topic.title for t in topics)
    return f"{len(topics)}: {names}" if len(names) <= 160 else str(len(topics))


def _resolve(node: Any, anchors: set[str], elsewhere: Any = None) -> None:
    """Point every internal link at a label this book defines; a link to a page outside it keeps its words.
    Above the volume line, ``elsewhere`` (pdf_volumes.Elsewhere) prints where another file holds it."""
    if isinstance(node, list):
        for i, item in enumerate(node):
            if isinstance(item, dict) and item.get("t") == "ref":
                node[i] = _target(item, anchors, elsewhere)
            _resolve(node[i], anchors, elsewhere)
    elif isinstance(node, dict):
        for key in ("c", "blocks", "items", "rows", "head", "by", "v", "title", "pages"):
            if isinstance(node.get(key), list):
                _resolve(node[key], anchors, elsewhere)
        if node.get("t") == "pageref" and node["to"] not in anchors:
            base = node["to"].split("#")[0]
            there = elsewhere.pageref(node["to"]) if elsewhere is not None and base not in anchors else None
            node.clear()
            if there is not None:
                node.update(there)
            else:
                node.update({"t": "pageref", "to": base} if base in anchors else {"t": "em", "c": ["not in this PDF"]})


def _target(ref: dict[str, Any], anchors: set[str], elsewhere: Any = None) -> dict[str, Any]:
    uri, frag = ref["uri"], ref.get("frag")
    if frag and f"{uri}#{frag}" in anchors:
        return {"t": "link", "to": f"{uri}#{frag}", "c": ref["c"]}
    if uri in anchors:
        return {"t": "link", "to": uri, "c": ref["c"]}
    there = elsewhere.ref(uri, frag, ref["c"]) if elsewhere is not None else None
    return there if there is not None else {"t": "span", "c": ref["c"]}


def _short(title: str) -> str:
    title = " ".join(title.split())
    if len(title) <= _RUNNING_MAX:
        return title
    return title[: _RUNNING_MAX - 1].rsplit(" ", 1)[0] + "…"


def _front(text: str) -> dict[str, Any]:
    """A page's front matter (empty when it has none, or none MkDocs would read)."""
    m = re.match(r"\A---[ \t]*\r?\n(.*?)^---", text, re.DOTALL | re.MULTILINE)
    if not m:
        return {}
    try:
        data = yaml.safe_load(m.group(1))
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def _front_title(text: str) -> str | None:
    title = _front(text).get("title")
    # Generated pages carry their title pre-escaped for HTML (Material prints it unescaped).
    return html.unescape(str(title)) if title else None


def page_labels(data: dict[str, Any]) -> Iterable[str]:
    """Every page's label in a book (for tests and tools)."""
    return (p["label"] for p in data["pages"] if p["label"])

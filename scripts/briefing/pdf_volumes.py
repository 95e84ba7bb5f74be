"""The PDF above the volume line: the briefing as several files, each one Typst compile of bounded size.

Typst holds a whole document in memory while it lays it out, and pages that refer to each other
("page 37") make it lay the document out more than once: the whole book for 1,000 sources took 8.6 GB
and 68 s. Above ``pdf_volume_sources`` sources (or WHOLE_WEIGHT of print data) the book is written as:

- ``briefing.pdf``: cover, contents, Home, a list of the files, the topics index, the sources index
  (which volume holds which sources), the bibliography (each source's file and page), About and the
  other pages; if that is more than one compile should hold, it continues in ``briefing-part-2.pdf`` …;
- per topic ``briefing-<id>.pdf`` (or ``briefing-<id>-1.pdf``, ``-2.pdf`` … for a long topic): its
  quotes, as many sources' sections per file as VOLUME_WEIGHT allows;
- ``briefing-sources-1.pdf``, ``-2.pdf`` …: the sources' pages, at most ``pdf_volume_sources`` per file.

Each file is compiled in a fresh process, one after another: Typst's caches are never returned while a
process lives (four compiles of 25 sources in one process: 127, 171, 214, 265 MB). The source volumes
are compiled first and report the page of every label other files refer to (``<export>`` marks), then
the topic files, then the main book, so a quote prints "page 37 in briefing-sources-3.pdf". A link to
something in another file opens the site page when ``site_url`` is set, and prints its words otherwise;
no link points at a place the file does not hold.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import page_typst, pdf_book
from .errors import BriefingError
from .model import Article, Build
from .page import Block as PageBlock, Column, Para, Table
from .topic_pages import quote_ids, section_id

# Print data (JSON characters) of one compile. Measured on synthetic sources: 1.05 MB of source pages
# (100 sources) peak at 0.32 GB in one compile, the whole book for 100 sources (2.05 MB, with its
# cross-references) at 0.88 GB.
VOLUME_WEIGHT = 1_300_000
WHOLE_WEIGHT = 2_200_000
MAIN_PART = "briefing-part-{k}.pdf"


def article_weight(a: Article) -> int:
    """About how many characters of print data a source's pages make (1.5 × its text, measured)."""
    c = a.cleaned
    text = (
        sum(len(p.text) for p in c.paragraphs) + sum(len(f.text) for f in c.footnotes)
        + sum(len(x) for x in c.further_reading) + sum(len(n.text) for n in c.notes)
        + len(a.citation.bibtex) + len(a.citation.reference)
    )
    return int(1.5 * text) + 500


def section_weight(quotes: list[Any]) -> int:
    """About how many characters of print data a source's section on a topic page makes."""
    return int(1.4 * (sum(len(q.text) for q in quotes) + 200 * len(quotes))) + 300


def whole_weight(build: Build) -> int:
    total = sum(article_weight(a) for a in build.articles)
    for t in build.topics:
        groups: dict[str, list[Any]] = {}
        for q in t.quotes:
            groups.setdefault(q.slug, []).append(q)
        total += sum(section_weight(g) for g in groups.values())
    return total


def _pack(items: list[tuple[str, int]], most: int, budget: int) -> list[list[str]]:
    """Consecutive runs of at most ``most`` items and ``budget`` weight (an item heavier alone gets its own)."""
    runs: list[list[str]] = []
    weight = 0
    for key, w in items:
        if not runs or len(runs[-1]) >= most or runs[-1] and weight + w > budget:
            runs.append([])
            weight = 0
        runs[-1].append(key)
        weight += w
    return runs


@dataclass(frozen=True)
class Part:
    """One PDF file: what it holds and where it stands among the others."""

    name: str
    kind: str  # "main", "topic" or "sources"
    title: str  # what the reader is told it holds
    slugs: tuple[str, ...] = ()  # the sources it prints (sources), or whose quotes it prints (topic)
    topic: str | None = None
    part: int = 1
    parts: int = 1
    plan: Plan | None = field(default=None, compare=False, repr=False)


class Plan:
    """Which file holds which page and anchor; built from the pipeline's data before anything compiles."""

    def __init__(self, build: Build, settings: pdf_book.BookSettings) -> None:
        self.build = build
        self.settings = settings
        self.volume_sources = settings.volume_sources
        runs = _pack([(a.slug, article_weight(a)) for a in build.articles], settings.volume_sources, VOLUME_WEIGHT)
        self.source_files = tuple(
            Part(f"briefing-sources-{k}.pdf", "sources", f"Sources, volume {k} of {len(runs)}", tuple(run), plan=self)
            for k, run in enumerate(runs, 1)
        )
        self.source_file = {slug: f.name for f in self.source_files for slug in f.slugs}
        self.first_index: dict[str, int] = {}
        done = 0
        for f in self.source_files:
            self.first_index[f.name] = done
            done += len(f.slugs)
        self.topic_files: dict[str, tuple[Part, ...]] = {}
        self._topic_part: dict[tuple[str, str], str] = {}
        self._frag_slug: dict[tuple[str, str], str] = {}
        order = {a.slug: i for i, a in enumerate(build.articles)}
        for t in build.topics:
            tid = t.topic.id
            groups: dict[str, list[Any]] = {}
            for q, qid in zip(t.quotes, quote_ids(t.quotes)):
                groups.setdefault(q.slug, []).append(q)
                self._frag_slug[(tid, str(qid))] = q.slug
            for slug in groups:
                self._frag_slug[(tid, str(section_id(slug)))] = slug
            slugs = sorted(groups, key=lambda s: order.get(s, len(order)))
            # A topic's sections are small (quotes, not full texts): only their weight bounds a file.
            runs = _pack([(s, section_weight(groups[s])) for s in slugs], len(slugs), VOLUME_WEIGHT) or [[]]
            parts = tuple(
                Part(
                    f"briefing-{tid}.pdf" if len(runs) == 1 else f"briefing-{tid}-{k}.pdf", "topic",
                    t.topic.title if len(runs) == 1 else f"{t.topic.title}, part {k} of {len(runs)}",
                    tuple(run), tid, k, len(runs), plan=self,
                )
                for k, run in enumerate(runs, 1)
            )
            self.topic_files[tid] = parts
            done = 0
            for p in parts:
                self.first_index[p.name] = done
                done += len(p.slugs)
                for s in p.slugs:
                    self._topic_part[(tid, s)] = p.name
        self.quoted = {(q.slug, q.paragraph) for t in build.topics for q in t.quotes}
        # The main book's pages, packed into as many files as their size needs.
        main = Part(pdf_book.PDF_NAME, "main", "The briefing", plan=self)
        b = pdf_book._Book(build, settings, volume=main)
        packed = _pack_pages(b.assemble(), VOLUME_WEIGHT)
        self.main_files = tuple(
            Part(pdf_book.PDF_NAME if k == 1 else MAIN_PART.format(k=k), "main",
                 "The briefing" if len(packed) == 1 else f"The briefing, part {k} of {len(packed)}",
                 (), None, k, len(packed), plan=self)
            for k in range(1, len(packed) + 1)
        )
        self.main_pages = dict(zip((f.name for f in self.main_files), packed))
        self._main_label: dict[str, str] = {}
        for f in self.main_files:
            for label in _labels(self.main_pages[f.name]):
                self._main_label.setdefault(label, f.name)
        names = [f.name for f in self.files()]
        clash = sorted({n for n in names if names.count(n) > 1})
        if clash:
            raise BriefingError(f"topics.yml: a topic id gives the PDF file name {clash[0]}, which another PDF file of the briefing has; rename the topic")

    def files(self) -> tuple[Part, ...]:
        """Every file, in reading order: the main book, the topics, the source volumes."""
        return self.main_files + tuple(p for t in self.build.topics for p in self.topic_files[t.topic.id]) + self.source_files

    def compile_order(self) -> tuple[Part, ...]:
        """Sources first, then topics, then the main book: each prints the pages of those before it."""
        return self.source_files + tuple(p for t in self.build.topics for p in self.topic_files[t.topic.id]) + self.main_files

    def topic_file_of(self, topic_id: str, slug: str) -> str:
        return self._topic_part.get((topic_id, slug)) or self.topic_files[topic_id][0].name

    def where(self, label: str) -> str | None:
        """The file that holds a label (a page or an anchor on it), or None when no file does."""
        uri, _, frag = label.partition("#")
        name = self._main_label.get(label) or (self._main_label.get(uri) if not frag else None)
        if name:
            return name
        if uri.startswith("sources/") and uri.endswith(".md"):
            return self.source_file.get(uri[len("sources/"):-3])
        if uri.startswith("topics/") and uri.endswith(".md"):
            parts = self.topic_files.get(uri[len("topics/"):-3])
            if not parts:
                return None
            if not frag:
                return parts[0].name
            slug = self._frag_slug.get((parts[0].topic, frag))
            return self._topic_part.get((parts[0].topic, slug), parts[0].name) if slug else parts[-1].name
        return self._main_label.get(uri)


def _labels(node: Any) -> list[str]:
    out: list[str] = []
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, list):
            stack.extend(reversed(n))
        elif isinstance(n, dict):
            for key in ("label", "anchor"):
                if isinstance(n.get(key), str):
                    out.append(n[key])
            stack.extend(v for v in n.values() if isinstance(v, (list, dict)))
    return out


def _weight(node: Any) -> int:
    return len(json.dumps(node, ensure_ascii=False))


def _pack_pages(pages: list[dict[str, Any]], budget: int) -> list[list[dict[str, Any]]]:
    parts: list[list[dict[str, Any]]] = [[]]
    weight = 0
    for page in pages:
        for piece in _split_page(page, budget):
            w = _weight(piece)
            if parts[-1] and weight + w > budget:
                parts.append([])
                weight = 0
            parts[-1].append(piece)
            weight += w
    return parts


def _split_page(page: dict[str, Any], budget: int) -> list[dict[str, Any]]:
    """A page too big for one file, cut between blocks (a long table or list between its rows)."""
    if _weight(page) <= budget:
        return [page]
    blocks: list[dict[str, Any]] = []
    for b in page["blocks"]:
        blocks += _split_block(b, budget // 2)
    pieces: list[list[dict[str, Any]]] = [[]]
    weight = 0
    for b in blocks:
        w = _weight(b)
        if pieces[-1] and weight + w > budget * 9 // 10:
            pieces.append([])
            weight = 0
        pieces[-1].append(b)
        weight += w
    out = [{**page, "blocks": pieces[0]}]
    for blocks_k in pieces[1:]:
        out.append({**page, "title": f"{page['title']} (continued)", "display": None, "label": None,
                    "export": False, "newpage": True, "blocks": blocks_k})
    return out


def _split_block(b: dict[str, Any], limit: int) -> list[dict[str, Any]]:
    if b.get("t") not in ("table", "list") or _weight(b) <= limit:
        return [b]
    key = "rows" if b["t"] == "table" else "items"
    chunks: list[list[Any]] = [[]]
    weight = 0
    for row in b[key]:
        w = _weight(row)
        if chunks[-1] and weight + w > limit:
            chunks.append([])
            weight = 0
        chunks[-1].append(row)
        weight += w
    out, done = [], 0
    for k, chunk in enumerate(chunks):
        piece = {**b, key: chunk}
        if k and "anchor" in piece:
            del piece["anchor"]
        if b["t"] == "list":
            piece["start"] = b.get("start", 1) + done  # an ordered list keeps counting
        out.append(piece)
        done += len(chunk)
    return out


class Elsewhere:
    """How one file prints a link to a place another file holds."""

    def __init__(self, plan: Plan, here: str, pages: dict[str, int]) -> None:
        self.plan, self.here, self.pages = plan, here, pages

    def _href(self, uri: str, frag: str | None) -> str | None:
        base = self.plan.settings.site_url
        if not base:
            return None
        path = uri[:-3] if uri.endswith(".md") else uri
        path = "" if path == "index" else path[: -len("index")] if path.endswith("/index") else path + "/"
        return base.rstrip("/") + "/" + path + (f"#{frag}" if frag else "")

    def ref(self, uri: str, frag: str | None, body: list[Any]) -> dict[str, Any] | None:
        label = f"{uri}#{frag}" if frag else uri
        name = self.plan.where(label)
        if name is None or name == self.here:
            return None
        href = self._href(uri, frag)
        return {"t": "url", "href": href, "c": body, "show": False} if href else {"t": "span", "c": body}

    def pageref(self, label: str) -> dict[str, Any] | None:
        name = self.plan.where(label)
        if name is None or name == self.here:
            return None
        uri, _, frag = label.partition("#")
        page = self.pages.get(label, self.pages.get(uri))
        words = [f"{page} in {name}" if page is not None else f"in {name}"]
        href = self._href(uri, frag or None)
        return {"t": "url", "href": href, "c": words, "show": False} if href else {"t": "span", "c": words}


# The plan links() made, kept for the one write() of the same build that follows in a site build
# (planning lays out the main book: about a second at 1,000 sources). write() takes it once: its
# pages are resolved in place as the files are written.
_planned: list[Plan] = []


def _plan(build: Build, settings: pdf_book.BookSettings, keep: bool = False) -> Plan:
    kept = _planned.pop() if _planned else None
    plan = kept if kept is not None and kept.build is build and kept.settings == settings else Plan(build, settings)
    if keep:
        _planned.append(plan)
    return plan


def links(build: Build, settings: pdf_book.BookSettings) -> dict[str, Any]:
    plan = _plan(build, settings, keep=True)
    return {
        "book": pdf_book.PDF_NAME,
        "topics": {pdf_book.topic_uri(t): plan.topic_files[t.topic.id][0].name for t in build.topics},
        "sources": {f"sources/{slug}.md": name for slug, name in plan.source_file.items()},
        "files": [{"name": f.name, "kind": f.kind, "title": f.title} for f in plan.files()],
    }


def files_blocks(plan: Plan) -> tuple[PageBlock, ...]:
    """The main book's list of every file a reader needs, with what each holds."""
    articles = {a.slug: a for a in plan.build.articles}
    rows = []
    for f in plan.files():
        if f.kind == "main":
            what = "home, topics and sources indexes, bibliography and the other pages" if f.parts == 1 else (
                "continued" if f.part > 1 else "home, topics and sources indexes and the pages that follow")
        elif f.kind == "topic":
            what = f"the passages quoted from {len(f.slugs):,} {'source' if len(f.slugs) == 1 else 'sources'}"
        else:
            first, last = articles[f.slugs[0]], articles[f.slugs[-1]]
            what = f"{len(f.slugs):,} articles, from “{pdf_book._short(first.meta.title)}” to “{pdf_book._short(last.meta.title)}”"
        rows.append(((f.name,), (f.title,), (what,)))
    return (
        Para((
            f"This briefing is printed as {len(rows)} PDF files, each with its own contents and bookmarks. "
            f"A reference to a page in another file names that file, as in “page 12 in {plan.source_files[-1].name}”"
            + ("; as a link it opens the page on the site." if plan.settings.site_url else "."),
        )),
        Table((Column(("File",)), Column(("Title",), width="1fr"), Column(("What it holds",), width="1.4fr")), tuple(rows)),
    )


def _files_page(plan: Plan) -> dict[str, Any]:
    """The main book's page that lists its files (files_blocks), as print data."""
    blocks = page_typst.Writer("", lambda uri, frag: f"{uri}#{frag}").blocks(files_blocks(plan))  # it has no anchor
    return {
        "level": 1, "title": "The files of this briefing", "display": None, "kicker": None, "label": None,
        "newpage": True, "running": "The files of this briefing", "part": "The files of this briefing",
        "blocks": blocks,
    }


def _data(plan: Plan, f: Part, ed: pdf_book.Edition, pages: dict[str, int]) -> dict[str, Any]:
    build, settings = plan.build, plan.settings
    n = len(build.articles)
    if f.kind == "main":
        body = plan.main_pages[f.name]
        if f.part == 1:
            body = body[:1] + [_files_page(plan)] + body[1:]
        anchors = set(_labels(body))
        n_files = len(plan.files())
        covers = [settings.description] if settings.description else []
        covers.append(
            f"This briefing of {n:,} sources is printed as {n_files} PDF files: this one, one for each topic’s "
            f"quotes, and {len(plan.source_files)} volumes of the sources’ full texts; the page “The files of "
            f"this briefing” in {pdf_book.PDF_NAME} lists them all."
        )
        if f.parts > 1:
            covers.append(f"This is part {f.part} of {f.parts} of {pdf_book.PDF_NAME}’s pages.")
        subtitle = None if f.parts == 1 else f"Part {f.part} of {f.parts}"
        facts = [["Sources", f"{n:,}"]] + ([["Topics", pdf_book._topic_fact(list(build.topics))]] if build.topics else [])
    else:
        b = pdf_book._Book(build, settings, volume=f)
        body = b.assemble()
        anchors = b.anchors
        if f.kind == "topic":
            t = next(t for t in build.topics if t.topic.id == f.topic)
            subtitle = f.title
            covers = [t.topic.description, (
                f"This PDF holds the topic’s quotes from {len(f.slugs):,} "
                f"{'source' if len(f.slugs) == 1 else 'sources'}, each with its paragraph number and its page in "
                f"the source volumes (briefing-sources-1.pdf to {plan.source_files[-1].name}) that hold the "
                f"sources’ full texts; {pdf_book.PDF_NAME} lists every file."
            )]
            facts = [["Sources", f"{len(f.slugs):,} of {n:,}"]]
        else:
            subtitle = f.title
            first = plan.first_index[f.name]
            held = (f"Articles {first + 1:,} to {first + len(f.slugs):,}" if len(f.slugs) > 1
                    else f"Article {first + 1:,}")
            covers = [
                f"{held} of the {n:,} this briefing is built from, "
                f"newest first, each with its own text, numbered paragraphs and a ready citation. The topic pages, "
                f"the bibliography and the other volumes are separate files; {pdf_book.PDF_NAME} lists them all."
            ]
            facts = [["Sources", f"{len(f.slugs):,} of {n:,}"], ["Volume", f"{f.part} of {len(plan.source_files)}"]]
    pdf_book._resolve(body, anchors, Elsewhere(plan, f.name, pages))
    return pdf_book.cover_and_pages(
        settings, ed, subtitle, covers, facts,
        "Every quotation remains the work of its author and publisher; each source’s pages give its full "
        "reference. Paragraph numbers (¶) match the site’s paragraph links.",
        body,
    )


_WORKER = r"""
import json, sys
import typst
job = json.loads(sys.argv[1])
with open(job["data"], encoding="utf-8") as fh:
    data = fh.read()
try:
    c = typst.Compiler(job["template"], root=job["root"], sys_inputs={"briefing": data}, ignore_system_fonts=True)
    del data
    blob = c.compile(timestamp=job["timestamp"])
    exports = json.loads(c.query("<export>", field="value"))
except typst.TypstError as exc:
    sys.stderr.write(" ".join(str(getattr(exc, "message", exc)).split()))
    sys.exit(3)
with open(job["out"], "wb") as fh:
    fh.write(blob)
json.dump({e["l"]: e["p"] for e in exports}, sys.stdout)
"""


def compile_apart(data: dict[str, Any], ed: pdf_book.Edition, target: Path, tmp: Path) -> dict[str, int]:
    """Compile one file in a fresh process (whose memory goes when it ends); the pages it exports."""
    import datetime as dt

    source = tmp / f"{target.stem}.json"
    source.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    stamp = dt.datetime.combine(ed.date or dt.date(1970, 1, 1), dt.time(), dt.timezone.utc)
    job = {"data": str(source), "out": str(target), "template": str(pdf_book.TEMPLATE), "root": str(pdf_book.TEMPLATES),
           "timestamp": int(stamp.timestamp())}
    done = subprocess.run([sys.executable, "-c", _WORKER, json.dumps(job)], capture_output=True, text=True, check=False)
    source.unlink()
    if done.returncode != 0:
        message = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit status {done.returncode}"
        raise BriefingError(f"{target.name}: Typst could not typeset the PDF: {message}")
    return json.loads(done.stdout)


def write(build: Build, settings: pdf_book.BookSettings, out: Path, ed: pdf_book.Edition) -> tuple[Path, ...]:
    """Every file, compiled one after another; returns their paths in reading order (the main book first)."""
    plan = _plan(build, settings)
    where = {f.name: (out if f.name == pdf_book.PDF_NAME else out.parent / f.name) for f in plan.files()}
    pages: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="briefing-pdf-") as tmp:
        for f in plan.compile_order():
            exported = compile_apart(_data(plan, f, ed, pages), ed, where[f.name], Path(tmp))
            pages.update(exported)
    return tuple(where[f.name] for f in plan.files())

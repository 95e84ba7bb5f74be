"""Run the whole pipeline: sources in, articles and generated pages out. Never imports MkDocs."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from itertools import chain
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NamedTuple

from . import ahead, render, source_parts, timeline, timeline_page, topic_pages
from .cache import Cache, Transient, digest
from .citations import cite, name_doubt
from .clean import clean, corpus_kept, corpus_lines, doubts, line_keys
from .errors import BriefingError, source_problem
from .model import Article, Build, Meta, Page, Quote, Source, Topic, TopicResult
from .duplicates import (
    address_problems, find_duplicates, near_duplicates, shingles, similarity, sketch, text_key, url_key,
)
from .passages import check_quotes, quotes_per_topic, select_topics
from .sources import display_name, read_bytes, read_sources, source_files, source_from_bytes
from .topics import load_topics


@dataclass(frozen=True)
class Settings:
    """Where the inputs are; paths are relative to ``root`` (the folder holding mkdocs.yml)."""

    root: Path
    sources: str = "sources"
    docs: str = "docs"  # hand-written pages: a generated page never takes one's address
    topics: str = "topics.yml"
    # The home page lists this many sources, newest first, and links to the full lists beyond that.
    home_sources_max: int = 30
    # From this many sources to clean, a second process cleans half of them (see ahead.py).
    parallel_from: int = 200
    # Source files a pull request adds (paths as problems name them): a duplicate pair is reported
    # on the added file, where the pull request's annotation belongs.
    added: tuple[str, ...] = ()

    @property
    def sources_dir(self) -> Path:
        return self.root / self.sources

    @property
    def topics_file(self) -> Path:
        return self.root / self.topics

    def handwritten(self) -> dict[str, str]:
        """``uri -> 'docs/uri'`` for every hand-written file, so clashes name the file."""
        docs = self.root / self.docs
        if not docs.is_dir():
            return {}
        files = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file())
        return {uri: f"{Path(self.docs).name}/{uri}" for uri in files if not uri.startswith(".")}


# Generated pages whose address a source could take; the final check covers every generated page.
GENERATED = {"sources/index.md": "the generated Sources index"}


def read_topics(settings: Settings) -> tuple[tuple[Topic, ...], list[str]]:
    """The topics, and problems with them. Topics are optional: without topics.yml, no topic pages."""
    if not settings.topics_file.exists():
        return (), []
    try:
        return load_topics(settings.topics_file, Path(settings.topics).as_posix()), []
    except BriefingError as exc:
        return (), list(exc.problems)


def make_article(source: Source, shared: frozenset[str] = frozenset()) -> Article:
    """``shared``: keys of the lines that other sources' captures hold too (see corpus_lines)."""
    meta = source.meta
    cleaned = clean(source.raw, meta.title, meta.authors, meta.drop_lines, shared)
    return Article(source=source, cleaned=cleaned, citation=cite(meta, source.slug))


def by_date(articles: tuple[Article, ...]) -> tuple[Article, ...]:
    """Newest first; undated articles last, by title."""
    dated = sorted((a for a in articles if a.meta.date), key=lambda a: (a.meta.date, a.slug), reverse=True)
    undated = sorted((a for a in articles if not a.meta.date), key=lambda a: (a.meta.title.casefold(), a.slug))
    return tuple(dated + undated)


def by_reference(articles: tuple[Article, ...]) -> tuple[Article, ...]:
    return tuple(sorted(articles, key=lambda a: (a.citation.reference.casefold(), a.slug)))


def check_articles(articles: tuple[Article, ...]) -> list[str]:
    """Problems no single file shows: an article with no text left after cleaning."""
    return [
        f"{a.source.path}: no article text is left after cleaning (every line was taken for page chrome)"
        for a in articles
        if not a.cleaned.body
    ]


def warnings_for(articles: tuple[Article, ...]) -> list[str]:
    out: list[str] = []
    for a in articles:
        box = {n.casefold() for n in a.cleaned.author_box.names}
        stated = {n.casefold() for n in a.meta.authors}
        if box and stated and not box & stated:
            out.append(
                f"{a.source.path}: front matter 'author' ({', '.join(a.meta.authors)}) differs from the "
                f"author box ({', '.join(a.cleaned.author_box.names)})"
            )
    return out


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector around a one-off build, then set aside (gc.freeze)
    what the build made, so later collections do not walk it again.

    The pipeline makes millions of small, acyclic objects; the collector kept walking them, 8-12%
    of a 1,000-source site build. Reference counting still frees everything as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


_settled = False


@contextmanager
def collector_settled() -> Iterator[None]:
    """Around each build of `mkdocs serve`, whose cache holds the corpus between rebuilds: after
    the first build, what it made and still holds is set aside once (gc.freeze, after a full
    collection), so that the collections a rebuild triggers do not walk the whole corpus again.

    At 1,000 sources those walks were a third of a rebuild's pipeline time. Later rebuilds' objects
    stay collectable as usual. An object set aside and later dropped is still freed by reference
    counting, unless it is part of a reference cycle; at worst, what stays is one build's worth.
    """
    global _settled
    yield
    if not _settled:
        _settled = True
        gc.collect()
        gc.freeze()


def as_chosen(
    results: tuple[TopicResult, ...], articles: tuple[Article, ...], chosen: dict[str, tuple[tuple[Quote, ...], ...]]
) -> bool:
    """Whether each topic's quotes are exactly those selection chose (``chosen``: each source's
    quotes per topic), source after source in the order of ``articles``."""
    return all(
        result.quotes == tuple(chain.from_iterable(chosen[a.slug][k] for a in articles)) for k, result in enumerate(results)
    )


def verbatim_problems(
    results: tuple[TopicResult, ...],
    articles: tuple[Article, ...],
    chosen: dict[str, tuple[tuple[Quote, ...], ...]] | None,
    memo: Callable[[Article, Callable[[], tuple[str, ...]]], tuple[str, ...]],
) -> list[str]:
    """check_quotes on the final results, each source's quotes checked once.

    ``chosen``: each source's quotes per topic, when the results are exactly those (see as_chosen);
    then ``memo(article, check)`` may return a source's check from a cache (its quotes are cached
    by the same keys), so a rebuild checks only the sources it changed, or the check made with the
    source in a cold build (see _make). Otherwise (``None``: something changed the quotes after
    selection), every quote of the results is checked again.
    """
    if chosen is None:
        return check_quotes(results, articles)
    topics = tuple(r.topic for r in results)
    return [problem for a in articles for problem in memo(a, lambda a=a: own_quote_problems(a, topics, chosen[a.slug]))]


def own_quote_problems(article: Article, topics: tuple[Topic, ...], quotes: tuple[tuple[Quote, ...], ...]) -> tuple[str, ...]:
    """check_quotes on one source's ``quotes`` on each of ``topics``."""
    mine = tuple(TopicResult(topic=t, quotes=q, silent=()) for t, q in zip(topics, quotes))
    return tuple(check_quotes(mine, (article,)))


def doubts_for(articles: tuple[Article, ...], shared: frozenset[str]) -> tuple[str, ...]:
    """Each article's doubtful kept lines (clean.doubts) and authors the citations may read wrongly
    (citations.name_doubt), one line each naming the file."""
    return tuple(
        line
        for a in articles
        for line in (
            *(f"{a.source.path}: {where} {why}: '{text}'" for where, text, why in doubts(a.cleaned, shared)),
            *(source_problem(a.source.path, "author", why) for why in _author_doubts(a.meta)),
        )
    )


def _author_doubts(meta: Meta) -> list[str]:
    found = (name_doubt(a, a in meta.organisations) for a in meta.authors)
    return [why for why in found if why]


def with_corpus(articles: tuple[Article, ...], memo: "Memo") -> tuple[tuple[Article, ...], Callable[[], frozenset[str]]]:
    """The articles cleaned again, each without the short lines and blurbs it kept that other
    captures hold too (the same site's tagline, menu entries, section names, "About us"
    paragraph), and how to find the keys of every line two captures hold (for the doubts, when
    asked). Only an article that kept such a line is cleaned again: its key then holds those
    lines (so a cache follows the other sources), and what was made with it as it loaded is made
    anew."""
    if len(articles) < 2:
        return articles, frozenset
    keys, cache = memo.keys, memo.cache
    line_keys_of = {a.slug: memo.of_source("line-keys", a.slug, lambda a=a: line_keys(a.source.raw), part="line_keys") for a in articles}
    maybe = {a.slug: memo.of_source("corpus-kept", a.slug, lambda a=a: corpus_kept(a.cleaned), part="corpus_kept") for a in articles}
    shared = corpus_lines(line_keys_of, among=frozenset().union(*maybe.values()))
    out = []
    for a in articles:
        found = maybe[a.slug] & shared
        if found:
            keys[a.slug] = digest(keys[a.slug], *sorted(found))
            memo.made.pop(a.slug, None)
            a = cache.get(("article", keys[a.slug]), lambda a=a, found=found: make_article(a.source, found))
        out.append(a)
    return tuple(out), lambda: corpus_lines(line_keys_of)


class MadeSource(NamedTuple):
    """What _make gives: what a source needs on its own, made as it is loaded (in either process)."""

    article: Article
    quotes: tuple[tuple[Quote, ...], ...]  # on each topic
    text_key: str
    url_key: str | None
    quote_problems: tuple[str, ...]  # the check that each of its quotes is verbatim
    near_key: tuple[int, ...]  # duplicates.sketch of its cleaned text
    dated: tuple[timeline.Dated, ...]  # its sentences that state a date (the Timeline's)
    line_keys: frozenset[str]  # its capture's lines' keys, and the kept lines that may be the site's
    corpus_kept: frozenset[str]  # boilerplate: what with_corpus compares across captures


Made = dict[str, MadeSource]
# A source file loaded and made at once: problems, source, key, hash of its bytes, what _make gives.
Early = tuple[tuple[str, ...], "Source | None", str, str, "MadeSource | None"]


def _source_key(source: Source) -> str:
    """A hash of everything an article is made from (its file's place, slug, facts and text)."""
    return digest(source.path, source.slug, repr(source.meta), source.raw)


def _make(source: Source, topics: tuple[Topic, ...]) -> MadeSource:
    """What each source needs on its own: its cleaned article, its quotes, its duplicate keys, and
    the check that each of its quotes is verbatim (made with the rest, in whichever process)."""
    article = make_article(source)
    quotes = quotes_per_topic(topics, article)
    return MadeSource(
        article, quotes, text_key(source.raw), url_key(source.meta.url), own_quote_problems(article, topics, quotes),
        sketch(article_text(article)), timeline.dated(article), line_keys(source.raw), corpus_kept(article.cleaned),
    )


class _Texts(Mapping[str, str]):
    """Path -> the article's text (article_text), made when asked for."""

    def __init__(self, articles: dict[str, Article]) -> None:
        self._articles = articles

    def __getitem__(self, path: str) -> str:
        return article_text(self._articles[path])

    def __iter__(self) -> Iterator[str]:
        return iter(self._articles)

    def __len__(self) -> int:
        return len(self._articles)


def dated_repr(records: tuple[timeline.Dated, ...]) -> str:
    """The records as text that depends only on their values: a frozenset's repr follows its table's
    layout, which differs between equal sets built differently (one made in the helper process and
    pickled back, one made here), and the Timeline page would then be remade for nothing."""
    return repr([(*(getattr(r, f) for f in ("slug", "paragraph", "sentence", "quote", "date")), sorted(r.terms)) for r in records])


def article_text(article: Article) -> str:
    """The article's own words, as near-duplicates are compared: its cleaned paragraphs."""
    return "\n".join(p.text for p in article.cleaned.body)


@dataclass
class Memo:
    """The one layer of reuse around the stages. ``cache`` keeps values between builds (under `mkdocs
    serve`; a one-off build's Transient keeps nothing), each keyed by a hash of its inputs: ``keys``
    holds each source's (everything its article is made from), which a stage's key adds to the
    other inputs it reads (the topics). ``made``: what was made for a source as it was
    loaded (_make, in this process or the helper's, see load_sources), used before making it again."""

    cache: Cache
    keys: dict[str, str] = field(default_factory=dict)  # slug -> hash of everything its article is made from
    made: Made = field(default_factory=dict)

    def of_source(self, kind: str, slug: str, compute: Callable[[], Any], *inputs: str, part: str | None = None) -> Any:
        """``compute()`` for one source, reused while its key (and ``inputs``) are unchanged; ``part``
        of what _make gave, when the source was made as it was loaded."""
        if part is not None and slug in self.made:
            made = self.made[slug]
            compute = lambda: getattr(made, part)  # noqa: E731
        return self.cache.get((kind, self.keys[slug], *inputs), compute)


class Selected(NamedTuple):
    """What the select stage gives: each topic's result, warnings, and each source's quotes."""

    results: tuple[TopicResult, ...]
    warnings: tuple[str, ...]
    quotes_of: Callable[[str], tuple[tuple[Quote, ...], ...]]  # slug -> its quotes on each topic
    topics_key: str
    dated_of: dict[str, tuple[timeline.Dated, ...]]  # slug -> its sentences that state a date (the Timeline's)


def build(settings: Settings, cache: Cache | None = None) -> Build:
    """Load, clean and cite every source, select the topics' passages, and plan every generated
    page (each page's HTML is rendered when its ``body`` is asked for).

    Each stage is a plain function of its inputs. With a ``cache`` kept between calls (as the MkDocs
    hook does under ``mkdocs serve``), only the sources whose content changed are processed again;
    changing topics.yml invalidates what depends on it, through the keys (see Memo).
    """
    cache = cache or Transient()
    cache.new_generation()
    memo = Memo(cache)
    topics, topic_problems = read_topics(settings)
    sources, load_problems = load_sources(settings, topics, memo)
    articles, shared_lines, clean_problems = clean_sources(settings, sources, memo)
    # Every problem of a build is reported at once: loading, topics, duplicates, then cleaning.
    problems = [*load_problems, *topic_problems, *clean_problems]
    if problems:
        raise BriefingError(*problems)
    ordered = by_date(articles)
    selected = select(topics, ordered, memo)
    pages, fragments = make_pages(settings, ordered, selected, memo)
    return Build(
        articles=ordered,
        pages=pages,
        fragments=fragments,
        warnings=(*warnings_for(articles), *selected.warnings),
        topics=selected.results,
        find_doubts=lambda: doubts_for(ordered, shared_lines()),
    )


def load_sources(settings: Settings, topics: tuple[Topic, ...], memo: Memo) -> tuple[tuple[Source, ...], tuple[str, ...]]:
    """Stage 1, load: every source file read and validated, and its key set in ``memo``; a file whose
    size and modification time are unchanged is not read again (as make does).

    A build that starts with nothing cached (every one-off build, the first under `mkdocs serve`)
    loads and makes the sources in two processes at once (see ahead.py): a forked child from the
    last file back while this process goes from the first, until the two meet; what either made
    goes into ``memo.made``, so the later stages take it instead of making it again."""
    cache = memo.cache

    def early(path: str) -> Early:
        """A source loaded, its key and what _make gives (or the problems of loading it)."""
        file = Path(path)
        display = display_name(file, settings.root)
        try:
            data = read_bytes(file, display)
            source = source_from_bytes(data, file, display)
        except BriefingError as exc:
            return exc.problems, None, "", "", None
        return (), source, _source_key(source), digest(data), _make(source, topics)

    helper = None
    if cache.empty and ahead.available() and settings.sources_dir.is_dir():
        files = source_files(settings.sources_dir)
        if len(files) >= settings.parallel_from:
            helper = ahead.Ahead([str(f) for f in files], early, from_end=True)

    def load(file: Path, display: str) -> Source:
        def read() -> tuple[Source, str]:
            if helper is not None:  # loaded by the child, or now by this process, and made
                problems, loaded, key, data_key, got = helper.take(str(file)) or early(str(file))
                if loaded is None:
                    raise BriefingError(*problems)
                memo.made[loaded.slug] = got
                return cache.get(("source", display, data_key), lambda: loaded), key
            data = read_bytes(file, display)
            source = cache.get(("source", display, digest(data)), lambda: source_from_bytes(data, file, display))
            return source, _source_key(source)

        stat = file.stat()
        source, key = cache.get(("file", display, stat.st_mtime_ns, stat.st_size), read)
        memo.keys[source.slug] = key
        return source

    try:
        return read_sources(settings.sources_dir, settings.root, load)
    finally:
        if helper is not None:
            helper.close()


def clean_sources(
    settings: Settings, sources: tuple[Source, ...], memo: Memo
) -> tuple[tuple[Article, ...], Callable[[], frozenset[str]], list[str]]:
    """Stage 2, clean and cite: each source's article, cleaned again without the lines other
    captures share (with_corpus); how to find those shared lines (for the doubts); and the
    problems found on the way: duplicate and near-duplicate sources, articles left empty."""
    reserved = {**settings.handwritten(), **GENERATED}
    text_keys = {s.path: memo.of_source("text-key", s.slug, lambda s=s: text_key(s.raw), part="text_key") for s in sources}
    url_keys = {s.path: memo.of_source("url-key", s.slug, lambda s=s: url_key(s.meta.url), part="url_key") for s in sources}
    same = find_duplicates(sources, reserved, text_keys, url_keys, settings.added)
    problems = [d.message() for d in same]
    articles = tuple(memo.of_source("article", s.slug, lambda s=s: make_article(s), part="article") for s in sources)
    articles, shared_lines = with_corpus(articles, memo)
    near_keys = {
        a.source.path: memo.of_source("near-key", a.slug, lambda a=a: sketch(article_text(a)), part="near_key")
        for a in articles
    }
    # Each text only when a pair of sketches asks for it (most builds compare no pair anew).
    texts = _Texts({a.source.path: a for a in articles})
    key_of = {a.source.path: memo.keys[a.slug] for a in articles}

    @lru_cache(maxsize=None)  # this build's: a source may be in several candidate pairs
    def shingled(path: str) -> frozenset:
        return shingles(texts[path])

    def compare(x: str, y: str) -> float:  # remembered by both sources' keys: a rebuild compares only what changed
        return memo.cache.get(("similar", key_of[x], key_of[y]), lambda: similarity(shingled(x), shingled(y)))

    problems += [
        d.message()
        for d in near_duplicates(texts, near_keys, [(d.first, d.second) for d in same], settings.added, compare)
    ]
    problems += check_articles(articles)
    return articles, shared_lines, problems


def select(topics: tuple[Topic, ...], ordered: tuple[Article, ...], memo: Memo) -> Selected:
    """Stage 3, select: each topic's passages from the articles (newest first), every quote checked
    to be its source's own words (a quote that is not must never reach a reader)."""
    topics_key = digest(repr(topics))
    chosen: dict[str, tuple[tuple[Quote, ...], ...]] = {}  # slug -> its quotes on each topic

    def quotes_memo(a: Article, compute: Callable[[], tuple[tuple[Quote, ...], ...]]) -> tuple[tuple[Quote, ...], ...]:
        chosen[a.slug] = memo.of_source("quotes", a.slug, compute, topics_key, part="quotes")
        return chosen[a.slug]

    results, topic_warnings = select_topics(topics, ordered, quotes_memo)
    # When the results are exactly the quotes selection chose (nothing changed them since), what
    # pages need per source is found from its own quotes, without grouping every quote of the
    # briefing on every rebuild; otherwise, from the results.
    faithful = as_chosen(results, ordered, chosen)
    unverbatim = verbatim_problems(
        results,
        ordered,
        chosen if faithful else None,
        lambda a, check: memo.of_source("verbatim", a.slug, check, topics_key, part="quote_problems"),
    )
    if unverbatim:
        raise BriefingError(*unverbatim)
    in_results = [topic_pages.quotes_by_source(r) for r in results]
    # Every dated sentence of each source (remembered by its content), checked verbatim as quotes are.
    dated_of = {
        a.slug: memo.of_source("dated", a.slug, lambda a=a: timeline.dated(a), part="dated") for a in ordered
    }
    # Each source's dated sentences checked against its own text, again only when it changed.
    unverbatim = [
        problem for a in ordered
        for problem in memo.of_source("dated-check", a.slug, lambda a=a: tuple(timeline.check(dated_of[a.slug], (a,))))
    ]
    if unverbatim:
        raise BriefingError(*unverbatim)

    def quotes_of(slug: str) -> tuple[tuple[Quote, ...], ...]:
        """A source's quotes on each topic, as the pages show them."""
        return chosen[slug] if faithful else tuple(of(slug) for of in in_results)

    return Selected(results, tuple(topic_warnings), quotes_of, topics_key, dated_of)


def make_pages(
    settings: Settings, ordered: tuple[Article, ...], selected: Selected, memo: Memo
) -> tuple[tuple[Page, ...], dict[str, str]]:
    """Stage 4, make pages: every generated page (its HTML made when asked for) and the fragments
    hand-written pages include; fails when a page would take an address already taken."""
    cache, keys = memo.cache, memo.keys
    results, quotes_of, topics_key = selected.results, selected.quotes_of, selected.topics_key
    dated_of = selected.dated_of
    dated = tuple(chain.from_iterable(dated_of.values()))

    def source_page(a: Article) -> Page:
        # A source's page depends on its article and its quotes (the topics).
        key = ("source-page", keys[a.slug], topics_key)

        def new() -> Page:
            def quoted_on() -> dict[str, Any]:
                entries = topic_pages.source_quoted_on(tuple(r.topic for r in results), a.slug, quotes_of(a.slug))
                return {"quoted_on": topic_pages.quoted_on_blocks(a.slug, entries),
                        "backlinks": source_parts.paragraph_backlinks(entries)}

            page = render.source_page(a, quoted_on)
            return replace(page, make=lambda: cache.get((*key, "body"), page.make))

        return cache.get(key, new)

    pages: list[Page] = [source_page(a) for a in ordered]

    def row_memo(name: tuple, a: Article, compute):
        # A table row depends on its article and the topics (passage counts).
        return cache.get(("row", *name, keys[a.slug], topics_key), compute)

    # The pages made from every source (topic pages and indexes) show only each source's facts,
    # citation, footnote numbers and quotes: an edit that changes none of these (a typo fixed in a
    # sentence no topic quotes) leaves them as they were, and `mkdocs serve` reuses them whole.
    def whole(page: Page, depends: Callable[[], tuple[str, ...]]) -> Page:
        if not cache.keeps:
            return page  # nothing is reused: no key needed
        key = ("whole-page", page.uri, topics_key, facts(), *depends())
        return replace(page, make=lambda: cache.get(key, page.make))

    @lru_cache(maxsize=1)
    def facts() -> str:
        return digest(*(
            cache.get(("facts", keys[a.slug]), lambda a=a: digest(repr((a.slug, a.meta, a.citation, [f.number for f in a.cleaned.footnotes]))))
            for a in ordered
        ))

    @lru_cache(maxsize=1)
    def quotes_key() -> dict[str, str]:
        # Each source's quotes on each topic, hashed once (its quotes are cached by the same keys).
        def per_source(slug: str) -> tuple[str, ...]:
            return tuple(digest(repr(qs)) for qs in quotes_of(slug))

        digests = [cache.get(("quotes-digest", keys[a.slug], topics_key), lambda a=a: per_source(a.slug)) for a in ordered]
        return {r.topic.id: digest(*(d[k] for d in digests), repr(r.silent)) for k, r in enumerate(results)}

    for page in topic_pages.pages(
        results,
        ordered,
        lambda topic, a, compute: cache.get(("topic-section", topic, keys[a.slug], topics_key), compute),
        row_memo,
        lambda k: lambda slug: quotes_of(slug)[k],
    ):
        topic_id = page.uri.removeprefix("topics/").removesuffix(".md")
        pages.append(whole(page, lambda t=topic_id: (quotes_key()[t],) if t in quotes_key() else tuple(quotes_key().values())))
    # The site and the PDF both make the Timeline page: its entries are found once. It shows each
    # source's dated sentences, facts and topic tags (from its quotes): an edit that changes none of
    # these leaves it as it was (grouping a thousand sources' dates takes about half a second).
    def timeline_key() -> tuple[str, ...]:
        each = (cache.get(("dated-digest", keys[a.slug]), lambda a=a: digest(dated_repr(dated_of[a.slug]))) for a in ordered)
        return (digest(*each), *quotes_key().values())

    pages.append(whole(timeline_page.page(lru_cache(maxsize=1)(lambda: timeline.entries(dated, results)), ordered, results), timeline_key))
    pages.append(whole(render.sources_page(ordered), tuple))
    referenced = by_reference(ordered)
    pages.append(whole(render.bibliography_page(referenced), tuple))
    pages.append(Page(uri="briefing.bib", make=lambda: bibtex_file(referenced)))
    pages.append(Page(uri="briefing.ris", make=lambda: "".join(a.citation.ris + "\n" for a in referenced)))
    pages.append(Page(uri="briefing.json", make=lambda: csl_file(referenced)))
    paths = {f"sources/{a.slug}.md": a.source.path for a in ordered}
    handwritten = settings.handwritten()
    clashes = address_problems(
        [(docs_path, uri) for uri, docs_path in handwritten.items()]
        + [(paths.get(p.uri) or GENERATED.get(p.uri) or f"the generated page '{p.uri}'", p.uri) for p in pages]
    )
    if clashes:
        raise BriefingError(*clashes)
    home = ordered[: settings.home_sources_max]
    more = len(ordered) - len(home)
    fragments = {
        "sources-by-date": render.sources_excerpt(home, more),
        "source-count": str(len(ordered)),
        "coverage-matrix": topic_pages.coverage_matrix(results, home, "index.md", row_memo, more=more),
    }
    return tuple(pages), fragments


def contents(result: Build, parallel_from: int = 200) -> Iterator[tuple[Page, str]]:
    """Each generated file with its content: first the pages made from every source (topic pages,
    indexes), then one page per source. From ``parallel_from`` pages, a forked child renders from
    the far end while this process renders from the start: this process takes the few long pages
    and the child the many short ones, so the two meet within a source page of each other (with
    the long pages last, the process that reached them first could wait for one)."""
    own = {f"sources/{a.slug}.md" for a in result.articles}
    ordered = [p for p in result.pages if p.uri not in own] + [p for p in result.pages if p.uri in own]
    if len(ordered) < parallel_from or not ahead.available():
        yield from ((p, p.content) for p in ordered)
        return
    pages = {p.uri: p for p in ordered}
    helper = ahead.Ahead(list(pages), lambda uri: pages[uri].content, from_end=True)
    try:
        for page in ordered:
            got = helper.take(page.uri)
            yield page, got if got is not None else page.content
    finally:
        helper.close()


def csl_file(referenced: tuple[Article, ...]) -> str:
    """The CSL-JSON file: a JSON array of every source's item, in the bibliography's order."""
    return "[\n" + ",\n".join(a.citation.csl for a in referenced) + "\n]\n"


def bibtex_file(referenced: tuple[Article, ...]) -> str:
    """The BibTeX file of ``referenced`` (the articles in the bibliography's order, by_reference)."""
    header = f"% Bibliography of the briefing: {len(referenced)} sources.\n\n"
    return header + "\n".join(a.citation.bibtex for a in referenced)

"""Topic pages, the Topics page and its coverage table, and each source's "Quoted on" list, built as
the page model (page.py), which the site writes (page_html) and the book prints (page_typst)."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from urllib.parse import quote

from markupsafe import Markup

from . import footnotes, indexes, page, page_html, render, source_parts
from .citations import human_date
from .model import Article, Page, Quote, Topic, TopicResult

_ID = re.compile(r"^[a-z0-9-]+$")
# A text directive quotes the whole passage up to this many words; longer ones give its first and
# last words (textStart,textEnd), which stays short and survives small differences in between.
WHOLE_WORDS = 10
EDGE_WORDS = 5


@lru_cache(maxsize=None)
def _ident(value: str) -> Markup:
    if not _ID.match(value):  # slugs and topic ids are validated on load; this guards the HTML
        raise ValueError(f"not an anchor-safe id: {value!r}")
    return Markup(value)


def section_id(slug: str) -> Markup:
    return _ident(f"src-{slug}")


@lru_cache(maxsize=16)  # each topic's ids serve its page, the "Quoted on" lists and the PDF
def quote_ids(quotes: tuple[Quote, ...]) -> tuple[Markup, ...]:
    """``q-<slug>-p<N>``; a second quote from the same paragraph gets ``-2``, and so on.

    A quote's id depends only on the quotes before it from the same source, so one source's quotes
    get the same ids alone as among all of the topic's (see source_quote_ids)."""
    return source_quote_ids(quotes)


def source_quote_ids(quotes: tuple[Quote, ...]) -> tuple[Markup, ...]:
    """quote_ids, not memoised: for a few quotes (one source's), hashing them would cost more."""
    seen: dict[tuple[str, int], int] = {}
    out = []
    for q in quotes:
        k = seen[(q.slug, q.paragraph)] = seen.get((q.slug, q.paragraph), 0) + 1
        # The id is built from a checked slug and numbers, so it needs no check of its own.
        out.append(Markup(f"q-{_ident(q.slug)}-p{int(q.paragraph)}" + (f"-{k}" if k > 1 else "")))
    return tuple(out)


def text_fragment(text: str) -> str:
    """A URL text fragment (``#:~:text=…``, WICG scroll-to-text) that finds ``text`` on the original page.

    Footnote markers are left out, since the original may show them differently. Each part is
    percent-encoded with every character but letters, digits and ``._~`` encoded: ``-``, ``,`` and
    ``&`` have a meaning in the directive, and non-ASCII is sent as UTF-8.
    """
    edges = _edge_words(text)
    return ":~:text=" + ",".join(_encode(words) for words in edges) if edges else ""


def quote_mark(text: str) -> tuple[str, ...]:
    """The words that find a quote in its paragraph, for marking it there (``Link.mark``): as the
    text fragment has them, the whole passage (up to WHOLE_WORDS words) or its first and last words."""
    return tuple(" ".join(words) for words in _edge_words(text))


def _edge_words(text: str) -> list[list[str]]:
    """The passage's words when few, else its first and last EDGE_WORDS; footnote markers left out."""
    if "[" not in text:  # no footnote marker (most quotes): only the words at the edges are split off
        head = text.split(None, WHOLE_WORDS)
        if len(head) <= WHOLE_WORDS:
            return [head] if head else []
        return [head[:EDGE_WORDS], text.rsplit(None, EDGE_WORDS)[-EDGE_WORDS:]]
    segments = [words for words in (piece.split() for piece in footnotes.without_markers(text)) if words]
    if not segments:
        return []
    if len(segments) == 1 and len(segments[0]) <= WHOLE_WORDS:
        return [segments[0]]
    return [segments[0][:EDGE_WORDS], segments[-1][-EDGE_WORDS:]]


def _encode(words: list[str]) -> str:
    """The words joined by spaces, percent-encoded: a word of ASCII letters and digits (most words)
    is left as it is; quote() encodes the others (a space would be %20 either way)."""
    return "%20".join(w if w.isascii() and w.isalnum() else _encode_word(w) for w in words)


@lru_cache(maxsize=65536)  # words with punctuation or accents recur ("Serbia’s", "Kosovo,", "Vučić")
def _encode_word(word: str) -> str:
    return quote(word, safe="").replace("-", "%2D")


@lru_cache(maxsize=8192)  # every quote of a source links to the same address
def _safe_base(url: str) -> str:
    # Spaces, quotes and angle brackets are percent-encoded ("&" is escaped for the attribute later).
    return quote(url.split("#", 1)[0], safe=":/?@!$&'*+,;=%~._-[]")


def original_href(url: str, text: str) -> str:
    """The original article's address, scrolled to ``text`` (not yet escaped for HTML)."""
    fragment = text_fragment(text)
    return _safe_base(url) + ("#" + fragment if fragment else "")


def original_link(url: str, text: str) -> Markup:
    """The original article's address, scrolled to ``text``; safe inside an HTML attribute."""
    return Markup(page_html.escape_text(original_href(url, text)))


QuotesOf = Callable[[str], tuple[Quote, ...]]  # slug -> a topic's quotes from that source


def quotes_by_source(result: TopicResult) -> QuotesOf:
    """The topic's quotes from one source, found by grouping all of them (once, when first asked)."""

    @lru_cache(maxsize=1)
    def grouped() -> dict[str, tuple[Quote, ...]]:
        by_source: dict[str, list[Quote]] = {}
        for q in result.quotes:
            by_source.setdefault(q.slug, []).append(q)
        return {slug: tuple(qs) for slug, qs in by_source.items()}

    return lambda slug: grouped().get(slug, ())


def _with_ids(quotes: tuple[Quote, ...]) -> list[tuple[Quote, Markup]]:
    return list(zip(quotes, source_quote_ids(quotes)))


def source_uri(slug: str) -> str:
    return f"sources/{_ident(slug)}.md"


def quote_words(q: Quote, numbers: frozenset[str], qid: str | None = None) -> tuple[page.Inline, ...]:
    """The quote's words; its footnote markers lead to the notes shown with the quote (``qid``: the
    quote's anchor, see quote_notes), or else to the notes on the source page."""
    if "[" not in q.text:  # no marker (most quotes)
        return (page.Prose(q.text),)
    src = source_uri(q.slug)
    return tuple(
        page.Prose(piece) if isinstance(piece, str)
        else page.FootnoteRef(src, piece.number, note_anchor(qid, piece.number) if qid else None)
        for piece in footnotes.split(q.text, numbers)
    )


def note_anchor(qid: str, number: str) -> str:
    return f"{qid}-fn-{number}"


def quote_notes(article: Article, q: Quote, numbers: frozenset[str], qid: str) -> tuple[page.Footnote, ...]:
    """The notes a quote's markers refer to, each once, in the order they are referred to: the
    note's text, the note it repeats where it is an "Ibid." (its text too), and a link to it on the
    source page."""
    if "[" not in q.text:
        return ()
    listed = [(f.number, f.text) for f in article.cleaned.footnotes]
    text, repeated = dict(listed), footnotes.repeats(listed)
    src = source_uri(article.slug)
    out: list[page.Footnote] = []
    for number in dict.fromkeys(x.number for x in footnotes.split(q.text, numbers) if isinstance(x, footnotes.Ref)):
        c: list[page.Inline] = [page.Prose(text[number])]
        if number in repeated:
            c += [f" — repeats note {repeated[number]}: ", page.Prose(text[repeated[number]])]
        c += [" · ", page.Link(src, f"fn:{number}", ("the note in the source",)),
              page.Only("pages", (", page ", page.PageRef(f"{src}#fn:{number}")))]
        out.append(page.Footnote(number, tuple(c), anchor=note_anchor(qid, number)))
    return tuple(out)


def _facts(article: Article) -> str:
    """The publisher and date as the pages show them (a publisher not stated is left out, a date
    not stated says so)."""
    meta = article.meta
    facts = [meta.publisher] if meta.publisher else []
    facts.append(human_date(meta.date) or "date not stated")
    return ", ".join(facts)


def named(article: Article) -> tuple[page.Inline, page.Inline]:
    """The article as a quote's attribution names it: its title, then its publisher and date as the
    pages show them (a publisher not stated is left out; the date says when it is not stated)."""
    return page.Em((article.meta.title,)), ", " + _facts(article) + ", "


def quote_attribution(
    article: Article, q: Quote, names: tuple[page.Inline, page.Inline] | None = None
) -> tuple[page.Inline, ...]:
    """Where a quote comes from: the article (``named``, made once for its quotes), and the paragraph,
    which links to it (marking the quoted words there); the book adds the paragraph's page, the site
    a link to the passage in the original article."""
    src, n = source_uri(article.slug), int(q.paragraph)
    url = article.meta.url
    return (
        *(names or named(article)), page.Link(src, f"p-{n}", (f"¶ {n}",), quote_mark(q.text)),
        page.Only("pages", (", page ", page.PageRef(f"{src}#p-{n}"))),
        *((page.Only("web", (" · ", page.Url(original_href(url, q.text), ("in the original",)))),) if url else ()),
    )


def quote_copy(article: Article, q: Quote) -> page.QuoteCopy:
    """What a reader copies of a quote besides its words (which the site takes from the quote itself,
    the markers of its notes left out, as a pasted quote has no notes to point at): "— Title,
    Publisher, date, ¶ N" and the paragraph's address."""
    n = int(q.paragraph)
    return page.QuoteCopy(f"{article.meta.title}, {_facts(article)}, ¶ {n}", source_uri(article.slug), f"p-{n}")


def section_blocks(article: Article, quotes: list[tuple[Quote, Markup]]) -> tuple[page.Block, ...]:
    """One source's quotes on one topic, under its heading and byline: the page model both the site's
    topic page and the book print."""
    numbers = frozenset(f.number for f in article.cleaned.footnotes)
    src = source_uri(article.slug)
    who = attribution(article)
    n = len(quotes)
    head: list[page.Block] = [
        # The site's heading carries its permalink; the book's links to the source's pages.
        page.Heading(2, (page.Only("web", (article.meta.title,)), page.Only("print", (page.Link(src, None, (article.meta.title,)),))),
                     anchor=str(section_id(article.slug))),
        page.Para((
            f"{who} · {n} {'passage' if n == 1 else 'passages'}",
            page.Only("pages", (" · source on page ", page.PageRef(src))),
        ), style="byline"),
    ]
    names = named(article)
    return tuple(head) + tuple(
        page.Quote(
            (page.Para(quote_words(q, numbers, str(qid))),), quote_attribution(article, q, names), anchor=str(qid),
            copy=quote_copy(article, q), notes=quote_notes(article, q, numbers, str(qid)),
        )
        for q, qid in quotes
    )


def silent_blocks(topic: Topic, silent: list[Article], n: int) -> tuple[page.Block, ...]:
    """The sources (of ``n``) that say nothing on a topic, under their heading."""
    head = page.Heading(2, (f"Sources that do not address {topic.title}",), anchor="not-addressed")
    if not silent:
        return (head, page.Para(("None: every source in this briefing speaks to this topic.",)))
    return (
        head,
        page.Para((f"{len(silent)} of {n} {'source' if n == 1 else 'sources'} {'says' if len(silent) == 1 else 'say'} nothing on this topic:",)),
        page.BulletList(tuple(
            page.Item((page.Para((page.Link(source_uri(a.slug), None, (a.meta.title,)), f" ({attribution(a)})")),))
            for a in silent
        )),
    )


def _section(article: Article, quotes: list[tuple[Quote, Markup]], here: str) -> Markup:
    """One source's quotes on one topic, as the site's topic page ``here`` shows them."""
    return Markup(page_html.blocks(section_blocks(article, quotes), here))


def attribution(article: Article) -> str:
    """Who said it and when: author(s) and publisher as stated, then the date."""
    meta = article.meta
    who = [", ".join(meta.authors)] if meta.authors else []
    if meta.publisher:
        who.append(meta.publisher)
    if not who:
        who.append("Author not stated")
    return ", ".join(who + [human_date(meta.date) or "date not stated"])


SectionMemo = Callable[[str, Article, Callable[[], Markup]], Markup]
Row = tuple[tuple[page.Inline, ...], ...]  # a table's row: a cell (inlines) for each column
# ``memo((name, *variant), article, compute)`` may return an article's row of a table from a cache:
# the caller's key adds the article's content and the topics (passage counts), so a 1,000-row table
# makes again only the rows that changed.
RowMemo = Callable[[tuple, Article, Callable[[], Row]], Row]

# How the book's reader finds a quoted passage in its source (after "its paragraph number (¶) "),
# where the book holds the cleaned sources.
LEADS_TO_SOURCE = "leads to it in the cleaned source."
# A source that says nothing on a topic, in a table of passage counts: an em dash a reader sees, and
# the word "none" a screen reader says (the dash alone is read as "dash", or not at all).
NOT_ADDRESSED = page.Sign("—", "none", "Does not address this topic", "not-addressed")
TOPICS = "topics/index.md"


def topic_uri(topic_id: str) -> str:
    return f"topics/{_ident(topic_id)}.md"


def _rows(articles: tuple[Article, ...], make: Callable[[Article], Row], memo: RowMemo | None, name: tuple) -> tuple[Row, ...]:
    if memo is None:
        return tuple(make(a) for a in articles)
    return tuple(memo(name, a, lambda a=a: make(a)) for a in articles)


def intro_blocks(
    topic: Topic, articles: tuple[Article, ...], counts: dict[str, int], finding: str = LEADS_TO_SOURCE, memo: RowMemo | None = None,
) -> tuple[page.Block, ...]:
    """A topic page's opening, above its sources' sections: the topic's description, how many of the
    ``articles`` speak to it in how many passages (``counts``: each source's), and the site's table of
    each source's passages (``memo``: see RowMemo). ``finding``: how the book's reader finds a passage
    in its source (in this book, in a source volume, in the whole briefing's file)."""
    n, speaking, passages = len(articles), sum(1 for a in articles if counts[a.slug]), sum(counts.values())
    if speaking:
        # The noun agrees with the total, the verb with how many speak: "1 of 5 sources speaks".
        said = (
            f"{speaking} of {n} {'source' if n == 1 else 'sources'} {'speaks' if speaking == 1 else 'speak'} to this topic, "
            f"in {passages} {'passage' if passages == 1 else 'passages'}, newest source first. Every passage is the source’s own words"
        )
        coverage = page.Para((
            page.Only("web", (said + ", linked to its paragraph in the cleaned source and, where the original address is "
                              "known, to the original article scrolled to the quote.",)),
            page.Only("print", (f"{said}; its paragraph number (¶) {finding}",)),
        ))
    else:
        coverage = page.Para(("No source in this briefing speaks to this topic yet.",))
    columns = (page.Column(("Source",)), page.Column(("Date",)), page.Column(("Passages",), align="right"))
    rows = _rows(articles, _topic_row(counts), memo, ("topic-row", topic.id))
    return (
        page.Para((page.Prose(topic.description),), style="topic-description"),
        page.Only("web", (page.Heading(2, ("Coverage",), anchor="coverage"),)),
        coverage,
        page.Only("web", (page.Table(columns, rows),)),
    )


def _topic_row(counts: dict[str, int]) -> Callable[[Article], Row]:
    """A row of a topic page's table: the source, its date, and its number of passages (a link to them)."""

    def make(a: Article) -> Row:
        n = counts[a.slug]
        count = page.Link("", str(section_id(a.slug)), (str(n),)) if n else page.Link("", "not-addressed", (NOT_ADDRESSED,))
        return ((page.Link(source_uri(a.slug), None, (a.meta.title,)),), indexes.date_inlines(a.meta), (count,))

    return make


def topic_page(
    result: TopicResult,
    articles: tuple[Article, ...],
    memo: SectionMemo | None = None,
    row_memo: RowMemo | None = None,
    quotes_of: QuotesOf | None = None,
) -> Page:
    """One topic's page; ``memo(topic_id, article, compute)`` may supply a source's rendered section,
    ``row_memo`` its row in the coverage table; ``quotes_of(slug)``, the topic's quotes from one
    source (by default, found in ``result``). Nothing is counted or grouped until the page is made."""
    by_slug = {a.slug: a for a in articles}
    quotes_of = quotes_of or quotes_by_source(result)
    topic = result.topic
    here = topic_uri(topic.id)

    def make() -> str:
        counts = {a.slug: len(quotes_of(a.slug)) for a in articles}
        sections = []
        for article in articles:
            if not counts[article.slug]:
                continue

            def compute(article: Article = article) -> Markup:
                return _section(article, _with_ids(quotes_of(article.slug)), here)

            sections.append(memo(topic.id, article, compute) if memo else compute())
        head = page.Heading(1, (topic.title,), anchor=topic.id)
        silent = silent_blocks(topic, [by_slug[s] for s in result.silent], len(articles))
        return (
            page_html.blocks((head, *intro_blocks(topic, articles, counts, memo=row_memo)), here)
            + "".join(sections) + page_html.blocks(silent, here)
        )

    return Page(uri=here, make=make, title=topic.title, meta=render.front_matter(topic.title, topic.description))


def coverage_blocks(
    results: tuple[TopicResult, ...], articles: tuple[Article, ...], memo: RowMemo | None = None, more: int = 0
) -> tuple[page.Block, ...]:
    """The table of passages per source (``articles``) and topic, with each topic's total; ``more``: how
    many newer-first sources were left out of ``articles`` (the totals count them)."""
    shown = {a.slug for a in articles}  # the home page shows the newest 30: count theirs only
    counts: dict[tuple[str, str], int] = {}
    for r in results:
        for q in r.quotes:
            if q.slug in shown:
                counts[(r.topic.id, q.slug)] = counts.get((r.topic.id, q.slug), 0) + 1
    columns = (
        page.Column(("Source",)), page.Column(("Date",)),
        *(page.Column((page.Link(topic_uri(r.topic.id), None, (r.topic.title,)),), align="right") for r in results),
    )
    totals = ((page.Strong(("All sources",)),), (), *((page.Strong((str(len(r.quotes)),)),) for r in results))
    table = page.Table(columns, (*_rows(articles, _coverage_row(results, counts), memo, ("coverage-row",)), totals))
    if not more:
        return (table,)
    k = len(articles)
    return (table, page.Para((
        f"The {k} newest of {k + more} sources, with totals over all of them; ", page.Link(TOPICS, "coverage", ("the Topics page",)),
        " has every source’s row.",
    ), style="more-rows"))


def _coverage_row(results: tuple[TopicResult, ...], counts: dict[tuple[str, str], int]) -> Callable[[Article], Row]:
    """A row of the coverage table: the source, its date, and its passages on each topic (a link to them)."""

    def make(a: Article) -> Row:
        sid = str(section_id(a.slug))
        cells = (
            (page.Link(topic_uri(r.topic.id), sid, (str(n),)),) if (n := counts.get((r.topic.id, a.slug), 0)) else (NOT_ADDRESSED,)
            for r in results
        )
        return ((page.Link(source_uri(a.slug), None, (a.meta.title,)),), indexes.date_inlines(a.meta), *cells)

    return make


def coverage_matrix(
    results: tuple[TopicResult, ...], articles: tuple[Article, ...], here: str, memo: RowMemo | None = None, more: int = 0
) -> str:
    """The coverage table (coverage_blocks) as HTML on the page ``here``: the home page's excerpt."""
    return page_html.blocks(coverage_blocks(results, articles, memo, more), here)


def topics_blocks(
    results: tuple[TopicResult, ...], articles: tuple[Article, ...], memo: RowMemo | None = None,
    files_of: Callable[[str], tuple[str, ...]] | None = None,
) -> tuple[page.Block, ...]:
    """The Topics page: each topic with its description and counts (the book adds the page it starts
    on), then the site's coverage table. ``files_of(topic_id)``: above the book's volume line, the
    files that print the topic's quotes (named when there are several)."""
    n = len(articles)
    out: list[page.Block] = [page.Para((
        f"What the {n} {'source says' if n == 1 else 'sources say'} on each topic, in their own words. Each topic page quotes "
        "every source that speaks to it, links every quote to its paragraph in the cleaned source, and names the sources "
        "that do not address it.",
    ))]
    for r in results:
        uri, passages = topic_uri(r.topic.id), len(r.quotes)
        said = f"{passages} {'passage' if passages == 1 else 'passages'} from {n - len(r.silent)} of {n} {'source' if n == 1 else 'sources'}"
        counted: list[page.Inline] = [page.Only("web", (said + ".",)), page.Only("print", (said + "; page ", page.PageRef(uri), "."))]
        files = files_of(r.topic.id) if files_of else ()
        if len(files) > 1:
            counted.append(page.Only("print", (f" The quotes fill {len(files)} files: {', '.join(files)}.",)))
        out += [
            page.Heading(2, (page.Link(uri, None, (r.topic.title,)),), anchor=r.topic.id),
            page.Para((page.Prose(r.topic.description),)),
            page.Para(tuple(counted)),
        ]
    out.append(page.Only("web", (
        page.Heading(2, ("Coverage",), anchor="coverage"),
        page.Para(("Passages per source and topic; each number opens that source’s quotes on the topic page.",)),
        *coverage_blocks(results, articles, memo),
    )))
    return tuple(out)


def topics_index(results: tuple[TopicResult, ...], articles: tuple[Article, ...], memo: RowMemo | None = None) -> Page:
    return render.model_page(TOPICS, "Topics", "topics", lambda: topics_blocks(results, articles, memo))


QuotedOn = list[tuple[Topic, Markup, list[tuple[Markup, int]]]]


def source_quoted_on(topics: tuple[Topic, ...], slug: str, per_topic: tuple[tuple[Quote, ...], ...]) -> QuotedOn:
    """For a source's "Quoted on" block: every topic that quotes it, with the anchor of each quote
    there, from its own quotes on each of ``topics``."""
    return [
        (topic, section_id(slug), [(qid, q.paragraph) for q, qid in _with_ids(quotes)])
        for topic, quotes in zip(topics, per_topic)
        if quotes
    ]


def quoted_on_blocks(slug: str, entries: QuotedOn, file_of: Callable[[str], str] | None = None) -> tuple[page.Block, ...]:
    """A source's "Quoted on" section: each topic quoting it, with a link to every quote there.
    ``file_of(topic_id)``: above the book's volume line, the file that prints the topic's quotes."""
    head = page.Heading(2, ("Quoted on",), anchor="quoted-on")
    if not entries:
        return (head, page.Para((
            page.Only("web", ("This article is not quoted on any topic page: none of its sentences speaks to a topic in ",
                              page.Code("topics.yml"), ".")),
            page.Only("print", ("This article is not quoted on any topic page.",)),
        )),)
    items = []
    for topic, sid, quotes in entries:
        uri = topic_uri(topic.id)
        line: list[page.Inline] = [page.Link(uri, str(sid), (topic.title,))]
        if file_of is not None:
            line.append(page.Only("print", (f" (in {file_of(topic.id)})",)))
        line.append(f", {len(quotes)} {'passage' if len(quotes) == 1 else 'passages'}: ")
        for i, ((qid, _), label) in enumerate(zip(quotes, source_parts.quote_labels(quotes))):
            line += [", " if i else "", page.Link(uri, str(qid), (label,))]
        items.append(page.Item((page.Para(tuple(line)),)))
    quoted = f"{len(entries)} topic {'page' if len(entries) == 1 else 'pages'}"
    return (
        head,
        page.Para((
            page.Only("web", (f"This article is quoted on {quoted}; each paragraph link opens the quote there.",)),
            page.Only("print", (f"This article is quoted on {quoted}; each paragraph number leads to the quote there.",)),
        )),
        page.BulletList(tuple(items)),
    )


def pages(
    results: tuple[TopicResult, ...],
    articles: tuple[Article, ...],
    memo: SectionMemo | None = None,
    row_memo: RowMemo | None = None,
    quotes_of: Callable[[int], QuotesOf] | None = None,
) -> list[Page]:
    """``topics/index.md`` and one ``topics/<id>.md`` per topic; ``quotes_of(k)``: see topic_page,
    for the k-th topic."""
    return [topics_index(results, articles, row_memo)] + [
        topic_page(r, articles, memo, row_memo, quotes_of(k) if quotes_of else None) for k, r in enumerate(results)
    ]


def quotes_text(results: tuple[TopicResult, ...]) -> str:
    """Every topic's quotes as reviewable plain text (the golden-file format)."""
    out: list[str] = []
    for r in results:
        out.append(f"# {r.topic.id}: {len(r.quotes)} quotes")
        out += [f"[{q.slug} p-{q.paragraph}] {q.text}" for q in r.quotes]
        out.append("does not address: " + (", ".join(r.silent) or "(none)"))
    return "\n\n".join(out) + "\n"

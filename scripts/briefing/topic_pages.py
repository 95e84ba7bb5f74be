"""Render topic pages, the topics index, the coverage matrix and each source's "Quoted on" list."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from urllib.parse import quote

from markupsafe import Markup

from . import footnotes, page, page_html, render, source_parts
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
    return Markup(render.escape_text(original_href(url, text)))


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


def quote_copy(article: Article, q: Quote, numbers: frozenset[str]) -> page.QuoteCopy:
    """What a reader copies of a quote: its words (the markers of its notes left out, as a pasted
    quote has no notes to point at), then "— Title, Publisher, date, ¶ N" and the paragraph's address."""
    n = int(q.paragraph)
    text = q.text if "[" not in q.text else "".join(x for x in footnotes.split(q.text, numbers) if isinstance(x, str))
    words = " ".join(text.split())
    return page.QuoteCopy(f"{words}\n— {article.meta.title}, {_facts(article)}, ¶ {n}", source_uri(article.slug), f"p-{n}")


def section_blocks(article: Article, quotes: list[tuple[Quote, Markup]]) -> tuple[page.Block, ...]:
    """One source's quotes on one topic, under its heading and byline: the page model both the site's
    topic page and the book print."""
    numbers = frozenset(f.number for f in article.cleaned.footnotes)
    src = source_uri(article.slug)
    who = attribution(article)
    n = len(quotes)
    head: list[page.Block] = [
        page.Heading(2, (page.Link(src, None, (article.meta.title,)),), anchor=str(section_id(article.slug))),
        page.Para((
            f"{who} · {n} {'passage' if n == 1 else 'passages'}",
            page.Only("pages", (" · source on page ", page.PageRef(src))),
        ), style="byline"),
    ]
    names = named(article)
    return tuple(head) + tuple(
        page.Quote(
            (page.Para(quote_words(q, numbers, str(qid))),), quote_attribution(article, q, names), anchor=str(qid),
            copy=quote_copy(article, q, numbers), notes=quote_notes(article, q, numbers, str(qid)),
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


def topic_page(
    result: TopicResult,
    articles: tuple[Article, ...],
    memo: SectionMemo | None = None,
    row_memo: render.RowMemo | None = None,
    quotes_of: QuotesOf | None = None,
) -> Page:
    """One topic's page; ``memo(topic_id, article, compute)`` may supply a source's rendered section,
    ``row_memo`` its row in the coverage table; ``quotes_of(slug)``, the topic's quotes from one
    source (by default, found in ``result``). Nothing is counted or grouped until the page is made."""
    by_slug = {a.slug: a for a in articles}
    quotes_of = quotes_of or quotes_by_source(result)
    here = f"topics/{result.topic.id}.md"

    def late() -> dict:
        counts = {a.slug: len(quotes_of(a.slug)) for a in articles}
        rendered = []
        for article in articles:
            if not counts[article.slug]:
                continue

            def compute(article: Article = article) -> Markup:
                return _section(article, _with_ids(quotes_of(article.slug)), here)

            rendered.append(memo(result.topic.id, article, compute) if memo else compute())
        return {
            "silent_html": Markup(page_html.blocks(silent_blocks(result.topic, [by_slug[s] for s in result.silent], len(articles)), here)),
            "sections_html": rendered,
            "counts": counts,
            "row": render.rows("topic-row", _topic_row(counts), row_memo, (result.topic.id,)),
        }

    return render.render(
        "topic.html.j2",
        f"topics/{result.topic.id}.md",
        result.topic.title,
        result.topic.description,
        late=late,
        topic=result.topic,
        articles=articles,
    )


def _topic_row(counts: dict[str, int]) -> Callable[[Article], str]:
    """A row of a topic page's coverage table: the source, its date, and its number of passages."""

    def make(a: Article) -> str:
        n = counts[a.slug]
        href, title = render.url(f"../sources/{a.slug}.md"), render.escape_text(a.meta.title)
        count = f'<a href="#{section_id(a.slug)}">{int(n)}</a>' if n else f'<a href="#not-addressed">{render.NOT_ADDRESSED}</a>'
        return (
            f'<tr>\n<td><a href="{href}">{title}</a></td>\n<td>{render.date_cell(a.meta)}</td>\n'
            f'<td style="text-align: right;">{count}</td>\n</tr>\n'
        )

    return make


_SILENT_CELL = f'<td style="text-align: right;">{render.NOT_ADDRESSED}</td>\n'


def _coverage_row(results: tuple[TopicResult, ...], counts: dict[tuple[str, str], int], prefix: str) -> Callable[[Article], str]:
    """A row of the coverage matrix: the source, its date, and its passages on each topic."""

    def make(a: Article) -> str:
        cells = []
        for r in results:
            n = counts.get((r.topic.id, a.slug), 0)
            href = render.url(f"{prefix}topics/{r.topic.id}.md#{section_id(a.slug)}")
            cells.append(f'<td style="text-align: right;"><a href="{href}">{int(n)}</a></td>\n' if n else _SILENT_CELL)
        href, title = render.url(f"{prefix}sources/{a.slug}.md"), render.escape_text(a.meta.title)
        return (
            f'<tr>\n<td><a href="{href}">{title}</a></td>\n<td>{render.date_cell(a.meta)}</td>\n{"".join(cells)}</tr>\n'
        )

    return make


def coverage_matrix(
    results: tuple[TopicResult, ...], articles: tuple[Article, ...], prefix: str, memo: render.RowMemo | None = None, more: int = 0
) -> str:
    """Source x topic table of passage counts; links are relative to a page ``prefix`` deep.
    ``more``: how many newer-first sources were left out of ``articles`` (the totals count them)."""
    shown = {a.slug for a in articles}  # the home page shows the newest 30: count theirs only
    counts: dict[tuple[str, str], int] = {}
    for r in results:
        for q in r.quotes:
            if q.slug in shown:
                counts[(r.topic.id, q.slug)] = counts.get((r.topic.id, q.slug), 0) + 1
    return render.fragment(
        "coverage_matrix.html.j2",
        results=results,
        prefix=Markup(prefix),
        articles=articles,
        more=more,
        row=render.rows("coverage-row", _coverage_row(results, counts, prefix), memo, (prefix,)),
    )


def topics_index(results: tuple[TopicResult, ...], articles: tuple[Article, ...], memo: render.RowMemo | None = None) -> Page:
    return render.render(
        "topics_index.html.j2",
        "topics/index.md",
        "Topics",
        results=results,
        articles=articles,
        late=lambda: {"matrix": Markup(coverage_matrix(results, articles, "../", memo))},
    )


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
        uri = f"topics/{_ident(topic.id)}.md"
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
    row_memo: render.RowMemo | None = None,
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

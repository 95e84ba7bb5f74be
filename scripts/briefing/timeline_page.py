"""The Timeline page as the page model (page.py): the entries of timeline.py, with the site's topic
filter, which the site and the book both write from (page_html, page_typst; paper has no filter)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache

from . import page as pg
from . import render
from .model import Article, Page, Quote, TopicResult
from .timeline import Entry, iso
from .topic_pages import attribution, quote_attribution, quote_words, source_uri, topic_uri

URI = "timeline/index.md"
TITLE = "Timeline"
DESCRIPTION = "Every dated event in the sources, quoted and in order."

INTRO = (
    "{count} dated {events} from {sources} {sources_word}, oldest first. Each entry is the source’s own sentence "
    "that dates it, linked to its paragraph in the cleaned source. A date is shown as precisely as the text gives it; "
    "a year in brackets, as in “25 February [2022]”, is not in the sentence but taken from its paragraph or from the "
    "article’s own date. A sentence that gives no year, or only a relative time (“last year”, “recently”), is not "
    "placed. Where sources give different dates for what looks like the same event, both entries say so."
)
NOTHING = (
    "No sentence in the sources states a date this timeline can place: an explicit year, month or day "
    "(“in 2014”, “February 2022”, “25 February” in an article whose date is known)."
)


def _group(e: Entry) -> tuple[str, str]:
    """The heading an entry goes under: its year, or its decade for "the 1990s"."""
    first = e.date.first
    assert first is not None
    if e.date.precision == "decade":
        return f"The {first.year // 10 * 10}s", f"y-{first.year // 10 * 10}s"
    return str(first.year), f"y-{first.year}"


def _groups(entries: tuple[Entry, ...]) -> list[tuple[str, str, list[Entry]]]:
    """The entries under their headings (label, anchor, entries), in order; an anchor used before
    (the late 1990s between two entries of 1996) gets a number."""
    groups: list[tuple[str, str, list[Entry], str]] = []
    used: set[str] = set()
    for e in entries:
        label, ident = _group(e)
        if not groups or groups[-1][3] != ident:
            unique, k = ident, 1
            while unique in used:
                k += 1
                unique = f"{ident}-{k}"
            used.add(unique)
            groups.append((label, unique, [], ident))
        groups[-1][2].append(e)
    return [(label, ident, members) for label, ident, members, _ in groups]


def _entry_maker(articles: dict[str, Article], titles: dict[str, str], labels: dict[str, str]) -> Callable[[Entry], pg.Item]:
    @lru_cache(maxsize=None)  # a source quoted on many entries: its footnote numbers and name once
    def source(slug: str) -> tuple[frozenset[str], tuple[pg.Inline, pg.Inline]]:
        a = articles[slug]
        # The Timeline names the author too: no byline above its quotes does.
        names = (pg.Link(source_uri(slug), None, (pg.Em((a.meta.title,)),)), f", {attribution(a)}, ")
        return frozenset(f.number for f in a.cleaned.footnotes), names

    def make(e: Entry) -> pg.Item:
        first = e.date.first
        assert first is not None
        # A <time> holds one day, month or year; a decade, a span or a "since" is a stretch of time.
        stamp = iso(first, e.date.precision) if e.date.precision in ("day", "month", "year") else None
        date: list[pg.Inline] = [pg.Strong((pg.Time(stamp, (e.date.label(),)),))]
        if e.differs:
            others = pg.joined((pg.Link(URI, d, (labels[d],)),) for d in e.differs)
            date += [" ", pg.Span("timeline-differs", ("Sources differ on this date; see also ", *others, "."))]
        blocks: list[pg.Block] = [pg.Para(tuple(date), style="timeline-date")]
        for r in e.items:
            numbers, names = source(r.slug)
            q = Quote("", r.slug, r.paragraph, r.quote)
            blocks.append(pg.Quote((pg.Para(quote_words(q, numbers), style="timeline-quote"),), quote_attribution(articles[r.slug], q, names)))
        if e.topics:
            tags = pg.joined((pg.Link(topic_uri(t), None, (titles[t],)),) for t in e.topics)
            blocks.append(pg.Para(("Topics: ", *tags), style="timeline-topics"))
        return pg.Item(tuple(blocks), anchor=e.id, style="timeline-entry", tags=e.topics)

    return make


def topic_filter(results: tuple[TopicResult, ...]) -> pg.Filter:
    """The site's choice of one topic's entries (each entry is tagged with its topics)."""
    return pg.Filter(
        "timeline-topic", "Show entries on", (pg.Choice("", "every topic, and none"), *(pg.Choice(r.topic.id, r.topic.title) for r in results)),
        "timeline-shown", "timeline-filter",
    )


def blocks(entries: tuple[Entry, ...], articles: tuple[Article, ...], results: tuple[TopicResult, ...]) -> tuple[pg.Block, ...]:
    """The page below its title: what it holds, the site's topic filter, then each year's (or decade's) entries."""
    if not entries:
        return (pg.Para((NOTHING,), style="timeline-intro"),)
    n, sources = len(entries), len({r.slug for e in entries for r in e.items})
    intro = INTRO.format(count=n, events="event" if n == 1 else "events", sources=sources, sources_word="source" if sources == 1 else "sources")
    make = _entry_maker({a.slug: a for a in articles}, {r.topic.id: r.topic.title for r in results}, {e.id: e.date.label() for e in entries})
    out: list[pg.Block] = [pg.Para((intro,), style="timeline-intro"), topic_filter(results)]
    for label, ident, members in _groups(entries):
        out += [pg.Heading(2, (label,), anchor=ident), pg.BulletList(tuple(make(e) for e in members), style="timeline")]
    return tuple(out)


def page(make_entries: Callable[[], tuple[Entry, ...]], articles: tuple[Article, ...], results: tuple[TopicResult, ...]) -> Page:
    """The Timeline page; ``make_entries()`` gives its entries when the page is made."""

    @lru_cache(maxsize=1)  # the site and the book both write it
    def model() -> tuple[pg.Block, ...]:
        return blocks(make_entries(), articles, results)

    return replace(render.model_page(URI, TITLE, "timeline", model, DESCRIPTION), blocks=model)

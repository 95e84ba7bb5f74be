"""Render the Timeline page: the entries of timeline.py as finished HTML, every source text escaped."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from markupsafe import Markup

from . import page_html, render
from .model import Article, Page, Quote, TopicResult
from .timeline import Entry, iso
from .topic_pages import attribution, original_link, quote_words

URI = "timeline/index.md"
TITLE = "Timeline"


def _group(e: Entry) -> tuple[str, str]:
    """The heading an entry goes under: its year, or its decade for "the 1990s"."""
    first = e.date.first
    assert first is not None
    if e.date.precision == "decade":
        return f"The {first.year // 10 * 10}s", f"y-{first.year // 10 * 10}s"
    return str(first.year), f"y-{first.year}"


def _entry(articles: dict[str, Article], titles: dict[str, str], labels: dict[str, str]) -> Callable[[Entry], Markup]:
    @lru_cache(maxsize=None)  # a source quoted on many entries: its footnote numbers and byline once
    def source(slug: str) -> tuple[frozenset[str], str]:
        a = articles[slug]
        who = (
            f'<a href="../sources/{slug}.md"><cite>{render.escape_text(a.meta.title)}</cite></a>, '
            f"{render.escape_text(attribution(a))}"
        )
        return frozenset(f.number for f in a.cleaned.footnotes), who

    def make(e: Entry) -> Markup:
        first = e.date.first
        assert first is not None
        label = render.escape_text(e.date.label())
        # A <time> holds one day, month or year; a decade, a span or a "since" is a stretch of time.
        stamp = iso(first, e.date.precision) if e.date.precision in ("day", "month", "year") else None
        when = f'<time datetime="{stamp}">{label}</time>' if stamp else f'<span class="timeline-when">{label}</span>'
        differs = ""
        if e.differs:
            others = ", ".join(f'<a href="#{d}">{render.escape_text(labels[d])}</a>' for d in e.differs)
            differs = f' <span class="timeline-differs">Sources differ on this date; see also {others}.</span>'
        parts = [
            f'<li class="timeline-entry" id="{e.id}" data-topics="{" ".join(e.topics)}">\n'
            f'<p class="timeline-date"><strong>{when}</strong>{differs}</p>\n'
        ]
        for r in e.items:
            a = articles[r.slug]
            numbers, who = source(r.slug)
            html = page_html.inlines(quote_words(Quote("", r.slug, r.paragraph, r.quote), numbers), URI)
            original = f' · <a href="{original_link(a.meta.url, r.quote)}">in the original</a>' if a.meta.url else ""
            parts.append(
                f'<blockquote>\n<p class="timeline-quote">{html}</p>\n</blockquote>\n'
                f'<p class="quote-attribution">— {who}, '
                f'<a href="../sources/{r.slug}.md#p-{int(r.paragraph)}">paragraph {int(r.paragraph)} in context</a>{original}</p>\n'
            )
        if e.topics:
            tags = ", ".join(f'<a href="../topics/{t}.md">{render.escape_text(titles[t])}</a>' for t in e.topics)
            parts.append(f'<p class="timeline-topics">Topics: {tags}</p>\n')
        parts.append("</li>\n")
        return Markup("".join(parts))

    return make


def page(make_entries: Callable[[], tuple[Entry, ...]], articles: tuple[Article, ...], results: tuple[TopicResult, ...]) -> Page:
    """The Timeline page; ``make_entries()`` gives its entries when the page is made."""
    by_slug = {a.slug: a for a in articles}
    titles = {r.topic.id: r.topic.title for r in results}

    def late() -> dict:
        entries = make_entries()
        groups: list[tuple[str, str, list[Entry], str]] = []
        used: set[str] = set()
        for e in entries:
            label, ident = _group(e)
            if not groups or groups[-1][3] != ident:
                unique, k = ident, 1
                while unique in used:  # "the late 1990s" between two entries of 1996
                    k += 1
                    unique = f"{ident}-{k}"
                used.add(unique)
                groups.append((label, unique, [], ident))
            groups[-1][2].append(e)
        labels = {e.id: e.date.label() for e in entries}
        return {
            "groups": [(label, ident, members) for label, ident, members, _ in groups],
            "count": len(entries),
            "sources": len({r.slug for e in entries for r in e.items}),
            "entry": _entry(by_slug, titles, labels),
        }

    return render.render(
        "timeline.html.j2", URI, TITLE,
        "Every dated event in the sources, quoted and in order.",
        late=late,
        topics=[r.topic for r in results],
    )

"""The Sources index and its excerpt on the home page, built once as the page model (page.py); the site and the book write them (render.py, pdf_book.py)."""

from __future__ import annotations

from collections.abc import Sequence

from . import page as m
from .model import Article, Meta

SOURCES = "sources/index.md"
_COLUMNS = (
    m.Column(("Date",)), m.Column(("Article",), "2fr"), m.Column(("Author",), "1fr"), m.Column(("Publisher",), "1fr"),
    m.Column(("Page",), medium="pages"),  # where the book prints each source
)


def sources_blocks(articles: Sequence[Article]) -> tuple[m.Block, ...]:
    """The Sources page: what the sources are, then the table of every one, newest first."""
    n = len(articles)
    intro = (
        f"The {n} {'article' if n == 1 else 'articles'} this briefing is built from, newest first. Each page shows the "
        "article’s own text, cleaned of page chrome, with numbered paragraphs and a ready citation."
    )
    return (m.Para((intro,)), sources_table(articles))


def sources_excerpt(articles: Sequence[Article], more: int) -> tuple[m.Block, ...]:
    """The home page's table of the newest ``articles``; ``more``: how many older ones only the Sources page lists."""
    if not more:
        return (sources_table(articles),)
    shown = len(articles)
    return (sources_table(articles), m.Para((
        f"The {shown} newest of {shown + more} sources; ", m.Link(SOURCES, None, ("the Sources page",)), " lists them all.",
    ), style="more-rows"))


def sources_table(articles: Sequence[Article]) -> m.Table:
    """Date, article (a link to its page), author, publisher, and in the book the page it starts on."""
    rows = []
    for a in articles:
        meta, uri = a.meta, f"sources/{a.slug}.md"
        rows.append((
            date_inlines(meta), (m.Link(uri, None, (meta.title,)),), (", ".join(meta.authors) if meta.authors else "not stated",),
            (meta.publisher or "not stated",), (m.PageRef(uri),),
        ))
    return m.Table(_COLUMNS, tuple(rows))


def date_inlines(meta: Meta) -> tuple[m.Inline, ...]:
    """The date as the tables show it: ISO ("2022-03" for a month), "c. " before an approximate one,
    or "not stated"."""
    if not meta.date:
        return ("not stated",)
    iso = meta.date.isoformat()
    return (m.Time(iso, (("c. " if getattr(meta.date, "approximate", False) else "") + iso,)),)

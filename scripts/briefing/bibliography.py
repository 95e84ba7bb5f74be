"""The bibliography, built once as the page model (page.py); the site and the book write it (render.py, pdf_book.py)."""

from __future__ import annotations

from collections.abc import Sequence

from . import citations
from . import page as m
from .model import Article
from .source_parts import archive_inlines, reference_inlines

URI = "bibliography.md"
_ORDER = "ordered by author (or title where the author is not stated)"
# The files a reference manager reads, each with what it is (the pipeline writes them beside the page).
_DOWNLOADS = (("briefing.bib", "BibTeX"), ("briefing.ris", "RIS: Zotero, EndNote, Mendeley"), ("briefing.json", "CSL-JSON"))


def blocks(
    articles: Sequence[Article], topic: bool = False, styles: Sequence[tuple[str, str]] = citations.STYLES,
) -> tuple[m.Block, ...]:
    """The bibliography of ``articles`` (in its order: citations.reference, then slug), in each of
    ``styles`` (a tab each on the site; the book prints the first, Chicago, and asks for it alone).
    ``topic``: a topic's own book, which lists the sources it quotes and holds none of their pages."""
    every = f"Every source {'quoted on this topic' if topic else 'in this briefing'}, {_ORDER}"
    downloads: list[m.Inline] = []
    for k, (name, what) in enumerate(_DOWNLOADS):
        downloads += [", " if 0 < k < len(_DOWNLOADS) - 1 else " or " if k else "", m.Link(name, None, (name,)), f" ({what})"]
    intro = m.Para((
        m.Only("web", (f"{every}, in the citation style you choose below. Download all entries for a reference manager: ",
                       *downloads, ".")),
        m.Only("print", (f"{every}.",)),
    ))
    # What follows each reference is the same in every style: made once per source.
    tails = [_tail(a) for a in articles]
    tabs = tuple(
        m.Tab(label, (m.NumberedList(tuple(_entry(a, key, tail) for a, tail in zip(articles, tails)), style=f"references references-{key}"),))
        for key, label in styles
    )
    return (intro, m.Tabs("bib", "cite-styles", tabs, printed="first"))


def entry(a: Article, key: str) -> m.Item:
    """One source's reference in the style ``key``, then where to find it: on the site a link to its
    "Cite this" (with the BibTeX entry) and a button that copies the reference; in the book, the page
    its cleaned text starts on (where the book holds it). The Internet Archive's copy in both."""
    return _entry(a, key, _tail(a))


def _entry(a: Article, key: str, tail: tuple[m.Only, m.Only]) -> m.Item:
    anchor = f"{key}-{a.slug}"
    web, pages = tail
    reference = m.Span("reference", reference_inlines(dict(a.citation.runs)[key]), anchor=anchor)
    return m.Item((m.Para((reference, web, m.CopyButton(anchor, "Copy this reference"), pages)),), style="citation-block")


def _tail(a: Article) -> tuple[m.Only, m.Only]:
    uri = f"sources/{a.slug}.md"
    archived = archive_inlines(a.meta)
    return (
        m.Only("web", (" — ", m.Link(uri, "cite-this", ("cleaned text and BibTeX entry",)), *((" · ", *archived) if archived else ()))),
        m.Only("pages", (" ", m.Link(uri, "cite-this", ("Cleaned text",)), ": page ", m.PageRef(uri), ".",
                         *((" ", *archived, ".") if archived else ()))),
    )

"""What only the book prints, as the page model: the pages and notes of a briefing printed in volumes.

Above the volume line (pdf_volumes.py) the book is several files, and a few of its words exist only
because it is: the main book's Sources page (which volume holds which sources), a source volume's
opening, and a topic split over files saying which part it is and where it goes on. They are built
here as page.py's blocks and written by page_typst.Writer like every other page of the book.

``plan`` is a pdf_volumes.Plan and ``part`` one of its files (pdf_volumes.Part); neither is imported
(pdf_volumes lays out the book through pdf_book, which uses this module).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from . import page
from .citations import human_date
from .model import Article


def volumes_index(articles: Mapping[str, Article], plan: Any) -> tuple[page.Block, ...]:
    """The main book's Sources page: which volume holds which sources, how many, of which dates."""
    rows = []
    for f in plan.source_files:
        dates = [articles[s].meta.date for s in f.slugs if articles[s].meta.date]
        span = f"{max(dates).isoformat()} to {min(dates).isoformat()}" if dates else "not stated"
        first, last = articles[f.slugs[0]], articles[f.slugs[-1]]
        rows.append((
            (f.name,), (f"{len(f.slugs):,}",), (span,),
            (page.Link(f"sources/{first.slug}.md", None, (first.meta.title,)), " … ",
             page.Link(f"sources/{last.slug}.md", None, (last.meta.title,))),
        ))
    columns = (
        page.Column(("File",)), page.Column(("Articles",)), page.Column(("Dated",)),
        page.Column(("From … to",), width="1fr"),  # the titles take what the figures leave
    )
    return (
        page.Para((
            f"The {len(articles):,} articles this briefing is built from are printed in {len(plan.source_files)} source "
            f"volumes of at most {plan.volume_sources:,} articles each, newest first. Each volume lists its "
            "articles in its contents; each article’s pages show its own text, cleaned of page chrome, with "
            "numbered paragraphs and a ready citation. The bibliography gives every article’s volume and page.",
        )),
        page.Table(columns, tuple(rows)),
    )


def volume_intro(n: int, first: int, held: Sequence[Article], book: str, site_url: bool) -> tuple[page.Block, ...]:
    """A source volume's opening: which of the ``n`` sources it holds (from index ``first``, newest
    first), and where the rest of the briefing is (``book`` lists every file)."""
    dates = [a.meta.date for a in held if a.meta.date]
    span = f", dated {human_date(max(dates))} back to {human_date(min(dates))}" if dates else ""
    return (page.Para((
        f"This volume holds articles {first + 1:,} to {first + len(held):,} of the {n:,} this "
        f"briefing is built from, newest first{span}. The topic pages, the bibliography and the other volumes "
        f"are in their own files ({book} lists them all); a link to one of them opens the site"
        + ("" if site_url else " where the site’s address is known") + ".",
    )),)


def topic_part(part: Any, quoted: int) -> tuple[page.Block, ...]:
    """The opening note of one file of a topic split over several: which of the ``quoted`` sources'
    passages it holds, and the files of the other parts."""
    first = part.plan.first_index[part.name]
    others = [f.name for f in part.plan.topic_files[part.topic] if f.name != part.name]
    return (page.Para((
        f"This is part {part.part} of {part.parts}: the passages of sources {first + 1:,} to "
        f"{first + len(part.slugs):,} of the {quoted:,} quoted. The other parts: {', '.join(others)}.",
    )),)


def topic_continued(part: Any) -> tuple[page.Block, ...]:
    """The closing note of a topic's file that is not its last: the file it goes on in."""
    return (page.Para((f"Continued in {part.plan.topic_files[part.topic][part.part].name}.",)),)


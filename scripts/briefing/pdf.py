"""Print the briefing as PDF from the pipeline's own data: one book, a book per topic above the size
line, volumes above the volume line; never imports MkDocs.

The modules run one way: pdf.py (which files) -> pdf_volumes.py (planning volumes) -> pdf_book.py (one
book's data, compiled) -> page_typst.py (the page model's writer) -> page.py.
"""

from __future__ import annotations

import html
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Mapping

from . import pdf_volumes
from .model import Build
from .pdf_book import (  # noqa: F401 - the book's API, used through this module by the hook, the CLI and tests
    BIBLIOGRAPHY,
    DOWNLOAD,
    PDF_NAME,
    SOURCES_INDEX,
    SPLIT_OVER,
    TEMPLATE,
    TOPICS_INDEX,
    VOLUME_SOURCES,
    BookSettings,
    Edition,
    _Book,
    book,
    book_settings,
    compile_book,
    edition,
    human_date,
    page_labels,
    parse_date,
    settings_from_config,
    topic_uri,
    topics_of,
)


def links(build: Build, settings: BookSettings) -> dict[str, Any]:
    """What the site's "Download PDF" links point at: the book, each topic page's own PDF and, above the
    volume line, every file a reader needs ("files": name and what it holds, in reading order)."""
    if volumed(build, settings):
        return pdf_volumes.links(build, settings)
    files = plan(build, settings)
    return {
        "book": files[""],
        "topics": {topic_uri(t): files[t.topic.id] for t in topics_of(build) if t.topic.id in files},
        "files": [{"name": PDF_NAME, "kind": "main", "title": "The whole briefing"}]
        + [{"name": files[t.topic.id], "kind": "topic", "title": t.topic.title} for t in topics_of(build) if t.topic.id in files],
    }


def download_html(pdfs: Mapping[str, Any]) -> str:
    """The home page's "Download PDF" paragraph, from ``links()``: the book, or every file of a briefing
    printed in volumes (the site's relative links: the home page sits at the site's root)."""
    files = pdfs.get("files", [])
    if not any(f["kind"] == "sources" for f in files):
        return (
            f'<p class="no-pdf download-pdf"><a href="{html.escape(pdfs["book"])}" download>Download PDF</a>: '
            "the whole briefing as one\nbook, with contents, page numbers and working links, to read offline or print.</p>"
        )

    def a(f: Mapping[str, Any]) -> str:
        name = html.escape(f["name"])
        return f'<a href="{name}" download>{name}</a>'

    main = [f for f in files if f["kind"] == "main"]
    topics = [f for f in files if f["kind"] == "topic"]
    volumes = [f for f in files if f["kind"] == "sources"]
    items = [f"<li>{', '.join(a(f) for f in main)}: the home page, the topics and sources indexes, the "
             "bibliography (with each source’s volume and page) and the other pages</li>"]
    if topics:
        items.append("<li>Each topic’s quotes: " + ", ".join(f"{a(f)} ({html.escape(f['title'])})" for f in topics) + "</li>")
    items.append(f"<li>The sources’ full texts, newest first, in {len(volumes)} volumes: "
                 + ", ".join(a(f) for f in volumes) + "</li>")
    return (
        f'<div class="no-pdf download-pdf"><p><a href="{html.escape(pdfs["book"])}" download>Download PDF</a>: '
        f"this briefing prints as {len(files)} PDF files, each with contents, page numbers and bookmarks, to read "
        "offline or print; a reference to another file names it and its page.</p>\n<ul>\n"
        + "\n".join(items) + "\n</ul></div>"
    )


def volumed(build: Build, settings: BookSettings) -> bool:
    """Whether the briefing prints as volumes: more sources than a volume holds, or more text than one
    Typst compile should hold."""
    return len(build.articles) > settings.volume_sources or pdf_volumes.whole_weight(build) > pdf_volumes.WHOLE_WEIGHT


def plan(build: Build, settings: BookSettings) -> dict[str, str]:
    """File names of the PDFs the build writes: the whole book, and one per topic above the line."""
    files = {"": PDF_NAME}
    if len(build.articles) > settings.split_over:
        for t in topics_of(build):
            files[t.topic.id] = f"briefing-{t.topic.id}.pdf"
    return files


def write_pdfs(build: Build, settings: BookSettings, out: Path, environ: Mapping[str, str] | None = None) -> tuple[Path, ...]:
    """Write the whole book to ``out`` and, above the size line, one book per topic beside it; above the
    volume line, the book in volumes beside it (see pdf_volumes.py)."""
    ed = edition(build, settings.date, environ)
    out.parent.mkdir(parents=True, exist_ok=True)
    if volumed(build, settings):
        return pdf_volumes.write(build, settings, out, ed)
    by_id = {t.topic.id: t for t in topics_of(build)}
    topic_books = [
        (out.parent / name, book(build, settings, ed, only_topic=by_id[topic_id]))
        for topic_id, name in sorted(plan(build, settings).items()) if topic_id
    ]

    def topic_files() -> list[Path]:
        for target, data in topic_books:
            target.write_bytes(compile_book(data, ed, target.name))
        return [target for target, _ in topic_books]

    main = book(build, settings, ed)
    # Typst lets go of Python while it typesets, so the topics' books are compiled in a second
    # thread while the whole book is (on 2 cores, 100 sources: 9.2 s one after another, 7.8 s so).
    with ThreadPoolExecutor(max_workers=1) as beside:
        topics_done = beside.submit(topic_files)
        out.write_bytes(compile_book(main, ed, out.name))  # its error is raised when the thread is done
        written = topics_done.result()
    return (out, *written)

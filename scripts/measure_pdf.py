"""Measure the PDF book's build time: the real sources, then N synthetic ones (not a test; prints figures).

    PYTHONPATH=scripts python3 scripts/measure_pdf.py            # the real sources and 100 synthetic
    PYTHONPATH=scripts python3 scripts/measure_pdf.py 100 1000   # synthetic corpora of these sizes

Times, cold (one run each, as in a build), the pipeline, the book's data (pdf.book), Typst
(pdf.compile_book), and the whole book plus one PDF per topic; prints page counts and size. The
synthetic corpora come from
briefing.bench (shuffled paragraphs of the real sources), so their topics come from topics.yml.
"""

from __future__ import annotations

import dataclasses
import sys
import tempfile
import time
from pathlib import Path

import pypdf

from briefing import bench, pdf, pipeline
from briefing.check import settings_for

REPO = Path(__file__).resolve().parent.parent


def timed(fn):
    """One cold run: Typst memoizes within a process, and a build runs once per process."""
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def measure(root: Path, label: str) -> None:
    settings = pdf.settings_from_config(root)
    t_pipe, build = timed(lambda: pipeline.build(settings_for(root)))
    ed = pdf.edition(build, settings.date)
    t_data, data = timed(lambda: pdf.book(build, settings, ed))
    t_typst, blob = timed(lambda: pdf.compile_book(data, ed))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "briefing.pdf"
        pdf.write_pdfs(build, settings, out)
        pages = len(pypdf.PdfReader(out).pages)
        # Each topic's own PDF, cold as in a build: the split's extra cost.
        split = dataclasses.replace(settings, split_over=0)
        t_topics, written = timed(lambda: pdf.write_pdfs(build, split, Path(tmp) / "split" / "briefing.pdf"))
        topic_pages = sum(len(pypdf.PdfReader(p).pages) for p in written[1:])
    print(
        f"{label}: {len(build.articles)} sources, {len(build.topics)} topics -> {pages} pages, "
        f"{len(blob) / 1e6:.2f} MB | pipeline {t_pipe:.2f} s, book data {t_data:.2f} s, Typst {t_typst:.2f} s "
        f"| with one PDF per topic ({len(written) - 1} PDFs, {topic_pages} pages more): {t_topics:.2f} s",
        flush=True,
    )


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv] or [100]
    if not argv:
        measure(REPO, "real sources")
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix=f"pdf-measure-{n}-") as tmp:
            project = bench.make_project(Path(tmp) / "project", n, REPO)
            measure(project, f"synthetic {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

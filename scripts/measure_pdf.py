"""Measure the PDF book's build time: the real sources, then N synthetic ones (not a test; prints figures).

    PYTHONPATH=scripts python3 scripts/measure_pdf.py            # the real sources and 100 synthetic
    PYTHONPATH=scripts python3 scripts/measure_pdf.py 100 1000   # synthetic corpora of these sizes

Times, cold (one run each, as in a build), the pipeline, the book's data (pdf.book), Typst
(pdf.compile_book), and the whole book plus one PDF per topic; prints page counts and size. Above the
volume line (pdf_volume_sources) it times the files a build writes, each compiled in its own process,
and the largest compile's peak memory. Run one size per process for clean peaks. The
synthetic corpora come from
briefing.bench (shuffled paragraphs of the real sources), so their topics come from topics.yml.
"""

from __future__ import annotations

import dataclasses
import resource
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
    if pdf.volumed(build, settings):
        # Above the volume line each file is its own compile in its own process: time what a build writes.
        with tempfile.TemporaryDirectory() as tmp:
            t_all, written = timed(lambda: pdf.write_pdfs(build, settings, Path(tmp) / "briefing.pdf"))
            pages = [len(pypdf.PdfReader(p).pages) for p in written]
            size = sum(p.stat().st_size for p in written)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(
            f"{label}: {len(build.articles)} sources, {len(build.topics)} topics -> {len(written)} PDF files "
            f"(volumes of {settings.volume_sources}), {sum(pages)} pages ({pages[0]} in {written[0].name}), "
            f"{size / 1e6:.1f} MB | pipeline {t_pipe:.2f} s, PDFs {t_all:.2f} s | largest compile {peak:.0f} MB, "
            f"this process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB",
            flush=True,
        )
        return
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
        f"| with one PDF per topic ({len(written) - 1} PDFs, {topic_pages} pages more): {t_topics:.2f} s "
        f"| peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB",
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

"""Fingerprint every generated page and the book's Typst data, to prove a refactor changes no output.

Run it before and after a change and compare (``diff``): every line is ``<sha256> <what>``, one per
generated page (the HTML-in-Markdown the hook hands MkDocs), one per book file's Typst data (the JSON
``briefing.typ`` reads), and, with ``--pdf``, the compiled PDF's bytes for a book below the volume line.

    PYTHONPATH=scripts python3 -m briefing.hashes . > before.txt             # the seeds (sources/)
    PYTHONPATH=scripts python3 -m briefing.hashes --synthetic 1000 > before-1000.txt

``--synthetic N`` builds a project of N sources as ``bench`` makes them (bench.make_project), in a
temporary folder. The Typst data of a briefing in volumes is hashed per file with no page numbers
from the other files (they come from compiling those), which is enough to see any change in them.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from . import pdf, pipeline
from .check import settings_for


def _sha(data: str | bytes) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def _json(data: object) -> str:
    # As compile_book hands it to Typst.
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def fingerprints(root: Path, with_pdf: bool = False) -> Iterator[tuple[str, str]]:
    """``(what, sha256)`` for every generated page, fragment and book file of the project at ``root``."""
    result = pipeline.build(settings_for(root.resolve()))
    for page, text in sorted(pipeline.contents(result, parallel_from=10**9), key=lambda pt: pt[0].uri):
        yield f"page {page.uri}", _sha(text)
    for name, text in sorted(result.fragments.items()):
        yield f"fragment {name}", _sha(str(text))
    settings = pdf.settings_from_config(root.resolve())
    # The book's date, fixed (never the clock) without changing this process's environment.
    ed = pdf.edition(result, settings.date, {"SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH") or "1700000000"})
    if pdf.volumed(result, settings):
        from . import pdf_volumes  # noqa: PLC0415

        plan = pdf_volumes.Plan(result, settings)
        for f in plan.compile_order():
            yield f"typst-data {f.name}", _sha(_json(pdf_volumes._data(plan, f, ed, {})))
        return
    main = pdf.book(result, settings, ed)
    yield f"typst-data {pdf.PDF_NAME}", _sha(_json(main))
    by_id = {t.topic.id: t for t in pdf.topics_of(result)}
    for topic_id, name in sorted(pdf.plan(result, settings).items()):
        if topic_id:
            yield f"typst-data {name}", _sha(_json(pdf.book(result, settings, ed, only_topic=by_id[topic_id])))
    if with_pdf:
        yield f"pdf {pdf.PDF_NAME}", _sha(pdf.compile_book(main, ed))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m briefing.hashes", description=__doc__.split("\n")[0])
    parser.add_argument("root", nargs="?", type=Path, default=Path("."), help="the project (holding mkdocs.yml)")
    parser.add_argument("--synthetic", type=int, metavar="N", help="a synthetic project of N sources, as bench makes it")
    parser.add_argument("--pdf", action="store_true", help="also compile the book and hash its bytes (below the volume line)")
    args = parser.parse_args(argv)
    if args.synthetic:
        from .bench import make_project  # noqa: PLC0415

        with tempfile.TemporaryDirectory(prefix="briefing-hashes-") as tmp:
            project = make_project(Path(tmp) / "project", args.synthetic, args.root.resolve())
            for what, sha in fingerprints(project, args.pdf):
                print(sha, what)
        return 0
    for what, sha in fingerprints(args.root, args.pdf):
        print(sha, what)
    return 0


if __name__ == "__main__":
    sys.exit(main())

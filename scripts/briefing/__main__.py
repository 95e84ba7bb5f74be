"""Command line: run the pipeline without MkDocs (print a cleaned article, write generated pages)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import pipeline, render
from .errors import BriefingError
from .sources import load_source


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m briefing", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path("."), help="folder holding mkdocs.yml (default: .)")
    sub = parser.add_subparsers(dest="command", required=True)
    show = sub.add_parser("clean", help="print one cleaned article as plain text")
    show.add_argument("file", type=Path)
    show.add_argument("--removed", action="store_true", help="also list the lines the cleaner dropped")
    out = sub.add_parser("generate", help="write every generated page into a folder")
    out.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    try:
        if args.command == "clean":
            return _clean(args.file, args.removed)
        return _generate(args.root, args.out)
    except BriefingError as exc:
        for line in exc.problems:
            print(f"error: {line}", file=sys.stderr)
        return 1


def _clean(file: Path, removed: bool) -> int:
    print(render.plain_text(pipeline.make_article(load_source(file)), removed=removed), end="")
    return 0


def _generate(root: Path, out: Path) -> int:
    result = pipeline.build(pipeline.Settings(root=root.resolve()))
    for page in result.pages:
        target = out / page.uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.content, encoding="utf-8")
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"wrote {len(result.pages)} files to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

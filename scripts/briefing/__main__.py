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
    new = sub.add_parser(
        "new",
        help="start sources/<slug>.md from a saved web page or a URL",
        description="Start sources/<slug>.md from a saved web page or a URL: the facts the page states, "
        "marked TODO to confirm, then the page's full text as a select-all copy gives it. It also prints "
        "where trafilatura, reading the HTML, disagrees with the cleaner on what is article text; only "
        "'new' can show this list ('check' never sees the HTML), so review it when you run 'new'.",
    )
    new.add_argument("page", help="a saved web page (.html file) or an http(s) URL")
    new.add_argument("--slug", help="file name to use instead of one made from the title")
    new.add_argument("--url", help="the article's address, when the saved page does not give it")
    new.add_argument("--accessed", metavar="YYYY-MM-DD", help="the day you saved the page (default: today, marked to check)")
    chk = sub.add_parser(
        "check",
        help="check every source (front matter, cleaning, TODO marks) without building the site",
        description="Check every source (front matter, cleaning, TODO marks) without building the site. "
        "It reads the sources only: trafilatura's second opinion on a new page's text is shown by 'new'.",
    )
    chk.add_argument("--github", action="store_true", help="also print problems as GitHub Actions annotations")
    chk.add_argument("--added", nargs="*", default=[], metavar="FILE",
                     help="source files the pull request adds: a duplicate pair is reported on the added file")
    quotes = sub.add_parser("quotes", help="print every topic's quotes as plain text (to review a change to topics.yml)")
    quotes.add_argument("--topic", help="only this topic id")
    quotes.add_argument("--explain", action="store_true", help="say under each quote what chose it (rule and terms)")
    quotes.add_argument("--diff", metavar="REF", help="show the quotes added and removed against a git ref's code and topics file")
    sub.add_parser("timeline", help="print the timeline's entries as plain text (date, topics, each quote with its source and paragraph)")
    book = sub.add_parser("pdf", help="write the briefing as one PDF book (and one per topic above the size line)")
    book.add_argument("out", type=Path, help="the PDF file to write, e.g. briefing.pdf")
    ev = sub.add_parser(
        "evaluate-cleaner",
        help="clean every capture of a development set (pages.json, captures/, gold/) and score it against the gold",
        description="Clean every capture of a development set laid out as ../shared/cleaner-dev/ (pages.json, "
        "captures/<id>.txt, gold/<id>.txt) and print micro and macro word precision, recall and F1, "
        "as cleaner-dev/score.py defines them, and the pages with the lowest F1.",
    )
    ev.add_argument("set", type=Path, help="the development set's folder, e.g. ../shared/cleaner-dev")
    ev.add_argument("--worst", type=int, default=10, help="how many of the lowest-F1 pages to list (default: 10)")
    ev.add_argument("--json", type=Path, help="also write every page's result, with each output paragraph's verdict, here")
    ben = sub.add_parser("bench", help="time the pipeline, the site, the PDF and plain MkDocs on N synthetic sources")
    ben.add_argument("--sources", type=int, default=100, help="how many synthetic sources (default: 100)")
    ben.add_argument("--runs", type=int, default=3, help="runs of each measurement; the median is shown (default: 3)")
    ben.add_argument("--no-reference", action="store_true", help="skip the plain-MkDocs yardstick")
    ben.add_argument("--reference-runs", type=int, help="runs of the plain-MkDocs yardstick (default: --runs); it takes over 15 min at 5,000 sources")
    ben.add_argument("--pdf-runs", type=int, help="runs of the PDF (default: --runs); it takes minutes at 5,000 sources")
    ben.add_argument("--no-pdf", action="store_true", help="skip the PDF")
    ben.add_argument(
        "--breakdown", action="store_true",
        help="instead: where the CPU goes, part by part (each source's cleaning, passages, dates...; each kind of page), in one process",
    )
    args = parser.parse_args(argv)
    try:
        if args.command == "bench":
            from . import bench  # noqa: PLC0415 - only this command needs it

            if args.breakdown:
                bench.breakdown_of(args.sources, args.root.resolve())
                return 0
            bench.bench(
                args.sources, args.runs, args.root.resolve(), not args.no_reference, not args.no_pdf,
                reference_runs=args.reference_runs, pdf_runs=args.pdf_runs,
            )
            return 0
        if args.command == "evaluate-cleaner":
            return _evaluate(args.set, args.worst, args.json)
        if args.command == "pdf":
            return _pdf(args.root, args.out)
        if args.command == "clean":
            return _clean(args.file, args.removed)
        if args.command == "new":
            return _new(args.root, args.page, args.slug, args.url, args.accessed)
        if args.command == "check":
            return _check(args.root, args.github, args.added)
        if args.command == "quotes":
            return _quotes(args.root, args.topic, args.explain, args.diff)
        if args.command == "timeline":
            return _timeline(args.root)
        return _generate(args.root, args.out)
    except BriefingError as exc:
        for line in exc.problems:
            print(f"error: {line}", file=sys.stderr)
        return 1


def _pdf(root: Path, out: Path) -> int:
    from . import pdf  # the PDF's modules load only for this command
    from .check import settings_for

    result = pipeline.build(settings_for(root.resolve()))
    for path in pdf.write_pdfs(result, pdf.settings_from_config(root.resolve()), out):
        print(f"wrote {path}")
    return 0


def _evaluate(folder: Path, worst: int, json_file: Path | None) -> int:
    from . import evaluate

    result = evaluate.evaluate(folder)
    print(evaluate.report(result, worst), end="")
    if json_file is not None:
        evaluate.write_json(result, json_file)
    return 0


def _quotes(root: Path, topic: str | None, explain: bool = False, diff: str | None = None) -> int:
    from .check import settings_for
    from .review import explained_text, quotes_diff
    from .topic_pages import quotes_text

    settings = settings_for(root.resolve())
    result = pipeline.build(settings)
    chosen = tuple(r for r in result.topics if topic in (None, r.topic.id))
    if not chosen:
        raise BriefingError(f"topics.yml: no topic '{topic}' (topics: {', '.join(r.topic.id for r in result.topics)})")
    listing = explained_text(chosen, result.articles) if explain else quotes_text(chosen)
    if diff:
        print(quotes_diff(settings.root, diff, settings.sources, quotes_text(chosen), topic), end="")
        return 0
    print(listing, end="")
    return 0


def _timeline(root: Path) -> int:
    from . import timeline
    from .check import settings_for

    result = pipeline.build(settings_for(root.resolve()))
    print(timeline.plain_text(timeline.of_build(result.articles, result.topics)), end="")
    return 0


def _clean(file: Path, removed: bool) -> int:
    print(render.plain_text(pipeline.make_article(load_source(file)), removed=removed), end="")
    return 0


def _generate(root: Path, out: Path) -> int:
    result = pipeline.build(pipeline.Settings(root=root.resolve()))
    for page, content in pipeline.contents(result):
        target = out / page.uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"wrote {len(result.pages)} files to {out}")
    return 0


def _new(root: Path, page: str, slug: str | None, url: str | None, accessed: str | None = None) -> int:
    from .check import todo_problems
    from .newsource import new_source, review_lines  # imports trafilatura and inscriptis, which only this command needs

    result = new_source(page, pipeline.Settings(root=root).sources_dir, root=root, slug=slug, url=url, accessed=accessed)
    written = result.path
    marked = len(todo_problems(written.read_text(encoding="utf-8"), written.as_posix()))
    print(f"wrote {written.as_posix()}")
    for line in review_lines(result.opinion):
        print(line)
    if marked:
        print(f"next: confirm the {marked} facts marked TODO against the page and delete each TODO comment,")
        print("then run: PYTHONPATH=scripts python3 -m briefing check")
    else:
        print("next: run PYTHONPATH=scripts python3 -m briefing check")
    return 0


def _check(root: Path, github: bool, added: "list[str] | tuple[str, ...]" = ()) -> int:
    from dataclasses import replace

    from .check import check, settings_for

    settings = settings_for(root.resolve())
    report = check(replace(settings, added=tuple(Path(f).as_posix() for f in added if f)))
    for line in report.problems:
        print(f"error: {line}", file=sys.stderr)
    for line in report.warnings:
        print(f"warning: {line}", file=sys.stderr)
    for line in report.doubts:  # not problems: lines for a reviewer to read against the page
        print(f"doubt: {line}", file=sys.stderr)
    if github:  # annotations on the pull request's files
        for kind, lines in (("error", report.problems), ("warning", report.warnings), ("notice", report.doubts)):
            for line in lines:
                file, _, message = line.partition(": ")
                print(f"::{kind} file={file}::{_escape_annotation(message)}")
    counts = [f"{len(report.problems)} problem{'s' * (len(report.problems) != 1)}"]
    if report.warnings:
        counts.append(f"{len(report.warnings)} warning{'s' * (len(report.warnings) != 1)}")
    if report.doubts:
        counts.append(f"{len(report.doubts)} doubtful line{'s' * (len(report.doubts) != 1)} to review")
    print(f"checked {report.sources} source{'s' * (report.sources != 1)}: {', '.join(counts)}")
    return 1 if report.problems else 0


def _escape_annotation(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


if __name__ == "__main__":
    sys.exit(main())

"""The fast check: every problem the build would stop on, and the contributor checks, without MkDocs.

``findings`` is the one place the contributor checks are made (facts still marked TODO, drop_lines
that drop nothing, dates in the future, an edited capture): ``check`` reports them as problems, and
the MkDocs hook logs the same lines as warnings, so ``mkdocs build --strict`` fails on them too and
``mkdocs serve`` shows them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from . import pipeline
from .clean import _key as line_key
from .clean import normalize
from .errors import BriefingError, source_problem
from .passages import broad_terms
from .model import Article, Source
from .siteconfig import briefing_settings, read_config
from .sources import MARKED, capture_sha256, load_source, source_files, split_front_matter

_TODO = "still marked TODO (check it against the page, then delete the comment)"


def settings_for(root: Path) -> pipeline.Settings:
    """The folders the site build reads, from ``root/mkdocs.yml`` as the hook reads them (defaults without it)."""
    config = read_config(root)
    extra = briefing_settings(config)
    return pipeline.Settings(
        root=root,
        sources=str(extra.get("sources", "sources")),
        docs=str(config.get("docs_dir") or "docs"),
        topics=str(extra.get("topics", "topics.yml")),
    )


@dataclass(frozen=True)
class Report:
    """What ``check`` found: problems fail the check, warnings do not."""

    sources: int
    problems: tuple[str, ...]
    warnings: tuple[str, ...]
    doubts: tuple[str, ...] = ()  # kept lines the cleaner is least sure of, for a reviewer


def check(settings: pipeline.Settings, today: dt.date | None = None) -> Report:
    """Run the pipeline up to the generated Markdown (no MkDocs, no PDF) and add the contributor checks."""
    files = source_files(settings.sources_dir) if settings.sources_dir.is_dir() else []
    problems: list[str] = []
    warnings: tuple[str, ...] = ()
    doubts: tuple[str, ...] = ()
    try:
        result = pipeline.build(settings)
        warnings, articles, doubts = result.warnings, result.articles, result.doubts
        topics = tuple(r.topic for r in result.topics)
        warnings += tuple(broad_terms(topics, articles, Path(settings.topics).as_posix()))
    except BriefingError as exc:
        problems.extend(exc.problems)
        # The build stopped: the files that load on their own still get the contributor checks,
        # and those that do not, their TODO marks.
        loaded, marks = _loadable(files, settings.root)
        articles = tuple(pipeline.make_article(s) for s in loaded)
        problems.extend(marks)
    problems.extend(findings(articles, today))
    return Report(
        sources=len(files), problems=tuple(_by_file(problems)), warnings=tuple(_by_file(warnings)), doubts=tuple(_by_file(doubts))
    )


def findings(articles: Iterable[Article], today: dt.date | None = None) -> list[str]:
    """The contributor checks, one line each: what a build must not publish but the pipeline itself
    does not stop on. ``check`` fails on them; the MkDocs hook logs them as warnings (so that
    ``mkdocs build --strict`` fails too). Add a new contributor check here, and both report it."""
    today = today or dt.date.today()
    out: list[str] = []
    for a in articles:
        s = a.source
        out += [source_problem(s.path, field, _TODO) for field in s.todo]
        out += drop_line_problems(s.meta.drop_lines, s.raw, s.path)
        out += future_date_problems(s, today)
        out += fingerprint_problems(s)
        # The cleaner's doubts are not findings: they never fail a check or a build (Build.doubts;
        # check lists them, a one-off site build logs them as information).
    return out


def future_date_problems(source: Source, today: dt.date) -> list[str]:
    """A publication or access date after today is a typo (a year, or a month and day swapped), and
    so is an access before publication."""
    out = []
    for field, date in (("date", source.meta.date), ("accessed", source.meta.accessed)):
        if date is not None and date > today:
            out.append(source_problem(source.path, field, f"{date.isoformat()} is in the future (today is {today.isoformat()}); check the year, month and day"))
    published, accessed = source.meta.date, source.meta.accessed
    if published is not None and accessed is not None and accessed < published:
        out.append(source_problem(source.path, "accessed", f"{accessed.isoformat()} is before the article's date ({published.isoformat()}); check both"))
    return out


def fingerprint_problems(source: Source) -> list[str]:
    """The capture must be the one that was fingerprinted: the text after the front matter is never edited."""
    stated = source.meta.capture_sha256
    if stated is None:
        return []
    now = capture_sha256(source.raw)
    if now == stated:
        return []
    return [source_problem(
        source.path, "capture_sha256",
        "the capture was edited since it was recorded (the text after the front matter is never edited by hand); "
        f"undo the edit, or, if you captured the article again on purpose, write capture_sha256: {now}",
    )]


def _loadable(files: list[Path], root: Path) -> tuple[list[Source], list[str]]:
    """The sources that load, and the TODO marks of those that do not (the build named their problems)."""
    loaded, marks = [], []
    for file in files:
        display = _display(file, root)
        try:
            loaded.append(load_source(file, display))
        except BriefingError:
            marks += todo_problems(file.read_bytes().decode("utf-8-sig", errors="replace"), display)
    return loaded, marks


def todo_problems(text: str, path: str) -> list[str]:
    """One line per front-matter field still marked TODO (by the 'new' command or by hand)."""
    parts = split_front_matter(text)
    if parts is None:
        return []
    return [source_problem(path, field, _TODO) for field in MARKED.findall(parts[0])]


def drop_line_problems(drop_lines: tuple[str, ...], raw: str, path: str) -> list[str]:
    """A ``drop_lines`` entry that matches no line of the capture drops nothing: a typo, or a stale entry."""
    if not drop_lines:
        return []  # most sources: the hook runs this on every `mkdocs serve` rebuild
    # The cleaner's own comparison, so case, curly quotes, dashes and spacing do not count here either.
    present = {line_key(normalize(line)) for line in raw.splitlines()}
    return [
        source_problem(path, "drop_lines", f"'{line}' matches no line of the capture (copy the line exactly)")
        for line in drop_lines
        if line_key(line) not in present
    ]


def _by_file(lines: list[str] | tuple[str, ...]) -> list[str]:
    """Group lines by the file they name (stable within a file), so a contributor reads one file's at once."""
    return sorted(dict.fromkeys(lines), key=lambda line: line.split(": ", 1)[0])


def _display(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()

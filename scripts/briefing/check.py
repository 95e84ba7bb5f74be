"""The fast check: every problem the build would stop on, and facts still marked TODO, without MkDocs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import pipeline
from .clean import _key as line_key
from .clean import normalize
from .errors import BriefingError, source_problem
from .passages import broad_terms
from .siteconfig import briefing_settings, read_config
from .sources import load_source, source_files, split_front_matter

# A front-matter line the 'new' command left for the contributor: ``date: 2024-05-14  # TODO: check``.
_MARKED = re.compile(r"^([A-Za-z_][\w-]*)\s*:.*#\s*TODO\b")


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


def check(settings: pipeline.Settings) -> Report:
    """Run the pipeline up to the generated Markdown (no MkDocs, no PDF) and add the contributor checks."""
    files = source_files(settings.sources_dir) if settings.sources_dir.is_dir() else []
    problems: list[str] = []
    warnings: tuple[str, ...] = ()
    doubts: tuple[str, ...] = ()
    try:
        built = pipeline.build(settings)
        doubts = built.doubts
        topics = tuple(r.topic for r in built.topics)
        warnings = built.warnings + tuple(broad_terms(topics, built.articles, Path(settings.topics).as_posix()))
    except BriefingError as exc:
        problems.extend(exc.problems)
    for file in files:
        display = _display(file, settings.root)
        text = file.read_bytes().decode("utf-8-sig", errors="replace")
        problems.extend(todo_problems(text, display))
        try:
            source = load_source(file, display)
        except BriefingError:
            continue  # the build's problems above already name it
        problems.extend(drop_line_problems(source.meta.drop_lines, source.raw, display))
    return Report(
        sources=len(files), problems=tuple(_by_file(problems)), warnings=tuple(_by_file(warnings)), doubts=tuple(_by_file(doubts))
    )


def todo_problems(text: str, path: str) -> list[str]:
    """One line per front-matter field still marked TODO (by the 'new' command or by hand)."""
    parts = split_front_matter(text)
    if parts is None:
        return []
    out = []
    for line in parts[0].splitlines():
        m = _MARKED.match(line)
        if m:
            out.append(
                source_problem(path, m.group(1), "still marked TODO (check it against the page, then delete the comment)")
            )
    return out


def drop_line_problems(drop_lines: tuple[str, ...], raw: str, path: str) -> list[str]:
    """A ``drop_lines`` entry that matches no line of the capture drops nothing: a typo, or a stale entry."""
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

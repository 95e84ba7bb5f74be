"""Load and validate source files: YAML front matter with publication facts, then the raw dump."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from .errors import BriefingError, source_problem
from .model import Meta, Source

# The raw dump must reach the cleaner byte for byte, so the front matter is split here rather
# than by python-frontmatter, whose parse() strips the text around the content.
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*(?:\r?\n|\Z)", re.DOTALL | re.MULTILINE)
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

REQUIRED = ("title", "author", "publisher", "date", "url")
OPTIONAL = ("notes", "truncated", "drop_lines")


class _Loader(yaml.SafeLoader):
    """Safe YAML that keeps dates as text, so an impossible date gets our message, not YAML's."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def source_files(sources_dir: Path) -> list[Path]:
    """Every article file in ``sources_dir``, sorted; README and hidden files are not articles."""
    return sorted(
        p
        for p in sources_dir.iterdir()
        if p.is_file() and p.suffix == ".md" and not p.name.startswith((".", "_")) and p.name != "README.md"
    )


def split_front_matter(text: str) -> tuple[str, str] | None:
    """Return ``(yaml_text, raw)`` with ``raw`` exactly as it follows the closing ``---`` line."""
    m = _FRONT_MATTER.match(text)
    if m is None:
        return None
    return m.group(1), text[m.end() :]


def parse_source(text: str, path: str, slug: str) -> Source:
    """Validate one source file's text; raise BriefingError listing every problem found."""
    problems: list[str] = []
    if not _SLUG.match(slug):
        problems.append(
            source_problem(path, None, f"file name '{slug}' is not a slug (lowercase letters, digits and hyphens)")
        )
    parts = split_front_matter(text)
    if parts is None:
        raise BriefingError(*problems, source_problem(path, None, "no front matter (expected a '---' block first)"))
    fm_text, raw = parts
    try:
        data = yaml.load(fm_text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise BriefingError(*problems, source_problem(path, None, f"front matter is not valid YAML: {problem}{where}")) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise BriefingError(*problems, source_problem(path, None, "front matter must be a mapping of fields"))
    meta = _validate(data, path, problems)
    if not raw.strip():
        problems.append(source_problem(path, None, "no article text after the front matter"))
    if problems:
        raise BriefingError(*problems)
    assert meta is not None
    return Source(slug=slug, path=path, meta=meta, raw=raw)


def load_source(file: Path, display: str | None = None) -> Source:
    """Read and validate one file in ``sources/``."""
    path = display or file.as_posix()
    data = file.read_bytes()
    if b"\x00" in data:
        raise BriefingError(source_problem(path, None, "is a binary file, not UTF-8 text"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BriefingError(
            source_problem(path, None, f"is not valid UTF-8 (byte {exc.start}); save it as UTF-8")
        ) from None
    return parse_source(text, path, file.stem)


def read_sources(sources_dir: Path, root: Path | None = None) -> tuple[tuple[Source, ...], tuple[str, ...]]:
    """Every source that loads, and one line per problem of those that do not."""
    problems: list[str] = []
    loaded: list[Source] = []
    for file in source_files(sources_dir):
        display = file.relative_to(root).as_posix() if root else file.as_posix()
        try:
            loaded.append(load_source(file, display))
        except BriefingError as exc:
            problems.extend(exc.problems)
    return tuple(loaded), tuple(problems)


def load_sources(sources_dir: Path, root: Path | None = None) -> tuple[Source, ...]:
    """Load every source, collecting all problems before failing."""
    loaded, problems = read_sources(sources_dir, root)
    if problems:
        raise BriefingError(*problems)
    return loaded


def _validate(data: dict, path: str, problems: list[str]) -> Meta | None:
    before = len(problems)

    def bad(fieldname: str, message: str) -> None:
        problems.append(source_problem(path, fieldname, message))

    for key in sorted(k for k in data if k not in REQUIRED + OPTIONAL):
        bad(str(key), f"unknown field (expected one of: {', '.join(REQUIRED + OPTIONAL)})")
    for key in REQUIRED:
        if key not in data:
            bad(key, "is missing (write null if it is not known)")

    title = data.get("title")
    if "title" in data and not (isinstance(title, str) and title.strip()):
        bad("title", f"{_show(title)} is not a non-empty string")

    authors: tuple[str, ...] = ()
    author = data.get("author")
    if isinstance(author, str) and author.strip():
        authors = (author.strip(),)
    elif isinstance(author, list) and author and all(isinstance(a, str) and a.strip() for a in author):
        authors = tuple(a.strip() for a in author)
    elif author is not None:
        bad("author", f"{_show(author)} is not a name, a list of names, or null")

    publisher = data.get("publisher")
    if publisher is not None and not (isinstance(publisher, str) and publisher.strip()):
        bad("publisher", f"{_show(publisher)} is not a non-empty string or null")

    date = None
    raw_date = data.get("date")
    if isinstance(raw_date, dt.date):  # cannot come from _Loader, kept for callers passing dicts
        date = raw_date
    elif raw_date is not None:
        text = str(raw_date)
        if isinstance(raw_date, str) and _DATE.match(text):
            try:
                date = dt.date.fromisoformat(text)
            except ValueError:
                bad("date", f"'{text}' is not a date (YYYY-MM-DD)")
        else:
            bad("date", f"{_show(raw_date)} is not a date (YYYY-MM-DD) or null")

    url = data.get("url")
    if url is not None and not (isinstance(url, str) and _is_url(url)):
        bad("url", f"{_show(url)} is not an http(s) URL or null")

    notes = data.get("notes", [])
    if isinstance(notes, str):
        notes = [notes]
    if not (isinstance(notes, list) and all(isinstance(n, str) and n.strip() for n in notes)):
        bad("notes", f"{_show(notes)} is not a list of strings")
        notes = []

    truncated = data.get("truncated", False)
    if not isinstance(truncated, bool):
        bad("truncated", f"{_show(truncated)} is not true or false")

    drop_lines = data.get("drop_lines", [])
    if not (isinstance(drop_lines, list) and all(isinstance(n, str) and n.strip() for n in drop_lines)):
        bad("drop_lines", f"{_show(drop_lines)} is not a list of strings")
        drop_lines = []

    if len(problems) > before:
        return None
    return Meta(
        title=" ".join(str(title).split()),
        authors=authors,
        publisher=publisher.strip() if isinstance(publisher, str) else None,
        date=date,
        url=url,
        notes=tuple(n.strip() for n in notes),
        truncated=truncated,
        drop_lines=tuple(d.strip() for d in drop_lines),
    )


def _is_url(value: str) -> bool:
    if any(c.isspace() for c in value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc) and "." in (parts.hostname or "")


def _show(value: object) -> str:
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 60 else text[:57] + "..."

"""Load and validate ``topics.yml``: the briefing's topics and the terms that identify them."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

try:
    import re._parser as _parser
except ImportError:  # pragma: no cover - Python before 3.11 keeps it as sre_parse
    import sre_parse as _parser  # type: ignore[no-redef]

from .errors import BriefingError
from .model import Term, Topic

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TOPIC_KEYS = ("id", "title", "description", "terms", "related", "names", "places", "exclude")
_TERM_KEYS = ("pattern", "requires")


def word_pattern(pattern: str) -> str:
    """A term as written in topics.yml, matched as whole words only."""
    return rf"(?<!\w)(?:{pattern})(?!\w)"


def load_topics(file: Path, display: str | None = None) -> tuple[Topic, ...]:
    """Read ``topics.yml``; raise BriefingError with one line per problem."""
    path = display or file.as_posix()
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BriefingError(f"{path}: file not found (it lists the briefing's topics and their terms)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BriefingError(f"{path}: cannot be read as UTF-8 text ({exc})") from None
    return parse_topics(text, path)


@lru_cache(maxsize=8)  # `mkdocs serve` reads topics.yml on every rebuild; the same text parses the same
def parse_topics(text: str, path: str = "topics.yml") -> tuple[Topic, ...]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise BriefingError(f"{path}: not valid YAML: {problem}{where}") from None
    if not isinstance(data, dict) or not isinstance(data.get("topics"), list) or not data["topics"]:
        raise BriefingError(f"{path}: expected a mapping with a non-empty list 'topics'")
    problems: list[str] = []
    topics: list[Topic] = []
    seen: set[str] = set()
    for i, entry in enumerate(data["topics"], start=1):
        topic = _topic(entry, f"{path}: topic {i}", problems)
        tid = entry.get("id") if isinstance(entry, dict) else None
        if isinstance(tid, str):
            if tid in seen:
                problems.append(f"{path}: topic {i}: id '{tid}' is used twice")
            seen.add(tid)
        if topic is not None:
            topics.append(topic)
    if problems:
        raise BriefingError(*problems)
    return tuple(topics)


def _topic(entry: Any, where: str, problems: list[str]) -> Topic | None:
    if not isinstance(entry, dict):
        problems.append(f"{where}: expected a mapping with id, title, description and terms")
        return None
    before = len(problems)
    tid = entry.get("id")
    if isinstance(tid, str) and _ID.match(tid):
        where = f"{where} ('{tid}')"
    else:
        problems.append(f"{where}: 'id': {tid!r} is not a slug (lowercase letters, digits and hyphens)")
    for key in sorted(str(k) for k in entry if k not in _TOPIC_KEYS):
        problems.append(f"{where}: '{key}': unknown field (expected one of: {', '.join(_TOPIC_KEYS)})")
    for key in ("title", "description"):
        value = entry.get(key)
        if not (isinstance(value, str) and value.strip()):
            problems.append(f"{where}: '{key}': {value!r} is not a non-empty string")
    terms_data = entry.get("terms")
    terms: list[Term] = []
    if not isinstance(terms_data, list) or not terms_data:
        problems.append(f"{where}: 'terms': expected a non-empty list of patterns")
    else:
        for j, item in enumerate(terms_data, start=1):
            term = _term(item, f"{where}: 'terms' item {j}", problems)
            if term is not None:
                terms.append(term)
    for key, kind in (("names", "name"), ("places", "place"), ("related", "related")):
        data = entry.get(key, [])
        if not isinstance(data, list):
            problems.append(f"{where}: '{key}': expected a list of patterns")
            continue
        for j, item in enumerate(data, start=1):
            term = _term(item, f"{where}: '{key}' item {j}", problems, kind)
            if term is not None:
                terms.append(term)
    exclude_data = entry.get("exclude", [])
    exclude: list[str] = []
    if not isinstance(exclude_data, list):
        problems.append(f"{where}: 'exclude': expected a list of patterns")
    else:
        for j, item in enumerate(exclude_data, start=1):
            if _pattern_ok(item, f"{where}: 'exclude' item {j}", problems):
                exclude.append(item)
    if len(problems) > before:
        return None
    return Topic(
        id=tid,
        title=entry["title"].strip(),
        description=" ".join(entry["description"].split()),
        terms=tuple(terms),
        exclude=tuple(exclude),
    )


def _term(item: Any, where: str, problems: list[str], kind: str = "core") -> Term | None:
    # A name is matched as written: "NIS" the company, not "nis"; "Jadar", not "jadar".
    wrap = (lambda p: f"(?-i:{p})") if kind in ("name", "place") else (lambda p: p)
    if isinstance(item, str):
        return Term(wrap(item), None, kind) if _pattern_ok(item, where, problems) else None
    if not isinstance(item, dict) or "pattern" not in item:
        problems.append(f"{where}: expected a pattern, or a mapping with 'pattern' (and optional 'requires')")
        return None
    unknown = sorted(str(k) for k in item if k not in _TERM_KEYS)
    for key in unknown:
        problems.append(f"{where}: '{key}': unknown field (expected one of: {', '.join(_TERM_KEYS)})")
    ok = _pattern_ok(item["pattern"], where, problems) and not unknown
    requires = item.get("requires")
    if requires is not None:
        ok = _pattern_ok(requires, f"{where} 'requires'", problems) and ok
    return Term(wrap(item["pattern"]), requires, kind) if ok else None


def _pattern_ok(pattern: Any, where: str, problems: list[str]) -> bool:
    if not (isinstance(pattern, str) and pattern.strip()):
        problems.append(f"{where}: {pattern!r} is not a non-empty pattern")
        return False
    try:
        # Parsed, not compiled: the same errors, at a third of the cost (the matcher compiles the
        # terms once, together).
        parsed = _parser.parse(word_pattern(pattern), re.IGNORECASE)
    except re.error as exc:
        try:  # the error as written, so its position is in the contributor's text
            re.compile(pattern)
        except re.error as own:
            exc = own
        problems.append(f"{where}: {pattern!r} is not a valid regular expression ({exc})")
        return False
    if parsed.getwidth()[0] == 0:
        problems.append(f"{where}: {pattern!r} matches empty text, so it would match everywhere")
        return False
    return True

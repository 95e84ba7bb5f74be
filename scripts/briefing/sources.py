"""Load and validate source files: YAML front matter with publication facts, then the raw dump."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import reprlib
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from .errors import BriefingError, source_problem
from .model import Meta, PartialDate, Source

# The raw dump must reach the cleaner byte for byte, so the front matter is split here rather
# than by python-frontmatter, whose parse() strips the text around the content.
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*(?:\r?\n|\Z)", re.DOTALL | re.MULTILINE)
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# A publication date known only to the month or the year, or approximately (a trailing "~").
_PARTIAL_DATE = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?(?P<approximate>~)?$")

# A source is one article: the seeds are 7-14 kB, a long report without its chrome perhaps 100 kB.
# Above the limit the build is refused before the file is read. Measured (mkdocs build --strict,
# PDF included): 250 kB of text took 4.5-15 s and 0.6-1.0 GB; 1 MB took 26-100 s and 2-4 GB.
MAX_SOURCE_BYTES = 250_000

# A file saved as UTF-8 after being read as Windows-1252 ("â€™" for "’"): UTF-8 lead byte, then
# continuation bytes, each seen through Windows-1252.
_CP1252_HIGH = "\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
_MOJIBAKE = re.compile(f"[\u00c2-\u00f4][\u0080-\u00bf{_CP1252_HIGH}]{{1,3}}")
_BOMS = ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"), (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"))

REQUIRED = ("title", "author", "publisher", "date", "url")
OPTIONAL = ("notes", "truncated", "drop_lines", "capture_sha256", "accessed")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")

# A front-matter line the 'new' command left for the contributor: ``date: 2024-05-14  # TODO: check``.
MARKED = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:.*#\s*TODO\b", re.M)


@lru_cache(maxsize=16384)  # the same text object comes back on every `mkdocs serve` rebuild
def capture_sha256(raw: str) -> str:
    """The capture's fingerprint: SHA-256 of its UTF-8 text, line endings as LF.

    Line endings are folded so a checkout that converts them (git's autocrlf on Windows) is not
    taken for an edit; every other byte counts.
    """
    return hashlib.sha256(raw.replace("\r\n", "\n").encode("utf-8")).hexdigest()


class _Loader(yaml.SafeLoader):
    """Safe YAML that keeps dates as text, so an impossible date gets our message, not YAML's."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

# libyaml's parser is ten times faster on a thousand files; its error texts differ, so a file it
# refuses is parsed again by _Loader above, whose messages the errors (and tests) use.
if hasattr(yaml, "CSafeLoader"):

    class _FastLoader(yaml.CSafeLoader):  # type: ignore[name-defined,misc]
        pass

    _FastLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
else:  # pragma: no cover - PyYAML built without libyaml
    _FastLoader = _Loader  # type: ignore[misc,assignment]


# libyaml recurses in C on nested collections and crashes the interpreter on hostile depth; only
# shallow front matter (what every real source has) takes the fast path.
_NESTING = re.compile(r"[\[{]|^\s*-\s+-|^\s{9,}\S", re.M)
_MAX_FAST_NESTING = 16


def _load_yaml(text: str):
    if len(_NESTING.findall(text)) > _MAX_FAST_NESTING:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader
    try:
        return yaml.load(text, Loader=_FastLoader)  # noqa: S506 - a SafeLoader
    except yaml.YAMLError:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader; raises the readable error


def _ignored(p: Path) -> bool:
    # README, hidden files and _drafts are for people, not articles.
    return p.name.startswith((".", "_")) or p.name == "README.md"


def _listing(sources_dir: Path) -> list[tuple[Path, bool]]:
    """Each entry of ``sources_dir`` that is not ignored, and whether it is a source file (a ``.md``
    file). One scandir: the directory's own entry types, not a stat per file (2,000 fewer system
    calls per `mkdocs serve` rebuild at 1,000 sources)."""
    with os.scandir(sources_dir) as entries:
        listed = [(sources_dir / e.name, e.name.endswith(".md") and e.is_file()) for e in entries]
    return [(p, is_source) for p, is_source in listed if not _ignored(p)]


def source_files(sources_dir: Path) -> list[Path]:
    """Every article file in ``sources_dir``, sorted; README and hidden files are not articles."""
    # Sorted by name as a string: comparing Path objects is several times slower.
    return sorted((p for p, is_source in _listing(sources_dir) if is_source), key=str)


def stray_files(sources_dir: Path) -> list[Path]:
    """Everything else in ``sources_dir`` that is not ignored: it would be silently left out."""
    return sorted((p for p, is_source in _listing(sources_dir) if not is_source), key=str)


def split_front_matter(text: str) -> tuple[str, str] | None:
    """Return ``(yaml_text, raw)`` with ``raw`` exactly as it follows the closing ``---`` line."""
    m = _FRONT_MATTER.match(text)
    if m is None:
        return None
    return m.group(1), text[m.end() :]


def parse_source(text: str, path: str, slug: str, utf8: bytes | None = None) -> Source:
    """Validate one source file's text; raise BriefingError listing every problem found.

    ``utf8``: the bytes ``text`` was decoded from, if at hand (they make a check faster).
    """
    problems: list[str] = []
    if not _SLUG.match(slug):
        problems.append(
            source_problem(path, None, f"file name '{_printable(slug)}' is not a slug (lowercase letters, digits and hyphens)")
        )
    if not text.strip():
        raise BriefingError(*problems, source_problem(path, None, "is empty (expected front matter, then the article text)"))
    parts = split_front_matter(text)
    if parts is None:
        if re.match(r"---[ \t]*\r?\n", text):
            raise BriefingError(*problems, source_problem(path, None, "front matter has no closing '---' line"))
        raise BriefingError(*problems, source_problem(path, None, "no front matter (expected a '---' block first)"))
    fm_text, raw = parts
    try:
        data = _load_yaml(fm_text)
    except RecursionError:
        raise BriefingError(*problems, source_problem(path, None, "front matter is nested too deeply")) from None
    except yaml.YAMLError as exc:
        raise BriefingError(*problems, yaml_problem(exc, fm_text, path)) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise BriefingError(*problems, source_problem(path, None, "front matter must be a mapping of fields"))
    meta = _validate(data, path, problems, raw)
    if not raw.strip():
        problems.append(source_problem(path, None, "no article text after the front matter"))
    # Every character a double decoding starts with (U+00C2-U+00F4) is 0xC3 and one byte in UTF-8:
    # without that byte (a memchr), there is nothing to search for.
    if utf8 is None or b"\xc3" in utf8:
        problems += _mojibake(text, path)
    if problems:
        raise BriefingError(*problems)
    assert meta is not None
    todo = tuple(MARKED.findall(fm_text)) if "TODO" in fm_text else ()
    return Source(slug=slug, path=path, meta=meta, raw=raw, todo=todo)


# A front-matter line that starts a field: ``title: ...``.
_FIELD_LINE = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*)$")
_KEY_WITHOUT_COLON = re.compile(r"^([A-Za-z_][\w-]*)[ \t]+\S")


def yaml_problem(exc: yaml.YAMLError, fm_text: str, path: str) -> str:
    """YAML's error as one line a contributor can act on: the field, the file's line, and the fix.

    YAML reports where it gave up, which is often the line after the mistake and in its own
    grammar's words ("expected <block end>, but found '<scalar>'"); the common mistakes in a
    front matter are recognised from the line they happen on and explained instead.
    """
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None) or ""
    mark = getattr(exc, "problem_mark", None)
    start = getattr(exc, "context_mark", None)
    lines = fm_text.splitlines()

    def line_at(m) -> tuple[int, str]:  # the file's line number (line 1 is the opening ---), its text
        n = min(m.line, max(len(lines) - 1, 0))
        return n + 2, lines[n] if lines else ""

    def at(m, message: str) -> str:
        number, text = line_at(m)
        field = _FIELD_LINE.match(text)
        return source_problem(path, field.group(1) if field else None, f"{message} (line {number})")

    if mark is not None and problem == "could not find expected ':'" and start is not None:
        number, text = line_at(start)  # YAML notices on the next line; the mistake is on this one
        key = _KEY_WITHOUT_COLON.match(text)
        if key:
            return source_problem(
                path, key.group(1), f"no ':' after the field name; write '{key.group(1)}: ' and then the value (line {number})"
            )
        return source_problem(path, None, f"line {number} has no ':'; write each field as 'name: value' (line {number})")
    if mark is not None and problem.startswith("expected <block end>, but found"):
        number, text = line_at(mark)
        field = _FIELD_LINE.match(text)
        value = field.group(2) if field else ""
        if value.startswith('"'):
            return at(mark, 'a double quote inside the value ends it early; write each inner quote as \\" '
                            "(or use the typographic quotes \u201c \u201d)")
        if value.startswith("'"):
            return at(mark, "an apostrophe inside a single-quoted value ends it early; put the value in double "
                            "quotes instead (or write the apostrophe twice: '')")
    if mark is not None and problem == "mapping values are not allowed here":
        number, text = line_at(mark)
        if text[:1] in (" ", "\t") and _FIELD_LINE.match(text.strip()):
            return source_problem(path, text.strip().split(":")[0], f"is indented; start each field at the beginning of its line (line {number})")
        if _FIELD_LINE.match(text):
            return at(mark, "the value holds ': ', which YAML reads as a new field; put the value in double quotes")
    if mark is not None and "found character '\\t' that cannot start any token" in problem:
        number, _ = line_at(mark)
        return source_problem(path, None, f"front matter line starts with a tab; indent with spaces (line {number})")
    if mark is not None and problem.startswith("could not determine a constructor for the tag"):
        tag = problem.rsplit(" ", 1)[-1].strip("'").replace("tag:yaml.org,2002:", "!!")
        return at(mark, f"the tag '{_printable(tag)}' is not allowed; write the value as plain text")
    if start is not None and context == "while scanning a quoted scalar":
        return at(start, "the quoted value has no closing quote; end it with the same quote mark on the same line")
    if start is not None and context in ("while parsing a flow sequence", "while parsing a flow mapping"):
        close = "]" if "sequence" in context else "}"
        return at(start, f"the list opened with '{'[' if close == ']' else '{'}' is not closed with '{close}' on its line")
    if mark is not None and "found '<stream end>'" in problem:
        # The front matter ended inside a value: the last line that opens a list or mapping.
        for n in range(len(lines) - 1, -1, -1):
            text = lines[n]
            for opener, closer in (("[", "]"), ("{", "}")):
                if text.count(opener) > text.count(closer):
                    field = _FIELD_LINE.match(text)
                    return source_problem(
                        path, field.group(1) if field else None,
                        f"the list opened with '{opener}' is not closed with '{closer}' on its line (line {n + 2})",
                    )
    where = f" (line {line_at(mark)[0]})" if mark is not None else ""
    return source_problem(path, None, f"front matter is not valid YAML: {problem}{where}")


def load_source(file: Path, display: str | None = None) -> Source:
    """Read and validate one file in ``sources/``."""
    path = _printable(display or file.as_posix())
    return source_from_bytes(read_bytes(file, path), file, path)


def read_bytes(file: Path, path: str) -> bytes:
    """A source file's bytes, at most MAX_SOURCE_BYTES + 1 of them."""
    try:
        with file.open("rb") as f:
            return f.read(MAX_SOURCE_BYTES + 1)  # never more: the file may be huge, or still growing
    except OSError as exc:
        raise BriefingError(source_problem(path, None, f"cannot be read ({exc.strerror or exc})")) from None


def source_from_bytes(data: bytes, file: Path, path: str) -> Source:
    """Validate a source file's bytes, as read (at most MAX_SOURCE_BYTES + 1 of them) by load_source."""
    if len(data) > MAX_SOURCE_BYTES:
        size = max(file.stat().st_size, len(data))
        raise BriefingError(
            source_problem(path, None, f"is {_size(size)}; a source may be at most {_size(MAX_SOURCE_BYTES)} (one article, not a whole site)")
        )
    return parse_source(decode(data, path), path, file.stem, data)


def decode(data: bytes, path: str) -> str:
    """UTF-8 text (a BOM is allowed), or a BriefingError saying why not.

    Legacy encodings are refused rather than guessed: a detector cannot tell Windows-1252 from
    Windows-1250 or Latin-1 on a short text, and a wrong guess is shown as if it were right.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            raise BriefingError(source_problem(path, None, f"is {name} text; save it as UTF-8"))
    if b"\x00" in data:
        raise BriefingError(source_problem(path, None, "is a binary file, not UTF-8 text"))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise BriefingError(
            source_problem(
                path,
                None,
                f"line {line}: byte 0x{data[exc.start]:02X} is not UTF-8; save the file as UTF-8 "
                "(it looks like a legacy encoding such as Windows-1252)",
            )
        ) from None


def display_name(file: Path, root: Path | None = None) -> str:
    """How problems name a file: relative to ``root``, printable."""
    return _printable(file.relative_to(root).as_posix() if root else file.as_posix())


def read_sources(
    sources_dir: Path, root: Path | None = None, load: Callable[[Path, str], Source] | None = None
) -> tuple[tuple[Source, ...], tuple[str, ...]]:
    """Every source that loads, and one line per problem of those that do not.

    ``load(file, display)`` reads one file (default: load_source); a cache passes its own.
    """
    load = load or load_source
    problems: list[str] = []
    loaded: list[Source] = []

    if not sources_dir.is_dir():
        return (), (f"{display_name(sources_dir, root)}: folder not found (it holds one <slug>.md file per article)",)
    listing = _listing(sources_dir)
    articles = {p for p, is_source in listing if is_source}
    # Every file is in sources_dir: its display name is the folder's and its own (one display_name
    # per build, where one per file cost a tenth of a `mkdocs serve` rebuild at 1,000 sources).
    folder = display_name(sources_dir, root)
    prefix = "" if folder == "." else f"{folder}/"
    for file in sorted((p for p, _ in listing), key=str):
        display = prefix + _printable(file.name)
        if file not in articles:
            what = "a folder" if file.is_dir() else "not a source file"
            problems.append(f"{display}: is {what}; {folder}/ holds only <slug>.md files (one per article)")
            continue
        try:
            loaded.append(load(file, display))
        except BriefingError as exc:
            problems.extend(exc.problems)
    return tuple(loaded), tuple(problems)


def load_sources(sources_dir: Path, root: Path | None = None) -> tuple[Source, ...]:
    """Load every source, collecting all problems before failing."""
    loaded, problems = read_sources(sources_dir, root)
    if problems:
        raise BriefingError(*problems)
    return loaded


def _validate(data: dict, path: str, problems: list[str], raw: str = "") -> Meta | None:
    before = len(problems)

    def bad(fieldname: str, message: str) -> None:
        problems.append(source_problem(path, fieldname, message))

    data = {k: _tidy(v) if k in _TEXT_FIELDS else v for k, v in data.items()}

    for key in sorted((str(k) for k in data if k not in REQUIRED + OPTIONAL)):
        bad(_printable(key), f"unknown field (expected one of: {', '.join(REQUIRED + OPTIONAL)})")
    for key in REQUIRED:
        if key not in data:
            bad(key, "is missing (write the article's title)" if key == "title" else "is missing (write null if it is not known)")

    title = data.get("title")
    if "title" in data and title is None:
        bad("title", "is required: write the article's title as it gives it (only author, publisher, date and url may be null)")
    elif isinstance(title, str) and not title.strip():
        bad("title", "is empty: write the article's title as it gives it")
    elif "title" in data and not isinstance(title, str):
        bad("title", _not_text(title, "title", "is not a title (text)"))

    written: tuple[str, ...] = ()
    author = data.get("author")
    if isinstance(author, str) and author.strip():
        written = (author.strip(),)
    elif isinstance(author, list) and author and all(isinstance(a, str) and a.strip() for a in author):
        written = tuple(a.strip() for a in author)
    elif mapping := _braced_mapping(author):
        bad("author", mapping)
    elif author is not None:
        bad("author", _not_text(author, "author", "is not a name, a list of names, or null"))
    read = [_author(a) for a in written]
    for problem in (r for r in read if isinstance(r, str)):
        bad("author", problem)
    authors = tuple(r[0] for r in read if isinstance(r, tuple))
    organisations = tuple(r[0] for r in read if isinstance(r, tuple) and r[1])

    publisher = data.get("publisher")
    if publisher is not None and not (isinstance(publisher, str) and publisher.strip()):
        bad("publisher", _not_text(publisher, "publisher", "is not a publisher's name (text) or null"))

    def publication_date(value: object) -> PartialDate | None:
        """A date known to the month or year (2022-03, 2022) or approximately (2022-03~, 2024-04-05~:
        ISO 8601-2's mark), or None, leaving every other value to iso_date and its messages."""
        match = _PARTIAL_DATE.match(str(value)) if isinstance(value, (str, int)) and not isinstance(value, bool) else None
        if not match or (match["day"] and not match["approximate"]):
            return None
        year, month, day = (int(x) if x else None for x in match.group("year", "month", "day"))
        try:
            return PartialDate(year, month, day, approximate=bool(match["approximate"]))
        except ValueError:
            return None

    def iso_date(field: str) -> dt.date | None:
        """A field written YYYY-MM-DD, or null; anything else is reported."""
        value = data.get(field)
        if value is None:
            return None
        text = str(value)
        if isinstance(value, str) and _DATE.match(text):
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                bad(field, f"'{text}' is not a date (YYYY-MM-DD)")
                return None
        bad(field, f"{_show(value)} is not a date (YYYY-MM-DD) or null")
        return None

    raw_date = data.get("date")
    # A date object cannot come from _Loader; kept for callers passing dicts.
    date = raw_date if isinstance(raw_date, dt.date) else publication_date(raw_date) or iso_date("date")
    accessed = iso_date("accessed")

    url = data.get("url")
    if url is not None and not (isinstance(url, str) and _is_url(url)):
        bad("url", f"{_show(url)} is not an http(s) URL or null")

    notes = data.get("notes", [])
    if isinstance(notes, str):
        notes = [notes]
    if not (isinstance(notes, list) and all(isinstance(n, str) and n.strip() for n in notes)):
        bad("notes", f"{_show(notes)} is not a list of notes (one per line, each starting with '- ')")
        notes = []

    truncated = data.get("truncated", False)
    if not isinstance(truncated, bool):
        bad("truncated", f"{_show(truncated)} is not true or false")

    drop_lines = data.get("drop_lines", [])
    if not (isinstance(drop_lines, list) and all(isinstance(n, str) and n.strip() for n in drop_lines)):
        bad("drop_lines", f"{_show(drop_lines)} is not a list of lines (one per line, each starting with '- ')")
        drop_lines = []

    fingerprint = data.get("capture_sha256")
    if fingerprint is not None and not (isinstance(fingerprint, str) and _SHA256.match(fingerprint)):
        bad("capture_sha256", f"{_show(fingerprint)} is not a SHA-256 fingerprint (64 digits 0-9, a-f); "
                              f"this capture's is: capture_sha256: {capture_sha256(raw)}")

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
        capture_sha256=fingerprint,
        accessed=accessed,
        organisations=organisations,
    )


def _author(written: str) -> tuple[str, bool] | str:
    """One author as written: ``(name, is an organisation)``, or why it cannot be read. An
    organisation is written as BibTeX writes one, its whole name in braces ("{Human Rights Watch}");
    the braces are syntax, so no reader ever sees them."""
    braces = written.count("{") + written.count("}")
    if not braces:
        return written, False
    name = unbraced(written)
    if not name:
        return f"{_show(written)} has braces with no name in them; write the organisation's name in them"
    if braces == 2 and written.startswith("{") and written.endswith("}"):
        return written[1:-1].strip(), True
    if written.count("{") != written.count("}"):
        return f'{_show(written)} has unbalanced braces; write an organisation\'s whole name in one pair of braces: "{{{name}}}"'
    return f'{_show(written)} has braces inside the name; braces go around an organisation\'s whole name: "{{{name}}}"'


def unbraced(text: str) -> str:
    """``text`` without braces, its spaces collapsed: "{Human} Rights Watch" -> "Human Rights Watch"."""
    return " ".join(text.replace("{", " ").replace("}", " ").split())


def _braced_mapping(value: object) -> str | None:
    """Why ``author: {Human Rights Watch}`` (unquoted, also in a list) is not a name: YAML reads braces
    at the start of a value as a mapping. None when the value is no such thing."""
    items = value if isinstance(value, list) else [value]
    for item in items:
        if isinstance(item, dict) and len(item) == 1 and None in item.values():
            braced = "{" + _printable(str(next(iter(item)))) + "}"
            return f'{braced} is read as a YAML mapping, not a name; put an organisation in braces inside double quotes: "{braced}"'
    return None


def _is_url(value: str) -> bool:
    if not value.isprintable() or any(c.isspace() for c in value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc) and "." in (parts.hostname or "")


def _mojibake(text: str, path: str) -> list[str]:
    """The first line whose text was decoded twice (UTF-8 read as Windows-1252, then saved)."""
    for m in _MOJIBAKE.finditer(text):
        lead = ord(m.group()[0])
        seq = m.group()[: 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4]
        try:
            # Bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) come through as C1 controls.
            fixed = bytes(ord(c) if ord(c) < 256 else c.encode("cp1252")[0] for c in seq).decode("utf-8")
        except UnicodeError:
            continue
        line = text.count("\n", 0, m.start()) + 1
        return [
            source_problem(
                path, None, f"line {line}: '{_printable(seq)}' looks like '{_printable(fixed)}' decoded twice; save the capture again as UTF-8"
            )
        ]
    return []


_TEXT_FIELDS = ("title", "author", "publisher", "notes", "drop_lines")
# YAML escapes ("\x7f", "\ud800") can put into a value what no text needs: control characters
# (shown as a space), lone surrogates and non-characters (dropped; they cannot even be written out).
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
_UNWRITABLE = re.compile("[\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")


def _tidy(value: object) -> object:
    if isinstance(value, str):
        return _CONTROLS.sub(" ", _UNWRITABLE.sub("", value))
    if isinstance(value, list):  # one level: these fields hold strings or lists of strings
        return [_CONTROLS.sub(" ", _UNWRITABLE.sub("", v)) if isinstance(v, str) else v for v in value]
    return value


def _size(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 1_000_000 else f"{size / 1000:.0f} kB"


# Bounded: a YAML alias bomb shares one list a billion times, and repr() would walk them all.
_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxlist, _REPR.maxdict, _REPR.maxstring, _REPR.maxother = 3, 4, 4, 60, 60


def _printable(text: str) -> str:
    # Messages are one line, and file names or values must not send terminal control sequences.
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _show(value: object) -> str:
    """A value as the contributor wrote it in YAML (null, true, [a, b], {name: x}), never as Python prints it."""
    text = f"'{_printable(value[:200])}'" if isinstance(value, str) else _printable(_yaml_words(value, 3))
    return text if len(text) <= 60 else text[:57] + "..."


def _yaml_words(value: object, depth: int) -> str:
    # Bounded like _REPR: a YAML alias bomb shares one list a billion times.
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, str)):
        return str(value)
    if isinstance(value, dict):
        if depth <= 0:
            return "{...}"
        items = [f"{_yaml_words(k, depth - 1)}: {_yaml_words(v, depth - 1)}" for k, v in list(value.items())[:4]]
        return "{" + ", ".join(items + ["..."] * (len(value) > 4)) + "}"
    if isinstance(value, (list, tuple)):
        if depth <= 0:
            return "[...]"
        items = [_yaml_words(v, depth - 1) for v in value[:4]]
        return "[" + ", ".join(items + ["..."] * (len(value) > 4)) + "]"
    return _REPR.repr(value)


def _not_text(value: object, field: str, expected: str) -> str:
    """Why a value that should be text is not; a number or a yes/no read by YAML gets the fix."""
    if isinstance(value, bool):
        return f"{_show(value)} is read as yes/no (true/false), not text; put the value in double quotes"
    if isinstance(value, (int, float)):
        return f'{_show(value)} is read as a number, not text; put it in double quotes: {field}: "{value}"'
    return f"{_show(value)} {expected}"

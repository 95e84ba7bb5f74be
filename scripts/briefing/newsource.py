"""Start a new source file from a saved web page or a URL: facts and raw text extracted, never overwriting."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .clean import clean
from .duplicates import text_key, url_key
from .errors import BriefingError
from .sources import capture_sha256, load_source, parse_source, source_files

# What the contributor must confirm: ``check`` reports every front-matter line still carrying it.
TODO = "TODO"
_URL = re.compile(r"^https?://", re.I)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 60
MIN_WORDS = 25  # fewer words left after cleaning is no article, however short
# Letters NFKD does not take apart; Serbian names are common in this briefing's sources.
_ASCII = str.maketrans({"đ": "dj", "Đ": "Dj", "ß": "ss", "æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "œ": "oe"})


@dataclass(frozen=True)
class Extracted:
    """What the page itself says; ``None`` or ``()`` when it does not say it."""

    title: str | None
    authors: tuple[str, ...]
    publisher: str | None
    date: str | None
    url: str | None
    host: str | None
    text: str


def extract(html: bytes | str, url: str | None = None) -> Extracted:
    """Publication facts and main text of one page, by trafilatura (imported here: only this command needs it)."""
    doc = _trafilatura().bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        # Only dates the page states in its markup or address; a year in the text is no publication date.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if doc is None:
        return Extracted(None, (), None, None, url, None, "")
    authors = tuple(a for a in (_one_line(x) for x in (doc.author or "").split(";")) if a)
    title = _one_line(doc.title)
    text = doc.text or ""
    first, _, rest = text.partition("\n")
    if title and _one_line(first) == title:
        # The page's own <h1>: the title is in the front matter, and left here it would make the
        # cleaner read the first paragraph as a standfirst, which is neither numbered nor quoted.
        text = rest
    date = doc.date if isinstance(doc.date, str) and _DATE.match(doc.date) else None
    return Extracted(
        title=title,
        authors=authors,
        publisher=_one_line(doc.sitename),
        date=date,
        url=doc.url if isinstance(doc.url, str) and _URL.match(doc.url) else None,
        host=_one_line(doc.hostname),
        text=text,
    )


def slugify(text: str, limit: int = SLUG_MAX) -> str:
    """``"Serbia’s can’t-lose strategy"`` -> ``serbias-cant-lose-strategy``, cut at a word under ``limit``."""
    # Apostrophes join ("can’t" -> "cant"); accents go ("Vučić" -> "vucic"); any other mark separates words.
    folded = unicodedata.normalize("NFKD", re.sub(r"['’‘`]", "", text.translate(_ASCII)))
    kept = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    words = re.findall(r"[a-z0-9]+", "".join(c if c.isascii() else " " for c in kept))
    slug = ""
    for word in words:
        longer = f"{slug}-{word}" if slug else word
        if len(longer) > limit:
            break
        slug = longer
    return slug or (words[0][:limit] if words else "")


def source_text(page: Extracted, stated_url: str | None = None, accessed: str | None = None, saved: bool = True) -> str:
    """The new file: front matter in the loader's schema, every guessed fact marked TODO, then the text."""
    host = f" (site: {page.host})" if page.host else ""

    def line(key: str, value: str | None, missing: str) -> str:
        if value is None:
            unless = " (a title is required)" if key == "title" else ", or leave null if the page does not say"
            return f"{key}: null  # {TODO}: not found in the page; {missing}{unless}"
        return f"{key}: {value}  # {TODO}: check (read from the page)"

    authors = None
    if len(page.authors) == 1:
        authors = _quote(page.authors[0])
    elif page.authors:
        authors = "[" + ", ".join(_quote(a) for a in page.authors) + "]"
    url = f"url: {_quote(stated_url)}" if stated_url else line("url", _quote(page.url), "paste the article's address")
    lines = [
        "---",
        line("title", _quote(page.title), "write the article's title"),
        line("author", authors, "write the name, or a list of names"),
        line("publisher", _quote(page.publisher), f"write the publisher{host}"),
        line("date", page.date, "write the publication date as YYYY-MM-DD"),
        url,
        _accessed_line(accessed, saved),
        # What `check` compares the capture with: the text below is never edited by hand.
        f"capture_sha256: {capture_sha256(raw_text(page))}",
        "---",
    ]
    return "\n".join(lines) + "\n" + raw_text(page)


def _accessed_line(accessed: str | None, saved: bool) -> str:
    """The day of the capture: as given (--accessed); today for a page downloaded now; today, to
    check, for a saved page (it may have been saved earlier)."""
    if accessed:
        return f"accessed: {accessed}"
    today = dt.date.today().isoformat()
    if not saved:
        return f"accessed: {today}"
    return f"accessed: {today}  # {TODO}: the day you saved the page (today's date was written)"


def raw_text(page: Extracted) -> str:
    """The capture as written after the front matter: the extracted text, one line per block."""
    return page.text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n") + "\n"


def new_source(
    page: str,
    sources_dir: Path,
    *,
    root: Path | None = None,
    slug: str | None = None,
    url: str | None = None,
    fetch: Callable[[str], str | bytes | None] | None = None,
    accessed: str | None = None,
) -> Path:
    """Write ``sources/<slug>.md`` for ``page`` (a saved HTML file or an http(s) URL) and return its path.

    Refuses, with one line each, an article already present (same text or same URL), a file name
    already taken, and a page with no article text. ``fetch`` downloads a URL (trafilatura's by default).
    """
    problems: list[str] = []
    if slug is not None and not _SLUG.match(slug):
        problems.append(f"--slug '{slug}': not a slug (lowercase letters, digits and hyphens)")
    if url is not None and url_key(url) is None:
        problems.append(f"--url '{url}': not an http(s) URL")
    if accessed is not None and not _is_date(accessed):
        problems.append(f"--accessed '{accessed}': not a date (YYYY-MM-DD)")
    if not sources_dir.is_dir():
        problems.append(
            f"{_display(sources_dir, root)}: folder not found (run it in the repository's top folder, or give --root FOLDER before 'new')"
        )
    if problems:
        raise BriefingError(*problems)

    if _URL.match(page):
        html = (fetch or _download)(page)
        if not html:
            raise BriefingError(f"{page}: could not download the page (save it from your browser and give the file instead)")
        found = extract(html, url=page)
        # The address asked for is the contributor's; a different canonical one is the page's, to check.
        stated = url or (page if found.url is None or url_key(found.url) == url_key(page) else None)
    else:
        file = Path(page)
        if not file.is_file():
            raise BriefingError(f"{page}: no such file (give a saved web page or an http(s) URL)")
        found = extract(file.read_bytes())
        stated = url
    name = slug or slugify(found.title or "") or slugify(Path(page.rstrip("/")).stem)
    if not name:
        raise BriefingError(f"{page}: no title to name the file after (give one with --slug)")
    text = source_text(found, stated, accessed, saved=not _URL.match(page))
    target = sources_dir / f"{name}.md"
    display = _display(target, root)
    _self_check(text, display, name, found, page)

    new_text, new_url = text_key(raw_text(found)), url_key(stated or found.url)
    for existing in _existing(sources_dir, root):
        if new_text and text_key(existing.raw) == new_text:
            problems.append(f"{page}: the same article text is already in {existing.path}")
        elif new_url and url_key(existing.meta.url) == new_url:
            problems.append(f"{page}: the same article URL is already in {existing.path} ({new_url})")
    if problems:
        raise BriefingError(*problems)
    try:
        with target.open("x", encoding="utf-8", newline="\n") as out:
            out.write(text)
    except FileExistsError:
        raise BriefingError(
            f"{display}: already exists; a new source never replaces one (choose another name with --slug)"
        ) from None
    return target


def _self_check(text: str, display: str, name: str, found: Extracted, page: str) -> None:
    """What we write must load and keep text after cleaning; a missing title (marked TODO) is allowed."""
    body = clean(raw_text(found), found.title, found.authors).body if found.text.strip() else ()
    words = sum(len(p.text.split()) for p in body)
    if words < MIN_WORDS:  # menus and links only: a page that needs JavaScript, or not an article
        shown = f" (only {words} word{'s' * (words != 1)})" if words else ""
        raise BriefingError(f"{page}: no article text found in the page{shown}")
    try:
        parse_source(text, display, name)
    except BriefingError as exc:
        left = [p for p in exc.problems if not (found.title is None and p.startswith(f"{display}: front matter 'title'"))]
        if left:
            raise BriefingError(*left) from None


def _existing(sources_dir: Path, root: Path | None):
    if not sources_dir.is_dir():
        return
    for file in source_files(sources_dir):
        try:
            yield load_source(file, _display(file, root))
        except BriefingError:
            continue  # a broken file is the check command's business, not a reason to refuse this one


def _trafilatura():
    try:
        import trafilatura
    except ImportError as exc:
        raise BriefingError(
            f"the 'new' command needs trafilatura and lxml_html_clean ({exc}); "
            "install them with: python3 -m pip install -r requirements-dev.txt"
        ) from None
    return trafilatura


def _download(url: str) -> str | None:
    return _trafilatura().fetch_url(url)


def _display(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def _is_date(text: str) -> bool:
    try:
        return bool(_DATE.match(text)) and dt.date.fromisoformat(text) <= dt.date.today()
    except ValueError:
        return False


def _one_line(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    return text or None


def _quote(value: str | None) -> str | None:
    """A YAML double-quoted scalar (JSON strings are valid YAML), so colons and quotes stay text."""
    return None if value is None else json.dumps(value, ensure_ascii=False)

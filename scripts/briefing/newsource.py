"""Start a new source file from a saved web page or a URL: facts and the page's full text, never overwriting.

The text stored is the whole page as a reader's select-all copy gives it (menus, captions and footers
included), made by inscriptis: the cleaner then removes clutter by rule and records every line it
removes, as for a capture pasted by hand. trafilatura reads the page's facts and, as a second
opinion the contributor reviews, which of its text is the article (``second_opinion``).
"""

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
from .evaluate import norm
from .model import Cleaned
from .sources import capture_sha256, load_source, parse_source, source_files, unbraced

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
    text: str  # the page's full text, one line per block: what the source file stores
    article: str = ""  # trafilatura's article text: a second opinion to review, never stored


def extract(html: bytes | str, url: str | None = None) -> Extracted:
    """Publication facts (trafilatura), the page's full text (inscriptis) and trafilatura's article text.

    Both libraries are imported here: only this command needs them."""
    html = _trafilatura().utils.decode_file(html)  # the page's declared or detected encoding
    text = page_text(html)
    doc = _trafilatura().bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        # Only dates the page states in its markup or address; a year in the text is no publication date.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if doc is None:
        return Extracted(None, (), None, None, url, None, text)
    authors = tuple(a for a in (_one_line(x) for x in (doc.author or "").split(";")) if a)
    title = _one_line(doc.title)
    date = doc.date if isinstance(doc.date, str) and _DATE.match(doc.date) else None
    return Extracted(
        title=title,
        authors=authors,
        publisher=_one_line(doc.sitename),
        date=date,
        url=doc.url if isinstance(doc.url, str) and _URL.match(doc.url) else None,
        host=_one_line(doc.hostname),
        text=text,
        article=doc.text or "",
    )


def page_text(html: str) -> str:
    """The page's text as a reader's select-all copy gives it (a browser's ``innerText``): one line per
    block, menus, captions and footers included, no markup, alt texts or placeholders.

    inscriptis, not html-text: on every page of ../shared/cleaner-dev, inscriptis (set up as below)
    is closer to Chromium's innerText line for line: 95.2 % of the capture's lines are lines of its
    text, against 94.0 %, 92.1 % of its lines are capture lines, against 87.1 %, and its line count
    is off by 13.8 % of the capture's, against 26.2 %. html-text puts a space between inline
    elements the browser writes together ("Louise Matsaki s"; "Steakhouse A party" for the page's
    "SteakhouseA party"), and writes text innerText leaves out: the <title> from <head> and the
    titles of SVG icons ("Menu", "Chevron"). Set-up: the strict CSS profile, no list bullets and
    table cells separated by a tab, as innerText writes them; lines stripped of indentation.
    (Measured on the 119 pages' HTML against their captures, with lines compared spaces aside.)
    """
    inscriptis = _inscriptis()
    from inscriptis.css_profiles import CSS_PROFILES
    from inscriptis.model.config import ParserConfig
    from inscriptis.model.tag import CustomHtmlTagHandlerMapping

    config = ParserConfig(
        css=CSS_PROFILES["strict"],
        table_cell_separator="\t",
        custom_html_tag_handler_mapping=CustomHtmlTagHandlerMapping(start_tag_mapping={"li": _list_item}, end_tag_mapping={}),
    )
    lines = [line.strip() for line in inscriptis.get_text(html, config).splitlines()]
    out: list[str] = []
    for line in lines:  # runs of blank lines become one, as between a browser's paragraphs
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip("\n")


def _list_item(state, tag: dict) -> None:  # noqa: ANN001 - inscriptis' HtmlDocumentState
    """inscriptis' own <li> handler, without the "* " bullet it writes (innerText has none)."""
    from inscriptis.model.tag.list_tag import li_start_handler

    li_start_handler(state, tag)
    state.tags[-1].list_bullet = ""


@dataclass(frozen=True)
class SecondOpinion:
    """Where trafilatura, reading the HTML, disagrees with the cleaner on the stored text: lines for
    the contributor to review, each list in the order the text gives them."""

    kept_not_article: tuple[str, ...]  # the cleaner keeps them as article text; trafilatura leaves them out
    removed_article: tuple[tuple[str, str], ...]  # (line, the cleaner's reason): trafilatura keeps them as article text
    not_in_capture: tuple[str, ...]  # trafilatura's article text that the stored text does not hold

    def __bool__(self) -> bool:
        return bool(self.kept_not_article or self.removed_article or self.not_in_capture)


def second_opinion(cleaned: Cleaned, capture: str, article: str, title: str | None = None) -> SecondOpinion:
    """Compare the cleaner's result on ``capture`` with trafilatura's ``article`` text.

    Lines are compared in score.py's normal form (``evaluate.norm``: case, punctuation and list marks
    aside). A line of 4 or more words agrees when it lies within one line of the other text, a shorter
    one only when it is a whole line there, so a "Share" is not found inside a sentence. The title,
    which trafilatura gives as its first line, is the front matter's and not compared.
    """
    title_key = norm(title or "")
    article_lines = [(line, key) for line, key in ((x, norm(x)) for x in article.splitlines()) if key and key != title_key]
    whole = {key for _, key in article_lines}
    within = " " + " \n ".join(key for _, key in article_lines) + " "

    def in_article(key: str) -> bool:
        return key in whole or (len(key.split()) >= 4 and f" {key} " in within)

    kept = cleaned.article_text()
    kept_keys = {norm(t) for t in kept} | {norm(n.text) for n in cleaned.notes}
    removed = [(r, norm(r.text)) for r in cleaned.removed]
    # The capture's lines joined: trafilatura may write as one line what the page breaks in two.
    capture_text = " " + " ".join(norm(line) for line in capture.splitlines()) + " "
    return SecondOpinion(
        kept_not_article=tuple(t for t in kept if norm(t) and not in_article(norm(t))),
        # A removed copy of a line kept elsewhere (a duplicate) is no disagreement.
        removed_article=tuple((r.text, r.reason) for r, key in removed if key and key not in kept_keys and in_article(key)),
        not_in_capture=tuple(line for line, key in article_lines if f" {key} " not in capture_text),
    )


def review_lines(opinion: SecondOpinion, limit: int = 10) -> list[str]:
    """What ``new`` prints of the second opinion: each group, at most ``limit`` lines, each cut to one short line."""
    if not opinion:
        return ["second opinion: trafilatura, reading the HTML, finds the same article text as the cleaner"]
    out = ["second opinion: trafilatura, reading the HTML, disagrees with the cleaner; review these lines against the page:"]
    groups = (
        (
            "kept by the cleaner as article text, left out by trafilatura (clutter? add it to drop_lines)",
            [_cut(t) for t in opinion.kept_not_article],
        ),
        (
            "removed by the cleaner, article text to trafilatura (article text lost? report a cleaning mistake)",
            [f"{_cut(text, 70)}  [{reason}]" for text, reason in opinion.removed_article],
        ),
        ("in trafilatura's article text, not in the stored text", [_cut(t) for t in opinion.not_in_capture]),
    )
    for heading, lines in groups:
        if lines:
            out.append(f"  {heading}:")
            out += [f"    {line}" for line in lines[:limit]]
            if len(lines) > limit:
                out.append(f"    ... and {len(lines) - limit} more")
    return out


def _cut(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


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

    # Braces around a name mark an organisation (sources._author); a brace in a page's byline is no
    # such mark, so it is dropped and the file always loads. Whether a name is an organisation is the
    # contributor's to confirm.
    names = [n for n in map(unbraced, page.authors) if n]
    authors = None
    if len(names) == 1:
        authors = _quote(names[0])
    elif names:
        authors = "[" + ", ".join(_quote(a) for a in names) + "]"
    url = f"url: {_quote(stated_url)}" if stated_url else line("url", _quote(page.url), "paste the article's address")
    lines = [
        "---",
        line("title", _quote(page.title), "write the article's title"),
        line("author", authors, "write the name, a list of names, or an organisation in braces: \"{Name}\""),
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
    """The capture as written after the front matter: the page's full text, one line per block."""
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
) -> Written:
    """Write ``sources/<slug>.md`` for ``page`` (a saved HTML file or an http(s) URL); return its path
    and where trafilatura disagrees with the cleaner on it.

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
    cleaned = _self_check(text, display, name, found, page)

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
    return Written(target, second_opinion(cleaned, raw_text(found), found.article, found.title))


@dataclass(frozen=True)
class Written:
    """A source file ``new`` wrote, and trafilatura's second opinion on its text (shown, never stored)."""

    path: Path
    opinion: SecondOpinion


def _self_check(text: str, display: str, name: str, found: Extracted, page: str) -> Cleaned:
    """What we write must load and keep text after cleaning; a missing title (marked TODO) is allowed.
    Returns the cleaned text, as the site will show it."""
    cleaned = clean(raw_text(found), found.title, found.authors)
    body = cleaned.body if found.text.strip() else ()
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
    return cleaned


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
        import trafilatura.utils
    except ImportError as exc:
        raise BriefingError(_missing(exc)) from None
    return trafilatura


def _inscriptis():
    try:
        import inscriptis
    except ImportError as exc:
        raise BriefingError(_missing(exc)) from None
    return inscriptis


def _missing(exc: ImportError) -> str:
    return (
        f"the 'new' command needs trafilatura, lxml_html_clean and inscriptis ({exc}); "
        "install them with: python3 -m pip install -r requirements-dev.txt"
    )


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

"""The real command on bad input: one line per problem, exit 1, no traceback, previous site untouched.

Each case copies the project, adds or breaks files in ``sources/``, and runs ``mkdocs build --strict``
into a copy of a site built before; the copy must come out byte for byte as it went in.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, run_mkdocs

BAD_INPUT = Path(__file__).parent / "bad_input"

FACTS = """---
title: A plain article
author: Jane Doe
publisher: Example Review
date: 2024-03-01
url: https://example.org/plain-article
---
"""
BODY = (  # speaks to two topics, so the build's "quoted on no topic page" check has nothing to say
    "Serbia buys most of its natural gas from Russia, and this article says so plainly.\n\n"
    "A second paragraph adds that Kosovo makes the balance harder to keep every year.\n"
)
SUMMARY = "1 problem in the briefing's input (listed above)"


def article(body: str = BODY, **changes: str) -> bytes:
    """The plain article, with front matter lines replaced: ``date="date: 2024-02-30"``."""
    facts = FACTS
    for key, line in changes.items():
        facts = re.sub(rf"^{key}:.*\n", line + "\n" if line else "", facts, count=1, flags=re.M)
    return (facts + body).encode("utf-8")


def copy_project(target: Path) -> Path:
    """What the build reads: config, hand-written pages, theme overrides, scripts, data files."""
    target.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for entry in sorted(ROOT.iterdir()):
        if entry.name in ("docs", "overrides", "scripts", "sources"):
            shutil.copytree(entry, target / entry.name, ignore=ignore)
        elif entry.is_file() and entry.suffix in (".yml", ".yaml") and not entry.name.startswith("."):
            shutil.copy2(entry, target / entry.name)
    return target


def tree_hash(folder: Path) -> str:
    """Names, kinds and bytes of everything under ``folder``."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            digest.update(f"L {rel} {os.readlink(path)}\n".encode())
        elif path.is_dir():
            digest.update(f"D {rel}\n".encode())
        else:
            digest.update(f"F {rel} {hashlib.sha256(path.read_bytes()).hexdigest()}\n".encode())
    return digest.hexdigest()


def errors(stderr: str) -> list[str]:
    return [re.sub(r"^ERROR\s+-\s+", "", line) for line in stderr.splitlines() if line.startswith("ERROR")]


@pytest.fixture(scope="module")
def previous(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A project with the real sources plus the plain article, and the site it built."""
    base = tmp_path_factory.mktemp("bad-input")
    project = copy_project(base / "project")
    (project / "sources" / "a-plain-article.md").write_bytes(article())
    shutil.copy2(BAD_INPUT / "hostile-text.md", project / "sources" / "hostile-text.md")
    site = base / "site"
    # What a successful build must do to an old site: replace it, but keep hidden entries as MkDocs does.
    (site / ".git").mkdir(parents=True)
    (site / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n", encoding="utf-8")
    (site / ".nojekyll").write_text("", encoding="utf-8")
    (site / "stale-page").mkdir()
    (site / "stale-page" / "index.html").write_text("<p>from an older build</p>", encoding="utf-8")
    result = run_mkdocs(project, site)
    assert result.returncode == 0, result.stderr
    return project, site


def test_a_successful_build_replaces_the_site_and_keeps_its_hidden_files(previous: tuple[Path, Path]) -> None:
    project, site = previous
    assert (site / ".git" / "HEAD").read_text(encoding="utf-8") == "ref: refs/heads/gh-pages\n"
    assert (site / ".nojekyll").is_file()
    assert not (site / "stale-page").exists()
    assert (site / "sources" / "a-plain-article" / "index.html").is_file()
    assert sorted(p.name for p in site.parent.iterdir()) == ["project", "site"], "a staging folder was left behind"


def build_broken(
    tmp_path: Path, previous: tuple[Path, Path], files: dict[str, bytes | None], late: bool = False
) -> subprocess.CompletedProcess[str]:
    """Break the project with ``files`` (None deletes), build, and check the old site survived."""
    project, old_site = previous
    work = copy_project_from(project, tmp_path / "project")
    for name, data in files.items():
        path = work / name
        if data is None:
            path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    site = tmp_path / "site"
    shutil.copytree(old_site, site, symlinks=True)
    before = tree_hash(site)
    result = run_mkdocs(work, site)
    assert tree_hash(site) == before, "the failed build changed the previous site"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"], "a staging folder was left behind"
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stderr
    if not late:
        assert "Aborted with a BuildError!" in result.stdout.splitlines()  # MkDocs prints it on stdout
    assert f"INFO    -  Build failed: {site} was left as it was" in result.stderr.splitlines()
    return result


def copy_project_from(project: Path, target: Path) -> Path:
    shutil.copytree(project, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


HUGE = article(body=("Serbia's long balancing act between Russia and the West, told once more. " * 14 + "\n\n") * 5_200)

CASES = {
    "empty file": (
        {"sources/empty.md": b""},
        ["sources/empty.md: is empty (expected front matter, then the article text)"],
    ),
    "front matter only": (
        {"sources/only-facts.md": article(body="\n\n")},
        ["sources/only-facts.md: no article text after the front matter"],
    ),
    "malformed YAML": (
        {"sources/bad-yaml.md": article(author="author: [Jane Doe")},
        ["sources/bad-yaml.md: front matter 'author': the list opened with '[' is not closed with ']' on its line (line 3)"],
    ),
    "missing colon": (
        {"sources/no-colon.md": article(author="author Jane Doe")},
        ["sources/no-colon.md: front matter 'author': no ':' after the field name; write 'author: ' and then the value (line 3)"],
    ),
    "unbalanced braces around an organisation": (
        {"sources/org-author.md": article(author='author: ["{Human Rights Watch", Jane Doe]')},
        [
            "sources/org-author.md: front matter 'author': '{Human Rights Watch' has unbalanced braces; write an "
            'organisation\'s whole name in one pair of braces: "{Human Rights Watch}"'
        ],
    ),
    "double quote inside a double-quoted title": (
        {"sources/inner-quote.md": article(title='title: "Vučić says "no" to sanctions"')},
        [
            "sources/inner-quote.md: front matter 'title': a double quote inside the value ends it early; write each "
            'inner quote as \\" (or use the typographic quotes \u201c \u201d) (line 2)'
        ],
    ),
    "apostrophe inside a single-quoted title": (
        {"sources/apostrophe.md": article(title="title: 'Serbia's gamble'")},
        [
            "sources/apostrophe.md: front matter 'title': an apostrophe inside a single-quoted value ends it early; "
            "put the value in double quotes instead (or write the apostrophe twice: '') (line 2)"
        ],
    ),
    "title null": (
        {"sources/title-null.md": article(title="title: null")},
        [
            "sources/title-null.md: front matter 'title': is required: write the article's title as it gives it "
            "(only author, publisher, date and url may be null)"
        ],
    ),
    "YAML object tag": (
        {"sources/object-tag.md": article(author='author: !!python/object/apply:os.system ["touch PWNED"]')},
        [
            "sources/object-tag.md: front matter 'author': the tag '!!python/object/apply:os.system' is not allowed; "
            "write the value as plain text (line 3)"
        ],
    ),
    "binary file named .md": (
        {"sources/photo.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"},
        ["sources/photo.md: is a binary file, not UTF-8 text"],
    ),
    "binary file of another kind": (
        {"sources/photo.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"},
        ["sources/photo.png: is not a source file; sources/ holds only <slug>.md files (one per article)"],
    ),
    "required field missing": (
        {"sources/no-date.md": article(date="")},
        ["sources/no-date.md: front matter 'date': is missing (write null if it is not known)"],
    ),
    "field of the wrong type": (
        {"sources/numeric-title.md": article(title="title: 42")},
        ['sources/numeric-title.md: front matter \'title\': 42 is read as a number, not text; put it in double quotes: title: "42"'],
    ),
    "impossible date": (
        {"sources/bad-date.md": article(date="date: 2024-02-30")},
        ["sources/bad-date.md: front matter 'date': '2024-02-30' is not a date (YYYY-MM-DD)"],
    ),
    "malformed URL": (
        {"sources/bad-url.md": article(url="url: htps//example.org/a b")},
        ["sources/bad-url.md: front matter 'url': 'htps//example.org/a b' is not an http(s) URL or null"],
    ),
    "same article text": (
        {"sources/plain-article-again.md": article(title="title: The same, renamed", url="url: null")},
        ["sources/plain-article-again.md: same article text as sources/a-plain-article.md (keep one of the two files)"],
    ),
    "same article URL": (
        {"sources/plain-article-recaptured.md": article(body="A different capture of it.\n", url="url: http://www.example.org/plain-article/")},
        [
            "sources/plain-article-recaptured.md: front matter 'url': same article URL as "
            "sources/a-plain-article.md (example.org/plain-article)"
        ],
    ),
    "same page address as the Sources index": (
        {"sources/index.md": article(body="An article whose page would replace the list of sources.\n", url="url: null")},
        ["sources/index.md: page address 'sources/' is also the address of the generated Sources index"],
    ),
    "same page address as a hand-written page": (
        {"docs/sources/a-plain-article.md": b"# Notes on the plain article\n"},
        ["sources/a-plain-article.md: page address 'sources/a-plain-article/' is also the address of docs/sources/a-plain-article.md"],
    ),
    "legacy encoding": (
        {"sources/windows.md": (FACTS + "Serbia’s “neutrality” is a café conversation.\n").encode("cp1252")},
        [
            "sources/windows.md: line 8: byte 0x92 is not UTF-8; save the file as UTF-8 "
            "(it looks like a legacy encoding such as Windows-1252)"
        ],
    ),
    "UTF-16": (
        {"sources/notepad.md": (FACTS + BODY).encode("utf-16")},
        ["sources/notepad.md: is UTF-16 text; save it as UTF-8"],
    ),
    "text decoded twice (mojibake)": (
        {"sources/mojibake.md": (FACTS + "Serbia’s neutrality.\n").encode("utf-8").decode("cp1252").encode("utf-8")},
        ["sources/mojibake.md: line 8: 'â€™' looks like '’' decoded twice; save the capture again as UTF-8"],
    ),
    "5 MB source": (
        {"sources/huge.md": HUGE},
        [f"sources/huge.md: is {len(HUGE) / 1e6:.1f} MB; a source may be at most 250 kB (one article, not a whole site)"],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_one_clear_line_and_the_site_is_untouched(tmp_path: Path, previous: tuple[Path, Path], case: str) -> None:
    files, expected = CASES[case]
    result = build_broken(tmp_path, previous, files)
    assert errors(result.stderr) == [*expected, SUMMARY]


def test_yaml_tags_are_never_executed(tmp_path: Path, previous: tuple[Path, Path]) -> None:
    build_broken(tmp_path, previous, CASES["YAML object tag"][0])
    assert not list(tmp_path.rglob("PWNED")) and not (ROOT / "PWNED").exists()


def test_every_problem_of_a_build_is_reported_together(tmp_path: Path, previous: tuple[Path, Path]) -> None:
    names = ["empty file", "malformed YAML", "binary file of another kind", "impossible date", "legacy encoding", "same article text"]
    files = {name: data for case in names for name, data in CASES[case][0].items()}
    result = build_broken(tmp_path, previous, files)
    # Problems of single files come in file order, then those between files.
    expected = sorted(line for case in names[:-1] for line in CASES[case][1])
    assert errors(result.stderr) == [*expected, *CASES["same article text"][1], "6 problems in the briefing's input (listed above)"]


def test_a_failure_after_pages_are_written_leaves_the_site_untouched(tmp_path: Path, previous: tuple[Path, Path]) -> None:
    # --strict aborts on a broken link only after every page has been written into site_dir.
    about = (previous[0] / "docs" / "about.md").read_bytes()
    result = build_broken(tmp_path, previous, {"docs/about.md": about + b"\n[broken](no-such-page.md)\n"}, late=True)
    assert "no-such-page.md" in result.stderr
    assert "Aborted with 1 warnings in strict mode!" in result.stdout.splitlines()


# Hostile text: the previous site above was built with tests/bad_input/hostile-text.md among its sources.

HOSTILE_TITLE = "<script>alert('title')</script> {{ 7*7 }} & <img src=x onerror=alert('title-img')>"
HOSTILE_AUTHOR = "<b onmouseover=alert('author')>Eve</b>"
HOSTILE_PUBLISHER = "{% if true %}Evil{% endif %} [x](javascript:alert('publisher'))"
# The first line stands before the article's prose: the cleaner lists it as removed (and the page
# shows it, as text, in the removed lines).
HOSTILE_REMOVED = "<script>alert('body')</script>"
HOSTILE_PARAGRAPHS = {
    1: "Serbia buys Russian gas, says <img src=x onerror=\"alert('img')\"> and "
    "<a href=\"javascript:alert('a')\">click here</a> about Kosovo.",
    2: "Serbia buys gas: [click me](javascript:alert('md')) and <javascript:alert('auto')> and [ref][x] for Kosovo.",
    3: "[x]: javascript:alert('refdef')",
    4: "Serbia and Kosovo in {{ 7*7 }} and {% if true %}yes{% endif %} and ${7*7} and {{ config.site_name }} and {# comment #}.",
    5: "Serbia and gas: <!-- briefing:source-count --> and {: onclick=\"alert('attr')\" } and &lt;script&gt; shown as text.",
    6: "Serbia and Kosovo: <style>body{display:none}</style> <svg onload=alert('svg')></svg> </p><script>alert('close')</script>",
    7: "Serbia's \"quotes\" and 'apostrophes' \\*stars\\* `code` # not a heading | pipe | ~~strike~~ ==mark== ^sup^ "
    ":smile: $math$ %percent @at.",
    8: "Serbia's gas deal is noted in a footnote.1",
}


def _soup(site: Path, uri: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup((site / uri).read_text(encoding="utf-8"), "html.parser")


def test_no_page_of_the_site_has_live_markup_from_a_source(previous: tuple[Path, Path]) -> None:
    from htmlcheck import live_markup

    pages = sorted(previous[1].rglob("*.html"))
    assert len(pages) > 10
    found = {p.relative_to(previous[1]).as_posix(): live_markup(p.read_text(encoding="utf-8"), theme=True) for p in pages}
    assert {page: bad for page, bad in found.items() if bad} == {}


def test_hostile_text_shows_literally_on_its_source_page(previous: tuple[Path, Path]) -> None:
    html = _soup(previous[1], "sources/hostile-text/index.html")
    body = {int(p["id"][2:]): p.get_text().removesuffix("¶").strip() for p in html.select("p.para")}
    assert body == HOSTILE_PARAGRAPHS
    assert HOSTILE_REMOVED in [td.get_text() for td in html.select("td")]
    title = html.select_one("h1.briefing-title")
    title.select_one("a.headerlink").extract()  # the heading's own ¶ permalink
    assert title.get_text() == HOSTILE_TITLE
    assert html.title.get_text().startswith(HOSTILE_TITLE + " - ")
    assert html.select_one('meta[name="citation_title"]')["content"] == HOSTILE_TITLE
    assert html.select_one('meta[name="citation_author"]')["content"] == HOSTILE_AUTHOR
    assert html.select_one(".byline-author").get_text() == f"Author {HOSTILE_AUTHOR}"
    assert html.select_one(".byline-publisher").get_text() == f"Publisher {HOSTILE_PUBLISHER}"
    original = html.select_one("a.original-link")
    assert original["href"] == original.get_text() == "https://example.org/hostile?q=\"><script>alert('url')</script>"
    assert html.select_one(".capture-notes li").get_text() == "<iframe src=\"javascript:alert('note')\"></iframe> {{ config.site_name }}"
    assert html.select_one('li[id="fn:1"]').get_text().startswith("<a href=\"javascript:alert('footnote')\">Footnote</a> {{ 7*7 }}")
    assert "49" not in html.select_one(".briefing-body").get_text()
    # Nav entries and the Sources table print the title as text too.
    nav = [a.get_text(" ", strip=True) for a in html.select('a[href="./"], a[href="../hostile-text/"]')]
    assert nav and all(t == HOSTILE_TITLE for t in nav)
    table = _soup(previous[1], "sources/index.html").select_one('td a[href="hostile-text/"]')
    assert table.get_text() == HOSTILE_TITLE


def test_hostile_text_shows_literally_in_quotes(previous: tuple[Path, Path]) -> None:
    quotes = [
        q.get_text(" ", strip=True)
        for page in sorted((previous[1] / "topics").rglob("index.html"))
        for q in _soup(previous[1], page.relative_to(previous[1]).as_posix()).select("p.topic-quote")
    ]
    quoted = [text for text in HOSTILE_PARAGRAPHS.values() if text in quotes]
    assert len(quoted) >= 3, "the hostile paragraphs that name a topic are quoted on its page, as text"


def test_search_index_holds_hostile_text_escaped(previous: tuple[Path, Path]) -> None:
    import json

    from htmlcheck import live_markup

    # Material's search shows titles and text with innerHTML: they must stay escaped in the index.
    docs = json.loads((previous[1] / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    hostile = [d for d in docs if d["location"].startswith("sources/hostile-text/")]
    assert hostile
    for doc in hostile:
        assert live_markup(doc["title"]) == [] and live_markup(doc["text"]) == []
    assert "&lt;img src=x onerror=" in hostile[0]["text"]


def test_hostile_text_shows_literally_in_the_pdf(previous: tuple[Path, Path]) -> None:
    from pypdf import PdfReader

    pdf = previous[1] / "briefing.pdf"
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    flat = re.sub(r"-\n|\s+", "", text)  # line breaks and hyphenation of the typeset text
    for paragraph in (HOSTILE_PARAGRAPHS[1], HOSTILE_PARAGRAPHS[4], HOSTILE_PARAGRAPHS[6], HOSTILE_TITLE, HOSTILE_PUBLISHER):
        assert re.sub(r"\s+", "", paragraph) in flat, paragraph

"""Generated pages reach the site as finished HTML: their search entries, outline and links must be
what MkDocs and Material would have made of them."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup
from conftest import ROOT, copy_project, run_mkdocs
from material.plugins.search.plugin import Parser

from briefing import handover, pipeline
from briefing.model import Build
from briefing.pipeline import make_article
from briefing.render import source_page
from briefing.sources import parse_source

HOSTILE = """---
title: "A <b>bold</b> & 'quoted' title {{ 7*7 }}"
author: null
publisher: null
date: null
url: null
---
A <b>bold</b> & 'quoted' title {{ 7*7 }}

Serbia buys gas from Russia <script>alert(1)</script> & pays in <code>euros</code>, the minister said.

A second paragraph with a footnote marker.[1] It is about Kosovo and {% raw %} syntax.

[1] A note with <a href="javascript:alert(1)">a link</a>.
"""


@lru_cache(maxsize=1)
def real_build() -> Build:
    return pipeline.build(pipeline.Settings(root=ROOT))


def material_sections(page_html: str, title: str) -> list[tuple[str | None, str, str]]:
    """What Material's own search parser makes of the page (its plugin's add_entry_from_context)."""
    parser = Parser()
    parser.feed(page_html)
    parser.close()
    return [
        (s.id, " ".join("".join(s.title).split()) or title, " ".join("".join(s.text).split()))
        for s in parser.data
        if not s.is_excluded()
    ]


def ours(page_html: str, title: str) -> list[tuple[str | None, str, str]]:
    return [(s.id, " ".join(s.title.split()), " ".join(s.text.split())) for s in handover.search_sections(page_html, title)]


def test_search_entries_match_materials_own_parser_on_every_generated_page() -> None:
    pages = [p for p in real_build().pages if p.uri.endswith(".md")]
    assert len(pages) >= 10
    for page in pages:
        assert ours(page.body, page.meta["title"]) == material_sections(page.body, page.meta["title"]), page.uri


def test_search_entries_match_materials_parser_on_hostile_text() -> None:
    page = source_page(make_article(parse_source(HOSTILE, "sources/hostile.md", "hostile")))
    sections = ours(page.body, page.meta["title"])
    assert sections == material_sections(page.body, page.meta["title"])
    text = " ".join(t for _, _, t in sections)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "<script" not in text
    assert "{{ 7*7 }}" in sections[0][1]


def test_the_removed_lines_table_stays_out_of_search() -> None:
    page = next(p for p in real_build().pages if p.uri == "sources/bound-to-russia-serbias-disruptive-neutrality.md")
    text = " ".join(s.text for s in handover.search_sections(page.body, page.meta["title"]))
    assert "Subscribe to our weekly newsletter" in page.body  # the table lists it ...
    assert "Subscribe to our weekly newsletter" not in text  # ... and search does not


def test_headings_give_the_outline_without_permalinks() -> None:
    page = next(p for p in real_build().pages if p.uri == "sources/how-strong-are-ties-between-serbia-and-russia.md")
    outline = [(h.level, h.id, h.name) for h in handover.headings(page.body)]
    assert outline[0] == (1, "title", "How strong are ties between Serbia and Russia?")
    assert [h[1] for h in outline[1:]] == ["notes", "further-reading", "quoted-on", "cite-this"]


def test_resolve_links_rewrites_only_links_to_docs_files() -> None:
    asked: list[tuple[str, str]] = []

    def url_of(target: str, original: str) -> str | None:
        asked.append((target, original))
        return None if target == "missing.md" else f"URL({target})"

    page = (
        '<a href="../sources/a%20b.md#p-3">x</a> <a class="c" href="#p-1">y</a> '
        '<a href="https://example.org/x.md">z</a> <a href="../briefing.bib">bib</a> <a href="/abs.md">abs</a> '
        '<a href="../sources/a%20b.md#p-4">again</a> <a href="../missing.md#x">gone</a>'
    )
    out, links = handover.resolve_links(page, "topics/kosovo.md", url_of)
    # Each file is looked up once per page, however often the page links to it.
    assert asked == [("sources/a b.md", "../sources/a%20b.md#p-3"), ("briefing.bib", "../briefing.bib"), ("missing.md", "../missing.md#x")]
    assert out == (
        '<a href="URL(sources/a b.md)#p-3">x</a> <a class="c" href="#p-1">y</a> '
        '<a href="https://example.org/x.md">z</a> <a href="URL(briefing.bib)">bib</a> <a href="/abs.md">abs</a> '
        '<a href="URL(sources/a b.md)#p-4">again</a> <a href="../missing.md#x">gone</a>'
    )
    assert [(l.target, l.fragment) for l in links] == [("sources/a b.md", "p-3"), ("sources/a b.md", "p-4")]


def _article(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")


def test_every_link_in_every_article_reaches_a_page_and_anchor_of_the_site(built_site: Path) -> None:
    ids: dict[Path, set[str]] = {}

    def anchors(path: Path) -> set[str]:
        if path not in ids:
            ids[path] = {t["id"] for t in _article(built_site, path.relative_to(built_site).as_posix()).select("[id]")}
        return ids[path]

    checked = 0
    for page in sorted(built_site.rglob("index.html")):
        article = _article(built_site, page.relative_to(built_site).as_posix()).select_one("article")
        if article is None:
            continue
        for a in article.select("a[href]"):
            href = a["href"]
            parts = urlsplit(href)
            if parts.scheme or href.startswith("/"):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            assert target.exists(), f"{page.relative_to(built_site)}: {href} leads nowhere"
            if parts.fragment and target.suffix == ".html":
                assert unquote(parts.fragment) in anchors(target), f"{page.relative_to(built_site)}: {href} has no anchor"
            checked += 1
    assert checked > 300


def test_site_search_index_holds_every_paragraph_of_every_source(built_site: Path) -> None:
    docs = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    by_page: dict[str, str] = {}
    for d in docs:
        by_page[d["location"].split("#")[0]] = by_page.get(d["location"].split("#")[0], "") + " " + d["text"]
    for a in real_build().articles:
        text = re.sub(r"<[^>]+>", "", by_page[f"sources/{a.slug}/"])
        for p in a.cleaned.body:
            words = " ".join(p.text.split())
            assert words.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")[:60] in " ".join(text.split())
    titles = {d["location"]: d["title"] for d in docs}
    assert titles["sources/serbia-is-not-a-russian-ally/"] == "Serbia is Not a Russian Ally"
    assert titles["sources/serbia-is-not-a-russian-ally/#cite-this"] == "Cite this"


def test_table_of_contents_of_a_generated_page(built_site: Path) -> None:
    html = _article(built_site, "sources/how-strong-are-ties-between-serbia-and-russia/index.html")
    # Material prints the outline twice (sidebar, and the drawer on small screens).
    toc = [a["href"] for a in html.select("nav.md-nav--secondary a.md-nav__link")]
    assert list(dict.fromkeys(toc)) == ["#notes", "#further-reading", "#quoted-on", "#cite-this"]


def test_a_link_to_a_missing_paragraph_of_a_generated_page_fails_the_build(tmp_path: Path) -> None:
    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project")
    (project / "docs" / "check.md").write_text(
        "# Check\n\n[fine](sources/serbia-is-not-a-russian-ally.md#p-2) "
        "[missing](sources/serbia-is-not-a-russian-ally.md#p-999)\n",
        encoding="utf-8",
    )
    result = run_mkdocs(project, tmp_path / "site")
    assert result.returncode != 0
    assert "contains a link 'sources/serbia-is-not-a-russian-ally.md#p-999', but the doc " \
        "'sources/serbia-is-not-a-russian-ally.md' does not contain an anchor '#p-999'" in result.stderr
    assert "#p-2'" not in result.stderr

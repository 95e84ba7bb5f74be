"""The real site, built with `mkdocs build --strict`: what a reader and a reference manager get."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, SEED_OF, SOURCES

from briefing.clean import CAPTION, COMMENTS, NEWSLETTER, PULL_QUOTE, TAGLINE, URL
from briefing.pipeline import make_article
from briefing.sources import load_source, load_sources

FOOTNOTE_MARK = re.compile(r" ?\[\d{1,3}\]")


def page(site: Path, uri: str) -> BeautifulSoup:
    return BeautifulSoup((site / uri / "index.html").read_text(encoding="utf-8"), "html.parser")


def article_of(slug: str):
    return make_article(load_source(SOURCES / f"{slug}.md"))


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("slug", sorted(SEED_OF))
def test_every_paragraph_appears_once_with_its_anchor(built_site: Path, slug: str) -> None:
    html = page(built_site, f"sources/{slug}")
    body = html.select_one("article.md-content__inner")
    body.select_one("details.cleaner-removed").extract()  # lists the dropped duplicate copy on purpose
    article = article_of(slug)
    paras = body.select("p.para")
    assert [p["id"] for p in paras] == [f"p-{p.n}" for p in article.cleaned.body]
    for p, para in zip(article.cleaned.body, paras):
        link = para.select_one("a.para-link")
        assert link is not None and link["href"] == f"#p-{p.n}" and link.get_text() == "¶"
        shown = words("".join(t for t in para.find_all(string=True) if t.parent.name not in ("a",) and t.parent.name != "sup"))
        assert shown == words(FOOTNOTE_MARK.sub("", p.text)), p.n
        assert body.get_text().count(p.text[:80]) == 1, p.n


@pytest.mark.parametrize("slug", sorted(SEED_OF))
def test_no_page_chrome_reaches_the_article(built_site: Path, slug: str) -> None:
    html = page(built_site, f"sources/{slug}")
    body = html.select_one("article.md-content__inner")
    removed_note = body.select_one("details.cleaner-removed")
    assert removed_note is not None
    removed_note.extract()  # the collapsed note lists the chrome on purpose
    for meta in body.select(".byline, .cite-this"):
        meta.extract()  # the original URL belongs here, as a citation
    text = words(body.get_text(" "))
    chrome = [r for r in article_of(slug).cleaned.removed if r.reason in (CAPTION, COMMENTS, NEWSLETTER, PULL_QUOTE, TAGLINE, URL)]
    for r in chrome:
        if r.reason == PULL_QUOTE:  # its words are in the body once, as body text
            assert text.count(words(r.text)) == 1
        else:
            assert words(r.text) not in text, r


def test_cleaner_note_lists_removed_lines_with_reasons(built_site: Path) -> None:
    html = page(built_site, "sources/how-strong-are-ties-between-serbia-and-russia")
    note = html.select_one("details.cleaner-removed")
    assert note is not None and not note.has_attr("open")
    assert note.summary.get_text().startswith("What the cleaner removed (13 lines)")
    rows = [[td.get_text() for td in tr.select("td")] for tr in note.select("tbody tr")]
    assert ["55", "comment form", "Leave a Reply"] in rows
    assert ["1", "section label", "Commentaries Foreign Policy Governance and Multilateralism"] in rows


def test_footnotes_are_two_way_links(built_site: Path) -> None:
    html = page(built_site, "sources/how-strong-are-ties-between-serbia-and-russia")
    ids = {tag["id"] for tag in html.select("[id]")}
    refs = html.select("a.footnote-ref")
    assert [r.get_text() for r in refs] == [str(n) for n in range(1, 8)]
    for ref in refs:
        assert ref["href"].lstrip("#") in ids
    backrefs = html.select("a.footnote-backref")
    assert len(backrefs) == 7
    for back in backrefs:
        assert back["href"].lstrip("#") in ids
    notes = html.select(".footnote li")
    # An "Ibidem" says which note it repeats, linked to it in the same list.
    assert notes[2].get_text().startswith("Ibidem — repeats note 2")
    repeat = notes[2].find("a", string="note 2")
    assert repeat is not None and repeat["href"] == "#fn:2" and notes[1]["id"] == "fn:2"


def test_further_reading_bio_and_disclaimer_are_separate_from_the_body(built_site: Path) -> None:
    blog = page(built_site, "sources/how-strong-are-ties-between-serbia-and-russia")
    assert len(blog.select("ul.further-reading li")) == 7
    dc = page(built_site, "sources/serbias-cant-lose-ukraine-strategy")
    assert dc.select_one("p.bio").get_text().startswith("Nikola Mikovic is a correspondent for Diplomatic Courier.")
    assert dc.select_one("p.disclaimer").get_text().startswith("The views presented in this article")
    assert dc.select_one("p.standfirst").get_text().endswith("writes Nikola Mikovic.")
    body_text = " ".join(p.get_text() for p in dc.select("p.para"))
    assert "correspondent for Diplomatic Courier" not in body_text


def test_byline_says_not_stated_instead_of_guessing(built_site: Path) -> None:
    blog = page(built_site, "sources/how-strong-are-ties-between-serbia-and-russia")
    byline = words(blog.select_one("p.byline").get_text(" "))
    fingerprint = load_source(SOURCES / "how-strong-are-ties-between-serbia-and-russia.md").meta.capture_sha256
    assert byline == f"Author not stated Publisher not stated Date not stated Original not known Capture fingerprint sha256 {fingerprint}"
    dc = page(built_site, "sources/serbias-cant-lose-ukraine-strategy")
    byline = words(dc.select_one("p.byline").get_text(" "))
    assert byline.startswith("Author Nikola Mikovic Publisher Diplomatic Courier Date 5 April 2024 Original")
    link = dc.select_one("a.original-link")
    assert link["href"] == "https://www.diplomaticourier.com/posts/serbias-ukraine-strategy"
    ecfr = page(built_site, "sources/bound-to-russia-serbias-disruptive-neutrality")
    assert "Author not stated (Senior Policy Fellow)" in words(ecfr.select_one("p.byline").get_text(" "))
    ally = page(built_site, "sources/serbia-is-not-a-russian-ally")
    assert "Truncated:" in ally.select_one(".capture-notes").get_text()


def test_citation_meta_tags_in_page_head(built_site: Path) -> None:
    dc = page(built_site, "sources/serbias-cant-lose-ukraine-strategy")
    tags = [(m["name"], m["content"]) for m in dc.head.select('meta[name^="citation_"]')]
    assert tags == [
        ("citation_title", "Serbia’s can’t–lose Ukraine strategy"),
        ("citation_author", "Nikola Mikovic"),
        ("citation_publication_date", "2024/04/05"),
        ("citation_publisher", "Diplomatic Courier"),
        ("citation_public_url", "https://www.diplomaticourier.com/posts/serbias-ukraine-strategy"),
    ]
    blog = page(built_site, "sources/how-strong-are-ties-between-serbia-and-russia")
    assert [m["name"] for m in blog.head.select('meta[name^="citation_"]')] == ["citation_title"]


def test_zotero_tags_give_every_known_fact_of_every_seed(built_site: Path) -> None:
    """What Zotero's page reader takes: author, date, publisher and URL, each whenever the source states it."""
    for slug in SEED_OF:
        meta = load_source(SOURCES / f"{slug}.md").meta
        head = page(built_site, f"sources/{slug}").head
        got = {}
        for m in head.select('meta[name^="citation_"]'):
            got.setdefault(m["name"], []).append(m["content"])
        want = {"citation_title": [meta.title], "citation_author": list(meta.authors)}
        # A partial date gives only what is known: 2022/03 for March 2022.
        want["citation_publication_date"] = [meta.date.isoformat().replace("-", "/")] if meta.date else []
        want["citation_publisher"] = [meta.publisher] if meta.publisher else []
        want["citation_public_url"] = [meta.url] if meta.url else []
        assert {k: v for k, v in want.items() if v} == got, slug
    ally = page(built_site, "sources/serbia-is-not-a-russian-ally").head
    assert [m["content"] for m in ally.select('meta[name="citation_author"]')] == ["Orhan Dragaš"]
    assert ally.select_one('meta[name="citation_publisher"]')["content"] == "The National Interest"


def test_cite_this_box_has_both_styles_bibtex_and_copy_buttons(built_site: Path) -> None:
    dc = page(built_site, "sources/serbias-cant-lose-ukraine-strategy")
    box = dc.select_one(".cite-this")
    assert [l.get_text() for l in box.select(".tabbed-labels label")] == ["Chicago", "APA"]
    chicago = box.select_one("p.reference-chicago")
    assert chicago.get_text() == (
        "Mikovic, Nikola. “Serbia’s can’t–lose Ukraine strategy.” Diplomatic Courier, April 5, 2024. "
        "https://www.diplomaticourier.com/posts/serbias-ukraine-strategy."
    )
    assert chicago.select_one("em").get_text() == "Diplomatic Courier"
    assert chicago.select_one("a")["href"] == "https://www.diplomaticourier.com/posts/serbias-ukraine-strategy"
    assert box.select_one("p.reference-apa").get_text() == (
        "Mikovic, N. (2024, April 5). Serbia’s can’t–lose Ukraine strategy. Diplomatic Courier. "
        "https://www.diplomaticourier.com/posts/serbias-ukraine-strategy"
    )
    bib = box.select_one("pre.bibtex").get_text()
    assert bib.startswith("@online{serbias-cant-lose-ukraine-strategy,\n")
    assert "  author = {Mikovic, Nikola},\n" in bib and "  date = {2024-04-05},\n" in bib
    # Every citation block has a copy button aimed at it (Material's clipboard script serves them).
    targets = [b["data-clipboard-target"] for b in box.select("button.md-clipboard")]
    assert targets == ["#cite-chicago", "#cite-apa", "#cite-bibtex"]
    assert all(box.select_one(t) is not None for t in targets)


def test_bib_file_has_every_source_and_is_linked(built_site: Path) -> None:
    bib = (built_site / "briefing.bib").read_text(encoding="utf-8")
    keys = re.findall(r"^@online\{([^,]+),$", bib, re.M)
    slugs = sorted(s.slug for s in load_sources(SOURCES))  # the seeds and any article added since
    assert set(SEED_OF) <= set(slugs) and sorted(keys) == slugs
    assert "n.d." not in bib and "organization = {European Council on Foreign Relations (ECFR)}" in bib
    biblio = page(built_site, "bibliography")
    for name in ("briefing.bib", "briefing.ris", "briefing.json"):
        assert biblio.select_one(f'a[href="../{name}"]') is not None, name
    assert [l.get_text() for l in biblio.select(".tabbed-labels label")] == ["Chicago", "APA"]
    for style in ("chicago", "apa"):
        entries = biblio.select(f"ol.references-{style} > li")
        assert len(entries) == len(slugs)
        for li in entries:  # a copy button per entry, aimed at its reference
            assert li.select_one(li.select_one("button.md-clipboard")["data-clipboard-target"]).get_text()
    # URLs in the bibliography are links.
    ally = biblio.select_one("#chicago-serbia-is-not-a-russian-ally")
    assert ally.get_text().startswith("Dragaš, Orhan. “Serbia is Not a Russian Ally.” The National Interest, September 17, 2024.")
    assert ally.select_one("a")["href"] == "https://nationalinterest.org/feature/serbia-not-russian-ally-212774"


def test_reference_manager_files_read_back_with_parsers(built_site: Path) -> None:
    import json

    import bibtexparser
    import rispy
    from bibtexparser.middlewares import SeparateCoAuthors, SplitNameParts

    metas = {s.slug: s.meta for s in load_sources(SOURCES)}
    library = bibtexparser.parse_string(
        (built_site / "briefing.bib").read_text(encoding="utf-8"), append_middleware=[SeparateCoAuthors(), SplitNameParts()]
    )
    assert library.failed_blocks == []
    bib = {e.key: e.fields_dict for e in library.entries}
    ris = {r["id"]: r for r in rispy.loads((built_site / "briefing.ris").read_text(encoding="utf-8"))}
    csl = {i["id"]: i for i in json.loads((built_site / "briefing.json").read_text(encoding="utf-8"))}
    assert set(bib) == set(ris) == set(csl) == set(metas)
    for slug, meta in metas.items():
        b, r, c = bib[slug], ris[slug], csl[slug]
        assert r["title"] == c["title"] == meta.title
        if meta.authors:
            assert [" ".join(n.first + n.last) for n in b["author"].value] == list(meta.authors)
            assert r["authors"] == [f"{a.split()[-1]}, {' '.join(a.split()[:-1])}" for a in meta.authors]
            assert [f"{a['given']} {a['family']}" for a in c["author"]] == list(meta.authors)
        else:
            assert "author" not in b and "authors" not in r and "author" not in c
        assert (b["url"].value if "url" in b else None) == (r["urls"][0] if "urls" in r else None) == c.get("URL") == meta.url
        if meta.date:
            approximate = getattr(meta.date, "approximate", False)
            iso = meta.date.isoformat()  # 2024-04-05, or 2022-03 for a date known to the month
            assert b["date"].value == iso + ("~" if approximate else "")
            assert r["date"].startswith(iso.replace("-", "/")) and r["date"].endswith("circa" if approximate else "/")
            assert c["issued"]["date-parts"] == [[int(x) for x in iso.split("-")]] and c["issued"].get("circa", False) == approximate
        if meta.accessed:
            assert b["urldate"].value == meta.accessed.isoformat() and r["access_date"] == meta.accessed.strftime("%Y/%m/%d/")
        assert "note" not in b
        assert (b["organization"].value if "organization" in b else None) == r.get("publisher") == c.get("container-title") == meta.publisher
    assert bib["serbias-cant-lose-ukraine-strategy"]["author"].value[0].last == ["Mikovic"]


def test_home_page_lists_sources_by_date(built_site: Path) -> None:
    home = BeautifulSoup((built_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    # The table under "Sources by date" (the coverage matrix is another table on the home page).
    rows = home.select_one("#sources-by-date").find_next("table").select("tbody tr")
    # Newest first, undated last; for the seeds: 2024-09-17, 2024-04-05, c. 2022-03, not stated.
    metas = {s.slug: s.meta for s in load_sources(SOURCES)}
    dated = [("c. " if getattr(d, "approximate", False) else "") + d.isoformat() for d in sorted((m.date for m in metas.values() if m.date), reverse=True)]
    assert [r.select("td")[0].get_text() for r in rows] == dated + ["not stated"] * (len(metas) - len(dated))
    assert "c. 2022-03" in dated  # the ECFR piece, written in March 2022: sorted by it, shown as approximate
    hrefs = [r.select_one("a")["href"] for r in rows]
    assert hrefs[0] == "sources/" + max((m.date, slug) for slug, m in metas.items() if m.date)[1] + "/"
    for href in hrefs:
        assert (built_site / href / "index.html").is_file()
    assert f"{len(metas)} articles" in home.get_text()


def test_navigation_has_a_sources_section(built_site: Path) -> None:
    home = BeautifulSoup((built_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    nav_links = [a["href"] for a in home.select("nav.md-nav--primary a.md-nav__link[href]")]
    assert "sources/" in nav_links and "bibliography/" in nav_links
    for slug in SEED_OF:
        assert f"sources/{slug}/" in nav_links


def test_no_request_to_any_other_host(built_site: Path) -> None:
    """Fonts, scripts, styles and images all come from the site itself."""
    for file in built_site.rglob("*.html"):
        html = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src")):
            for el in html.find_all(tag):
                value = el.get(attr)
                if value and not (tag == "link" and el.get("rel") in (["canonical"], ["alternate"])):
                    assert not re.match(r"^(https?:)?//", value), (file, tag, value)
    css = " ".join(p.read_text(encoding="utf-8", errors="replace") for p in built_site.rglob("*.css"))
    assert "fonts.googleapis" not in css and "@import url(http" not in css


def test_search_index_keeps_hyphenated_names_whole_and_pages_use_the_folding_worker(built_site: Path) -> None:
    import json

    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    words = [w for w in re.split(index["config"]["separator"], "S-400, Euro-Atlantic (Vučić’s) 1.5 end.") if w]
    assert words == ["S-400", "Euro-Atlantic", "Vučić", "s", "1.5", "end"]
    # Every page runs search in docs/javascripts/search-fold.js, which loads Material's own worker.
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert '"javascripts/search-fold.js"' in html and (built_site / "javascripts" / "search-fold.js").is_file()
    assert "importScripts" in (built_site / "javascripts" / "search-fold.js").read_text(encoding="utf-8")


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("index.html"))


def test_every_page_has_open_graph_and_twitter_cards(built_site: Path) -> None:
    import yaml

    description = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\ntheme:")[0].replace("!ENV", ""))["site_description"]
    pages = _pages(built_site)
    assert len(pages) > 10
    for path in pages:
        head = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").head
        card = {m.get("property") or m.get("name"): m["content"] for m in head.select('meta[property^="og:"], meta[name^="twitter:"]')}
        assert card["og:title"] and card["og:title"] == card["twitter:title"], path
        assert card["og:description"] and card["og:description"] == card["twitter:description"], path
        assert card["twitter:card"] == "summary" and "&#" not in card["og:title"] + card["og:description"], path
        assert "og:url" not in card  # no site_url in a local build: no address to give
    home = BeautifulSoup((built_site / "index.html").read_text(encoding="utf-8"), "html.parser").head
    assert home.select_one('meta[property="og:description"]')["content"] == " ".join(description.split())
    ecfr = page(built_site, "sources/bound-to-russia-serbias-disruptive-neutrality").head
    assert ecfr.select_one('meta[property="og:title"]')["content"] == "Bound to Russia: Serbia’s disruptive neutrality"


def test_open_graph_url_is_the_published_address(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from conftest import mkdocs_env

    env = {**mkdocs_env(), "SITE_URL": "https://example.org/briefing/"}
    site = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr
    ally = page(site, "sources/serbia-is-not-a-russian-ally").head
    assert ally.select_one('meta[property="og:url"]')["content"] == "https://example.org/briefing/sources/serbia-is-not-a-russian-ally/"
    assert os.path.isfile(site / "index.html")


def test_every_page_says_how_current_the_sources_are(built_site: Path) -> None:
    newest = max(s.meta.date for s in load_sources(SOURCES) if s.meta.date)
    from briefing.citations import human_date

    for path in _pages(built_site):
        edition = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one("footer .briefing-edition")
        assert edition is not None and edition.get_text() == f"Sources up to {human_date(newest)}", path


def test_benchmarks_are_developer_material_not_reader_pages(built_site: Path) -> None:
    import json

    import pypdf

    assert not (built_site / "performance").exists()
    home = BeautifulSoup((built_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert "Performance" not in [a.get_text(strip=True) for a in home.select("nav a")]
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [d["location"] for d in index["docs"] if "performance" in d["location"] or "benchmark" in d["text"].lower()]
    outline = [item.title for item in pypdf.PdfReader(built_site / "briefing.pdf").outline if not isinstance(item, list)]
    assert outline and "Performance" not in outline
    # The figures stay in the repository, linked from CONTRIBUTING.
    assert (ROOT / "BENCHMARKS.md").read_text(encoding="utf-8").startswith("# Benchmarks\n")
    assert "[BENCHMARKS.md](BENCHMARKS.md)" in (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")

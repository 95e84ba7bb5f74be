"""A source page a researcher can trust: each quoted paragraph links back to the quotes of it, each
source links to its archived copy, a truncated capture says where it stops; and the PDF that carries
them reads cleanly (outline, poppler, qpdf). Each is built once in the page model (source_parts.py)
and checked in the model, the built site (a real ``mkdocs build``) and the PDF."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import subprocess
from pathlib import Path

import pypdf
import pytest
from browser_env import Unavailable, ensure_debian_tool
from conftest import SEED_OF, copy_project, run_mkdocs
from test_pdf import body_text, book, book_text, bookmarks, norm  # noqa: F401 - fixtures: the real build's PDF
from test_topic_pages import page, real_build, words
from test_topics import ALLY, BLOG, ECFR, MIKOVIC

from briefing import citations, pdf, pipeline, source_parts, topic_pages
from briefing import page as model
from briefing.errors import BriefingError
from briefing.model import PartialDate
from briefing.pdf_book import quiet_for_poppler

ROOT = Path(__file__).resolve().parents[1]


def article(slug: str):
    return next(a for a in real_build().articles if a.slug == slug)


def entries(slug: str):
    results = real_build().topics
    per_topic = tuple(topic_pages.quotes_by_source(r)(slug) for r in results)
    return topic_pages.source_quoted_on(tuple(r.topic for r in results), slug, per_topic)


def book_data():
    return pdf.book(real_build(), pdf.settings_from_config(ROOT))


# -- back-links on quoted paragraphs --------------------------------------------------------------


def test_ordinals():
    assert [source_parts.ordinal(k) for k in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th"]


def test_two_quotes_of_one_paragraph_get_labels_that_differ():
    assert source_parts.quote_labels([("q-a-p3", 3), ("q-a-p4", 4), ("q-a-p4-2", 4), ("q-a-p5", 5)]) == [
        "¶ 3", "¶ 4 (1st quote)", "¶ 4 (2nd quote)", "¶ 5"]


def test_the_model_links_a_quoted_paragraph_to_each_quote_of_it():
    back = source_parts.paragraph_backlinks(entries(ECFR))
    # ECFR ¶ 4 is quoted twice on Kosovo, twice on Energy and once on Arms.
    links = [x for x in back[4] if isinstance(x, model.Link)]
    assert [(x.uri, x.frag, model.text_of(x.c)) for x in links] == [
        ("topics/kosovo.md", f"q-{ECFR}-p4", "Kosovo (1st quote)"),
        ("topics/kosovo.md", f"q-{ECFR}-p4-2", "Kosovo (2nd quote)"),
        ("topics/energy.md", f"q-{ECFR}-p4", "Energy (1st quote)"),
        ("topics/energy.md", f"q-{ECFR}-p4-2", "Energy (2nd quote)"),
        ("topics/arms.md", f"q-{ECFR}-p4", "Arms"),
    ]
    assert model.text_of(back[3], "web") == "Quoted on Kosovo, Sanctions"
    # The book adds the page each quote prints on.
    assert model.PageRef(f"topics/sanctions.md#q-{ECFR}-p3") in [y for x in back[3] if isinstance(x, model.Only) for y in x.c]
    # Only quoted paragraphs get a line: every key is a paragraph some topic quotes.
    quoted = {n for _, _, qs in entries(ECFR) for _, n in qs}
    assert set(back) == quoted


def test_a_hostile_topic_title_in_a_back_link_is_text_in_both_writers():
    from briefing import page_html, page_typst
    from briefing.model import Topic

    title = '<script>alert(1)</script> {{ x }} #set *b*'
    back = source_parts.paragraph_backlinks([(Topic("spies", title, "d"), "src-a", [("q-a-p2", 2)])])
    html = page_html.block(source_parts.backlinks_para(back[2]), "sources/a.md")
    assert html == ('<p class="para-quoted-on" data-search-exclude>Quoted on <a href="../topics/spies.md#q-a-p2">'
                    '&lt;script&gt;alert(1)&lt;/script&gt; {{ x }} #set *b*</a></p>\n')
    typst = page_typst.Writer("sources/a.md", lambda u, f: f"{u}#{f}").block(source_parts.backlinks_para(back[2]))
    assert typst["style"] == "backlinks"
    assert {"t": "ref", "uri": "topics/spies.md", "frag": "q-a-p2", "c": [title]} in typst["c"]


def test_the_site_shows_the_back_links_under_the_paragraph_and_each_lands_on_its_quote(built_site: Path):
    html = page(built_site, f"sources/{ECFR}/")
    line = html.find(id="p-4").find_next_sibling()
    assert line.name == "p" and "para-quoted-on" in line["class"]
    assert words(line.get_text()) == "Quoted on Kosovo (1st quote), Kosovo (2nd quote), Energy (1st quote), Energy (2nd quote), Arms"
    for a in line.find_all("a"):
        topic, frag = a["href"].removeprefix("../../topics/").split("/#")
        assert page(built_site, f"topics/{topic}/").find(id=frag) is not None, a["href"]
    # A paragraph no topic quotes has no such line.
    unquoted = {p.n for p in article(ECFR).cleaned.body} - set(source_parts.paragraph_backlinks(entries(ECFR)))
    for n in unquoted:
        after = html.find(id=f"p-{n}").find_next_sibling()
        assert after is None or "para-quoted-on" not in after.get("class", [])
    # The paragraph's own text is unchanged (the line is outside it).
    assert "Quoted on" not in html.find(id="p-4").get_text()


def test_the_back_links_are_not_searched_as_the_article_s_text(built_site: Path):
    import json

    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    body = next(d for d in index["docs"] if d["location"] == f"sources/{ECFR}/")
    assert "Stabilisation and Association" in body["text"]  # ¶ 4, which four quotes link back to
    assert "Quoted on" not in body["text"] and "1st quote" not in body["text"]


def test_the_quoted_on_list_names_no_two_quotes_the_same(built_site: Path):
    html = page(built_site, f"sources/{ECFR}/")
    items = [words(li.get_text()) for li in html.find(id="quoted-on").find_next("ul").find_all("li")]
    assert "Kosovo, 5 passages: ¶ 3, ¶ 4 (1st quote), ¶ 4 (2nd quote), ¶ 5, ¶ 7" in items
    for li in html.find(id="quoted-on").find_next("ul").find_all("li"):
        labels = [a.get_text() for a in li.find_all("a")[1:]]
        assert len(labels) == len(set(labels)), labels


def test_the_pdf_prints_the_back_links_under_the_paragraph_with_page_numbers(book_text: str):  # noqa: F811
    data = book_data()
    blocks = next(p["blocks"] for p in data["pages"] if p.get("label") == f"sources/{ECFR}.md")
    k = next(i for i, b in enumerate(blocks) if b.get("anchor") == f"sources/{ECFR}.md#p-4")
    line = blocks[k + 1]
    assert line["style"] == "backlinks"
    assert [x["to"] for x in line["c"] if isinstance(x, dict) and x.get("t") == "link"] == [
        f"topics/kosovo.md#q-{ECFR}-p4", f"topics/kosovo.md#q-{ECFR}-p4-2",
        f"topics/energy.md#q-{ECFR}-p4", f"topics/energy.md#q-{ECFR}-p4-2", f"topics/arms.md#q-{ECFR}-p4"]
    assert norm("Quoted on Kosovo (1st quote) (page ") in book_text
    assert norm("Kosovo, 5 passages: ¶ 3, ¶ 4 (1st quote), ¶ 4 (2nd quote)") in book_text


# -- the archived copy -------------------------------------------------------------------------------


def meta(**kw):
    return dataclasses.replace(article(MIKOVIC).meta, **kw)


def test_the_archive_address_takes_the_access_date_else_the_publication_date():
    url = "https://example.org/a?b=1"
    assert citations.archive_url(meta(url=url, date=dt.date(2024, 4, 5), accessed=None)) == \
        "https://web.archive.org/web/20240405/https://example.org/a?b=1"
    assert citations.archive_url(meta(url=url, date=dt.date(2024, 4, 5), accessed=dt.date(2024, 5, 20))) == \
        "https://web.archive.org/web/20240520/https://example.org/a?b=1"
    # A partial date gives a partial timestamp, which the Wayback Machine resolves to the nearest snapshot.
    assert citations.archive_url(meta(url=url, date=PartialDate(2022, 3, approximate=True), accessed=None)) == \
        "https://web.archive.org/web/202203/https://example.org/a?b=1"
    assert citations.archive_url(meta(url=url, date=PartialDate(2022), accessed=None)) == \
        "https://web.archive.org/web/2022/https://example.org/a?b=1"
    # No date at all: the address alone opens the newest snapshot. No address: no archive link.
    assert citations.archive_url(meta(url=url, date=None, accessed=None)) == "https://web.archive.org/web/https://example.org/a?b=1"
    assert citations.archive_url(meta(url=None)) is None
    assert source_parts.archive_inlines(meta(url=None)) == ()


def test_the_site_links_the_archived_copy_beside_the_original(built_site: Path):
    for slug, stamp in ((MIKOVIC, "20240405"), (ECFR, "202203"), (ALLY, "20240917")):
        a = article(slug)
        original = page(built_site, f"sources/{slug}/").select_one(".byline-original")
        assert original.select_one("a.original-link")["href"] == a.meta.url
        archived = original.select_one(".archive-link a")
        assert archived.get_text() == "Internet Archive copy"
        assert archived["href"] == f"https://web.archive.org/web/{stamp}/{a.meta.url}"
    assert page(built_site, f"sources/{BLOG}/").select_one(".archive-link") is None  # no address, no copy


def test_the_pdf_links_the_archived_copy_beside_the_original(book: pypdf.PdfReader, book_text: str):  # noqa: F811
    url = article(MIKOVIC).meta.url
    assert norm(f"{url} (Internet Archive copy)") in book_text
    uris = {a.get_object()["/A"].get("/URI") for p in book.pages for a in p.get("/Annots", []) if "/A" in a.get_object()}
    assert f"https://web.archive.org/web/20240405/{url}" in uris


def test_the_bibliography_links_each_archived_copy(built_site: Path, book_text: str):  # noqa: F811
    html = page(built_site, "bibliography/")
    for a in real_build().articles:
        entries = [li for li in html.select("li.citation-block") if li.select_one(f"#chicago-{a.slug}")]
        (entry,) = entries
        archived = [x["href"] for x in entry.find_all("a") if x.get_text() == "Internet Archive copy"]
        assert archived == ([citations.archive_url(a.meta)] if a.meta.url else []), a.slug
    assert norm(f"Internet Archive copy.") in book_text
    bib = next(p["blocks"] for p in book_data()["pages"] if p.get("label") == "bibliography.md")
    urls = [x["href"] for item in bib[1]["items"] for x in item["blocks"][0]["c"] if isinstance(x, dict) and x.get("t") == "url"]
    assert sorted(u for u in urls if u.startswith(citations.WAYBACK)) == sorted(
        citations.archive_url(a.meta) for a in real_build().articles if a.meta.url)


# -- where a truncated capture stops ------------------------------------------------------------


CUT = "The capture ends here; the published article continues at "


def test_the_model_says_where_a_truncated_capture_stops():
    ally = article(ALLY)
    assert ally.meta.truncated
    (para,) = source_parts.capture_end_blocks(ally)
    assert model.text_of(para.c) == CUT + ally.meta.url + "."
    no_url = dataclasses.replace(ally, source=dataclasses.replace(ally.source, meta=dataclasses.replace(ally.meta, url=None)))
    assert model.text_of(source_parts.capture_end_blocks(no_url)[0].c) == \
        "The capture ends here; the published article continues in the original."
    assert source_parts.capture_end_blocks(article(MIKOVIC)) == ()  # a whole capture says nothing


def test_the_site_says_it_after_the_last_paragraph(built_site: Path):
    ally = article(ALLY)
    body = page(built_site, f"sources/{ALLY}/").select_one(".briefing-body")
    end = body.select_one("p.capture-end")
    assert words(end.get_text()) == CUT + ally.meta.url + "."
    assert end.find("a")["href"] == ally.meta.url
    last = body.select("p.para")[-1]
    assert last["id"] == f"p-{ally.cleaned.body[-1].n}"
    assert end in last.find_all_next("p")  # after the last paragraph (and its back-links)
    # The note at the top stays.
    assert "Truncated:" in page(built_site, f"sources/{ALLY}/").select_one(".capture-notes").get_text()
    assert page(built_site, f"sources/{MIKOVIC}/").select_one("p.capture-end") is None


def test_the_pdf_says_it_after_the_last_paragraph(book_text: str):  # noqa: F811
    ally = article(ALLY)
    last = norm(ally.cleaned.body[-1].text)[-40:]
    cut = norm(CUT + ally.meta.url + ".")
    assert cut in book_text
    assert book_text.index(last) < book_text.index(cut)


# -- the PDF -----------------------------------------------------------------------------------------


def test_the_pdf_outline_and_contents_open_with_overview(book: pypdf.PdfReader):  # noqa: F811
    marks = bookmarks(book)
    assert marks[0][1] == "Overview"
    assert "Home" not in [title for _, title, _ in marks]
    contents = " ".join(book.pages[k].extract_text() for k in range(3))
    assert "Overview" in contents


def test_a_book_title_in_front_matter_must_be_text(tmp_path: Path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("---\ntitle: Home\nbook_title: [a, b]\n---\n\n# Hi\n", encoding="utf-8")
    settings = dataclasses.replace(pdf.settings_from_config(ROOT), docs_dir=docs, nav=[{"Home": "index.md"}])
    with pytest.raises(BriefingError) as err:
        pdf.book(real_build(), settings)
    assert str(err.value) == "docs/index.md: front matter 'book_title': '['a', 'b']' is not a title (text)"


@pytest.fixture(scope="module")
def seeds_only_book(tmp_path_factory: pytest.TempPathFactory) -> tuple[tuple, str]:
    """The PDF of the real project with the four seeds alone, in which every source speaks to some
    topics: a contributor's new article (CI's walk-through adds some) may leave no such topic."""
    root = copy_project(tmp_path_factory.mktemp("seeds-only"))
    for extra in (root / "sources").glob("*.md"):
        if extra.stem not in SEED_OF:
            extra.unlink()
    site = root / "site"
    result = run_mkdocs(root, site)
    assert result.returncode == 0, result.stderr
    build = pipeline.build(pipeline.Settings(root=root))
    return build.topics, norm("".join(body_text(p) for p in pypdf.PdfReader(site / "briefing.pdf").pages))


def test_a_topic_every_source_speaks_to_prints_no_empty_none_section(seeds_only_book) -> None:
    topics, text = seeds_only_book
    everyone = [r for r in topics if not r.silent]
    assert everyone, "the seeds have a topic every source speaks to"
    for r in everyone:
        assert norm(f"Sources that do not address {r.topic.title}") not in text
        assert norm(f"{len(SEED_OF)} of {len(SEED_OF)} sources speak to this topic") in text
    assert norm("None: every source in this briefing speaks to this topic.") not in text
    # A topic some sources do not address still lists them.
    some = next(r for r in topics if r.silent)
    assert norm(f"Sources that do not address {some.topic.title}") in text


def test_the_pdf_sources_table_marks_approximate_dates_as_the_site_does(built_site: Path):
    table = next(b for p in book_data()["pages"] if p.get("label") == "sources/index.md"
                 for b in p["blocks"] if b["t"] == "table")
    dates = {row[1][0]["c"][0] if isinstance(row[1][0], dict) else row[1][0]: row[0][0] for row in table["rows"]}
    assert dates[article(ECFR).meta.title] == "c. 2022-03"
    assert dates[article(MIKOVIC).meta.title] == "2024-04-05"
    assert dates[article(BLOG).meta.title] == "not stated"
    site = page(built_site, "sources/")
    assert "c. 2022-03" in words(site.get_text())


def _tool(binary: str, package: str) -> str:
    try:
        return ensure_debian_tool(binary, package)
    except Unavailable as problem:
        if os.environ.get("CI"):
            pytest.fail(f"the PDF checks cannot run, and CI must run them: {problem}", pytrace=False)
        pytest.skip(f"PDF CHECK SKIPPED: {problem}")


# Each tool's arguments after its name: pdftotext writes the text to /dev/null (its errors go to stderr).
CHECKS = {"pdfinfo": ("poppler-utils", []), "pdftotext": ("poppler-utils", ["/dev/null"]), "qpdf": ("qpdf", ["--check"])}


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_the_pdf_reads_without_errors_in_poppler_and_qpdf(built_site: Path, name: str):
    package, args = CHECKS[name]
    tool = _tool(name, package)
    path = str(built_site / "briefing.pdf")
    cmd = [tool, *args, path] if name == "qpdf" else [tool, path, *args]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == "", result.stderr


def test_the_catalog_entry_poppler_misreads_is_blanked_in_place():
    before = b"%PDF-1.7\n1 0 obj\n<</Type/Catalog/MarkInfo<</Marked true/Suspects false>>>>\nendobj\n"
    after = quiet_for_poppler(before)
    assert len(after) == len(before) and b"Suspects" not in after and b"/MarkInfo<</Marked true" in after
    assert quiet_for_poppler(b"%PDF-1.7 no catalog") == b"%PDF-1.7 no catalog"

"""An organisation as author: written in braces ("{Human Rights Watch}") or named by a word such as
"Group", it is cited by its name, never split into family and given names, and the braces are
syntax no reader sees (byline, citations, indexes, topic pages, meta tags, search, book)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import copy_project, run_mkdocs
from test_pdf import body_text, norm, reader
from test_topic_pages import page

from briefing import pdf, pipeline
from briefing.__main__ import main
from briefing.check import settings_for

HRW = "hrw-serbia-gas"
ICG = "icg-serbia-kosovo"
SOURCES = {
    HRW: (
        'author: "{Human Rights Watch}"\npublisher: Human Rights Watch\ndate: 2024-03-01\n'
        "url: https://example.org/hrw-serbia-gas\naccessed: 2024-03-05",
        "Serbia buys almost all of its natural gas from Russia, and the report says the dependence is growing.\n\n"
        "The report adds that Kosovo weighs on every choice Belgrade makes between Moscow and Brussels.\n",
    ),
    ICG: (
        "author: International Crisis Group\npublisher: Crisis Group\ndate: 2024-02-10\nurl: https://example.org/icg-serbia-kosovo",
        "Crisis Group finds that Serbia still imports most of its gas from Russia through a single pipeline.\n\n"
        "Talks on Kosovo have stalled, and the report warns that the north could flare up again this year.\n",
    ),
}
TITLES = {HRW: "Serbia’s gas and the sanctions", ICG: "Serbia, Kosovo and the stalled talks"}

HRW_CHICAGO = (
    "Human Rights Watch. “Serbia’s gas and the sanctions.” Human Rights Watch, March 1, 2024. "
    "Accessed March 5, 2024. https://example.org/hrw-serbia-gas."
)
HRW_APA = "Human Rights Watch. (2024, March 1). Serbia’s gas and the sanctions. https://example.org/hrw-serbia-gas"
ICG_CHICAGO = (
    "International Crisis Group. “Serbia, Kosovo and the stalled talks.” Crisis Group, February 10, 2024. "
    "https://example.org/icg-serbia-kosovo."
)
ICG_APA = (
    "International Crisis Group. (2024, February 10). Serbia, Kosovo and the stalled talks. Crisis Group. "
    "https://example.org/icg-serbia-kosovo"
)


def write_sources(project: Path) -> None:
    for slug, (facts, body) in SOURCES.items():
        text = f'---\ntitle: "{TITLES[slug]}"\n{facts}\n---\n{TITLES[slug]}\n\n{body}'
        (project / "sources" / f"{slug}.md").write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("org-author"))
    write_sources(project)
    return project


@pytest.fixture(scope="module")
def site(project: Path) -> Path:
    site = project.parent / "site"
    result = run_mkdocs(project, site)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site


def words(text: str) -> str:
    return " ".join(text.split())


def no_braces(text: str) -> bool:
    """Whether ``text`` shows the organisation's name without the front matter's braces. BibTeX's own
    syntax (a field's braces, an organisation's double braces) is the one place braces belong."""
    text = text.replace("author = {{Human Rights Watch}}", "").replace("organization = {Human Rights Watch}", "")
    return "{Human" not in text and "Watch}" not in text


def test_the_source_page_names_the_organisation_in_its_byline_citations_and_meta_tags(site: Path) -> None:
    html = page(site, f"sources/{HRW}/")
    assert words(html.select_one(".byline-author").get_text()) == "Author Human Rights Watch"
    assert words(html.select_one("#cite-chicago").get_text()) == HRW_CHICAGO
    assert words(html.select_one("#cite-apa").get_text()) == HRW_APA
    assert "author = {{Human Rights Watch}}," in html.select_one("#cite-bibtex").get_text()
    assert [m["content"] for m in html.select('meta[name="citation_author"]')] == ["Human Rights Watch"]
    icg = page(site, f"sources/{ICG}/")
    assert words(icg.select_one("#cite-chicago").get_text()) == ICG_CHICAGO
    assert words(icg.select_one("#cite-apa").get_text()) == ICG_APA
    assert "author = {{International Crisis Group}}," in icg.select_one("#cite-bibtex").get_text()


def test_no_reader_sees_the_braces_anywhere_on_the_site(site: Path) -> None:
    shown = 0
    for file in sorted(site.rglob("*")):
        if file.suffix not in (".html", ".json", ".xml", ".txt", ".bib", ".ris") or not file.is_file():
            continue
        text = file.read_text(encoding="utf-8")
        assert no_braces(text), file
        shown += text.count("Human Rights Watch")
    assert shown
    sources = page(site, "sources/")
    row = next(tr for tr in sources.select("tr") if TITLES[HRW] in tr.get_text())
    assert "Human Rights Watch" in [words(td.get_text()) for td in row.select("td")]
    bibliography = page(site, "bibliography/")
    assert words(bibliography.select_one(f"#chicago-{HRW}").get_text()) == HRW_CHICAGO
    assert words(bibliography.select_one(f"#apa-{HRW}").get_text()) == HRW_APA


def test_the_briefings_exports_cite_the_organisations_unsplit(site: Path) -> None:
    bib = (site / "briefing.bib").read_text(encoding="utf-8")
    assert "  author = {{Human Rights Watch}},\n" in bib and "  author = {{International Crisis Group}},\n" in bib
    ris = (site / "briefing.ris").read_text(encoding="utf-8").splitlines()
    assert "AU  - Human Rights Watch" in ris and "AU  - International Crisis Group" in ris
    csl = {item["id"]: item for item in json.loads((site / "briefing.json").read_text(encoding="utf-8"))}
    assert csl[HRW]["author"] == [{"literal": "Human Rights Watch"}]
    assert csl[ICG]["author"] == [{"literal": "International Crisis Group"}]


def test_the_topic_pages_attribute_the_source_to_the_organisation(site: Path) -> None:
    pages = [page(site, f.parent.relative_to(site).as_posix() + "/") for f in sorted((site / "topics").glob("*/index.html"))]
    listed = [words(li.get_text()) for html in pages for li in html.select(".md-content li") if li.select_one(f'a[href$="sources/{HRW}/"]')]
    assert listed and set(listed) == {f"{TITLES[HRW]} (Human Rights Watch, Human Rights Watch, 1 March 2024)"}


def test_the_book_cites_the_organisation_without_braces(project: Path) -> None:
    result = pipeline.build(settings_for(project))
    settings = pdf.settings_from_config(project)
    data = json.dumps(pdf.book(result, settings, pdf.edition(result, settings.date, {"SOURCE_DATE_EPOCH": "1700000000"})), ensure_ascii=False)
    assert no_braces(data)
    assert "Human Rights Watch. “Serbia’s gas and the sanctions.”" in data
    assert "International Crisis Group. “Serbia, Kosovo and the stalled talks.”" in data


def test_the_pdf_prints_the_organisation_in_each_style_and_never_its_braces(site: Path) -> None:
    text = norm("".join(body_text(p) for p in reader(site / "briefing.pdf").pages))
    assert norm("Chicago:" + HRW_CHICAGO) in text and norm("APA:" + HRW_APA) in text
    assert norm("Chicago:" + ICG_CHICAGO) in text and norm("APA:" + ICG_APA) in text
    bibtex = (norm("author = {{Human Rights Watch}}"), norm("organization = {Human Rights Watch}"))
    assert all(b in text for b in bibtex)
    for b in bibtex:
        text = text.replace(b, "")
    assert "{Human" not in text and "Watch}" not in text


def test_check_asks_about_a_long_name_read_as_a_person_and_is_quiet_on_organisations(tmp_path: Path, capsys) -> None:
    (tmp_path / "sources").mkdir()
    write_sources(tmp_path)
    (tmp_path / "sources" / "rfe-serbia.md").write_text(
        '---\ntitle: "Serbia between two capitals"\nauthor: ["Radio Free Europe", "{Radio Television Serbia}"]\n'
        "publisher: null\ndate: 2024-01-20\nurl: null\n---\nSerbia between two capitals\n\n"
        "Belgrade signs new gas deals with Moscow while it asks Brussels for money, and the government says so plainly.\n\n"
        "Ministers in Belgrade insist that the country will not choose between its two partners before it must.\n",
        encoding="utf-8",
    )
    assert main(["--root", str(tmp_path), "check"]) == 0
    doubts = [line for line in capsys.readouterr().err.splitlines() if "'author'" in line]
    assert doubts == [
        "doubt: sources/rfe-serbia.md: front matter 'author': 'Radio Free Europe' is cited as a person with the family "
        "name Europe (Europe, Radio Free); if that is right, write it 'Europe, Radio Free'; if it is an organisation, "
        'in braces: "{Radio Free Europe}"'
    ]

"""References, BibTeX and meta tags: unknown facts are left out, never guessed or mangled."""

from __future__ import annotations

import datetime as dt

import pytest
import rispy

from briefing import bibliography, page_html
from briefing.citations import STYLES, Name, bibtex, cite, csl_item, human_date, meta_tags, parse_name, reference, ris
from briefing.model import Article, AuthorBox, Cleaned, Meta, PartialDate, Source


def styled(m: Meta) -> dict[str, str]:
    """Each offered style's reference as the site's bibliography writes it (bibliography.entry's reference)."""
    article = Article(Source("a", "sources/a.md", m, ""), Cleaned(None, (), (), (), (), AuthorBox(), ()), cite(m, "a"))
    return {key: page_html.inlines(bibliography.entry(article, key).blocks[0].c[0].c, "bibliography.md") for key, _ in STYLES}


def meta(**kw) -> Meta:
    base = dict(title="A Title", authors=(), publisher=None, date=None, url=None)
    base.update(kw)
    return Meta(**base)


def test_reference_with_every_fact() -> None:
    m = meta(authors=("Ana Petrović", "John Smith"), publisher="Policy Weekly", date=dt.date(2024, 4, 5), url="https://example.org/a")
    # Chicago notes-and-bibliography: first name inverted, title in quotes, site, Month Day, Year, URL.
    assert reference(m) == "Petrović, Ana, and John Smith. “A Title.” Policy Weekly, April 5, 2024. https://example.org/a."
    html = dict(styled(m))
    assert html["chicago"] == (
        "Petrović, Ana, and John Smith. “A Title.” <em>Policy Weekly</em>, April 5, 2024. "
        '<a href="https://example.org/a">https://example.org/a</a>.'
    )
    assert html["apa"] == (
        "Petrović, A., &amp; Smith, J. (2024, April 5). <em>A Title</em>. Policy Weekly. "
        '<a href="https://example.org/a">https://example.org/a</a>'
    )


def test_reference_gives_the_access_date_when_known() -> None:
    m = meta(authors=("Nikola Mikovic",), date=dt.date(2024, 4, 5), accessed=dt.date(2024, 5, 20), url="https://example.org/a")
    assert reference(m) == "Mikovic, Nikola. “A Title.” April 5, 2024. Accessed May 20, 2024. https://example.org/a."


def test_reference_with_nothing_known_says_no_date_once() -> None:
    assert reference(meta()) == "“A Title.” n.d."
    assert reference(meta(title="Is it?", publisher="ECFR")) == "“Is it?” ECFR, n.d."
    assert reference(meta(authors=("A", "B", "C"))) == "A, B, and C. “A Title.” n.d."
    # APA without an author: the title takes the author's place; no "?." after a question.
    assert dict(styled(meta(title="Is it?")))["apa"] == "<em>Is it?</em> (n.d.)."


def test_hostile_text_in_a_reference_is_escaped() -> None:
    m = meta(title="<script>alert(1)</script>", publisher="A & <b>B</b>", url='https://example.org/"><x')
    for html in dict(styled(m)).values():
        assert "<script>" not in html and "<b>" not in html and '"><x' not in html
        assert "&lt;script&gt;" in html


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Nikola Mikovic", Name(family="Mikovic", given="Nikola")),
        ("Ana Maria Petrović", Name(family="Petrović", given="Ana Maria")),
        ("Charles de Gaulle", Name(family="de Gaulle", given="Charles")),
        ("Mikovic, Nikola", Name(family="Mikovic", given="Nikola")),
        ("Reuters", Name(literal="Reuters")),
        ("European Council on Foreign Relations", Name(literal="European Council on Foreign Relations")),
        ("Policy Institute (Belgrade)", Name(literal="Policy Institute (Belgrade)")),
    ],
)
def test_names_are_split_as_bibtex_reads_them(written: str, name: Name) -> None:
    assert parse_name(written) == name


def test_bibtex_inverts_people_and_braces_organisations() -> None:
    entry = bibtex(meta(authors=("Nikola Mikovic", "Council of Europe"), accessed=dt.date(2024, 5, 20), notes=("Capture cut short.",)), "k")
    assert "  author = {Mikovic, Nikola and {Council of Europe}},\n" in entry
    assert "  urldate = {2024-05-20}\n" in entry
    assert "note" not in entry and "Capture" not in entry  # capture notes describe our copy, not the work


def test_ris_and_csl_records() -> None:
    m = meta(authors=("Nikola Mikovic",), publisher="Diplomatic Courier", date=dt.date(2024, 4, 5), accessed=dt.date(2024, 5, 20), url="https://example.org/a")
    (record,) = rispy.loads(ris(m, "k"))
    assert record == {
        "type_of_reference": "ELEC", "id": "k", "title": "A Title", "authors": ["Mikovic, Nikola"],
        "secondary_title": "Diplomatic Courier", "publisher": "Diplomatic Courier", "year": "2024",
        "date": "2024/04/05/", "access_date": "2024/05/20/", "urls": ["https://example.org/a"],
    }
    assert csl_item(m, "k") == {
        "id": "k", "type": "webpage", "title": "A Title", "author": [{"family": "Mikovic", "given": "Nikola"}],
        "container-title": "Diplomatic Courier", "issued": {"date-parts": [[2024, 4, 5]]},
        "accessed": {"date-parts": [[2024, 5, 20]]}, "URL": "https://example.org/a",
    }
    # A line break in a title would start a new RIS tag: it becomes a space.
    (record,) = rispy.loads(ris(meta(title="Two\nlines"), "k"))
    assert record["title"] == "Two lines"


def test_bibtex_escapes_specials_and_omits_unknowns() -> None:
    entry = bibtex(meta(title="50% of {braces} & $money_", publisher="A & B"), "key-1")
    assert entry == (
        "@online{key-1,\n"
        "  title = {{50\\% of \\{braces\\} \\& \\$money\\_}},\n"
        "  organization = {A \\& B}\n"
        "}\n"
    )


def test_meta_tags_only_for_known_facts() -> None:
    assert meta_tags(meta()) == (("citation_title", "A Title"),)
    assert meta_tags(meta(date=dt.date(2022, 3, 1), authors=("X Y",))) == (
        ("citation_title", "A Title"),
        ("citation_author", "X Y"),
        ("citation_publication_date", "2022/03/01"),
    )


def test_partial_and_approximate_dates_never_gain_a_day() -> None:
    march = meta(authors=("Ana Petrović",), publisher="ECFR", date=PartialDate(2022, 3, approximate=True))
    assert human_date(march.date) == "c. March 2022" and human_date(PartialDate(2022)) == "2022"
    assert reference(march) == "Petrović, Ana. “A Title.” ECFR, ca. March 2022."
    assert dict(styled(march))["apa"] == "Petrović, A. (ca. 2022, March). <em>A Title</em>. ECFR."
    entry = bibtex(march, "k")
    assert "  date = {2022-03~},\n" in entry and "  year = {2022}" in entry
    (record,) = rispy.loads(ris(march, "k"))
    assert record["date"] == "2022/03//circa" and record["year"] == "2022"
    assert csl_item(march, "k")["issued"] == {"date-parts": [[2022, 3]], "circa": True}
    assert ("citation_publication_date", "2022/03") in meta_tags(march)
    year = meta(date=PartialDate(2022))
    assert "  date = {2022},\n" in bibtex(year, "k") and csl_item(year, "k")["issued"] == {"date-parts": [[2022]]}
    # Sorted by the first day of its period, among full dates.
    assert sorted([dt.date(2022, 3, 14), PartialDate(2022, 3), dt.date(2022, 2, 28)]) == [dt.date(2022, 2, 28), PartialDate(2022, 3), dt.date(2022, 3, 14)]

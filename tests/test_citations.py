"""References, BibTeX and meta tags: unknown facts are left out, never guessed or mangled."""

from __future__ import annotations

import datetime as dt

import pytest
import rispy

from briefing import bibliography, page_html
from briefing.citations import STYLES, Name, bibtex, cite, csl_item, human_date, meta_tags, name_doubt, parse_name, reference, ris
from briefing.model import Article, AuthorBox, Cleaned, Meta, PartialDate, Source
from briefing.sources import parse_source


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
        # A word that names an institution, a desk or a team makes the name an organisation's.
        ("Human Rights Watch", Name(literal="Human Rights Watch")),
        ("International Crisis Group", Name(literal="International Crisis Group")),
        ("Amnesty International", Name(literal="Amnesty International")),
        ("Associated Press", Name(literal="Associated Press")),
        ("Reuters Staff", Name(literal="Reuters Staff")),
        ("BBC News", Name(literal="BBC News")),
        ("Balkan Investigative Reporting Network", Name(literal="Balkan Investigative Reporting Network")),
        # Family names that are also words: not in the list ("Service"), or written "Family, Given".
        ("Robert Service", Name(family="Service", given="Robert")),
        ("Press, Frank", Name(family="Press", given="Frank")),
        ("Orhan Dragaš", Name(family="Dragaš", given="Orhan")),
        ("Jean-Claude Juncker", Name(family="Juncker", given="Jean-Claude")),
    ],
)
def test_names_are_split_as_bibtex_reads_them(written: str, name: Name) -> None:
    assert parse_name(written) == name


def test_an_organisation_by_the_contributors_word_is_never_split() -> None:
    assert parse_name("Radio Free Europe") == Name(family="Europe", given="Radio Free")
    assert parse_name("Radio Free Europe", organisation=True) == Name(literal="Radio Free Europe")


def loaded(author: str, publisher: str = "null") -> Meta:
    """The facts of a source whose front matter writes ``author:`` so, as the build loads them."""
    text = (
        f"---\ntitle: Serbia and the sanctions\nauthor: {author}\npublisher: {publisher}\ndate: 2024-03-01\n"
        "url: https://example.org/report\naccessed: 2024-03-05\n---\nBody text.\n"
    )
    return parse_source(text, "sources/report.md", "report").meta


def test_an_organisation_in_braces_is_cited_by_its_name_in_every_style_and_export() -> None:
    m = loaded('"{Human Rights Watch}"', publisher="Human Rights Watch")
    assert (m.authors, m.organisations) == (("Human Rights Watch",), ("Human Rights Watch",))
    url = '<a href="https://example.org/report">https://example.org/report</a>'
    html = styled(m)
    assert html["chicago"] == (
        "Human Rights Watch. “Serbia and the sanctions.” <em>Human Rights Watch</em>, March 1, 2024. "
        f"Accessed March 5, 2024. {url}."
    )
    # APA: an author that is also the site is not named twice (APA 7, 9.22).
    assert html["apa"] == f"Human Rights Watch. (2024, March 1). <em>Serbia and the sanctions</em>. {url}"
    assert "  author = {{Human Rights Watch}},\n" in bibtex(m, "k")
    (record,) = rispy.loads(ris(m, "k"))
    assert record["authors"] == ["Human Rights Watch"]
    assert csl_item(m, "k")["author"] == [{"literal": "Human Rights Watch"}]
    assert ("citation_author", "Human Rights Watch") in meta_tags(m)
    everything = cite(m, "k")
    assert "{Human" not in everything.reference + everything.ris + everything.csl + str(everything.meta_tags) + str(everything.runs)


def test_braces_make_an_organisation_of_a_name_the_rules_read_as_a_person() -> None:
    m = loaded('["{Radio Free Europe}", Jane Doe]', publisher="RFE/RL")
    assert (m.authors, m.organisations) == (("Radio Free Europe", "Jane Doe"), ("Radio Free Europe",))
    # Chicago: no comma before "and" after an organisation, which is not inverted.
    assert reference(m).startswith("Radio Free Europe and Jane Doe. “Serbia and the sanctions.”")
    assert styled(m)["apa"].startswith("Radio Free Europe, &amp; Doe, J. (2024, March 1).")
    assert "  author = {{Radio Free Europe} and Doe, Jane},\n" in bibtex(m, "k")
    (record,) = rispy.loads(ris(m, "k"))
    assert record["authors"] == ["Radio Free Europe", "Doe, Jane"]
    assert csl_item(m, "k")["author"] == [{"literal": "Radio Free Europe"}, {"family": "Doe", "given": "Jane"}]
    # Without braces the same name is a person's, and the check asks about it (name_doubt).
    plain = loaded("Radio Free Europe")
    assert plain.organisations == () and reference(plain).startswith("Europe, Radio Free. “")


def test_an_organisation_named_by_an_institution_word_is_cited_as_an_organisation() -> None:
    m = loaded("International Crisis Group", publisher="Crisis Group")
    assert (m.authors, m.organisations) == (("International Crisis Group",), ())
    html = styled(m)
    assert html["chicago"].startswith("International Crisis Group. “Serbia and the sanctions.” <em>Crisis Group</em>, March 1, 2024.")
    assert html["apa"].startswith("International Crisis Group. (2024, March 1). <em>Serbia and the sanctions</em>. Crisis Group.")
    assert "  author = {{International Crisis Group}},\n" in bibtex(m, "k")
    (record,) = rispy.loads(ris(m, "k"))
    assert record["authors"] == ["International Crisis Group"]
    assert csl_item(m, "k")["author"] == [{"literal": "International Crisis Group"}]


@pytest.mark.parametrize(
    ("written", "doubt"),
    [
        ("Orhan Dragaš", None),
        ("Maxim Samorukov", None),
        ("Vuk Vuksanović", None),
        ("Jean-Claude Juncker", None),
        ("Ana M. Popescu", None),
        ("Charles de Gaulle", None),
        ("Evans, Mary Ann", None),
        ("International Crisis Group", None),
        (
            "Mary Ann Evans",
            "'Mary Ann Evans' is cited as a person with the family name Evans (Evans, Mary Ann); if that is right, "
            "write it 'Evans, Mary Ann'; if it is an organisation, in braces: \"{Mary Ann Evans}\"",
        ),
        (
            "Radio Free Europe",
            "'Radio Free Europe' is cited as a person with the family name Europe (Europe, Radio Free); if that is "
            "right, write it 'Europe, Radio Free'; if it is an organisation, in braces: \"{Radio Free Europe}\"",
        ),
    ],
)
def test_a_name_of_three_capitalised_words_read_as_a_person_is_a_doubt(written: str, doubt: str | None) -> None:
    assert name_doubt(written) == doubt
    assert name_doubt(written, organisation=True) is None


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

"""A source's "Cite this" is built once in the page model: a reference in each offered style (Chicago,
APA) and the BibTeX entry. The site shows the styles as linked tabs with copy buttons; the PDF prints
each style under its label."""

from __future__ import annotations

from pathlib import Path

from test_pdf import book, book_text, norm  # noqa: F401 - fixtures: the real build's PDF
from test_topic_pages import page, real_build
from test_topics import MIKOVIC

from briefing import citations, source_parts
from briefing import page as model

APA = "Mikovic, N. (2024, April 5). Serbia’s can’t–lose Ukraine strategy. Diplomatic Courier. https://www.diplomaticourier.com/posts/serbias-ukraine-strategy"
CHICAGO = ("Mikovic, Nikola. “Serbia’s can’t–lose Ukraine strategy.” Diplomatic Courier, April 5, 2024. "
           "https://www.diplomaticourier.com/posts/serbias-ukraine-strategy.")


def cite_model() -> tuple[model.Block, ...]:
    return source_parts.cite_blocks(next(a for a in real_build().articles if a.slug == MIKOVIC))


def test_the_model_holds_each_style_as_a_tab_of_a_copyable_reference_with_the_site_in_italics():
    box = cite_model()[1]
    tabs = next(b for b in box.c if isinstance(b, model.Tabs))
    assert [t.label for t in tabs.tabs] == [label for _, label in citations.STYLES] == ["Chicago", "APA"]
    chicago, apa = (t.c[0].c for t in tabs.tabs)
    assert (chicago.anchor, apa.anchor) == ("cite-chicago", "cite-apa")
    assert model.text_of(chicago.c) == CHICAGO and model.text_of(apa.c) == APA
    assert model.Em(("Diplomatic Courier",)) in chicago.c
    url = "https://www.diplomaticourier.com/posts/serbias-ukraine-strategy"
    assert model.Url(url, (url,)) in apa.c
    bibtex = next(b for b in box.c if isinstance(b, model.Copy) and isinstance(b.c, model.CodeBlock))
    assert bibtex.c.anchor == "cite-bibtex" and "author = {Mikovic, Nikola}" in bibtex.c.s


def test_the_site_shows_the_styles_as_linked_tabs_each_with_a_copy_button(built_site: Path):
    html = page(built_site, f"sources/{MIKOVIC}/")
    box = html.select_one(".cite-this")
    assert [label.get_text() for label in box.select(".tabbed-labels label")] == ["Chicago", "APA"]
    assert box.select_one("#cite-apa").get_text() == APA
    assert box.select_one("#cite-chicago em").get_text() == "Diplomatic Courier"
    targets = [b["data-clipboard-target"] for b in box.select("button.md-clipboard")]
    assert targets == ["#cite-chicago", "#cite-apa", "#cite-bibtex"]


def test_the_pdf_prints_every_style_under_its_label(book_text: str):  # noqa: F811
    assert norm("Chicago:" + CHICAGO) in book_text
    assert norm("APA:" + APA) in book_text

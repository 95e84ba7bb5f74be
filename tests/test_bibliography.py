"""The bibliography is built once as the page model (bibliography.blocks): each source's reference in
each offered style, then where to find the source. The site shows a tab per style; the book prints the
first style (Chicago) with the page each source starts on. Asserted on the model, the built page and
the PDF's text."""

from __future__ import annotations

from pathlib import Path

from test_pdf import book, book_text, norm  # noqa: F401 - fixtures: the real build's PDF
from test_topic_pages import page, real_build, words
from test_topics import ALLY

from briefing import bibliography, page_typst, pipeline
from briefing import page as model

REFERENCE = ("Dragaš, Orhan. “Serbia is Not a Russian Ally.” The National Interest, September 17, 2024. "
             "https://nationalinterest.org/feature/serbia-not-russian-ally-212774.")


def ordered():
    return pipeline.by_reference(real_build().articles)


def tabs(topic: bool = False) -> model.Tabs:
    (t,) = [b for b in bibliography.blocks(ordered(), topic=topic) if isinstance(b, model.Tabs)]
    return t


def test_the_model_lists_every_source_in_each_style_in_the_order_of_its_reference():
    t = tabs()
    assert [tab.label for tab in t.tabs] == ["Chicago", "APA"] and t.printed == "first"
    (chicago,) = t.tabs[0].c
    assert isinstance(chicago, model.NumberedList) and len(chicago.items) == len(real_build().articles)
    first = chicago.items[0].blocks[0].c
    assert first[0] == model.Span("reference", first[0].c, anchor=f"chicago-{ordered()[0].slug}")
    assert model.text_of(first[0].c) == ordered()[0].citation.reference == REFERENCE
    assert model.Em(("The National Interest",)) in first[0].c  # the publication in italics, in both media
    # On the site: the link to the source's "Cite this" and its archived copy; in print, its page too.
    assert model.text_of(first, "web") == REFERENCE + " — cleaned text and BibTeX entry · Internet Archive copy"
    assert model.text_of(first, "print") == REFERENCE + " Cleaned text: page . Internet Archive copy."
    assert model.PageRef(f"sources/{ALLY}.md") in next(x for x in first if isinstance(x, model.Only) and x.medium == "pages").c


def test_a_topics_own_book_lists_the_references_alone():
    """A topic's PDF holds none of the sources' pages: no page number, no link to them."""
    t = tabs(topic=True)
    writer = page_typst.Writer("bibliography.md", lambda uri, frag: f"{uri}#{frag}", pages=False)
    (printed,) = writer.blocks((t,))
    assert printed["t"] == "list" and printed["ordered"]
    assert [b["c"] for b in printed["items"][0]["blocks"]][0][1] == {"t": "em", "c": ["The National Interest"]}
    assert not [x for x in printed["items"][0]["blocks"][0]["c"] if isinstance(x, dict) and x["t"] in ("ref", "pageref")]


def test_the_site_shows_each_style_as_a_tab_with_a_copy_button_per_reference(built_site: Path):
    html = page(built_site, "bibliography/")
    assert [label.get_text() for label in html.select(".cite-styles .tabbed-labels label")] == ["Chicago", "APA"]
    items = html.select("ol.references-chicago > li.citation-block")
    assert len(items) == len(real_build().articles)
    first = items[0]
    assert words(first.select_one("span.reference").get_text()) == REFERENCE
    assert first.select_one("span.reference em").get_text() == "The National Interest"
    assert first.select_one("button.md-clipboard")["data-clipboard-target"] == f"#chicago-{ALLY}"
    assert first.find("a", string="cleaned text and BibTeX entry")["href"] == f"../sources/{ALLY}/#cite-this"
    assert len(html.select("ol.references-apa > li.citation-block")) == len(items)


def test_the_pdf_prints_the_first_style_with_each_sources_page(book_text: str):  # noqa: F811
    start = book_text.find(norm("1. " + REFERENCE + " Cleaned text: page "))
    assert start > 0
    # One style only: the APA form of the entry (printed in the source's own "Cite this") is not
    # in the bibliography, the book's last part.
    assert norm("Dragaš, O. (2024, September 17).") in book_text[:start]
    assert norm("Dragaš, O. (2024, September 17).") not in book_text[start:]

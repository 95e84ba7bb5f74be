"""A quote's attribution names the article, added once in the page model and shown on the site and in the PDF.

"— *Bound to Russia: Serbia’s disruptive neutrality*, European Council on Foreign Relations (ECFR),
c. March 2022, ¶ 2": the title in italics, the publisher, the date as the pages show it, the paragraph.
"""

from __future__ import annotations

from pathlib import Path

import pypdf
from test_pdf import book, book_text, norm  # noqa: F401 - fixtures: the real build's PDF
from test_topic_pages import page, real_build, result, words
from test_topics import ALLY, BLOG, ECFR

from briefing import page as model
from briefing import pdf, topic_pages

TITLE = "Bound to Russia: Serbia’s disruptive neutrality"
PUBLISHER = "European Council on Foreign Relations (ECFR)"


def first_quote(slug: str, topic: str):
    article = next(a for a in real_build().articles if a.slug == slug)
    quotes = topic_pages.quotes_by_source(result(topic))(slug)
    blocks = topic_pages.section_blocks(article, list(zip(quotes, topic_pages.source_quote_ids(quotes))))
    return quotes[0], next(b for b in blocks if isinstance(b, model.Quote))


def test_the_model_names_the_article_in_italics_then_publisher_date_and_paragraph():
    q, quote = first_quote(ECFR, "sanctions")
    assert q.paragraph == 2
    assert quote.by[0] == model.Em((TITLE,))
    assert quote.by[2] == model.Link(f"sources/{ECFR}.md", "p-2", ("¶ 2",), topic_pages.quote_mark(q.text))
    assert model.text_of(quote.by, "web") == f"{TITLE}, {PUBLISHER}, c. March 2022, ¶ 2 · in the original"
    assert model.text_of(quote.by, "print") == f"{TITLE}, {PUBLISHER}, c. March 2022, ¶ 2, page "


def test_a_fact_not_stated_is_left_out_and_the_date_shown_as_the_pages_show_it():
    _, quote = first_quote(BLOG, "kosovo")
    article = next(a for a in real_build().articles if a.slug == BLOG)
    assert article.meta.publisher is None and article.meta.date is None
    assert model.text_of(quote.by, "web").startswith(f"{article.meta.title}, date not stated, ¶ ")
    _, quote = first_quote(ALLY, "kosovo")
    assert model.text_of(quote.by, "web").startswith("Serbia is Not a Russian Ally, The National Interest, 17 September 2024, ¶ ")


def test_the_site_shows_it_under_the_quote(built_site: Path):
    html = page(built_site, "topics/sanctions/")
    quote = html.find(id=f"q-{ECFR}-p2")
    attribution = quote.parent.find_next_sibling("p")
    assert words(attribution.get_text()).startswith(f"— {TITLE}, {PUBLISHER}, c. March 2022, ¶ 2 · in the original")
    assert attribution.find("em").get_text() == TITLE
    href = attribution.find("a", string="¶ 2")["href"]
    assert href.startswith(f"../../sources/{ECFR}/?mark=") and href.endswith("#p-2")


def test_the_book_prints_it_under_the_quote(book_text: str):  # noqa: F811
    data = pdf.book(real_build(), pdf.settings_from_config(Path(__file__).resolve().parents[1]))
    by = [b["by"] for p in data["pages"] for b in p["blocks"] if b["t"] == "quote"
          and b["anchor"] == f"topics/sanctions.md#q-{ECFR}-p2"]
    assert by and by[0][:2] == [{"t": "em", "c": [TITLE]}, f", {PUBLISHER}, c. March 2022, "]
    # What a reader of the PDF reads under the quote, page number and all.
    assert norm(f"— {TITLE}, {PUBLISHER}, c. March 2022, ¶ 2, page ") in book_text

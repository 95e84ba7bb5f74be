"""The Sources page's table is built once as the page model (indexes.sources_blocks): date, article,
author, publisher, and a page column only the book prints. The home page's excerpt is the same table.
Asserted on the model, the built pages and the PDF's text."""

from __future__ import annotations

from pathlib import Path

from test_pdf import book, book_text, norm  # noqa: F401 - fixtures: the real build's PDF
from test_topic_pages import page, real_build, words
from test_topics import ALLY, BLOG, ECFR

from briefing import indexes
from briefing import page as model


def table() -> model.Table:
    (t,) = [b for b in indexes.sources_blocks(real_build().articles) if isinstance(b, model.Table)]
    return t


def test_the_model_has_a_row_per_source_newest_first_and_a_page_column_for_print_only():
    t = table()
    assert [model.text_of(c.head) for c in t.columns] == ["Date", "Article", "Author", "Publisher", "Page"]
    assert [c.medium for c in t.columns] == [None, None, None, None, "pages"]
    assert [model.text_of(r[1]) for r in t.rows] == [a.meta.title for a in real_build().articles]
    dates = [a.meta.date for a in real_build().articles]
    assert [d for d in dates if d] == sorted((d for d in dates if d), reverse=True)  # newest first
    # A seed's row (by slug: an article added to sources/ may be newer).
    by_slug = {a.slug: r for a, r in zip(real_build().articles, t.rows)}
    ally = by_slug[ALLY]
    assert ally[0] == (model.Time("2024-09-17", ("2024-09-17",)),)
    assert ally[1] == (model.Link(f"sources/{ALLY}.md", None, ("Serbia is Not a Russian Ally",)),)
    assert ally[4] == (model.PageRef(f"sources/{ALLY}.md"),)
    assert model.text_of(by_slug[ECFR][0]) == "c. 2022-03"  # an approximate month, as every table shows it
    assert [model.text_of(c) for c in by_slug[BLOG][:4:2]] + [model.text_of(by_slug[BLOG][3])] == ["not stated"] * 3


def test_the_home_page_lists_the_newest_and_says_where_the_rest_are():
    articles = real_build().articles
    blocks = indexes.sources_excerpt(articles[:2], more=len(articles) - 2)
    assert len(blocks[0].rows) == 2
    assert model.text_of(blocks[1].c) == f"The 2 newest of {len(articles)} sources; the Sources page lists them all."
    assert indexes.sources_excerpt(articles, more=0) == (indexes.sources_table(articles),)


def test_the_site_shows_the_table_without_the_page_column(built_site: Path):
    for uri in ("sources/", ""):  # the home page shows the same table (after the topics' coverage)
        heads = [[th.get_text() for th in t.select("thead th")] for t in page(built_site, uri).select("table")]
        assert ["Date", "Article", "Author", "Publisher"] in heads
        assert not [h for h in heads if "Page" in h]
    rows = page(built_site, "sources/").select("table tbody tr")
    assert len(rows) == len(real_build().articles)
    (ally,) = [r for r in rows if r.select_one("a")["href"] == f"{ALLY}/"]
    assert [words(td.get_text()) for td in ally.select("td")] == [
        "2024-09-17", "Serbia is Not a Russian Ally", "Orhan Dragaš", "The National Interest",
    ]
    assert ally.select_one("time")["datetime"] == "2024-09-17"


def test_the_pdf_prints_the_table_with_each_sources_page(book_text: str):  # noqa: F811
    assert norm("Date Article Author Publisher Page") in book_text
    assert norm("2024-09-17 Serbia is Not a Russian Ally Orhan Dragaš The National Interest") in book_text
    assert norm("c. 2022-03 Bound to Russia: Serbia’s disruptive neutrality not stated") in book_text

"""A topic page's quote has a permalink and a copy button that copies the quote with its citation.

Built once in the page model (Quote.anchor, Quote.copy); the site shows both after the attribution,
the PDF keeps the quote and its attribution only (paper has no button). The button holds the citation
and the paragraph's address and names the quote: the quote's words are on the page once, and
docs/javascripts/quotes.js composes the copied text from them on a click (tests/test_browser.py reads
what a click copies)."""

from __future__ import annotations

import re
from pathlib import Path

from test_attribution import PUBLISHER, TITLE, first_quote
from test_pdf import book, book_text, norm  # noqa: F401 - fixtures: the real build's PDF
from test_topic_pages import page, real_build, result, words
from test_topics import ECFR

from briefing import page as model
from briefing import page_html, pdf, topic_pages


def test_the_model_holds_what_a_copy_adds_to_the_quote_its_citation_and_the_paragraph():
    q, quote = first_quote(ECFR, "sanctions")
    assert quote.anchor == f"q-{ECFR}-p2"
    assert quote.copy == model.QuoteCopy(f"{TITLE}, {PUBLISHER}, c. March 2022, ¶ 2", f"sources/{ECFR}.md", "p-2")
    # The words it copies are the quote's own, held once.
    assert model.text_of(quote.c[0].c) == q.text


def test_footnote_markers_the_copy_leaves_out_are_the_ones_marked_as_notes():
    article = next(a for a in real_build().articles if a.meta.title == TITLE)
    from briefing.model import Quote

    q = Quote("sanctions", article.slug, 2, "Serbia voted [1] against it [99] twice.")
    qid = f"q-{article.slug}-p2"
    html = page_html.blocks((model.Quote(
        (model.Para(topic_pages.quote_words(q, frozenset({"1"}), qid)),), ("by",), anchor=qid, copy=topic_pages.quote_copy(article, q),
    ),), "topics/sanctions.md")
    # A marker whose note exists is a note marker (sup.quote-fnref, which quotes.js leaves out of the
    # copy); one with no note is text, copied as written.
    quote = re.search(rf'<p class="topic-quote" id="{qid}">(.*?)</p>', html).group(1)
    assert re.findall(r'<sup class="quote-fnref">.*?</sup>', quote) == [f'<sup class="quote-fnref"><a class="footnote-ref" href="#{qid}-fn-1">1</a></sup>']
    assert words(re.sub(r'<sup class="quote-fnref">.*?</sup>', "", quote)) == "Serbia voted against it [99] twice."


def test_a_quote_with_hostile_words_or_citation_is_copied_as_text():
    hostile = '<script>alert("x")</script> & {{ t }}'
    html = page_html.blocks((model.Quote(
        (model.Para((model.Prose(hostile),)),), ("by",), anchor="q-a-p1",
        copy=model.QuoteCopy(hostile + ", ¶ 1", "sources/a.md", "p-1"),
    ),), "topics/t.md")
    assert "<script>" not in html
    escaped = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; {{ t }}"
    assert f'<p class="topic-quote" id="q-a-p1">{escaped}</p>' in html
    assert f'data-citation="{escaped}, ¶ 1"' in html
    assert 'data-clipboard-target="#q-a-p1" data-href="../sources/a.md#p-1"' in html
    # The words are on the page once: the button does not carry them.
    assert html.count(escaped) == 2 and "data-clipboard-text" not in html


def test_a_quote_without_an_anchor_has_no_button_it_could_not_name_its_words():
    html = page_html.blocks((model.Quote(
        (model.Para(("x",)),), ("by",), copy=model.QuoteCopy("T, ¶ 1", "sources/a.md", "p-1"),
    ),), "topics/t.md")
    assert "<button" not in html and "quote-tools" not in html


def test_the_site_shows_a_permalink_and_a_copy_button_after_the_attribution(built_site: Path):
    html = page(built_site, "topics/sanctions/")
    quote = html.find(id=f"q-{ECFR}-p2")
    attribution = quote.parent.find_next_sibling("p")
    permalink = attribution.select_one("a.quote-permalink")
    assert permalink["href"] == f"#q-{ECFR}-p2" and permalink.get_text() == "permalink"
    button = attribution.select_one("button.md-clipboard.quote-copy")
    # The paragraph's address, resolved to the site's URL like any link (and anchor-checked by --strict);
    # docs/javascripts/quotes.js adds it to the copied text, absolute, after the quote's words and the citation.
    assert button["data-href"] == f"../../sources/{ECFR}/#p-2"
    assert button["data-clipboard-target"] == f"#q-{ECFR}-p2"
    assert button["data-citation"] == f"{TITLE}, {PUBLISHER}, c. March 2022, ¶ 2"
    # Every quote on every topic page has both, and its button names the quote and holds its citation,
    # never the quote's words again.
    for topic in ("sanctions", "kosovo", "arms", "energy"):
        doc = page(built_site, f"topics/{topic}/")
        quotes = doc.select("blockquote > p.topic-quote")
        assert quotes
        for p in quotes:
            attribution = p.parent.find_next_sibling("p")
            tools = attribution.select_one(".quote-tools")
            assert tools.select_one("a.quote-permalink")["href"] == "#" + p["id"]
            button = tools.select_one("button.quote-copy")
            assert set(button.attrs) == {"class", "type", "title", "data-clipboard-target", "data-href", "data-citation"}
            assert button["data-clipboard-target"] == "#" + p["id"]
            # The citation is what the attribution line says before " · ", as shown (the title in italics).
            assert words(attribution.get_text()).startswith(f"— {button['data-citation']}")
            quoted = words(p.get_text())
            assert quoted[:40] not in str(tools) and quoted[-40:] not in str(tools)
        assert str(doc).count(words(quotes[0].get_text())[:60]) == 1
    assert (built_site / "javascripts" / "quotes.js").is_file()
    assert 'src="../../javascripts/quotes.js"' in str(html)


def test_the_search_index_leaves_the_tools_out(built_site: Path):
    import json

    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    topic = " ".join(d["text"] for d in index["docs"] if d["location"].startswith("topics/sanctions/"))
    assert "Bound to Russia" in topic and "permalink" not in topic


def test_the_pdf_keeps_the_quote_without_the_web_tools(book_text: str):  # noqa: F811
    data = pdf.book(real_build(), pdf.settings_from_config(Path(__file__).resolve().parents[1]))
    quotes = [b for p in data["pages"] for b in p["blocks"] if b["t"] == "quote" and b["anchor"] == f"topics/sanctions.md#q-{ECFR}-p2"]
    assert quotes and set(quotes[0]) == {"t", "by", "c", "anchor"}
    assert "permalink" not in book_text


# --- Arriving from a quote marks the quoted sentences ---------------------------------------------


def test_the_paragraph_link_carries_the_words_that_find_the_quote():
    q, quote = first_quote(ECFR, "sanctions")
    link = quote.by[2]
    assert (link.uri, link.frag) == (f"sources/{ECFR}.md", "p-2")
    # A long passage: its first and last five words, as the original's text fragment has them.
    assert link.mark == ("Taken in isolation, the council’s", "have refused to do so.")
    assert q.text.startswith(link.mark[0]) and q.text.endswith(link.mark[1])
    assert topic_pages.text_fragment(q.text).startswith(":~:text=Taken%20in%20isolation%2C")
    # A short one: all of it; footnote markers are never part of the words.
    assert topic_pages.quote_mark("Serbia voted no.") == ("Serbia voted no.",)
    assert topic_pages.quote_mark("One two three four five six [3] seven eight nine ten eleven twelve") == (
        "One two three four five", "eight nine ten eleven twelve")


def test_the_html_writer_puts_the_words_in_the_query_each_part_encoded():
    link = model.Link("sources/a.md", "p-2", ("¶ 2",), ("a, b & <c>", "d?#e"))
    assert page_html.inlines((link,), "topics/t.md") == (
        '<a href="../sources/a.md?mark=a%2C%20b%20%26%20%3Cc%3E,d%3F%23e#p-2">¶ 2</a>'
    )


def test_a_link_with_a_query_is_resolved_and_its_anchor_checked():
    from briefing import handover

    html, links = handover.resolve_links(
        '<a href="../sources/a.md?mark=x%2Cy,z#p-2">¶ 2</a>', "topics/t.md", lambda target, href: "../../sources/a/"
    )
    assert html == '<a href="../../sources/a/?mark=x%2Cy,z#p-2">¶ 2</a>'
    assert [(link.target, link.fragment) for link in links] == [("sources/a.md", "p-2")]


def test_the_site_links_each_quote_to_its_paragraph_with_the_words_to_mark(built_site: Path):
    from urllib.parse import unquote, urlsplit

    html = page(built_site, "topics/sanctions/")
    for p in html.select("blockquote > p.topic-quote"):
        link = p.parent.find_next_sibling("p").find("a", string=lambda s: s and s.startswith("¶ "))
        parts = urlsplit(link["href"])
        assert parts.query.startswith("mark=") and parts.fragment.startswith("p-")
        quoted = words(p.get_text())
        for part in parts.query.removeprefix("mark=").split(","):
            assert unquote(part) in quoted
        target = page(built_site, f"sources/{parts.path.split('/')[-2]}/").find(id=parts.fragment)
        assert unquote(parts.query.removeprefix("mark=").split(",")[0]) in words(target.get_text())


# --- A quote's footnote markers show their notes on the topic page --------------------------------

TIES = "how-strong-are-ties-between-serbia-and-russia"
IBIDEM_REPEATS = "Balkan Insight, Serbia Backs Russia Over UN Resolution On Crimes, 10 December 2019, Maja Zivanovic"


def _ties_quote(topic: str, paragraph: int) -> model.Quote:
    article = next(a for a in real_build().articles if a.slug == TIES)
    quotes = topic_pages.quotes_by_source(result(topic))(TIES)
    blocks = topic_pages.section_blocks(article, list(zip(quotes, topic_pages.source_quote_ids(quotes))))
    return next(b for b in blocks if isinstance(b, model.Quote) and b.anchor == f"q-{TIES}-p{paragraph}")


def test_an_ibid_note_repeats_the_nearest_note_before_it_that_is_not_one():
    from briefing import footnotes

    notes = [("1", "Smith, A book."), ("2", "Ibid."), ("3", " ibidem "), ("4", "Idem"), ("5", "Ibid., p. 4"), ("6", "Id.")]
    assert footnotes.repeats(notes) == {"2": "1", "3": "1", "4": "1", "6": "5"}
    assert footnotes.repeats([("1", "Ibid.")]) == {}  # a first note repeats nothing


def test_the_model_shows_a_quotes_notes_with_it_and_an_ibidem_names_the_note_it_repeats():
    quote = _ties_quote("sanctions", 3)
    ref = next(x for x in quote.c[0].c if isinstance(x, model.FootnoteRef))
    assert ref == model.FootnoteRef(f"sources/{TIES}.md", "3", f"q-{TIES}-p3-fn-3")
    (note,) = quote.notes
    assert note.anchor == ref.here and note.number == "3"
    assert model.text_of(note.c) == f"Ibidem — repeats note 2: {IBIDEM_REPEATS} · the note in the source"
    assert model.Link(f"sources/{TIES}.md", "fn:3", ("the note in the source",)) in note.c
    assert model.text_of(note.c, "print").endswith("the note in the source, page ")  # and its page number
    # A quote without markers has no notes.
    assert first_quote(ECFR, "sanctions")[1].notes == ()


def test_the_site_shows_the_note_under_the_quote_and_the_marker_leads_there(built_site: Path):
    html = page(built_site, "topics/sanctions/")
    quote = html.find(id=f"q-{TIES}-p3")
    marker = quote.select_one("sup a.footnote-ref")  # Material's footnote tooltip serves .footnote-ref
    assert marker.get_text() == "3" and marker["href"] == f"#q-{TIES}-p3-fn-3"
    notes = quote.parent.find_next_sibling("p").find_next_sibling("ol")
    assert "quote-notes" in notes["class"]
    note = notes.find(id=f"q-{TIES}-p3-fn-3")
    assert note["value"] == "3"
    assert words(note.get_text()) == f"Ibidem — repeats note 2: {IBIDEM_REPEATS} · the note in the source"
    assert note.find("a")["href"] == f"../../sources/{TIES}/#fn:3"
    # Every marker in a quote leads to a note on the same page.
    for topic in ("sanctions", "arms", "kosovo", "energy"):
        doc = page(built_site, f"topics/{topic}/")
        for a in doc.select("p.topic-quote sup a"):
            assert a["href"].startswith("#") and doc.find(id=a["href"][1:]) is not None


def test_the_pdf_prints_the_note_after_the_quote(book_text: str):  # noqa: F811
    data = pdf.book(real_build(), pdf.settings_from_config(Path(__file__).resolve().parents[1]))
    blocks = [b for p in data["pages"] for b in p["blocks"]]
    k = next(i for i, b in enumerate(blocks) if b["t"] == "quote" and b["anchor"] == f"topics/sanctions.md#q-{TIES}-p3")
    notes = blocks[k + 1]
    assert notes["style"] == "notes" and notes["items"][0]["n"] == 3
    assert notes["items"][0]["anchor"] == f"topics/sanctions.md#q-{TIES}-p3-fn-3"
    marker = next(x for x in blocks[k]["c"][0]["c"] if isinstance(x, dict) and x["t"] == "sup")
    assert marker["c"][0] == {"t": "link", "to": f"topics/sanctions.md#q-{TIES}-p3-fn-3", "c": ["3"]}
    assert norm(f"Ibidem — repeats note 2: {IBIDEM_REPEATS}") in book_text
    assert re.search(re.escape(norm(f"{IBIDEM_REPEATS} · the note in the source, page ")) + r"\d+", book_text)


def test_search_text_leaves_out_marked_elements_only_and_in_one_pass():
    import time

    from briefing import handover

    html = ('<h1 id="t">T</h1>\n<p>kept data-search-exclude as words</p>\n'
            '<p class="a">quote<span class="quote-tools" data-search-exclude> · <a href="#q">permalink</a></span></p>\n'
            '<ol class="quote-notes" data-search-exclude>\n<li><p>note</p></li>\n</ol>\n<p>after</p>\n')
    (section,) = handover.search_sections(html, "T")
    assert section.text == "<p>kept data-search-exclude as words</p> <p>quote</p> <p>after</p>"
    # A topic page of many sources holds one such element per quote: the time grows with the page, not its square.
    many = html * 20_000
    began = time.perf_counter()
    handover.search_sections(many, "T")
    assert time.perf_counter() - began < 2.0

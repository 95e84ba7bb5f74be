"""A source's page is built once as the page model (source_parts.page_blocks): its facts, the notes
about its capture and its numbered text with note markers. The site and the PDF write the same
blocks, so each is asserted here on the model, on the built page and on the PDF's text."""

from __future__ import annotations

from pathlib import Path

import pypdf
from test_pdf import body_text, book, norm, pages_of  # noqa: F401 - fixtures: the real build's PDF
from test_topic_pages import page, real_build, words
from test_topics import ALLY, BLOG, MIKOVIC

from briefing import page as model
from briefing import footnotes, source_parts

TRUNCATED = "Truncated: this capture ends before the published article does."
ALLY_URL = "https://nationalinterest.org/feature/serbia-not-russian-ally-212774"


def article(slug: str):
    return next(a for a in real_build().articles if a.slug == slug)


def blocks(slug: str) -> tuple[model.Block, ...]:
    return source_parts.page_blocks(article(slug))


def facts(slug: str) -> dict[str, model.Fact]:
    (f,) = [b for b in blocks(slug) if isinstance(b, model.Facts)]
    return {x.label: x for x in f.items}


def with_markers_read(text: str) -> str:
    """A paragraph as read with its note markers ("… the EU.[3]") set as the note's number."""
    return footnotes.MARKER.sub(r"\1", text)


def pdf_words(book: pypdf.PdfReader, slug: str) -> str:  # noqa: F811
    """What a reader reads on the source's own pages of the PDF."""
    return norm("".join(body_text(book.pages[i]) for i in pages_of(book, article(slug).meta.title)))


# -- the model -------------------------------------------------------------------------------------


def test_the_model_gives_the_facts_in_order_and_says_what_is_not_stated():
    ally, blog = facts(ALLY), facts(BLOG)
    assert list(ally) == ["Author", "Publisher", "Date", "Original", "Capture fingerprint"]
    assert model.text_of(ally["Author"].c) == "Orhan Dragaš"
    assert ally["Date"].c == (model.Time("2024-09-17", ("17 September 2024",)),)
    assert model.text_of(ally["Original"].c) == f"{ALLY_URL} (Internet Archive copy)"
    sha = article(ALLY).meta.capture_sha256
    assert model.text_of(ally["Capture fingerprint"].c, "web") == model.text_of(ally["Capture fingerprint"].c, "print") == f"sha256 {sha}"
    # The blog states none of them: each fact says so, none is guessed.
    assert [model.text_of(blog[k].c) for k in ("Author", "Publisher", "Date", "Original")] == ["not stated"] * 3 + ["not known"]


def test_the_model_notes_a_truncated_capture_first_then_the_notes_of_its_front_matter():
    (box,) = [b for b in blocks(ALLY) if isinstance(b, model.Box) and b.style == "capture-notes"]
    assert model.text_of(box.title) == "About this capture"
    items = [model.text_of(i.blocks[0].c) for i in box.c[0].items]
    assert items == [TRUNCATED, *article(ALLY).meta.notes]
    assert not [b for b in blocks(MIKOVIC) if isinstance(b, model.Box) and b.style == "capture-notes"]  # no notes, whole


def test_the_model_numbers_every_paragraph_and_links_each_note_marker_to_its_note_and_back():
    a = article(BLOG)
    (body,) = [b for b in blocks(BLOG) if isinstance(b, model.Group) and b.style == "briefing-body"]
    numbered = [b for b in body.c if isinstance(b, model.Numbered)]
    assert [b.n for b in numbered] == [p.n for p in a.cleaned.body] == list(range(1, len(a.cleaned.body) + 1))
    # A paragraph without a marker reads as the cleaned text, word for word.
    plain = [(b, p) for b, p in zip(numbered, a.cleaned.body) if "[" not in p.text]
    assert plain and all(model.text_of(b.c) == p.text for b, p in plain)
    marks = [x for b in numbered for x in b.c if isinstance(x, model.NoteMark)]
    assert marks[0] == model.NoteMark("1", "fnref:1")
    # Every marker's anchor is where a link back from its note leads.
    (notes,) = [b for b in blocks(BLOG) if isinstance(b, model.Footnotes)]
    back = {x.id for f in notes.items for x in f.c if isinstance(x, model.BackRef)}
    assert {m.id for m in marks} == back
    # A marker reads as its note's number where the text had "[1]"; the words around it are the text's.
    first = next(b for b in numbered if marks[0] in b.c)
    source = next(p.text for p in a.cleaned.body if p.n == first.n)
    assert model.text_of(first.c) == with_markers_read(source)


# -- the site --------------------------------------------------------------------------------------


def test_the_site_shows_the_facts_as_a_byline_and_the_capture_notes_in_a_box(built_site: Path):
    html = page(built_site, f"sources/{ALLY}/")
    spans = html.select("p.byline > span")
    assert [s.select_one(".byline-label").get_text() for s in spans] == list(facts(ALLY))
    assert words(html.select_one(".byline-date").get_text()) == "Date 17 September 2024"
    assert html.select_one(".byline-date time")["datetime"] == "2024-09-17"
    assert html.select_one(".byline-original a.original-link")["href"] == ALLY_URL
    box = html.select_one(".admonition.capture-notes")
    assert box.select_one(".admonition-title").get_text() == "About this capture"
    assert [words(li.get_text()) for li in box.select("li")] == [TRUNCATED, *(words(n) for n in article(ALLY).meta.notes)]
    blog = page(built_site, f"sources/{BLOG}/")
    assert [words(s.get_text()) for s in blog.select("p.byline > span")][:4] == [
        "Author not stated", "Publisher not stated", "Date not stated", "Original not known",
    ]


def test_the_site_numbers_the_paragraphs_and_links_a_marker_to_its_note_and_back(built_site: Path):
    html = page(built_site, f"sources/{BLOG}/")
    paras = html.select(".briefing-body p.para")
    assert [p["id"] for p in paras] == [f"p-{p.n}" for p in article(BLOG).cleaned.body]
    assert html.select_one("sup#fnref\\:1 a.footnote-ref")["href"] == "#fn:1"
    assert html.select_one("#fn\\:1 a.footnote-backref")["href"] == "#fnref:1"


# -- the PDF ---------------------------------------------------------------------------------------


def test_the_pdf_prints_the_same_facts_and_capture_notes(book: pypdf.PdfReader):  # noqa: F811
    own = pdf_words(book, ALLY)
    # The facts table prints its labels in capitals, each before its value.
    assert norm("AUTHOR Orhan Dragaš PUBLISHER The National Interest DATE 17 September 2024") in own
    assert norm(f"ORIGINAL {ALLY_URL} (Internet Archive copy)") in own
    assert norm("About this capture • " + TRUNCATED) in own  # a list, each item after its bullet
    blog = pdf_words(book, BLOG)
    assert norm("AUTHOR not stated PUBLISHER not stated DATE not stated ORIGINAL not known") in blog


def test_the_pdf_prints_each_paragraph_with_its_note_markers(book: pypdf.PdfReader):  # noqa: F811
    a = article(BLOG)
    own = pdf_words(book, BLOG)
    first = next(p for p in a.cleaned.body if "[1]" in p.text)
    assert norm(with_markers_read(first.text)) in own
    assert norm(a.cleaned.footnotes[0].text) in own

"""A hand-written page in the book: its HTML converted into the page model (pdf_markup), then written
by page_typst like every generated page; the model's new nodes written for the site too."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pypdf
import pytest
from conftest import ROOT

from briefing import page as m
from briefing import page_html, page_typst, pdf, pdf_markup, pipeline

# A small page as Markdown makes it: a title, a line break, a superscript, an anchor of its own,
# a rule, a table, a list numbered from 3 and one of bullets, a link to the anchor.
PAGE = """<h1 id="the-page">The page</h1>
<p>Line one<br>
line two, x<sup>2</sup> and <a id="here"></a>a place, see https://example.org/a.</p>
<hr>
<h2 id="numbers">Numbers</h2>
<table>
<thead><tr><th>Name</th><th>Value</th></tr></thead>
<tbody><tr><td>one</td><td><a href="#here">back</a></td></tr></tbody>
</table>
<ol start="3"><li id="third">three</li><li>four</li></ol>
<ul><li><em>a</em></li></ul>
"""

MODEL = (
    m.Anchor("the-page"),  # the title's id: the book prints the title as the page's own heading
    m.Para((
        "Line one", m.Break(), " line two, x", m.Sup(("2",)), " and ", m.Anchor("here"), "a place, see ",
        m.Url("https://example.org/a", ("https://example.org/a",)), ".",
    )),
    m.Rule(),
    m.Heading(2, ("Numbers",), anchor="numbers"),
    m.Table(
        (m.Column(("Name",), width=None), m.Column(("Value",), width=None)),
        ((("one",), (m.Link("guide/page.md", "here", ("back",)),)),),
    ),
    m.NumberedList((m.Item((m.Para(("three",)),), anchor="third"), m.Item((m.Para(("four",)),))), start=3),
    m.BulletList((m.Item((m.Para((m.Em(("a",)),)),)),)),
)


def _written(blocks: tuple[m.Block, ...]) -> tuple[list, list[str]]:
    labels: list[str] = []

    def anchor(uri: str, frag: str) -> str:
        labels.append(f"{uri}#{frag}")
        return f"{uri}#{frag}"

    return page_typst.Writer("guide/page.md", anchor, level=1).blocks(blocks), labels


def test_a_hand_written_page_converts_into_the_page_model() -> None:
    conv = pdf_markup.PageConverter("guide/page.md")
    assert conv.convert(PAGE) == MODEL
    assert conv.title == "The page"
    assert conv.anchors == ["the-page", "here", "numbers", "third"]


def test_its_model_writes_the_print_data_briefing_typ_prints() -> None:
    data, labels = _written(pdf_markup.PageConverter("guide/page.md").convert(PAGE))
    assert data == [
        {"t": "anchor", "anchor": "guide/page.md#the-page"},
        {"t": "par", "c": [
            "Line one", {"t": "br"}, " line two, x", {"t": "sup", "c": ["2"]}, " and ",
            {"t": "anchor", "anchor": "guide/page.md#here"}, "a place, see ",
            {"t": "url", "href": "https://example.org/a", "c": ["https://example.org/a"], "show": False}, ".",
        ]},
        {"t": "rule"},
        {"t": "heading", "level": 3, "c": ["Numbers"], "anchor": "guide/page.md#numbers"},
        # No widths chosen: briefing.typ sizes the columns by their content.
        {"t": "table", "head": [["Name"], ["Value"]], "rows": [[["one"], [{"t": "ref", "uri": "guide/page.md", "frag": "here", "c": ["back"]}]]]},
        {"t": "list", "ordered": True, "start": 3, "items": [
            {"blocks": [{"t": "par", "c": ["three"]}], "anchor": "guide/page.md#third"},
            {"blocks": [{"t": "par", "c": ["four"]}]},
        ]},
        {"t": "list", "ordered": False, "start": 1, "items": [{"blocks": [{"t": "par", "c": [{"t": "em", "c": ["a"]}]}]}]},
    ]
    # Every id the page defines is a label of the book, so links to it land.
    assert sorted(labels) == sorted(f"guide/page.md#{a}" for a in ("the-page", "here", "numbers", "third"))


def test_an_id_sits_on_its_block_or_before_it_and_the_first_of_two_wins() -> None:
    conv = pdf_markup.PageConverter("p.md")
    model = conv.convert(
        '<div id="box"><p id="inner">Words</p></div><pre id="code">x = 1\n</pre><hr id="end"><p id="inner">again</p>'
        '<table><tr><td>no</td><td>header</td></tr><tr><td>short</td></tr></table>'
    )
    assert model == (
        m.Anchor("box"), m.Para(("Words",), anchor="inner"),
        # A code block's anchor is the site's copy button's; a page's id prints before it.
        m.Anchor("code"), m.CodeBlock("x = 1\n"),
        m.Rule(anchor="end"),
        m.Para(("again",)),
        m.Table((), ((("no",), ("header",)), (("short",),))),
    )
    data, _ = _written(model)
    assert data[-1] == {"t": "table", "head": None, "rows": [[["no"], ["header"]], [["short"]]]}


def test_links_print_their_address_unless_their_words_are_it() -> None:
    html = (
        '<p><a href="https://example.org/x">the report</a> <a href="https://example.org/y">https://example.org/y</a> '
        '<a href="https://example.org/long">https://example.org/<br>long</a> <a href="mailto:a@b.org">a@b.org</a></p>'
    )
    (para,) = pdf_markup.PageConverter("p.md").convert(html)
    assert [x.print_href for x in para.c if isinstance(x, m.Url)] == [True, False, False, False]


def test_boxes_quotes_and_terms_of_a_hand_written_page() -> None:
    html = pdf_markup.markdown_to_html('!!! note "Mind this"\n    Inside.\n\n> Quoted.\n\n<dl><dt>Term</dt><dd>Meaning</dd></dl>\n')
    model = pdf_markup.PageConverter("p.md").convert(html)
    assert model == (
        m.Box("note", None, ("Mind this",), (m.Para(("Inside.",)),)),
        m.Quote((m.Para(("Quoted.",)),), ()),
        m.Para((m.Strong(("Term",)),)),
        m.Para(("Meaning",)),
    )
    data, _ = _written(model)
    assert data[:2] == [
        {"t": "box", "kind": "note", "title": ["Mind this"], "c": [{"t": "par", "c": ["Inside."]}]},
        {"t": "quote", "by": None, "c": [{"t": "par", "c": ["Quoted."]}]},  # no attribution: no "—"
    ]


def test_the_site_writer_writes_the_new_nodes_too() -> None:
    assert page_html.blocks(MODEL, "guide/page.md") == (
        '<div id="the-page"></div>\n'
        '<p>Line one<br> line two, x<sup>2</sup> and <span id="here"></span>a place, see '
        '<a href="https://example.org/a">https://example.org/a</a>.</p>\n'
        "<hr>\n"
        '<h2 id="numbers">Numbers<a class="headerlink" href="#numbers" title="Permanent link">&para;</a></h2>\n'
        "<table>\n<thead>\n<tr>\n<th>Name</th>\n<th>Value</th>\n</tr>\n</thead>\n<tbody>\n"
        '<tr>\n<td>one</td>\n<td><a href="page.md#here">back</a></td>\n</tr>\n</tbody>\n</table>\n'
        '<ol start="3">\n<li id="third">three</li>\n<li>four</li>\n</ol>\n'
        "<ul>\n<li><em>a</em></li>\n</ul>\n"
    )
    assert page_html.blocks((
        m.NumberedList((m.Item((m.Para(("x",)),), number=7),)), m.Table((), ((("a",), ("b",)),)),
        m.Box("note", None, None, (m.Quote((m.Para((m.Sub(("2",)),)),), ()),)),
    ), "p.md") == (
        '<ol>\n<li value="7">x</li>\n</ol>\n'
        "<table>\n<tbody>\n<tr>\n<td>a</td>\n<td>b</td>\n</tr>\n</tbody>\n</table>\n"
        '<div class="admonition note">\n<blockquote>\n<p><sub>2</sub></p>\n</blockquote>\n</div>\n'
    )


# -- in the book ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def guide_book(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    """The seeds' book with one more hand-written page, which links to its own anchor."""
    docs = tmp_path_factory.mktemp("docs")
    (docs / "index.md").write_text("# Home\n\nThe briefing.\n", encoding="utf-8")
    (docs / "guide.md").write_text(
        "# Guide\n\nWater is H<sub>2</sub>O; the 1<sup>st</sup> line  \nand the second.\n\n***\n\n"
        '<a id="spot"></a>Here it is.\n\n| Term | Meaning |\n|---|---|\n| ion | a charged atom |\n\n'
        "See [the spot](#spot) and [the home page](index.md).\n",
        encoding="utf-8",
    )
    settings = dataclasses.replace(pdf.settings_from_config(ROOT), docs_dir=docs, nav=[{"Home": "index.md"}, {"Guide": "guide.md"}])
    build = pipeline.build(pipeline.Settings(root=ROOT))
    data = pdf.book(build, settings, pdf.Edition(None, "Undated"))
    out = tmp_path_factory.mktemp("pdf") / "guide.pdf"
    out.write_bytes(pdf.compile_book(data, pdf.Edition(None, "Undated")))
    return data, out


def test_a_hand_written_page_links_land_on_its_anchors_in_the_book(guide_book: tuple[dict, Path]) -> None:
    data, _ = guide_book
    (guide,) = [p for p in data["pages"] if p["label"] == "guide.md"]
    text = json.dumps(guide["blocks"])
    assert '{"t": "link", "to": "guide.md#spot", "c": ["the spot"]}' in text
    assert '{"t": "link", "to": "index.md", "c": ["the home page"]}' in text
    assert '{"t": "anchor", "anchor": "guide.md#spot"}' in text


def test_a_hand_written_page_prints_its_breaks_scripts_and_table(guide_book: tuple[dict, Path]) -> None:
    _, out = guide_book
    r = pypdf.PdfReader(out)
    page = next(p for p in r.pages if "Water is H" in p.extract_text())
    text = page.extract_text()
    assert "Water is H2O" in " ".join(text.split())
    assert "1st line\n" in text and "and the second." in text  # the break starts a new line
    assert "Term" in text and "a charged atom" in text
    # The link to the anchor jumps within the page.
    assert any(
        a.get_object().get("/Subtype") == "/Link" and "/Dest" in a.get_object() for a in page.get("/Annots", [])
    )

"""The page model and its two writers: each node written for the site and for the book."""

from briefing import page as m
from briefing import page_html, page_typst


def _writer(pages=True):
    labels = []

    def anchor(uri, frag):
        labels.append(f"{uri}#{frag}")
        return f"{uri}#{frag}"

    return page_typst.Writer("topics/t.md", anchor, level=1, pages=pages), labels


QUOTE = m.Quote(
    (m.Para((m.Prose("<script>x</script> see https://example.org/a."), m.FootnoteRef("sources/s.md", "2"))),),
    (m.Em(("A & B",)), ", ", m.Link("sources/s.md", "p-3", ("¶ 3",)),
     m.Only("web", (" · ", m.Url("https://example.org/a?x=1&y=2", ("in the original",)))),
     m.Only("pages", (", page ", m.PageRef("sources/s.md#p-3")))),
    anchor="q-s-p3",
)


def test_html_writer_escapes_text_makes_links_relative_and_leaves_print_out():
    assert page_html.blocks((QUOTE,), "topics/t.md") == (
        '<blockquote>\n<p class="topic-quote" id="q-s-p3">&lt;script&gt;x&lt;/script&gt; see https://example.org/a.'
        '<sup class="quote-fnref"><a href="../sources/s.md#fn:2">2</a></sup></p>\n</blockquote>\n'
        '<p class="quote-attribution">— <em>A &amp; B</em>, <a href="../sources/s.md#p-3">¶ 3</a> · '
        '<a href="https://example.org/a?x=1&amp;y=2">in the original</a><span class="quote-tools" data-search-exclude> · '
        '<a class="quote-permalink" href="#q-s-p3" title="Permanent link to this quote">permalink</a></span></p>\n'
    )


def test_typst_writer_labels_anchors_links_addresses_and_drops_web_only():
    writer, labels = _writer()
    assert writer.blocks((QUOTE,)) == [{
        "t": "quote",
        "anchor": "topics/t.md#q-s-p3",
        "by": [{"t": "em", "c": ["A & B"]}, ", ", {"t": "ref", "uri": "sources/s.md", "frag": "p-3", "c": ["¶ 3"]},
               ", page ", {"t": "pageref", "to": "sources/s.md#p-3"}],
        "c": [{"t": "par", "c": [
            "<script>x</script> see ", {"t": "url", "href": "https://example.org/a", "c": ["https://example.org/a"], "show": False}, ".",
            {"t": "sup", "c": [{"t": "ref", "uri": "sources/s.md", "frag": "fn:2", "c": ["2"]}]},
        ]}],
    }]
    assert labels == ["topics/t.md#q-s-p3"]


def test_a_book_without_the_named_pages_leaves_page_numbers_out():
    writer, _ = _writer(pages=False)
    assert writer.block(QUOTE)["by"] == [{"t": "em", "c": ["A & B"]}, ", ", {"t": "ref", "uri": "sources/s.md", "frag": "p-3", "c": ["¶ 3"]}]


def test_heading_levels_nest_in_the_book_and_carry_the_permalink_on_the_site():
    h = m.Heading(2, (m.Link("sources/s.md", None, ("T <i>",)),), anchor="src-s")
    assert page_html.blocks((h,), "topics/t.md") == (
        '<h2 id="src-s"><a href="../sources/s.md">T &lt;i&gt;</a><a class="headerlink" href="#src-s" title="Permanent link">&para;</a></h2>\n'
    )
    writer, _ = _writer()
    assert writer.block(h) == {"t": "heading", "level": 3, "anchor": "topics/t.md#src-s",
                               "c": [{"t": "ref", "uri": "sources/s.md", "frag": None, "c": ["T <i>"]}]}


def test_blocks_of_one_medium_are_left_out_of_the_other():
    only = (m.Only("web", (m.Heading(2, ("Coverage",), anchor="coverage"),)), m.Only("print", (m.Para(("In print.",)),)))
    assert page_html.blocks(only, "topics/t.md") == (
        '<h2 id="coverage">Coverage<a class="headerlink" href="#coverage" title="Permanent link">&para;</a></h2>\n'
    )
    writer, labels = _writer()
    assert writer.blocks(only) == [{"t": "par", "c": ["In print."]}]
    assert labels == []


def test_a_table_sets_right_aligned_columns_and_signs_and_links_on_its_own_page():
    table = m.Table((m.Column(("Source",)), m.Column(("Passages",), align="right")), (
        ((m.Link("sources/s.md", None, ("S",)),), (m.Link("", "src-s", ("2",)),)),
        (("T",), (m.Sign("—", "none", "Does not address it", "not-addressed"),)),
    ))
    assert page_html.block(table, "topics/t.md") == (
        '<table>\n<thead>\n<tr>\n<th>Source</th>\n<th style="text-align: right;">Passages</th>\n</tr>\n</thead>\n<tbody>\n'
        '<tr>\n<td><a href="../sources/s.md">S</a></td>\n<td style="text-align: right;"><a href="#src-s">2</a></td>\n</tr>\n'
        '<tr>\n<td>T</td>\n<td style="text-align: right;"><span class="not-addressed" title="Does not address it">'
        '<span aria-hidden="true">—</span><span class="visually-hidden">none</span></span></td>\n</tr>\n</tbody>\n</table>\n'
    )
    writer, _ = _writer()
    assert writer.block(table)["rows"] == [
        [[{"t": "ref", "uri": "sources/s.md", "frag": None, "c": ["S"]}], [{"t": "ref", "uri": "topics/t.md", "frag": "src-s", "c": ["2"]}]],
        [["T"], ["—"]],
    ]


def test_text_of_reads_each_medium():
    assert m.text_of(QUOTE.by, "web") == "A & B, ¶ 3 · in the original"
    assert m.text_of(QUOTE.by, "print") == "A & B, ¶ 3, page "

"""The escaping every generated page relies on: any text shows as itself and is never syntax."""

from __future__ import annotations

import html
import re

import markdown
from hypothesis import given
from hypothesis import strategies as st

from markupsafe import escape

from briefing.render import escape_text, md_escape

SYNTAX = set("\\`*_{}[]()<>#+-!|~^=:&$%@\"'")


@given(st.text(alphabet=st.sampled_from("&<>'\"a é“;#")) | st.text())
def test_escape_text_is_markupsafes_escape_as_a_string(text: str) -> None:
    # The format strings escape with escape_text (no Markup object per value): it must stay the
    # escaping markupsafe (and so Jinja, the theme's) gives, character for character.
    assert escape_text(text) == str(escape(text))
    assert html.unescape(escape_text(text)) == text


@given(st.text())
def test_escaped_text_decodes_to_itself_and_holds_no_syntax(text: str) -> None:
    escaped = str(md_escape(text))
    assert html.unescape(escaped) == text
    # What is left outside entities is plain: every syntax character is inside an entity.
    bare = re.sub(r"&#\d+;", "", escaped.replace("&amp;", ""))
    assert not (set(bare) & SYNTAX)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=200))
def test_markdown_renders_escaped_text_literally(text: str) -> None:
    rendered = markdown.markdown(f"<p>{md_escape(text)}</p>")
    assert html.unescape(rendered.removeprefix("<p>").removesuffix("</p>")) == text


def test_a_page_with_every_fact_unknown_never_prints_none() -> None:
    from briefing.pipeline import make_article
    from briefing.render import source_page
    from briefing.sources import parse_source

    text = "---\ntitle: A title\nauthor: null\npublisher: null\ndate: null\nurl: null\n---\nSerbia buys gas from Russia.\n"
    body = source_page(make_article(parse_source(text, "sources/unknown.md", "unknown"))).body
    assert "None" not in body
    assert body.count("not stated") == 3 and "not known" in body

"""The escaping every template relies on: any text shows as itself and is never syntax."""

from __future__ import annotations

import html
import re

import markdown
from hypothesis import given
from hypothesis import strategies as st

from briefing.render import md_escape

SYNTAX = set("\\`*_{}[]()<>#+-!|~^=:&$%@\"'")


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

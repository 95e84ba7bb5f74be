"""Properties: any text, bytes or front matter gives a page or a BriefingError, and never live markup."""

from __future__ import annotations

import datetime as dt
import importlib
from functools import lru_cache

import markdown
import pytest
import yaml
from conftest import ROOT
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from htmlcheck import live_markup
from mkdocs.utils.meta import get_data

from briefing import render
from briefing.model import Page, fixed
from briefing.errors import BriefingError
from briefing.pipeline import make_article
from briefing.sources import OPTIONAL, REQUIRED, decode, parse_source

# Pieces of markup, script, template and Markdown syntax, glued between ordinary words.
HOSTILE = st.sampled_from(
    [
        "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>", "javascript:alert(1)",
        "[a](javascript:alert(1))", "<javascript:alert(1)>", "[x]: javascript:alert(1)", "![i](javascript:alert(1))",
        "{{ 7*7 }}", "{% if 1 %}x{% endif %}", "{# c #}", "<!-- briefing:source-count -->", "{: onclick=alert(1) }",
        "{ #id onclick=alert(1) }", "&lt;script&gt;", "&#60;script&#62;", "&#x3C;", "</p>", "</div>", "<div markdown=\"1\">",
        "<", ">", "&", '"', "'", "`", "```", "*", "_", "**", "~~", "==", "^^", "[1]", " [2]", "[", "]", "(", ")", "#",
        "|", "!", "??? note", "!!! warning", "\\", "-->", "<![CDATA[", "]]>", "---", "\n", "\n\n", "    ", "\t",
        "\r", "\u2028", "\x00", "\x1b[31m", "\u200b", "\ufeff", "Serbia", "Kosovo", "gas", "Title Case Heading",
        "By Jane Doe", "About the author", "https://example.org/a", "[1] A note.", "Further reading",
    ]
)
WORDS = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
TEXT = st.lists(st.one_of(HOSTILE, WORDS), max_size=30).map("".join)
LINES = st.lists(st.one_of(HOSTILE, WORDS, TEXT), max_size=12).map("\n".join)
NONBLANK = TEXT.filter(lambda t: bool(t.strip()))
URLS = st.sampled_from(
    [None, "https://example.org/a", 'https://example.org/?q="><script>alert(1)</script>', "http://x.example/{{7*7}}"]
)
# A source's publication facts, as hostile as its text.
FACTS = dict(
    title=NONBLANK,
    author=st.none() | NONBLANK | st.lists(NONBLANK, min_size=1, max_size=3),
    publisher=st.none() | NONBLANK,
    date=st.none() | st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)).map(str),
    url=URLS,
)
YAML_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT | st.dates().map(str),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(WORDS, inner, max_size=3),
    max_leaves=8,
)
FIELDS = st.sampled_from(REQUIRED + OPTIONAL) | WORDS


class _Loader(yaml.SafeLoader):
    """mkdocs.yml may name Python objects (``!!python/name:``); import them as MkDocs would."""


_Loader.add_constructor("!ENV", lambda loader, node: None)  # site_url: set only by the deploy workflow
_Loader.add_multi_constructor(
    "tag:yaml.org,2002:python/name:",
    lambda loader, suffix, node: getattr(importlib.import_module(suffix.rpartition(".")[0]), suffix.rpartition(".")[2]),
)


@lru_cache(maxsize=1)
def _markdown_settings() -> tuple[list, dict]:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506
    extensions, configs = ["toc", "tables", "fenced_code"], {}  # MkDocs always adds these three
    for item in config.get("markdown_extensions", []):
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        extensions.append(name)
        if options:
            configs[name] = options
    return extensions, configs


def to_html(page) -> tuple[str, dict]:
    """What a generated page gives a reader: the site hands its HTML body and meta to the theme as they
    are; written out as a file (``python -m briefing generate``), it must read back as the same page
    through Markdown and its front matter."""
    body, meta = get_data(page.content)
    extensions, configs = _markdown_settings()
    converted = markdown.Markdown(extensions=extensions, extension_configs=configs).convert(body)
    assert meta == dict(page.meta)
    assert live_markup(converted) == [], converted
    return page.body, dict(page.meta)


def file_text(front: object, body: str) -> str:
    return "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + body


def assert_safe_page(text: str) -> None:
    """Load, clean, render and convert; a BriefingError is fine, live markup is not."""
    try:
        source = parse_source(text, "sources/prop.md", "prop")
    except BriefingError as exc:
        assert exc.problems and all(p and "\n" not in p for p in exc.problems)
        return
    page = render.source_page(make_article(source))
    html, meta = to_html(page)
    assert live_markup(html) == [], html
    # Material prints page.title (nav, <title>) without escaping it.
    assert live_markup(str(meta.get("title", ""))) == [] and "<" not in str(meta.get("title", ""))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(LINES, st.text(), TEXT.map(lambda t: "---\n" + t + "\n---\n" + t)))
def test_any_text_loads_or_gives_briefing_errors(text: str) -> None:
    assert_safe_page(text)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200) | LINES.map(lambda t: t.encode("utf-8")) | LINES.map(lambda t: t.encode("cp1252", "ignore")))
def test_any_bytes_decode_or_give_briefing_errors(data: bytes) -> None:
    try:
        text = decode(data, "sources/prop.md")
    except BriefingError as exc:
        assert len(exc.problems) == 1 and "\n" not in exc.problems[0]
        return
    assert_safe_page(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(FIELDS, YAML_VALUES, max_size=9) | YAML_VALUES, LINES)
def test_any_front_matter_loads_or_gives_briefing_errors(front: object, body: str) -> None:
    assert_safe_page(file_text(front, body))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    **FACTS,
    notes=st.lists(NONBLANK, max_size=3),
    body=LINES,
)
def test_hostile_front_matter_and_text_render_as_text(title, author, publisher, date, url, notes, body) -> None:
    front = {"title": title, "author": author, "publisher": publisher, "date": date, "url": url, "notes": notes}
    text = file_text(front, body + "\nSerbia buys gas from Russia, and says so in a plain sentence.\n")
    try:
        source = parse_source(text, "sources/prop.md", "prop")
    except BriefingError:
        assume(False)  # e.g. a title of invisible characters only; the property is about what renders
        raise
    page = render.source_page(make_article(source))
    html, meta = to_html(page)
    assert live_markup(html) == [], html
    assert "<" not in meta["title"] and live_markup(meta["title"]) == []


@pytest.mark.parametrize(
    "front",
    [
        "a: &a [x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
        "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ntitle: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n",
        "title: " + "[" * 50_000 + "]" * 50_000 + "\n",
        "title: &r [*r]\n",
        "? [a, b]\n: x\n1: y\nnull: z\n",
    ],
    ids=["alias bomb", "deep nesting", "recursive alias", "odd keys"],
)
def test_pathological_yaml_gives_briefing_errors(front: str) -> None:
    with pytest.raises(BriefingError) as info:
        parse_source(f"---\n{front}---\nText.\n", "sources/prop.md", "prop")
    assert all(len(p) < 400 and "\n" not in p for p in info.value.problems)


def test_control_characters_in_front_matter_cannot_break_the_page_open() -> None:
    # A DEL in the title once made the page's front matter unreadable to MkDocs, which then printed
    # it as Markdown, unescaped citation JSON and its <script> included.
    front = {"title": "Bad\x7f title", "author": "A\x9dB", "publisher": None, "date": None,
             "url": 'https://example.org/?q="><script>alert(1)</script>'}
    source = parse_source(file_text(front, "Serbia buys gas from Russia.\n"), "sources/prop.md", "prop")
    assert (source.meta.title, source.meta.authors) == ("Bad title", ("A B",))
    html, meta = to_html(render.source_page(make_article(source)))
    assert meta["title"] == "Bad title" and live_markup(html) == []


@settings(max_examples=200, deadline=None)
@given(st.text(), st.lists(st.tuples(st.text(max_size=5), st.text())))
def test_page_front_matter_reads_back_whatever_the_text(value: str, pairs: list) -> None:
    page = Page(uri="p.md", make=fixed(""), meta={"a": render.page_title(value), "b": pairs})
    _, loaded = get_data(page.content)
    assert loaded == {"a": str(render.md_escape(value)), "b": [list(p) for p in pairs]}


def test_a_control_character_in_the_standfirst_keeps_the_front_matter_readable() -> None:
    # The cleaner keeps C1 controls (a stray \x9d from a mis-saved page); the standfirst goes into
    # the page's front matter as its description.
    front = {"title": "A title", "author": None, "publisher": None, "date": None,
             "url": 'https://example.org/?q="><script>alert(1)</script>'}
    body = "A title\n\nA short standfirst with a stray \x9d control.\n\nSerbia buys gas from Russia, says the body.\n"
    page = render.source_page(make_article(parse_source(file_text(front, body), "sources/prop.md", "prop")))
    assert "description:" in page.content
    html, meta = to_html(page)
    assert meta["title"] == "A title" and "stray" in meta["description"] and live_markup(html) == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(
    **FACTS,
    body=LINES,
)
def test_hostile_facts_and_quotes_render_as_text_on_every_generated_page(tmp_path_factory, title, author, publisher, date, url, body) -> None:
    # Topic pages, their coverage rows and the indexes write a source's facts and quotes by format
    # strings (render.py, topic_pages.py): each must escape what it prints, as the templates do.
    import shutil

    from briefing import pipeline

    root = tmp_path_factory.mktemp("hostile")
    (root / "sources").mkdir()
    shutil.copy(ROOT / "topics.yml", root / "topics.yml")
    front = {"title": title, "author": author, "publisher": publisher, "date": date, "url": url}
    quoted = "\nSerbia buys gas from Russia, arms from both, and talks about Kosovo " + body.replace("\n", " ") + ".\n"
    (root / "sources" / "prop.md").write_text(file_text(front, body + quoted), encoding="utf-8")
    try:
        built = pipeline.build(pipeline.Settings(root=root))
    except BriefingError:
        assume(False)
        raise
    assume(any(r.quotes for r in built.topics))  # not when a title that repeats a line makes the sentence the standfirst
    for page in built.pages:
        if page.uri.endswith(".md"):
            assert live_markup(page.body) == [], (page.uri, page.body)
            assert "<" not in str(page.meta.get("title", ""))
    for name, html in built.fragments.items():
        assert live_markup(str(html)) == [], (name, html)

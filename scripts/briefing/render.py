"""Render articles into Markdown pages (HTML blocks inside), escaping every text that came from a source."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from . import footnotes
from .citations import human_date
from .model import Article, Page

TEMPLATES = Path(__file__).parent / "templates"

# Every character that Markdown, its extensions (attr_list, emoji, tables, footnotes) or HTML could
# read as syntax becomes a numeric character reference: it shows as itself and is never markup.
_MD_SPECIALS = "\\`*_{}[]()<>+-!|~^=:$%@\"'"
# "&" and "#" go first, and "&" becomes "&amp;" (no "#"), so no later replacement touches an entity
# already written. Chained str.replace is about 20x faster than str.translate with a dict here.
_HAS_SPECIAL = re.compile("[" + re.escape("&#" + _MD_SPECIALS) + "]")
_MD_REPLACEMENTS = (("&", "&amp;"), ("#", "&#35;"), *((c, f"&#{ord(c)};") for c in _MD_SPECIALS))


def md_escape(value: Any) -> Markup:
    """Escape text for Markdown and HTML alike; Markup passes through as already safe."""
    if isinstance(value, Markup):
        return value
    text = str(value)
    if not _HAS_SPECIAL.search(text):  # most printed values (numbers, slugs, short words) need nothing
        return Markup(text)
    for char, entity in _MD_REPLACEMENTS:
        if char in text:
            text = text.replace(char, entity)
    return Markup(text)


def _finalize(value: Any) -> Any:
    # Every {{ expression }} is escaped unless it is Markup built by this module.
    if value is None:
        raise ValueError("a template printed None; the pipeline must decide what 'unknown' looks like")
    return md_escape(value)


# Characters YAML refuses to read unescaped (DEL, C1 controls, non-characters) or reads as line
# breaks (NEL, U+2028, U+2029). If a page's front matter fails to parse, MkDocs renders it as
# Markdown text, unescaped JSON included, so these are written as \uXXXX escapes, which JSON and
# YAML both read back.
_YAML_UNSAFE = re.compile("[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _json_for_yaml(value: Any, **options: Any) -> Markup:
    text = json.dumps(value, ensure_ascii=False, **options)
    return Markup(_YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text))


def yaml_string(value: str) -> Markup:
    """A YAML scalar for page front matter (JSON strings are YAML), text pre-escaped for HTML."""
    return _json_for_yaml(str(md_escape(value)))


def json_data(value: Any) -> Markup:
    return _json_for_yaml(value, sort_keys=True)


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # _finalize escapes for Markdown and HTML together
        finalize=_finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["yaml"] = yaml_string
    env.filters["json"] = json_data
    env.filters["url"] = lambda v: Markup(quote(str(v), safe="/#:.-_~"))
    env.filters["human_date"] = lambda d: human_date(d) or "Date not stated"
    return env


def paragraph_html(text: str, numbers: frozenset[str], seen: dict[str, int]) -> Markup:
    """Escaped paragraph text with numbered footnote markers turned into links to their notes."""
    return Markup("".join(
        md_escape(piece) if isinstance(piece, str)
        else f'<sup id="{piece.id}"><a class="footnote-ref" href="#fn:{piece.number}">{piece.number}</a></sup>'
        for piece in footnotes.split(text, numbers, seen)
    ))


def source_page(article: Article, extra: dict[str, Any] | None = None) -> Page:
    """The cleaned, cited page of one article."""
    cleaned = article.cleaned
    numbers = frozenset(f.number for f in cleaned.footnotes)
    seen: dict[str, int] = {}
    blocks = [
        (p, paragraph_html(p.text, numbers, seen) if p.kind == "paragraph" else md_escape(p.text))
        for p in cleaned.paragraphs
    ]
    backrefs = {n: [footnotes.ref_id(n, i) for i in range(1, count + 1)] for n, count in seen.items()}
    content = environment().get_template("source.md.j2").render(
        a=article,
        meta=article.meta,
        cleaned=cleaned,
        blocks=blocks,
        backrefs=backrefs,
        extra=extra or {},
    )
    return Page(uri=f"sources/{article.slug}.md", content=content, title=article.meta.title)


def render(template: str, uri: str, title: str | None = None, **context: Any) -> Page:
    return Page(uri=uri, content=environment().get_template(template).render(**context), title=title)


def fragment(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def plain_text(article: Article, removed: bool = False) -> str:
    """The cleaned article as reviewable plain text (the golden-file format)."""
    c = article.cleaned
    out = [f"# {article.meta.title}"]
    if c.standfirst:
        out.append(f"standfirst: {c.standfirst}")
    for p in c.paragraphs:
        out.append(f"[p-{p.n}] {p.text}" if p.kind == "paragraph" else f"## {p.text}")
    out += [f"footnote [{f.number}] {f.text}" for f in c.footnotes]
    out += [f"further reading: {item}" for item in c.further_reading]
    out += [f"{n.kind}: {n.text}" for n in c.notes]
    if c.author_box.names or c.author_box.roles:
        out.append(f"author box: names={list(c.author_box.names)} roles={list(c.author_box.roles)}")
    if removed:
        out += [f"removed line {r.line} ({r.reason}): {r.text}" for r in c.removed]
    return "\n\n".join(out) + "\n"


RowMemo = Callable[[tuple, Article, Callable[[], Markup]], Markup]


def rows(template: str, memo: RowMemo | None = None, variant: tuple = (), **context: Any) -> Callable[[Article], Markup]:
    """A ``row(a)`` function for a table template: one article's row, rendered from ``template``.

    ``memo((template, *variant), article, compute)`` may return it from a cache: the caller's key
    adds the article's content, the topics and the templates, and ``variant`` whatever else the
    row depends on (link prefix, topic), so a 1,000-row table re-renders only the rows that changed.
    """
    tpl = environment().get_template(template)

    def row(a: Article) -> Markup:
        def compute() -> Markup:
            return Markup(tpl.render(a=a, **context))

        return memo((template, *variant), a, compute) if memo else compute()

    return row

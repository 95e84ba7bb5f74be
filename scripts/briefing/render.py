"""Render articles into pages of finished HTML, escaping every text that came from a source."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from markupsafe import Markup

from . import bibliography, indexes, page, page_html, source_parts
from .page_html import escape_text
from .model import Article, Page, Removed


# For page titles and descriptions, which the theme prints in many places (head, navigation, search,
# the PDF), every character that Markdown, its extensions or HTML could read as syntax becomes a
# numeric character reference: it shows as itself and is never markup, whoever reads it.
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


def source_body(article: Article, extra: dict[str, Any] | None = None) -> str:
    """The HTML of one article's cleaned, cited page: its title, the page model's blocks
    (source_parts.page_blocks, which the book prints too) and the site's table of removed lines.
    ``extra``: the paragraphs' links back to their quotes ("backlinks") and the "Quoted on" blocks."""
    extra = extra or {}
    here = f"sources/{article.slug}.md"
    title = page_html.block(page.Heading(1, (article.meta.title,), anchor="title", style="briefing-title"), here)
    blocks = source_parts.page_blocks(article, extra.get("backlinks"), extra.get("quoted_on", ()))
    return title + page_html.blocks(blocks, here) + _removed(article.cleaned.removed)


def _removed(removed: Sequence[Removed]) -> str:
    """"What the cleaner removed": every line of the capture not on the page, with the reason, so
    nothing is lost unseen. The site's alone: the book prints the article, not its capture."""
    n = len(removed)
    head = (
        '<details class="note cleaner-removed" data-search-exclude>\n'
        f"<summary>What the cleaner removed ({n} {'line' if n == 1 else 'lines'})</summary>\n"
    )
    if not removed:
        return head + "<p>Nothing: every line of the capture is article text.</p>\n</details>\n"
    # f-strings rather than a template loop: a loop evaluates and escapes each value on its own.
    rows = "".join(f"<tr><td>{int(r.line)}</td><td>{escape_text(r.reason)}</td><td>{escape_text(r.text)}</td></tr>\n" for r in removed)
    return (
        head + "<table>\n<thead><tr><th>Line</th><th>Why</th><th>Text</th></tr></thead>\n<tbody>\n"
        + rows + "</tbody>\n</table>\n</details>\n"
    )


def source_page(article: Article, extra: Callable[[], dict[str, Any]] | dict[str, Any] | None = None) -> Page:
    """The cleaned, cited page of one article; ``extra`` (or a function giving it) adds its
    "Quoted on" block, made when the body is."""

    def make() -> str:
        return source_body(article, extra() if callable(extra) else extra)

    cleaned = article.cleaned
    meta: dict[str, Any] = {"title": page_title(article.meta.title)}
    if cleaned.standfirst:
        meta["description"] = page_title(cleaned.standfirst)
    meta["citation_meta"] = [list(pair) for pair in article.citation.meta_tags]
    return Page(uri=f"sources/{article.slug}.md", make=make, title=article.meta.title, meta=meta)


def model_page(uri: str, title: str, anchor: str, blocks: Callable[[], tuple[page.Block, ...]], description: str | None = None) -> Page:
    """A page built as the page model (``blocks()``, which the book prints too) under the site's <h1>."""

    def make() -> str:
        return page_html.block(page.Heading(1, (title,), anchor=anchor), uri) + page_html.blocks(blocks(), uri)

    return Page(uri=uri, make=make, title=title, meta=front_matter(title, description))


def bibliography_page(articles: tuple[Article, ...]) -> Page:
    return model_page(bibliography.URI, "Bibliography", "bibliography", lambda: bibliography.blocks(articles))


def front_matter(title: str, description: str | None = None) -> dict[str, Any]:
    """A generated page's title and description as its front matter holds them (page_title)."""
    meta = {"title": page_title(title)}
    if description:
        meta["description"] = page_title(description)
    return meta


def page_title(text: str) -> str:
    """A title or description for the page's front matter: the theme prints it unescaped."""
    return str(md_escape(text))


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


def sources_page(articles: tuple[Article, ...]) -> Page:
    return model_page(indexes.SOURCES, "Sources", "sources", lambda: indexes.sources_blocks(articles))


def sources_excerpt(articles: tuple[Article, ...], more: int) -> str:
    """The home page's table of the newest sources (indexes.sources_excerpt)."""
    return page_html.blocks(indexes.sources_excerpt(articles, more), "index.md")

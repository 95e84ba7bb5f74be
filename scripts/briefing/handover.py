"""What a site generator needs from a generated page's HTML: its outline, its links, its search text.

Generated pages are finished HTML (see ``model.Page``), so no Markdown converter reads them and
nothing else finds their headings, resolves their links or indexes their words. These functions do
it on the HTML this package writes (one tag per heading, attributes in double quotes), far faster
than a general HTML parser, and never import MkDocs.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote

_HEADING = re.compile(r'<h([1-6])\b[^>]*?\bid="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
_TAG = re.compile(r"<[^>]*>")
_ID = re.compile(r' id="([^"]+)"')  # this package writes a space before every attribute
# A link's href, or the address a button carries in ``data-href`` (a quote's copy button: see page_html).
_HREF = re.compile(r'(<a\b[^>]*?\shref="|<button\b[^>]*?\sdata-href=")([^"]*)(")')
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_EXCLUDE = " data-search-exclude"
_SPACES = re.compile(r"\s+")
_RUNS = re.compile(" {2,}")


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    name: str  # the heading's text, HTML-escaped, without its permalink


@dataclass(frozen=True)
class SearchSection:
    """One entry of the search index: the text under a heading (``id`` None for the page's top)."""

    id: str | None
    title: str  # HTML-escaped text
    text: str  # HTML-escaped text; only <p>, <li>, <ul>, <ol>, <code>, <pre>, <sub>, <sup> kept


def _text(fragment: str) -> str:
    """Tags dropped, whitespace collapsed, entities read and only ``<``, ``>``, ``&`` escaped."""
    return html.escape(html.unescape(_SPACES.sub(" ", _TAG.sub("", fragment))).strip(), quote=False)


def headings(page_html: str) -> list[Heading]:
    """Every heading with an id, in order: the page's table of contents."""
    return [
        Heading(int(level), ident, _text(_HEADERLINK.sub("", inner)))
        for level, ident, inner in _HEADING.findall(page_html)
    ]


def anchors(page_html: str) -> set[str]:
    """Every id on the page: what a link's ``#fragment`` may point at."""
    return set(_ID.findall(page_html))


@dataclass(frozen=True)
class Link:
    target: str  # the docs file linked to, e.g. ``sources/x.md``
    fragment: str  # without "#"; "" for none
    original: str  # the href as the page wrote it


def resolve_links(page_html: str, page_uri: str, url_of: Callable[[str, str], str | None]) -> tuple[str, list[Link]]:
    """Rewrite each relative link, written to a file of the docs (``../sources/x.md#p-3``), to the
    URL ``url_of(target_uri, original_href)`` gives (None leaves the link as it is); also return
    the links that carry a ``#fragment``, for the anchor check.

    Links with a scheme (``https:``), absolute paths and links within the page (``#p-3``) are kept.
    """
    base = posixpath.dirname(page_uri)
    urls: dict[str, tuple[str, str | None]] = {}  # a page links to the same few files many times: path -> (target, url)
    with_fragment: list[Link] = []

    def one(m: re.Match[str]) -> str:
        href = m.group(2)
        if "&" in href:
            href = html.unescape(href)
        if not href or href[0] in "#/" or _SCHEME.match(href):
            return m.group(0)
        path, _, fragment = href.partition("#")
        path, _, query = path.partition("?")  # "?mark=…" (a quote's words to mark there) is kept as it is
        if path not in urls:
            target = posixpath.normpath(posixpath.join(base, unquote(path)))
            url = url_of(target, href)
            urls[path] = (target, None if url is None else html.escape(url))
        target, url = urls[path]
        if url is None:
            return m.group(0)
        if query:
            url = f"{url}?{html.escape(query)}"
        if fragment:
            with_fragment.append(Link(target, unquote(fragment), href))
            url = f"{url}#{html.escape(fragment)}"
        return m.group(1) + url + m.group(3)

    return _HREF.sub(one, page_html), with_fragment


def search_sections(page_html: str, page_title: str) -> list[SearchSection]:
    """The page split into search entries at each heading with an id, as Material's search plugin
    splits it; blocks marked ``data-search-exclude`` are left out."""
    page_html = _without_excluded(page_html)
    out: list[SearchSection] = []
    pos = 0
    current: tuple[str | None, str] | None = None
    for m in _HEADING.finditer(page_html):
        before = page_html[pos:m.start()]
        if current is not None or before.strip():
            ident, title = current or (None, page_title)
            out.append(SearchSection(ident, title, _search_text(before)))
        title = _text(_HEADERLINK.sub("", m.group(3)))
        # The first section is the page itself (no anchor), as Material has it.
        current = (m.group(2) if out else None, title or page_title)
        pos = m.end()
    ident, title = current or (None, page_title)
    out.append(SearchSection(ident, title, _search_text(page_html[pos:])))
    return out


_OTHER_TAG = re.compile(r"<(?!/?(?:p|code|pre|li|ol|ul|sub|sup)\b)[^>]*>")
# A kept tag with attributes (a bare "<p>" or "</p>" is left as it is: nothing to take out).
_KEPT_ATTRS = re.compile(r"<(/?)(p|code|pre|li|ol|ul|sub|sup)\b[^>]+>")
_EMPTY = re.compile(r"<(p|li|ul|ol|code|pre|sub|sup)>\s*</\1>")
# What markupsafe writes, and what Material's index holds instead (it escapes only <, > and &).
_QUOTES = (("&#34;", '"'), ("&#39;", "'"), ("&quot;", '"'), ("&#x27;", "'"))
_ENTITY = re.compile(r"&(?!amp;|lt;|gt;)[#a-zA-Z0-9]+;")


_OPEN_NAME = re.compile(r"<(\w+)")


def _without_excluded(page_html: str) -> str:
    """The page without its ``data-search-exclude`` elements (this package never nests one in an
    element of the same name). One pass, joining the pieces kept: a topic page has one such element
    per quote, and cutting each out of the whole page in turn took time growing with their square."""
    if _EXCLUDE not in page_html:
        return page_html
    kept: list[str] = []
    pos = look = 0
    while (at := page_html.find(_EXCLUDE, look)) >= 0:
        start = page_html.rfind("<", pos, at)
        opening = _OPEN_NAME.match(page_html, start) if start >= 0 and page_html.find(">", start, at) < 0 else None
        if opening is None:  # the words in a text (a source may say anything), not an attribute
            look = at + len(_EXCLUDE)
            continue
        name = opening.group(1)
        close = page_html.find(f"</{name}>", at)
        kept.append(page_html[pos:start])
        pos = look = len(page_html) if close < 0 else close + len(name) + 3
    kept.append(page_html[pos:])
    return "".join(kept)


def _search_text(fragment: str) -> str:
    text = _KEPT_ATTRS.sub(r"<\1\2>", _OTHER_TAG.sub("", fragment))
    for entity, char in _QUOTES:
        if entity in text:
            text = text.replace(entity, char)
    if _ENTITY.search(text):  # any other reference: read it, and escape the result as Material does
        text = _ENTITY.sub(lambda m: html.escape(html.unescape(m.group()), quote=False), text)
    # Line breaks and runs of spaces become one space (str.replace first: most pages break every line).
    text = _RUNS.sub(" ", text.replace("\n", " ").replace("\t", " ").replace("\r", " "))
    # Elements left empty (a <p> that held only a link's icon) say nothing.
    return _EMPTY.sub("", text).strip()

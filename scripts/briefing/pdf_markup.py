"""Turn a hand-written page (Markdown, or the HTML it becomes) into the PDF's print blocks, as plain data."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import unquote, urlsplit

import markdown as python_markdown

# Print blocks and inlines are JSON-ready dicts (see templates/briefing.typ for how each prints).
# Text is always a plain string: Typst prints strings as they are, so source text never becomes markup.
Block = dict[str, Any]
Inline = str | dict[str, Any]

# The Markdown extensions hand-written pages use (mkdocs.yml's list, minus what only the site needs),
# with fenced_code, which MkDocs always adds to that list: without it a fenced block came out as
# inline code that began with its language ("sh").
EXTENSIONS = ["tables", "fenced_code", "attr_list", "admonition", "md_in_html", "footnotes", "toc", "pymdownx.details"]

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_SKIP = {"script", "style", "nav", "form", "button", "input", "svg", "template", "head", "noscript"}
_BLOCK = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "div", "details", "summary",
    "pre", "blockquote", "hr", "dl", "dt", "dd", "section", "figure", "figcaption", "article", "aside",
    "header", "footer", "main",
}
_SPACE = re.compile(r"\s+")
_URL_IN_TEXT = re.compile(r"https?://[^\s<>\"'“”‘’]+")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n.*?^---[ \t]*(?:\r?\n|\Z)", re.DOTALL | re.MULTILINE)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
NO_PDF = "no-pdf"  # class of site-only content (e.g. the "Download PDF" link) the PDF leaves out


@dataclass
class _Node:
    tag: str
    attrs: dict[str, str]
    children: list[_Node | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)


class _Tree(HTMLParser):
    """A forgiving HTML tree: unclosed tags close with their parent, stray end tags are ignored."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = _Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(_Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def strip_front_matter(text: str) -> str:
    return _FRONT_MATTER.sub("", text, count=1)


def markdown_to_html(text: str) -> str:
    return python_markdown.markdown(strip_front_matter(text), extensions=EXTENSIONS, output_format="html")


def text_inlines(text: str) -> list[Inline]:
    """Plain text, with web addresses in it turned into links that print their address."""
    out: list[Inline] = []
    last = 0
    for m in _URL_IN_TEXT.finditer(text):
        url = m.group(0).rstrip(".,;:!?)]")
        if text[m.start() : m.start() + len(url)].count("(") < url.count(")"):
            url = url[:-1]
        end = m.start() + len(url)
        if m.start() > last:
            out.append(text[last : m.start()])
        out.append({"t": "url", "href": url, "c": [url], "show": False})
        last = end
    if last < len(text):
        out.append(text[last:])
    return out


@dataclass
class PageConverter:
    """Converts one page's HTML; ``uri`` is the page's path in the site (``about.md``), for its links."""

    uri: str
    anchors: list[str] = field(default_factory=list)  # every anchor label the page defines
    title: str | None = None  # the page's first <h1>, which the PDF prints as the page title

    def convert(self, html: str) -> list[Block]:
        tree = _Tree()
        tree.feed(html)
        tree.close()
        _drop_headerlinks(tree.root)
        return self.blocks(tree.root.children)

    # -- blocks ---------------------------------------------------------------------------------

    def blocks(self, children: list[_Node | str]) -> list[Block]:
        out: list[Block] = []
        run: list[_Node | str] = []

        def flush() -> None:
            inl = _trim(self.inlines(run))
            if inl:
                out.append({"t": "par", "c": inl})
            run.clear()

        for child in children:
            if isinstance(child, _Node) and (child.tag in _BLOCK or child.tag in _SKIP):
                flush()
                out.extend(self.block(child))
            else:
                run.append(child)
        flush()
        return out

    def block(self, node: _Node) -> list[Block]:
        if node.tag in _SKIP or NO_PDF in node.classes:
            return []
        anchor = self._anchor(node)
        tag = node.tag
        result: list[Block]
        if tag == "p":
            inl = _trim(self.inlines(node.children))
            result = [{"t": "par", "c": inl}] if inl else []
        elif tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            inl = _trim(self.inlines(node.children))
            if tag == "h1" and self.title is None:
                self.title = _SPACE.sub(" ", node.text()).strip()
                result = []
            else:
                result = [{"t": "heading", "level": min(int(tag[1]) + 1, 5), "c": inl}]
        elif tag in {"ul", "ol"}:
            items = []
            for li in (c for c in node.children if isinstance(c, _Node) and c.tag == "li"):
                if NO_PDF in li.classes:
                    continue
                item: dict[str, Any] = {"blocks": self.blocks(li.children)}
                if li.attrs.get("value", "").isdigit():
                    item["n"] = int(li.attrs["value"])
                li_anchor = self._anchor(li)
                if li_anchor:
                    item["anchor"] = li_anchor
                items.append(item)
            start = node.attrs.get("start", "1")
            result = [{"t": "list", "ordered": tag == "ol", "start": int(start) if start.isdigit() else 1, "items": items}]
        elif tag == "table":
            result = [self._table(node)]
        elif tag == "div" and "admonition" in node.classes or tag == "details":
            title_tag = "summary" if tag == "details" else "p"
            title_node = next(
                (
                    c
                    for c in node.children
                    if isinstance(c, _Node) and c.tag == title_tag and (tag == "details" or "admonition-title" in c.classes)
                ),
                None,
            )
            rest = [c for c in node.children if c is not title_node]
            title = _trim(self.inlines(title_node.children)) if title_node else None
            kind = next((k for k in sorted(node.classes) if k not in {"admonition"}), "note")
            result = [{"t": "box", "title": title, "kind": kind, "c": self.blocks(rest)}]
        elif tag == "pre":
            result = [{"t": "code", "s": node.text().rstrip("\n")}]
        elif tag == "blockquote":
            result = [{"t": "quote", "c": self.blocks(node.children), "by": None}]
        elif tag == "hr":
            result = [{"t": "rule"}]
        elif tag == "dt":
            result = [{"t": "par", "c": [{"t": "strong", "c": _trim(self.inlines(node.children))}]}]
        elif tag == "summary":
            result = [{"t": "par", "c": [{"t": "strong", "c": _trim(self.inlines(node.children))}]}]
        else:  # div, section, figure, dl, dd, ...: their content, in order
            result = self.blocks(node.children)
        if anchor:
            if result and "anchor" not in result[0]:
                result[0] = {**result[0], "anchor": anchor}
            else:
                result.insert(0, {"t": "anchor", "anchor": anchor})
        return result

    def _table(self, node: _Node) -> Block:
        head: list[list[Inline]] | None = None
        rows: list[list[list[Inline]]] = []
        for tr in _descendants(node, "tr"):
            cells = [c for c in tr.children if isinstance(c, _Node) and c.tag in {"td", "th"}]
            row = [_trim(self.inlines(c.children)) for c in cells]
            if head is None and not rows and cells and all(c.tag == "th" for c in cells):
                head = row
            else:
                rows.append(row)
        return {"t": "table", "head": head, "rows": rows}

    # -- inlines --------------------------------------------------------------------------------

    def inlines(self, children: list[_Node | str]) -> list[Inline]:
        out: list[Inline] = []
        for child in children:
            if isinstance(child, str):
                out.extend(text_inlines(_SPACE.sub(" ", child)))
                continue
            if child.tag in _SKIP or NO_PDF in child.classes:
                continue
            anchor = self._anchor(child)
            if anchor:
                out.append({"t": "anchor", "anchor": anchor})
            out.extend(self.inline(child))
        return out

    def inline(self, node: _Node) -> list[Inline]:
        tag = node.tag
        inner = lambda: self.inlines(node.children)  # noqa: E731
        if tag in {"em", "i", "cite", "var"}:
            return [{"t": "em", "c": inner()}]
        if tag in {"strong", "b"}:
            return [{"t": "strong", "c": inner()}]
        if tag in {"code", "kbd", "samp", "tt"}:
            return [{"t": "code", "s": node.text()}]
        if tag in {"sup", "sub"}:
            return [{"t": tag, "c": inner()}]
        if tag == "br":
            return [{"t": "br"}]
        if tag == "img":
            alt = node.attrs.get("alt", "")
            return [alt] if alt else []
        if tag == "a":
            return self._link(node.attrs.get("href", ""), inner())
        if tag in _BLOCK:  # a block inside inline context (e.g. in a table cell): keep its text
            return [" ", *inner(), " "]
        return inner()

    def _link(self, href: str, body: list[Inline]) -> list[Inline]:
        if not href:
            return body
        if _SCHEME.match(href):
            if href.startswith(("http:", "https:", "mailto:", "ftp:")):
                shown = _plain(body).strip()
                return [{"t": "url", "href": href, "c": body, "show": shown != href.removeprefix("mailto:")}]
            return body
        parts = urlsplit(href)
        if parts.path:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(self.uri), unquote(parts.path)))
        else:
            target = self.uri
        if not target.endswith(".md"):
            return body  # a file on the site (e.g. briefing.bib): the PDF prints the words only
        return [{"t": "ref", "uri": target, "frag": unquote(parts.fragment) or None, "c": body}]

    def _anchor(self, node: _Node) -> str | None:
        ident = node.attrs.get("id")
        if not ident:
            return None
        label = f"{self.uri}#{ident}"
        if label in self.anchors:
            return None  # an id used twice: the first one wins, as in a browser
        self.anchors.append(label)
        return label


def _drop_headerlinks(node: _Node) -> None:
    """A generated page's headings carry the site's permalink ("¶"), which the book has no use for."""
    node.children = [c for c in node.children if not (isinstance(c, _Node) and c.tag == "a" and "headerlink" in c.classes)]
    for c in node.children:
        if isinstance(c, _Node):
            _drop_headerlinks(c)


def _descendants(node: _Node, tag: str) -> list[_Node]:
    out: list[_Node] = []
    for c in node.children:
        if isinstance(c, _Node):
            if c.tag == tag:
                out.append(c)
            elif c.tag != "table":
                out.extend(_descendants(c, tag))
    return out


def _plain(inlines: list[Inline]) -> str:
    out = []
    for i in inlines:
        if isinstance(i, str):
            out.append(i)
        elif "c" in i:
            out.append(_plain(i["c"]))
        elif "s" in i:
            out.append(i["s"])
    return "".join(out)


def _trim(inlines: list[Inline]) -> list[Inline]:
    """Drop leading and trailing spaces (HTML's inter-tag whitespace) and join neighbouring strings."""
    joined: list[Inline] = []
    for i in inlines:
        if isinstance(i, str) and joined and isinstance(joined[-1], str):
            joined[-1] = _SPACE.sub(" ", joined[-1] + i)
        elif i != "":
            joined.append(i)
    if joined and isinstance(joined[0], str):
        joined[0] = joined[0].lstrip()
    if joined and isinstance(joined[-1], str):
        joined[-1] = joined[-1].rstrip()
    return [i for i in joined if i != ""]

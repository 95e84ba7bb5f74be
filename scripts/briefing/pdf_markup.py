"""Turn a hand-written page (Markdown, or the HTML it becomes) into the page model, for the book.

The book writes it with page_typst.py, as it writes every generated page. A hand-written page's text
is plain ``str`` with its web addresses as links (page.linked): the book prints an address it cannot
click, as it does a source's.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import markdown as python_markdown

from . import page as m

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


# The blocks an element's id can sit on; any other (a code block, whose anchor is the site's copy
# button's) gets the id as an Anchor before it.
_TAKES_ANCHOR = (m.Para, m.Heading, m.BulletList, m.NumberedList, m.Table, m.Box, m.Quote, m.Rule)


@dataclass
class PageConverter:
    """Converts one page's HTML; ``uri`` is the page's path in the site (``about.md``), for its links."""

    uri: str
    anchors: list[str] = field(default_factory=list)  # every anchor (id) the page defines, in order
    title: str | None = None  # the page's first <h1>, which the PDF prints as the page title

    def convert(self, html: str) -> tuple[m.Block, ...]:
        tree = _Tree()
        tree.feed(html)
        tree.close()
        _drop_headerlinks(tree.root)
        return tuple(self.blocks(tree.root.children))

    # -- blocks ---------------------------------------------------------------------------------

    def blocks(self, children: list[_Node | str]) -> list[m.Block]:
        out: list[m.Block] = []
        run: list[_Node | str] = []

        def flush() -> None:
            inl = _trim(self.inlines(run))
            if inl:
                out.append(m.Para(inl))
            run.clear()

        for child in children:
            if isinstance(child, _Node) and (child.tag in _BLOCK or child.tag in _SKIP):
                flush()
                out.extend(self.block(child))
            else:
                run.append(child)
        flush()
        return out

    def block(self, node: _Node) -> list[m.Block]:
        if node.tag in _SKIP or NO_PDF in node.classes:
            return []
        anchor = self._anchor(node)
        tag = node.tag
        result: list[m.Block]
        if tag == "p":
            inl = _trim(self.inlines(node.children))
            result = [m.Para(inl)] if inl else []
        elif tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            inl = _trim(self.inlines(node.children))
            if tag == "h1" and self.title is None:
                self.title = _SPACE.sub(" ", node.text()).strip()
                result = []
            else:
                result = [m.Heading(int(tag[1]), inl)]
        elif tag in {"ul", "ol"}:
            items = []
            for li in (c for c in node.children if isinstance(c, _Node) and c.tag == "li"):
                if NO_PDF in li.classes:
                    continue
                blocks = tuple(self.blocks(li.children))  # before the item's own id: an id used twice, the first wins
                value = li.attrs.get("value", "")
                items.append(m.Item(blocks, anchor=self._anchor(li), number=int(value) if value.isdigit() else None))
            start = node.attrs.get("start", "1")
            result = [
                m.NumberedList(tuple(items), start=int(start) if start.isdigit() else 1) if tag == "ol" else m.BulletList(tuple(items))
            ]
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
            result = [m.Box(kind, None, title, tuple(self.blocks(rest)))]
        elif tag == "pre":
            result = [m.CodeBlock(node.text())]
        elif tag == "blockquote":
            result = [m.Quote(tuple(self.blocks(node.children)), ())]
        elif tag == "hr":
            result = [m.Rule()]
        elif tag in {"dt", "summary"}:  # a term, or a summary outside its details: a bold line
            result = [m.Para((m.Strong(_trim(self.inlines(node.children))),))]
        else:  # div, section, figure, dl, dd, ...: their content, in order
            result = self.blocks(node.children)
        if anchor:
            if result and isinstance(result[0], _TAKES_ANCHOR) and result[0].anchor is None:
                result[0] = dataclasses.replace(result[0], anchor=anchor)
            else:
                result.insert(0, m.Anchor(anchor))
        return result

    def _table(self, node: _Node) -> m.Table:
        head: tuple[m.Inline, ...] | None = None
        rows: list[tuple[tuple[m.Inline, ...], ...]] = []
        for tr in _descendants(node, "tr"):
            cells = [c for c in tr.children if isinstance(c, _Node) and c.tag in {"td", "th"}]
            row = tuple(_trim(self.inlines(c.children)) for c in cells)
            if head is None and not rows and cells and all(c.tag == "th" for c in cells):
                head = row
            else:
                rows.append(row)
        # Its columns are its header row's cells, their widths left to the book.
        return m.Table(tuple(m.Column(h, width=None) for h in head or ()), tuple(rows))

    # -- inlines --------------------------------------------------------------------------------

    def inlines(self, children: list[_Node | str]) -> list[m.Inline]:
        out: list[m.Inline] = []
        for child in children:
            if isinstance(child, str):
                out.extend(m.linked(_SPACE.sub(" ", child)))
                continue
            if child.tag in _SKIP or NO_PDF in child.classes:
                continue
            anchor = self._anchor(child)
            if anchor:
                out.append(m.Anchor(anchor))
            out.extend(self.inline(child))
        return out

    def inline(self, node: _Node) -> list[m.Inline]:
        tag = node.tag
        inner = lambda: tuple(self.inlines(node.children))  # noqa: E731
        if tag in {"em", "i", "cite", "var"}:
            return [m.Em(inner())]
        if tag in {"strong", "b"}:
            return [m.Strong(inner())]
        if tag in {"code", "kbd", "samp", "tt"}:
            return [m.Code(node.text())]
        if tag == "sup":
            return [m.Sup(inner())]
        if tag == "sub":
            return [m.Sub(inner())]
        if tag == "br":
            return [m.Break()]
        if tag == "img":
            alt = node.attrs.get("alt", "")
            return [alt] if alt else []
        if tag == "a":
            return self._link(node.attrs.get("href", ""), inner())
        if tag in _BLOCK:  # a block inside inline context (e.g. in a table cell): keep its text
            return [" ", *inner(), " "]
        return list(inner())

    def _link(self, href: str, body: tuple[m.Inline, ...]) -> list[m.Inline]:
        if not href:
            return list(body)
        if _SCHEME.match(href):
            if href.startswith(("http:", "https:", "mailto:", "ftp:")):
                # Words that are the address, though a line break or a space splits them, need it no second time.
                shown = "".join(m.text_of(body, "print").split())
                return [m.Url(href, body, print_href=shown != href.removeprefix("mailto:"))]
            return list(body)
        parts = urlsplit(href)
        if parts.path:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(self.uri), unquote(parts.path)))
        else:
            target = self.uri
        if not target.endswith(".md"):
            return list(body)  # a file on the site (e.g. briefing.bib): the PDF prints the words only
        return [m.Link(target, unquote(parts.fragment) or None, body)]

    def _anchor(self, node: _Node) -> str | None:
        ident = node.attrs.get("id")
        if not ident or ident in self.anchors:
            return None  # none, or an id used twice: the first one wins, as in a browser
        self.anchors.append(ident)
        return ident


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


def _trim(inlines: list[m.Inline]) -> tuple[m.Inline, ...]:
    """Drop leading and trailing spaces (HTML's inter-tag whitespace) and join neighbouring strings."""
    joined: list[m.Inline] = []
    for i in inlines:
        if isinstance(i, str) and joined and isinstance(joined[-1], str):
            joined[-1] = _SPACE.sub(" ", joined[-1] + i)
        elif i != "":
            joined.append(i)
    if joined and isinstance(joined[0], str):
        joined[0] = joined[0].lstrip()
    if joined and isinstance(joined[-1], str):
        joined[-1] = joined[-1].rstrip()
    return tuple(i for i in joined if i != "")

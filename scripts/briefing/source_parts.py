"""A source page's parts after its text (notes, further reading, about the author, disclaimer, cite
this), built once as the page model (page.py); the site and the book write them (render.py, pdf_book.py)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from . import citations, footnotes
from . import page as m
from .model import Article


def notes_blocks(article: Article, refs: dict[str, int]) -> tuple[m.Block, ...]:
    """The notes, further reading, about the author and disclaimer, each only when the source has it.
    ``refs``: how often the text refers to each note (each reference gets its link back)."""
    cleaned = article.cleaned
    out: list[m.Block] = []
    if cleaned.footnotes:
        # An "Ibid." says which note it repeats (that note is in the same list: a link, not its text).
        repeated = footnotes.repeats([(f.number, f.text) for f in cleaned.footnotes])
        here = f"sources/{article.slug}.md"
        out.append(m.Heading(2, ("Notes",), anchor="notes"))
        out.append(m.Footnotes(tuple(
            m.Footnote(f.number, (
                m.Prose(f.text),
                *((" — repeats ", m.Link(here, f"fn:{repeated[f.number]}", (f"note {repeated[f.number]}",))) if f.number in repeated else ()),
                *(x for i in range(1, refs.get(f.number, 0) + 1) for x in (" ", m.BackRef(footnotes.ref_id(f.number, i)))),
            ))
            for f in cleaned.footnotes
        )))
    if cleaned.further_reading:
        out.append(m.Heading(2, ("Further reading",), anchor="further-reading"))
        out.append(m.BulletList(tuple(m.Item((m.Para((m.Prose(item),)),)) for item in cleaned.further_reading), style="further-reading"))
    bios = [n for n in cleaned.notes if n.kind == "bio"]
    disclaimers = [n for n in cleaned.notes if n.kind == "disclaimer"]
    box = cleaned.author_box
    if bios or box.names or box.roles:
        out.append(m.Heading(2, ("About the author",), anchor="about-the-author"))
        note: list[m.Block] = []
        if box.names or box.roles:
            names, roles = ", ".join(box.names), ", ".join(box.roles)
            web = (f"The article’s author box names {names}" + (f" ({roles})" if roles else "") + "." if names
                   else f"The article’s author box gives no name, only the role: {roles}.")
            printed: tuple[m.Inline, ...] = (
                "The article’s author box names: ", names if names else m.Em(("no name",)),
                *((f" ({roles})",) if roles else ()), ".",
            )
            note.append(m.Para((m.Only("web", (web,)), m.Only("print", printed)), style="author-box"))
        note += [m.Para((m.Prose(n.text),), style="bio") for n in bios]
        out.append(m.Group("author-note", tuple(note)))
    if disclaimers:
        out.append(m.Heading(2, ("Disclaimer",), anchor="disclaimer"))
        out.append(m.Group("disclaimer-note", tuple(m.Para((m.Prose(n.text),), style="disclaimer") for n in disclaimers)))
    return tuple(out)


def reference_inlines(runs: citations.Runs) -> tuple[m.Inline, ...]:
    """A reference's runs (citations.py) as inlines: the site's name in italics, the URL a link."""
    return tuple(m.Em((text,)) if kind == "em" else m.Url(text, (text,)) if kind == "url" else text for text, kind in runs)


def cite_blocks(article: Article) -> tuple[m.Block, ...]:
    """"Cite this": the reference in each offered style (a tab each on the site), and the BibTeX
    entry, each to copy."""
    refs = tuple(
        m.Tab(label, (m.Copy(f"the {label} reference", m.Para(
            reference_inlines(citations.STYLE_RUNS[key](article.meta)), style=f"reference reference-{key}", anchor=f"cite-{key}",
        )),))
        for key, label in citations.STYLES
    )
    return (
        m.Heading(2, ("Cite this",), anchor="cite-this"),
        m.Box("quote", "cite-this", ("Reference",), (
            m.Tabs("cite", "cite-styles", refs),
            m.Para(("BibTeX",), style="title"),
            m.Copy("the BibTeX entry", m.CodeBlock(article.citation.bibtex, style="bibtex", anchor="cite-bibtex")),
        )),
    )


# -- quoted paragraphs ---------------------------------------------------------------------------
# ``entries`` is a source's "Quoted on" data (topic_pages.source_quoted_on): for each topic that
# quotes the source, (topic, the source's section id there, [(quote id, paragraph number), ...]).

QuotedOn = Sequence[tuple[Any, str, Sequence[tuple[str, int]]]]


def ordinal(k: int) -> str:
    """1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st."""
    suffix = "th" if 10 <= k % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(k % 10, "th")
    return f"{k}{suffix}"


def quote_labels(quotes: Sequence[tuple[str, int]]) -> list[str]:
    """What names each of one topic's quotes from a source: "¶ 4", or "¶ 4 (1st quote)", "¶ 4 (2nd quote)"
    when the topic quotes that paragraph more than once, so no two links read the same."""
    many = Counter(n for _, n in quotes)
    seen: Counter[int] = Counter()
    out = []
    for _, n in quotes:
        seen[n] += 1
        out.append(f"¶ {int(n)}" + (f" ({ordinal(seen[n])} quote)" if many[n] > 1 else ""))
    return out


def paragraph_backlinks(entries: QuotedOn) -> dict[int, tuple[m.Inline, ...]]:
    """For each quoted paragraph, the links back to every quote of it on the topic pages ("Quoted on
    Kosovo, Sanctions"), as a Wikipedia reference links back to each place that cites it. A topic
    that quotes the paragraph twice gets a link to each quote ("Kosovo (1st quote)")."""
    links: dict[int, list[tuple[m.Inline, m.Inline]]] = {}
    for topic, _sid, quotes in entries:
        uri = f"topics/{topic.id}.md"
        many = Counter(n for _, n in quotes)
        seen: Counter[int] = Counter()
        for qid, n in quotes:
            seen[n] += 1
            label = topic.title + (f" ({ordinal(seen[n])} quote)" if many[n] > 1 else "")
            # In the book, the page the quote prints on, as the book's other cross-references give it.
            links.setdefault(int(n), []).append((m.Link(uri, str(qid), (label,)), m.Only("pages", (" (page ", m.PageRef(f"{uri}#{qid}"), ")"))))
    return {
        n: ("Quoted on ", *(x for i, link in enumerate(ls) for x in (*((", ",) if i else ()), *link)))
        for n, ls in sorted(links.items())
    }


def backlinks_para(xs: tuple[m.Inline, ...]) -> m.Para:
    """The line of back-links under a quoted paragraph (paragraph_backlinks)."""
    return m.Para(xs, style="para-quoted-on")


def capture_end_blocks(article: Article) -> tuple[m.Block, ...]:
    """Where a truncated capture stops, said at the cut point, after its last paragraph (the note at
    the top says it too, but a reader who reaches the end should not take it for the article's)."""
    meta = article.meta
    if not meta.truncated:
        return ()
    where: tuple[m.Inline, ...] = (
        ("at ", m.Url(meta.url, (meta.url,)), ".") if meta.url else ("in the original.",)
    )
    return (m.Para((m.Em(("The capture ends here; the published article continues ", *where)),), style="capture-end"),)


def archive_inlines(meta: Any) -> tuple[m.Inline, ...]:
    """A link to the Internet Archive's copy of the source (citations.archive_url), or nothing."""
    href = citations.archive_url(meta)
    return (m.Url(href, ("Internet Archive copy",)),) if href else ()

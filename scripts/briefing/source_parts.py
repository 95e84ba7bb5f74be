"""A source's page, built once as the page model (page.py): its standfirst, facts and capture notes,
its numbered text, then its notes, further reading, about the author, disclaimer, Quoted on and cite
this. The site and the book write the same blocks (render.py, pdf_book.py); only the page's title is
each medium's own (the site's <h1>, the book's page heading)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from . import citations, footnotes
from . import page as m
from .citations import human_date
from .model import Article, Meta
from .sources import capture_sha256


def page_blocks(
    article: Article, backlinks: Mapping[int, tuple[m.Inline, ...]] | None = None, quoted_on: tuple[m.Block, ...] = (),
) -> tuple[m.Block, ...]:
    """Everything on a source's page under its title. ``backlinks``: the links back from each quoted
    paragraph to its quotes (paragraph_backlinks); ``quoted_on``: the "Quoted on" section
    (topic_pages.quoted_on_blocks), placed before "Cite this"."""
    refs: dict[str, int] = {}  # how often the text refers to each note, counted as the text is built
    body = text_block(article, refs, backlinks or {})
    return (*head_blocks(article), body, *notes_blocks(article, refs), *quoted_on, *cite_blocks(article))


_NOT_STATED = m.Em(("not stated",))


def head_blocks(article: Article) -> tuple[m.Block, ...]:
    """The standfirst, the source's facts and, when there are any, the notes about its capture."""
    meta, cleaned = article.meta, article.cleaned
    out: list[m.Block] = []
    if cleaned.standfirst:
        out.append(m.Para((m.Prose(cleaned.standfirst),), style="standfirst"))
    out.append(facts_block(article))
    out += capture_notes_blocks(meta)
    return tuple(out)


def facts_block(article: Article) -> m.Facts:
    """Author, publisher, date, original address (and its archived copy), access date, fingerprint; a
    fact the source does not give says so, never guessed."""
    meta, roles = article.meta, article.cleaned.author_box.roles
    author: tuple[m.Inline, ...] = (", ".join(meta.authors) if meta.authors else _NOT_STATED, *((f" ({', '.join(roles)})",) if roles else ()))
    original: tuple[m.Inline, ...] = (
        (m.Url(meta.url, (meta.url,), style="original-link", rel="noopener noreferrer"), " ",
         m.Span("archive-link", ("(", *archive_inlines(meta), ")")))
        if meta.url else (m.Em(("not known",)),)
    )
    fingerprint = capture_sha256(article.source.raw)
    return m.Facts((
        m.Fact("Author", author, "author"),
        m.Fact("Publisher", (meta.publisher if meta.publisher else _NOT_STATED,), "publisher"),
        m.Fact("Date", (_time(meta.date),) if meta.date else (_NOT_STATED,), "date"),
        m.Fact("Original", original, "original"),
        *((m.Fact("Accessed", (_time(meta.accessed),), "accessed"),) if meta.accessed else ()),
        # The site sets the fingerprint as code; the book as words, which its narrow column can break.
        m.Fact("Capture fingerprint", (
            m.Only("web", ("sha256 ", m.Code(fingerprint, style="capture-sha256"))), m.Only("print", (f"sha256 {fingerprint}",)),
        ), "fingerprint"),
    ))


def _time(date: Any) -> m.Time:
    return m.Time(date.isoformat(), (human_date(date),))


def capture_notes_blocks(meta: Meta) -> tuple[m.Block, ...]:
    """"About this capture": whether it is truncated, and the notes its front matter gives."""
    if not (meta.notes or meta.truncated):
        return ()
    items: list[m.Item] = []
    if meta.truncated:
        items.append(m.Item((m.Para((m.Strong(("Truncated:",)), " this capture ends before the published article does.")),)))
    items += [m.Item((m.Para((m.Prose(note),)),)) for note in meta.notes]
    return (m.Box("info", "capture-notes", ("About this capture",), (m.BulletList(tuple(items)),)),)


def text_block(article: Article, refs: dict[str, int], backlinks: Mapping[int, tuple[m.Inline, ...]]) -> m.Group:
    """The cleaned text: numbered paragraphs (each quoted one followed by its links back to the
    quotes) and the text's own headings, then where a truncated capture stops. ``refs`` counts each
    note's markers as they are met, so a note's second marker gets its own anchor."""
    cleaned = article.cleaned
    numbers = frozenset(f.number for f in cleaned.footnotes)
    out: list[m.Block] = []
    for p in cleaned.paragraphs:
        if p.kind == "paragraph":
            n = int(p.n)
            out.append(m.Numbered(n, marked_inlines(p.text, numbers, refs)))
            if n in backlinks:
                out.append(backlinks_para(backlinks[n]))
        else:
            out.append(m.Heading(3, (m.Prose(p.text),), style="article-subheading"))
    out += capture_end_blocks(article)
    return m.Group("briefing-body", tuple(out))


def marked_inlines(text: str, numbers: frozenset[str], refs: dict[str, int]) -> tuple[m.Inline, ...]:
    """A paragraph's words, its markers of the notes in ``numbers`` as NoteMarks."""
    if "[" not in text:  # no marker (most paragraphs)
        return (m.Prose(text),)
    return tuple(
        m.Prose(piece) if isinstance(piece, str) else m.NoteMark(piece.number, piece.id)
        for piece in footnotes.split(text, numbers, refs)
    )


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


@lru_cache(maxsize=8192)
def reference_inlines(runs: tuple[tuple[str, str], ...]) -> tuple[m.Inline, ...]:
    """A reference's runs (citations.py) as inlines: the site's name in italics, the URL a link. Made
    once per build for each source and style, though four places show it (the source's page and the
    bibliography, on the site and in the book); a few thousand sources' worth are kept."""
    return tuple(m.Em((text,)) if kind == "em" else m.Url(text, (text,)) if kind == "url" else text for text, kind in runs)


def cite_blocks(article: Article) -> tuple[m.Block, ...]:
    """"Cite this": the reference in each offered style (a tab each on the site), and the BibTeX
    entry, each to copy."""
    runs = dict(article.citation.runs)
    refs = tuple(
        m.Tab(label, (m.Copy(f"the {label} reference", m.Para(
            reference_inlines(runs[key]), style=f"reference reference-{key}", anchor=f"cite-{key}",
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
        n: ("Quoted on ", *m.joined(ls))
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

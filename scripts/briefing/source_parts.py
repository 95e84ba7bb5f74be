"""A source page's parts after its text (notes, further reading, about the author, disclaimer, cite
this), built once as the page model (page.py); the site and the book write them (render.py, pdf_book.py)."""

from __future__ import annotations

from . import citations, footnotes
from . import page as m
from .model import Article


def notes_blocks(article: Article, refs: dict[str, int]) -> tuple[m.Block, ...]:
    """The notes, further reading, about the author and disclaimer, each only when the source has it.
    ``refs``: how often the text refers to each note (each reference gets its link back)."""
    cleaned = article.cleaned
    out: list[m.Block] = []
    if cleaned.footnotes:
        out.append(m.Heading(2, ("Notes",), anchor="notes"))
        out.append(m.Footnotes(tuple(
            m.Footnote(f.number, (m.Prose(f.text), *(x for i in range(1, refs.get(f.number, 0) + 1)
                                                     for x in (" ", m.BackRef(footnotes.ref_id(f.number, i))))))
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

"""Ready citations for a source: a formatted reference, a BibTeX entry and citation_* meta tags."""

from __future__ import annotations

import datetime as dt

from .model import Citation, Meta

_MONTHS = (
    "January February March April May June July August September October November December"
).split()

# BibTeX specials; braces in values are escaped so a title cannot close the field early.
_BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
}


def human_date(date: dt.date | None) -> str | None:
    return None if date is None else f"{date.day} {_MONTHS[date.month - 1]} {date.year}"


def reference(meta: Meta) -> str:
    """A Chicago-style web-article reference; unknown facts are left out, never guessed."""
    parts: list[str] = []
    if meta.authors:
        parts.append(_join_names(meta.authors) + ".")
    title = meta.title.rstrip()
    closing = "" if title.endswith(("?", "!", ".")) else "."
    parts.append(f"“{title}{closing}”")
    venue = ", ".join(x for x in (meta.publisher, human_date(meta.date) or "n.d.") if x)
    parts.append(venue if venue.endswith(".") else venue + ".")
    if meta.url:
        parts.append(meta.url + ".")
    return " ".join(parts)


def bibtex_escape(text: str) -> str:
    return "".join(_BIBTEX_ESCAPES.get(c, c) for c in text)


def bibtex(meta: Meta, key: str) -> str:
    """An ``@online`` entry (biblatex; BibTeX reads it as ``@misc``)."""
    fields: list[tuple[str, str]] = [("title", "{" + bibtex_escape(meta.title) + "}")]
    if meta.authors:
        fields.append(("author", " and ".join("{" + bibtex_escape(a) + "}" for a in meta.authors)))
    if meta.publisher:
        fields.append(("organization", bibtex_escape(meta.publisher)))
    if meta.date:
        fields.append(("date", meta.date.isoformat()))
        fields.append(("year", str(meta.date.year)))
    if meta.url:
        fields.append(("url", meta.url))
    if meta.notes:
        fields.append(("note", bibtex_escape(" ".join(meta.notes))))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@online{{{key},\n{body}\n}}\n"


def meta_tags(meta: Meta) -> tuple[tuple[str, str], ...]:
    """Google Scholar / Zotero ``citation_*`` tags, one per known fact."""
    tags: list[tuple[str, str]] = [("citation_title", meta.title)]
    tags += [("citation_author", a) for a in meta.authors]
    if meta.date:
        tags.append(("citation_publication_date", meta.date.strftime("%Y/%m/%d")))
    if meta.publisher:
        tags.append(("citation_publisher", meta.publisher))
    if meta.url:
        tags.append(("citation_public_url", meta.url))
    return tuple(tags)


def cite(meta: Meta, slug: str) -> Citation:
    return Citation(reference=reference(meta), bibtex=bibtex(meta, slug), key=slug, meta_tags=meta_tags(meta))


def _join_names(names: tuple[str, ...]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]

"""References, BibTeX and meta tags: unknown facts are left out, never guessed or mangled."""

from __future__ import annotations

import datetime as dt

from briefing.citations import bibtex, meta_tags, reference
from briefing.model import Meta


def meta(**kw) -> Meta:
    base = dict(title="A Title", authors=(), publisher=None, date=None, url=None)
    base.update(kw)
    return Meta(**base)


def test_reference_with_every_fact() -> None:
    m = meta(authors=("Ana Petrović", "John Smith"), publisher="Policy Weekly", date=dt.date(2024, 4, 5), url="https://example.org/a")
    assert reference(m) == "Ana Petrović and John Smith. “A Title.” Policy Weekly, 5 April 2024. https://example.org/a."


def test_reference_with_nothing_known_says_no_date_once() -> None:
    assert reference(meta()) == "“A Title.” n.d."
    assert reference(meta(title="Is it?", publisher="ECFR")) == "“Is it?” ECFR, n.d."
    assert reference(meta(authors=("A", "B", "C"))) == "A, B, and C. “A Title.” n.d."


def test_bibtex_escapes_specials_and_omits_unknowns() -> None:
    entry = bibtex(meta(title="50% of {braces} & $money_", publisher="A & B"), "key-1")
    assert entry == (
        "@online{key-1,\n"
        "  title = {{50\\% of \\{braces\\} \\& \\$money\\_}},\n"
        "  organization = {A \\& B}\n"
        "}\n"
    )


def test_meta_tags_only_for_known_facts() -> None:
    assert meta_tags(meta()) == (("citation_title", "A Title"),)
    assert meta_tags(meta(date=dt.date(2022, 3, 1), authors=("X Y",))) == (
        ("citation_title", "A Title"),
        ("citation_author", "X Y"),
        ("citation_publication_date", "2022/03/01"),
    )

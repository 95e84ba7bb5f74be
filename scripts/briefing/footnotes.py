"""Footnote markers in cleaned text: where they are, and the ids the site and the PDF give them."""

from __future__ import annotations

import re
from dataclasses import dataclass

# "[3]" after a word, with or without a space before it, as the captures have them.
MARKER = re.compile(r" ?\[(\d{1,3})\]")


@dataclass(frozen=True)
class Ref:
    """One marker: its note's number, and which occurrence of that number in the article it is."""

    number: str
    occurrence: int = 1

    @property
    def id(self) -> str:
        return ref_id(self.number, self.occurrence)


def ref_id(number: str, occurrence: int) -> str:
    """``fnref:3`` for a note's first marker, ``fnref2:3`` for its second (Python-Markdown's scheme)."""
    return f"fnref:{number}" if occurrence == 1 else f"fnref{occurrence}:{number}"


def split(text: str, numbers: frozenset[str], seen: dict[str, int] | None = None) -> list[str | Ref]:
    """``text`` cut at the markers whose note exists: plain pieces and Refs, in order.

    ``seen`` counts each number's markers across an article, so a second marker gets its own id.
    Markers with no note stay in the text as written.
    """
    seen = {} if seen is None else seen
    out: list[str | Ref] = []
    last = 0
    for m in MARKER.finditer(text):
        number = m.group(1)
        if number not in numbers:
            continue
        out.append(text[last : m.start()])
        seen[number] = seen.get(number, 0) + 1
        out.append(Ref(number, seen[number]))
        last = m.end()
    out.append(text[last:])
    return out


def without_markers(text: str) -> list[str]:
    """The pieces of ``text`` between all its markers (for matching the original page's words)."""
    return MARKER.split(text)[::2]


# A note whose whole text says "the same as the note before": ibid., ibidem, idem, id. (any case).
_REPEAT = re.compile(r"\s*(?:ibid(?:em)?|idem|id)\s*\.?\s*", re.IGNORECASE)


def repeats(notes: list[tuple[str, str]]) -> dict[str, str]:
    """For each note (``(number, text)``, in the article's order) whose whole text is "Ibid.",
    "Ibidem", "Idem" or "Id.": the number of the note it repeats, the nearest before it that is not
    itself one. A first note of that kind repeats nothing and is left out."""
    out: dict[str, str] = {}
    last: str | None = None
    for number, text in notes:
        if _REPEAT.fullmatch(text):
            if last is not None:
                out[number] = last
        else:
            last = number
    return out

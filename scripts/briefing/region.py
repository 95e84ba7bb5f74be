"""Find the article in a capture: weigh each line as prose or chrome and keep the densest run of prose the title opens."""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from .errors import BriefingError

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# A line ends a sentence (or opens a list) when it ends with one of these, closing quotes aside.
_END = re.compile(r"[.!?…:;]['\"”’)\]]*$")

# Footnote marks after a sentence's end ("… in 2019.[3]").
_FOOTNOTE_MARKS = re.compile(r"(?:\[\d{1,3}\])+$")


def _end_of(text: str) -> str:
    """The line without what may follow its last sentence's end: footnote marks, and emoji or
    other pictographs ("… see you soon! 🙂"), with the spaces before them."""
    text = _FOOTNOTE_MARKS.sub("", text)
    if text.isascii():
        return text
    end = len(text)
    while end and (unicodedata.category(text[end - 1]) in ("So", "Sk", "Mn", "Cf") or text[end - 1] == " "):
        end -= 1
    return text[:end]
# A line ends a sentence with one of these, closing quotes aside.
_SENTENCE_END = re.compile(r"[.!?…]['\"”’)\]]*$")

# A line is running prose when it has at least this many words and this share of stop-words (the
# function words any sentence is full of, and a menu, a headline list or a name list is not).
PROSE_MIN_WORDS = 8
PROSE_MIN_STOPWORDS = 0.25
# A line of prose may lack a sentence end (a capture can cut one) once it is this long.
PROSE_UNENDED_WORDS = 20
# A line with this share of capitalised words reads as a headline, a menu or a name list, up to
# this many words (no headline is longer).
HEADLINE_CAPITALS = 0.6
HEADLINE_MAX_WORDS = 30
# The stop-words of a line are counted in its first words.
STOPWORD_SAMPLE = 40
# What a line that is not prose costs the run it sits in, in words of prose: crossing a short gap
# (a subheading, a caption) costs little, a run of headlines (related stories) a lot, so the run
# stops where the prose after it would not pay for the gap.
SHORT_COST = 1.0
HEADLINE_COST = 4.0
CHROME_COST = 2.0
EDGE_COST = 64.0
# A short sentence is weaker evidence of the article than prose: half a word of prose a word.
SHORT_SENTENCE_WORTH = 0.5
SHORT_SENTENCE_MIN_WORDS = 3
# How many of the first lines of worth under the title may open the article, within how many lines
# of the first.
OPENINGS = 3
OPENING_REACH = 12
# The run the title opens is the article unless the page's densest run is this many times its worth.
TITLE_RUN_SHARE = 8.0
# What an item of a list that a line ending in a colon opens is worth: enough to keep the list.
LIST_ITEM_WORTH = 1.0


@lru_cache(maxsize=None)
def stoplist(language: str = "English") -> frozenset[str]:
    """A maintained stop-list: jusText ships one for each major language. Read as the file it is,
    without importing jusText, whose HTML cleaner needs lxml's (a package the build does not use)."""
    spec = importlib.util.find_spec("justext")
    if spec is None or not spec.submodule_search_locations:
        raise BriefingError("the cleaner needs jusText's stop-lists: python3 -m pip install -r requirements.txt")
    folder = Path(next(iter(spec.submodule_search_locations))) / "stoplists"
    return frozenset(w.lower() for w in (folder / f"{language}.txt").read_text(encoding="utf-8").split())


def is_prose(text: str, stop: frozenset[str], tokens: Sequence[str] | None = None, names: bool = False) -> bool:
    """Running prose: enough words, enough stop-words, a sentence end (or length), not a headline.
    ``names``: a sentence full of names and titles is prose too (where no headline is expected)."""
    tokens = text.split() if tokens is None else tokens
    n = len(tokens)
    if n < PROSE_MIN_WORDS:
        return False
    if n < PROSE_UNENDED_WORDS and _END.search(_end_of(text)) is None:
        return False
    if n <= HEADLINE_MAX_WORDS and headline_like(tokens) and not (names and _SENTENCE_END.search(text)):
        return False
    # The share of stop-words is read off the line's first words: a long paragraph shows it early.
    words = _WORD.findall(" ".join(tokens[:STOPWORD_SAMPLE]).casefold())
    return bool(words) and len([w for w in words if w in stop]) >= PROSE_MIN_STOPWORDS * len(words)


def headline_like(tokens: Sequence[str]) -> bool:
    """Most words capitalised: a headline, a menu entry, a list of names."""
    return len(tokens) >= 4 and sum(1 for t in tokens if t[:1].isupper() or t[:1].isdigit()) >= HEADLINE_CAPITALS * len(tokens)


def judge(text: str, stop: frozenset[str]) -> tuple[float, bool]:
    """A kept line's worth to the article run and whether it is prose: its words when prose, half
    of them for a short sentence, a cost otherwise."""
    tokens = text.split()
    if is_prose(text, stop, tokens):
        return float(len(tokens)), True
    if len(tokens) <= HEADLINE_MAX_WORDS and headline_like(tokens):
        return -HEADLINE_COST, False
    if short_sentence(text, tokens, stop):
        return SHORT_SENTENCE_WORTH * len(tokens), False
    return -SHORT_COST, False


def chrome_cost(edge: bool) -> float:
    """What a line of chrome costs the run: more for one that marks a page's edges (share bars,
    date lines, newsletter and copyright lines) than for one found inside articles."""
    return -EDGE_COST if edge else -CHROME_COST


def short_sentence(text: str, tokens: Sequence[str], stop: frozenset[str]) -> bool:
    """A few words that make a sentence: a capital (or quote, or digit) first, a sentence end last,
    a stop-word between ("The end of the story.", not "Share." or "Read more")."""
    return (
        len(tokens) >= SHORT_SENTENCE_MIN_WORDS
        and (text[0].isupper() or text[0].isdigit() or text[0] in "\"“‘'")
        and _SENTENCE_END.search(_end_of(text)) is not None
        and any(w in stop for w in _WORD.findall(text.casefold()))
    )


def densest_run(weights: Sequence[float], start: int, stop: int, earlier: Sequence[int]) -> tuple[float, int, int]:
    """The run of lines in ``[start, stop)`` with the largest total weight (Kadane): (total, first,
    last). ``earlier[i]``: where line i's text stood before (-1 if nowhere); a line the run already
    holds adds nothing to it."""
    best = (0.0, start, start - 1)
    total, first = 0.0, start
    for i in range(start, stop):
        if total <= 0:
            total, first = 0.0, i
        total += weights[i] if weights[i] <= 0 or earlier[i] < first else 0.0
        if total > best[0]:
            best = (total, first, i)
    return best


def run_from(weights: Sequence[float], start: int, stop: int, earlier: Sequence[int]) -> tuple[float, int, int]:
    """The run that opens at one of the first lines of worth at or after ``start`` (a standfirst
    or a caption may come before the body, with a byline and share buttons between) and ends where
    its total worth peaks: the article goes on as long as the prose after a gap pays for the gap,
    and a line the run already holds (a page showing a paragraph twice) pays for nothing."""
    firsts = [i for i in range(start, stop) if weights[i] > 0][:OPENINGS]
    # Only near the first: the article opens under its title, not at a page's far end.
    firsts = [i for i in firsts if i - firsts[0] <= OPENING_REACH]
    best = (0.0, start, start - 1)
    for first in firsts:
        total = 0.0
        for i in range(first, stop):
            total += weights[i] if weights[i] <= 0 or earlier[i] < first else 0.0
            if total > best[0]:
                best = (total, first, i)
    return best

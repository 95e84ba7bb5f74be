"""Choose the sentences of each article that speak to each topic, and quote them verbatim."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from .model import Article, Quote, Topic, TopicResult
from .topics import word_pattern

try:  # the parsed form of a pattern, read by the prefilter below; without it, every scan is in full
    import re._casefix as _casefix
    import re._constants as _c
    import re._parser as _parser

    # Letters that re's case-insensitive matching equates beyond str.lower ("ſ" with "s"): a text
    # holding one is scanned in full.
    _ODD_CASES = frozenset(
        chr(c) for k, v in _casefix._EXTRA_CASES.items() for c in (k, *v) if c > 127
    )
except (ImportError, AttributeError):  # pragma: no cover - a Python whose re keeps these elsewhere
    _c = _parser = None  # type: ignore[assignment]
    _ODD_CASES = frozenset()
# The same letters as one character class: a search is several times faster than set.isdisjoint.
_ODD_CASE = re.compile("[" + "".join(re.escape(ch) for ch in sorted(_ODD_CASES)) + "]") if _ODD_CASES else None

# --- Sentences -------------------------------------------------------------------------------------
#
# A regular-expression splitter: a general-purpose one (pysbd) is ~30x slower, and news prose needs
# only a few rules. A sentence ends at . ! ? or … (repeated, and after closing quotes or brackets, as
# in `Serbia.”.`), plus any footnote markers that follow (`territory. [1]`), when whitespace and then
# a capital or a digit (optionally after an opening quote) come next. A lone period after an initial,
# a title or a dotted abbreviation does not end a sentence.

_END = re.compile(r"[.!?…][.!?…”’\"')\]»]*(?:\s?\[\d{1,3}\])*(?=\s|$)")  # a charset first: a fast scan
_NEXT = re.compile(r"\s+[“‘\"'(\[«]*(\S)")
# Both at once: _END, then _NEXT in a look-ahead (group 1 its spaces, group 2 its character), or else
# _END's own look-ahead. Same matches as _END: the look-ahead consumes nothing, and its first branch
# holds only where the second would.
_END_NEXT = re.compile(
    r"[.!?…][.!?…”’\"')\]»]*(?:\s?\[\d{1,3}\])*(?:(?=(\s+)[“‘\"'(\[«]*(\S))|(?=\s|$))"
)
_FOLLOWING = re.compile(r"[\w’']+")
_INITIALISM = re.compile(r"^(?:[^\W\d_]\.)+[^\W\d_]$")  # U.S, e.g, i.e, a.m (the final dot excluded)
# Titles and abbreviations that a period never ends (compared in lower case, without the dot).
_TITLES = frozenset(
    "mr mrs ms dr prof st gen col lt sgt capt maj adm sen rep gov pres amb rev hon jr sr messrs mme mlle "
    "cf vs approx ca fig figs pp vol vols ed eds inc ltd co corp bros dept univ est".split()
)
# Abbreviations that a period does not end when a number follows ("No. 5", "Jan. 12").
_BEFORE_NUMBERS = frozenset("no nos art arts p jan feb mar apr jun jul aug sep sept oct nov dec".split())
# After "U.S." and the like, only these words start a new sentence ("…from the U.S. The EU…").
_STARTERS = frozenset(
    "a an and as at but by for from he her his however i if in it its meanwhile moreover nevertheless "
    "on our she since so still such that the their there these they this those thus we what when "
    "where while why yet".split()
)


def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """``(start, end)`` of each sentence in ``text``; ``text[start:end]`` never has outer whitespace."""
    spans: list[tuple[int, int]] = []
    start = len(text) - len(text.lstrip())
    for m in _END_NEXT.finditer(text, start):
        if m.start(2) < 0:
            continue  # only spaces, then the end of text: the last span below takes it
        if not _ends_sentence(text, m):
            continue
        end = m.end()
        if end > start:
            spans.append((start, end))
        start = m.end(1)  # after the spaces: the opening quote belongs to the sentence
    stop = len(text.rstrip())
    if stop > start:
        spans.append((start, stop))
    return tuple(spans)


def _ends_sentence(text: str, m: re.Match[str]) -> bool:
    """``m``: an _END_NEXT match that has a next character (group 2)."""
    first = m.group(2)
    if not (first.isupper() or first.isdigit() or first in "€$£¥"):
        return False
    if m.group(0) != ".":
        return True  # "?", "!", "…", a period with closing quotes, or a footnote marker after it
    # The word before the period ("U.S", "J", "Mr", "2024"), without an opening quote or bracket.
    space = max(text.rfind(" ", 0, m.start()), text.rfind("\n", 0, m.start()))
    token = text[space + 1 : m.start()].lstrip("“‘\"'([«")
    if not token:
        return True
    if len(token) == 1 and token.isalpha():
        return False  # an initial: "Aleksandar J. Vucic"
    lower = token.lower()
    if lower in _TITLES:
        return False
    if lower in _BEFORE_NUMBERS and first.isdigit():
        return False
    if "." in token and _INITIALISM.match(token):
        following = _FOLLOWING.match(text, m.start(2))
        return bool(following) and following.group(0).lower() in _STARTERS
    return True


def sentences(text: str) -> tuple[str, ...]:
    return tuple(text[a:b] for a, b in sentence_spans(text))


# --- Topics in sentences -----------------------------------------------------------------------------
#
# A topic has core terms (one is enough), names of its organisations and programmes (as core terms,
# matched as written), names of its places, and related terms. A related term ("storage", "the
# designation", "intelligence service") is ambiguous alone: it counts with a second cue, that is
# another term of the topic in the same sentence, or a paragraph that is already on the topic or in
# its context (see "Context" below). Excluded senses ("tear gas", "political energy") never count.


@dataclass(frozen=True)
class _Matcher:
    """One topic's terms compiled: a term matches as a whole word, case-insensitively."""

    id: str
    terms: re.Pattern[str]  # one named group per term: t0, t1, ...
    requires: tuple[re.Pattern[str] | None, ...]
    kinds: tuple[str, ...]  # "core", "name", "place" or "related", per term
    patterns: tuple[str, ...]  # each term as written in topics.yml (for --explain and check)
    exclude: re.Pattern[str] | None
    starts: frozenset[str] | None  # how any match begins (lower case, up to 6 letters); None: unknown


@lru_cache(maxsize=256)
def _matcher(topic: Topic) -> _Matcher:
    # One boundary check around the whole alternation: Python's re is several times faster so.
    alternation = "|".join(f"(?P<t{i}>{t.pattern})" for i, t in enumerate(topic.terms))
    requires = tuple(re.compile(word_pattern(t.requires), re.IGNORECASE) if t.requires else None for t in topic.terms)
    exclude = (
        re.compile(word_pattern("|".join(f"(?:{p})" for p in topic.exclude)), re.IGNORECASE) if topic.exclude else None
    )
    starts: set[str] | None = set()
    for term in topic.terms:
        found = _starts(term.pattern)
        starts = None if found is None or starts is None else starts | found
    return _Matcher(
        topic.id,
        re.compile(word_pattern(alternation), re.IGNORECASE),
        requires,
        tuple(t.kind for t in topic.terms),
        tuple(t.pattern for t in topic.terms),
        exclude,
        frozenset(starts) if starts is not None else None,
    )


# A term that stands alone as one item of a comma-separated list is a passing mention:
# "…neighbours, particularly Bosnia and Herzegovina, Kosovo, and Montenegro."
_LIST_BEFORE = re.compile(r"(?:,\s+(?:and\s+|or\s+)?|,\s+[^,;:()]{1,40}\s(?:and|or)\s+)$")
_LIST_AFTER = re.compile(r",|\s+(?:and|or)\s|\s*[.;:!?)”’\"]|\s*$")


def _bare_list_item(sentence: str, start: int, end: int) -> bool:
    return bool(_LIST_BEFORE.search(sentence[max(0, start - 60) : start])) and bool(
        _LIST_AFTER.match(sentence, end)
    )


# A list of three or more short noun phrases, each opening with an article, enumerates subjects
# without saying anything about them ("This week: a buyer for the refinery, the gas contract that keeps
# getting shorter, a Kosovo essay worth your time, and a reminder about football."). A term inside one
# of its items is a passing mention, unless most of the items are on the topic (then the list is).
_ITEM_SPLIT = re.compile(r",\s+|;\s+")
_NP_ITEM = re.compile(r"(?:(?:and|or)\s+)?(?:a|an|the|one|some|another)\s", re.IGNORECASE)
_NP_ITEM_WORDS = 10


def _np_list(sentence: str) -> list[tuple[int, int]] | None:
    """The items' spans when ``sentence`` (after its last colon) is a list of article-led noun phrases."""
    if sentence.count(",") + sentence.count(";") < 2:
        return None  # fewer than three items
    colon = sentence.rfind(": ")
    base = colon + 2 if colon >= 0 else 0
    body = sentence[base:]
    items: list[tuple[int, int]] = []
    start = 0
    for m in _ITEM_SPLIT.finditer(body):
        items.append((base + start, base + m.start()))
        start = m.end()
    items.append((base + start, base + len(body)))
    if len(items) < 3:
        return None
    for a, b in items:
        if not _NP_ITEM.match(sentence, a) or len(sentence[a:b].split()) > _NP_ITEM_WORDS:
            return None
    return items


# A named place after a locative preposition is where something happened, not what it is about:
# "On a warm morning in the Jadar valley, Milica…", "talks in Pančevo".
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|at|near|outside|around|across|through)\s+(?:the\s+)?$", re.IGNORECASE)


@dataclass(frozen=True)
class _Evidence:
    """What one sentence holds for one topic: the core, related and passing matches (their text)."""

    core: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    passing: tuple[str, ...] = ()
    several_bare: bool = False  # several bare items of the topic in one list ("gas, oil, and coal")
    # Enough on its own: a core term (or name) that is not a passing mention, or a list of the topic's items.
    names: bool = False
    # Two different related terms: a cue for each other, in an article that names the topic.
    pair: bool = False
    # Some term of the topic that counts when the paragraph is on the topic or in its context.
    any: bool = False


def _made(core: tuple[str, ...], related: tuple[str, ...], passing: tuple[str, ...], several_bare: bool) -> _Evidence:
    names = bool(core) or several_bare
    pair = len({r.lower() for r in related}) >= 2
    return _Evidence(core, related, passing, several_bare, names, pair, names or bool(related))


_NONE = _Evidence()
_NO_FLAGS = (False, False, False)


def _evidence(
    matcher: _Matcher,
    sentence: str,
    matches: list[re.Match[str]],
    offset: int,
    excluded: list[tuple[int, int]] | None = None,
) -> _Evidence:
    """``matches``: the term matches inside ``sentence``, found in a text where it starts at ``offset``;
    ``excluded``: the spans of excluded senses in that text (found here when not given)."""
    if excluded is None:
        excluded = [(a + offset, b + offset) for a, b in _excluded(matcher, sentence, matches, -offset)]
    core: list[str] = []
    related: list[str] = []
    passing: list[str] = []
    bare = 0
    items: list[tuple[int, int]] | None | bool = False  # False: not looked at yet
    listed: list[tuple[int, str]] = []  # (item index, text) of core matches inside a noun-phrase list
    for m in matches:
        if excluded and any(a < m.end() and m.start() < b for a, b in excluded):
            continue
        start, end = m.start() - offset, m.end() - offset
        k = int(m.lastgroup[1:])  # type: ignore[index]
        requires = matcher.requires[k]
        if requires is not None and not requires.search(sentence):
            # The alternation gives the first term that matches here; a later one may still count
            # ("centre" beside "Russian" is core; alone, a related term).
            k = _later_term(matcher, sentence, start, k)
            if k < 0:
                continue
        kind = matcher.kinds[k]
        word = sentence[start:end]
        if kind == "related":
            related.append(word)
            continue
        if _bare_list_item(sentence, start, end):
            bare += 1
            passing.append(word)
            continue
        if kind == "place" and _LOCATIVE_BEFORE.search(sentence, max(0, start - 20), start):
            passing.append(word)
            continue
        if items is False:
            items = _np_list(sentence)
        if items:
            index = next(i for i, (a, b) in enumerate(items) if a <= start <= b or i == len(items) - 1)
            listed.append((index, f"{kind} '{word}'"))
            continue
        core.append(f"{kind} '{word}'")
    if listed:
        on_topic = {i for i, _ in listed}
        if len(on_topic) * 2 > len(items or ()):  # most items are the topic: the list is about it
            core.extend(w for _, w in listed)
        else:
            passing.extend(w for _, w in listed)
    if not (core or related or passing):
        return _NONE
    # Several bare items of the topic in one list ("gas, oil, and coal") are the topic itself.
    return _made(tuple(core), tuple(related), tuple(passing), bare >= 2)


_EXCLUDE_BEFORE, _EXCLUDE_AFTER = 40, 64  # how far an excluded phrase may reach either side of its term


def _excluded(matcher: _Matcher, text: str, matches: list[re.Match[str]], shift: int = 0) -> list[tuple[int, int]]:
    """Spans of excluded senses in ``text`` near ``matches`` (whose positions are ``shift`` off):
    searched in a window around each match, since a phrase that excludes a term contains it."""
    if matcher.exclude is None:
        return []
    windows: list[list[int]] = []  # matches come in order: windows that touch are searched as one
    for m in matches:
        lo, hi = max(0, m.start() + shift - _EXCLUDE_BEFORE), min(len(text), m.end() + shift + _EXCLUDE_AFTER)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = hi
        else:
            windows.append([lo, hi])
    return [e.span() for lo, hi in windows for e in matcher.exclude.finditer(text, lo, hi)]


def _later_term(matcher: _Matcher, sentence: str, start: int, k: int) -> int:
    """The next term after term ``k`` that matches at ``start`` and whose requirement holds, or -1."""
    for j in range(k + 1, len(matcher.patterns)):
        if _single(matcher.patterns[j]).match(sentence, start) and (
            matcher.requires[j] is None or matcher.requires[j].search(sentence)  # type: ignore[union-attr]
        ):
            return j
    return -1


@lru_cache(maxsize=4096)
def _single(pattern: str) -> re.Pattern[str]:
    return re.compile(word_pattern(pattern), re.IGNORECASE)


def speaks_to(topic: Topic, sentence: str) -> bool:
    """Whether ``sentence`` alone is about ``topic``, not only a passing or an ambiguous word on it."""
    matcher = _matcher(topic)
    return _evidence(matcher, sentence, list(matcher.terms.finditer(sentence)), 0).names


# --- Context a quote depends on ----------------------------------------------------------------------
#
# A sentence that opens with a back-reference does not stand alone: its quote starts at the sentence
# that names what it points to, in the same paragraph. A pronoun or demonstrative ("It refused…",
# "This deception…", "On that date…") points to the sentence before (and on, while that one opens so
# too); a definite description ("The measures…", "The company…") points to the last earlier sentence
# that names the same thing (the same word). A sentence that right after a quoted one continues it
# ("It…", "…refused to do so.") joins that quote.

_ANAPHORIC_OPENING = re.compile(
    r"(?:It|Its|This|That|These|Those|Such|He|She|They|His|Her|Their)(?![\w-])"
    r"|(?:On|At|In|By|Since|Until|After|Before|From|During|Following) (?:that|this|these|those) \w+"
)
_CONTINUATION = re.compile(r"\b(?:do|does|did|doing|done) so\b")
# "The measures…", "The same conclusion…": a definite noun phrase at a sentence's start (up to three
# lower-case words; the first that an earlier sentence also holds is what it points back to).
_DEFINITE_OPENING = re.compile(r"(?:The|Both|Either) ((?:[a-z][\w’'-]* ){0,2}[a-z][\w’'-]*)")
_NOT_A_REFERENT = frozenset("same other first last next new main only whole more most few many such own very".split())


def opens_with_back_reference(sentence: str) -> bool:
    """Whether ``sentence`` opens with a word or phrase that refers back to what was said before it."""
    return _ANAPHORIC_OPENING.match(sentence) is not None


def continues_previous(sentence: str) -> bool:
    """Whether ``sentence``, right after another, continues it: a back-reference first, or "do so"."""
    return opens_with_back_reference(sentence) or _CONTINUATION.search(sentence) is not None


def _word_in(word: str, text: str) -> bool:
    """Whether ``text`` holds ``word`` as a whole word, in the singular or the plural."""
    stem = word[:-1] if word.endswith("s") and len(word) > 4 else word
    return re.search(rf"(?<!\w){re.escape(stem)}s?(?!\w)", text, re.IGNORECASE) is not None


def _referent(text: str, spans: tuple[tuple[int, int], ...], k: int) -> int:
    """The sentence where the quote of sentence ``k`` must start so that it holds what it refers to."""
    while k > 0:
        sentence = text[slice(*spans[k])]
        if opens_with_back_reference(sentence):
            k -= 1
            continue
        m = _DEFINITE_OPENING.match(sentence)
        if m is None:
            return k
        words = [w for w in m.group(1).split() if len(w) > 3 and w not in _NOT_A_REFERENT]
        earlier = next(
            (j for w in words for j in range(k - 1, -1, -1) if _word_in(w, text[slice(*spans[j])])), None
        )
        if earlier is None:
            return k
        k = earlier
    return k


def _with_context(text: str, spans: tuple[tuple[int, int], ...], runs: list[list[int]]) -> list[list[int]]:
    """Runs of sentence indexes, each widened back to its referent and forward as the rules above say."""
    widened: list[list[int]] = []
    for first, last in runs:
        first = _referent(text, spans, first)
        if last + 1 < len(spans) and continues_previous(text[slice(*spans[last + 1])]):
            last += 1
        if widened and first <= widened[-1][1] + 1:
            widened[-1][1] = max(widened[-1][1], last)  # touching or overlapping quotes make one
        else:
            widened.append([first, last])
    return widened



def quote_bounds(text: str, spans: tuple[tuple[int, int], ...], k: int) -> tuple[int, int]:
    """Where the quote of sentence ``k`` alone starts and ends in ``text``: widened to what it
    refers back to and to a sentence that continues it, as a topic page quotes it."""
    ((first, last),) = _with_context(text, spans, [[k, k]])
    return spans[first][0], spans[last][1]

# --- Finding every topic's terms in one pass ------------------------------------------------------
#
# Scanning a paragraph with one topic's case-insensitive alternation of terms costs 20-70 µs whatever
# it finds (Python's re tries every branch at every position), so four topics cost four scans. Every
# match of a term begins a word, and the letters it can begin with are read from the parsed pattern.
# One case-sensitive scan of the lower-cased paragraph for all those beginnings at once (a trie, so
# each position is rejected after a letter or two) finds the few places where any term could start;
# each topic's full pattern is then tried there only, anchored. Same matches as finditer, ~5x faster.

_PREFIX = 6
_Pieces = set  # of lower-case prefixes, each at most _PREFIX long


def _starts(pattern: str) -> frozenset[str] | None:
    """Lower-case beginnings (up to 6 letters) that every match of ``pattern`` starts with, or None."""
    try:
        found, _ = _walk(list(_parser.parse(pattern, re.IGNORECASE)), {""})
    except Exception:  # noqa: BLE001 - a private API: if it changes, scan in full rather than fail
        return None
    if found is None or any(not _FIRST_WORD.match(s) for s in found):
        return None  # a term that can begin with a non-word character: scan for it in full
    return frozenset(found)


def _walk(items: list, prefixes: _Pieces) -> tuple[_Pieces | None, bool]:
    """Extend ``prefixes`` through ``items``; also say whether they were read to the end (else cut)."""
    for op, av in items:
        if all(len(p) >= _PREFIX for p in prefixes):
            return prefixes, True  # long enough: what follows changes nothing
        if op is _c.LITERAL:
            prefixes = {(p + _low(av))[:_PREFIX] for p in prefixes}
            continue
        if op is _c.IN and all(o is _c.LITERAL for o, _ in av) and len(av) <= 6:
            prefixes = {(p + _low(v))[:_PREFIX] for p in prefixes for _, v in av}
            continue
        if op is _c.AT:
            continue
        if op is _c.SUBPATTERN:
            parts = [_walk(list(av[-1]), prefixes)]
        elif op is _c.BRANCH:
            parts = [_walk(list(b), prefixes) for b in av[1]]
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[0] == 0 and av[1] == 1:
            parts = [(prefixes, True), _walk(list(av[2]), prefixes)]
        else:
            parts = []  # a repeat, a class, anything else: the beginning so far is all we know
        if not parts or any(found is None for found, _ in parts):
            return _cut(prefixes), False
        prefixes = set().union(*(found for found, _ in parts))  # type: ignore[misc]
        if not all(done for _, done in parts):
            return _cut(prefixes), False
    return prefixes, True


def _low(code: int) -> str:
    low = chr(code).lower()
    if len(low) != 1 or low.upper().lower() != low:  # "İ": re's case folding differs from str.lower
        raise ValueError("no simple lower case")
    return low


def _cut(prefixes: _Pieces) -> _Pieces | None:
    return None if any(not p for p in prefixes) else prefixes


@dataclass(frozen=True)
class _Finder:
    """Where each topic's terms could begin, for every topic at once."""

    matchers: tuple[_Matcher, ...]
    scan: re.Pattern[str] | None  # a non-word character, then any beginning (group 1), in lower-cased text
    head: re.Pattern[str] | None  # any beginning, at the start of the text
    owners: dict[str, tuple[int, ...]]  # a beginning the scan reports -> the matchers it may start
    always: tuple[int, ...]  # matchers whose beginnings are unknown: scanned in full


@lru_cache(maxsize=16)
def _finder(topics: tuple[Topic, ...]) -> _Finder:
    matchers = tuple(_matcher(t) for t in topics)
    always = tuple(i for i, m in enumerate(matchers) if m.starts is None)
    # Each beginning up to its first non-word character ("arms d" -> "arms"): a hit then never
    # crosses into the next word, so hits cannot hide one another.
    words = [
        {_FIRST_WORD.match(p).group(0) for p in m.starts} if m.starts is not None else set()  # type: ignore[union-attr]
        for m in matchers
    ]
    # The beginnings that no other beginning starts: in sorted order, a word's prefixes come just
    # before it, so comparing with the last one kept is enough (linear, where pairs were quadratic).
    shortest: set[str] = set()
    last = None
    for p in sorted(set().union(*words)):
        if last is None or not p.startswith(last):
            shortest.add(p)
            last = p
    found: dict[str, set[int]] = {q: set() for q in shortest}
    for i, w in enumerate(words):
        for p in w:
            found[next(p[:j] for j in range(1, len(p) + 1) if p[:j] in shortest)].add(i)
    owners = {q: tuple(sorted(i)) for q, i in found.items()}
    # A beginning at the start of a word: after a non-word character, which the scan looks for
    # first (a character class first lets re skip to it; a look-behind first is tried everywhere).
    # The class is ASCII (a bitmap, where \W asks Unicode about every character); the look-behind
    # then makes it \W. The character it takes never hides a hit: a hit holds word characters only.
    scan = re.compile(rf"[^a-zA-Z0-9_](?<=\W)({_trie(shortest)})") if shortest else None
    head = re.compile(_trie(shortest)) if shortest else None
    return _Finder(matchers, scan, head, owners, always)


_FIRST_WORD = re.compile(r"\w+")


def _trie(words: set[str]) -> str:
    """A regular expression for ``words`` that shares their common beginnings: ``k(?:fo|os)``."""
    tree: dict = {}
    for word in sorted(words):
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(tree)


def _all_matches(finder: _Finder, text: str) -> list[list[re.Match[str]]]:
    """For each matcher, what ``terms.finditer(text)`` gives."""
    low = text.lower()
    if (
        finder.scan is None
        or finder.head is None
        or len(low) != len(text)  # lower-casing moved positions
        or (not low.isascii() and _ODD_CASE is not None and _ODD_CASE.search(low) is not None)
    ):
        return [list(m.terms.finditer(text)) for m in finder.matchers]
    candidates: list[list[int]] = [[] for _ in finder.matchers]
    owners = finder.owners
    first = finder.head.match(low)
    if first is not None:
        for owner in owners[first.group()]:
            candidates[owner].append(0)
    for hit in finder.scan.finditer(low):
        for owner in owners[hit.group(1)]:
            candidates[owner].append(hit.start(1))
    found: list[list[re.Match[str]]] = []
    for k, matcher in enumerate(finder.matchers):
        if k in finder.always:
            found.append(list(matcher.terms.finditer(text)))
            continue
        matches: list[re.Match[str]] = []
        for i in candidates[k]:
            if matches and i < matches[-1].end():
                continue  # inside the previous match, as finditer would skip it
            m = matcher.terms.match(text, i)
            if m is not None:
                matches.append(m)
        found.append(matches)
    return found


# --- What each block of an article is ----------------------------------------------------------------
#
# The selector quotes body paragraphs only. Whatever the cleaner keeps, these are never quoted:
# headings (the cleaner's, or a short line without a sentence's end: "II. The pipes", "Rating: TRUE",
# or a labelled line "Claim 3: “…”"), questions (an interviewer's or an explainer's: a short paragraph
# ending in "?", or in a Q&A a short line answered by "Yes."/"No."), and page chrome that reached the
# body (link lines such as "Read more: …", captions and credits, newsletter and share lines, a
# pull-quote repeating a sentence of the article). Headings and questions give context instead.

_SENTENCE_END = re.compile(r"[.!?…][”’\"')\]»*_]*(?:\s?\[\d{1,3}\])*\s*$")
_BULLET = re.compile(r"[-•*–]\s")
_LABELLED_HEADING = re.compile(r"[A-Z][a-z]+ \d+[a-z]?[:.]\s")
_HEADING_WORDS = 12
_LINK_LINE = re.compile(
    r"(?:Read (?:more|also|next)\b|Related(?::| articles| stories| coverage| reading)|See also\b|Also read\b|"
    r"More (?:\w+ ){0,2}?\w+:|Further reading\b|Recommended(?::| for you)|Listen to (?:this|the) (?:article|story)|"
    r"Watch:|Tags?:|Categories:|Topics:|Filed under\b|Share(?: this\b| on\b|:|\s*$)|Subscribe\b|Sign up\b|"
    r"Follow us\b|Photo of the\b|Comments? ?(?:\(\d+\)|:)|Join the conversation\b)",
    re.IGNORECASE,
)
_CREDIT = re.compile(
    r"\b(?:Photo(?:graph)?s?|Picture|Image|Illustration|Credit|Video)(?: by)?:\s"
    r"|\.\s+[A-Z][\w.-]*(?: [A-Z][\w.-]*)*/[A-Z][\w.-]*(?: [\w.-]+)*\s*$"  # "… 2025. Agency/Photographer"
    r"|©|\bin your inbox\b|\bnewsletter\b|\bthis email\b|\bunsubscribe\b",
    re.IGNORECASE,
)
_CHROME_WORDS = 40
_CREDIT_HINT = re.compile(r"[©/:]|inbox|newsletter|email|unsubscribe", re.IGNORECASE)  # what _CREDIT needs
_QUOTE_MARKS = "“”‘’\"'«» "
_MARKS = _QUOTE_MARKS + "*_"  # and Markdown emphasis: "**How exposed is Serbia?**"
_ANSWER_OPENING = re.compile(r"(?:Yes|No|Not really|Not quite|Absolutely|Certainly|Of course)[.,!;—–-]")


def _roles(blocks: tuple[tuple[int, str, str], ...]) -> list[str]:
    """``blocks``: (n, kind, text) in order; each block's role: body, heading, question or chrome."""
    whole = "\n".join(text for _, _, text in blocks)
    roles: list[str] = []
    for _, kind, text in blocks:
        if kind == "heading":
            roles.append("heading")
            continue
        # A paragraph of more than 40 words is body text; "x.count(' ') < 40" tells without splitting.
        words = len(text.split()) if text.count(" ") < 2 * _CHROME_WORDS else _CHROME_WORDS + 1
        if words > _CHROME_WORDS and not text.rstrip(_MARKS).endswith("?"):
            roles.append("body")
        elif words <= _CHROME_WORDS and (_LINK_LINE.match(text) or (_CREDIT_HINT.search(text) and _CREDIT.search(text))):
            roles.append("chrome")
        elif words <= _CHROME_WORDS and text[:1] in _QUOTE_MARKS and whole.count(text.strip(_QUOTE_MARKS)) >= 2:
            roles.append("chrome")  # a pull-quote: the article's own sentence again
        elif not _BULLET.match(text) and (
            (words <= _HEADING_WORDS and not _SENTENCE_END.search(text))
            or (_LABELLED_HEADING.match(text) and words <= 25 and len(sentence_spans(text)) == 1)
        ):
            roles.append("heading")
        elif text.rstrip(_MARKS).endswith("?") and words <= 40 and len(sentence_spans(text)) <= 3:
            roles.append("question")
        else:
            roles.append("body")
    # In a Q&A, a short line answered by "Yes." or "No." is a question too ("The oil question being NIS.").
    if roles.count("question") >= 2:
        for i in range(len(blocks) - 1):
            text = blocks[i][2]
            if (
                roles[i] == "body"
                and roles[i + 1] == "body"
                and len(text.split()) <= 15
                and _ANSWER_OPENING.match(blocks[i + 1][2])
            ):
                roles[i] = "question"
    return roles



def roles(blocks: tuple[tuple[int, str, str], ...]) -> list[str]:
    """Each block's role (body, heading, question or chrome), as quote selection reads it."""
    return _roles(blocks)

# --- Context ---------------------------------------------------------------------------------------
#
# A paragraph may be on a topic that it does not name, and then a related term in it is enough:
# - a heading (or a question used as one) that names a topic scopes the paragraphs after it, up to
#   the next heading or question: "Heavily, though less than it was." under "How dependent is Serbia
#   on Russian energy?"; an interviewer's question passes its topics to the answer;
# - a paragraph that opens with a back-reference ("They told me…", "The usual explanations for that
#   refusal…", "Staff at the centre…" after a paragraph naming the centre, "None of this…", "In the
#   meantime…") continues its predecessor and may take its topics.
# A paragraph in context still needs a term of the topic (core or related) to be quoted on it.

_DEMONSTRATIVE = re.compile(
    r"\b(?:of|for|to|with|about|from|on|in|by|despite|after|before|over|against) (?:this|that|these|those)\b"
    r"|\b(?:this|these|those|that) (?:way|refusal|decision|policy|argument|measure|measures|deal|contract|plan|"
    r"question|issue|problem|record|move|step|position|stance|reason|view|claim|figure|case)\b"
    r"|\bthe same (?!time\b|day\b|year\b|week\b|month\b|period\b)\w+"
    r"|^In the meantime\b",
    re.IGNORECASE,
)
_OPENING_WORDS = 8
_THE_NOUN = re.compile(r"\bthe ([a-z][\w’'-]+)")


def _continues(first: str, previous: str | None) -> str | None:
    """Whether a paragraph whose first sentence is ``first`` continues the paragraph ``previous``:
    None if not, else the noun it names again ("centre" in "Staff at the centre…"), or ""."""
    if previous is None:
        return None
    if opens_with_back_reference(first):
        return ""
    opening = " ".join(first.split()[:_OPENING_WORDS])
    if _DEMONSTRATIVE.search(opening):
        return ""
    head = " ".join(first.split()[:5])  # "Staff at the centre…": the same thing, named again at once
    for m in _THE_NOUN.finditer(head):
        if len(m.group(1)) > 3 and m.group(1) not in _NOT_A_REFERENT and _word_in(m.group(1), previous):
            return m.group(1)
    return None


@dataclass(frozen=True)
class Choice:
    """A quote and why it was chosen: the rule that put its paragraph on the topic, and the terms."""

    quote: Quote
    rule: str
    terms: tuple[str, ...]


def _choose(finder: _Finder, slug: str, blocks: tuple[tuple[int, str, str], ...]) -> list[list[Choice]]:
    """Every topic's choices in one article's ``blocks`` ((n, kind, text) in order)."""
    topics = range(len(finder.matchers))
    chosen: list[list[Choice]] = [[] for _ in topics]
    roles = _roles(blocks)
    evidence_of: list[list[list[_Evidence]]] = []  # per block, per topic, per sentence
    spans_of: list[tuple[tuple[int, int], ...]] = []
    flags_of: list[list[tuple[bool, bool, bool]]] = []
    for (_, _, text), role in zip(blocks, roles):
        found = _all_matches(finder, text) if role != "chrome" else []
        spans = sentence_spans(text) if any(found) else ()
        spans_of.append(spans)
        evidence = [_sentence_evidence(finder.matchers[k], text, spans, found[k]) for k in topics] if spans else []
        evidence_of.append(evidence)
        # Per topic: a sentence names it; two related terms; any term.
        flags_of.append([
            (any(e.names for e in ev), any(e.pair for e in ev), any(e.any for e in ev)) if found[k] else _NO_FLAGS
            for k, ev in enumerate(evidence)
        ])
    # Two related terms in a sentence are a cue for each other only in an article that names the
    # topic somewhere in its body: "the contract" and "deliveries" are not energy in a NASA story.
    named_here = [False] * len(topics)
    for role, flags in zip(roles, flags_of):
        if role == "body" and flags:
            for k in topics:
                named_here[k] = named_here[k] or flags[k][0]
    scope: dict[int, str] = {}  # topic -> the heading or question whose scope we are in
    # The last body block or question: its number, text, topics, and the words that put it on each.
    previous: tuple[int, str, dict[int, str], list[list[_Evidence]]] | None = None
    for (n, _, text), role, spans, found_ev, flags in zip(blocks, roles, spans_of, evidence_of, flags_of):
        if role == "chrome":
            continue  # a caption between two paragraphs does not part them
        if role == "heading":
            scope = {k: f"under the heading “{text}”" for k in topics if flags and flags[k][0]}
            previous = None
            continue
        if not found_ev and role == "body" and not (previous and previous[2]):
            previous = (n, text, {}, [])  # no term, and nothing to continue: the common case, made quick
            continue
        evidence = found_ev or [[] for _ in topics]
        flags = flags or [_NO_FLAGS for _ in topics]
        first = text[slice(*spans[0])] if spans else text
        again = _continues(first, previous[1]) if previous is not None and previous[2] else None
        inherited = {k: f"continues p-{previous[0]}" for k in previous[2]} if again is not None and previous else {}
        # "Staff at the centre…" right after "…the Russian-Serbian Humanitarian Centre…": the noun
        # named again is that term, so the paragraph is on the term's topic even without another.
        renamed = (
            {k for k, words in _matched(previous[3]).items() if k in inherited and any(_word_in(again, w) for w in words)}
            if again and previous
            else set()
        )
        if again:
            # A noun named again continues only the topics whose term held it: "the government"
            # twice in a row says nothing about what the second paragraph is on.
            inherited = {k: rule for k, rule in inherited.items() if k in renamed}
        if role == "question":
            named = {k for k in topics if flags[k][0]} | set(inherited)
            scope = {k: f"answers the question “{text}”" for k in named}
            previous = (n, text, {k: "" for k in named}, evidence)
            continue
        on: dict[int, str] = {}
        for k in topics:
            names, pair, some = flags[k]
            rule = (scope.get(k) or inherited.get(k)) if some else None
            if rule is None and k in renamed:
                rule = f"{inherited[k]}, naming its “{again}” again"
            if names:
                on[k] = "the paragraph names the topic"
            elif rule:
                on[k] = rule
            elif named_here[k] and pair:
                on[k] = "two related terms, in an article that names the topic"
        for k, rule in on.items():
            # A paragraph that names the topic is quoted where it does; one on the topic by context
            # only, where its related terms are (its words count there, and nowhere else).
            if rule == "the paragraph names the topic":
                picked = [i for i, e in enumerate(evidence[k]) if e.names or (named_here[k] and e.pair)]
            elif rule.startswith("two related terms"):
                picked = [i for i, e in enumerate(evidence[k]) if e.pair]
            else:
                # On the topic by its context: quoted from its first sentence, which the context
                # (the question, the heading, the paragraph before) makes readable, to its last term.
                spans = spans or sentence_spans(text)  # a paragraph with no term was not split
                terms_at = [i for i, e in enumerate(evidence[k]) if e.any]
                picked = list(range(0, (terms_at[-1] if terms_at else 0) + 1))
            runs: list[list[int]] = []
            for i in picked:
                if runs and runs[-1][1] == i - 1:
                    runs[-1][1] = i  # adjacent sentences make one quote
                else:
                    runs.append([i, i])
            for a, b in _with_context(text, spans, runs):
                terms = tuple(
                    f"{kind} '{word}'" if kind else word
                    for e in evidence[k][a : b + 1]
                    for kind, words in (("", e.core), ("related", e.related))
                    for word in words
                )
                quote = Quote(finder.matchers[k].id, slug, n, text[spans[a][0] : spans[b][1]])
                chosen[k].append(Choice(quote, rule, terms))
        previous = (n, text, on, evidence)
    return chosen


def _matched(evidence: list[list[_Evidence]]) -> dict[int, tuple[str, ...]]:
    """Per topic, the text of every term match of a block (without the kind that --explain shows)."""
    return {
        k: tuple(w.split(" ", 1)[1].strip("'") for e in ev for w in e.core) + tuple(w for e in ev for w in e.related)
        for k, ev in enumerate(evidence)
        if ev
    }


def _sentence_evidence(
    matcher: _Matcher, text: str, spans: tuple[tuple[int, int], ...], found: list[re.Match[str]]
) -> list[_Evidence]:
    """Each sentence's evidence for one topic, from the topic's matches in the paragraph (in order)."""
    if not found:
        return [_NONE] * len(spans)
    excluded = _excluded(matcher, text, found)
    out: list[_Evidence] = []
    i = 0
    for a, b in spans:
        inside = []
        while i < len(found) and found[i].start() < b:
            if found[i].start() >= a and found[i].end() <= b:
                inside.append(found[i])
            i += 1
        out.append(_evidence(matcher, text[a:b], inside, a, excluded) if inside else _NONE)
    return out


def _blocks(article: Article) -> tuple[tuple[int, str, str], ...]:
    return tuple((p.n, p.kind, p.text) for p in article.cleaned.paragraphs)


def paragraph_quotes(topic: Topic, slug: str, paragraph: int, text: str) -> tuple[Quote, ...]:
    """The quotes of one paragraph, alone, on ``topic``: runs of adjacent matching sentences, verbatim."""
    (choices,) = _choose(_finder((topic,)), slug, ((paragraph, "paragraph", text),))
    return tuple(c.quote for c in choices)


def article_quotes(topic: Topic, article: Article) -> tuple[Quote, ...]:
    (choices,) = _choose(_finder((topic,)), article.slug, _blocks(article))
    return tuple(c.quote for c in choices)


def explain(topics: tuple[Topic, ...], article: Article) -> list[list[Choice]]:
    """One article's quotes on each of ``topics``, each with what chose it."""
    return _choose(_finder(tuple(topics)), article.slug, _blocks(article))


def _article_quotes(finder: _Finder, article: Article) -> tuple[tuple[Quote, ...], ...]:
    """One article's quotes, per topic (in the finder's topic order)."""
    return tuple(tuple(c.quote for c in choices) for choices in _choose(finder, article.slug, _blocks(article)))


def quotes_per_topic(topics: tuple[Topic, ...], article: Article) -> tuple[tuple[Quote, ...], ...]:
    """One article's quotes on each of ``topics``: its share of what select_topics gathers."""
    return _article_quotes(_finder(tuple(topics)), article)


Memo = Callable[[Article, Callable[[], tuple[tuple[Quote, ...], ...]]], tuple[tuple[Quote, ...], ...]]


def select_topics(
    topics: tuple[Topic, ...], articles: tuple[Article, ...], memo: Memo | None = None
) -> tuple[tuple[TopicResult, ...], tuple[str, ...]]:
    """Every topic's quotes, from ``articles`` in the order given; and warnings, as data.

    ``memo(article, compute)`` may return an article's per-topic quotes from a cache.
    """
    finder = _finder(tuple(topics))
    quotes: list[list[Quote]] = [[] for _ in topics]
    silent: list[list[str]] = [[] for _ in topics]
    warnings: list[str] = []
    for article in articles:
        compute = lambda article=article: _article_quotes(finder, article)  # noqa: E731
        per_topic = memo(article, compute) if memo else compute()
        for k, found_quotes in enumerate(per_topic):
            if found_quotes:
                quotes[k].extend(found_quotes)
            else:
                silent[k].append(article.slug)
        if topics and not any(per_topic):
            warnings.append(
                f"{article.source.path}: not quoted on any topic page (no sentence matches a term in topics.yml)"
            )
    unquoted = [
        f"topics.yml: topic '{topic.id}': no source is quoted (no sentence matches its terms)"
        for topic, found in zip(topics, quotes)
        if articles and not found
    ]
    results = tuple(TopicResult(topic=t, quotes=tuple(q), silent=tuple(s)) for t, q, s in zip(topics, quotes, silent))
    return results, (*unquoted, *warnings)


def check_quotes(results: tuple[TopicResult, ...], articles: tuple[Article, ...]) -> list[str]:
    """One line per quote that is not a verbatim substring of its source's cleaned paragraph."""
    by_slug = {a.slug: a for a in articles}
    body = {a.slug: {p.n: p for p in a.cleaned.body} for a in articles}
    problems: list[str] = []
    for result in results:
        for q in result.quotes:
            article = by_slug.get(q.slug)
            paragraph = body[q.slug].get(q.paragraph) if article is not None else None
            stripped = q.text.strip()
            if paragraph is not None and stripped and q.text == stripped and q.text in paragraph.text:
                continue  # verbatim: the one path almost every quote takes, so nothing is built for it
            where = f"topic '{result.topic.id}': quote from paragraph {q.paragraph}"
            if article is None:
                problems.append(f"sources/{q.slug}.md: {where}: there is no such source")
            elif paragraph is None:
                problems.append(f"{article.source.path}: {where}: the article has no paragraph {q.paragraph}")
            else:
                problems.append(
                    f"{article.source.path}: {where} is not verbatim in the cleaned text: {_snippet(q.text)}"
                )
    return problems


def _snippet(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return f'"{flat}"' if len(flat) <= width else f'"{flat[: width - 1]}…"'


# --- Terms too broad to tell topics apart -------------------------------------------------------------
#
# A term that matches a large share of all sentences ("the", "Serbia") quotes nearly everything. In the
# seeds the most frequent real term, "Kosovo", is in 14 % of sentences (they are about Serbia and
# Russia, where Kosovo comes up all the time) and in topics-dev 8 %; "Serbia" is in 21-66 %, "the" in
# 57-83 %. A share above 20 % is a warning; under 50 sentences in all, shares say too little to judge.

BROAD_SHARE = 0.20
BROAD_MIN_SENTENCES = 50


def broad_terms(topics: tuple[Topic, ...], articles: tuple[Article, ...], path: str = "topics.yml") -> list[str]:
    """One warning per term that matches more than BROAD_SHARE of the body sentences of ``articles``."""
    finder = _finder(tuple(topics))
    counts = [[0] * len(m.patterns) for m in finder.matchers]
    total = 0
    for article in articles:
        for p in article.cleaned.body:
            spans = sentence_spans(p.text)
            total += len(spans)
            for k, found in enumerate(_all_matches(finder, p.text)):
                i = 0
                for start, end in spans:
                    seen = set()
                    while i < len(found) and found[i].start() < end:
                        if found[i].start() >= start:
                            seen.add(int(found[i].lastgroup[1:]))  # type: ignore[index]
                        i += 1
                    for term in seen:
                        counts[k][term] += 1
    if total < BROAD_MIN_SENTENCES:
        return []
    return [
        f"{path}: topic '{topic.id}': term '{term.pattern}' matches {n / total:.0%} of all sentences "
        f"({n} of {total}); a term should pick out its topic, not common words (warned above {BROAD_SHARE:.0%})"
        for topic, row in zip(topics, counts)
        for term, n in zip(topic.terms, row)
        if n > BROAD_SHARE * total
    ]

"""Choose the sentences of each article that speak to each topic, and quote them verbatim."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .model import Article, Quote, Topic, TopicResult
from .topics import word_pattern

# --- Sentences -------------------------------------------------------------------------------------
#
# A regular-expression splitter: a general-purpose one (pysbd) is ~30x slower, and news prose needs
# only a few rules. A sentence ends at . ! ? or … (repeated, and after closing quotes or brackets, as
# in `Serbia.”.`), plus any footnote markers that follow (`territory. [1]`), when whitespace and then
# a capital or a digit (optionally after an opening quote) come next. A lone period after an initial,
# a title or a dotted abbreviation does not end a sentence.

_END = re.compile(r"(?:[.!?…]+[”’\"')\]»]*)+(?:\s?\[\d{1,3}\])*(?=\s|$)")
_NEXT = re.compile(r"\s+[“‘\"'(\[«]*(\S)")
_WORD_BEFORE = re.compile(r"([\w.’']+)$")
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
    for m in _END.finditer(text, start):
        end = m.end()
        nxt = _NEXT.match(text, end)
        if nxt is None:
            continue  # end of text: the last span below takes it
        if not _ends_sentence(text, m, nxt):
            continue
        if end > start:
            spans.append((start, end))
        start = end + len(nxt.group(0)) - len(nxt.group(0).lstrip())  # the opening quote belongs to it
    stop = len(text.rstrip())
    if stop > start:
        spans.append((start, stop))
    return tuple(spans)


def _ends_sentence(text: str, m: re.Match[str], nxt: re.Match[str]) -> bool:
    first = nxt.group(1)
    if not (first.isupper() or first.isdigit() or first in "€$£¥"):
        return False
    if m.group(0) != ".":
        return True  # "?", "!", "…", a period with closing quotes, or a footnote marker after it
    word = _WORD_BEFORE.search(text, 0, m.start())
    if word is None:
        return True
    token = word.group(1)  # the word before the final period: "U.S", "J", "Mr", "2024"
    if len(token) == 1 and token.isalpha():
        return False  # an initial: "Aleksandar J. Vucic"
    lower = token.lower()
    if lower in _TITLES:
        return False
    if lower in _BEFORE_NUMBERS and first.isdigit():
        return False
    if _INITIALISM.match(token):
        following = re.match(r"[\w’']+", text[nxt.start(1) :])
        return bool(following) and following.group(0).lower() in _STARTERS
    return True


def sentences(text: str) -> tuple[str, ...]:
    return tuple(text[a:b] for a, b in sentence_spans(text))


# --- Topics in sentences -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Matcher:
    terms: re.Pattern[str]  # one named group per term: t0, t1, ...
    requires: tuple[re.Pattern[str] | None, ...]
    exclude: re.Pattern[str] | None


@lru_cache(maxsize=256)
def _matcher(topic: Topic) -> _Matcher:
    alternation = "|".join(f"(?P<t{i}>{word_pattern(t.pattern)})" for i, t in enumerate(topic.terms))
    requires = tuple(re.compile(word_pattern(t.requires), re.IGNORECASE) if t.requires else None for t in topic.terms)
    exclude = (
        re.compile("|".join(word_pattern(p) for p in topic.exclude), re.IGNORECASE) if topic.exclude else None
    )
    return _Matcher(re.compile(alternation, re.IGNORECASE), requires, exclude)


# A term that stands alone as one item of a comma-separated list is a passing mention:
# "…neighbours, particularly Bosnia and Herzegovina, Kosovo, and Montenegro."
_LIST_BEFORE = re.compile(r"(?:,\s+(?:and\s+|or\s+)?|,\s+[^,;:()]{1,40}\s(?:and|or)\s+)$")
_LIST_AFTER = re.compile(r",|\s+(?:and|or)\s|\s*[.;:!?)”’\"]|\s*$")


def _bare_list_item(sentence: str, start: int, end: int) -> bool:
    return bool(_LIST_BEFORE.search(sentence[max(0, start - 60) : start])) and bool(
        _LIST_AFTER.match(sentence, end)
    )


def speaks_to(topic: Topic, sentence: str) -> bool:
    """Whether ``sentence`` is about ``topic``, not only a passing word on it."""
    matcher = _matcher(topic)
    excluded = [m.span() for m in matcher.exclude.finditer(sentence)] if matcher.exclude else []
    bare = 0
    for m in matcher.terms.finditer(sentence):
        start, end = m.span()
        if any(a < end and start < b for a, b in excluded):
            continue
        requires = matcher.requires[int(m.lastgroup[1:])]  # type: ignore[index]
        if requires is not None and not requires.search(sentence):
            continue
        if not _bare_list_item(sentence, start, end):
            return True
        bare += 1
    # Several bare items of the topic in one list ("gas, oil, and coal") are the topic itself.
    return bare >= 2


def paragraph_quotes(topic: Topic, slug: str, paragraph: int, text: str) -> tuple[Quote, ...]:
    """The quotes of one paragraph on ``topic``: runs of adjacent matching sentences, verbatim."""
    if not _matcher(topic).terms.search(text):
        return ()  # most paragraphs: no need to split them
    quotes: list[Quote] = []
    run: tuple[int, int] | None = None
    for start, end in sentence_spans(text):
        if speaks_to(topic, text[start:end]):
            run = (run[0], end) if run else (start, end)
            continue
        if run:
            quotes.append(Quote(topic.id, slug, paragraph, text[run[0] : run[1]]))
            run = None
    if run:
        quotes.append(Quote(topic.id, slug, paragraph, text[run[0] : run[1]]))
    return tuple(quotes)


def article_quotes(topic: Topic, article: Article) -> tuple[Quote, ...]:
    return tuple(q for p in article.cleaned.body for q in paragraph_quotes(topic, article.slug, p.n, p.text))


def select_topics(
    topics: tuple[Topic, ...], articles: tuple[Article, ...]
) -> tuple[tuple[TopicResult, ...], tuple[str, ...]]:
    """Every topic's quotes, from ``articles`` in the order given; and warnings, as data."""
    results: list[TopicResult] = []
    warnings: list[str] = []
    quoted: set[str] = set()
    for topic in topics:
        quotes: list[Quote] = []
        silent: list[str] = []
        for article in articles:
            found = article_quotes(topic, article)
            if found:
                quotes.extend(found)
                quoted.add(article.slug)
            else:
                silent.append(article.slug)
        if articles and not quotes:
            warnings.append(f"topics.yml: topic '{topic.id}': no source is quoted (no sentence matches its terms)")
        results.append(TopicResult(topic=topic, quotes=tuple(quotes), silent=tuple(silent)))
    for article in articles:
        if topics and article.slug not in quoted:
            warnings.append(
                f"{article.source.path}: not quoted on any topic page (no sentence matches a term in topics.yml)"
            )
    return tuple(results), tuple(warnings)


def check_quotes(results: tuple[TopicResult, ...], articles: tuple[Article, ...]) -> list[str]:
    """One line per quote that is not a verbatim substring of its source's cleaned paragraph."""
    by_slug = {a.slug: a for a in articles}
    problems: list[str] = []
    for result in results:
        for q in result.quotes:
            article = by_slug.get(q.slug)
            where = f"topic '{result.topic.id}': quote from paragraph {q.paragraph}"
            if article is None:
                problems.append(f"sources/{q.slug}.md: {where}: there is no such source")
                continue
            paragraph = next((p for p in article.cleaned.body if p.n == q.paragraph), None)
            if paragraph is None:
                problems.append(f"{article.source.path}: {where}: the article has no paragraph {q.paragraph}")
            elif not q.text.strip() or q.text != q.text.strip() or q.text not in paragraph.text:
                problems.append(
                    f"{article.source.path}: {where} is not verbatim in the cleaned text: {_snippet(q.text)}"
                )
    return problems


def _snippet(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return f'"{flat}"' if len(flat) <= width else f'"{flat[: width - 1]}…"'

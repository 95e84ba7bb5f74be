"""Build the timeline: every sentence of the sources that dates an event, quoted verbatim and in date order."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from itertools import combinations

from .dates import DateMention, find_dates, with_year
from .model import Article, TopicResult
from .passages import quote_bounds, roles, sentence_spans
from .region import stoplist


@dataclass(frozen=True)
class Dated:
    """One date in one sentence of one source. ``quote`` is the sentence with the context it needs
    to stand alone (the same rule as the topic pages' quotes: "On that date, …" keeps the sentence
    naming the date); it is a verbatim substring of paragraph ``paragraph``."""

    slug: str
    paragraph: int
    sentence: str
    quote: str
    date: DateMention
    terms: frozenset[str]  # the key words near the date, as stems (see key_terms)


@dataclass(frozen=True)
class Entry:
    """One event on the timeline: the quotes that give it the same date (one, or several when
    sources agree), the topics that quote the same sentences, and the entries that seem to be the
    same event under another date (their ids), which the page marks as a disagreement."""

    id: str
    date: DateMention
    items: tuple[Dated, ...]
    topics: tuple[str, ...] = ()
    differs: tuple[str, ...] = ()


# --- What one article dates ---------------------------------------------------------------------------


def dated(article: Article) -> tuple[Dated, ...]:
    """Every date stated in the article's body paragraphs, one record per date in a sentence.

    Headings, questions and page chrome are left out, as the topic pages leave them out. A day and
    month without a year take it from the nearest date before them in the paragraph, else from the
    article's own date (see dates.with_year); with neither, the sentence is not placed.
    """
    blocks = tuple((p.n, p.kind, p.text) for p in article.cleaned.paragraphs)
    out: list[Dated] = []
    for (n, _, text), role in zip(blocks, roles(blocks)):
        if role != "body":
            continue
        mentions = find_dates(text)  # the whole paragraph at once, then each date to its sentence
        if not mentions:
            continue
        spans = sentence_spans(text)
        years: list[int] = []  # years stated so far in the paragraph, in order
        k = 0
        for found in mentions:
            while k < len(spans) and spans[k][1] <= found.start:
                k += 1
            if k == len(spans) or found.start < spans[k][0] or found.end > spans[k][1]:
                continue  # across two sentences: no date of either
            a, b = spans[k]
            sentence = text[a:b]
            mention = replace(found, start=found.start - a, end=found.end - a)
            placed = with_year(mention, tuple(years), article.meta.date)
            if mention.placed:
                years.append(mention.last.year if mention.precision == "span" else mention.first.year)  # type: ignore[union-attr]
            if placed is None:
                continue
            qa, qb = quote_bounds(text, spans, k)
            terms = key_terms(sentence, mention.start, mention.end)
            out.append(Dated(article.slug, n, sentence, text[qa:qb], placed, terms))
    return tuple(out)


# --- Key terms: what an event is about ----------------------------------------------------------------
#
# The words around the date (WINDOW words either side, within the sentence), without stop-words,
# month names and numbers, each cut to its first STEM letters so that "annexed" and "annexation",
# "declared" and "declaration" meet. Two records share an event when they share SHARED key terms that
# are not common across the whole timeline (in more than COMMON of its records, once there are
# COMMON_FROM records: "Serbia" in a briefing on Serbia says nothing about which event).

WINDOW = 8
STEM = 5
SHARED = 2
COMMON = 0.25
COMMON_FROM = 12
_WORD = re.compile(r"[^\W\d_][\w’'-]*")
_POSSESSIVE = re.compile(r"[’']s$")
_MONTH_WORDS = frozenset(
    w.lower() for w in "January February March April May June July August September October November December".split()
)


def key_terms(sentence: str, start: int, end: int) -> frozenset[str]:
    stop = stoplist()
    before = _WORD.findall(sentence[:start])[-WINDOW:]
    after = _WORD.findall(sentence[end:])[:WINDOW]
    out = set()
    for word in (*before, *after):
        w = _POSSESSIVE.sub("", word.lower()).strip("’'-")
        if len(w) < 4 or w in stop or w in _MONTH_WORDS:
            continue
        out.add(w[:STEM])
    return frozenset(out)


# --- The timeline ------------------------------------------------------------------------------------


def _same_date(a: DateMention, b: DateMention) -> bool:
    return (a.precision, a.first, a.last) == (b.precision, b.first, b.last)


# Dates a disagreement can be read between: an event's own date. "since 2016", "the 1990s" and a span
# name a stretch of time, which another source may well start or end differently without disagreeing.
_EVENT_PRECISIONS = frozenset({"day", "month", "year"})


def entries(records: Iterable[Dated], results: tuple[TopicResult, ...] = ()) -> tuple[Entry, ...]:
    """The timeline's entries in date order (a span by its start, "since 2016" at 2016).

    Records with the same date and SHARED key terms are one event, one entry with each quote.
    Entries from different sources that share key terms but give dates that cannot both hold (no
    overlap: 2014 against 2016; 2014 and March 2014 agree) mark each other as differing; only a day,
    month or year the source states counts (not a "since", a decade, a span, or an inferred year).
    """
    records = sorted(set(records), key=lambda r: (r.date.sort_key(), r.slug, r.paragraph, r.date.start, r.quote))
    common = _common_terms(records)
    # Two records share SHARED (two) key terms exactly when they share a pair of them: each pair of a
    # record's terms is a key, so finding who shares what is linear in the records, not quadratic.
    pairs = [frozenset(combinations(sorted(r.terms - common), SHARED)) for r in records]
    # Records with the same date and shared key terms: one event (grouped transitively).
    parent = list(range(len(records)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    holder: dict[tuple, int] = {}
    for i, r in enumerate(records):
        when = (r.date.precision, r.date.first, r.date.last)
        for pair in pairs[i]:
            j = holder.setdefault((when, pair), i)
            if j != i:
                parent[find(i)] = find(j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(records)):
        groups[find(i)].append(i)
    ordered = sorted(groups.values(), key=lambda g: min(g))
    ids = _ids([records[g[0]] for g in ordered])
    group_of = {i: k for k, g in enumerate(ordered) for i in g}
    # Possible disagreements: records of different groups (so, different dates) that share a pair.
    sharing: dict[tuple, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i, r in enumerate(records):
        # A year the source does not state (inferred from its paragraph or its date) is this reading's,
        # not the source's: no disagreement is read from it.
        if r.date.precision in _EVENT_PRECISIONS and not r.date.inferred:
            for pair in pairs[i]:
                sharing[pair][group_of[i]].append(i)
    dates_of: dict[tuple[str, int, str], list[DateMention]] = defaultdict(list)
    for r in records:
        dates_of[(r.slug, r.paragraph, r.sentence)].append(r.date)
    when = [records[g[0]].date for g in ordered]  # every record of a group has the same date
    differs: dict[int, set[int]] = defaultdict(set)
    for by_group in sharing.values():
        if len(by_group) < 2:
            continue
        for gi, gj in combinations(sorted(by_group), 2):
            if gj in differs[gi] or _overlap(when[gi], when[gj]):
                continue
            # The sources of each side whose sentence does not also state the other side's date ("the
            # 1999 bombing and the 2008 declaration" does not disagree with a 2008 declaration); two
            # different sources among them disagree.
            mine = {records[i].slug for i in by_group[gi] if not _states(records[i], when[gj], dates_of)}
            theirs = {records[j].slug for j in by_group[gj] if not _states(records[j], when[gi], dates_of)}
            if mine and theirs and len(mine | theirs) > 1:
                differs[gi].add(gj)
                differs[gj].add(gi)
    tagged = _topics_of(results)
    out = []
    for k, g in enumerate(ordered):
        items = tuple(records[i] for i in g)
        topics = sorted({t for r in items for t in tagged(r)}, key=_topic_order(results))
        # The same date in each; shown as a source states it, when one does ("25 February 2022", not "[2022]").
        date = next((r.date for r in items if not r.date.inferred), items[0].date)
        out.append(Entry(ids[k], date, items, tuple(topics), tuple(ids[o] for o in sorted(differs[k]))))
    return tuple(out)


def _states(r: Dated, date: DateMention, dates_of: dict[tuple[str, int, str], list[DateMention]]) -> bool:
    """Whether the sentence of ``r`` also states a date that agrees with ``date``."""
    return any(_overlap(d, date) for d in dates_of[(r.slug, r.paragraph, r.sentence)])


def of_build(articles: tuple[Article, ...], results: tuple[TopicResult, ...]) -> tuple[Entry, ...]:
    """The timeline of ``articles``, tagged with the topics of ``results``."""
    return entries([r for a in articles for r in dated(a)], results)


def _overlap(a: DateMention, b: DateMention) -> bool:
    assert a.first and a.last and b.first and b.last
    return a.first <= b.last and b.first <= a.last


def _common_terms(records: list[Dated]) -> frozenset[str]:
    if len(records) < COMMON_FROM:
        return frozenset()
    counts: dict[str, int] = defaultdict(int)
    for r in records:
        for t in r.terms:
            counts[t] += 1
    return frozenset(t for t, n in counts.items() if n > COMMON * len(records))


def _ids(first: list[Dated]) -> list[str]:
    """``t-<slug>-p<N>``, from each entry's first quote; a second entry from the same paragraph gets ``-2``."""
    seen: dict[tuple[str, int], int] = {}
    out = []
    for r in first:
        k = seen[(r.slug, r.paragraph)] = seen.get((r.slug, r.paragraph), 0) + 1
        out.append(f"t-{r.slug}-p{r.paragraph}" + (f"-{k}" if k > 1 else ""))
    return out


def _topics_of(results: tuple[TopicResult, ...]):
    """For a record, the topics whose page quotes its sentence."""
    quoted: dict[tuple[str, int], list[tuple[str, str]]] = defaultdict(list)
    for result in results:
        for q in result.quotes:
            quoted[(q.slug, q.paragraph)].append((result.topic.id, q.text))

    def of(r: Dated) -> set[str]:
        return {topic for topic, text in quoted.get((r.slug, r.paragraph), ()) if r.sentence in text}

    return of


def _topic_order(results: tuple[TopicResult, ...]):
    order = {r.topic.id: k for k, r in enumerate(results)}
    return lambda t: order.get(t, len(order))


def check(records: Iterable[Dated], articles: tuple[Article, ...]) -> list[str]:
    """One line per timeline quote that is not a verbatim substring of its source's cleaned paragraph."""
    body = {a.slug: {p.n: p.text for p in a.cleaned.body} for a in articles}
    path = {a.slug: a.source.path for a in articles}
    problems = []
    for r in records:
        text = body.get(r.slug, {}).get(r.paragraph)
        if text is None or r.quote != r.quote.strip() or r.quote not in text or r.sentence not in r.quote:
            where = path.get(r.slug, f"sources/{r.slug}.md")
            problems.append(f"{where}: timeline: quote from paragraph {r.paragraph} is not verbatim in the cleaned text")
    return problems


def plain_text(timeline: tuple[Entry, ...]) -> str:
    """The timeline as reviewable plain text: one block per entry."""
    out = []
    for e in timeline:
        head = f"{e.date.label()} ({e.date.precision})"
        if e.topics:
            head += " [" + ", ".join(e.topics) + "]"
        if e.differs:
            head += " differs from: " + ", ".join(e.differs)
        out.append(head + "\n" + "\n".join(f"  {r.slug} p-{r.paragraph}: {r.quote}" for r in e.items))
    return "\n\n".join(out) + "\n"


def iso(d: dt.date, precision: str) -> str:
    """A ``<time datetime>`` value at the precision the text gives: 2022-02-25, 2022-02 or 2022."""
    if precision == "day":
        return d.isoformat()
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return f"{d.year:04d}"

"""Properties of date reading and the timeline on arbitrary text: never a crash, every date the text's
own words, every quote verbatim, the same page from the same input."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_timeline import article

from briefing import timeline, timeline_page
from briefing.dates import find_dates

# Date words, numbers that are not dates, punctuation sentence splitting trips on, and noise.
pieces = st.one_of(
    st.sampled_from([
        "In 2014", "in 2014,", "since 2016", "the 1990s", "On 25 February", "July 19.", "mid-2022", "late 2021",
        "between 2014 and 2016", "from March 2014 to June 2016", "2014–16", "2022's", "25 February 2022",
        "March 13, 2022", "Resolution 1244", "S-400", "€800 million", "2,000 soldiers", "1.5 billion", "Article 5",
        "31 February 2022", "of last year", "as of 1991", "On that date,", "It", "the council met.", "Serbia",
        "Kosovo’s", "U.S.", "“", "”", " [3]", ".", "?", "\n", " – ", "İ", "ſ",
    ]),
    st.text(max_size=30),
)
texts = st.lists(pieces, max_size=14).map(" ".join)


@given(texts)
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_every_date_found_is_the_texts_own_words_and_never_overlaps(text: str) -> None:
    found = find_dates(text)
    for d in found:
        assert text[d.start : d.end] == d.text
        assert d.first is None or (d.last is not None and d.first <= d.last)
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))


@given(st.lists(texts, min_size=1, max_size=4), st.sampled_from([None, dt.date(2024, 9, 17)]))
@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
def test_every_timeline_quote_is_verbatim_and_the_page_is_deterministic(paragraphs: list[str], published) -> None:
    blocks = [p for p in paragraphs if p.strip()]
    a = article("a", *blocks, date=published)
    records = timeline.dated(a)
    assert timeline.check(records, (a,)) == []
    for r in records:
        assert r.date.placed and r.sentence in r.quote
        assert r.date.inferred == (r.date.text.count(str(r.date.first.year)) == 0 and r.date.precision == "day")
    entries = timeline.entries(records)
    assert Counter(r for e in entries for r in e.items) == Counter(set(records))  # each record in one entry
    page = lambda: timeline_page.page(lambda: timeline.entries(records), (a,), ()).body  # noqa: E731
    assert page() == page()

"""Properties of passage selection on arbitrary text: quotes are always verbatim, and deterministic."""

from __future__ import annotations

from functools import lru_cache

from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing import passages, pipeline
from briefing.model import Meta, Source
from briefing.passages import article_quotes, check_quotes, paragraph_quotes, select_topics, sentence_spans
from briefing.topic_pages import pages as topic_pages
from briefing.topics import load_topics, parse_topics

TOPICS = load_topics(ROOT / "topics.yml")


@lru_cache(maxsize=1)
def seed_sentences() -> tuple[str, ...]:
    build = pipeline.build(pipeline.Settings(root=ROOT))
    return tuple(
        p.text[a:b] for art in build.articles for p in art.cleaned.body for a, b in sentence_spans(p.text)
    )


# Seed sentences (full of topic words), fragments of them, punctuation that splitters trip on, and noise.
pieces = st.one_of(
    st.sampled_from(range(400)).map(lambda i: seed_sentences()[i % len(seed_sentences())]),
    st.sampled_from(["U.S.", "J.", "“", "”", ".”.", " [3]", "[12]", "…", "?", "!", " – ", "€800 million.", "Kosovo,", "gas.", "No. 5", "\n", "  ", "ſanctions", "İ", "ΣA", "K"]),
    st.text(max_size=40),
)
paragraphs = st.lists(pieces, max_size=12).map(" ".join)


@given(paragraphs)
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_every_quote_is_a_substring_of_its_paragraph(text: str) -> None:
    spans = sentence_spans(text)
    assert all(0 <= a < b <= len(text) and text[a:b] == text[a:b].strip() for a, b in spans)
    assert all(b1 <= a2 for (_, b1), (a2, _) in zip(spans, spans[1:]))
    for topic in TOPICS:
        for q in paragraph_quotes(topic, "s", 1, text):
            assert q.text and q.text == q.text.strip() and q.text in text


@given(st.lists(paragraphs, min_size=1, max_size=6))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_every_quote_is_a_substring_of_its_cleaned_article(paras: list[str]) -> None:
    raw = "\n\n".join(paras) + "\n"
    meta = Meta(title="A title", authors=(), publisher=None, date=None, url="https://example.org/a")
    article = pipeline.make_article(Source(slug="a", path="sources/a.md", meta=meta, raw=raw))
    body = {p.n: p.text for p in article.cleaned.body}
    for topic in TOPICS:
        for q in article_quotes(topic, article):
            assert q.text in body[q.paragraph]
    results, _ = select_topics(TOPICS, (article,))
    assert check_quotes(results, (article,)) == []
    # Rendering the topic pages is deterministic too.
    assert topic_pages(results, (article,)) == topic_pages(results, (article,))


ODD = parse_topics(
    "topics:\n"
    "  - {id: odd, title: Odd, description: x, terms: ['\\w+stan', '(?-i:NIS)', 'x{2}y', 'Kosovo\\b.{0,3}']}\n"
    "  - {id: spaces, title: Spaces, description: x, terms: ['arms (?:of )?war', 'oil', 'o', 'ban'], exclude: ['oil ban']}\n"
)


@given(paragraphs)
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_the_one_pass_finder_finds_what_each_pattern_finds(text: str) -> None:
    """The fast path (a trie of every term's first letters, then anchored matches) changes nothing."""
    for topics in (TOPICS, ODD, TOPICS + ODD):
        finder = passages._finder(topics)
        fast = [[m.span() for m in found] for found in passages._all_matches(finder, text)]
        full = [[m.span() for m in matcher.terms.finditer(text)] for matcher in finder.matchers]
        assert fast == full


@given(st.lists(paragraphs, min_size=1, max_size=4))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_select_topics_agrees_with_the_plain_per_topic_path(paras: list[str]) -> None:
    meta = Meta(title="A title", authors=(), publisher=None, date=None, url=None)
    article = pipeline.make_article(Source(slug="a", path="sources/a.md", meta=meta, raw="\n\n".join(paras) + "\n"))
    results, _ = select_topics(TOPICS + ODD, (article,))
    assert [r.quotes for r in results] == [article_quotes(t, article) for t in TOPICS + ODD]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(min_size=1).filter(lambda w: not any(c.isspace() for c in w)), min_size=1, max_size=12))
def test_a_text_fragment_encodes_words_as_quote_encodes_their_text(words: list[str]) -> None:
    from urllib.parse import quote

    from briefing.topic_pages import _encode

    assert _encode(words) == quote(" ".join(words), safe="").replace("-", "%2D")


# A text fragment as first defined: the words of the text between footnote markers; up to ten in
# one piece are quoted whole, else the first five words and the last five.
def _plain_text_fragment(text: str) -> str:
    from briefing.footnotes import without_markers
    from briefing.topic_pages import _encode

    segments = [words for words in (piece.split() for piece in without_markers(text)) if words]
    if not segments:
        return ""
    if len(segments) == 1 and len(segments[0]) <= 10:
        return ":~:text=" + _encode(segments[0])
    return ":~:text=" + _encode(segments[0][:5]) + "," + _encode(segments[-1][-5:])


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(
        st.lists(st.sampled_from(["Kosovo", "a", "b.", " ", "  ", "\n", "\u2003", "’s", "-", "[1]", " [2]", "é"]), max_size=40).map("".join),
        st.lists(st.sampled_from(["Kosovo", "a,", "b.", "’s", "-", "[1]", "é", " "]), max_size=25).map(" ".join),
    )
)
def test_a_text_fragment_is_its_plain_definition(text: str) -> None:
    from briefing.topic_pages import text_fragment

    assert text_fragment(text) == _plain_text_fragment(text)

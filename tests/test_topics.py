"""Topic pages: passages chosen from the seeds, quoted verbatim, each one click from its context."""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, SEED_OF, run_mkdocs

from briefing import passages, pipeline
from briefing.errors import BriefingError
from briefing.model import Quote
from briefing.passages import check_quotes, paragraph_quotes, select_topics, sentences, speaks_to
from briefing.topic_pages import original_link, quotes_text, text_fragment
from briefing.topics import load_topics, parse_topics

GOLDEN = Path(__file__).parent / "golden" / "topics.txt"
TOPICS = {t.id: t for t in load_topics(ROOT / "topics.yml")}
MIKOVIC = "serbias-cant-lose-ukraine-strategy"
ECFR = "bound-to-russia-serbias-disruptive-neutrality"
BLOG = "how-strong-are-ties-between-serbia-and-russia"
ALLY = "serbia-is-not-a-russian-ally"


@pytest.fixture(scope="module")
def build():
    return pipeline.build(pipeline.Settings(root=ROOT))


def quotes_of(build, topic: str, slug: str, paragraph: int | None = None) -> list[str]:
    result = next(r for r in build.topics if r.topic.id == topic)
    return [q.text for q in result.quotes if q.slug == slug and paragraph in (None, q.paragraph)]


def paragraph_text(build, slug: str, n: int) -> str:
    article = next(a for a in build.articles if a.slug == slug)
    return next(p.text for p in article.cleaned.body if p.n == n)


def page(site: Path, uri: str) -> BeautifulSoup:
    return BeautifulSoup((site / uri / "index.html").read_text(encoding="utf-8"), "html.parser")


def words(text: str) -> str:
    return " ".join(text.split())


def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "docs", "overrides", "scripts", "sources", "topics.yml"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(src, dest / name)
    return dest


# --- Sentences -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Abbreviations and initials do not end a sentence; "U.S." before a non-starter word does not either.
        (
            "It could import U.S. LNG. Serbia now has access. The U.S. ambassador agreed.",
            ["It could import U.S. LNG.", "Serbia now has access.", "The U.S. ambassador agreed."],
        ),
        ("Aid came from the U.S. The EU also helped.", ["Aid came from the U.S.", "The EU also helped."]),
        ("It was signed by Aleksandar J. Vucic. Mr. Lavrov came.", ["It was signed by Aleksandar J. Vucic.", "Mr. Lavrov came."]),
        # A quotation that ends the sentence, even with a stray period after it.
        (
            "He said it “has never done anything against Serbia.”. Indeed, Ukraine did not.",
            ["He said it “has never done anything against Serbia.”.", "Indeed, Ukraine did not."],
        ),
        ("“Serbia needs to assess its position,” he stressed. “Yes.” And so on.", ["“Serbia needs to assess its position,” he stressed.", "“Yes.”", "And so on."]),
        # Numbers: currency, decimals, "No. 5", a year at a sentence's end.
        (
            "It was worth up to €800 million via intermediaries. Although 1.5 tonnes went in 2024. No. 5 followed.",
            ["It was worth up to €800 million via intermediaries.", "Although 1.5 tonnes went in 2024.", "No. 5 followed."],
        ),
        # Footnote markers stay with the sentence they follow.
        ("Occupied territory. [1] Serbia was alone.[2] On a EU level, it refused.[3]", ["Occupied territory. [1]", "Serbia was alone.[2]", "On a EU level, it refused.[3]"]),
        ("The question is: how solid is it? And, what is the price of it?", ["The question is: how solid is it?", "And, what is the price of it?"]),
        ("  Leading space.  Trailing space.  ", ["Leading space.", "Trailing space."]),
        ("", []),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert list(sentences(text)) == expected


def test_every_seed_sentence_is_verbatim_and_the_sentences_tile_the_paragraph(build) -> None:
    for article in build.articles:
        for p in article.cleaned.body:
            spans = passages.sentence_spans(p.text)
            assert spans[0][0] == 0 and spans[-1][1] == len(p.text)
            for (_, end), (start, _) in zip(spans, spans[1:]):
                assert end < start and p.text[end:start].isspace()


# --- Choosing passages ---------------------------------------------------------------------------


def test_passing_mentions_in_the_seeds_are_not_quoted(build) -> None:
    # Kosovo only as one of the uneasy neighbours; the same paragraph's military base is Arms.
    assert all("Montenegro" not in q for q in quotes_of(build, "kosovo", ECFR))
    assert quotes_of(build, "arms", ECFR, 6) == [
        paragraph_text(build, ECFR, 6)[paragraph_text(build, ECFR, 6).index("Since 2016") : paragraph_text(build, ECFR, 6).index(" The deepening")]
    ]
    # "military interests", "military forces" and "the Serbian Army" are not arms.
    assert quotes_of(build, "arms", BLOG, 1) == quotes_of(build, "arms", BLOG, 3) == []
    assert quotes_of(build, "arms", BLOG, 5) == [
        "At the same time, on the other side, pieces of evidence have emerged of Ukraine’s Army using contraband "
        "Serbian weapons in Donbas against the self-proclaimed Donetsk People’s Republic soldiers.[6]"
    ]
    # Troops and jets at the border are Kosovo tensions, not arms.
    assert quotes_of(build, "arms", ECFR, 7) == []
    # The football match itself is not the sports ban.
    assert quotes_of(build, "sanctions", MIKOVIC, 13) == []


def test_adjacent_sentences_merge_and_separate_ones_do_not(build) -> None:
    # The ban and the "friendly" match outside it: one quote of two sentences.
    assert quotes_of(build, "sanctions", MIKOVIC, 12) == [
        paragraph_text(build, MIKOVIC, 12)[paragraph_text(build, MIKOVIC, 12).index("As a result") :]
    ]
    # Sentences 2 and 4 of ECFR p-4 speak of Kosovo; sentence 3 (the SAA) does not: two quotes.
    kosovo = quotes_of(build, "kosovo", ECFR, 4)
    assert [q[:30] for q in kosovo] == ["Serbia sometimes tries to play", "But the country remains politi"]
    assert all("Stabilisation and Association" not in q for q in kosovo)


def test_abbreviations_and_prices_stay_inside_their_quote(build) -> None:
    (lng,) = quotes_of(build, "energy", ALLY, 17)
    assert "potentially U.S. LNG. Serbia now has physical access" in lng
    (arms,) = quotes_of(build, "arms", ALLY, 13)
    assert "artillery ammunition worth up to €800 million via intermediary buyer countries." in arms


SPIES = parse_topics("topics:\n  - {id: spies, title: Spies, description: Espionage., terms: ['espionage', 'spy']}\n")[0]


def spy_quotes(text: str) -> list[str]:
    return [q.text for q in paragraph_quotes(SPIES, "s", 1, text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A quote that opens with a back-reference starts one sentence earlier, in the same paragraph.
        ("The weather was fine. A law passed in May. It bans espionage.", ["A law passed in May. It bans espionage."]),
        ("Rain. A treaty was signed on 4 May. On that date, espionage ended.", ["A treaty was signed on 4 May. On that date, espionage ended."]),
        ("Rain. Russia denied it. This espionage went on.", ["Russia denied it. This espionage went on."]),
        # …but not before the paragraph's first sentence: a paragraph is never crossed.
        ("It refused to allow espionage. Nothing else.", ["It refused to allow espionage."]),
        # Not back-references: a definite noun phrase, a word that only begins like one, a connective.
        ("Rain. The council condemned espionage.", ["The council condemned espionage."]),
        ("Rain. Items of espionage were found.", ["Items of espionage were found."]),
        ("Rain. At the same time, espionage grew.", ["At the same time, espionage grew."]),
        ("Rain. “It was espionage,” he said.", ["“It was espionage,” he said."]),
        # A sentence right after a quote that continues it joins the quote.
        (
            "Serbia will not outlaw espionage. Belarus alone has refused to do so. Then came rain.",
            ["Serbia will not outlaw espionage. Belarus alone has refused to do so."],
        ),
        ("Espionage grew. It alarmed Berlin. It also alarmed Paris.", ["Espionage grew. It alarmed Berlin."]),
        # …but one that starts anew does not, nor one two sentences later.
        ("Espionage grew. The storm came. It rained.", ["Espionage grew."]),
        ("Espionage grew. Rain. Others did so too.", ["Espionage grew."]),
        # Widened quotes that touch become one.
        ("A spy came. It was cold. This spy left. Rain.", ["A spy came. It was cold. This spy left."]),
        ("A spy came. Rain. Sun. This spy left.", ["A spy came.", "Sun. This spy left."]),
    ],
)
def test_quotes_keep_the_context_they_depend_on(text: str, expected: list[str]) -> None:
    assert spy_quotes(text) == expected
    assert all(q in text for q in expected)  # still verbatim


def test_seed_quotes_keep_their_context(build) -> None:
    # "It refused…" (ECFR ¶3) is about Crimea in 2014, said in the sentence before: on both topics.
    for topic in ("kosovo", "sanctions"):
        (crimea,) = quotes_of(build, topic, ECFR, 3)
        assert crimea.startswith("When Russia annexed Crimea in 2014, Serbia") and "It refused to recognise" in crimea
    # "…refused to do so." continues the quoted sentence on sanctions (ECFR ¶2).
    (conclusions,) = quotes_of(build, "sanctions", ECFR, 2)
    assert conclusions.endswith("imposing sanctions on Russia. Serbia and Belarus are now the only European countries that have refused to do so.")
    (date,) = quotes_of(build, "energy", ALLY, 1)
    assert date.startswith("Any lingering doubts") and "on July 19. On that date, Serbian President" in date
    (deception,) = quotes_of(build, "kosovo", ALLY, 9)
    assert deception.startswith("Russia portrays its relationship with Serbia") and "solidarity. This deception" in deception
    # The attribution “…,” he stressed is a paragraph of its own: paragraphs are never crossed.
    assert quotes_of(build, "arms", MIKOVIC, 7) == [paragraph_text(build, MIKOVIC, 7)]


@pytest.mark.parametrize(
    ("topic", "sentence", "expected"),
    [
        ("kosovo", "Kosovo declared independence in 2008.", True),
        ("kosovo", "Leaders of Albania, Kosovo, and Montenegro met in Skopje.", False),
        ("kosovo", "The talks covered Ukraine, and Kosovo, and trade.", False),
        ("kosovo", "The rift between Serbia and Kosovo, Vučić said, is deep.", True),
        ("kosovo", "Nothing about the Balkans here.", False),
        ("energy", "Police fired tear gas at the protesters.", False),
        ("energy", "Serbia buys its gas from Russia.", True),
        ("energy", "Serbia imports coal, gas, and oil.", True),  # several items of the topic in one list
        ("energy", "The turmoil spoiled the soil.", False),  # whole words only
        ("arms", "He welcomed the visitors with open arms.", False),
        ("arms", "Troops wore their military uniforms.", False),
        ("arms", "Russia and Serbia held joint exercises near Nis.", True),
        ("sanctions", "The government lifted the ban on protests.", False),
        ("sanctions", "UEFA’s ban on Russian clubs stays.", True),
        ("sanctions", "The plan was sanctioned by parliament.", False),
        ("sanctions", "Serbia has not sanctioned Russia.", True),
    ],
)
def test_speaks_to(topic: str, sentence: str, expected: bool) -> None:
    assert speaks_to(TOPICS[topic], sentence) is expected


def test_every_source_is_quoted_on_at_least_one_topic_page(build) -> None:
    quoted = {q.slug for r in build.topics for q in r.quotes}
    every = {a.slug for a in build.articles}
    assert set(SEED_OF) <= quoted <= every
    # An article a contributor adds may speak to no topic yet: then, and only then, a warning names it.
    assert [w for w in build.warnings if "not quoted on any topic page" in w] == [
        f"sources/{slug}.md: not quoted on any topic page (no sentence matches a term in topics.yml)"
        for slug in [a.slug for a in build.articles if a.slug not in quoted]
    ]
    # The seeds and topics.yml give no warning at all.
    assert [w for w in build.warnings if w.startswith(("topics.yml:", *(f"sources/{s}.md:" for s in SEED_OF)))] == []


def test_silent_sources_are_exactly_those_without_quotes(build) -> None:
    for r in build.topics:
        quoted = {q.slug for q in r.quotes}
        assert set(r.silent) == {a.slug for a in build.articles} - quoted
        assert list(r.silent) == [a.slug for a in build.articles if a.slug in r.silent]  # newest first
    energy = next(r for r in build.topics if r.topic.id == "energy")
    assert [s for s in energy.silent if s in SEED_OF] == [MIKOVIC, BLOG]


def test_warnings_are_data(build) -> None:
    article = next(a for a in build.articles if a.slug == MIKOVIC)
    energy_only = (TOPICS["energy"],)
    results, warnings = select_topics(energy_only, (article,))
    assert results[0].quotes == () and results[0].silent == (MIKOVIC,)
    assert warnings == (
        "topics.yml: topic 'energy': no source is quoted (no sentence matches its terms)",
        f"sources/{MIKOVIC}.md: not quoted on any topic page (no sentence matches a term in topics.yml)",
    )


def test_golden_quotes(build) -> None:
    """Every quote of every topic in the seeds, reviewable as text (UPDATE_GOLDEN=1 rewrites the file).

    Selection is per article, so the seeds' quotes do not change when a contributor adds an article;
    choosing over the seeds alone keeps this file the seeds' and the new article out of it.
    """
    seeds = tuple(a for a in build.articles if a.slug in SEED_OF)
    assert sorted(a.slug for a in seeds) == sorted(SEED_OF)
    results, _ = select_topics(tuple(load_topics(ROOT / "topics.yml")), seeds)
    assert [r.quotes for r in results] == [
        tuple(q for q in r.quotes if q.slug in SEED_OF) for r in build.topics
    ]  # the build chose the same quotes from the seeds
    actual = quotes_text(results)
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(actual, encoding="utf-8")
    assert actual == GOLDEN.read_text(encoding="utf-8")


# --- Topics are data -----------------------------------------------------------------------------


def test_topics_file_gives_the_four_topics_in_order() -> None:
    assert list(TOPICS) == ["kosovo", "energy", "arms", "sanctions"]
    assert [t.title for t in TOPICS.values()] == ["Kosovo", "Energy", "Arms", "Sanctions"]
    assert all(t.description and "\n" not in t.description for t in TOPICS.values())


def test_a_new_term_is_a_change_to_the_yaml_only() -> None:
    text = "topics:\n  - id: spies\n    title: Spies\n    description: Espionage.\n    terms: ['espionage', 'spy']\n"
    (spies,) = parse_topics(text)
    quotes = paragraph_quotes(spies, "s", 5, "A spy was filmed. Nothing else. Espionage went on.")
    assert quotes == (Quote("spies", "s", 5, "A spy was filmed."), Quote("spies", "s", 5, "Espionage went on."))


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        ("topics: []\n", ["topics.yml: expected a mapping with a non-empty list 'topics'"]),
        ("topics: [\n", ["topics.yml: not valid YAML: expected the node content, but found '<stream end>' (line 2)"]),
        (
            "topics:\n  - id: Bad Id\n    title: ''\n    description: x\n    terms: ['(unclosed']\n    colour: red\n",
            [
                "topics.yml: topic 1: 'id': 'Bad Id' is not a slug (lowercase letters, digits and hyphens)",
                "topics.yml: topic 1: 'colour': unknown field (expected one of: id, title, description, terms, related, names, places, exclude)",
                "topics.yml: topic 1: 'title': '' is not a non-empty string",
                "topics.yml: topic 1: 'terms' item 1: '(unclosed' is not a valid regular expression "
                "(missing ), unterminated subpattern at position 0)",
            ],
        ),
        (
            "topics:\n  - {id: a, title: A, description: x, terms: ['x*']}\n  - {id: a, title: B, description: y, terms: [{pattern: b, with: c}]}\n",
            [
                "topics.yml: topic 1 ('a'): 'terms' item 1: 'x*' matches empty text, so it would match everywhere",
                "topics.yml: topic 2 ('a'): 'terms' item 1: 'with': unknown field (expected one of: pattern, requires)",
                "topics.yml: topic 2: id 'a' is used twice",
            ],
        ),
    ],
)
def test_topics_file_problems_are_one_line_each(text: str, problems: list[str]) -> None:
    with pytest.raises(BriefingError) as exc:
        parse_topics(text)
    assert list(exc.value.problems) == problems


def test_a_broken_topics_file_is_reported_with_the_sources_problems(tmp_path: Path) -> None:
    copy_project(tmp_path)
    (tmp_path / "topics.yml").write_text("topics:\n  - {id: x, title: X, description: x, terms: ['(']}\n", encoding="utf-8")
    with pytest.raises(BriefingError) as exc:
        pipeline.build(pipeline.Settings(root=tmp_path))
    assert exc.value.problems == (
        "topics.yml: topic 1 ('x'): 'terms' item 1: '(' is not a valid regular expression "
        "(missing ), unterminated subpattern at position 0)",
    )


# --- Verbatim, always ----------------------------------------------------------------------------


def test_check_quotes_names_the_file_the_topic_and_the_paragraph(build) -> None:
    energy = next(r for r in build.topics if r.topic.id == "energy")
    # Chosen by slug and paragraph, not by position: a new article may come first in the quotes.
    good = next(q for q in energy.quotes if q.slug == ALLY and q.paragraph == 1)
    tampered = dataclasses.replace(energy, quotes=(dataclasses.replace(good, text=good.text.replace("lithium", "coal")),))
    assert check_quotes((energy,), build.articles) == []
    assert check_quotes((tampered,), build.articles) == [
        f"sources/{ALLY}.md: topic 'energy': quote from paragraph 1 is not verbatim in the cleaned text: "
        "\"Any lingering doubts about whether Serbia is oriented towar…\""
    ]
    elsewhere = dataclasses.replace(energy, quotes=(dataclasses.replace(good, paragraph=2),))
    missing = dataclasses.replace(energy, quotes=(dataclasses.replace(good, paragraph=99),))
    empty = dataclasses.replace(energy, quotes=(dataclasses.replace(good, text=""),))
    assert check_quotes((elsewhere,), build.articles)[0].startswith(
        f"sources/{ALLY}.md: topic 'energy': quote from paragraph 2 is not verbatim"
    )
    assert check_quotes((missing,), build.articles) == [
        f"sources/{ALLY}.md: topic 'energy': quote from paragraph 99: the article has no paragraph 99"
    ]
    assert check_quotes((empty,), build.articles) == [
        f"sources/{ALLY}.md: topic 'energy': quote from paragraph 1 is not verbatim in the cleaned text: \"\""
    ]


def test_a_tampered_quote_stops_the_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    real = passages.select_topics

    def tampered(topics, articles, memo=None):
        results, warnings = real(topics, articles, memo)
        kosovo = tuple(dataclasses.replace(q, text=q.text.replace("Kosovo", "Montenegro")) for q in results[0].quotes)
        return (dataclasses.replace(results[0], quotes=kosovo), *results[1:]), warnings

    monkeypatch.setattr(pipeline, "select_topics", tampered)
    with pytest.raises(BriefingError) as exc:
        pipeline.build(pipeline.Settings(root=ROOT))
    assert f"sources/{MIKOVIC}.md: topic 'kosovo': quote from paragraph 9 is not verbatim in the cleaned text: " in "\n".join(exc.value.problems)
    assert all(" topic 'kosovo': " in line for line in exc.value.problems)  # other topics' quotes are untouched


TAMPER = '''

# Test only: change one word of one quote after it was chosen.
_chosen = select_topics


def select_topics(topics, articles, memo=None):
    results, warnings = _chosen(topics, articles, memo)
    out = []
    for r in results:
        quotes = tuple(
            Quote(q.topic, q.slug, q.paragraph, q.text.replace("never recognized", "always recognized"))
            if q.topic == "kosovo" and q.slug == "serbias-cant-lose-ukraine-strategy" else q
            for q in r.quotes
        )
        out.append(TopicResult(r.topic, quotes, r.silent))
    return tuple(out), warnings
'''


def test_a_tampered_quote_fails_the_real_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    module = project / "scripts" / "briefing" / "passages.py"
    module.write_text(module.read_text(encoding="utf-8") + TAMPER, encoding="utf-8")
    built = run_mkdocs(project, tmp_path / "site")
    assert built.returncode != 0
    assert (
        f"ERROR   -  sources/{MIKOVIC}.md: topic 'kosovo': quote from paragraph 9 is not verbatim in the cleaned "
        "text: \"Indeed, Ukraine, unlike most of its Western allies, has alw…\"" in built.stderr
    )
    assert "Traceback" not in built.stderr
    assert not (tmp_path / "site" / "topics").exists()


# --- Text fragments ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Serbia, Russia & the West.", ":~:text=Serbia%2C%20Russia%20%26%20the%20West."),
        ("The anti-Western sentiment – full–scale.", ":~:text=The%20anti%2DWestern%20sentiment%20%E2%80%93%20full%E2%80%93scale."),
        ("A “historic” pact, “not anyone’s proxy”.", ":~:text=A%20%E2%80%9Chistoric%E2%80%9D%20pact%2C%20%E2%80%9Cnot%20anyone%E2%80%99s%20proxy%E2%80%9D."),
        ("He said \"no\" and 'yes'.", ":~:text=He%20said%20%22no%22%20and%20%27yes%27."),
        # Long: its first and last five words; the comma between them is the directive's own.
        (
            "Serbia, Russia – and the West: a long, long sentence with many words, and a dash-ending.",
            ":~:text=Serbia%2C%20Russia%20%E2%80%93%20and%20the,many%20words%2C%20and%20a%20dash%2Dending.",
        ),
        # Footnote markers are left out: the original may show them differently.
        ("Belgrade backed Moscow.[2] On a EU level, Serbia refused.[3]", ":~:text=Belgrade%20backed%20Moscow.,a%20EU%20level%2C%20Serbia%20refused."),
        ("Short one.[4]", ":~:text=Short%20one."),
    ],
)
def test_text_fragment_encoding(text: str, fragment: str) -> None:
    assert text_fragment(text) == fragment


def test_original_link_is_safe_in_an_html_attribute() -> None:
    assert original_link('https://example.org/a_(b)?x=1&y=2&q="x"<y>#top', "Kosovo, again.") == (
        "https://example.org/a_%28b%29?x=1&amp;y=2&amp;q=%22x%22%3Cy%3E#:~:text=Kosovo%2C%20again."
    )


# --- Determinism and properties ------------------------------------------------------------------


def test_two_builds_give_byte_identical_pages() -> None:
    first = pipeline.build(pipeline.Settings(root=ROOT))
    second = pipeline.build(pipeline.Settings(root=ROOT))
    assert [(p.uri, p.content) for p in first.pages] == [(p.uri, p.content) for p in second.pages]
    assert first.fragments == second.fragments and first.topics == second.topics


# --- The seeds' facts do not depend on other articles ---------------------------------------------

EXTRA = Path(__file__).parent / "fixtures" / "extra-sources"
EXTRA_FILES = sorted(p.name for p in EXTRA.glob("*.md") if p.name != "README.md")


@pytest.mark.parametrize(
    "added",
    [(name,) for name in EXTRA_FILES] + [tuple(EXTRA_FILES)],
    ids=lambda added: "+".join(n.split("-")[0] for n in added),
)
def test_seed_facts_hold_with_any_extra_valid_articles(build, tmp_path: Path, added: tuple[str, ...]) -> None:
    """A property of the whole suite: what it asserts about the seeds must not change when valid
    articles are added before, between or after them (by name, and by date: newest, undated, oldest)."""
    assert [n.split("-")[0] for n in EXTRA_FILES] == ["adriatic", "kosovo", "zastava"]
    assert sorted([*SEED_OF, "adriatic", "kosovo", "zastava"])[0] == "adriatic"  # before every seed
    root = copy_project(tmp_path / "project")
    added = tuple(n for n in added if not (root / "sources" / n).exists())  # (the walk-through's copy has them)
    for name in added:
        shutil.copy(EXTRA / name, root / "sources" / name)
    more = pipeline.build(pipeline.Settings(root=root))
    assert len(more.articles) == len(build.articles) + len(added)
    for mine, theirs in zip(build.topics, more.topics):
        # The seeds' quotes, in the same order; their silent lists; the order of the seeds among themselves.
        assert [q for q in theirs.quotes if q.slug in SEED_OF] == [q for q in mine.quotes if q.slug in SEED_OF]
        assert [s for s in theirs.silent if s in SEED_OF] == [s for s in mine.silent if s in SEED_OF]
    # The tests above that pin seed facts still hold on this build.
    test_silent_sources_are_exactly_those_without_quotes(more)
    test_every_source_is_quoted_on_at_least_one_topic_page(more)
    test_check_quotes_names_the_file_the_topic_and_the_paragraph(more)
    test_golden_quotes(more)
    seeds_only = [a.slug for a in build.articles if a.slug in SEED_OF]
    assert [a.slug for a in more.articles if a.slug in SEED_OF] == seeds_only
    assert check_quotes(more.topics, more.articles) == []

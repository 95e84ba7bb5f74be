"""Topic selection beyond single words: context (headings, questions, continuing paragraphs), passing
mentions, other senses, quotes that keep their referent, and the review tools (--explain, --diff, the
broad-term warning). Scored on tests/topics_dev, ten labelled captures nobody tuned the seeds on."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest
from conftest import ROOT, SEED_OF, article_of, mkdocs_env
from conftest import copy_project as copy_whole_project

from briefing import passages, pipeline
from briefing.check import check
from briefing.errors import BriefingError
from briefing.model import Article, Meta
from briefing.passages import BROAD_SHARE, broad_terms, speaks_to
from briefing.review import explained_text
from briefing.topics import load_topics, parse_topics

TOPICS = {t.id: t for t in load_topics(ROOT / "topics.yml")}
DEV = Path(__file__).parent / "topics_dev"

# A topic made for these tests, so that they do not move when topics.yml gains a term.
SPIES = parse_topics(
    "topics:\n"
    "  - id: spies\n"
    "    title: Spies\n"
    "    description: Espionage.\n"
    "    terms: ['espionage', 'spy', 'listening station']\n"
    "    names: ['KGB']\n"
    "    places: ['Lubyanka']\n"
    "    related: ['informants?', 'the agency', 'recruit\\w*']\n"
    "    exclude: ['spy novels?']\n"
)


def article(*blocks: str | tuple[str, str]) -> Article:
    return article_of("a", blocks, Meta(title="T", authors=(), publisher=None, date=None, url=None))


def quotes(art: Article, topics=SPIES) -> list[tuple[str, int, str]]:
    results, _ = passages.select_topics(tuple(topics), (art,))
    return [(r.topic.id, q.paragraph, q.text) for r in results for q in r.quotes]


# --- Context rules -----------------------------------------------------------------------------------


def test_a_heading_that_names_the_topic_scopes_the_paragraphs_under_it() -> None:
    body = "Here the picture changed. Two hundred informants were hired."
    # A paragraph on the topic by its context is quoted from its first sentence (which the context
    # makes readable) to its last term.
    assert quotes(article(("h", "Espionage"), body + " Rain fell.")) == [("spies", 1, body)]
    # A heading-like paragraph (short, no sentence end) scopes the same way as the cleaner's heading.
    assert quotes(article("III. Espionage", body)) == [("spies", 2, body)]
    # No heading, or one on something else: one related term alone is not enough.
    assert quotes(article(body)) == []
    assert quotes(article(("h", "The weather"), body)) == []
    # A heading scopes only a topic it names by a core term or a name, not by one related word.
    assert quotes(article(("h", "The agency"), body)) == []
    # The scope ends at the next heading.
    assert quotes(article(("h", "Espionage"), ("h", "Sport"), body)) == []


def test_an_answer_takes_the_topic_of_its_question_and_the_question_is_never_quoted() -> None:
    q = "Let us turn to espionage. How big is it?"
    a = "Very. Informants sit in every ministry."
    assert quotes(article(q, a)) == [("spies", 2, a)]
    assert quotes(article("How big is it?", a)) == []
    # A question that names the topic directly is still not quoted on its own.
    assert quotes(article("Is espionage growing?", "Nobody knows.")) == []
    # A question in bold is a question too.
    assert quotes(article("**Let us turn to espionage. How big is it?**", a)) == [("spies", 2, a)]
    # In a Q&A, a short line answered by "Yes." or "No." is a question too.
    qa = [q, a, "Why so many?", "Habit.", "The espionage budget doubled.", "Yes. More informants were hired."]
    assert ("spies", 5, "The espionage budget doubled.") not in quotes(article(*qa))
    assert ("spies", 6, "Yes. More informants were hired.") in quotes(article(*qa))


def test_a_paragraph_that_opens_with_a_back_reference_continues_the_one_before() -> None:
    first = "Espionage grew in the 1990s."
    assert quotes(article(first, "They also paid informants in the ministry.")) == [
        ("spies", 1, first),
        ("spies", 2, "They also paid informants in the ministry."),
    ]
    # "The usual reasons for that …", "Staff at the agency …" (the agency named again at once).
    assert ("spies", 2, "Staff at the agency were paid well.") in quotes(
        article("The agency ran a spy ring.", "Staff at the agency were paid well.")
    )
    assert ("spies", 2, "None of this stopped the informants.") in quotes(article(first, "None of this stopped the informants."))
    # A thing a term named, named again at once, is still that term: "Staff at the station…".
    station = "A Russian listening station opened in 2012."
    assert quotes(article(station, "Staff at the station insist it is civilian.")) == [
        ("spies", 1, station),
        ("spies", 2, "Staff at the station insist it is civilian."),
    ]
    assert quotes(article(station, "Staff at the embassy insist it is civilian.")) == [("spies", 1, station)]
    art = article(station, "Staff at the station insist it is civilian.")
    results, _ = passages.select_topics(SPIES, (art,))
    assert "    why: continues p-1, naming its “station” again; terms: (none)\n" in explained_text(results, (art,))
    # A noun of the paragraph before that no term held is no continuation ("the capital" twice).
    assert quotes(article("Espionage grew in the capital.", "Staff at the capital hired informants.")) == [
        ("spies", 1, "Espionage grew in the capital.")
    ]
    # Without the back-reference, or after a paragraph on something else, the related term is not enough.
    assert quotes(article(first, "Ministries paid informants.")) == [("spies", 1, first)]
    assert quotes(article("Rain fell all week.", "They also paid informants.")) == []


# --- Passing mentions and other senses ---------------------------------------------------------------------


def test_passing_mentions_are_not_enough_alone() -> None:
    # A list of noun phrases naming subjects (a teaser) …
    teaser = "This week: a spy swap at last, the budget that keeps shrinking, an essay on football, and a reminder."
    assert quotes(article(teaser)) == []
    # … unless most of its items are on the topic.
    assert quotes(article("This week: a spy swap, the espionage trial, a KGB archive, and a reminder.")) != []
    # A named place as a place adverbial, not as what the sentence is about.
    assert quotes(article("On a warm morning in the Lubyanka district, Olga walks her dog.")) == []
    assert quotes(article("The Lubyanka kept files on everyone.")) == [("spies", 1, "The Lubyanka kept files on everyone.")]
    # A bare item of a list of places (trips).
    assert not speaks_to(TOPICS["kosovo"], "The delegation visited Albania, Kosovo and Montenegro in May 2024.")
    # Sanctions on other countries are not the topic; sanctions on Russia are.
    assert not speaks_to(TOPICS["sanctions"], "The note also reviewed UN sanctions on North Korea and Iran.")
    assert not speaks_to(TOPICS["sanctions"], "Iran sanctions were tightened again.")
    assert speaks_to(TOPICS["sanctions"], "Serbia has not joined the EU sanctions on Russia.")


@pytest.mark.parametrize(
    ("topic", "sentence", "expected"),
    [
        ("energy", "What struck me most was the energy.", False),
        ("energy", "The government spent its political energy on the protests.", False),
        ("energy", "The council talks up a pipeline of projects.", False),
        ("energy", "Russia's exports to Serbia are mostly limited to energy.", True),
        ("energy", "The energy ministry said stocks were sufficient.", True),
        ("arms", "Down in the city centre the mood is calm.", False),
        ("arms", "The man behind me spent ninety minutes waving his arms.", False),
        ("arms", "The Russian centre by the airport is a spy base.", True),
        ("sanctions", "Students will march whether or not the city authorities sanction the routes.", False),
        ("sanctions", "Serbia refused to adopt Western restrictive measures against Moscow.", True),
        ("spies", "She reads spy novels on the train.", False),
    ],
)
def test_words_in_other_senses_are_not_the_topic(topic: str, sentence: str, expected: bool) -> None:
    assert speaks_to({**TOPICS, "spies": SPIES[0]}[topic], sentence) is expected


def test_related_terms_count_with_a_second_cue_only() -> None:
    assert not speaks_to(SPIES[0], "The agency opened an office.")
    assert speaks_to(SPIES[0], "The agency ran espionage.")  # beside a core term
    # Two related terms cue each other only in an article that names the topic somewhere.
    pair = "Later the agency recruited informants."
    assert not speaks_to(SPIES[0], pair)
    assert quotes(article("Rain fell all week.", pair)) == []
    assert quotes(article("Espionage was rife.", "Rain fell all week.", pair)) == [
        ("spies", 1, "Espionage was rife."),
        ("spies", 3, pair),
    ]


# --- Quotes keep what they refer to --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A definite description starts the quote at the sentence that names the same thing.
        (
            "A firm named Orbit opened in 1990. Rain fell. The firm ran espionage.",
            ["A firm named Orbit opened in 1990. Rain fell. The firm ran espionage."],
        ),
        ("Taken alone, the council’s conclusions are vague. Rain. The conclusions endorse espionage.", [
            "Taken alone, the council’s conclusions are vague. Rain. The conclusions endorse espionage."
        ]),
        # A pronoun chain goes back while each sentence opens with one.
        ("Rain. A law passed. It was short. It bans espionage.", ["A law passed. It was short. It bans espionage."]),
        # A definite description that names nothing said before is new: no earlier sentence.
        ("Rain. The council condemned espionage.", ["The council condemned espionage."]),
    ],
)
def test_a_quote_starts_where_its_referent_is_named(text: str, expected: list[str]) -> None:
    assert [q.text for q in passages.paragraph_quotes(SPIES[0], "s", 1, text)] == expected


# --- Review tools --------------------------------------------------------------------------------------


def test_explain_says_which_rule_and_terms_chose_each_quote() -> None:
    art = article(("h", "Espionage"), "Here the picture changed. Informants were hired.", "The KGB ran espionage.")
    results, _ = passages.select_topics(SPIES, (art,))
    assert explained_text(results, (art,)) == (
        "# spies: 2 quotes\n"
        "[a p-1] Here the picture changed. Informants were hired.\n"
        "    why: under the heading “Espionage”; terms: related 'Informants'\n"
        "[a p-2] The KGB ran espionage.\n"
        "    why: the paragraph names the topic; terms: name 'KGB', core 'espionage'\n"
        "does not address: (none)\n"
    )


def _sentences(n: int, word: str, every: int) -> Article:
    return article(*[f"Sentence {i} holds {word if i % every == 0 else 'nothing'} here." for i in range(n)])


def test_a_term_in_a_large_share_of_sentences_is_a_warning() -> None:
    broad = parse_topics("topics:\n  - {id: x, title: X, description: x, terms: ['holds', 'espionage']}\n")
    assert broad_terms(broad, (_sentences(60, "espionage", 2),)) == [
        "topics.yml: topic 'x': term 'holds' matches 100% of all sentences (60 of 60); a term should pick "
        "out its topic, not common words (warned above 20%)",
        "topics.yml: topic 'x': term 'espionage' matches 50% of all sentences (30 of 60); a term should pick "
        "out its topic, not common words (warned above 20%)",
    ]
    assert BROAD_SHARE == 0.20
    assert broad_terms(broad, (_sentences(40, "espionage", 1),)) == []  # too few sentences to judge
    narrow = parse_topics("topics:\n  - {id: x, title: X, description: x, terms: ['espionage']}\n")
    assert broad_terms(narrow, (_sentences(60, "espionage", 6),)) == []  # 10 of 60: under the line


def copy_project(dest: Path, sources: Path | None = None) -> Path:
    """conftest's copy of the project, its sources the given folder's or the four seeds only (the
    figures below are theirs, whatever other articles the briefing holds)."""
    dest.mkdir(parents=True, exist_ok=True)
    project = copy_whole_project(dest)
    for file in (project / "sources").iterdir():
        if sources is not None or file.stem not in SEED_OF:
            file.unlink() if file.is_file() else shutil.rmtree(file)
    if sources is not None:
        shutil.copytree(sources, project / "sources", dirs_exist_ok=True)
    return project


def test_check_warns_of_a_broad_term(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    topics = project / "topics.yml"
    topics.write_text(topics.read_text(encoding="utf-8").replace("      - 'Banjska'\n", "      - 'Banjska'\n      - 'the'\n"), encoding="utf-8")
    report = check(pipeline.Settings(root=project))
    assert report.problems == ()
    assert [w for w in report.warnings if w.startswith("topics.yml")] == [
        "topics.yml: topic 'kosovo': term 'the' matches 83% of all sentences (133 of 160); a term should pick "
        "out its topic, not common words (warned above 20%)"
    ]


def _git(project: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false", *args],
        cwd=project, check=True, capture_output=True,
    )


def test_diff_shows_what_a_change_to_topics_adds_and_removes(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "start")
    topics = project / "topics.yml"
    topics.write_text(topics.read_text(encoding="utf-8").replace("      - 'lithium'\n", ""), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "briefing", "--root", str(project), "quotes", "--diff", "HEAD", "--topic", "energy"],
        capture_output=True, text=True, env=mkdocs_env(), cwd=project,
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == "quotes against HEAD (its code and topics file, these sources): 2 added, 2 removed"
    assert lines[1:3] == ["", "# energy"]
    # Without 'lithium', the first paragraph's quote goes and the second's splits in two.
    assert [line[:37] for line in lines[3:]] == [
        "- [serbia-is-not-a-russian-ally p-1] ",
        "- [serbia-is-not-a-russian-ally p-2] ",
        "+ [serbia-is-not-a-russian-ally p-2] ",
        "+ [serbia-is-not-a-russian-ally p-2] ",
    ]
    # An unknown ref is one clear line.
    bad = subprocess.run(
        [sys.executable, "-m", "briefing", "--root", str(project), "quotes", "--diff", "no-such-ref"],
        capture_output=True, text=True, env=mkdocs_env(), cwd=project,
    )
    assert bad.returncode == 1 and bad.stderr.startswith("error: --diff no-such-ref: git archive failed: ")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "topics:\n  - {id: x, title: X, description: x, terms: [a], related: 'b'}\n",
            "topics.yml: topic 1 ('x'): 'related': expected a list of patterns",
        ),
        (
            "topics:\n  - {id: x, title: X, description: x, terms: [a], names: ['(']}\n",
            "topics.yml: topic 1 ('x'): 'names' item 1: '(' is not a valid regular expression "
            "(missing ), unterminated subpattern at position 0)",
        ),
        (
            "topics:\n  - {id: x, title: X, description: x, terms: [a], places: [{pattern: b, near: c}]}\n",
            "topics.yml: topic 1 ('x'): 'places' item 1: 'near': unknown field (expected one of: pattern, requires)",
        ),
        (
            "topics:\n  - {id: x, title: X, description: x, terms: [a], related: ['']}\n",
            "topics.yml: topic 1 ('x'): 'related' item 1: '' is not a non-empty pattern",
        ),
    ],
)
def test_the_new_fields_are_validated_one_line_each(text: str, problem: str) -> None:
    with pytest.raises(BriefingError) as exc:
        parse_topics(text)
    assert exc.value.problems == (problem,)


# --- Measured on labelled captures the rules were not written for ------------------------------------------


@lru_cache(maxsize=1)
def _scorer():
    spec = importlib.util.spec_from_file_location("topics_dev_score", DEV / "score.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


@lru_cache(maxsize=1)
def dev_build():
    return pipeline.build(pipeline.Settings(root=ROOT, sources=str((DEV / "sources").relative_to(ROOT))))


def dev_result() -> dict:
    score = _scorer()
    quotes = [{"source": q.slug, "topic": r.topic.id, "text": q.text} for r in dev_build().topics for q in r.quotes]
    return score.score(score.load_labels(DEV / "labels.json"), quotes, score.TOPICS, score.RECALL_KINDS)


def test_topics_dev_floor() -> None:
    """Reached 0.99 precision and 0.96 recall (micro); the floor leaves a small margin."""
    result = dev_result()
    assert result["micro"]["precision"] >= 0.96 and result["micro"]["recall"] >= 0.93, result["micro"]
    for topic, m in result["topics"].items():
        assert m["precision"] >= 0.85 and m["recall"] >= 0.85, (topic, m["precision"], m["recall"])


def test_topics_dev_quotes_are_body_text_only() -> None:
    """No quote is a heading, a question or page chrome on its own."""
    score = _scorer()
    labels = score.load_labels(DEV / "labels.json")
    for r in dev_build().topics:
        for q in r.quotes:
            items, stray = score.locate(labels["by_slug"][q.slug], q.text)
            assert stray == [] and {i["kind"] for i in items} == {"paragraph"}, (r.topic.id, q.slug, q.text)


def test_topics_dev_is_not_in_the_projects_sources() -> None:
    assert not {p.name for p in (DEV / "sources").iterdir()} & {p.name for p in (ROOT / "sources").iterdir()}

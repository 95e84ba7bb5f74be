"""The cleaner: general rules on made-up captures, golden files for the seeds, and properties."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import SEED_OF, SOURCES, lost_lines
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing import clean as C
from briefing.clean import clean, normalize
from briefing.pipeline import make_article
from briefing.render import plain_text
from briefing.sources import load_source

GOLDEN = Path(__file__).parent / "golden"


def reasons(cleaned) -> dict[str, str]:
    return {r.text: r.reason for r in cleaned.removed}


def body(cleaned) -> list[str]:
    return [p.text for p in cleaned.body]


# --- general rules, on captures unlike the seeds ------------------------------------------------


def test_drop_cap_is_rejoined_across_a_blank_line() -> None:
    c = clean("T\n\nhe minister resigned on Monday.\n\nA second paragraph.\n")
    assert body(c) == ["The minister resigned on Monday.", "A second paragraph."]
    assert reasons(c) == {"T": C.DROP_CAP}


def test_a_lone_capital_before_a_capitalised_line_is_not_a_drop_cap() -> None:
    c = clean("A\nVery short list item follows here in full.\n")
    # Not joined: the lone letter is a line of its own (and, before the article's prose, chrome).
    assert body(c) == ["Very short list item follows here in full."]
    assert [(r.text, r.reason) for r in c.removed] == [("A", C.BEFORE)]


def test_duplicated_body_is_kept_once_with_chrome_between_copies_dropped() -> None:
    paras = ["First paragraph of the story, with a fact.", "Second paragraph, with another fact."]
    raw = "\n\n".join(paras + ["www.example-news.org", "Gas Deal Signed", "March 3, 2023"] + paras) + "\n"
    c = clean(raw, title="Gas Deal Signed")
    assert body(c) == paras
    r = reasons(c)
    assert r["www.example-news.org"] == C.URL
    assert r["Gas Deal Signed"] == C.TITLE
    assert r["March 3, 2023"] == C.DATELINE
    assert [x.reason for x in c.removed].count(C.DUPLICATE) == 2


def test_captions_credits_and_repeated_captions_are_dropped() -> None:
    caption = "Soldiers at a parade in Belgrade on Tuesday. (Reuters/Jane Roe)"
    raw = f"{caption}\nSoldiers at a parade in Belgrade on Tuesday\nThe parade marked the anniversary.\nPhoto: Someone Else\n"
    c = clean(raw)
    assert body(c) == ["The parade marked the anniversary."]
    assert reasons(c) == {
        caption: C.CAPTION,
        "Soldiers at a parade in Belgrade on Tuesday": C.CAPTION_REPEAT,
        "Photo: Someone Else": C.CAPTION,
    }


def test_a_caption_that_names_its_agency_last_or_its_photographers_is_dropped() -> None:
    captions = [
        "In this Dec. 12, 2006, file photo, made available by the agency, two astronauts work outside the "
        "station during its construction. (NASA via AP, File)",
        "The minister and her counterpart at the talks in Belgrade on Monday. (Photos by Ana Roe, left, and Ivo Ilić/Invision/AP)",
        # The credit glued to the caption's end.
        "Officials were seen in Belgrade attempting to control the spread of the diseaseCredit: The Belgrade Times",
        "The minister speaks at the parliament on July 25, 2019.J. Ana Roe / AP file",
        "An artist's view of the lander on the surface of the moon. Credit: Example Space Agency",
    ]
    body_text = "The agency published the figures on Monday (via its own site), as the law requires."
    credit_in_body = "The minister gave credit: the agencies in Belgrade and Novi Sad and/or their staff did the work."
    c = clean("\n".join([*captions, body_text, credit_in_body]) + "\n")
    assert body(c) == [body_text, credit_in_body]
    assert reasons(c) == dict.fromkeys(captions, C.CAPTION)


def test_pull_quote_repeating_body_text_is_dropped_but_body_kept() -> None:
    sentence = "Energy dependence is the lever that Moscow pulls whenever Belgrade drifts west"
    raw = f"Analysts agree. {sentence}, and it works.\n\n{sentence}\n\nThe end of the story.\n"
    c = clean(raw)
    assert body(c) == [f"Analysts agree. {sentence}, and it works.", "The end of the story."]
    assert reasons(c) == {sentence: C.PULL_QUOTE}


def test_newsletter_privacy_and_comment_form_are_dropped() -> None:
    raw = "\n\n".join(
        [
            "The article's only paragraph says something.",
            "Sign up for our daily newsletter",
            "Read our privacy policy to learn how we use your data.",
            "Leave a comment",
            "Your email address will not be published.",
            "Name",
            "Facebook photo",
        ]
    )
    c = clean(raw)
    assert body(c) == ["The article's only paragraph says something."]
    assert set(reasons(c).values()) == {C.NEWSLETTER, C.COMMENTS}


def test_newsletter_words_inside_a_long_body_paragraph_are_kept() -> None:
    text = (
        "The ministry sent a newsletter to every household in March, and the opposition said it was "
        "propaganda paid for by taxpayers. " * 4
    ).strip()
    assert body(clean(text)) == [text]


def test_section_labels_before_the_title_and_taglines_are_dropped_subheadings_kept() -> None:
    raw = "World Europe Analysis\nThe Title Here\nFirst paragraph of text. It has three sentences. So it is body.\nThe Energy Question\nMore text follows here.\nnews you can trust\n"
    c = clean(raw, title="The Title Here")
    assert [(p.kind, p.text) for p in c.paragraphs] == [
        ("paragraph", "First paragraph of text. It has three sentences. So it is body."),
        ("heading", "The Energy Question"),
        ("paragraph", "More text follows here."),
    ]
    assert reasons(c)["World Europe Analysis"] == C.LABEL
    assert reasons(c)["news you can trust"] == C.TAGLINE


def test_standfirst_is_the_short_paragraph_under_the_title() -> None:
    c = clean("Title\nA short summary of the piece.\nThe body starts here. It goes on.\n", title="Title")
    assert c.standfirst == "A short summary of the piece."
    assert body(c) == ["The body starts here. It goes on."]
    long_first = "One. Two. Three sentences make it a body paragraph."
    assert clean(f"Title\n{long_first}\n", title="Title").standfirst is None


def test_author_box_becomes_metadata_bio_and_disclaimer_become_notes() -> None:
    raw = "\n".join(
        [
            "Body paragraph.",
            "About the author",
            "Jane Roe",
            "Senior Research Fellow",
            "Jane Roe is a senior fellow at the Institute, writing on the Balkans.",
            "The views expressed in this article are the author's own and do not reflect those of the Institute.",
        ]
    )
    c = clean(raw, authors=("Jane Roe",))
    assert body(c) == ["Body paragraph."]
    assert c.author_box.names == ("Jane Roe",) and c.author_box.roles == ("Senior Research Fellow",)
    assert [n.kind for n in c.notes] == ["bio", "disclaimer"]


def test_a_bio_whose_role_is_capitalised_or_whose_name_gives_an_email_is_a_note() -> None:
    bios = [
        "Jane Roe is a Staff Writer at Example News covering energy and the Balkans. She was formerly an editor at Example Weekly.",
        "John Doe (john@example.org) is the editor and publisher of Example Review, and a senior staff writer with Example News.",
    ]
    for bio in bios:
        c = clean(f"Title\nThe body starts here, and it goes on for a while longer.\n{bio}\n", title="Title")
        assert [(n.kind, n.text) for n in c.notes] == [("bio", bio)], bio
    # A sentence about someone who holds no such role is the article's.
    said = "Ana Roe is the Minister of Energy, and she said on Monday that the pipeline would be finished next year."
    assert [n.kind for n in clean(f"Title\n{said}\n", title="Title").notes] == []


def test_each_disclaimer_wording_is_found_whatever_its_case() -> None:
    lines = [
        "The views expressed here are the author's own.",
        "Views presented in this paper are those of the author.",
        "This article does not necessarily reflect the position of the Institute.",
        "The opinions in it DO NOT REPRESENT those of the Council.",
        "The Council does not take institutional positions on policy issues.",
        "The Council does not take collective position on any issue.",  # one position: a hint must not need "positions"
        "Its authors only represent the views of the authors themselves.",
    ]
    for line in lines:
        assert [n.kind for n in clean(f"Body paragraph.\n{line}\n").notes] == ["disclaimer"], line
    assert clean("Body paragraph.\nThe Institute's views on Kosovo reflect its positions.\n").notes == ()


def test_a_statement_that_something_does_not_reflect_a_fact_is_body_not_a_disclaimer() -> None:
    # A disclaimer disowns views, opinions, positions or policy; a caveat about data is the article's.
    caveat = "In addition, the price data is for one state, where the drug is legal, and does not reflect the nation as a whole."
    c = clean(f"Body paragraph.\n{caveat}\n")
    assert c.notes == () and caveat in body(c)
    disowning = "The article does not reflect the official views of the Institute."
    assert [n.kind for n in clean(f"Body paragraph.\n{disowning}\n").notes] == ["disclaimer"]


def test_footnotes_and_further_reading() -> None:
    raw = "\n\n".join(
        [
            "A claim.[1] Another claim. [2]",
            "[1] First source, 2020",
            "[2] Second source, 2021",
            "Further reading",
            "A book, 1999",
            "An article, 2005",
        ]
    )
    c = clean(raw)
    assert body(c) == ["A claim.[1] Another claim. [2]"]
    assert [(f.number, f.text) for f in c.footnotes] == [("1", "First source, 2020"), ("2", "Second source, 2021")]
    assert c.further_reading == ("A book, 1999", "An article, 2005")


def test_typography_is_repaired_but_words_are_not() -> None:
    assert normalize("Serbia.”.Indeed,\u00a0Ukraine  has\u200b  teh") == "Serbia.”. Indeed, Ukraine has teh"
    assert normalize("the U.S.Army and full–scale") == "the U.S.Army and full–scale"


def test_escape_hatch_drops_listed_lines() -> None:
    c = clean("Keep me.\nAn odd widget line.\n", drop_lines=("An odd widget line.",))
    assert body(c) == ["Keep me."]
    assert reasons(c) == {"An odd widget line.": C.ESCAPE_HATCH}


# --- the seeds --------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", sorted(SEED_OF))
def test_golden_cleaned_text(slug: str) -> None:
    """The cleaned seeds match their reviewed golden files (UPDATE_GOLDEN=1 rewrites them)."""
    actual = plain_text(make_article(load_source(SOURCES / f"{slug}.md")), removed=True)
    golden = GOLDEN / f"{slug}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("slug", sorted(SEED_OF))
def test_seeds_need_no_escape_hatch(slug: str) -> None:
    assert load_source(SOURCES / f"{slug}.md").meta.drop_lines == ()


@pytest.mark.parametrize("slug", sorted(SEED_OF))
def test_every_raw_line_is_kept_or_accounted_for(slug: str) -> None:
    """Nothing lost: each non-blank raw line is in the cleaned text or listed as removed."""
    source = load_source(SOURCES / f"{slug}.md")
    assert lost_lines(source.raw, make_article(source).cleaned) == []


def test_a_line_dropped_without_a_record_is_found() -> None:
    # What the "never loses a line" checks rely on: a line in no field and not in ``removed`` is reported.
    c = clean("Keep me, a paragraph.\nwww.example-news.org\n[1]A footnote\n")
    assert lost_lines("Keep me, a paragraph.\nwww.example-news.org\n[1]A footnote\n", c) == []
    assert lost_lines("Keep me, a paragraph.\nwww.example-news.org\n[1]A footnote\n", replace(c, removed=())) == [
        (2, "www.example-news.org")
    ]


def test_a_title_repeated_lower_down_loses_no_standfirst() -> None:
    # Found on a real page (tests/cleaner_dev, aade2ec8d1e7): the handle under the first title was lost.
    raw = "Title\n@someone\nTitle\nA short summary of the piece.\nThe body starts here. It goes on. And on.\n"
    assert lost_lines(raw, clean(raw, title="Title")) == []


def test_seed_paragraph_counts() -> None:
    counts = {slug: len(make_article(load_source(SOURCES / f"{slug}.md")).cleaned.body) for slug in SEED_OF}
    assert counts == {
        "serbias-cant-lose-ukraine-strategy": 14,
        "bound-to-russia-serbias-disruptive-neutrality": 10,
        "how-strong-are-ties-between-serbia-and-russia": 7,
        "serbia-is-not-a-russian-ally": 18,
    }


# --- properties -------------------------------------------------------------------------------

_lines = st.lists(
    st.one_of(
        st.text(max_size=80),
        st.sampled_from(["D", ".", "About", "Leave a Reply", "[1] Ref", "Further readings:", "www.x.com", "A B C"]),
        st.from_regex(r"[A-Z][a-z]{2,9}( [a-z]{2,9}){3,12}[.?!]", fullmatch=True),
    ),
    max_size=25,
)


@settings(max_examples=200, deadline=None)
@given(_lines)
def test_cleaning_never_crashes_is_idempotent_and_loses_no_line(lines: list[str]) -> None:
    raw = "\n".join(lines)
    first = clean(raw, title="Title")
    again = clean("\n\n".join(p.text for p in first.paragraphs))
    assert [p.text for p in again.paragraphs] == [p.text for p in first.paragraphs]
    # Every non-blank line is kept in some field or listed as removed, with its reason.
    assert lost_lines(raw, first) == []


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_cleaning_arbitrary_text_never_crashes_or_loses_a_line(text: str) -> None:
    c = clean(text, title=text[:20] or None)
    assert all(p.text == p.text.strip() and p.text for p in c.paragraphs)
    assert lost_lines(text, c) == []


# Characters each typography rule acts on, and line breaks of every kind, so the whole-text pass of
# the cleaner meets what normalize() handles line by line.
_TYPOGRAPHY = st.lists(
    st.sampled_from(
        [*"aZbe .!?”\"’)[]1", *map(chr, range(0x20)), *map(chr, range(0x2000, 0x2070)), "\x7f", "\x85", "\u00a0",
         "\u00ad", "\u3000", "\ufeff", "\u0301", "é", "ſ", "ﬁ", "Ab", "U.S.Army", "Serbia.”.Indeed"]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=1000, deadline=None)
@given(st.one_of(_TYPOGRAPHY, st.text(max_size=60)))
def test_whole_text_normalization_is_normalize_line_by_line(raw: str) -> None:
    lines = raw.splitlines()
    assert C._normalize_lines(lines) == [normalize(line) for line in lines]


@settings(max_examples=1000, deadline=None)
@given(st.one_of(_TYPOGRAPHY, st.text(max_size=60), st.sampled_from(["a\u1680 b", "Σ\u205fΣ", "“Ω” – ß"])))
def test_keys_of_all_lines_at_once_are_each_line_s_key(raw: str) -> None:
    texts = [ln.text for ln in C._lines(raw) if ln is not None]
    assert C._line_keys(texts) == [C._key(t) for t in texts]

"""Dates read from a sentence: every form the sources use, at the precision the text gives, and the
numbers that are not dates."""

from __future__ import annotations

import datetime as dt

import pytest

from briefing.dates import find_dates, with_year

D = dt.date


def read(sentence: str) -> list[tuple[str, str, str]]:
    """(matched words, precision, label) of each date in ``sentence``."""
    return [(d.text, d.precision, d.label() if d.placed else "unplaced") for d in find_dates(sentence)]


@pytest.mark.parametrize(
    ("sentence", "expected", "first", "last"),
    [
        ("On 25 February 2022 the council met.", [("25 February 2022", "day", "25 February 2022")], D(2022, 2, 25), D(2022, 2, 25)),
        ("It was signed on July 19, 2024, in Belgrade.", [("July 19, 2024", "day", "19 July 2024")], D(2024, 7, 19), D(2024, 7, 19)),
        ("Protests in Belgrade, Serbia, Sunday, March 13, 2022.", [("March 13, 2022", "day", "13 March 2022")], D(2022, 3, 13), D(2022, 3, 13)),
        ("The talks began on the 5th of June 2023.", [("5th of June 2023", "day", "5 June 2023")], D(2023, 6, 5), D(2023, 6, 5)),
        ("The office opened in Sept. 2019.", [("Sept. 2019", "month", "September 2019")], D(2019, 9, 1), D(2019, 9, 30)),
        ("Russia invaded in February 2022, and Serbia hesitated.", [("February 2022", "month", "February 2022")], D(2022, 2, 1), D(2022, 2, 28)),
        ("In December of 2017 Belgrade backed Moscow.", [("December of 2017", "month", "December 2017")], D(2017, 12, 1), D(2017, 12, 31)),
        ("They signed a memorandum in late February 2024.", [("late February 2024", "month", "late February 2024")], D(2024, 2, 19), D(2024, 2, 29)),
        ("When Russia annexed Crimea in 2014, Serbia refused.", [("2014", "year", "2014")], D(2014, 1, 1), D(2014, 12, 31)),
        ("In 2020 the ministry opened an office.", [("2020", "year", "2020")], D(2020, 1, 1), D(2020, 12, 31)),
        ("The inherited sentiment from the 1999 NATO bombing persists.", [("1999", "year", "1999")], D(1999, 1, 1), D(1999, 12, 31)),
        ("Ukraine never recognized Kosovo’s 2008 declaration.", [("2008", "year", "2008")], D(2008, 1, 1), D(2008, 12, 31)),
        ("Most of 2022's gas came from Russia.", [("2022", "year", "2022")], D(2022, 1, 1), D(2022, 12, 31)),
        ("Prices peaked in mid-2022.", [("mid-2022", "year", "mid-2022")], D(2022, 5, 2), D(2022, 8, 30)),
        ("The mine may open in early 2023.", [("early 2023", "year", "early 2023")], D(2023, 1, 1), D(2023, 5, 1)),
        ("Talks stalled in late 2021.", [("late 2021", "year", "late 2021")], D(2021, 8, 31), D(2021, 12, 31)),
        ("Late 2021 saw the talks stall.", [("Late 2021", "year", "late 2021")], D(2021, 8, 31), D(2021, 12, 31)),
        ("Since 2016, Serbia has hosted the centre.", [("Since 2016", "since", "since 2016")], D(2016, 1, 1), D(2016, 12, 31)),
        ("not just since February 2022, when Russia invaded", [("since February 2022", "since", "since February 2022")], D(2022, 2, 1), D(2022, 2, 28)),
        ("The wars of the 1990s left their mark.", [("the 1990s", "decade", "the 1990s")], D(1990, 1, 1), D(1999, 12, 31)),
        ("In the early 2000s reform began.", [("the early 2000s", "decade", "the early 2000s")], D(2000, 1, 1), D(2003, 5, 1)),
        ("The base was built between 2014 and 2016.", [("between 2014 and 2016", "span", "2014–2016")], D(2014, 1, 1), D(2016, 12, 31)),
        ("He served from 2014 to 2016 as envoy.", [("from 2014 to 2016", "span", "2014–2016")], D(2014, 1, 1), D(2016, 12, 31)),
        ("Gas flowed from March 2014 until June 2016.", [("from March 2014 until June 2016", "span", "March 2014–June 2016")], D(2014, 3, 1), D(2016, 6, 30)),
        ("During the 2014–16 talks nothing moved.", [("2014–16", "span", "2014–2016")], D(2014, 1, 1), D(2016, 12, 31)),
        ("In 1389 the battle was fought.", [("1389", "year", "1389")], D(1389, 1, 1), D(1389, 12, 31)),
    ],
)
def test_each_form_is_read_at_the_precision_it_gives(sentence: str, expected: list, first: dt.date, last: dt.date) -> None:
    assert read(sentence) == expected
    (mention,) = find_dates(sentence)
    assert (mention.first, mention.last) == (first, last)
    assert sentence[mention.start : mention.end] == mention.text  # the span is the sentence's own words
    assert not mention.inferred


@pytest.mark.parametrize(
    "sentence",
    [
        "UN Security Council Resolution 1244 still governs Kosovo.",
        "Serbia considered buying the S-400 system.",
        "Ammunition worth up to €800 million reached Kyiv.",
        "Some 2,000 soldiers took part in the exercise.",
        "The deal is worth 1.5 billion euros.",
        "Article 5 of the NATO treaty does not apply.",
        "See page 2014 of the report, ¶ 2015 and p. 2016.",
        "Support fell to 2019% in one poll and 2020 per cent in another.",
        "The force has 2000 soldiers and 2021 troops.",
        "Serbia signed the 12–point declaration.",
        "The law No. 2018/4 was passed.",
        "Ukraine within its internationally recognized borders as of 1991.",
        "The target is to cut imports by 2030.",
        "There were 31 February 2022 protests, which is no date.",
        "The S-2022 model, the €2022 fee, version 1.2022, item #2022 and code X2022 are no years.",
    ],
)
def test_false_friends_are_not_dates(sentence: str) -> None:
    assert read(sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Serbia opened a gas interconnector in December of last year.",
        "The evidence gathered since last year is extensive.",
        "Only a few days ago, Serbia voted against the resolution.",
        "Sergei Mardan recently called Serbia names.",
        "Two years ago the talks collapsed.",
        "The ban was announced on 5 December last year.",
        "As the Financial Times reported in June, Serbia supplied shells.",
    ],
)
def test_relative_dates_and_a_month_alone_are_left_out(sentence: str) -> None:
    assert read(sentence) == []


def test_a_day_and_month_without_a_year_is_unplaced_until_its_year_is_known() -> None:
    (mention,) = find_dates("The National Security Council met on 25 February to discuss security.")
    assert mention.text == "25 February" and not mention.placed
    (july,) = find_dates("Doubts were dispelled in Belgrade on July 19. On that date they signed.")
    assert july.text == "July 19" and not july.placed
    # From the nearest year before it in the paragraph: marked as inferred.
    placed = with_year(mention, (2021, 2022), None)
    assert placed is not None and placed.inferred and placed.first == D(2022, 2, 25)
    assert placed.label() == "25 February [2022]"
    # Else from the article's own date, when the day is not after it.
    assert with_year(july, (), D(2024, 9, 17)).label() == "19 July [2024]"  # type: ignore[union-attr]
    # A day after the article's date: its year is not known (the year before is a guess).
    assert with_year(july, (), D(2024, 3, 1)) is None
    # With no year anywhere, the sentence is not placed.
    assert with_year(mention, (), None) is None
    # 29 February only in a leap year.
    (leap,) = find_dates("It happened on 29 February.")
    assert with_year(leap, (2024,), None).label() == "29 February [2024]"  # type: ignore[union-attr]
    assert with_year(leap, (2023,), None) is None


def test_a_year_stated_in_the_sentence_is_not_inferred() -> None:
    (mention,) = find_dates("On 25 February 2022 the council met.")
    assert with_year(mention, (1999,), D(2000, 1, 1)) is mention


def test_several_dates_in_one_sentence_are_read_in_order() -> None:
    sentence = (
        "The sentiment from the 1999 NATO bombing and Kosovo’s declaration of independence in 2008 persists, "
        "not just since February 2022 but since 2014."
    )
    assert [d.label() for d in find_dates(sentence)] == ["1999", "2008", "since February 2022", "since 2014"]


def test_the_longer_form_wins_where_two_overlap() -> None:
    assert read("On 28 February 2024 they met.") == [("28 February 2024", "day", "28 February 2024")]
    assert read("between March 2014 and 2016") == [("between March 2014 and 2016", "span", "March 2014–2016")]


def test_a_span_that_runs_backwards_is_no_date() -> None:
    assert read("from 2016 to 2014") == []


# The forms with words before their anchor are searched only in a window whose anchors pass a cheap
# test (dates._LEAD); the test must hold wherever such a form matches, or a date would be missed.
_LEAD_WORDS = ("early", "Early", "mid", "Mid", "late", "Late", "of", "the", "in", "on", "25th", "3rd", "1st", "2nd",
               "12", "31", "7", "2014", "1999", "March", "Sept.", "May", "-", "–", ",", "\u00a0", "x")


def test_every_match_of_a_form_with_leading_words_passes_its_cheap_test() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from briefing import dates

    @settings(max_examples=400, deadline=None)
    @given(st.lists(st.sampled_from(_LEAD_WORDS), min_size=1, max_size=9), st.lists(st.sampled_from(["", " ", "  ", "-", " - "]), min_size=9, max_size=9))
    def check(words: list[str], gaps: list[str]) -> None:
        text = "".join(w + g for w, g in zip(words, gaps))
        for name, pattern, _build, lead in dates._COMPILED:
            if lead is None:
                continue
            for m in pattern.finditer(text):
                anchor = m.start("m") if "m" in pattern.groupindex and m.group("m") else m.start("y")
                assert lead(text, anchor), (name, text, m.group())

    check()
    for text, anchor, test, passes in (
        ("on 25th of March", "March", dates._day_before, True), ("on 25 March", "March", dates._day_before, True),
        ("the March", "March", dates._day_before, False), ("mid-2022", "2022", dates._part_before, True),
        ("in late  February", "February", dates._part_before, True), ("in 2022", "2022", dates._part_before, False),
    ):
        assert test(text, text.index(anchor)) is passes, text

"""Read the explicit dates in a sentence: what the text says, at the precision it says it, never guessed.

Every form is a pattern in FORMS below (the one place to add one), tried on the whole sentence; where
two forms match overlapping text, the longer match wins ("25 February 2022" over "February 2022").

Why patterns and not a library: dateparser's search_dates reads "Resolution 1244" as the year 1244,
gives "the 1990s" today's date and fills a missing day or month from the clock; python-dateutil's
fuzzy parser reads "Resolution 1244" as 1244 and "mid-2022" as 1 January 2022. Both guess what the
text leaves out, which a chronology must not. Month names come from the standard library's
``calendar`` (English), and ``datetime.date`` rejects impossible days ("31 February").
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

# --- The vocabulary ---------------------------------------------------------------------------------

_MONTHS: dict[str, int] = {}
for _n in range(1, 13):
    _MONTHS[calendar.month_name[_n]] = _n
    _MONTHS[calendar.month_abbr[_n]] = _n
_MONTHS["Sept"] = 9
# Written as English prose writes them: capitalised ("may" is a verb), an abbreviation maybe with its dot.
_MONTH = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")(?:(?<=[a-z]{3})\.)?"
_YEAR = r"(?:1\d{3}|20\d{2})"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_PART = r"(?:[Ee]arly|[Mm]id|[Ll]ate)"
# A date never begins inside a word or a bigger number, a model or a sum: not after a letter or digit,
# nor after "€$£¥/#", nor after ".,-" that follow one ("1.2022", "S-400", "2,000"). Checked on each
# match (see the note above FORMS).
_BAD_BEFORE = frozenset("€$£¥/#")
_JOINERS = frozenset(".,-")


def _clear_before(text: str, start: int) -> bool:
    if start == 0:
        return True
    before = text[start - 1]
    if before.isalnum() or before == "_" or before in _BAD_BEFORE:
        return False
    return not (before in _JOINERS and start > 1 and (text[start - 2].isalnum() or text[start - 2] == "_"))


_NOT_AFTER = r"(?![\w%°]|[.,]\d|-\w)"
# What a year is never followed by: a count ("2000 soldiers") or a unit.
_UNITS = (
    "per cent", "percent", "million", "billion", "thousand", "km", "kilometres", "kilometers", "miles",
    "metres", "meters", "tonnes", "tons", "hectares", "barrels", "euros", "dollars", "people", "soldiers",
    "troops", "members", "votes", "cases", "units", "MW", "GW", "bcm",
)
_NO_UNIT = r"(?!\s+(?:" + "|".join(re.escape(u) for u in _UNITS) + r")\b)"
# A day and month followed by these is relative ("5 December last year"): not a date to place.
_RELATIVE_YEAR = r"(?!,?\s+(?:of\s+)?(?:last|this|next|that|the\s+(?:previous|following|same))\s+year)"
# A bare year ("2014") is a date after one of these words only: "in 2014", "the 1999 bombing", "Kosovo's
# 2008 declaration". "Resolution 1244", "page 2014", "by 2030" (a target), "as of 1991" (a state of
# things, not an event) are not.
_YEAR_LEAD = (
    r"(?:(?<=\b[Ii]n \d{4})|(?<=\b[Dd]uring \d{4})|(?<=\b[Tt]he \d{4})|(?<=\b[Oo]f \d{4})(?<![Aa]s of \d{4})"
    r"|(?<=\b[Uu]ntil \d{4})|(?<=\b[Tt]ill \d{4})|(?<=[’']s \d{4}))"
)



@dataclass(frozen=True)
class DateMention:
    """One date a sentence states. ``first``..``last`` is the stretch of time it names (for "since 2016",
    the year it starts); ``precision`` is how finely the text gives it: "day", "month", "year",
    "decade", "span" (from one date to another) or "since". ``part`` is "early", "mid" or "late" when
    the text says so ("mid-2022"): it orders entries within the month or year (early: the first third),
    and is shown as written. ``inferred``: the year is not in the sentence but taken from its
    paragraph or from the article's own date (shown in brackets: "25 February [2022]")."""

    text: str  # the matched words, verbatim
    start: int  # where they are in the sentence
    end: int
    precision: str
    first: dt.date | None  # None: a day and month whose year the sentence does not give
    last: dt.date | None
    part: str | None = None
    inferred: bool = False
    month: int | None = None  # for a day and month without a year, until its year is known
    day: int | None = None
    ends: tuple[str, str] = ("year", "year")  # a span's or a "since"'s ends: "month" or "year" each

    @property
    def placed(self) -> bool:
        return self.first is not None

    def label(self) -> str:
        """The date as the text gives it: "25 February [2022]", "late February 2024", "since 2016"."""
        if self.first is None or self.last is None:
            return f"{self.day} {calendar.month_name[self.month or 1]}"
        year = f"[{self.first.year}]" if self.inferred else str(self.first.year)
        part = f"{self.part} " if self.part else ""
        if self.precision == "day":
            return f"{self.first.day} {calendar.month_name[self.first.month]} {year}"
        if self.precision == "month":
            return f"{part}{calendar.month_name[self.first.month]} {year}"
        if self.precision == "year":
            return f"mid-{year}" if self.part == "mid" else f"{part}{year}"
        if self.precision == "decade":
            return f"the {part}{self.first.year // 10 * 10}s"
        if self.precision == "since":
            return "since " + _point_label(self.first, self.ends[0])
        return f"{_point_label(self.first, self.ends[0])}–{_point_label(self.last, self.ends[1])}"

    def sort_key(self) -> tuple:
        """Where the entry goes: by its first day (a span by its start, "since 2016" at 2016)."""
        assert self.first is not None
        return (self.first, _PRECISION_ORDER[self.precision])


# At the same first day, the coarser date comes first: "2014" before "since 2014" before "2014–2016".
_PRECISION_ORDER = {"decade": 0, "year": 1, "since": 2, "span": 3, "month": 4, "day": 5}


def _point_label(d: dt.date, precision: str) -> str:
    return f"{calendar.month_name[d.month]} {d.year}" if precision == "month" else str(d.year)


# --- Building a mention from a match ----------------------------------------------------------------


def _month_days(year: int, month: int) -> int:
    # The day before the next month's first (calendar.monthrange also works out the weekday: slower).
    return (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day


def _parted(first: dt.date, last: dt.date, part: str | None) -> tuple[dt.date, dt.date]:
    """The first, middle or last third of ``first``..``last``, for "early", "mid" and "late"."""
    if part is None:
        return first, last
    days = (last - first).days + 1
    third = days // 3
    k = {"early": 0, "mid": 1, "late": 2}[part.lower()]
    a = first + dt.timedelta(days=k * third)
    b = last if k == 2 else first + dt.timedelta(days=(k + 1) * third - 1)
    return a, b


def _num(text: str) -> int:
    return int(re.match(r"\d+", text).group())  # type: ignore[union-attr]


def _day(m: re.Match[str]) -> tuple[str, dt.date | None, dt.date | None, dict]:
    year, month, day = int(m["y"]), _MONTHS[m["m"].rstrip(".")], _num(m["d"])
    d = dt.date(year, month, day)  # ValueError: no such day
    return "day", d, d, {}


def _day_no_year(m: re.Match[str]) -> tuple[str, dt.date | None, dt.date | None, dict]:
    month, day = _MONTHS[m["m"].rstrip(".")], _num(m["d"])
    dt.date(2000, month, day)  # a leap year: 29 February is a day; "31 April" is not
    return "day", None, None, {"month": month, "day": day}


def _month(m: re.Match[str]) -> tuple[str, dt.date | None, dt.date | None, dict]:
    year, month = int(m["y"]), _MONTHS[m["m"].rstrip(".")]
    part = (m.groupdict().get("part") or "").lower() or None
    first, last = _parted(dt.date(year, month, 1), dt.date(year, month, _month_days(year, month)), part)
    return "month", first, last, {"part": part}


def _year(m: re.Match[str]) -> tuple[str, dt.date | None, dt.date | None, dict]:
    year = int(m["y"])
    part = (m.groupdict().get("part") or "").lower() or None
    first, last = _parted(dt.date(year, 1, 1), dt.date(year, 12, 31), part)
    return "year", first, last, {"part": part}


def _decade(m: re.Match[str]) -> tuple[str, dt.date | None, dt.date | None, dict]:
    start = int(m["y"])
    part = (m.groupdict().get("part") or "").lower() or None
    first, last = _parted(dt.date(start, 1, 1), dt.date(start + 9, 12, 31), part)
    return "decade", first, last, {"part": part}


def _point(m: re.Match[str], which: str, year: int | None = None) -> tuple[dt.date, dt.date]:
    """One end of a span or a "since": a month and year, or a year (``year`` if given)."""
    year = int(m[f"{which}y"]) if year is None else year
    month = m.groupdict().get(f"{which}m")
    if month:
        n = _MONTHS[month.rstrip(".")]
        return dt.date(year, n, 1), dt.date(year, n, _month_days(year, n))
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _span(m: re.Match[str]) -> tuple[str, dt.date | None, dt.date | None, dict]:
    first, _ = _point(m, "a")
    b = m["by"]
    if len(b) == 2:  # "2014–16": the century of the first year
        b = m["ay"][:2] + b
    _, last = _point(m, "b", int(b))
    if last <= first:
        raise ValueError("a span that ends before it starts")
    return "span", first, last, {"ends": (_end(m, "a"), _end(m, "b"))}


def _since(m: re.Match[str]) -> tuple[str, dt.date | None, dt.date | None, dict]:
    first, last = _point(m, "a")
    return "since", first, last, {"ends": (_end(m, "a"), "year")}


def _end(m: re.Match[str], which: str) -> str:
    return "month" if m.groupdict().get(f"{which}m") else "year"


def _point_pattern(which: str) -> str:
    return rf"(?:(?P<{which}m>{_MONTH})\s+)?(?P<{which}y>{_YEAR})"


Builder = Callable[[re.Match[str]], tuple[str, "dt.date | None", "dt.date | None", dict]]

# --- The forms ----------------------------------------------------------------------------------------
# (name, pattern, builder). Each pattern is tried on its own; every one starts and ends on a word edge.
# Every pattern begins with its own first word or number, never with a look-behind: Python's re then
# skips ahead to where that can start, five to ten times faster than trying a look-behind at every
# position. What may come before a date is checked once a pattern has matched (see _clear_before).
FORMS: tuple[tuple[str, str, Builder], ...] = (
    # "July 19, 2024", "March 13, 2022" (after "Sunday, "), "Jan. 5 2023"
    ("month day year", rf"(?P<m>{_MONTH})\s+(?P<d>{_DAY}),?\s+(?P<y>{_YEAR}){_NOT_AFTER}", _day),
    # "25 February 2022", "25th of February, 2022"
    ("day month year", rf"(?P<d>{_DAY})\s+(?:of\s+)?(?P<m>{_MONTH}),?\s+(?P<y>{_YEAR}){_NOT_AFTER}", _day),
    # "On July 19", "July 19": the year comes from the paragraph or the article's date
    ("month day", rf"(?P<m>{_MONTH})\s+(?P<d>{_DAY}){_NOT_AFTER}{_RELATIVE_YEAR}", _day_no_year),
    # "On 25 February", "the 25th of February"
    ("day month", rf"(?P<d>{_DAY})\s+(?:of\s+)?(?P<m>{_MONTH})(?!\w){_RELATIVE_YEAR}", _day_no_year),
    # "February 2022", "December of 2017"
    ("month year", rf"(?P<m>{_MONTH}),?\s+(?:of\s+)?(?P<y>{_YEAR}){_NOT_AFTER}", _month),
    # "late February 2024", "early March 2022"
    ("part month year", rf"(?P<part>{_PART})[\s-]+(?P<m>{_MONTH}),?\s+(?:of\s+)?(?P<y>{_YEAR}){_NOT_AFTER}", _month),
    # "between 2014 and 2016", "from March 2014 to June 2016", "from 2014 until 2016"
    ("between", rf"[Bb]etween\s+{_point_pattern('a')}\s+and\s+(?:(?P<bm>{_MONTH})\s+)?(?P<by>{_YEAR}){_NOT_AFTER}", _span),
    ("from to", rf"[Ff]rom\s+{_point_pattern('a')}\s+(?:to|until|till|through)\s+(?:(?P<bm>{_MONTH})\s+)?(?P<by>{_YEAR}){_NOT_AFTER}", _span),
    # "2014–2016", "2014-16" (a hyphen or dash between two years, nothing else around)
    ("year-year", rf"(?P<ay>{_YEAR})[–-](?P<by>{_YEAR}|\d\d){_NOT_AFTER}", _span),
    # "since 2016", "since February 2022"
    ("since", rf"[Ss]ince\s+{_point_pattern('a')}{_NOT_AFTER}{_NO_UNIT}", _since),
    # "the 1990s", "the early 2000s"
    ("decade", rf"[Tt]he\s+(?:(?P<part>{_PART})[\s-]+)?(?P<y>1\d\d0|20\d0)s(?!\w)", _decade),
    # "mid-2022", "early 2023", "late 2021"
    ("part year", rf"(?P<part>{_PART})[\s-]+(?P<y>{_YEAR}){_NOT_AFTER}{_NO_UNIT}", _year),
    # "2022's", "2022’s": a year that owns something is a year
    ("year's", rf"(?P<y>{_YEAR})(?=[’']s\b)", _year),
    # "in 2014", "the 1999 bombing", "Kosovo's 2008 declaration" (see _YEAR_LEAD)
    ("year", rf"(?P<y>{_YEAR}){_YEAR_LEAD}{_NOT_AFTER}{_NO_UNIT}", _year),
)



def _day_before(text: str, at: int) -> bool:
    """Whether a day number could end just before the month at ``at`` ("25 February", "25th of
    February"): white space, maybe "of" and more, and before them a digit, maybe with "st", "nd",
    "rd" or "th". A cheap test that every "day month" match passes (so a window none of whose
    months passes it is not searched for those forms)."""
    k = at
    while k and text[k - 1].isspace():
        k -= 1
    if k == at:
        return False
    ends = [k]
    if text[k - 2 : k] == "of" and k > 2 and text[k - 3].isspace():
        j = k - 2
        while j and text[j - 1].isspace():
            j -= 1
        ends.append(j)
    return any(
        e > 0 and (text[e - 1].isdigit() or e > 2 and text[e - 2 : e] in ("st", "nd", "rd", "th") and text[e - 3].isdigit())
        for e in ends
    )


_PART_WORDS = ("early", "Early", "mid", "Mid", "late", "Late")


def _part_before(text: str, at: int) -> bool:
    """Whether "early", "mid" or "late" could end just before the month or year at ``at``, with
    spaces or hyphens between ("late February", "mid-2022"): the same kind of cheap test."""
    k = at
    while k and (text[k - 1].isspace() or text[k - 1] == "-"):
        k -= 1
    return k < at and text[:k].endswith(_PART_WORDS)


# Forms with words before their anchor: the cheap test each window's anchors must pass first.
_LEAD = {"day month year": _day_before, "day month": _day_before, "part month year": _part_before, "part year": _part_before}
_COMPILED = tuple((name, re.compile(pattern), build, _LEAD.get(name)) for name, pattern, build in FORMS)
# A quick test before the full scan: a text with no four digits and no month name holds no date
# (every month name, and "Sept", begins with its three-letter abbreviation).
_ANY = re.compile(r"\d{4}|(?:" + "|".join(calendar.month_abbr[1:]) + ")")


# Every form holds a four-digit year or a month name (its anchor). The forms are tried only on
# stretches of text around anchors, wide enough for any form's words and look-arounds before and after
# its anchor ("Between … and", "the early …", "… per cent", "…, of last year"): a paragraph is scanned
# once for anchors, and its other words cost nothing. Same matches as scanning the whole text.
_BEFORE_ANCHOR, _AFTER_ANCHOR = 40, 100


def find_dates(sentence: str) -> tuple[DateMention, ...]:
    """Every explicit date in ``sentence`` (or any text), in order. A day and month without a year
    come back unplaced (``first`` is None): see with_year."""
    windows: list[list] = []  # [lo, hi, the anchors' starts]: every anchor inside a window is one of its own
    for hit in _ANY.finditer(sentence):
        lo, hi = max(0, hit.start() - _BEFORE_ANCHOR), hit.end() + _AFTER_ANCHOR
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = hi
            windows[-1][2].append(hit.start())
        else:
            windows.append([lo, hi, [hit.start()]])
    if not windows:
        return ()
    found: list[tuple[int, int, DateMention | None]] = []
    for lo, hi, anchors in windows:
        chunk = sentence[lo:hi]
        for _name, pattern, build, lead in _COMPILED:
            if lead is not None and not any(lead(sentence, a) for a in anchors):
                continue  # no anchor here has the words this form needs before it
            for m in pattern.finditer(chunk):
                start, end = lo + m.start(), lo + m.end()
                if not _clear_before(sentence, start):
                    continue
                try:
                    precision, first, last, extra = build(m)
                except ValueError:
                    # Not a real day ("31 February 2022"), or a span that runs backwards: its words are
                    # no date at all, so no shorter form may take part of them ("February 2022").
                    found.append((start, end, None))
                    continue
                found.append((start, end, DateMention(m.group(), start, end, precision, first, last, **extra)))
    # The longest match wins where two overlap; then the earlier.
    found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
    kept: list[tuple[int, int, DateMention | None]] = []
    for a, b, d in found:
        if all(b <= ka or a >= kb for ka, kb, _ in kept):
            kept.append((a, b, d))
    return tuple(d for _, _, d in sorted(kept, key=lambda f: f[0]) if d is not None)


def with_year(mention: DateMention, years_before: tuple[int, ...], published: dt.date | None) -> DateMention | None:
    """A day and month without a year, placed: in the year of the nearest date before it in its
    paragraph (``years_before``, in order), else in the year of the article's own date if the day
    then falls on or before that date. Marked inferred; None when neither gives a year."""
    if mention.placed:
        return mention
    assert mention.month is not None and mention.day is not None
    year = years_before[-1] if years_before else None
    if year is None and published is not None:
        year = published.year
        try:
            if dt.date(year, mention.month, mention.day) > published:
                return None  # a day after the article's date: which year it was, the text does not say
        except ValueError:
            return None
    if year is None:
        return None
    try:
        d = dt.date(year, mention.month, mention.day)
    except ValueError:
        return None  # 29 February in a year without one
    return replace(mention, first=d, last=d, inferred=True)

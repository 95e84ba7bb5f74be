"""Loading sources: byte-exact raw text, and one exact line per front-matter problem."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import SEED_OF, SEEDS, SOURCES

from briefing.errors import BriefingError
from briefing.sources import load_source, load_sources, parse_source

GOOD = """---
title: A title
author: Jane Doe
publisher: null
date: 2024-01-31
url: https://example.org/a
---
Body text.
"""


def test_sources_hold_the_seeds_byte_for_byte() -> None:
    loaded = {s.slug: s for s in load_sources(SOURCES)}
    assert set(SEED_OF) <= set(loaded)  # contributors add articles beside the seeds
    assert sorted(p.name for p in SEEDS.glob("*.txt")) == sorted(SEED_OF.values())
    for slug, seed in SEED_OF.items():
        assert loaded[slug].raw.encode("utf-8") == (SEEDS / seed).read_bytes(), slug


def test_known_facts_are_recorded_and_unknown_ones_stay_unknown() -> None:
    loaded = {s.slug: s.meta for s in load_sources(SOURCES)}
    dc = loaded["serbias-cant-lose-ukraine-strategy"]
    assert (dc.authors, dc.publisher, dc.date) == (("Nikola Mikovic",), "Diplomatic Courier", dt.date(2024, 4, 5))
    ecfr = loaded["bound-to-russia-serbias-disruptive-neutrality"]
    # Worked out from the text, not stated: March 2022, approximate (the front matter says 2022-03~).
    assert ecfr.authors == () and (ecfr.date.isoformat(), ecfr.date.approximate) == ("2022-03", True)
    assert ecfr.url == "https://ecfr.eu/article/bound-to-russia-serbias-disruptive-neutrality/"
    blog = loaded["how-strong-are-ties-between-serbia-and-russia"]
    assert (blog.authors, blog.publisher, blog.date, blog.url) == ((), None, None, None)
    ally = loaded["serbia-is-not-a-russian-ally"]
    assert (ally.authors, ally.publisher, ally.date, ally.truncated) == (("Orhan Dragaš",), "The National Interest", dt.date(2024, 9, 17), True)
    assert ally.url == "https://nationalinterest.org/feature/serbia-not-russian-ally-212774"
    # Facts from outside the capture say where they come from.
    assert any("not in the capture" in n and "International Security Institute" in n for n in ally.notes)


def test_an_organisation_in_braces_loads_as_its_name_and_the_flag() -> None:
    meta = parse_source(GOOD.replace("author: Jane Doe", 'author: ["{International Crisis Group}", Jane Doe]'), "sources/a.md", "a").meta
    assert meta.authors == ("International Crisis Group", "Jane Doe")
    assert meta.organisations == ("International Crisis Group",)
    assert parse_source(GOOD, "sources/a.md", "a").meta.organisations == ()


def test_good_source_parses() -> None:
    source = parse_source(GOOD, "sources/a.md", "a")
    assert source.meta.title == "A title"
    assert source.raw == "Body text.\n"


def _error(text: str, slug: str = "bad") -> str:
    with pytest.raises(BriefingError) as info:
        parse_source(text, f"sources/{slug}.md", slug)
    return str(info.value)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("date: 2024-01-31", "date: 2022-13-01", "sources/bad.md: front matter 'date': '2022-13-01' is not a date (YYYY-MM-DD)"),
        ("date: 2024-01-31", "date: 31/01/2024", "sources/bad.md: front matter 'date': '31/01/2024' is not a date (YYYY-MM-DD) or null"),
        ("date: 2024-01-31\n", "", "sources/bad.md: front matter 'date': is missing (write null if it is not known)"),
        ("title: A title", "title: 42", 'sources/bad.md: front matter \'title\': 42 is read as a number, not text; put it in double quotes: title: "42"'),
        ("title: A title", "title: 1984.5", 'sources/bad.md: front matter \'title\': 1984.5 is read as a number, not text; put it in double quotes: title: "1984.5"'),
        ("title: A title", "title: yes", "sources/bad.md: front matter 'title': true is read as yes/no (true/false), not text; put the value in double quotes"),
        ("title: A title", "title: ''", "sources/bad.md: front matter 'title': is empty: write the article's title as it gives it"),
        ("title: A title", "title: null", "sources/bad.md: front matter 'title': is required: write the article's title as it gives it (only author, publisher, date and url may be null)"),
        ("title: A title", "title: [A, B]", "sources/bad.md: front matter 'title': [A, B] is not a title (text)"),
        ("title: A title\n", "", "sources/bad.md: front matter 'title': is missing (write the article's title)"),
        ("author: Jane Doe", "author: {name: x}", "sources/bad.md: front matter 'author': {name: x} is not a name, a list of names, or null"),
        ("author: Jane Doe", "author: [Jane Doe, null]", "sources/bad.md: front matter 'author': [Jane Doe, null] is not a name, a list of names, or null"),
        # An organisation is its whole name in one pair of braces, in double quotes.
        ("author: Jane Doe", 'author: "{Human Rights Watch"',
         "sources/bad.md: front matter 'author': '{Human Rights Watch' has unbalanced braces; write an organisation's whole "
         'name in one pair of braces: "{Human Rights Watch}"'),
        ("author: Jane Doe", 'author: [Jane Doe, "Human Rights Watch}"]',
         "sources/bad.md: front matter 'author': 'Human Rights Watch}' has unbalanced braces; write an organisation's whole "
         'name in one pair of braces: "{Human Rights Watch}"'),
        ("author: Jane Doe", 'author: "{Human Rights} Watch"',
         "sources/bad.md: front matter 'author': '{Human Rights} Watch' has braces inside the name; braces go around an "
         'organisation\'s whole name: "{Human Rights Watch}"'),
        ("author: Jane Doe", 'author: "{ }"',
         "sources/bad.md: front matter 'author': '{ }' has braces with no name in them; write the organisation's name in them"),
        ("author: Jane Doe", "author: {Human Rights Watch}",
         "sources/bad.md: front matter 'author': {Human Rights Watch} is read as a YAML mapping, not a name; put an "
         'organisation in braces inside double quotes: "{Human Rights Watch}"'),
        ("author: Jane Doe", "author:\n  - Jane Doe\n  - {Human Rights Watch}",
         "sources/bad.md: front matter 'author': {Human Rights Watch} is read as a YAML mapping, not a name; put an "
         'organisation in braces inside double quotes: "{Human Rights Watch}"'),
        ("author: Jane Doe", "author: 1984", 'sources/bad.md: front matter \'author\': 1984 is read as a number, not text; put it in double quotes: author: "1984"'),
        ("publisher: null", "publisher: 2.5", 'sources/bad.md: front matter \'publisher\': 2.5 is read as a number, not text; put it in double quotes: publisher: "2.5"'),
        ("url: https://example.org/a", "url: not a url", "sources/bad.md: front matter 'url': 'not a url' is not an http(s) URL or null"),
        ("url: https://example.org/a", "url: javascript:alert(1)", "sources/bad.md: front matter 'url': 'javascript:alert(1)' is not an http(s) URL or null"),
        ("publisher: null", "publisher: [a]", "sources/bad.md: front matter 'publisher': [a] is not a publisher's name (text) or null"),
        ("publisher: null", "publisher: null\nsubtitle: x", "sources/bad.md: front matter 'subtitle': unknown field (expected one of: title, author, publisher, date, url, notes, truncated, drop_lines, capture_sha256, accessed)"),
        ("publisher: null", "publisher: null\ntruncated: maybe", "sources/bad.md: front matter 'truncated': 'maybe' is not true or false"),
    ],
)
def test_front_matter_errors_name_file_and_field(old: str, new: str, message: str) -> None:
    assert old in GOOD
    assert _error(GOOD.replace(old, new, 1)) == message


def test_every_problem_of_a_file_is_reported_together() -> None:
    text = GOOD.replace("date: 2024-01-31", "date: 2024-02-30").replace("url: https://example.org/a", "url: ftp://x")
    assert _error(text).splitlines() == [
        "sources/bad.md: front matter 'date': '2024-02-30' is not a date (YYYY-MM-DD)",
        "sources/bad.md: front matter 'url': 'ftp://x' is not an http(s) URL or null",
    ]


def test_missing_front_matter_and_empty_text() -> None:
    assert _error("Just text\n") == "sources/bad.md: no front matter (expected a '---' block first)"
    assert _error(GOOD.replace("Body text.\n", "\n\n")) == "sources/bad.md: no article text after the front matter"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        # YAML notices on the next line; the message names the line of the mistake, and the fix.
        ("author: Jane Doe", "author Jane Doe",
         "sources/bad.md: front matter 'author': no ':' after the field name; write 'author: ' and then the value (line 3)"),
        ("author: Jane Doe", "author: [Jane",
         "sources/bad.md: front matter 'author': the list opened with '[' is not closed with ']' on its line (line 3)"),
        ("title: A title", 'title: "Vučić says "no" to sanctions"',
         "sources/bad.md: front matter 'title': a double quote inside the value ends it early; write each inner quote "
         'as \\" (or use the typographic quotes \u201c \u201d) (line 2)'),
        ("title: A title", "title: 'Serbia's gamble'",
         "sources/bad.md: front matter 'title': an apostrophe inside a single-quoted value ends it early; put the value "
         "in double quotes instead (or write the apostrophe twice: '') (line 2)"),
        ("title: A title", "title: Serbia: a neutral state",
         "sources/bad.md: front matter 'title': the value holds ': ', which YAML reads as a new field; put the value in "
         "double quotes (line 2)"),
        ("title: A title", 'title: "Serbia and Russia',
         "sources/bad.md: front matter 'title': the quoted value has no closing quote; end it with the same quote mark "
         "on the same line (line 2)"),
        ("author: Jane Doe", "  author: Jane Doe",
         "sources/bad.md: front matter 'author': is indented; start each field at the beginning of its line (line 3)"),
        ("author: Jane Doe", "\tauthor: Jane Doe",
         "sources/bad.md: front matter line starts with a tab; indent with spaces (line 3)"),
    ],
)
def test_yaml_mistakes_name_the_field_the_line_and_the_fix(old: str, new: str, message: str) -> None:
    assert old in GOOD
    assert _error(GOOD.replace(old, new, 1)) == message


def test_yaml_object_tags_are_refused_not_constructed() -> None:
    message = _error(GOOD.replace("author: Jane Doe", "author: !!python/object/apply:os.system ['echo pwned']"))
    assert message == (
        "sources/bad.md: front matter 'author': the tag '!!python/object/apply:os.system' is not allowed; "
        "write the value as plain text (line 3)"
    )


def test_file_name_must_be_a_slug() -> None:
    assert _error(GOOD, slug="Bad Name") == (
        "sources/Bad Name.md: file name 'Bad Name' is not a slug (lowercase letters, digits and hyphens)"
    )


def test_binary_and_non_utf8_files(tmp_path: Path) -> None:
    binary = tmp_path / "binary.md"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(BriefingError, match=r"binary\.md: is a binary file, not UTF-8 text$"):
        load_source(binary, "sources/binary.md")


def test_load_sources_reports_all_files(tmp_path: Path) -> None:
    (tmp_path / "one.md").write_text(GOOD.replace("title: A title", "title: ''"), encoding="utf-8")
    (tmp_path / "two.md").write_text("no front matter", encoding="utf-8")
    with pytest.raises(BriefingError) as info:
        load_sources(tmp_path, tmp_path)
    assert info.value.problems == (
        "one.md: front matter 'title': is empty: write the article's title as it gives it",
        "two.md: no front matter (expected a '---' block first)",
    )


def test_empty_file_and_unclosed_front_matter() -> None:
    assert _error("") == "sources/bad.md: is empty (expected front matter, then the article text)"
    assert _error(" \n\n") == "sources/bad.md: is empty (expected front matter, then the article text)"
    assert _error("---\ntitle: x\n") == "sources/bad.md: front matter has no closing '---' line"


def test_a_huge_file_is_refused_without_being_read(tmp_path: Path) -> None:
    huge = tmp_path / "huge.md"
    with huge.open("wb") as f:  # sparse: 5 GB that take no disk, and would take 5 GB of memory
        f.truncate(5_000_000_000)
    with pytest.raises(BriefingError) as info:
        load_source(huge, "sources/huge.md")
    assert info.value.problems == ("sources/huge.md: is 5000.0 MB; a source may be at most 250 kB (one article, not a whole site)",)


def test_a_source_just_under_the_limit_loads(tmp_path: Path) -> None:
    from briefing.sources import MAX_SOURCE_BYTES

    big = tmp_path / "big.md"
    head = GOOD.encode("utf-8")
    big.write_bytes(head + b"x" * (MAX_SOURCE_BYTES - len(head)))
    assert len(load_source(big).raw) == MAX_SOURCE_BYTES - len(head) + len("Body text.\n")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("\ufeff" + GOOD, None),  # a UTF-8 BOM is fine
        (GOOD.encode("utf-16"), "sources/enc.md: is UTF-16 text; save it as UTF-8"),
        (GOOD.encode("utf-32"), "sources/enc.md: is UTF-32 text; save it as UTF-8"),
        (GOOD.replace("Body", "Café").encode("latin-1"),
         "sources/enc.md: line 8: byte 0xE9 is not UTF-8; save the file as UTF-8 (it looks like a legacy encoding such as Windows-1252)"),
        (GOOD.replace("Body", "Serbia’s").encode("utf-8").decode("cp1252").encode("utf-8"),
         "sources/enc.md: line 8: 'â€™' looks like '’' decoded twice; save the capture again as UTF-8"),
    ],
    ids=["utf-8 bom", "utf-16", "utf-32", "latin-1", "double-decoded"],
)
def test_encodings(tmp_path: Path, data: str | bytes, message: str | None) -> None:
    file = tmp_path / "enc.md"
    file.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    if message is None:
        assert load_source(file).meta.title == "A title"
        return
    with pytest.raises(BriefingError) as info:
        load_source(file, "sources/enc.md")
    assert info.value.problems == (message,)


def test_legitimate_accents_are_not_taken_for_mojibake() -> None:
    text = GOOD.replace("Body text.", "Vučić, Đoković, naïve café, Straße, São Paulo, plutôt « oui », ÂGE, Ãgua.")
    assert "Vučić" in parse_source(text, "sources/a.md", "a").raw


def test_nothing_in_sources_is_silently_left_out(tmp_path: Path) -> None:
    import os

    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "capture.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "upper.MD").write_text(GOOD, encoding="utf-8")
    (tmp_path / "folder").mkdir()
    os.mkfifo(tmp_path / "pipe.md")  # reading it would block the build forever
    (tmp_path / "README.md").write_text("# About these files\n", encoding="utf-8")
    (tmp_path / "_draft.md").write_text("not yet\n", encoding="utf-8")
    (tmp_path / ".hidden.md").write_text("editor backup\n", encoding="utf-8")
    with pytest.raises(BriefingError) as info:
        load_sources(tmp_path, tmp_path.parent)
    here = tmp_path.name
    assert info.value.problems == tuple(
        f"{here}/{name}: is {what}; {here}/ holds only <slug>.md files (one per article)"
        for name, what in [("capture.txt", "not a source file"), ("folder", "a folder"), ("pipe.md", "not a source file"),
                           ("upper.MD", "not a source file")]
    )


def test_messages_stay_on_one_line_whatever_the_value(tmp_path: Path) -> None:
    text = GOOD.replace("date: 2024-01-31", 'date: "2024\\n01\\x1b[31m"').replace("publisher: null", "publisher: null\n\"a\\nb\": 1")
    assert _error(text).splitlines() == [
        "sources/bad.md: front matter 'a\\nb': unknown field (expected one of: title, author, publisher, date, url, notes, truncated, drop_lines, capture_sha256, accessed)",
        "sources/bad.md: front matter 'date': '2024\\n01\\x1b[31m' is not a date (YYYY-MM-DD) or null",
    ]
    odd = tmp_path / "new\nline.md"
    odd.write_text(GOOD, encoding="utf-8")
    with pytest.raises(BriefingError) as info:
        load_sources(tmp_path, tmp_path)
    assert info.value.problems == ("new\\nline.md: file name 'new\\nline' is not a slug (lowercase letters, digits and hyphens)",)


def test_mixed_key_types_in_front_matter_are_reported_not_crashed_on() -> None:
    text = GOOD.replace("publisher: null", "publisher: null\n1: x\nnull: y")
    assert _error(text).splitlines() == [
        "sources/bad.md: front matter '1': unknown field (expected one of: title, author, publisher, date, url, notes, truncated, drop_lines, capture_sha256, accessed)",
        "sources/bad.md: front matter 'None': unknown field (expected one of: title, author, publisher, date, url, notes, truncated, drop_lines, capture_sha256, accessed)",
    ]


def test_hostile_nesting_is_refused_without_crashing_the_interpreter() -> None:
    """libyaml would recurse in C until the process dies; deep front matter takes the Python parser."""
    for nested in ("[" * 100_000 + "]" * 100_000, "\n" + "".join("  " * i + "-\n" for i in range(2000))):
        message = _error(GOOD.replace("author: Jane Doe", f"author: {nested}"))
        assert message.startswith("sources/bad.md: front matter ")


def test_the_double_decoding_check_is_skipped_only_where_it_cannot_match() -> None:
    """parse_source skips the search when the bytes hold no 0xC3: every first character it looks for
    is encoded with that byte, and a text without one is not searched in vain."""
    from briefing import sources

    first = sources._MOJIBAKE.pattern[1:].split("]", 1)[0]  # the first character class
    assert first == "\u00c2-\u00f4"
    assert all(chr(c).encode("utf-8")[0] == 0xC3 for c in range(0xC2, 0xF5))
    text = GOOD.replace("Body", "Serbia’s").encode("utf-8").decode("cp1252")
    with pytest.raises(BriefingError, match="decoded twice"):
        sources.parse_source(text, "sources/enc.md", "enc", text.encode("utf-8"))


@pytest.mark.parametrize(
    ("written", "iso", "approximate"),
    [("2022-03", "2022-03", False), ("2022", "2022", False), ("2022-03~", "2022-03", True), ("2024-04-05~", "2024-04-05", True)],
)
def test_a_date_may_be_partial_or_approximate(written: str, iso: str, approximate: bool) -> None:
    source = parse_source(GOOD.replace("date: 2024-01-31", f"date: {written}"), "sources/a.md", "a")
    assert (source.meta.date.isoformat(), source.meta.date.approximate) == (iso, approximate)
    # The second process gets it whole.
    import pickle

    again = pickle.loads(pickle.dumps(source.meta))
    assert again == source.meta and again.date.edtf() == source.meta.date.edtf()


def test_an_impossible_partial_date_is_refused() -> None:
    assert _error(GOOD.replace("date: 2024-01-31", "date: 2022-13")) == "sources/bad.md: front matter 'date': '2022-13' is not a date (YYYY-MM-DD) or null"

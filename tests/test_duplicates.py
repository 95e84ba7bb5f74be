"""Duplicate articles and clashing page addresses: found by pure functions, named by both files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing import pipeline
from briefing.duplicates import (
    address_problems,
    duplicate_problems,
    find_duplicates,
    page_address,
    text_key,
    url_key,
)
from briefing.errors import BriefingError
from briefing.model import Meta, Source


def _source(slug: str, raw: str, url: str | None = None, path: str | None = None) -> Source:
    meta = Meta(title=slug, authors=(), publisher=None, date=None, url=url)
    return Source(slug=slug, path=path or f"sources/{slug}.md", meta=meta, raw=raw)


def test_text_key_folds_what_a_copy_changes_but_not_words() -> None:
    a = "Serbia’s “neutrality”\r\nis  NOT\u00ad a policy.\n"
    b = "serbia's \"neutrality\" is not a policy"
    assert text_key(a) == text_key(b) != ""
    assert text_key("Serbia is a policy") != text_key(b)
    assert text_key("ﬁnal") == text_key("final")  # compatibility forms (ligatures)
    assert text_key(" \n--- ...\n") == ""


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://www.Example.org/a/", "example.org/a"),
        ("http://example.org:80/a#comments", "example.org/a"),
        ("https://example.org/a?utm_source=x&b=2&a=1&fbclid=y", "example.org/a?a=1&b=2"),
        ("https://example.org/%7Euser/caf%C3%A9", "example.org/~user/caf%C3%A9"),
        ("https://example.org:8443/a", "example.org:8443/a"),
        ("ftp://example.org/a", None),
        ("javascript:alert(1)", None),
        ("http://[::1", None),
        (None, None),
    ],
)
def test_url_key(url: str | None, key: str | None) -> None:
    assert url_key(url) == key


def test_url_key_keeps_what_names_another_article() -> None:
    assert url_key("https://example.org/a") != url_key("https://example.org/A")
    assert url_key("https://example.org/a?id=1") != url_key("https://example.org/a?id=2")


@pytest.mark.parametrize(
    ("uri", "address"),
    [("sources/a.md", "sources/a/"), ("sources/index.md", "sources/"), ("sources/README.md", "sources/"),
     ("index.md", ""), ("briefing.bib", "briefing.bib")],
)
def test_page_address(uri: str, address: str) -> None:
    assert page_address(uri) == address


def test_same_text_names_both_files() -> None:
    sources = [_source("b", "One article.\n"), _source("a", "one  ARTICLE\n"), _source("c", "Another.\n")]
    assert duplicate_problems(sources) == ["sources/b.md: same article text as sources/a.md (keep one of the two files)"]


def test_same_url_names_both_files() -> None:
    sources = [_source("a", "One.\n", "https://example.org/x"), _source("b", "Two.\n", "http://www.example.org/x/")]
    assert duplicate_problems(sources) == ["sources/b.md: front matter 'url': same article URL as sources/a.md (example.org/x)"]


def test_one_line_per_pair_and_every_copy_reported() -> None:
    sources = [_source(s, "Same text.\n", "https://example.org/x") for s in ("a", "b", "c")]
    assert [(d.kind, d.first, d.second) for d in find_duplicates(sources)] == [
        ("text", "sources/a.md", "sources/b.md"),
        ("text", "sources/a.md", "sources/c.md"),
    ]


def test_empty_texts_and_unknown_urls_are_not_duplicates() -> None:
    assert duplicate_problems([_source("a", "\n"), _source("b", "...\n"), _source("c", "x", None), _source("d", "y", None)]) == []


def test_address_taken_by_a_generated_or_hand_written_page() -> None:
    reserved = {"sources/index.md": "the generated Sources index", "sources/about.md": "docs/sources/about.md"}
    assert duplicate_problems([_source("index", "A.\n"), _source("about", "B.\n"), _source("c", "C.\n")], reserved) == [
        "sources/about.md: page address 'sources/about/' is also the address of docs/sources/about.md",
        "sources/index.md: page address 'sources/' is also the address of the generated Sources index",
    ]


def test_addresses_differing_only_in_case_or_unicode_form_clash() -> None:
    sources = [_source("Caf\u00e9", "A.\n"), _source("cafe\u0301", "B.\n")]
    assert duplicate_problems(sources) == ["sources/cafe\u0301.md: page address 'sources/cafe\u0301/' is also the address of sources/Caf\u00e9.md"]
    assert address_problems([("x", "topics/a.md"), ("y", "topics/a/index.md"), ("z", "topics/b.md")]) == [
        "y: page address 'topics/a/' is also the address of x"
    ]


GOOD = """---
title: {title}
author: null
publisher: null
date: null
url: {url}
---
{body}
"""


def _write(folder: Path, slug: str, title: str, body: str, url: str = "null") -> None:
    (folder / f"{slug}.md").write_text(GOOD.format(title=title, body=body, url=url), encoding="utf-8")


def test_pipeline_reports_every_problem_of_a_build_together(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    (tmp_path / "docs").mkdir()
    body = "Serbia has long balanced between East and West, and this article says so at length.\n"
    _write(sources, "one", "One", body, "https://example.org/one")
    _write(sources, "two", "Two", body)
    _write(sources, "three", "Three", "Something else is said here, in a sentence of its own.\n", "https://example.org/one/")
    _write(sources, "index", "Index", "A file whose page would replace the list of sources, said in full.\n")
    (sources / "bad.md").write_text("---\ntitle: [\n---\nText.\n", encoding="utf-8")
    with pytest.raises(BriefingError) as info:
        pipeline.build(pipeline.Settings(root=tmp_path))
    assert info.value.problems == (
        "sources/bad.md: front matter 'title': the list opened with '[' is not closed with ']' on its line (line 2)",
        "sources/three.md: front matter 'url': same article URL as sources/one.md (example.org/one)",
        "sources/two.md: same article text as sources/one.md (keep one of the two files)",
        "sources/index.md: page address 'sources/' is also the address of the generated Sources index",
    )


def test_pipeline_refuses_a_source_with_the_address_of_a_hand_written_page(tmp_path: Path) -> None:
    (tmp_path / "sources").mkdir()
    (tmp_path / "docs" / "sources").mkdir(parents=True)
    (tmp_path / "docs" / "sources" / "one.md").write_text("# Mine\n", encoding="utf-8")
    _write(tmp_path / "sources", "one", "One", "A sentence that is the whole article, and nothing else.\n")
    with pytest.raises(BriefingError) as info:
        pipeline.build(pipeline.Settings(root=tmp_path))
    assert info.value.problems == ("sources/one.md: page address 'sources/one/' is also the address of docs/sources/one.md",)


# The text key as first defined: every word of the NFKC, invisible-free, case-folded text.
def _plain_text_key(raw: str) -> str:
    import hashlib
    import re
    import unicodedata

    folded = re.sub("[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]", "", unicodedata.normalize("NFKC", raw)).casefold()
    words = re.findall(r"[^\W_]+", folded)
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest() if words else ""


_PIECES = st.sampled_from(
    [*"ab_ -.,\t\n", "\u00a0", "\u0301", "\u00b4", "ﬁ", "①", "\u200b", "ß", "İ", "Σ", "\u2028", "\u3000", "x_y", "Ⅻ",
     "²", "\u0e33", "\u1680", "Ｓｅｒｂｉａ", "’"]
)


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.lists(_PIECES, max_size=30).map("".join), st.text(max_size=50)))
def test_text_key_is_its_plain_definition(raw: str) -> None:
    text_key.cache_clear()
    assert text_key(raw) == _plain_text_key(raw)


# --- Near-duplicates ----------------------------------------------------------------------------

from conftest import ROOT, SEED_OF  # noqa: E402

from briefing.duplicates import SIMILAR, near_duplicates, shingles, similarity, sketch  # noqa: E402
from briefing.pipeline import article_text, make_article  # noqa: E402
from briefing.sources import load_source, split_front_matter  # noqa: E402

ALLY = ROOT / "sources" / "serbia-is-not-a-russian-ally.md"
ALLY_SENTENCE = "Serbia’s lithium reserves are the largest proven lithium deposits in Europe and one of the largest in the world."
ALLY_REWORDED = "No other country in Europe has proven lithium deposits as large as those found in Serbia, by a wide margin."


def _seed_texts() -> dict[str, str]:
    return {slug: article_text(make_article(load_source(ROOT / "sources" / f"{slug}.md"))) for slug in sorted(SEED_OF)}


def _reworded(text: str) -> str:
    """The text with its middle paragraph's first sentence written the other way round."""
    paragraphs = text.split("\n")
    middle = paragraphs[len(paragraphs) // 2]
    sentence = middle.split(". ")[0]
    paragraphs[len(paragraphs) // 2] = middle.replace(sentence, " ".join(reversed(sentence.split())), 1)
    return "\n".join(paragraphs)


def test_the_threshold_sits_between_distinct_articles_and_a_reworded_copy() -> None:
    """What SIMILAR was chosen from: distinct seeds share at most 0.09 % of their 5-word runs, a seed
    with one sentence reworded keeps over 90 % (see duplicates.SIMILAR)."""
    texts = _seed_texts()
    sets = {slug: shingles(text) for slug, text in texts.items()}
    distinct = [similarity(sets[a], sets[b]) for a in sets for b in sets if a < b]
    reworded = [similarity(sets[slug], shingles(_reworded(text))) for slug, text in texts.items()]
    assert max(distinct) < 0.002 and min(reworded) > 0.92
    assert max(distinct) < SIMILAR < min(reworded)


def test_a_reworded_copy_is_found_and_distinct_articles_are_not() -> None:
    texts = {f"sources/{slug}.md": text for slug, text in _seed_texts().items()}
    ally = texts["sources/serbia-is-not-a-russian-ally.md"]
    assert ALLY_SENTENCE in ally
    texts["sources/lithium-copy.md"] = ally.replace(ALLY_SENTENCE, ALLY_REWORDED)
    keys = {path: sketch(text) for path, text in texts.items()}
    found = near_duplicates(texts, keys)
    assert [(d.kind, d.first, d.second) for d in found] == [("similar", "sources/lithium-copy.md", "sources/serbia-is-not-a-russian-ally.md")]
    # The file a pull request adds is the one the problem (and its annotation) is reported on.
    found = near_duplicates(texts, keys, added=["sources/lithium-copy.md"])
    assert [d.message() for d in found] == [
        "sources/lithium-copy.md: nearly the same article text as sources/serbia-is-not-a-russian-ally.md "
        "(97 % of their five-word runs are shared; keep one of the two files)"
    ]
    # A pair already reported as the same text or URL is not reported twice.
    assert near_duplicates(texts, keys, known=[("sources/serbia-is-not-a-russian-ally.md", "sources/lithium-copy.md")]) == []


def test_the_build_refuses_a_reworded_copy_at_another_address(tmp_path: Path) -> None:
    (tmp_path / "sources").mkdir()
    for slug in SEED_OF:
        (tmp_path / "sources" / f"{slug}.md").write_bytes((ROOT / "sources" / f"{slug}.md").read_bytes())
    front, raw = split_front_matter(ALLY.read_text(encoding="utf-8"))
    front = re.sub(r"(?m)^url: .*$", "url: https://example.org/lithium-copy", front).replace("capture_sha256:", "#")
    (tmp_path / "sources" / "a-lithium-copy.md").write_text(f"---\n{front}---\n" + raw.replace(ALLY_SENTENCE, ALLY_REWORDED), encoding="utf-8")
    with pytest.raises(BriefingError) as info:
        pipeline.build(pipeline.Settings(root=tmp_path, added=("sources/a-lithium-copy.md",)))
    assert info.value.problems == (
        "sources/a-lithium-copy.md: nearly the same article text as sources/serbia-is-not-a-russian-ally.md "
        "(97 % of their five-word runs are shared; keep one of the two files)",
    )
    # Without knowing which file is new, the pair is named in file order.
    with pytest.raises(BriefingError) as info:
        pipeline.build(pipeline.Settings(root=tmp_path))
    assert info.value.problems[0].startswith("sources/serbia-is-not-a-russian-ally.md: nearly the same article text as sources/a-lithium-copy.md")


def test_exact_duplicates_are_reported_on_the_added_file_too() -> None:
    sources = [_source("b", "One article.\n"), _source("a", "one  ARTICLE\n")]
    assert duplicate_problems(sources, added=["sources/a.md"]) == [
        "sources/a.md: same article text as sources/b.md (keep one of the two files)"
    ]


def test_a_sketch_is_the_same_in_every_process() -> None:
    """Python salts string hashes per process; the sketch hashes integers only, so which pairs are
    compared never depends on the run (the same inputs give the same build)."""
    import subprocess
    import sys

    text = ALLY.read_text(encoding="utf-8")
    code = f"import sys; sys.path.insert(0, {str(ROOT / 'scripts')!r}); from briefing.duplicates import sketch; print(sketch(open({str(ALLY)!r}, encoding='utf-8').read()))"
    runs = {
        subprocess.run([sys.executable, "-c", code], env={"PYTHONHASHSEED": seed}, capture_output=True, text=True, check=True).stdout
        for seed in ("1", "2", "random")
    }
    assert runs == {f"{sketch(text)}\n"}


def test_short_distinct_texts_are_not_all_compared_with_each_other() -> None:
    """A short text fills few of its sketch's bins; the empty ones must not make every pair of short
    texts a candidate (which would be every pair compared exactly, quadratic in the sources)."""
    import random

    rng = random.Random(7)
    vocabulary = [f"word{i}" for i in range(5000)]
    texts = {f"sources/s{i}.md": " ".join(rng.choice(vocabulary) for _ in range(40)) for i in range(60)}
    compared: list[tuple[str, str]] = []

    def compare(a: str, b: str) -> float:
        compared.append((a, b))
        return similarity(shingles(texts[a]), shingles(texts[b]))

    assert near_duplicates(texts, {p: sketch(t) for p, t in texts.items()}, compare=compare) == []
    assert len(compared) <= 5  # of 1,770 pairs

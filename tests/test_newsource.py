"""The 'new' command: a saved page becomes a source file with its facts, unknowns marked, never overwriting."""

from __future__ import annotations

import datetime as dt
import hashlib
import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SEED_OF, SOURCES, mkdocs_env
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from briefing.__main__ import main
from briefing.check import check, todo_problems
from briefing.errors import BriefingError
from briefing.newsource import Extracted, new_source, slugify, source_text
from briefing.pipeline import Settings, make_article
from briefing.sources import load_source, load_sources, parse_source, split_front_matter

PAGES = Path(__file__).parent / "fixtures" / "pages"
ENERGY = PAGES / "balkan-energy-crossroads.html"
ENERGY_SLUG = "serbias-energy-crossroads-gas-lithium-and-the-eu"
TODAY = dt.date.today().isoformat()


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    folder = tmp_path / "sources"
    folder.mkdir()
    return folder


def _new(page: Path | str, sources: Path, **kwargs) -> Path:
    return new_source(str(page), sources, root=sources.parent, **kwargs)


def _refused(page: Path | str, sources: Path, **kwargs) -> list[str]:
    with pytest.raises(BriefingError) as info:
        _new(page, sources, **kwargs)
    return list(info.value.problems)


def test_facts_and_text_are_extracted_and_every_fact_is_marked_for_review(sources: Path) -> None:
    written = _new(ENERGY, sources)
    assert written == sources / f"{ENERGY_SLUG}.md"
    text = written.read_text(encoding="utf-8")
    front, raw = split_front_matter(text)
    assert front.splitlines() == [
        'title: "Serbia’s Energy Crossroads: Gas, Lithium and the EU"  # TODO: check (read from the page)',
        'author: "Jelena Marković"  # TODO: check (read from the page)',
        'publisher: "Danube Policy Review"  # TODO: check (read from the page)',
        "date: 2024-05-14  # TODO: check (read from the page)",
        'url: "https://danube-review.example.org/analysis/serbia-energy-crossroads/"  # TODO: check (read from the page)',
        f"accessed: {TODAY}  # TODO: the day you saved the page (today's date was written)",
        f"capture_sha256: {hashlib.sha256(raw.encode('utf-8')).hexdigest()}",
    ]
    # The article's text, and none of the page around it (menu, byline, newsletter box, related links, footer).
    # The <h1> repeats the title (it is in the front matter), so the text starts with the first paragraph.
    assert raw.startswith("Serbia still buys almost all of its natural gas from Russia,")
    assert "The interconnector with Bulgaria, completed in late 2023," in raw
    assert raw.rstrip().endswith("without paying a price at home.")
    for chrome in ("About us", "newsletter", "Kosovo talks after Ohrid", "All rights reserved", "By Jelena"):
        assert chrome not in raw


def test_the_new_file_loads_with_the_stated_facts_and_cleans_to_its_paragraphs(sources: Path) -> None:
    source = load_source(_new(ENERGY, sources), "sources/new.md")
    meta = source.meta
    assert (meta.title, meta.authors, meta.publisher, meta.date) == (
        "Serbia’s Energy Crossroads: Gas, Lithium and the EU",
        ("Jelena Marković",),
        "Danube Policy Review",
        dt.date(2024, 5, 14),
    )
    assert meta.url == "https://danube-review.example.org/analysis/serbia-energy-crossroads/"
    cleaned = make_article(source).cleaned
    body = [p.text for p in cleaned.body]
    # Every paragraph of the article is a numbered body paragraph, first to last (none taken for a standfirst).
    assert cleaned.standfirst is None
    assert body[0].startswith("Serbia still buys almost all of its natural gas from Russia")
    assert body[-1].startswith("Energy analysts in Belgrade argue that diversification")


def test_unknown_facts_are_null_and_say_what_to_do(sources: Path) -> None:
    written = _new(PAGES / "bare-blog-post.html", sources)
    assert written.name == "why-belgrade-keeps-its-distance-from-moscow.md"
    front, _ = split_front_matter(written.read_text(encoding="utf-8"))
    assert front.splitlines()[:5] == [
        'title: "Why Belgrade Keeps Its Distance from Moscow"  # TODO: check (read from the page)',
        "author: null  # TODO: not found in the page; write the name, or a list of names, or leave null if the page does not say",
        "publisher: null  # TODO: not found in the page; write the publisher, or leave null if the page does not say",
        # A year in the text ("Since 2022") is no publication date.
        "date: null  # TODO: not found in the page; write the publication date as YYYY-MM-DD, or leave null if the page does not say",
        "url: null  # TODO: not found in the page; paste the article's address, or leave null if the page does not say",
    ]
    meta = load_source(written).meta
    assert (meta.authors, meta.publisher, meta.date, meta.url) == ((), None, None, None)


def test_several_authors_and_structured_data(sources: Path) -> None:
    meta = load_source(_new(PAGES / "two-authors-jsonld.html", sources)).meta
    assert meta.authors == ("Marko Petrović", "Anna Schmidt")
    assert (meta.publisher, meta.date) == ("Western Balkans Monitor", dt.date(2023, 11, 2))


def test_a_page_without_a_title_needs_a_slug_and_leaves_the_title_to_write(sources: Path, tmp_path: Path) -> None:
    untitled = tmp_path / "untitled.html"
    untitled.write_text(
        "<html><body><p>Serbia still buys almost all of its natural gas from Russia, and the long-term supply "
        "contract signed in Belgrade in 2022 keeps that dependence in place for years to come.</p><p>At the same "
        "time, the government has opened its lithium deposits to European partners, a step Moscow watched "
        "with open irritation.</p></body></html>",
        encoding="utf-8",
    )
    written = _new(untitled, sources)  # named after the file, for want of a title
    assert written.name == "untitled.md"
    text = written.read_text(encoding="utf-8")
    assert text.splitlines()[1] == (
        "title: null  # TODO: not found in the page; write the article's title (a title is required)"
    )
    # Until the contributor writes it, the check says so: the loader's rule, and every fact's TODO mark.
    report = check(Settings(root=sources.parent))
    assert report.problems == (
        "sources/untitled.md: front matter 'title': is required: write the article's title as it gives it "
        "(only author, publisher, date and url may be null)",
        *(
            f"sources/untitled.md: front matter '{field}': still marked TODO (check it against the page, then delete the comment)"
            for field in ("title", "author", "publisher", "date", "url", "accessed")
        ),
    )


def test_a_url_given_by_the_contributor_is_not_marked(sources: Path) -> None:
    written = _new(PAGES / "bare-blog-post.html", sources, url="https://blog.example.org/belgrade-distance", slug="belgrade-distance")
    assert written.name == "belgrade-distance.md"
    front, _ = split_front_matter(written.read_text(encoding="utf-8"))
    assert 'url: "https://blog.example.org/belgrade-distance"' in front.splitlines()


def test_same_text_is_refused_and_nothing_is_written(sources: Path) -> None:
    _new(ENERGY, sources)
    before = sorted(p.name for p in sources.iterdir())
    assert _refused(ENERGY, sources, slug="another-name") == [
        f"{ENERGY}: the same article text is already in sources/{ENERGY_SLUG}.md",
    ]
    assert sorted(p.name for p in sources.iterdir()) == before


def test_same_url_is_refused_even_written_differently(sources: Path, tmp_path: Path) -> None:
    _new(ENERGY, sources)
    # Another capture of the same article: other text, same canonical address (http, www, no slash).
    html = ENERGY.read_text(encoding="utf-8")
    other = tmp_path / "other.html"
    other.write_text(
        html.replace("Serbia still buys almost all", "Serbia still imports nearly all").replace(
            "https://danube-review.example.org/analysis/serbia-energy-crossroads/",
            "http://www.danube-review.example.org/analysis/serbia-energy-crossroads",
        ),
        encoding="utf-8",
    )
    assert _refused(other, sources, slug="energy-again") == [
        f"{other}: the same article URL is already in sources/{ENERGY_SLUG}.md "
        "(danube-review.example.org/analysis/serbia-energy-crossroads)",
    ]
    assert not (sources / "energy-again.md").exists()


def test_an_article_of_the_real_briefing_is_refused_by_its_url(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(SOURCES, sources)
    known = {s.meta.url: s.slug for s in load_sources(SOURCES) if s.meta.url}
    url, slug = sorted(known.items())[0]
    assert _refused(PAGES / "bare-blog-post.html", sources, url=url) == [
        f"{PAGES / 'bare-blog-post.html'}: the same article URL is already in sources/{slug}.md ({_key(url)})",
    ]


def _key(url: str) -> str:
    from briefing.duplicates import url_key

    return url_key(url) or ""


def test_an_existing_file_is_never_overwritten(sources: Path) -> None:
    taken = sources / f"{ENERGY_SLUG}.md"
    taken.write_text("a contributor's work in progress\n", encoding="utf-8")
    assert _refused(ENERGY, sources) == [
        f"sources/{ENERGY_SLUG}.md: already exists; a new source never replaces one (choose another name with --slug)",
    ]
    assert taken.read_text(encoding="utf-8") == "a contributor's work in progress\n"


def test_input_problems_are_one_line_each(sources: Path, tmp_path: Path) -> None:
    assert _refused(tmp_path / "missing.html", sources) == [
        f"{tmp_path / 'missing.html'}: no such file (give a saved web page or an http(s) URL)"
    ]
    assert _refused(ENERGY, sources, slug="Not A Slug", url="ftp://x") == [
        "--slug 'Not A Slug': not a slug (lowercase letters, digits and hyphens)",
        "--url 'ftp://x': not an http(s) URL",
    ]
    assert _refused(ENERGY, tmp_path / "nowhere") == [
        "nowhere: folder not found (run it in the repository's top folder, or give --root FOLDER before 'new')"
    ]
    empty = tmp_path / "empty.html"
    empty.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8")
    assert _refused(empty, sources) == [f"{empty}: no article text found in the page (only 1 word)"]
    empty.write_text("<html><body></body></html>", encoding="utf-8")
    assert _refused(empty, sources) == [f"{empty}: no article text found in the page"]
    assert list(sources.iterdir()) == []


def test_a_url_is_downloaded_and_its_canonical_address_kept(sources: Path) -> None:
    asked: list[str] = []

    def fetch(url: str) -> bytes:
        asked.append(url)
        return ENERGY.read_bytes()

    written = _new("https://danube-review.example.org/a?utm_source=x", sources, fetch=fetch)
    assert asked == ["https://danube-review.example.org/a?utm_source=x"]
    assert load_source(written).meta.url == "https://danube-review.example.org/analysis/serbia-energy-crossroads/"
    assert _refused("https://example.org/gone", sources, fetch=lambda url: None) == [
        "https://example.org/gone: could not download the page (save it from your browser and give the file instead)"
    ]


def test_a_downloaded_page_without_an_address_keeps_the_one_asked_for(sources: Path) -> None:
    written = _new("https://blog.example.org/belgrade", sources, fetch=lambda url: (PAGES / "bare-blog-post.html").read_bytes())
    front, _ = split_front_matter(written.read_text(encoding="utf-8"))
    assert 'url: "https://blog.example.org/belgrade"' in front.splitlines()
    assert f"accessed: {TODAY}" in front.splitlines()  # downloaded now: nothing to check


def test_the_access_date_is_asked_for_and_accepted(sources: Path) -> None:
    written = _new(ENERGY, sources, accessed="2024-05-20")
    front, _ = split_front_matter(written.read_text(encoding="utf-8"))
    assert "accessed: 2024-05-20" in front.splitlines()  # given: not marked
    assert load_source(written).meta.accessed == dt.date(2024, 5, 20)
    assert _refused(ENERGY, sources, accessed="20 May 2024") == ["--accessed '20 May 2024': not a date (YYYY-MM-DD)"]
    assert _refused(ENERGY, sources, accessed="2999-01-01") == ["--accessed '2999-01-01': not a date (YYYY-MM-DD)"]


def test_a_long_title_is_cut_at_a_word_boundary() -> None:
    title = "Serbia between Russia, Ukraine and the West: how a neutral state balances gas, arms and Kosovo"
    slug = slugify(title)
    assert slug == "serbia-between-russia-ukraine-and-the-west-how-a-neutral"
    assert len(slug) <= 60 and f"{slug}-state" in slugify(title, limit=200)
    assert slugify("a" * 70) == "a" * 60  # one word longer than the limit: cut, as nothing else can be


def test_the_check_lists_each_marked_fact_until_the_contributor_confirms_it(sources: Path) -> None:
    written = _new(ENERGY, sources)
    text = written.read_text(encoding="utf-8")
    assert todo_problems(text, "sources/x.md") == [
        f"sources/x.md: front matter '{field}': still marked TODO (check it against the page, then delete the comment)"
        for field in ("title", "author", "publisher", "date", "url", "accessed")
    ]
    confirmed = "\n".join(line.split("  # TODO")[0] for line in text.split("\n"))
    assert todo_problems(confirmed, "sources/x.md") == []


def test_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "sources").mkdir()
    assert main(["--root", str(tmp_path), "new", str(ENERGY)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"wrote {tmp_path.as_posix()}/sources/{ENERGY_SLUG}.md",
        "next: confirm the 6 facts marked TODO against the page and delete each TODO comment,",
        "then run: PYTHONPATH=scripts python3 -m briefing check",
    ]
    assert main(["--root", str(tmp_path), "new", str(ENERGY)]) == 1
    assert capsys.readouterr().err == (
        f"error: {ENERGY}: the same article text is already in sources/{ENERGY_SLUG}.md\n"
    )


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Serbia’s can’t–lose Ukraine strategy", "serbias-cant-lose-ukraine-strategy"),
        ("Bound to Russia: Serbia’s disruptive neutrality", "bound-to-russia-serbias-disruptive-neutrality"),
        ("Đukanović, Vučić and the “Serbian World”", "djukanovic-vucic-and-the-serbian-world"),
        ("¿Qué?", "que"),
        ("!!!", ""),
    ],
)
def test_slugs(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_the_seeds_slugs_come_from_their_titles() -> None:
    seeds = [s for s in load_sources(SOURCES) if s.slug in SEED_OF]
    assert len(seeds) == len(SEED_OF)
    for source in seeds:
        assert slugify(source.meta.title) == source.slug


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_a_slug_is_always_a_valid_file_name(title: str) -> None:
    slug = slugify(title)
    assert len(slug) <= 60
    assert slug == "" or parse_source("---\ntitle: t\nauthor: null\npublisher: null\ndate: null\nurl: null\n---\nx\n", "p", slug)


_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=80).filter(str.strip)


@settings(max_examples=200, deadline=None)
@given(title=_TEXT, authors=st.lists(_TEXT, max_size=3), publisher=st.none() | _TEXT)
def test_any_title_or_name_reads_back_as_written(title: str, authors: list[str], publisher: str | None) -> None:
    """Quotes, colons, '#' or YAML words in a title never change what the loader reads."""
    page = Extracted(
        title=" ".join(title.split()),
        authors=tuple(" ".join(a.split()) for a in authors),
        publisher=" ".join(publisher.split()) if publisher else None,
        date=None,
        url=None,
        host=None,
        text="Body.",
    )
    try:
        meta = parse_source(source_text(page), "sources/x.md", "x").meta
    except BriefingError as exc:  # the loader refuses text that looks decoded twice ('Ã©'); not ours to write
        assume(not any("decoded twice" in p for p in exc.problems))
        raise
    assert (meta.title, meta.authors, meta.publisher) == (page.title, page.authors, page.publisher)
    assert meta.notes == ()  # notes are the contributor's to write: they show on the page and in BibTeX


def test_the_site_build_never_imports_trafilatura() -> None:
    code = (
        "import sys, briefing.pipeline, briefing.check, briefing.__main__;"
        "sys.path.insert(0, 'scripts'); import mkdocs_hooks;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('trafilatura', 'htmldate', 'justext')))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=mkdocs_env(), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"

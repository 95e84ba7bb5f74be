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
from conftest import ROOT, SEED_OF, SOURCES, lost_lines, mkdocs_env
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from briefing.__main__ import main
from briefing.check import check, todo_problems
from briefing.errors import BriefingError
from briefing.clean import clean
from briefing.newsource import Extracted, SecondOpinion, Written, new_source, review_lines, second_opinion, slugify, source_text
from briefing.pipeline import Settings, make_article
from briefing.sources import load_source, load_sources, parse_source, split_front_matter, unbraced

PAGES = Path(__file__).parent / "fixtures" / "pages"
ENERGY = PAGES / "balkan-energy-crossroads.html"
ENERGY_SLUG = "serbias-energy-crossroads-gas-lithium-and-the-eu"
ENERGY_PARAGRAPHS = (
    "Serbia still buys almost all of its natural gas from Russia,",
    "At the same time, the government has opened its lithium deposits",
    "The interconnector with Bulgaria, completed in late 2023,",
    "Energy analysts in Belgrade argue that diversification",
)
HEDGE = PAGES / "standfirst-and-bio.html"  # trafilatura leaves out its standfirst, caption and author bio
TODAY = dt.date.today().isoformat()


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    folder = tmp_path / "sources"
    folder.mkdir()
    return folder


def _new(page: Path | str, sources: Path, **kwargs) -> Path:
    return _written(page, sources, **kwargs).path


def _written(page: Path | str, sources: Path, **kwargs) -> Written:
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
    # The whole page as a reader's select-all copy gives it, one line per block: menu, byline,
    # newsletter box, related links and footer included; the cleaner removes clutter by rule.
    assert raw == "\n".join(
        [
            "Danube Policy Review", "Analysis", "Events", "About us", "",
            "Serbia’s Energy Crossroads: Gas, Lithium and the EU", "",
            "By Jelena Marković · 14 May 2024", "",
            "Serbia still buys almost all of its natural gas from Russia, and the long-term supply contract signed in "
            "Belgrade in 2022 keeps that dependence in place for years to come. Officials describe the arrangement as a "
            "matter of price, not of politics, but every winter shows how little room the country has to manoeuvre.", "",
            "At the same time, the government has opened its lithium deposits to European partners. The agreement with "
            "the European Union on critical raw materials ties Serbia to European supply chains for batteries and "
            "electric cars, a step that Moscow has watched with open irritation.", "",
            "A pipeline from the south", "",
            "The interconnector with Bulgaria, completed in late 2023, gives Serbia its first route for gas that does "
            "not come from Russia. Its capacity is modest, yet it changes the bargaining position of a country that "
            "until recently had a single supplier and a single pipeline.", "",
            "Energy analysts in Belgrade argue that diversification, more than sanctions or declarations, will decide "
            "how far Serbia can move towards the West without paying a price at home.", "",
            "Sign up for our weekly newsletter and never miss an analysis.", "",
            "Subscribe", "",
            "Related", "",
            "Kosovo talks after Ohrid", "Ammunition for Ukraine", "",
            "© 2024 Danube Policy Review. All rights reserved.", "",
            "Privacy policy",
        ]
    ) + "\n"


def test_text_trafilatura_leaves_out_is_stored_and_shown_as_the_page_gives_it(sources: Path) -> None:
    """A standfirst, a caption and an author bio trafilatura does not count as article text are in the
    file; the cleaner keeps the standfirst and the bio and lists the caption among what it removed."""
    written = _written(HEDGE, sources)
    source = load_source(written.path, "sources/new.md")
    for line in (
        "Serbia will not sanction Russia, but it no longer defends Moscow either.",
        "The National Assembly in Belgrade. Photo: Sava Review",
        "Ana Petrović is a senior fellow at the Sava Institute, where she writes on the foreign policy of the Western Balkans.",
    ):
        assert f"\n{line}\n" in source.raw
    cleaned = make_article(source).cleaned
    assert cleaned.standfirst == "Serbia will not sanction Russia, but it no longer defends Moscow either."
    assert [(n.kind, n.text[:27]) for n in cleaned.notes] == [("bio", "Ana Petrović is a senior fe")]
    assert "The National Assembly in Belgrade. Photo: Sava Review" in [r.text for r in cleaned.removed]
    assert lost_lines(source.raw, cleaned) == []
    # trafilatura's second opinion names the standfirst: kept by the cleaner, not article text to it.
    assert written.opinion.kept_not_article[0] == "Serbia will not sanction Russia, but it no longer defends Moscow either."
    assert (written.opinion.removed_article, written.opinion.not_in_capture) == ((), ())


def test_second_opinion_lists_each_kind_of_disagreement() -> None:
    capture = "\n".join(
        [
            "The Title",
            "www.example-news.org",
            "The first paragraph of the story says what happened on Monday in the capital.",
            "A box beside the story tells readers where the capital's new bus lines will run from May.",
            "The first paragraph of the story says what happened on Monday in the capital.",
            "The second paragraph of the story says why it matters to the neighbours.",
        ]
    )
    article = "\n".join(
        [
            "The Title",  # trafilatura's first line: the title, which is the front matter's
            "www.example-news.org",  # the cleaner removes it as a site URL
            "The first paragraph of the story says what happened on Monday in the capital.",
            "- The second paragraph of the story says why it matters to the neighbours.",  # list mark aside, the same
            "A sentence trafilatura found in the markup, not in the stored text.",
        ]
    )
    cleaned = clean(capture, "The Title")
    assert [r.reason for r in cleaned.removed] == ["title (repeated in the page)", "site URL", "duplicate of text kept earlier"]
    opinion = second_opinion(cleaned, capture, article, "The Title")
    assert opinion == SecondOpinion(
        kept_not_article=("A box beside the story tells readers where the capital's new bus lines will run from May.",),
        removed_article=(("www.example-news.org", "site URL"),),
        not_in_capture=("A sentence trafilatura found in the markup, not in the stored text.",),
    )
    assert review_lines(opinion) == [
        "second opinion: trafilatura, reading the HTML, disagrees with the cleaner; review these lines against the page:",
        "  kept by the cleaner as article text, left out by trafilatura (clutter? add it to drop_lines):",
        "    A box beside the story tells readers where the capital's new bus lines will run from May.",
        "  removed by the cleaner, article text to trafilatura (article text lost? report a cleaning mistake):",
        "    www.example-news.org  [site URL]",
        "  in trafilatura's article text, not in the stored text:",
        "    A sentence trafilatura found in the markup, not in the stored text.",
    ]
    # A short line agrees only as a whole line: "Share" inside a sentence of trafilatura's is no agreement.
    assert second_opinion(clean("Energy\nThe Title\n"), "Energy\nThe Title\n", "Energy policy matters.\nThe Title").kept_not_article == (
        "Energy",
    )
    assert review_lines(SecondOpinion(("x" * 100, *map(str, range(11))), (), ())) == [
        "second opinion: trafilatura, reading the HTML, disagrees with the cleaner; review these lines against the page:",
        "  kept by the cleaner as article text, left out by trafilatura (clutter? add it to drop_lines):",
        "    " + "x" * 89 + "…",
        *(f"    {i}" for i in range(9)),
        "    ... and 2 more",
    ]
    assert review_lines(SecondOpinion((), (), ())) == [
        "second opinion: trafilatura, reading the HTML, finds the same article text as the cleaner"
    ]


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
    # Every paragraph of the article is a numbered body paragraph, in order; every other line of the
    # page is kept or listed among what the cleaner removed, with its reason.
    body = iter(p.text for p in cleaned.body)
    assert all(any(text.startswith(start) for text in body) for start in ENERGY_PARAGRAPHS)
    assert lost_lines(source.raw, cleaned) == []


def test_unknown_facts_are_null_and_say_what_to_do(sources: Path) -> None:
    written = _new(PAGES / "bare-blog-post.html", sources)
    assert written.name == "why-belgrade-keeps-its-distance-from-moscow.md"
    front, _ = split_front_matter(written.read_text(encoding="utf-8"))
    assert front.splitlines()[:5] == [
        'title: "Why Belgrade Keeps Its Distance from Moscow"  # TODO: check (read from the page)',
        "author: null  # TODO: not found in the page; write the name, a list of names, or an organisation in braces: \"{Name}\", or leave null if the page does not say",
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
    # The cleaner keeps exactly the article of the page, as trafilatura reads it from the HTML.
    assert _kept_chrome(tmp_path / "sources" / f"{ENERGY_SLUG}.md") == []
    assert out == [
        f"wrote {tmp_path.as_posix()}/sources/{ENERGY_SLUG}.md",
        "second opinion: trafilatura, reading the HTML, finds the same article text as the cleaner",
        "next: confirm the 6 facts marked TODO against the page and delete each TODO comment,",
        "then run: PYTHONPATH=scripts python3 -m briefing check",
    ]
    assert main(["--root", str(tmp_path), "new", str(ENERGY)]) == 1
    assert capsys.readouterr().err == (
        f"error: {ENERGY}: the same article text is already in sources/{ENERGY_SLUG}.md\n"
    )


def _kept_chrome(file: Path) -> list[str]:
    """The energy page's lines the cleaner keeps as article text that are not the article's own."""
    cleaned = make_article(load_source(file)).cleaned
    chrome = [t for t in cleaned.article_text() if not t.startswith(ENERGY_PARAGRAPHS) and t != "A pipeline from the south"]
    assert "Subscribe" in chrome or "Subscribe" in [r.text for r in cleaned.removed]  # the page's text is all there
    return chrome


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
    # A brace in a byline is dropped: in the front matter, braces mark an organisation.
    names = tuple(n for n in map(unbraced, page.authors) if n)
    assert (meta.title, meta.authors, meta.publisher) == (page.title, names, page.publisher)
    assert meta.organisations == ()
    assert meta.notes == ()  # notes are the contributor's to write: they show on the page and in BibTeX


def test_the_site_build_never_imports_trafilatura() -> None:
    code = (
        "import sys, briefing.pipeline, briefing.check, briefing.__main__;"
        "sys.path.insert(0, 'scripts'); import mkdocs_hooks;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('trafilatura', 'htmldate', 'justext', 'inscriptis')))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=mkdocs_env(), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_without_inscriptis_new_says_what_to_install(sources: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "inscriptis", None)  # as if it were not installed
    assert _refused(ENERGY, sources) == [
        "the 'new' command needs trafilatura, lxml_html_clean and inscriptis (import of inscriptis halted; None in sys.modules); "
        "install them with: python3 -m pip install -r requirements-dev.txt"
    ]
    assert list(sources.iterdir()) == []

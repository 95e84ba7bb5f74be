"""The timeline: dated sentences of small made-up articles, merged, marked and rendered; the seeds'
entries against a reviewed golden file; the real site's Timeline page and the PDF's."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pypdf
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, SEED_OF, article_of

from briefing import page as pg
from briefing import page_typst, pipeline, timeline, timeline_page
from briefing.model import Article, Meta, Quote, Topic, TopicResult

GOLDEN = Path(__file__).parent / "golden" / "timeline.txt"


def article(slug: str, *blocks: str | tuple[str, str], date: dt.date | None = None, title: str = "T") -> Article:
    return article_of(slug, blocks, Meta(title=title, authors=("A. Writer",), publisher="P", date=date, url=None))


def entries(*articles: Article, results: tuple[TopicResult, ...] = ()) -> tuple[timeline.Entry, ...]:
    return timeline.entries([r for a in articles for r in timeline.dated(a)], results)


def shown(found: tuple[timeline.Entry, ...]) -> list[tuple[str, list[tuple[str, int, str]]]]:
    return [(e.date.label(), [(r.slug, r.paragraph, r.quote) for r in e.items]) for e in found]


# --- One article's dated sentences ---------------------------------------------------------------------


def test_each_dated_sentence_is_quoted_verbatim_and_self_contained() -> None:
    text = (
        "Doubts were dispelled in Belgrade on July 19. On that date, the president signed an agreement on lithium. "
        "Nobody expected it. When Russia annexed Crimea in 2014, Serbia refused to impose sanctions."
    )
    a = article("a", text, date=dt.date(2024, 9, 17))
    records = timeline.dated(a)
    assert [(r.date.label(), r.quote) for r in records] == [
        # "On that date, …" continues the sentence that names the date: the quote keeps both.
        ("19 July [2024]", "Doubts were dispelled in Belgrade on July 19. On that date, the president signed an agreement on lithium."),
        ("2014", "When Russia annexed Crimea in 2014, Serbia refused to impose sanctions."),
    ]
    assert all(r.quote in text for r in records)
    assert timeline.check(records, (a,)) == []


def test_a_day_and_month_take_the_year_of_their_paragraph_or_of_the_article_or_are_not_placed() -> None:
    paragraph = "The crisis began in March 2021. On 25 February the council met again."
    # From the same paragraph (the nearest year before it), even against the article's own date.
    (from_paragraph, council) = timeline.dated(article("a", paragraph, date=dt.date(2024, 1, 1)))
    assert council.date.label() == "25 February [2021]" and council.date.inferred
    assert not from_paragraph.date.inferred
    # Not from another paragraph: then from the article's date.
    records = timeline.dated(article("a", "The crisis began in 2021.", "On 25 February the council met.", date=dt.date(2022, 3, 1)))
    assert [r.date.label() for r in records] == ["2021", "25 February [2022]"]
    # No year in the paragraph, no article date: not placed.
    assert timeline.dated(article("a", "On 25 February the council met.")) == ()
    # A day after the article's own date: which year, the text does not say.
    assert timeline.dated(article("a", "On 25 February the council met.", date=dt.date(2022, 1, 10))) == ()


def test_headings_questions_and_relative_dates_are_not_placed() -> None:
    a = article(
        "a",
        ("h", "What happened in 2014"),
        "What did Serbia do in 2014?",
        "Serbia opened an interconnector in December of last year. It was announced recently.",
        date=dt.date(2024, 1, 1),
    )
    assert timeline.dated(a) == ()


def test_publication_dates_are_not_event_dates() -> None:
    # The article's date places nothing by itself: a sentence with no date of its own is not on the timeline.
    assert timeline.dated(article("a", "Serbia signed a deal with the European Union.", date=dt.date(2024, 7, 19))) == ()


# --- The timeline ----------------------------------------------------------------------------------------


def test_entries_are_in_date_order_spans_by_start_and_since_at_its_year() -> None:
    a = article(
        "a",
        "Prices rose in mid-2022 across the region.",
        "Since 2016, the humanitarian centre has operated near Nis.",
        "The wars of the 1990s shaped the electorate.",
        "The pipeline was built between 2014 and 2018 by contractors.",
        "On 3 March 2016 the parliament voted on the budget.",
        "In 2016 the coup attempt in Montenegro failed.",
    )
    assert [e.date.label() for e in entries(a)] == [
        "the 1990s", "2014–2018", "2016", "since 2016", "3 March 2016", "mid-2022",
    ]


def test_two_sources_dating_the_same_event_make_one_entry_with_both_quotes() -> None:
    one = article("one", "Kosovo declared its independence from Serbia in 2008, with Western support.")
    two = article("two", "Russia condemned Kosovo’s declaration of independence in 2008 at the UN.")
    other = article("other", "The lithium company signed a new contract in 2008 with investors.")
    found = entries(one, two, other)
    assert shown(found) == [
        ("2008", [
            ("one", 1, "Kosovo declared its independence from Serbia in 2008, with Western support."),
            ("two", 1, "Russia condemned Kosovo’s declaration of independence in 2008 at the UN."),
        ]),
        ("2008", [("other", 1, "The lithium company signed a new contract in 2008 with investors.")]),
    ]
    assert all(not e.differs for e in found)


def test_a_merged_entry_shows_the_date_as_a_source_states_it() -> None:
    inferred = article("a", "The crisis began in 2022. On 25 February the security council met in Belgrade.")
    stated = article("b", "The security council met in Belgrade on 25 February 2022.")
    (crisis, council) = entries(inferred, stated)
    assert [r.slug for r in council.items] == ["a", "b"]
    assert council.date.label() == "25 February 2022" and not council.date.inferred
    assert entries(inferred)[1].date.label() == "25 February [2022]"


def test_different_dates_for_what_looks_like_the_same_event_are_both_shown_and_marked() -> None:
    one = article("one", "The liaison office of the Russian defence ministry opened in Belgrade in 2020.")
    two = article("two", "In 2019 the Russian defence ministry opened its liaison office in Belgrade.")
    found = entries(one, two)
    assert [e.date.label() for e in found] == ["2019", "2020"]
    first, second = found
    assert first.differs == (second.id,) and second.differs == (first.id,)
    # Dates that can both hold (a year and a month in it) do not disagree.
    three = article("three", "In March 2020 the Russian defence ministry opened its liaison office in Belgrade.")
    assert all(not e.differs for e in entries(one, three))
    # One source with two dates in one sentence does not disagree with another giving either date.
    four = article("four", "The bombing of 1999 and the declaration of independence in 2008 shaped Kosovo politics.")
    five = article("five", "Kosovo’s declaration of independence in 2008 split the region.")
    assert all(not e.differs for e in entries(four, five))
    # Nor does a year the source does not state: "[2019]" is this reading's inference, not its claim.
    inferred = article("inferred", "On 3 May the Russian defence ministry opened its liaison office in Belgrade.", date=dt.date(2019, 6, 1))
    assert [e.date.label() for e in entries(one, inferred)] == ["3 May [2019]", "2020"]
    assert all(not e.differs for e in entries(one, inferred))
    # Nor do a "since" and a year: a stretch of time may be counted from another point.
    six = article("six", "Since 2019 the Russian defence ministry has kept a liaison office in Belgrade.")
    assert all(not e.differs for e in entries(one, six))


def test_entries_are_tagged_with_the_topics_that_quote_the_same_sentence() -> None:
    text = "Serbia refused sanctions in 2014. The gas contract was signed in 2021."
    a = article("a", text)
    sanctions = Topic("sanctions", "Sanctions", "")
    energy = Topic("energy", "Energy", "")
    results = (
        TopicResult(sanctions, (Quote("sanctions", "a", 1, "Serbia refused sanctions in 2014."),), ()),
        TopicResult(energy, (Quote("energy", "a", 1, "The gas contract was signed in 2021."),), ()),
    )
    assert [(e.date.label(), e.topics) for e in entries(a, results=results)] == [("2014", ("sanctions",)), ("2021", ("energy",))]


def test_a_quote_that_is_not_verbatim_fails_the_check() -> None:
    a = article("a", "In 2014 Serbia refused.")
    (record,) = timeline.dated(a)
    bad = timeline.Dated(record.slug, record.paragraph, record.sentence, "In 2014 Serbia refused!", record.date, record.terms)
    assert timeline.check((bad,), (a,)) == ["sources/a.md: timeline: quote from paragraph 1 is not verbatim in the cleaned text"]


# --- The page ----------------------------------------------------------------------------------------------


def test_the_page_shows_date_quote_link_and_tags_and_keeps_hostile_text_as_text() -> None:
    hostile = "In 2014 the <script>alert(1)</script> {{ config }} group said “no”."
    a = article("a", hostile, "The same group met in 2015 again.", title="<b>Title</b>")
    topic = Topic("arms", "Arms & more", "")
    results = (TopicResult(topic, (Quote("arms", "a", 1, hostile),), ()),)
    records = [r for r in timeline.dated(a)]
    page = timeline_page.page(lambda: timeline.entries(records, results), (a,), results)
    assert page.uri == "timeline/index.md"
    html = BeautifulSoup(page.body, "html.parser")
    first = html.select("li.timeline-entry")[0]
    assert first.select_one("time")["datetime"] == "2014" and first.select_one("time").get_text() == "2014"
    assert first.select_one(".timeline-quote").get_text() == hostile  # shown as text, not markup
    assert "<script>" not in page.body and "&lt;script&gt;" in page.body
    links = [x["href"] for x in first.select(".quote-attribution a")]
    # The title leads to the source; "¶ 1" to the paragraph, marking the quoted words there.
    assert links[0] == "../sources/a.md" and len(links) == 2
    assert links[1].startswith("../sources/a.md?mark=") and links[1].endswith("#p-1")
    assert first.select_one(".quote-attribution").get_text() == "— <b>Title</b>, A. Writer, P, date not stated, ¶ 1"
    assert first["data-topics"] == "arms"
    assert [x["href"] for x in first.select(".timeline-topics a")] == ["../topics/arms.md"]
    assert first.select_one(".timeline-topics").get_text() == "Topics: Arms & more"
    # Without the script the filter stays hidden and every entry shows.
    assert html.select_one("form.timeline-filter").has_attr("hidden")
    assert [o["value"] for o in html.select("form.timeline-filter option")] == ["", "arms"]
    assert [h.get_text() for h in html.select("h2")] == ["2014¶", "2015¶"]


def test_the_topic_filter_is_a_block_of_the_page_the_site_writes_and_the_book_leaves_out() -> None:
    a = article("a", "Serbia refused sanctions in 2014. The gas deal was signed in 2021.")
    results = (
        TopicResult(Topic("sanctions", "Sanctions <& co>", ""), (Quote("sanctions", "a", 1, "Serbia refused sanctions in 2014."),), ()),
        TopicResult(Topic("energy", "Energy", ""), (), ()),
    )
    page = timeline_page.page(lambda: timeline.entries(timeline.dated(a), results), (a,), results)
    blocks = page.blocks()
    assert isinstance(blocks[0], pg.Para) and blocks[1] == pg.Filter(
        "timeline-topic", "Show entries on",
        (pg.Choice("", "every topic, and none"), pg.Choice("sanctions", "Sanctions <& co>"), pg.Choice("energy", "Energy")),
        "timeline-shown", "timeline-filter",
    )
    # The site: a form after the introduction, hidden until its script runs, out of the search index,
    # its choice and count named as the script finds them.
    html = BeautifulSoup(page.body, "html.parser")
    form = html.select_one("form.timeline-filter")
    assert form.find_previous_sibling("p")["class"] == ["timeline-intro"] and form.find_next_sibling("h2").get_text() == "2014¶"
    assert form.has_attr("hidden") and form.has_attr("data-search-exclude") and "no-pdf" in form["class"]
    assert form.select_one("label")["for"] == "timeline-topic" == form.select_one("select")["id"]
    options = [(o["value"], o.get_text()) for o in form.select("option")]
    assert options == [("", "every topic, and none"), ("sanctions", "Sanctions <& co>"), ("energy", "Energy")]
    assert form.select_one("output")["id"] == "timeline-shown" and form.select_one("output")["for"] == ["timeline-topic"]
    assert page.body.startswith('<h1 id="timeline">Timeline<a class="headerlink" href="#timeline"')
    # The book: the same page without the filter, every entry printed.
    printed = page_typst.Writer(page.uri, lambda uri, frag: f"{uri}#{frag}").blocks(blocks)
    assert "Show entries on" not in str(printed) and "every topic" not in str(printed)
    assert [b["t"] for b in printed] == ["par", "heading", "list", "heading", "list"]


def test_a_page_with_nothing_to_place_says_so() -> None:
    page = timeline_page.page(lambda: (), (), ())
    assert "No sentence in the sources states a date" in page.body
    assert "<li" not in page.body and "<form" not in page.body


# --- The seeds ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_build():
    return pipeline.build(pipeline.Settings(root=ROOT))


def seed_entries(build) -> tuple[timeline.Entry, ...]:
    return timeline.of_build(build.articles, build.topics)


def test_the_seeds_timeline_matches_the_reviewed_golden_file(real_build) -> None:
    """Every entry of the four seeds was read (see tests/golden/timeline.txt); regenerate with
    UPDATE_GOLDEN=1 and review the diff. The seeds alone: an article added to sources/ may join
    their entries, and needs no golden-file update."""
    seeds = tuple(a for a in real_build.articles if a.slug in SEED_OF)
    assert sorted(a.slug for a in seeds) == sorted(SEED_OF)
    got = timeline.plain_text(timeline.of_build(seeds, real_build.topics))
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(got, encoding="utf-8")
    assert got == GOLDEN.read_text(encoding="utf-8")


def test_the_timeline_command_prints_the_same_entries(real_build, capsys) -> None:
    from briefing.__main__ import main

    assert main(["--root", str(ROOT), "timeline"]) == 0
    printed = capsys.readouterr().out
    assert printed == timeline.plain_text(seed_entries(real_build))
    assert "19 July [2024] (day) [energy]\n  serbia-is-not-a-russian-ally p-1: Any lingering doubts" in printed


def test_every_seed_quote_is_verbatim_and_holds_its_date(real_build) -> None:
    found = seed_entries(real_build)
    records = [r for e in found for r in e.items]
    assert len(found) >= 15
    assert timeline.check(records, real_build.articles) == []
    for r in records:
        assert r.date.text in r.sentence and r.sentence in r.quote


# --- The real site and its PDF --------------------------------------------------------------------------------


def test_the_site_has_a_timeline_page_in_the_navigation_and_the_search(built_site: Path, real_build) -> None:
    html = BeautifulSoup((built_site / "timeline" / "index.html").read_text(encoding="utf-8"), "html.parser")
    nav = [a.get_text(" ", strip=True) for a in html.select("nav.md-nav--primary > ul > li > a, nav.md-nav--primary > ul > li > label")]
    assert "Timeline" in " ".join(nav)
    found = seed_entries(real_build)
    items = html.select("article li.timeline-entry")
    assert [li["id"] for li in items] == [e.id for e in found]
    body = {a.slug: {p.n: p.text for p in a.cleaned.body} for a in real_build.articles}
    for li, e in zip(items, found):
        when = li.select_one(".timeline-date strong")
        assert when.get_text() == e.date.label()
        # A day, month or year is a <time>; a decade, span or "since" is not one moment.
        time = when.find("time")
        assert (time is not None) == (e.date.precision in ("day", "month", "year"))
        if time is not None:
            assert time["datetime"] == timeline.iso(e.date.first, e.date.precision) and time.get_text() == e.date.label()
        for sup in li.select(".timeline-quote sup"):  # a footnote marker is a link to the note
            assert sup.a["href"].startswith("../sources/")
            sup.extract()
        quotes = [" ".join(q.get_text().split()) for q in li.select(".timeline-quote")]
        assert quotes == [" ".join(re.sub(r"\[\d{1,3}\]", "", r.quote).split()) for r in e.items]
        for r, link in zip(e.items, li.select(".quote-attribution a[href*='#p-']")):
            # The link resolves to the source page's paragraph, which holds the quote.
            assert link["href"].startswith(f"../sources/{r.slug}/?mark=") and link["href"].endswith(f"#p-{r.paragraph}")
            source = BeautifulSoup((built_site / "sources" / r.slug / "index.html").read_text(encoding="utf-8"), "html.parser")
            assert source.select_one(f"#p-{r.paragraph}") is not None
            assert r.quote in body[r.slug][r.paragraph]
        for tag in li.select(".timeline-topics a"):
            assert re.fullmatch(r"\.\./topics/[a-z0-9-]+/", tag["href"])
    # The inferred year is marked as such on the page.
    assert "19 July [2024]" in [t.get_text() for t in html.select("time")]
    # The filter's script is the site's own file, loaded on the page.
    assert any(s.get("src", "").endswith("javascripts/timeline.js") for s in html.select("script"))
    assert (built_site / "javascripts" / "timeline.js").is_file()
    # Search finds the quotes on the Timeline page, and not the filter's words.
    index = (built_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert '"location":"timeline/' in index.replace(" ", "")
    assert "every topic, and none" not in index


def test_the_pdf_has_the_timeline_with_links_to_the_source_paragraphs(built_site: Path, real_build) -> None:
    from test_pdf import body_text, bookmarks, internal_links, norm, pages_of, segments

    r = pypdf.PdfReader(built_site / "briefing.pdf")
    top = [t for d, t, _ in bookmarks(r)]
    assert "Timeline" in top
    pages = pages_of(r, "Timeline")
    text = norm("".join(body_text(r.pages[i]) for i in pages))
    found = seed_entries(real_build)
    for e in found:
        for rec in e.items:
            assert all(seg in text for seg in segments(rec.quote)), rec.quote
    # Each attribution gives the paragraph and the page it is printed on ("¶ 3, page 13"), as a
    # topic page's do; "¶ N" lands on the page of the source that holds that paragraph.
    for e in found:
        for rec in e.items:
            assert re.search(rf"¶{rec.paragraph},page\d+", text), rec
    jumps = [(f, to) for f, to, _ in internal_links(r) if f in pages]
    records = [rec for e in found for rec in e.items]
    assert len(jumps) >= len(records)
    for rec in records:
        title = next(a.meta.title for a in real_build.articles if a.slug == rec.slug)
        source_pages = pages_of(r, title)
        para = next(p for p in real_build.articles if p.slug == rec.slug).cleaned.body
        held = next(p for p in para if p.n == rec.paragraph)
        target = next(i for i in source_pages if segments(held.text)[0][:40] in norm(body_text(r.pages[i])))
        assert any(to == target for _, to in jumps), (rec.slug, rec.paragraph)

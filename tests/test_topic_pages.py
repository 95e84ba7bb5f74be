"""Topic pages in the real site (`mkdocs build --strict`): what a reader sees and where each link goes."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pypdf
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, SEED_OF, run_mkdocs
from test_topics import ALLY, BLOG, ECFR, MIKOVIC, copy_project

from briefing import page as m
from briefing import pdf, pipeline, topic_pages
from briefing.passages import select_topics

TOPIC_IDS = ["kosovo", "energy", "arms", "sanctions"]


@lru_cache(maxsize=1)
def real_build():
    return pipeline.build(pipeline.Settings(root=ROOT))


def result(topic: str):
    return next(r for r in real_build().topics if r.topic.id == topic)


def title_of(slug: str) -> str:
    return next(a.meta.title for a in real_build().articles if a.slug == slug)


def sources(n: int) -> str:
    return "source" if n == 1 else "sources"


def html_file(site: Path, uri: str) -> Path:
    """``uri`` as a site path ('' for home, 'topics/kosovo/'): the HTML file MkDocs wrote for it."""
    path = site / uri
    return path / "index.html" if uri == "" or uri.endswith("/") else path


@lru_cache(maxsize=64)
def _soup(file: Path) -> BeautifulSoup:
    return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


def page(site: Path, uri: str) -> BeautifulSoup:
    return _soup(html_file(site, uri))


def words(text: str) -> str:
    return " ".join(text.split())


def _cell_words(cell) -> str:
    """A table cell's text as a screen reader reads it: the count, or, for a source that does not
    address the topic, "none" (the em dash shown is aria-hidden; the word is visually hidden)."""
    mark = cell.select_one("span.not-addressed")
    if mark is None:
        return cell.get_text()
    assert mark.select_one('[aria-hidden="true"]').get_text() == "—"
    return mark.select_one(".visually-hidden").get_text()


def internal_targets(site: Path, uri: str):
    """Every link in the page's article to another place in the site, resolved: (link, page uri, id)."""
    for a in page(site, uri).select("article a[href]"):
        href = a["href"]
        if urlsplit(href).scheme:
            continue
        target = urlsplit(urljoin(f"http://site/{uri}", href))
        yield a, target.path.lstrip("/"), target.fragment


PAGES = ["", "topics/"] + [f"topics/{t}/" for t in TOPIC_IDS] + [f"sources/{slug}/" for slug in sorted(SEED_OF)]


@pytest.mark.parametrize("uri", PAGES)
def test_every_link_on_topic_pages_home_and_quoted_on_resolves_to_an_existing_id(built_site: Path, uri: str) -> None:
    checked = 0
    for a, target, fragment in internal_targets(built_site, uri):
        file = html_file(built_site, target)
        assert file.is_file(), (uri, a["href"])
        if fragment and not fragment.startswith("__"):
            assert page(built_site, target).find(id=fragment) is not None, (uri, a["href"])
            checked += 1
    assert checked > 0


@pytest.mark.parametrize("topic", TOPIC_IDS)
def test_each_quote_is_verbatim_beside_its_attribution_and_opens_its_paragraph(built_site: Path, topic: str) -> None:
    html = page(built_site, f"topics/{topic}/")
    quotes = html.select("article blockquote > p.topic-quote")
    expected = result(topic).quotes
    assert len(quotes) == len(expected) > 0
    for p, q in zip(quotes, expected):
        article = next(a for a in real_build().articles if a.slug == q.slug)
        attribution = p.parent.find_next_sibling("p")
        assert "quote-attribution" in attribution["class"]
        context = attribution.find("a", string=f"¶ {q.paragraph}")
        # The paragraph, with the words that mark the quote there (tests/test_quote_tools.py).
        assert context["href"].startswith(f"../../sources/{q.slug}/?mark=") and context["href"].endswith(f"#p-{q.paragraph}")
        assert attribution.find("em").get_text() == article.meta.title  # the attribution names the article
        target = page(built_site, f"sources/{q.slug}/").find(id=f"p-{q.paragraph}")
        # What the reader sees in the quote is what they see in the paragraph it links to.
        assert words(p.get_text()) in words(target.get_text())
        if article.meta.publisher:
            assert article.meta.publisher in attribution.get_text()
        original = attribution.find("a", string="in the original")
        if article.meta.url is None:
            assert original is None
            continue
        url, _, directive = original["href"].partition("#:~:text=")
        assert url == article.meta.url.split("#")[0]
        for part in directive.split(","):
            assert "-" not in part and "&" not in part and " " not in part
            assert words(unquote(part)) in words(q.text)


def test_quotes_link_to_the_original_where_its_address_is_known(built_site: Path) -> None:
    links = [a["href"] for t in TOPIC_IDS for a in page(built_site, f"topics/{t}/").select("a[href*=':~:text=']")]
    with_url = {a.slug for a in real_build().articles if a.meta.url}
    assert with_url and len(links) == sum(1 for t in TOPIC_IDS for q in result(t).quotes if q.slug in with_url)


@pytest.mark.parametrize("topic", TOPIC_IDS)
def test_the_page_names_the_sources_that_do_not_address_the_topic(built_site: Path, topic: str) -> None:
    html = page(built_site, f"topics/{topic}/")
    heading = html.find(id="not-addressed")
    title = result(topic).topic.title
    assert heading.get_text().startswith(f"Sources that do not address {title}")
    # Worked out from the quotes, not taken from the page's own list of silent sources.
    articles = real_build().articles
    silent = [a.slug for a in articles if not any(q.slug == a.slug for q in result(topic).quotes)]
    listed = heading.find_next_sibling()
    if silent:
        says = "says" if len(silent) == 1 else "say"
        assert listed.get_text() == f"{len(silent)} of {len(articles)} {sources(len(articles))} {says} nothing on this topic:"
        listed = listed.find_next_sibling("ul")
        assert [li.a.get_text() for li in listed.select("li")] == [title_of(s) for s in silent]
        assert [li.a["href"] for li in listed.select("li")] == [f"../../sources/{s}/" for s in silent]
    else:
        assert listed.get_text() == "None: every source in this briefing speaks to this topic."
    # The coverage table agrees: every source, its count, "none" for the silent ones (an em dash
    # on screen, "none" for a screen reader, as on the home page's matrix).
    rows = html.find(id="coverage").find_next("table").select("tbody tr")
    cells = {r.select("td")[0].get_text(): _cell_words(r.select("td")[2]) for r in rows}
    assert len(cells) == len(articles) >= len(SEED_OF)
    for a in articles:
        count = sum(1 for q in result(topic).quotes if q.slug == a.slug)
        assert cells[a.meta.title] == (str(count) if count else "none")
    # The sentence above the sections counts the sources that speak.
    speaking = len(articles) - len(silent)
    speak = "speaks" if speaking == 1 else "speak"
    coverage = words(html.find(id="coverage").find_next_sibling("p").get_text())
    assert coverage.startswith(f"{speaking} of {len(articles)} {sources(len(articles))} {speak} to this topic, in ")


def test_energy_is_not_addressed_by_two_seeds(built_site: Path) -> None:
    listed = page(built_site, "topics/energy/").find(id="not-addressed").find_next_sibling("ul")
    seeds = {title_of(slug) for slug in SEED_OF}
    assert [li.a.get_text() for li in listed.select("li") if li.a.get_text() in seeds] == [
        "Serbia’s can’t–lose Ukraine strategy",
        "How strong are ties between Serbia and Russia?",
    ]


@pytest.mark.parametrize(
    ("seeds", "speak", "silent", "index"),
    [
        # All four seeds: two speak to Energy, two say nothing.
        (
            [ALLY, ECFR, MIKOVIC, BLOG],
            "2 of 4 sources speak to this topic, in ",
            "2 of 4 sources say nothing on this topic:",
            "What the 4 sources say on each topic",
        ),
        # The noun agrees with the total, the verb with the count before it.
        ([ALLY, MIKOVIC], "1 of 2 sources speaks to this topic, in ", "1 of 2 sources says nothing on this topic:", "What the 2 sources say on each topic"),
        ([MIKOVIC], None, "1 of 1 source says nothing on this topic:", "What the 1 source says on each topic"),
        ([ALLY], "1 of 1 source speaks to this topic, in ", None, "What the 1 source says on each topic"),
    ],
    ids=["four-seeds", "one-of-two", "one-silent-alone", "one-speaking-alone"],
)
def test_counted_sentences_agree_in_number(seeds: list[str], speak: str | None, silent: str | None, index: str) -> None:
    articles = tuple(a for a in real_build().articles if a.slug in seeds)
    assert len(articles) == len(seeds)
    results, _ = select_topics(tuple(r.topic for r in real_build().topics), articles)
    content = {p.uri: p.content for p in topic_pages.pages(results, articles)}
    energy = content["topics/energy.md"]
    if speak:
        assert "<p>" + speak in energy
    else:
        assert "<p>No source in this briefing speaks to this topic yet.</p>" in energy
    if silent:
        assert "<p>" + silent + "</p>" in energy
    else:
        assert "<p>None: every source in this briefing speaks to this topic.</p>" in energy
    assert index in " ".join(content["topics/index.md"].split())


def test_topic_page_opens_with_description_then_coverage_then_sources_by_date(built_site: Path) -> None:
    html = page(built_site, "topics/kosovo/")
    article = html.select_one("article")
    assert article.h1.get_text().startswith("Kosovo")
    assert article.select_one("p.topic-description").get_text() == result("kosovo").topic.description
    headings = [h["id"] for h in article.select("h2")]
    order = [a.slug for a in real_build().articles if a.slug not in result("kosovo").silent]
    assert headings == ["coverage"] + [f"src-{slug}" for slug in order] + ["not-addressed"]


def test_a_topic_pages_introduction_is_one_model_the_site_and_the_book_write(built_site: Path) -> None:
    """The opening of a topic page (its description, how many sources speak to it, each source's
    passages) is built once as the page model: the site writes all of it; the book prints the
    description and the sentence, in its own words for where a passage is found, without the table."""
    r, articles = result("energy"), real_build().articles
    counts = {a.slug: sum(1 for q in r.quotes if q.slug == a.slug) for a in articles}
    speaking, n = sum(1 for c in counts.values() if c), len(articles)
    assert 0 < speaking < n  # the table shows both a count and a source that says nothing
    said = (
        f"{speaking} of {n} {sources(n)} speak to this topic, in {len(r.quotes)} passages, newest source first. "
        "Every passage is the source’s own words"
    )
    on_site = said + ", linked to its paragraph in the cleaned source and, where the original address is known, to the original article scrolled to the quote."
    in_print = said + "; its paragraph number (¶) leads to it in the cleaned source."

    description, heading, sentence, table = topic_pages.intro_blocks(r.topic, articles, counts)
    assert description == m.Para((m.Prose(r.topic.description),), style="topic-description")
    assert heading == m.Only("web", (m.Heading(2, ("Coverage",), anchor="coverage"),))
    assert (m.text_of(sentence.c, "web"), m.text_of(sentence.c, "print")) == (on_site, in_print)
    assert table.medium == "web"
    (rows,) = [t.rows for t in table.c]
    assert [(m.text_of(title), m.text_of(count)) for title, _, count in rows] == [
        (a.meta.title, str(counts[a.slug]) if counts[a.slug] else "—") for a in articles
    ]

    # The site: the description, the sentence, and the table whose counts open the source's section.
    html = page(built_site, "topics/energy/").select_one("article")
    assert html.select_one("p.topic-description").get_text() == r.topic.description
    coverage = html.find(id="coverage")
    assert words(coverage.find_next("p").get_text()) == on_site
    cells = [row.select("td")[2] for row in coverage.find_next("table").select("tbody tr")]
    assert [(_cell_words(c), c.a["href"]) for c in cells] == [
        (str(counts[a.slug]), f"#src-{a.slug}") if counts[a.slug] else ("none", "#not-addressed") for a in articles
    ]

    # The book: the same description and sentence, in print's words, then the first source's section.
    data = pdf.book(real_build(), pdf.settings_from_config(ROOT))
    opening = next(p for p in data["pages"] if p["label"] == "topics/energy.md")["blocks"]
    assert [(b["t"], b.get("style")) for b in opening[:3]] == [("par", "standfirst"), ("par", None), ("heading", None)]
    assert "".join(opening[0]["c"]) == r.topic.description and opening[1]["c"] == [in_print]
    assert opening[2]["anchor"] == f"topics/energy.md#src-{next(a.slug for a in articles if counts[a.slug])}"
    printed = " ".join(p.extract_text() for p in pypdf.PdfReader(built_site / "briefing.pdf").pages)
    assert words(in_print) in words(printed.replace("-\n", ""))
    assert "scrolled to the quote" not in printed


def test_navigation_has_a_topics_section_after_home(built_site: Path) -> None:
    nav = [a["href"] for a in page(built_site, "").select("nav.md-nav--primary a.md-nav__link[href]")]
    topics = [h for h in nav if h.startswith("topics/")]
    assert topics == ["topics/"] + [f"topics/{t}/" for t in TOPIC_IDS]
    assert nav.index("topics/") < min(nav.index(h) for h in nav if h.startswith("sources/"))
    labels = [words(a.get_text()) for a in page(built_site, "").select("nav.md-nav--primary a.md-nav__link")]
    assert labels.index("Topics") < labels.index("Kosovo") < labels.index("Energy") < labels.index("Arms") < labels.index("Sanctions")


def test_home_page_shows_the_source_by_topic_matrix(built_site: Path) -> None:
    home = page(built_site, "")
    table = home.find(id="coverage-by-topic").find_next("table")
    assert [words(th.get_text()) for th in table.select("thead th")] == ["Source", "Date", "Kosovo", "Energy", "Arms", "Sanctions"]
    rows = table.select("tbody tr")
    assert [r.select("td")[0].get_text() for r in rows[:-1]] == [a.meta.title for a in real_build().articles]
    for row, article in zip(rows, real_build().articles):
        for cell, topic in zip(row.select("td")[2:], TOPIC_IDS):
            count = sum(1 for q in result(topic).quotes if q.slug == article.slug)
            if count:
                assert cell.a.get_text() == str(count)
                assert cell.a["href"] == f"topics/{topic}/#src-{article.slug}"
            else:
                assert _cell_words(cell) == "none"
    assert [td.get_text() for td in rows[-1].select("td")[2:]] == [str(len(result(t).quotes)) for t in TOPIC_IDS]


def test_topics_index_lists_each_topic_with_its_counts_and_the_matrix(built_site: Path) -> None:
    html = page(built_site, "topics/")
    assert [a.get_text() for a in html.select("article h2 > a:not(.headerlink)")] == ["Kosovo", "Energy", "Arms", "Sanctions"]
    text = words(html.select_one("article").get_text())
    n = len(real_build().articles)
    assert n >= len(SEED_OF) and f"What the {n} {sources(n)} say on each topic" in text
    for t in TOPIC_IDS:
        r = result(t)
        speaking = len({q.slug for q in r.quotes})
        assert f"{len(r.quotes)} passages from {speaking} of {n} {sources(n)}." in text
    assert html.find(id="coverage").find_next("table").select_one('a[href="../sources/serbia-is-not-a-russian-ally/"]')


def test_the_topics_page_is_one_model_the_site_and_the_book_write(built_site: Path) -> None:
    """Each topic's heading, description and counts, as the site and the book show them; the book
    adds the page each topic starts on and leaves out the site's coverage table."""
    results, articles = real_build().topics, real_build().articles
    n = len(articles)
    model = topic_pages.topics_blocks(results, articles)
    counted = [b for b in model if isinstance(b, m.Para) and "passages from" in m.text_of(b.c)]
    expected = [f"{len(r.quotes)} passages from {n - len(r.silent)} of {n} {sources(n)}" for r in results]
    assert [m.text_of(b.c, "web") for b in counted] == [e + "." for e in expected]
    assert [m.text_of(b.c, "print") for b in counted] == [e + "; page ." for e in expected]  # and the page number
    (coverage,) = [b for b in model if isinstance(b, m.Only)]
    assert coverage.medium == "web" and isinstance(coverage.c[-1], m.Table)

    html = page(built_site, "topics/").select_one("article")
    assert [words(p.get_text()) for p in html.select("h2 + p + p")] == [e + "." for e in expected]
    assert [words(h.get_text()) for h in html.select("h2")] == [r.topic.title + "¶" for r in results] + ["Coverage¶"]

    data = pdf.book(real_build(), pdf.settings_from_config(ROOT))
    blocks = next(p for p in data["pages"] if p["label"] == "topics/index.md")["blocks"]
    printed = [b["c"] for b in blocks if b["t"] == "par" and "passages from" in str(b["c"][0])]
    assert printed == [[e + "; page ", {"t": "pageref", "to": f"topics/{r.topic.id}.md"}, "."] for e, r in zip(expected, results)]
    assert [b["anchor"] for b in blocks if b["t"] == "heading"] == [f"topics/index.md#{r.topic.id}" for r in results]
    assert not [b for b in blocks if b["t"] == "table"]


@pytest.mark.parametrize("slug", sorted(SEED_OF))
def test_source_pages_say_where_they_are_quoted(built_site: Path, slug: str) -> None:
    html = page(built_site, f"sources/{slug}/")
    heading = html.find(id="quoted-on")
    items = heading.find_next_sibling("ul").select("li")
    quoting = [r for r in real_build().topics if any(q.slug == slug for q in r.quotes)]
    assert [li.a.get_text() for li in items] == [r.topic.title for r in quoting]
    for li, r in zip(items, quoting):
        mine = [q for q in r.quotes if q.slug == slug]
        back = li.select("a")[1:]
        # A paragraph quoted twice on the topic is named twice, each time differently (1st, 2nd quote).
        twice = {q.paragraph for q in mine if sum(1 for o in mine if o.paragraph == q.paragraph) > 1}
        labels = [a.get_text() for a in back]
        assert [label.split(" (")[0] for label in labels] == [f"¶ {q.paragraph}" for q in mine]
        assert len(set(labels)) == len(labels)
        assert all(("(" in label) == (q.paragraph in twice) for label, q in zip(labels, mine))
        assert all(a["href"].startswith(f"../../topics/{r.topic.id}/#q-{slug}-p") for a in back)
        assert f"{len(mine)} passage" in li.get_text()


HOSTILE = """---
title: "Kosovo <b>bold</b> {{ config.site_name }}"
author: "Eve <script>alert(1)</script>"
publisher: null
date: 2024-01-02
url: "https://example.org/hostile?a=1&b=(2)"
---
Kosovo <script>alert("quote")</script> is *not* [a link](javascript:alert(1)) nor {{ config.site_name }} nor {% include "x" %}, 50 % & more.

Russia sells gas <img src=x onerror=alert(2)> | a | table cell | to nobody.
"""


def test_quote_text_is_never_markup(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "sources" / "hostile-kosovo-text.md").write_text(HOSTILE, encoding="utf-8")
    built = run_mkdocs(project, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    for topic, expected in [
        ("kosovo", 'Kosovo <script>alert("quote")</script> is *not* [a link](javascript:alert(1)) nor '
         '{{ config.site_name }} nor {% include "x" %}, 50 % & more.'),
        ("energy", "Russia sells gas <img src=x onerror=alert(2)> | a | table cell | to nobody."),
    ]:
        html = page(tmp_path / "site", f"topics/{topic}/")
        article = html.select_one("article")
        quote = article.find(id="q-hostile-kosovo-text-p1" if topic == "kosovo" else "q-hostile-kosovo-text-p2")
        assert quote.get_text() == expected
        assert not article.select("script, img, table blockquote, blockquote table")
        assert not [a for a in article.select("a[href]") if a["href"].startswith("javascript")]
        assert not [el for el in article.find_all(True) if any(k.startswith("on") for k in el.attrs)]
        original = quote.parent.find_next_sibling("p").find("a", string="in the original")
        assert original["href"].startswith("https://example.org/hostile?a=1&b=%282%29#:~:text=")
    assert html.find(id="src-hostile-kosovo-text").get_text().startswith("Kosovo <b>bold</b> {{ config.site_name }}")

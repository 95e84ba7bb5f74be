"""The reader's experience in a real browser: the built site served on localhost, driven in Chromium.

Select these with ``-m browser`` (or leave them out with ``-m "not browser"``). The first run installs
what they need (tests/browser_env.py); where that is impossible they skip, except under CI=true.
Screenshots and axe reports go to test-artifacts/ (gitignored; CI uploads the screenshots).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from browser_env import CHROMIUM_ARGS, Unavailable, ensure_axe, ensure_chromium, serve, unavailable
from conftest import ROOT, copy_project, run_mkdocs

from briefing.siteconfig import read_config

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}
ARTIFACTS = ROOT / "test-artifacts"
SHOTS = ARTIFACTS / "screenshots"

SITE_NAME = read_config(ROOT)["site_name"]
TOPICS = yaml.safe_load((ROOT / "topics.yml").read_text(encoding="utf-8"))["topics"]
SOURCE_SLUGS = sorted(p.stem for p in (ROOT / "sources").glob("*.md"))

# A word that is in an article's body but not in its title, and the article it must find.
SEARCH_WORD, SEARCH_SLUG, SEARCH_TITLE = "lithium", "serbia-is-not-a-russian-ally", "Serbia is Not a Russian Ally"

# The three kinds of page a reader meets, by address.
PAGES = {
    "home": "",
    "topic": f"topics/{TOPICS[0]['id']}/",
    "source": f"sources/{SEARCH_SLUG}/",
    "timeline": "timeline/",
}


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    """One headless Chromium for the whole session (Debian's package, installed when missing)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed: python3 -m pip install -r requirements-dev.txt")
    try:
        executable = ensure_chromium()
    except Unavailable as problem:
        unavailable(str(problem))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_js() -> Path:
    try:
        return ensure_axe()
    except Unavailable as problem:
        unavailable(str(problem))


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    with serve(built_site) as url:
        yield url


def _is_local(url: str, base: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.scheme == "http" and parts.netloc == urlsplit(base).netloc


@pytest.fixture
def reader(chromium, site_url: str) -> Iterator[Callable[..., object]]:
    """Opens pages as a reader would; records every request they make and fails if one leaves localhost."""
    contexts, requests = [], []

    def open_page(viewport: dict = DESKTOP, color_scheme: str = "light"):
        context = chromium.new_context(viewport=viewport, color_scheme=color_scheme, base_url=site_url)
        context.on("request", lambda request: requests.append(request.url))
        # Anything bound elsewhere is refused at once, so a test never waits on the closed network.
        context.route(re.compile(r".*"), lambda route: route.continue_() if _is_local(route.request.url, site_url) else route.abort())
        contexts.append(context)
        page = context.new_page()
        page.requests = requests
        return page

    yield open_page
    for context in contexts:
        context.close()
    outside = sorted({url for url in requests if not _is_local(url, site_url)})
    assert outside == [], f"requests left localhost: {outside}"


def _wait_ready(page) -> None:
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready")


def _words(text: str) -> str:
    return " ".join(text.split())


def _heading(page) -> str:
    """The page's h1 as read, less its permalink mark."""
    return _words(page.locator("article h1").first.inner_text()).rstrip("¶ ")


def _target_rule(page, selector: str) -> dict:
    return page.eval_on_selector(
        selector,
        """e => { const s = getComputedStyle(e);
                  return {outline: s.outlineStyle + ' ' + s.outlineWidth, background: s.backgroundColor}; }""",
    )


def _luminance(css_color: str) -> float:
    r, g, b = (int(v) / 255 for v in re.findall(r"[\d.]+", css_color)[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


# --- The reader's path: home, topic, quote, paragraph -------------------------------------------


def test_home_shows_what_the_briefing_covers_and_the_coverage_matrix(reader) -> None:
    page = reader()
    page.goto("")
    _wait_ready(page)
    assert _heading(page) == SITE_NAME
    intro = page.locator("article h1 ~ p").first
    assert intro.is_visible() and intro.bounding_box()["y"] < DESKTOP["height"]  # above the fold
    assert len(intro.inner_text().split()) > 30
    matrix = page.locator("article table", has=page.locator("thead a[href*='topics/']"))
    assert matrix.count() == 1 and matrix.is_visible()
    headers = [_words(t) for t in matrix.locator("thead th").all_inner_texts()]
    assert headers == ["Source", "Date", *[t["title"] for t in TOPICS]]
    rows = matrix.locator("tbody tr")
    assert rows.count() == len(SOURCE_SLUGS) + 1  # one per source, then the totals
    linked = sorted(re.search(r"sources/([^/]+)/", a).group(1) for a in rows.locator("td:first-child a").evaluate_all("as => as.map(a => a.href)"))
    assert linked == SOURCE_SLUGS
    for cell in rows.locator("td:nth-child(n+3)").all_inner_texts():
        # A count, or an em dash shown with "none" for a screen reader (see the "none" test below).
        assert re.fullmatch(r"\d+|—\s*none", cell.strip()), cell


def test_a_quote_leads_to_its_paragraph_highlighted_on_the_source_page(reader) -> None:
    page = reader()
    page.goto("")
    topic = TOPICS[0]
    page.locator("article table thead").get_by_role("link", name=topic["title"], exact=True).click()
    page.wait_for_url(re.compile(rf"/topics/{topic['id']}/$"))
    assert _heading(page) == topic["title"]

    quote = page.locator("blockquote .topic-quote").first
    quoted = _words(quote.inner_text())
    link = page.locator(".quote-attribution a", has_text=re.compile(r"^¶ \d+$")).first
    number = re.search(r"\d+", link.inner_text()).group(0)
    link.click()
    page.wait_for_url(re.compile(rf"/sources/[^/]+/\?mark=[^#]+#p-{number}$"))  # the words to mark ride along
    _wait_ready(page)

    target = f"#p-{number}"
    assert page.evaluate("document.querySelector(':target').id") == f"p-{number}"
    assert quoted in _words(page.locator(target).inner_text())  # the very words quoted
    box = page.locator(target).bounding_box()
    assert 0 <= box["y"] < DESKTOP["height"], "the paragraph is not in view"
    other = "p.para:not(:target)"
    assert _target_rule(page, target) != _target_rule(page, other), "the target paragraph looks like any other"
    assert _target_rule(page, target)["outline"].startswith("solid")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "source-target-desktop.png")


# --- Search, palettes, footnotes, the PDF -------------------------------------------------------


def test_search_finds_an_article_by_a_word_in_its_body_and_opens_it(reader) -> None:
    assert SEARCH_WORD not in SEARCH_TITLE.lower()
    page = reader()
    page.goto("")
    _wait_ready(page)
    page.locator("input.md-search__input").click()
    # Material's search index loads in a web worker; type once it says it is ready.
    page.wait_for_function("!/Initializing/i.test(document.querySelector('.md-search-result__meta').textContent)")
    page.keyboard.type(SEARCH_WORD)
    hit = page.locator(f".md-search-result__item > a[href*='sources/{SEARCH_SLUG}/']").first
    hit.wait_for()
    assert SEARCH_WORD in hit.inner_text().lower()
    hit.click()
    page.wait_for_url(re.compile(rf"/sources/{SEARCH_SLUG}/"))
    _wait_ready(page)
    assert _heading(page) == SEARCH_TITLE
    marks = page.locator("article p.para mark")  # search.highlight marks the word on the page
    assert marks.count() >= 1 and marks.first.inner_text().lower() == SEARCH_WORD


def test_light_and_dark_palettes_both_render(reader) -> None:
    page = reader(color_scheme="light")
    page.goto("")
    _wait_ready(page)
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    background = "getComputedStyle(document.body).backgroundColor"
    assert page.evaluate(scheme) == "default"
    assert _luminance(page.evaluate(background)) > 0.9

    page.locator("form[data-md-component='palette'] label:visible").click()
    page.wait_for_function(f"{scheme} === 'slate'")
    assert _luminance(page.evaluate(background)) < 0.2
    assert _luminance(page.evaluate("getComputedStyle(document.querySelector('article p')).color")) > 0.6
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "home-desktop-dark.png", full_page=True)
    page.reload()
    assert page.evaluate(scheme) == "slate"  # the choice is kept

    # A reader whose system is dark gets the dark palette without asking.
    dark = reader(color_scheme="dark")
    dark.goto(PAGES["source"])
    assert dark.evaluate(scheme) == "slate"


def test_footnote_markers_show_their_note(reader, built_site: Path) -> None:
    with_notes = sorted(p.parent.name for p in (built_site / "sources").glob("*/index.html") if "footnote-ref" in p.read_text(encoding="utf-8"))
    assert with_notes, "no source page has footnotes to try"
    page = reader()
    page.goto(f"sources/{with_notes[0]}/")
    _wait_ready(page)
    marker = page.locator("a.footnote-ref").first
    note_id = marker.get_attribute("href").lstrip("#")
    note = _words(page.locator(f"li[id='{note_id}']").inner_text()).rstrip("↩︎ ")
    marker.scroll_into_view_if_needed()
    marker.hover()
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for()
    assert note in _words(tooltip.inner_text())
    # Shown, not merely in the DOM: Material fades the tooltip in.
    page.wait_for_function("getComputedStyle(document.querySelector('.md-tooltip2--active')).opacity === '1'")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "footnote-tooltip-desktop.png")
    marker.click()
    page.wait_for_url(re.compile(rf"#{re.escape(note_id)}$"))
    box = page.locator(f"li[id='{note_id}']").bounding_box()
    assert 0 <= box["y"] < DESKTOP["height"]


def test_download_pdf_link_serves_the_pdf(reader, site_url: str, built_site: Path) -> None:
    page = reader()
    page.goto("")
    link = page.locator("header a.briefing-pdf", has_text="Download PDF")
    assert link.is_visible()
    url = urljoin(page.url, link.get_attribute("href"))
    response = page.request.get(url)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    body = response.body()
    assert body.startswith(b"%PDF-") and body == (built_site / "briefing.pdf").read_bytes()
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert Path(download.value.path()).read_bytes() == body


def test_no_request_leaves_localhost(reader, site_url: str) -> None:
    page = reader()
    for path in [*PAGES.values(), "topics/", "sources/", "bibliography/", "about/"]:
        page.goto(path)
        _wait_ready(page)
    page.locator("input.md-search__input").click()
    page.keyboard.type(SEARCH_WORD)
    page.locator(".md-search-result__item").first.wait_for()
    paths = {urlsplit(u).path for u in page.requests}
    # Not vacuous: the page's own styles and scripts, the search index and its worker were all seen.
    assert {"/stylesheets/briefing.css", "/search/search_index.json"} <= paths
    assert any(p.startswith("/assets/javascripts/workers/search.") for p in paths)
    assert all(_is_local(u, site_url) for u in page.requests), sorted(u for u in page.requests if not _is_local(u, site_url))


def test_the_timeline_filter_shows_one_topic_and_without_script_every_entry(reader, chromium, site_url: str) -> None:
    page = reader()
    page.goto("timeline/")
    _wait_ready(page)
    total = page.locator("li.timeline-entry").count()
    assert total > 0 and page.locator("form.timeline-filter").is_visible()
    topic = TOPICS[2]["id"]  # arms: some entries have it, most do not
    tagged = page.locator(f"li.timeline-entry[data-topics~='{topic}']").count()
    page.select_option("#timeline-topic", topic)
    visible = page.locator("li.timeline-entry:visible")
    assert 0 < visible.count() == tagged < total
    assert all(topic in visible.nth(i).get_attribute("data-topics").split() for i in range(visible.count()))
    assert page.locator("#timeline-shown").inner_text() == f"{tagged} of {total} entries"
    # A year with no entry on the topic loses its heading too.
    assert page.locator("article h2:visible").count() < page.locator("article h2").count()
    page.select_option("#timeline-topic", "")
    assert page.locator("li.timeline-entry:visible").count() == total
    # Without JavaScript there is no filter, and every entry shows.
    context = chromium.new_context(java_script_enabled=False, base_url=site_url)
    try:
        plain = context.new_page()
        plain.goto("timeline/")
        assert plain.locator("li.timeline-entry:visible").count() == total
        assert not plain.locator("form.timeline-filter").is_visible()
    finally:
        context.close()


# --- Layout at desktop and phone width, with screenshots ----------------------------------------


@pytest.mark.parametrize("width", ["desktop", "phone"])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_layout_fits_the_screen(reader, name: str, width: str) -> None:
    viewport = DESKTOP if width == "desktop" else PHONE
    page = reader(viewport=viewport)
    page.goto(PAGES[name])
    _wait_ready(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}-{width}.png", full_page=True)
    scroll_width, inner_width = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
    assert scroll_width <= inner_width, f"{name} scrolls sideways at {inner_width}px: {scroll_width}px wide"
    assert page.locator("article h1").first.is_visible()
    if width == "phone":
        assert page.locator("header a.briefing-pdf").last.is_visible()  # the PDF stays one tap away


def test_coverage_matrix_fits_a_phone(reader) -> None:
    """The matrix is the home page's point: on a phone every topic column shows without sliding the table."""
    page = reader(viewport=PHONE)
    page.goto("")
    _wait_ready(page)
    matrix = page.locator("article table", has=page.locator("thead a[href*='topics/']"))
    table_width, frame_width = matrix.evaluate("t => [t.scrollWidth, t.closest('.md-typeset__scrollwrap, article').clientWidth]")
    assert table_width <= frame_width, f"the matrix is {table_width}px wide in a {frame_width}px column"
    last_topic = matrix.locator("thead th").last
    assert last_topic.bounding_box()["x"] + last_topic.bounding_box()["width"] <= PHONE["width"]


# --- Accessibility ------------------------------------------------------------------------------


def _axe(page, axe_js: Path, report_name: str) -> list[str]:
    """Runs axe-core in the page; writes its violations to test-artifacts/axe/, returns the grave ones."""
    page.add_script_tag(path=str(axe_js))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    report = ARTIFACTS / "axe" / f"{report_name}.json"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(json.dumps(result["violations"], indent=2, ensure_ascii=False), encoding="utf-8")
    return [
        f"{page.url}: {v['impact']} {v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_axe_finds_no_serious_or_critical_violations(reader, axe_js: Path, name: str, scheme: str) -> None:
    page = reader(color_scheme=scheme)
    page.goto(PAGES[name])
    _wait_ready(page)
    grave = _axe(page, axe_js, f"{name}-{scheme}")
    assert grave == [], "\n".join(grave)


def test_axe_finds_no_serious_or_critical_violations_on_any_page(reader, axe_js: Path, built_site: Path) -> None:
    """Every page of the site, light palette: a fault in one source's title or footer shows up here."""
    paths = sorted(str(p.parent.relative_to(built_site)) for p in built_site.glob("**/index.html") if "assets" not in p.parts)
    assert len(paths) >= len(SOURCE_SLUGS) + len(TOPICS) + 1
    page = reader()
    grave = []
    for path in paths:
        page.goto("" if path == "." else f"{path}/")
        _wait_ready(page)
        grave += _axe(page, axe_js, "all-" + ("home" if path == "." else path.replace("/", "-")))
    assert grave == [], "\n".join(grave)


# --- What a researcher does: switch citation styles, copy a reference, search, read the header ---

ALLY = "sources/serbia-is-not-a-russian-ally/"


def test_citation_style_switches_everywhere_and_copies(reader) -> None:
    page = reader()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(ALLY + "#cite-this")
    _wait_ready(page)
    box = page.locator(".cite-this")
    chicago, apa = box.locator("p.reference-chicago"), box.locator("p.reference-apa")
    assert chicago.is_visible() and not apa.is_visible()
    assert _words(chicago.inner_text()).startswith("Dragaš, Orhan. “Serbia is Not a Russian Ally.” The National Interest, September 17, 2024.")
    box.locator(".tabbed-labels label", has_text="APA").click()
    assert apa.is_visible() and not chicago.is_visible()
    assert _words(apa.inner_text()).startswith("Dragaš, O. (2024, September 17). Serbia is Not a Russian Ally. The National Interest.")
    SHOTS.mkdir(parents=True, exist_ok=True)
    box.screenshot(path=SHOTS / "cite-this-apa.png")
    # The copy button copies the reference shown.
    box.locator("button[data-clipboard-target='#cite-apa']").click()
    assert _words(page.evaluate("navigator.clipboard.readText()")) == _words(apa.inner_text())
    # Material keeps the chosen tab: the bibliography opens in APA too.
    page.goto("bibliography/")
    _wait_ready(page)
    assert page.locator("ol.references-apa").is_visible() and not page.locator("ol.references-chicago").is_visible()
    link = page.locator("ol.references-apa a[href^='https://nationalinterest.org/']")
    assert link.is_visible()  # the URL is a link
    page.screenshot(path=SHOTS / "bibliography-apa.png", full_page=True)
    page.locator("ol.references-apa li").first.locator("button.md-clipboard").click()
    assert _words(page.evaluate("navigator.clipboard.readText()")).startswith("Dragaš, O. (2024, September 17).")


def _search(page, query: str) -> tuple[str, list[str], list[str]]:
    """Types ``query`` into Material's search; gives the result count line, the highlighted words and
    the addresses of the results."""
    box = page.locator("input.md-search__input")
    box.click()
    page.wait_for_function("!/Initializing/i.test(document.querySelector('.md-search-result__meta').textContent)")
    box.fill("")
    page.keyboard.type(query)
    page.wait_for_function(
        "q => document.querySelector('.md-search__input').value === q && !/Initializing/i.test(document.querySelector('.md-search-result__meta').textContent)",
        arg=query,
    )
    page.wait_for_timeout(500)  # the worker answers each keystroke; let the last answer land
    meta = page.locator(".md-search-result__meta").inner_text()
    marks = [m.inner_text() for m in page.locator(".md-search-result mark").all()]
    hrefs = [a.get_attribute("href").split("?")[0] for a in page.locator(".md-search-result__item > a").all()]
    return meta, marks, hrefs


def test_search_ignores_accents_and_keeps_hyphenated_names_whole(reader) -> None:
    page = reader()
    page.goto("")
    _wait_ready(page)
    plain_meta, plain_marks, plain_hrefs = _search(page, "Vucic")
    accented_meta, accented_marks, accented_hrefs = _search(page, "Vučić")
    # Both spellings are in the seeds (Diplomatic Courier writes "Vucic", The National Interest "Vučić"):
    # each query finds both, and the results show the words as the sources write them.
    for marks in (plain_marks, accented_marks):
        words = {m.strip("’',.").removesuffix("’s").removesuffix("'s") for m in marks if m.strip()}
        assert {"Vucic", "Vučić"} <= words, marks
    assert plain_hrefs == accented_hrefs and plain_meta == accented_meta
    assert any("serbia-is-not-a-russian-ally" in h for h in plain_hrefs)  # only "Vučić" there
    assert any("serbias-cant-lose-ukraine-strategy" in h for h in accented_hrefs)  # only "Vucic" there
    # A hyphenated name is one word: "Euro-Atlantic" is found and highlighted whole, not as "Euro" + "Atlantic".
    meta, marks, hrefs = _search(page, "Euro-Atlantic")
    assert marks and {m for m in marks if m.strip()} == {"Euro-Atlantic"}, marks
    # One seed writes it: its page, and the Timeline, which quotes that sentence.
    pages = sorted({urlsplit(h).path.lstrip("/") for h in hrefs})
    assert pages == ["sources/serbia-is-not-a-russian-ally/", "timeline/"], hrefs
    # "S-400" is in no seed: nothing is found, rather than every word starting with "s".
    meta, marks, hrefs = _search(page, "S-400")
    assert hrefs == [] and marks == [] and "No matching" in meta
    SHOTS.mkdir(parents=True, exist_ok=True)
    _search(page, "Vucic")
    page.screenshot(path=SHOTS / "search-vucic.png")


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_header_name_and_sources_date_as_a_reader_sees_them(reader, width: str) -> None:
    page = reader(viewport=DESKTOP if width == "desktop" else PHONE)
    page.goto(ALLY)
    _wait_ready(page)
    full = page.locator(".md-header__topic .briefing-name-full").first
    short = page.locator(".md-header__topic .briefing-name-short").first
    if width == "phone":
        assert short.is_visible() and not full.is_visible()
        assert short.inner_text() == "Serbia briefing"
        # The short name is shown whole, not cut with an ellipsis.
        assert page.evaluate("e => e.scrollWidth <= e.clientWidth", short.element_handle())
    else:
        assert full.is_visible() and not short.is_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("header").screenshot(path=SHOTS / f"header-{width}.png")
    edition = page.locator("footer .briefing-edition")
    edition.scroll_into_view_if_needed()
    assert edition.is_visible() and re.fullmatch(r"Sources up to \d{1,2} [A-Z][a-z]+ \d{4}", edition.inner_text())
    page.locator("footer").screenshot(path=SHOTS / f"footer-{width}.png")
    # The navigation is the reader's: no developer page in it.
    assert page.locator("nav.md-nav a", has_text="Performance").count() == 0


# --- Source pages: back-links, archived copy, where a capture stops, the title -------------------

ECFR_SOURCE = "sources/bound-to-russia-serbias-disruptive-neutrality/"
BLOG_SOURCE = "sources/how-strong-are-ties-between-serbia-and-russia/"


def test_a_quoted_paragraph_links_back_to_each_quote_of_it(reader) -> None:
    page = reader()
    page.goto(ECFR_SOURCE + "#p-4")
    _wait_ready(page)
    line = page.locator("#p-4 + p.para-quoted-on")
    assert line.is_visible()
    assert _words(line.inner_text()) == (
        "Quoted on Kosovo (1st quote), Kosovo (2nd quote), Energy (1st quote), Energy (2nd quote), Arms")
    # It sits right under its paragraph, in smaller type than the paragraph's.
    para, under = page.locator("#p-4").bounding_box(), line.bounding_box()
    assert 0 <= under["y"] - (para["y"] + para["height"]) < 16
    size = lambda sel: float(page.eval_on_selector(sel, "e => getComputedStyle(e).fontSize").removesuffix("px"))  # noqa: E731
    assert size("#p-4 + p.para-quoted-on") < size("#p-4")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "source-backlinks-desktop.png",
                    clip={"x": para["x"] - 10, "y": para["y"] - 10, "width": para["width"] + 20, "height": under["y"] + under["height"] - para["y"] + 20})
    # Each link lands on its own quote: the second Kosovo quote of ¶ 4, not the first.
    line.get_by_role("link", name="Kosovo (2nd quote)").click()
    page.wait_for_url(re.compile(r"/topics/kosovo/#q-bound-to-russia-serbias-disruptive-neutrality-p4-2$"))
    _wait_ready(page)
    assert page.evaluate("document.querySelector(':target').id") == "q-bound-to-russia-serbias-disruptive-neutrality-p4-2"
    box = page.locator(":target").bounding_box()
    assert 0 <= box["y"] < DESKTOP["height"], "the quote is not in view"
    page.screenshot(path=SHOTS / "backlink-lands-on-quote-desktop.png")


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_a_source_links_its_archived_copy_and_a_cut_capture_says_where_it_stops(reader, width: str) -> None:
    page = reader(viewport=DESKTOP if width == "desktop" else PHONE)
    page.goto(ALLY)
    _wait_ready(page)
    archived = page.locator(".byline-original .archive-link a")
    assert archived.is_visible() and archived.inner_text() == "Internet Archive copy"
    href = archived.get_attribute("href")
    assert href == "https://web.archive.org/web/20240917/https://nationalinterest.org/feature/serbia-not-russian-ally-212774"
    # Beside the original link, on the same line or the next at phone width.
    original = page.locator(".byline-original a.original-link").bounding_box()
    assert archived.bounding_box()["y"] - original["y"] < 40
    page.locator(".byline").screenshot(path=SHOTS / f"source-archive-link-{width}.png")
    end = page.locator(".briefing-body p.capture-end")
    last = page.locator(".briefing-body p.para").last
    end.scroll_into_view_if_needed()
    assert end.is_visible()
    assert _words(end.inner_text()) == (
        "The capture ends here; the published article continues at https://nationalinterest.org/feature/serbia-not-russian-ally-212774.")
    assert end.bounding_box()["y"] > last.bounding_box()["y"] + last.bounding_box()["height"]
    # It fits the screen: the address wraps rather than widening the page.
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    # The clip of a full-page screenshot is in page coordinates, a bounding box in the viewport's.
    scrolled = page.evaluate("window.scrollY")
    top = last.bounding_box()["y"] + scrolled
    bottom = end.bounding_box()["y"] + end.bounding_box()["height"] + scrolled
    page.screenshot(path=SHOTS / f"source-capture-end-{width}.png", full_page=True,
                    clip={"x": 0, "y": top - 10, "width": page.viewport_size["width"], "height": bottom - top + 20})


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_a_source_without_a_standfirst_has_no_gap_under_its_title(reader, width: str) -> None:
    page = reader(viewport=DESKTOP if width == "desktop" else PHONE)
    gaps = {}
    for uri in (BLOG_SOURCE, f"sources/{SEARCH_SLUG}/"):  # no standfirst; a standfirst
        page.goto(uri)
        _wait_ready(page)
        # How far the title's box reaches below its words: an empty line there is the gap readers saw
        # (the hidden permalink wrapping onto a line of its own); then the margin to what follows.
        below, gap, margin, line = page.evaluate("""() => { const h = document.querySelector('article h1');
            const r = document.createRange(); r.selectNodeContents(h.firstChild);
            const box = h.getBoundingClientRect(), words = r.getBoundingClientRect();
            return [box.bottom - words.bottom, h.nextElementSibling.getBoundingClientRect().top - box.bottom,
                    parseFloat(getComputedStyle(h).marginBottom), parseFloat(getComputedStyle(h).lineHeight)]; }""")
        gaps[uri] = (below, gap)
        assert below < line / 2, (uri, below, line)
        assert gap <= margin + 1, (uri, gap, margin)
    page.goto(BLOG_SOURCE)
    _wait_ready(page)
    page.screenshot(path=SHOTS / f"source-no-standfirst-{width}.png")


def test_none_reads_the_same_on_the_home_page_and_a_topic_page(reader) -> None:
    page = reader()
    seen = []
    for uri, table in (("", "article table:has(thead a[href*='topics/'])"), ("topics/energy/", "article table:has(.not-addressed)")):
        page.goto(uri)
        _wait_ready(page)
        marks = page.locator(f"{table} .not-addressed")
        assert marks.count() > 0, uri
        mark = marks.first
        shown, spoken = mark.locator('[aria-hidden="true"]'), mark.locator(".visually-hidden")
        assert shown.inner_text() == "—" and shown.bounding_box()["width"] > 4
        assert spoken.inner_text() == "none" and spoken.bounding_box()["width"] <= 1  # read, not shown
        seen.append((mark.inner_text(), mark.get_attribute("title")))
        mark.scroll_into_view_if_needed()
        page.locator(table).first.screenshot(path=SHOTS / f"none-{uri.strip('/').replace('/', '-') or 'home'}.png")
    assert seen[0] == seen[1]


# --- A quote on a topic page: its permalink, its copy button, the quoted words on arrival --------

ECFR = "bound-to-russia-serbias-disruptive-neutrality"


def test_a_quote_has_a_permalink_and_a_copy_button_that_copies_it_with_its_citation(reader, site_url: str) -> None:
    page = reader()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("topics/sanctions/")
    _wait_ready(page)
    quote = page.locator(f"#q-{ECFR}-p2")
    attribution = page.locator(f"blockquote:has(#q-{ECFR}-p2) + p.quote-attribution")
    permalink, button = attribution.locator("a.quote-permalink"), attribution.locator("button.quote-copy")
    assert permalink.is_visible() and button.is_visible()
    attribution.scroll_into_view_if_needed()
    SHOTS.mkdir(parents=True, exist_ok=True)
    top, bottom = page.locator(f"blockquote:has(#q-{ECFR}-p2)").bounding_box(), attribution.bounding_box()
    page.screenshot(path=SHOTS / "quote-tools.png", clip={
        "x": top["x"] - 8, "y": top["y"] - 8, "width": top["width"] + 16, "height": bottom["y"] + bottom["height"] - top["y"] + 16})
    button.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    words, citation = copied.split("\n")
    assert words == _words(quote.inner_text())
    assert citation == (
        "— Bound to Russia: Serbia’s disruptive neutrality, European Council on Foreign Relations (ECFR), "
        f"c. March 2022, ¶ 2, {site_url.rstrip('/')}/sources/{ECFR}/#p-2"
    )
    # The permalink is the quote's own address, and lands on it.
    permalink.click()
    page.wait_for_url(re.compile(rf"/topics/sanctions/#q-{ECFR}-p2$"))
    assert page.evaluate("document.querySelector(':target').id") == f"q-{ECFR}-p2"


def _copied_as_written(topic: str, site_url: str, root: Path = ROOT) -> dict[str, str]:
    """What each quote's copy button on a topic page of the project at ``root`` copies, by the quote's
    anchor, computed from the source data as the button's text was written into the page before the
    page held the words once: the quote's words less its notes' markers, white space collapsed, "\n— ",
    the title, publisher and date as the pages show them, "¶ N", ", " and the paragraph's absolute address."""
    from briefing import footnotes, pipeline, topic_pages
    from briefing.citations import human_date

    built = pipeline.build(pipeline.Settings(root=root))
    quotes_of = topic_pages.quotes_by_source(next(r for r in built.topics if r.topic.id == topic))
    copied = {}
    for article in built.articles:
        quotes, meta = quotes_of(article.slug), article.meta
        numbers = frozenset(f.number for f in article.cleaned.footnotes)
        facts = ", ".join([*([meta.publisher] if meta.publisher else []), human_date(meta.date) or "date not stated"])
        for q, qid in zip(quotes, topic_pages.source_quote_ids(quotes)):
            said = "".join(x for x in footnotes.split(q.text, numbers) if isinstance(x, str))
            copied[str(qid)] = (
                f"{' '.join(said.split())}\n— {meta.title}, {facts}, ¶ {q.paragraph}, "
                f"{site_url.rstrip('/')}/sources/{article.slug}/#p-{q.paragraph}"
            )
    return copied


def test_every_quotes_copy_button_copies_its_words_without_note_markers_its_citation_and_address(reader, site_url: str) -> None:
    page = reader()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    noted = []  # the quotes with a note marker (left out of the copy)
    for topic in TOPICS:
        expected = _copied_as_written(topic["id"], site_url)
        page.goto(f"topics/{topic['id']}/")
        _wait_ready(page)
        quotes = page.locator("blockquote > p.topic-quote")
        assert sorted(quotes.evaluate_all("qs => qs.map(q => q.id)")) == sorted(expected) != []
        for qid, text in expected.items():
            button = page.locator(f"blockquote:has(#{qid}) + p.quote-attribution button.quote-copy")
            page.evaluate("navigator.clipboard.writeText('')")
            button.click()
            assert page.evaluate("navigator.clipboard.readText()") == text, qid
            if page.locator(f"#{qid} sup.quote-fnref").count():
                noted.append((topic["id"], qid, text))
    assert noted, "no quote on the topic pages has a note marker"
    # From the keyboard, on a page no click has touched: Enter or Space on the focused button copies the same.
    topic, qid, text = noted[0]
    for key in ("Enter", "Space"):
        page.goto(f"topics/{topic}/")
        _wait_ready(page)
        page.evaluate("navigator.clipboard.writeText('')")
        page.locator(f"blockquote:has(#{qid}) + p.quote-attribution button.quote-copy").focus()
        page.keyboard.press(key)
        assert page.evaluate("navigator.clipboard.readText()") == text, key


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The seeds with tests/bad_input/hostile-text.md (markup, script, template braces in its title,
    publisher and quoted words; a note marker), built without the PDF and served: (project, address)."""
    base = tmp_path_factory.mktemp("hostile-quotes")
    project = copy_project(base)
    (project / "sources" / "hostile-text.md").write_bytes((ROOT / "tests" / "bad_input" / "hostile-text.md").read_bytes())
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("\n  briefing:\n", "\n  briefing:\n    pdf: false\n", 1), encoding="utf-8")
    built = run_mkdocs(project, base / "site")
    assert built.returncode == 0, built.stderr
    with serve(base / "site") as url:
        yield project, url


def test_a_hostile_quotes_copy_button_copies_its_words_and_citation_as_text(chromium, hostile_site) -> None:
    project, url = hostile_site
    context = chromium.new_context(viewport=DESKTOP, base_url=url)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    copied = []
    for topic in TOPICS:
        expected = _copied_as_written(topic["id"], url, project)
        page.goto(f"topics/{topic['id']}/")
        _wait_ready(page)
        for qid, text in expected.items():
            if "-hostile-text-" not in qid:
                continue
            page.evaluate("navigator.clipboard.writeText('')")
            page.locator(f"blockquote:has(#{qid}) + p.quote-attribution button.quote-copy").click()
            copied.append(page.evaluate("navigator.clipboard.readText()"))
            assert copied[-1] == text, qid
    context.close()
    assert len(copied) >= 3 and dialogs == []
    title = "<script>alert('title')</script> {{ 7*7 }} & <img src=x onerror=alert('title-img')>"
    assert all(f"\n— {title}, {{% if true %}}Evil{{% endif %}}" in text for text in copied)
    assert any(" {{ 7*7 }} and {% if true %}yes{% endif %} " in text.split("\n")[0] for text in copied)


def test_arriving_from_a_quote_marks_the_quoted_sentences(reader) -> None:
    page = reader()
    page.goto("topics/sanctions/")
    _wait_ready(page)
    quoted = _words(page.locator(f"#q-{ECFR}-p2").inner_text())
    page.locator(f"blockquote:has(#q-{ECFR}-p2) + p.quote-attribution a", has_text="¶ 2").click()
    page.wait_for_url(re.compile(rf"/sources/{ECFR}/\?mark=[^#]+#p-2$"))
    _wait_ready(page)
    assert page.evaluate("document.querySelector(':target').id") == "p-2"
    marks = page.locator("#p-2 mark.quote-mark")
    assert marks.count() >= 1
    # The marked words are the quote, exactly: not the paragraph's first sentences (ECFR ¶ 2 is nine lines).
    assert _words("".join(marks.all_inner_texts())) == quoted
    paragraph = _words(page.locator("#p-2").inner_text())
    assert paragraph != quoted and quoted in paragraph
    first, last = marks.first.bounding_box(), marks.last.bounding_box()
    assert 0 <= first["y"] and last["y"] + last["height"] <= DESKTOP["height"], "the quoted words are not in view"
    assert page.locator("#p-2 mark.quote-mark").first.evaluate("m => getComputedStyle(m).backgroundColor") != "rgba(0, 0, 0, 0)"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "quote-marked-on-source.png")
    # A paragraph link without words to mark marks nothing.
    page.goto(f"sources/{ECFR}/#p-2")
    _wait_ready(page)
    assert page.locator("mark.quote-mark").count() == 0


def test_a_footnote_marker_in_a_quote_shows_its_note_on_the_topic_page(reader) -> None:
    ties = "how-strong-are-ties-between-serbia-and-russia"
    page = reader()
    page.goto("topics/sanctions/")
    _wait_ready(page)
    marker = page.locator(f"#q-{ties}-p3 a.footnote-ref")
    note = page.locator(f"#q-{ties}-p3-fn-3")
    # The note is on the page, under the quote, "Ibidem" with the note it repeats.
    assert note.is_visible()
    assert _words(note.inner_text()).startswith("Ibidem — repeats note 2: Balkan Insight, Serbia Backs Russia")
    marker.scroll_into_view_if_needed()
    marker.hover()
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for()
    page.wait_for_function("getComputedStyle(document.querySelector('.md-tooltip2--active')).opacity === '1'")
    assert "Ibidem — repeats note 2: Balkan Insight" in _words(tooltip.inner_text())
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "quote-footnote-tooltip.png")
    # A click stays on the topic page.
    marker.click()
    page.wait_for_url(re.compile(rf"/topics/sanctions/#q-{ties}-p3-fn-3$"))
    box = note.bounding_box()
    assert 0 <= box["y"] < DESKTOP["height"]


def test_an_opened_search_result_marks_the_query_without_regard_to_accents(reader) -> None:
    page = reader()
    page.goto("")
    _wait_ready(page)
    _, _, hrefs = _search(page, "Vucic")
    # The National Interest writes only "Vučić": Material alone would mark nothing on its page.
    page.locator(f".md-search-result__item > a[href*='sources/{SEARCH_SLUG}/']").first.click()
    page.wait_for_url(re.compile(rf"/sources/{SEARCH_SLUG}/\?h="))
    _wait_ready(page)
    marks = page.locator("article mark[data-md-highlight]")
    marks.first.wait_for()
    words = {m.strip("’',.").removesuffix("’s") for m in marks.all_inner_texts()}
    assert "Vučić" in words and "Vucic" not in words, words
    marked = marks.first
    marked.scroll_into_view_if_needed()
    assert marked.evaluate("m => getComputedStyle(m).backgroundColor") != "rgba(0, 0, 0, 0)"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "search-highlight-accents.png")
    # And the reverse: "Vučić" typed marks "Vucic" as the Diplomatic Courier writes it; no word is marked twice.
    page.goto("sources/serbias-cant-lose-ukraine-strategy/?h=Vu%C4%8Di%C4%87")
    _wait_ready(page)
    marks = page.locator("article mark[data-md-highlight]")
    marks.first.wait_for()
    assert any(m.startswith("Vucic") for m in marks.all_inner_texts())
    assert page.locator("article mark mark").count() == 0

"""What a researcher does in a real browser: switch citation styles, copy a reference, search.

Served and driven as in test_browser.py (its fixtures); screenshots go to test-artifacts/.
"""

from __future__ import annotations

import re

import pytest
from test_browser import DESKTOP, PHONE, SHOTS, _wait_ready, _words, chromium, reader, site_url  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

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
    assert [m for m in marks if m.strip()] == ["Euro-Atlantic"] and len(hrefs) == 1
    # "S-400" is in no seed: nothing is found, rather than every word starting with "s".
    meta, marks, hrefs = _search(page, "S-400")
    assert hrefs == [] and marks == [] and "No matching" in meta
    SHOTS.mkdir(parents=True, exist_ok=True)
    _search(page, "Vucic")
    page.screenshot(path=SHOTS / "search-vucic.png")

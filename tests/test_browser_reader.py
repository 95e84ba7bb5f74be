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

"""An opened search result's words are marked without regard to accents (docs/javascripts/search-highlight.js;
the browser test is in test_browser.py). Here: the marking folds letters exactly as search does, and
every page loads it."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT

JS = ROOT / "docs" / "javascripts"


def _table(path: Path, name: str) -> dict[str, str]:
    text = path.read_text(encoding="utf-8")
    body = re.search(rf"\b{name} = \{{([^}}]*)\}}", text).group(1)
    return dict(re.findall(r'"(.)": "([a-z]+)"', body))


def _class(path: Path) -> str:
    return re.search(r"\.replace\(/\[([^\]]+)\]/g, function", path.read_text(encoding="utf-8")).group(1)


def test_the_marking_folds_letters_as_search_does():
    search, marking = _table(JS / "search-fold.js", "FOLDED"), _table(JS / "search-highlight.js", "FOLD_EXTRA")
    assert search == marking and len(search) == 9
    assert _class(JS / "search-fold.js") == _class(JS / "search-highlight.js") == "".join(search)


def test_every_page_loads_the_marking(built_site: Path):
    assert (built_site / "javascripts" / "search-highlight.js").is_file()
    for page in ("index.html", "sources/serbia-is-not-a-russian-ally/index.html", "topics/kosovo/index.html"):
        html = (built_site / page).read_text(encoding="utf-8")
        assert re.search(r'<script src="(\.\./)*javascripts/search-highlight\.js"', html), page

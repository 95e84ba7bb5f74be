"""The output fingerprint (briefing.hashes) names every generated page and the book, and is stable."""

import os
from pathlib import Path

from briefing import hashes

ROOT = Path(__file__).resolve().parents[1]


def test_fingerprints_cover_every_page_and_the_book_and_repeat():
    environ = dict(os.environ)
    first = list(hashes.fingerprints(ROOT))
    assert dict(os.environ) == environ  # the book's fixed date is not left for other tests' builds
    names = [what for what, _ in first]
    assert "page sources/index.md" in names and "page bibliography.md" in names
    assert any(n.startswith("page topics/") for n in names)
    assert "typst-data briefing.pdf" in names
    assert all(len(sha) == 64 for _, sha in first)
    assert list(hashes.fingerprints(ROOT)) == first

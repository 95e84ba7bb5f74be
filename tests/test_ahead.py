"""Pages made ahead in a second process give the same site as pages made in turn."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import copy_project, run_mkdocs

from briefing import ahead

pytestmark = pytest.mark.skipif(not ahead.available(), reason="needs fork and two cores")


def _work(key: str) -> tuple[str, int]:
    if key == "boom":
        raise ValueError("the parent makes this one itself, and sees the error then")
    return key.upper(), os.getpid()


def test_results_come_in_order_from_another_process() -> None:
    helper = ahead.Ahead(["a", "b", "c"], _work)
    try:
        got = [helper.take(k) for k in "abc"]
    finally:
        helper.close()
    assert [g[0] for g in got] == ["A", "B", "C"]
    assert {g[1] for g in got} != {os.getpid()}  # made by the child, not here
    assert helper.taken == 3


def test_any_surprise_hands_the_work_back_to_the_caller() -> None:
    helper = ahead.Ahead(["a", "b", "c"], _work)
    assert helper.take("b") is None  # asked out of order: the caller makes it, and all after it
    assert helper.take("c") is None and helper.taken == 0
    failing = ahead.Ahead(["a", "boom", "c"], _work)
    assert failing.take("a")[0] == "A"
    assert failing.take("boom") is None and failing.take("c") is None
    failing.close()


def test_a_site_made_ahead_is_byte_identical_to_one_made_in_turn(tmp_path: Path, built_site: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    copy_project(project)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "    parallel_from: 200" in text
    config.write_text(text.replace("    parallel_from: 200", "    parallel_from: 1"), encoding="utf-8")
    site = tmp_path / "site"
    result = run_mkdocs(project, site, "--verbose")
    assert result.returncode == 0, result.stderr
    # Every generated page: each source and topic, and the Sources, Topics and Bibliography pages.
    generated = len(list(site.glob("sources/*/index.html"))) + len(list(site.glob("topics/*/index.html"))) + 3
    assert f"briefing: {generated} pages made ahead in a second process" in result.stderr
    compared = 0
    for page in sorted(built_site.rglob("*")):
        if page.suffix in {".html", ".json", ".bib"}:
            assert (site / page.relative_to(built_site)).read_bytes() == page.read_bytes(), page
            compared += 1
    assert compared > 15

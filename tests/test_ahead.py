"""Pages made ahead in a second process give the same site as pages made in turn."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from conftest import copy_project, run_mkdocs

from briefing import ahead

pytestmark = pytest.mark.skipif(not ahead.available(), reason="needs fork and two cores")


def _work(key: str) -> tuple[str, int]:
    if key == "boom":
        raise ValueError("the parent makes this one itself, and sees the error then")
    time.sleep(0.01)
    return key.upper(), os.getpid()


def test_results_come_in_order_from_another_process() -> None:
    helper = ahead.Ahead(["a", "b", "c"], _work, patient=True)
    try:
        got = [helper.take(k) for k in "abc"]
    finally:
        helper.close()
    assert [g[0] for g in got] == ["A", "B", "C"]
    assert {g[1] for g in got} != {os.getpid()}  # made by the child, not here
    assert helper.taken == 3


def test_the_caller_makes_what_is_not_ready_and_the_child_skips_it() -> None:
    keys = [f"k{i}" for i in range(12)]
    helper = ahead.Ahead(keys, _work)
    made_here, results = [], []
    for key in keys:
        got = helper.take(key)
        if got is None:
            got = _work(key)
            made_here.append(key)
        results.append(got[0])
        time.sleep(0.05)  # the caller's own work, slower than the child's
    helper.close()
    assert results == [k.upper() for k in keys]
    assert helper.taken + len(made_here) == len(keys) and helper.taken > 0


def test_any_surprise_hands_the_work_back_to_the_caller() -> None:
    helper = ahead.Ahead(["a", "b", "c"], _work, patient=True)
    assert helper.take("b") is None  # asked out of order: the caller makes it, and all after it
    assert helper.take("c") is None and helper.taken == 0
    failing = ahead.Ahead(["a", "boom", "c"], _work, patient=True)
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
    # The child was started (how many pages it made first depends on the machine's load).
    assert re.search(r"briefing: \d+ of \d+ pages made ahead in a second process", result.stderr)
    compared = 0
    for page in sorted(built_site.rglob("*")):
        if page.suffix in {".html", ".json", ".bib"}:
            assert (site / page.relative_to(built_site)).read_bytes() == page.read_bytes(), page
            compared += 1
    assert compared > 15


def test_the_pipeline_made_by_two_processes_equals_the_pipeline_made_by_one() -> None:
    from conftest import ROOT

    from briefing import pipeline

    one = pipeline.build(pipeline.Settings(root=ROOT, parallel_from=10**6))
    two = pipeline.build(pipeline.Settings(root=ROOT, parallel_from=1))
    assert two.articles == one.articles and two.topics == one.topics and two.warnings == one.warnings
    serial = [(p.uri, c) for p, c in pipeline.contents(one, parallel_from=10**6)]
    assert [(p.uri, c) for p, c in pipeline.contents(two, parallel_from=1)] == serial
    assert len(serial) == len(one.pages) > 10
    # Every page once; the pages made from every source first (the long ones: see contents()).
    assert sorted(uri for uri, _ in serial) == sorted(p.uri for p in one.pages)
    own = [uri.startswith("sources/") and uri != "sources/index.md" for uri, _ in serial]
    assert own == sorted(own) and any(own) and not all(own)


def test_sources_loaded_by_two_processes_report_the_same_problems(tmp_path: Path) -> None:
    from briefing import pipeline
    from briefing.errors import BriefingError

    project = tmp_path / "project"
    project.mkdir()
    copy_project(project)
    sources = project / "sources"
    seed = (sources / "bound-to-russia-serbias-disruptive-neutrality.md").read_text(encoding="utf-8")  # by name: another article may sort first
    (sources / "a-broken-one.md").write_text("---\ntitle: [unclosed\n---\nText.\n", encoding="utf-8")
    (sources / "b-copy.md").write_text(seed, encoding="utf-8")  # the same article twice
    (sources / "z-no-title.md").write_text("---\nauthor: Someone\n---\nA sentence of text.\n", encoding="utf-8")

    def problems(parallel_from: int) -> tuple[str, ...]:
        with pytest.raises(BriefingError) as exc:
            pipeline.build(pipeline.Settings(root=project, parallel_from=parallel_from))
        return exc.value.problems

    alone = problems(10**6)
    assert any(p.startswith("sources/a-broken-one.md: ") for p in alone)
    assert any("same article text as sources/b-copy.md" in p or p.startswith("sources/b-copy.md: same article text as ") for p in alone)
    assert any(p.startswith("sources/z-no-title.md: ") for p in alone)
    assert problems(1) == alone

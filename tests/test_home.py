"""The home page stays a summary as the briefing grows: its tables list the newest sources only."""

from __future__ import annotations

from bs4 import BeautifulSoup
from conftest import ROOT

from briefing import pipeline


def _tables(home_sources_max: int) -> tuple[BeautifulSoup, BeautifulSoup, pipeline.Build]:
    build = pipeline.build(pipeline.Settings(root=ROOT, home_sources_max=home_sources_max))
    parse = lambda name: BeautifulSoup(build.fragments[name], "html.parser")  # noqa: E731
    return parse("sources-by-date"), parse("coverage-matrix"), build


def test_home_tables_list_every_source_while_the_briefing_is_small() -> None:
    sources, matrix, build = _tables(30)
    assert len(sources.select("tbody tr")) == len(build.articles)
    assert len(matrix.select("tbody tr")) == len(build.articles) + 1  # and the totals row
    assert not sources.select(".more-rows") and not matrix.select(".more-rows")


def test_home_tables_show_the_newest_and_link_to_the_full_lists_above_the_limit() -> None:
    sources, matrix, build = _tables(2)
    newest = [f"sources/{a.slug}.md" for a in build.articles[:2]]
    assert [a["href"] for a in sources.select("tbody tr td:nth-of-type(2) a")] == newest
    assert sources.select_one(".more-rows").get_text() == f"The 2 newest of {len(build.articles)} sources; the Sources page lists them all."
    assert sources.select_one(".more-rows a")["href"] == "sources/index.md"
    rows = matrix.select("tbody tr")
    assert [r.select_one("a")["href"] for r in rows[:-1]] == newest
    # The totals still count every source's passages.
    totals = [int(td.get_text()) for td in rows[-1].select("td")[2:]]
    assert totals == [len(r.quotes) for r in build.topics]
    assert matrix.select_one(".more-rows a")["href"] == "topics/index.md#coverage"

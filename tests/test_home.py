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



def test_each_claim_in_the_home_introduction_links_to_the_paragraph_that_supports_it(built_site) -> None:
    """The introduction's claims are sourced: each claim is followed by links to source paragraphs,
    and each linked paragraph exists on its page and says what the claim says."""
    home = BeautifulSoup((built_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    intro = home.select_one("article p")
    # claim (as the introduction words it) -> a word the supporting paragraph must contain
    claims = {"EU sanctions": "sanction", "at the UN": "General Assembly", "ammunition": "Kyiv", "lithium": "lithium"}
    supported: dict[str, int] = {}
    text = ""
    for node in intro.descendants:
        if isinstance(node, str):
            if node.parent.name != "a":
                text += node
            continue
        if node.name != "a" or "#p-" not in node.get("href", ""):
            continue
        claim = max(claims, key=lambda c: text.rfind(c))  # the claim this link follows
        assert claim in text, node["href"]
        page, frag = node["href"].split("#")
        target = BeautifulSoup((built_site / page / "index.html").read_text(encoding="utf-8"), "html.parser")
        paragraph = target.find(id=frag)
        assert paragraph is not None, node["href"]
        assert claims[claim].lower() in paragraph.get_text().lower(), (claim, node["href"])
        supported[claim] = supported.get(claim, 0) + 1
    assert set(supported) == set(claims)

"""The content-hash cache: a rebuild redoes only what an edit changed, and gives the same pages."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

from conftest import ROOT, SEED_OF, mkdocs_env

from briefing import pipeline
from briefing.cache import Cache


def _project(tmp_path: Path) -> Path:
    for name in ("sources", "docs"):
        shutil.copytree(ROOT / name, tmp_path / name)
    for name in ("topics.yml", "mkdocs.yml"):
        shutil.copy2(ROOT / name, tmp_path / name)
    return tmp_path


def _pages(build) -> dict[str, str]:
    return {p.uri: p.content for p in build.pages}


def _altered(real):
    """``real`` (passages._article_quotes) with "Serbia" made "Croatia" in every quote: a selection
    whose quotes are not the sources' words."""

    def altering(finder, article):
        return tuple(tuple(q.__class__(q.topic, q.slug, q.paragraph, q.text.replace("Serbia", "Croatia")) for q in qs) for qs in real(finder, article))

    return altering


def _in_fresh_interpreter(code: str, root: Path) -> list[str]:
    """The words ``code`` prints, run by a new Python (one thread, as a build starts) with ``root``
    as sys.argv[1]; it can import the briefing package and this module."""
    env = mkdocs_env()
    env["PYTHONPATH"] = os.pathsep.join([env["PYTHONPATH"], str(Path(__file__).resolve().parent)])
    return subprocess.run([sys.executable, "-c", code, str(root)], capture_output=True, text=True, check=True, env=env).stdout.split()


def test_rebuild_after_an_edit_recomputes_only_that_source(tmp_path: Path) -> None:
    root = _project(tmp_path)
    settings = pipeline.Settings(root=root)
    cache = Cache()
    # Pages are rendered when asked for, as the site asks for each of them once.
    first = _pages(pipeline.build(settings, cache))
    # Asked for twice in a first build: each source's row of the coverage table alone, made for the
    # home page's excerpt and found again for the Topics page's table.
    assert cache.hits == len(list((root / "sources").glob("*.md"))) and cache.misses > 0

    unchanged = _pages(pipeline.build(settings, cache))
    assert cache.misses == 0
    assert unchanged == first

    source = root / "sources" / "serbia-is-not-a-russian-ally.md"
    source.write_text(source.read_text(encoding="utf-8").replace("lithium mining project", "lithium mine project"), encoding="utf-8")
    edited = _pages(pipeline.build(settings, cache))
    # The edit changes a sentence quoted on Energy only. Redone: the source's file (by size and time,
    # then by content), duplicate keys, its line keys and kept short lines and blurbs (for the lines other captures share), article, its near-duplicate sketch, facts, quotes, their check and their hash, its dated sentences and their check (the Timeline, made anew each build from them), page and its HTML;
    # its section on Energy;
    # the Energy page and the Topics page (they show its quotes), and the Timeline (it tags entries
    # with the topics that quote them); its row in the Energy page's table and its row of the
    # coverage table, which the Topics page and the home page share (the home page's table of
    # sources, at most 30 rows, is written anew each build). The other topic pages, the Sources page
    # and the bibliography show nothing that changed and are reused whole.
    assert Counter(cache.missed) == {
        "file": 1, "source": 1, "text-key": 1, "url-key": 1, "line-keys": 1, "corpus-kept": 1, "article": 1, "near-key": 1, "facts": 1,
        "quotes": 1, "verbatim": 1, "quotes-digest": 1, "dated": 1, "dated-check": 1, "dated-digest": 1, "source-page": 2, "topic-section": 1, "whole-page": 3, "row": 2,
    }
    assert edited == _pages(pipeline.build(settings))  # same as a cold build
    assert "lithium mine project" in edited["sources/serbia-is-not-a-russian-ally.md"]
    assert "lithium mine project" in edited["topics/energy.md"]


def test_an_edit_no_page_but_its_own_shows_redoes_only_that_page(tmp_path: Path) -> None:
    root = _project(tmp_path)
    settings = pipeline.Settings(root=root)
    cache = Cache()
    _pages(pipeline.build(settings, cache))
    # A line the cleaner drops (a newsletter blurb): the article's page lists it among the removed
    # lines, and nothing else in the briefing changes (its row in the home page's coverage table is
    # looked up again under the article's new key).
    source = root / "sources" / "bound-to-russia-serbias-disruptive-neutrality.md"
    source.write_text(source.read_text(encoding="utf-8").replace("weekly newsletter", "monthly newsletter"), encoding="utf-8")
    edited = _pages(pipeline.build(settings, cache))
    assert Counter(cache.missed) == {
        "file": 1, "source": 1, "text-key": 1, "url-key": 1, "line-keys": 1, "corpus-kept": 1, "article": 1, "near-key": 1, "facts": 1,
        "quotes": 1, "verbatim": 1, "quotes-digest": 1, "dated": 1, "dated-check": 1, "dated-digest": 1, "source-page": 2, "row": 1,
    }
    assert edited == _pages(pipeline.build(settings))
    assert "monthly newsletter" in edited["sources/bound-to-russia-serbias-disruptive-neutrality.md"]


def test_an_edit_to_a_dated_sentence_redoes_the_timeline(tmp_path: Path) -> None:
    root = _project(tmp_path)
    settings = pipeline.Settings(root=root)
    cache = Cache()
    first = _pages(pipeline.build(settings, cache))
    assert "<time datetime=\"2017\">2017</time>" in first["timeline/index.md"]
    source = root / "sources" / "bound-to-russia-serbias-disruptive-neutrality.md"
    source.write_text(source.read_text(encoding="utf-8").replace("Montenegro joined NATO in 2017", "Montenegro joined NATO in 2018"), encoding="utf-8")
    edited = _pages(pipeline.build(settings, cache))
    assert "<time datetime=\"2018\">2018</time>" in edited["timeline/index.md"]
    assert "<time datetime=\"2017\">" not in edited["timeline/index.md"]
    assert edited == _pages(pipeline.build(settings))  # same as a cold build
    # The edit is in a sentence no topic quotes: of the pages made from every source, only the Timeline is redone.
    assert Counter(k for k in cache.missed if k == "whole-page") == {"whole-page": 1}


def test_changing_topics_invalidates_quotes_and_pages_not_cleaning(tmp_path: Path) -> None:
    root = _project(tmp_path)
    settings = pipeline.Settings(root=root)
    cache = Cache()
    pipeline.build(settings, cache)
    compared = cache.missed.count("similar")  # pairs of sources compared for near-duplicates (none among the seeds)
    topics = root / "topics.yml"
    topics.write_text(topics.read_text(encoding="utf-8").replace("title: Energy", "title: Energy and raw materials"), encoding="utf-8")
    rebuilt = pipeline.build(settings, cache)
    assert any(r.topic.title == "Energy and raw materials" for r in rebuilt.topics)
    assert _pages(rebuilt) == _pages(pipeline.build(settings))
    n = len(rebuilt.articles)
    # Files, duplicate keys (exact and near), line keys, kept short lines, cleaned articles, their facts
    # and comparisons, and their dated sentences, their check and the sentences' digests (the Timeline's,
    # made without the topics) are reused;
    # everything topic-bound is not (each source's row of the coverage table, made anew for the home
    # page, is found again for the Topics page).
    assert cache.hits == 12 * n + compared


def test_a_rebuild_checks_the_quotes_of_the_source_it_changed(tmp_path: Path, monkeypatch) -> None:
    """Quotes of unchanged sources were checked when first chosen; a changed source's are checked
    again, so a selection that alters a word is caught on a rebuild too."""
    import pytest

    from briefing import passages
    from briefing.errors import BriefingError

    root = _project(tmp_path)
    settings = pipeline.Settings(root=root)
    cache = Cache()
    pipeline.build(settings, cache)
    monkeypatch.setattr(passages, "_article_quotes", _altered(passages._article_quotes))
    assert pipeline.build(settings, cache).topics  # nothing changed: the checked quotes are reused
    source = root / "sources" / "serbia-is-not-a-russian-ally.md"
    source.write_text(source.read_text(encoding="utf-8").replace("lithium mining project", "lithium mine project"), encoding="utf-8")
    with pytest.raises(BriefingError) as exc:
        pipeline.build(settings, cache)
    assert exc.value.problems
    assert all(p.startswith("sources/serbia-is-not-a-russian-ally.md: topic '") and "is not verbatim" in p for p in exc.value.problems)


def test_a_cold_build_in_two_processes_checks_every_quote(tmp_path: Path) -> None:
    """Each process checks the quotes of the sources it makes; a selection that alters a word in
    any source fails the build, whichever process made that source. (In a fresh interpreter: a
    second process is forked only where no other thread runs, which a test session cannot promise.)"""
    import pytest

    root = _project(tmp_path)
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from briefing import ahead, passages, pipeline\n"
        "from briefing.errors import BriefingError\n"
        "from test_cache import _altered\n"
        "passages._article_quotes = _altered(passages._article_quotes)  # before the fork: both processes alter\n"
        "try:\n"
        "    pipeline.build(pipeline.Settings(root=Path(sys.argv[1]), parallel_from=1))\n"
        "except BriefingError as exc:\n"
        "    print(ahead.available(), ' '.join(sorted({p.split(':')[0] for p in exc.problems if 'is not verbatim' in p})))\n"
    )
    available, *altered = _in_fresh_interpreter(code, root)
    if available != "True":
        pytest.skip("no second process on this machine (one core)")
    # Every source with a quote that holds "Serbia" (every seed; an added article need not say it).
    build = pipeline.build(pipeline.Settings(root=root))
    expected = sorted({f"sources/{q.slug}.md" for r in build.topics for q in r.quotes if "Serbia" in q.text})
    assert {f"sources/{slug}.md" for slug in SEED_OF} <= set(expected)
    assert altered == expected


def test_serve_sets_aside_what_its_first_build_holds_once(tmp_path: Path) -> None:
    """Under `mkdocs serve` the collector stays on; after the first build, what that build holds is
    frozen once (so rebuilds' collections skip it), and later builds' objects stay collectable."""
    root = _project(tmp_path)
    code = (
        "import gc, sys\n"
        "from pathlib import Path\n"
        "from briefing import pipeline\n"
        "from briefing.cache import Cache\n"
        "settings, cache = pipeline.Settings(root=Path(sys.argv[1])), Cache()\n"
        "with pipeline.collector_settled():\n"
        "    first = pipeline.build(settings, cache)\n"
        "frozen = gc.get_freeze_count()\n"
        "with pipeline.collector_settled():\n"
        "    again = pipeline.build(settings, cache)\n"
        "print(gc.isenabled(), frozen > 0, gc.get_freeze_count() <= frozen, len(again.pages) == len(first.pages))\n"
    )
    assert _in_fresh_interpreter(code, root) == ["True", "True", "True", "True"]


def test_the_timeline_key_depends_on_the_dated_sentences_values_not_on_how_their_sets_were_built() -> None:
    """Equal sets can list their items in different orders (here 1 and 9 share a slot, so the first
    one in stays first); a record made in the build's helper process and pickled back must not
    look changed to `mkdocs serve`, which would remake the whole Timeline page for nothing."""
    import dataclasses

    from briefing import timeline
    from briefing.dates import find_dates

    date = find_dates("in 2014")[0]
    one = timeline.Dated("a", 1, "s", "s", date, frozenset([1, 9]))  # type: ignore[list-item]
    two = dataclasses.replace(one, terms=frozenset([9, 1]))  # type: ignore[list-item]
    assert one == two and repr(one) != repr(two)
    assert pipeline.dated_repr((one,)) == pipeline.dated_repr((two,))
    assert pipeline.dated_repr((one,)) != pipeline.dated_repr((dataclasses.replace(one, quote="t"),))

"""pipeline.build is its stages; each is a plain function a test can call on its own."""

from __future__ import annotations

import pytest
from conftest import ROOT

from briefing import pipeline
from briefing.cache import Transient
from briefing.errors import BriefingError


def test_the_stages_called_one_by_one_give_what_build_gives():
    settings = pipeline.Settings(root=ROOT)
    memo = pipeline.Memo(Transient())
    topics, topic_problems = pipeline.read_topics(settings)
    sources, load_problems = pipeline.load_sources(settings, topics, memo)
    assert not topic_problems and not load_problems
    assert sorted(memo.keys) == sorted(s.slug for s in sources)
    articles, _, problems = pipeline.clean_sources(settings, sources, memo)
    assert problems == [] and [a.slug for a in articles] == [s.slug for s in sources]
    ordered = pipeline.by_date(articles)
    selected = pipeline.select(topics, ordered, memo)
    assert [r.topic.id for r in selected.results] == [t.id for t in topics]
    assert all(q in selected.quotes_of(q.slug)[k] for k, r in enumerate(selected.results) for q in r.quotes)
    pages, fragments = pipeline.make_pages(settings, ordered, selected, memo)

    built = pipeline.build(settings)
    assert built.articles == ordered and built.topics == selected.results
    assert [(p.uri, p.content) for p in pages] == [(p.uri, p.content) for p in built.pages]
    assert fragments == built.fragments


def test_the_clean_stage_returns_its_problems_as_data(tmp_path):
    (tmp_path / "sources").mkdir()
    settings = pipeline.Settings(root=tmp_path)
    text = (ROOT / "sources").glob("*.md").__next__().read_text(encoding="utf-8")
    for name in ("a.md", "b.md"):
        (tmp_path / "sources" / name).write_text(text, encoding="utf-8")
    memo = pipeline.Memo(Transient())
    sources, _ = pipeline.load_sources(settings, (), memo)
    _, _, problems = pipeline.clean_sources(settings, sources, memo)
    assert len(problems) == 1 and problems[0].startswith("sources/b.md:")  # the later file of a duplicate pair
    with pytest.raises(BriefingError):
        pipeline.build(settings)

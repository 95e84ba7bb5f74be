"""Above the volume line (extra.briefing.pdf_volume_sources) the PDF is several files: what a reader gets.

The seeds stand in for a large briefing: with a volume of 2 sources, their 4 sources make 2 source
volumes, and a tiny weight budget splits the topics and the main book too. Read back with pypdf.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import pypdf
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, SOURCES, run_mkdocs
from test_pdf import body_text, bookmarks, external_links, internal_links, norm, segments

from briefing import book_pages, page, pdf, pdf_volumes, pipeline
from briefing.errors import BriefingError

FILE_REF = re.compile(r"page(\d+)in(briefing[a-z0-9]*\.pdf)")  # "page 3 in briefing-sources-1.pdf", normalised


def normal_name(name: str) -> str:
    return norm(name)  # hyphens and spaces go, as in the page text


@pytest.fixture(scope="module")
def build():
    return pipeline.build(pipeline.Settings(root=ROOT))


def settings(**kw) -> pdf.BookSettings:
    return dataclasses.replace(pdf.settings_from_config(ROOT), **kw)


@pytest.fixture(scope="module")
def volumes(build, tmp_path_factory) -> dict[str, pypdf.PdfReader]:
    out = tmp_path_factory.mktemp("volumes") / "briefing.pdf"
    written = pdf.write_pdfs(build, settings(volume_sources=2), out, environ={})
    return {p.name: pypdf.PdfReader(p) for p in written}


def text_of(r: pypdf.PdfReader) -> str:
    return norm("".join(body_text(p) for p in r.pages))


def page_by_label(r: pypdf.PdfReader, label: str) -> pypdf.PageObject:
    return r.pages[r.page_labels.index(label)]


def test_below_the_line_the_book_stays_one_file(build) -> None:
    assert not pdf.volumed(build, settings())
    assert pdf.links(build, settings())["files"] == [{"name": "briefing.pdf", "kind": "main", "title": "The whole briefing"}]
    assert pdf.volumed(build, settings(volume_sources=3))


def test_above_the_line_the_book_is_a_main_book_topic_files_and_source_volumes(build, volumes) -> None:
    names = list(volumes)
    topics = [f"briefing-{t.topic.id}.pdf" for t in build.topics]
    n = len(build.articles)
    count = -(-n // 2)  # two sources a volume; a contributor's new article may add one
    source_files = [f"briefing-sources-{k}.pdf" for k in range(1, count + 1)]
    assert count >= 2 and names == ["briefing.pdf", *topics, *source_files]
    assert [f["name"] for f in pdf.links(build, settings(volume_sources=2))["files"]] == names
    # Each source volume holds its (up to) two sources, newest first, under a "Sources, volume k of K" part.
    titles = [a.meta.title for a in build.articles]
    for k, name in enumerate(source_files):
        r = volumes[name]
        marks = bookmarks(r)
        assert marks[0][:2] == (0, f"Sources, volume {k + 1} of {count}")
        held = titles[2 * k : 2 * k + 2]
        assert [t for d, t, _ in marks if d == 1] == held
        cover = " ".join(r.pages[0].extract_text().split())
        first, last = 2 * k + 1, 2 * k + len(held)
        assert (f"Articles {first} to {last} of the {n}" if last > first else f"Article {first} of the {n}") in cover, cover
    # Every paragraph of every source is in its volume, once over all volumes.
    for a in build.articles:
        holder = [n for n in names if n.startswith("briefing-sources-") and norm(a.cleaned.body[-1].text[:80]) in text_of(volumes[n])]
        assert len(holder) == 1, a.slug
        own = text_of(volumes[holder[0]])
        assert all(seg in own for p in a.cleaned.body for seg in segments(p.text)), a.slug
    # The main book: the site's pages without the sources' and topics' own pages, plus the list of files.
    main = volumes["briefing.pdf"]
    top = [t for d, t, _ in bookmarks(main) if d == 0]
    assert top[:4] == ["Overview", "The files of this briefing", "Topics", "Sources"]
    assert "Bibliography" in top and not any(d for d, _, _ in bookmarks(main))
    files_text = norm("".join(body_text(main.pages[i]) for i in range(len(main.pages))))
    assert all(normal_name(n) in files_text for n in names)
    for t in build.topics:  # a topic's own file holds its quotes
        text = text_of(volumes[f"briefing-{t.topic.id}.pdf"])
        assert all(seg in text for q in t.quotes for seg in segments(q.text)), t.topic.id


def test_references_to_another_file_name_it_and_the_right_page(build, volumes) -> None:
    checked = 0
    for t in build.topics:
        text = text_of(volumes[f"briefing-{t.topic.id}.pdf"])
        for q in t.quotes:
            # The quote's attribution: "— Title, Publisher, date, ¶ 5, page 3 in briefing-sources-1.pdf".
            tail = segments(q.text)[-1][-60:]  # after its last footnote marker, if any
            at = text.index(tail) + len(tail)
            title = norm(next(a.meta.title for a in build.articles if a.slug == q.slug))
            m = re.compile(rf"\d{{0,3}}—{re.escape(title)},.*?¶{q.paragraph},page(\d+)in(briefing[a-z0-9]*\.pdf)").match(text, at)
            assert m, (t.topic.id, q.slug, q.paragraph, text[at : at + 80])
            volume = next(n for n in volumes if normal_name(n) == m.group(2))
            page = norm(body_text(page_by_label(volumes[volume], m.group(1))))
            paragraph = next(p for p in next(a for a in build.articles if a.slug == q.slug).cleaned.body if p.n == q.paragraph)
            assert segments(paragraph.text)[0][:40] in page, (q.slug, q.paragraph, volume, m.group(1))
            checked += 1
    assert checked >= 20
    # The bibliography gives each source's volume and the page its text starts on.
    main = text_of(volumes["briefing.pdf"])
    for a in build.articles:
        ref = norm(a.citation.reference)
        m = FILE_REF.search(main, main.index(ref) + len(ref))
        volume = next(n for n in volumes if normal_name(n) == m.group(2))
        assert norm(a.meta.title) in norm(body_text(page_by_label(volumes[volume], m.group(1)))), a.slug


def test_no_reference_to_another_file_is_dead(build, volumes) -> None:
    names = {normal_name(n) for n in volumes}
    for name, r in volumes.items():
        text = text_of(r)
        for mentioned in re.findall(r"briefing[a-z0-9]*\.pdf", text):
            assert mentioned in names, (name, mentioned)
        # Without site_url a place in another file is printed, never a link: every link stays inside.
        assert all(0 <= to < len(r.pages) for _, to, _ in internal_links(r)), name
        assert not [u for u in external_links(r) if "example.org/briefing" in u]
    # A source's "Quoted on" names the topic file that holds its quotes.
    vol = text_of(volumes["briefing-sources-1.pdf"])
    assert any(norm(f"{t.topic.title} (in briefing-{t.topic.id}.pdf)") in vol for t in build.topics)


def test_with_site_url_a_reference_to_another_file_opens_the_site(build, tmp_path: Path) -> None:
    out = tmp_path / "briefing.pdf"
    s = settings(volume_sources=2, site_url="https://example.org/briefing/")
    pdf.write_pdfs(build, s, out, environ={})
    topic = build.topics[0]
    q = topic.quotes[0]
    urls = external_links(pypdf.PdfReader(tmp_path / f"briefing-{topic.topic.id}.pdf"))
    assert f"https://example.org/briefing/sources/{q.slug}/#p-{q.paragraph}" in urls
    vol = next(p for p in sorted(tmp_path.glob("briefing-sources-*.pdf")))
    assert any(u.startswith("https://example.org/briefing/topics/") and "#q-" in u for u in external_links(pypdf.PdfReader(vol)))


def test_a_small_budget_splits_topics_and_the_main_book_and_counts_on(build, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(pdf_volumes, "VOLUME_WEIGHT", 4_000)
    out = tmp_path / "briefing.pdf"
    written = [p.name for p in pdf.write_pdfs(build, settings(volume_sources=2), out, environ={})]
    assert "briefing-part-2.pdf" in written  # the main book continues in a second file
    big = max(build.topics, key=lambda t: len(t.quotes))
    parts = [n for n in written if n.startswith(f"briefing-{big.topic.id}-")]
    assert len(parts) >= 2
    text = "".join(text_of(pypdf.PdfReader(tmp_path / n)) for n in parts)
    assert all(seg in text for q in big.quotes for seg in segments(q.text))  # every quote, once split
    assert norm(f"{big.topic.title} (part 2 of {len(parts)})") in text
    # Every source in the bibliography, numbered 1 to n across the files it fills.
    main = "".join(text_of(pypdf.PdfReader(tmp_path / n)) for n in written if n.startswith("briefing-part") or n == "briefing.pdf")
    assert all(norm(a.citation.reference) in main for a in build.articles)
    names = {normal_name(n) for n in written}
    for n in written:
        assert set(re.findall(r"briefing[a-z0-9]*\.pdf", text_of(pypdf.PdfReader(tmp_path / n)))) <= names, n


def _sources_page(pages: list[dict]) -> dict:
    return next(p for p in pages if p["label"] == "sources/index.md")


def test_the_volumes_index_is_built_as_page_model_and_printed_from_it(build, volumes) -> None:
    plan = pdf_volumes.Plan(build, settings(volume_sources=2))
    articles = {a.slug: a for a in build.articles}
    intro, table = book_pages.volumes_index(articles, plan)
    assert isinstance(intro, page.Para) and isinstance(table, page.Table)
    n, k = len(build.articles), len(plan.source_files)
    assert page.text_of(intro.c).startswith(f"The {n} articles this briefing is built from are printed in {k} source volumes of at most 2 articles each")
    assert [page.text_of(c.head) for c in table.columns] == ["File", "Articles", "Dated", "From … to"]
    assert [c.width for c in table.columns] == ["auto", "auto", "auto", "1fr"]
    assert [row[0] for row in table.rows] == [(f.name,) for f in plan.source_files]
    for f, row in zip(plan.source_files, table.rows):  # the first and last source, linked to their pages
        links = [x for x in row[3] if isinstance(x, page.Link)]
        assert [(x.uri, x.c) for x in links] == [(f"sources/{s}.md", (articles[s].meta.title,)) for s in (f.slugs[0], f.slugs[-1])]
    # The main book prints it as the Sources page: the table as briefing.typ reads it, a link per source.
    written = _sources_page(plan.main_pages["briefing.pdf"])["blocks"]
    assert written[0] == {"t": "par", "c": [page.text_of(intro.c)]}
    assert written[1]["t"] == "table" and written[1]["widths"] == ["auto", "auto", "auto", "1fr"]
    assert written[1]["head"] == [["File"], ["Articles"], ["Dated"], ["From … to"]]
    first = plan.source_files[0]
    assert written[1]["rows"][0][:2] == [[first.name], [str(len(first.slugs))]]
    newest = first.slugs[0]
    assert written[1]["rows"][0][3][0] == {"t": "ref", "uri": f"sources/{newest}.md", "frag": None, "c": [articles[newest].meta.title]}
    # And the reader sees each volume's name and its first source's title on the Sources page.
    main = volumes["briefing.pdf"]
    start = next(to for d, t, to in bookmarks(main) if d == 0 and t == "Sources")
    text = norm("".join(body_text(main.pages[i]) for i in range(start, start + 2)))
    assert all(normal_name(f.name) in text and norm(articles[f.slugs[0]].meta.title) in text for f in plan.source_files)


def test_a_topic_split_over_files_says_which_part_each_is_and_where_it_goes_on(build, monkeypatch) -> None:
    monkeypatch.setattr(pdf_volumes, "VOLUME_WEIGHT", 4_000)
    plan = pdf_volumes.Plan(build, settings(volume_sources=2))
    big = max(build.topics, key=lambda t: len(t.quotes))
    parts = plan.topic_files[big.topic.id]
    assert len(parts) >= 3
    quoted = len({q.slug for q in big.quotes})
    second = parts[1]
    (note,) = book_pages.topic_part(second, quoted)
    first = plan.first_index[second.name]
    others = ", ".join(p.name for p in parts if p is not second)
    said = (f"This is part 2 of {len(parts)}: the passages of sources {first + 1} to {first + len(second.slugs)} of the "
            f"{quoted} quoted. The other parts: {others}.")
    assert note == page.Para((said,))
    (more,) = book_pages.topic_continued(second)
    assert more == page.Para((f"Continued in {parts[2].name}.",))
    # Each file's data opens with its part note under the topic's opening, and goes on to the next file.
    ed = pdf.edition(build, None, {"SOURCE_DATE_EPOCH": "1700000000"})
    for k, part in enumerate(parts):
        blocks = pdf_volumes._data(plan, part, ed, {})["pages"][0]["blocks"]
        pars = [b["c"] for b in blocks if b["t"] == "par"]
        assert sum(1 for c in pars if c[0].startswith(f"This is part {k + 1} of {len(parts)}: ")) == 1
        closing = [f"Continued in {parts[k + 1].name}."] if k + 1 < len(parts) else None
        assert (blocks[-1] == {"t": "par", "c": closing}) if closing else not any(c[0].startswith("Continued in") for c in pars)
    assert {"t": "par", "c": [said]} in pdf_volumes._data(plan, second, ed, {})["pages"][0]["blocks"]


def test_the_list_of_files_is_built_as_page_model(build) -> None:
    plan = pdf_volumes.Plan(build, settings(volume_sources=2))
    intro, table = pdf_volumes.files_blocks(plan)
    assert page.text_of(intro.c).startswith(f"This briefing is printed as {len(plan.files())} PDF files")
    assert [row[0] for row in table.rows] == [(f.name,) for f in plan.files()]
    written = pdf_volumes._files_page(plan)["blocks"]
    assert written[1]["widths"] == ["auto", "1fr", "1.4fr"] and written[1]["rows"][0][0] == ["briefing.pdf"]


def test_a_topic_id_that_clashes_with_a_volume_name_is_one_clear_error(build) -> None:
    clash = dataclasses.replace(build.topics[0], topic=dataclasses.replace(build.topics[0].topic, id="sources-1"))
    b = dataclasses.replace(build, topics=(clash, *build.topics[1:]))
    with pytest.raises(BriefingError) as err:
        pdf.links(b, settings(volume_sources=2))
    assert "briefing-sources-1.pdf" in err.value.problems[0]


def test_the_site_lists_every_file_and_a_source_page_links_its_volume(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    for name in ("mkdocs.yml", "docs", "overrides", "scripts", "topics.yml"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(src, project / name)
    shutil.copytree(SOURCES, project / "sources")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert config.count("    pdf_volume_sources: 100\n") == 1
    config = config.replace("    pdf_volume_sources: 100\n", "    pdf_volume_sources: 2\n")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    site = tmp_path / "site"
    result = run_mkdocs(project, site)
    assert result.returncode == 0, result.stderr
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    listed = [a["href"] for a in home.select("article .download-pdf a[href]")]
    on_disk = sorted(p.name for p in site.glob("*.pdf"))
    assert sorted(set(listed)) == on_disk and "briefing-sources-2.pdf" in on_disk
    # A source page's header offers the volume that holds it.
    build = pipeline.build(pipeline.Settings(root=project))
    a = build.articles[-1]
    page = BeautifulSoup((site / "sources" / a.slug / "index.html").read_text(encoding="utf-8"), "html.parser")
    hrefs = [x["href"] for x in page.select("header a.briefing-pdf")]
    volume = next(h for h in hrefs if "sources-" in h)
    r = pypdf.PdfReader((site / "sources" / a.slug / volume).resolve())
    assert a.meta.title in [t for _, t, _ in bookmarks(r)]

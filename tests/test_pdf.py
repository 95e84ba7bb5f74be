"""The PDF book the real build writes (site/briefing.pdf), read back with pypdf as a reader gets it."""

from __future__ import annotations

import dataclasses
import html
import re
import shutil
import unicodedata
from functools import lru_cache
from pathlib import Path

import pypdf
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, SEED_OF, SOURCES, run_mkdocs

from briefing import pdf, pipeline
from briefing.errors import BriefingError
from briefing.model import Quote, Topic, TopicResult
from briefing.siteconfig import read_config
from briefing.sources import load_source

FOOTNOTE_MARK = re.compile(r" ?\[\d{1,3}\]")
SITE_NAME = "Serbia between Russia, Ukraine and the West"
# A4 with 26 mm side and bottom margins and 27 mm at the top: text outside is header, footer or margin.
BODY_X, BODY_BOTTOM, BODY_TOP = 70.0, 70.0, 770.0


# -- reading the PDF ----------------------------------------------------------------------------


def norm(text: str) -> str:
    """Compare text the way a reader reads it: no line breaks, no hyphens added at line ends, no ligatures."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s\-\u00ad\u2010\u2011]+", "", text)


def body_text(page: pypdf.PageObject) -> str:
    """The page's text inside the type area: running header, footer and margin numbers left out."""
    parts: list[str] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        x, y = cm[4] + tm[4], cm[5] + tm[5]
        if text.strip() and BODY_BOTTOM < y < BODY_TOP and x >= BODY_X:
            parts.append(text)

    page.extract_text(visitor_text=visit)
    return "".join(parts)


def text_with_y(page: pypdf.PageObject) -> list[tuple[float, str]]:
    out: list[tuple[float, str]] = []
    page.extract_text(visitor_text=lambda t, cm, tm, f, s: out.append((cm[5] + tm[5], t)) if t.strip() else None)
    return out


@lru_cache(maxsize=8)
def reader(path: Path) -> pypdf.PdfReader:
    return pypdf.PdfReader(path)


def bookmarks(r: pypdf.PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, page index) of every bookmark, in order."""
    out: list[tuple[int, str, int]] = []

    def walk(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append((depth, item.title, r.get_destination_page_number(item)))

    walk(r.outline, 0)
    return out


def internal_links(r: pypdf.PdfReader) -> list[tuple[int, int, float]]:
    """(from page, to page, top of the target) of every link that stays inside the document."""
    index = {p.indirect_reference.idnum: i for i, p in enumerate(r.pages)}
    out = []
    for i, page in enumerate(r.pages):
        for annot in page.get("/Annots", []) or []:
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            dest = annot.get("/Dest")
            if dest is None and "/A" in annot and annot["/A"].get("/S") == "/GoTo":
                dest = annot["/A"]["/D"]
            if dest is None:
                continue
            dest = dest.get_object()
            if isinstance(dest, (str, bytes)):
                dest = r.named_destinations[str(dest)]
                out.append((i, r.get_destination_page_number(dest), float(dest.top or 0)))
                continue
            target = dest[0].get_object().indirect_reference.idnum
            assert target in index, f"page {i + 1}: a link points at a page outside the document"
            out.append((i, index[target], float(dest[3]) if len(dest) > 3 and dest[3] is not None else 0.0))
    return out


def external_links(r: pypdf.PdfReader) -> list[str]:
    out = []
    for page in r.pages:
        for annot in page.get("/Annots", []) or []:
            action = annot.get_object().get("/A")
            if action is not None and action.get("/S") == "/URI":
                out.append(str(action["/URI"]))
    return out


def pages_of(r: pypdf.PdfReader, title: str) -> range:
    """The pages from a bookmark's page to the next bookmark's page (a source's or topic's pages)."""
    marks = bookmarks(r)
    for k, (_, t, start) in enumerate(marks):
        if t == title:
            end = marks[k + 1][2] if k + 1 < len(marks) else len(r.pages)
            return range(start, max(end, start + 1))
    raise AssertionError(f"no bookmark {title!r}")


def article(slug: str):
    return pipeline.make_article(load_source(SOURCES / f"{slug}.md"))


def segments(text: str) -> list[str]:
    """A paragraph's words between its footnote markers (the PDF prints markers as superscripts)."""
    return [norm(s) for s in FOOTNOTE_MARK.split(text) if norm(s)]


@pytest.fixture(scope="session")
def book(built_site: Path) -> pypdf.PdfReader:
    path = built_site / "briefing.pdf"
    assert path.is_file(), "mkdocs build wrote no site/briefing.pdf"
    assert path.read_bytes().startswith(b"%PDF-")
    return reader(path)


@pytest.fixture(scope="session")
def book_text(book: pypdf.PdfReader) -> str:
    return norm("".join(body_text(p) for p in book.pages))


# -- what a reader gets ------------------------------------------------------------------------


@pytest.mark.parametrize("slug", sorted(SEED_OF))
def test_every_paragraph_of_every_article_is_in_the_pdf(book: pypdf.PdfReader, slug: str) -> None:
    a = article(slug)
    own = norm("".join(body_text(book.pages[i]) for i in pages_of(book, a.meta.title)))
    for p in a.cleaned.body:
        for seg in segments(p.text):
            assert seg in own, f"{slug} ¶{p.n}: {seg[:80]}"
    for f in a.cleaned.footnotes:
        assert norm(f.text) in own, f"{slug} footnote {f.number}"
    for item in a.cleaned.further_reading:
        assert norm(item) in own, f"{slug} further reading"


def test_paragraph_numbers_are_printed_in_the_margin(book: pypdf.PdfReader) -> None:
    a = article("how-strong-are-ties-between-serbia-and-russia")
    margin = "".join(
        t for i in pages_of(book, a.meta.title) for y, t in text_with_y(book.pages[i]) if t.strip().startswith("¶")
    )
    assert [int(n) for n in re.findall(r"¶(\d+)", margin)] == [p.n for p in a.cleaned.body]


def test_bookmarks_mirror_the_site_navigation(book: pypdf.PdfReader, built_site: Path) -> None:
    marks = bookmarks(book)
    top = [t for d, t, _ in marks if d == 0]
    build = pipeline.build(pipeline.Settings(root=ROOT))
    nav = read_config(ROOT)["nav"]
    # The site's first page, "Home" in its menu, is "Overview" in the book (its book_title).
    expected_top = [{"Home": "Overview"}.get(title, title) for item in nav for title in item if title != "Topics" or build.topics]
    assert expected_top[:3] == ["Overview", "Topics", "Sources"]
    assert top == expected_top
    children = {}
    parent = None
    for depth, title, _ in marks:
        if depth == 0:
            parent = title
        else:
            children.setdefault(parent, []).append(title)
    assert children["Sources"] == [a.meta.title for a in build.articles]  # newest first, as in the menu
    assert children.get("Topics", []) == [t.topic.title for t in build.topics]
    # Every page of the built site has a bookmark with its title.
    titles = {t for _, t, _ in marks}
    for file in sorted(built_site.rglob("index.html")):
        head = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser").title.get_text()
        page_title = html.unescape(head.rsplit(f" - {SITE_NAME}", 1)[0])
        if file == built_site / "index.html":
            page_title = "Overview"  # the home page's book_title
        assert page_title in titles, file.relative_to(built_site)


def test_each_bookmark_opens_its_page(book: pypdf.PdfReader) -> None:
    for _, title, index in bookmarks(book):
        assert norm(title) in norm(body_text(book.pages[index])), title


def test_contents_lists_every_page_with_its_page_number(book: pypdf.PdfReader) -> None:
    contents = book.pages[1].extract_text()
    assert "Contents" in contents
    labels = book.page_labels
    lines = [" ".join(line.split()) for line in contents.splitlines()]
    for _, title, index in bookmarks(book):
        line = next((l for l in lines if l.startswith(" ".join(title.split()))), None)
        assert line is not None, title
        assert line.rstrip().endswith(" " + labels[index]) or line.rstrip().endswith("." + labels[index]), line


def test_internal_links_land_inside_the_pdf(book: pypdf.PdfReader) -> None:
    links = internal_links(book)
    n = len(book.pages)
    assert all(0 <= to < n for _, to, _ in links)
    # Contents entries, table and bibliography links, footnotes both ways, quotes and "quoted on" lists.
    assert len(links) >= 40


def test_footnote_markers_and_notes_link_both_ways(book: pypdf.PdfReader) -> None:
    slug = "how-strong-are-ties-between-serbia-and-russia"  # seven footnotes, one marker each
    a = article(slug)
    own = pages_of(book, a.meta.title)
    notes_page = next(i for i in own if "UNIAN, UN General Assembly" in book.pages[i].extract_text())
    starts = [f.text.split(",")[0].split(" ")[0] for f in a.cleaned.footnotes]
    lines = text_with_y(book.pages[notes_page])
    note_y = []
    for first in starts:  # each note's first line, top to bottom
        below = [y for y, t in lines if t.strip().startswith(first) and (not note_y or y < note_y[-1])]
        note_y.append(max(below))
    links = internal_links(book)
    markers = sorted((top for f, to, top in links if f in own and f != notes_page and to == notes_page), reverse=True)
    assert len(markers) == len(a.cleaned.footnotes)
    for top, y in zip(markers, note_y):
        assert 0 < top - y < 20, (top, y)  # marker n lands on note n's line
    back = [to for f, to, top in links if f == notes_page and to in own and to != notes_page]
    assert len(back) == len(a.cleaned.footnotes)
    cited = {i for i in own if norm("Serbia voted against the UN General Assembly") in norm(body_text(book.pages[i]))}
    assert cited and cited <= set(back)


def test_links_to_original_articles_print_their_address(book: pypdf.PdfReader, book_text: str) -> None:
    build = pipeline.build(pipeline.Settings(root=ROOT))
    urls = external_links(book)
    for a in build.articles:
        if a.meta.url:
            assert norm(a.meta.url) in book_text, a.slug
            assert a.meta.url in urls, a.slug


def test_cover_says_what_when_and_how_many(book: pypdf.PdfReader) -> None:
    cover = " ".join(book.pages[0].extract_text().split())
    build = pipeline.build(pipeline.Settings(root=ROOT))
    assert SITE_NAME in cover
    assert "quoted verbatim and traced to the paragraph" in cover  # what it covers (site_description)
    assert f"SOURCES {len(build.articles)}" in cover
    ed = pdf.edition(build, None, {})
    assert f"{ed.label.upper()} " in cover and pdf.human_date(ed.date) in cover


def test_page_count_is_sane(book: pypdf.PdfReader) -> None:
    build = pipeline.build(pipeline.Settings(root=ROOT))
    pages = len(book.pages)
    # Cover and contents, then at least a page per source and topic, and not a page per paragraph.
    assert 2 + len(build.articles) + len(build.topics) + 3 <= pages <= 6 * (len(build.articles) + len(build.topics)) + 10
    # An unnumbered cover, contents numbered i, ii, …, then the pages 1, 2, … that the contents cite.
    labels = book.page_labels
    assert labels[0] == "" and labels[1] == "i"
    body = [label for label in labels if label.isdigit()]
    assert body == [str(n) for n in range(1, len(body) + 1)] and len(body) == pages - labels.index("1")


def test_fonts_are_embedded(book: pypdf.PdfReader) -> None:
    seen = set()
    for page in book.pages:
        fonts = page["/Resources"].get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            desc = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
            assert desc is not None and any(k in desc.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")), font.get("/BaseFont")
            seen.add(str(font.get("/BaseFont")))
    assert any("Libertinus" in s for s in seen), seen


def test_home_page_text_is_in_the_pdf_without_the_download_link(book: pypdf.PdfReader) -> None:
    home = norm(body_text(book.pages[bookmarks(book)[0][2]]))
    assert norm("This briefing collects what published analyses say about that balancing act") in home
    assert norm("Download PDF") not in home  # site-only content (class no-pdf)


def test_the_site_links_to_the_pdf_from_every_page(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 5
    for file in pages:
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        link = soup.select_one("header a.briefing-pdf")
        assert link is not None, file
        assert "Download PDF" in link.get_text()
        if file.name == "404.html":
            continue  # served at any depth; MkDocs writes its links from the site root
        assert (file.parent / link["href"]).resolve() == (built_site / "briefing.pdf").resolve(), file
    home = BeautifulSoup((built_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    article_links = [a for a in home.select("article a[href]") if a["href"] == "briefing.pdf"]
    assert article_links and "Download PDF" in article_links[0].get_text()



def test_a_site_built_without_the_pdf_links_to_no_pdf(tmp_path: Path) -> None:
    """extra.briefing.pdf: false writes no PDF, so no page links to one (a dead link otherwise)."""
    from conftest import copy_project

    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\n  briefing:\n" in text
    config.write_text(text.replace("\n  briefing:\n", "\n  briefing:\n    pdf: false\n", 1), encoding="utf-8")
    site = tmp_path / "site"
    result = run_mkdocs(project, site)
    assert result.returncode == 0, result.stderr
    assert not list(site.glob("*.pdf"))
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 5
    for file in pages:
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        assert soup.select_one("a.briefing-pdf") is None, file
        assert not [a for a in soup.select("a[href]") if a["href"].endswith(".pdf")], file
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert "Download PDF" not in home.get_text()
    assert "This briefing collects what published analyses say" in home.get_text()

# -- hostile text --------------------------------------------------------------------------------

HOSTILE_TITLE = "#set page(width: 1cm) $x$ <script>alert(1)</script> {{ x }} C:\\path\\ // /* */ `code` *b* _i_ @ref"
HOSTILE_PARAS = (
    "This paragraph starts with text and then says #set text(fill: red) and #pagebreak() to the typesetter, "
    "which must print both as they are.",
    "Inline maths like $x^2$ and a label <p-1> and a reference @fig must stay literal in the printed book.",
    "Markup such as *bold*, _emphasis_, `raw`, [brackets], a backslash \\ and a line comment // with /* a block */ stays.",
    "Template syntax {{ x }} and {% if %} and HTML <script>alert('x')</script> &amp; entities print as typed here.",
    "Belgrade still refuses to impose sanctions on Russia, #set text(size: 40pt) $y$ <q> \\ [a] @b, it says.",
)


def hostile_project(tmp_path: Path) -> Path:
    for name in ("mkdocs.yml", "docs", "overrides", "scripts", "topics.yml"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy(src, tmp_path / name)
    shutil.copytree(SOURCES, tmp_path / "sources")
    title = HOSTILE_TITLE.replace("\\", "\\\\").replace('"', '\\"')
    body = "\n\n".join(HOSTILE_PARAS)
    (tmp_path / "sources" / "hostile-text.md").write_text(
        f'---\ntitle: "{title}"\nauthor: "A. #Author $1"\npublisher: "<b>Pub</b> \\\\ Co"\n'
        f"date: 2020-01-02\nurl: https://example.org/a_(b)?c=1&d=%20\n---\n{body}\n",
        encoding="utf-8",
    )
    return tmp_path


def test_hostile_source_text_prints_literally(tmp_path: Path) -> None:
    project = hostile_project(tmp_path)
    result = run_mkdocs(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    r = pypdf.PdfReader(tmp_path / "site" / "briefing.pdf")
    own = norm("".join(body_text(r.pages[i]) for i in pages_of(r, HOSTILE_TITLE)))
    for para in HOSTILE_PARAS:
        assert norm(para) in own, para
    assert norm(HOSTILE_TITLE) in own
    assert norm("A. #Author $1") in own and norm("<b>Pub</b> \\ Co") in own
    assert "https://example.org/a_(b)?c=1&d=%20" in external_links(r)
    # The sanctions sentence is quoted on a topic page: literally there too.
    build = pipeline.build(pipeline.Settings(root=project))
    quoted = [q for t in build.topics for q in t.quotes if q.slug == "hostile-text"]
    assert quoted, "the hostile source is quoted on no topic page"
    assert norm(HOSTILE_PARAS[-1]) in norm("".join(body_text(p) for p in r.pages[: pages_of(r, "Sources")[0]]))
    # The page sizes show that no "#set page" reached the typesetter.
    assert {tuple(round(float(v)) for v in p.mediabox[2:]) for p in r.pages} == {(595, 842)}


# -- the book from the pipeline's data alone (no MkDocs) -------------------------------------------


@pytest.fixture(scope="module")
def real_build():
    return pipeline.build(pipeline.Settings(root=ROOT))


def settings(**kw) -> pdf.BookSettings:
    base = pdf.settings_from_config(ROOT)
    return dataclasses.replace(base, **kw)


def with_topics(build, topics: tuple) -> object:
    return dataclasses.replace(build, topics=topics)


def made_topics(build) -> tuple:
    """Constructed topic data (the contract of Build.topics), quoting paragraph 5 of one source."""
    a = next(x for x in build.articles if x.slug == "how-strong-are-ties-between-serbia-and-russia")
    p5 = next(p for p in a.cleaned.body if p.n == 5)
    espionage = Topic(id="espionage", title="Espionage $#*", description="Spies <and> {{ spying }}.")
    quote = Quote(topic="espionage", slug=a.slug, paragraph=5, text=p5.text.split(". ")[1] + ".")
    others = tuple(x.slug for x in build.articles if x.slug != a.slug)
    empty = Topic(id="empty", title="Nothing yet", description="No source speaks to this.")
    return (TopicResult(espionage, (quote,), others), TopicResult(empty, (), tuple(x.slug for x in build.articles)))


def test_topic_pages_from_topic_data_link_quotes_to_their_paragraph(real_build, tmp_path: Path) -> None:
    build = with_topics(real_build, made_topics(real_build))
    out = tmp_path / "b.pdf"
    assert pdf.write_pdfs(build, settings(), out, environ={}) == (out,)
    r = pypdf.PdfReader(out)
    marks = bookmarks(r)
    assert [t for d, t, _ in marks if d == 0][:2] == ["Overview", "Topics"]
    assert ["Espionage $#*", "Nothing yet"] == [t for d, t, _ in marks if d == 1][:2]
    topic_pages = pages_of(r, "Espionage $#*")
    topic_text = norm("".join(body_text(r.pages[i]) for i in topic_pages))
    quote = build.topics[0].quotes[0]
    assert all(seg in topic_text for seg in segments(quote.text))
    assert norm("Spies <and> {{ spying }}.") in topic_text
    assert norm("Sources that do not address Espionage $#*") in topic_text
    # The noun agrees with the total, the verb with the count before it: "1 of 4 sources speaks".
    n = len(build.articles)
    assert norm(f"1 of {n} sources speaks to this topic") in topic_text
    assert norm(f"{n - 1} of {n} sources say nothing on this topic:") in topic_text
    assert norm("None: every source") not in topic_text
    assert norm("No source in this briefing speaks to this topic yet.") in norm(
        "".join(body_text(r.pages[i]) for i in pages_of(r, "Nothing yet"))
    )
    # The quote's paragraph link lands on paragraph 5 of the source, at its first line.
    source_pages = pages_of(r, "How strong are ties between Serbia and Russia?")
    p5 = next(p for p in real_build.articles if p.slug == quote.slug).cleaned.body[4]
    p5_page = next(i for i in source_pages if segments(p5.text)[0][:40] in norm(body_text(r.pages[i])))
    p5_y = next(y for y, t in text_with_y(r.pages[p5_page]) if norm(t) and segments(p5.text)[0].startswith(norm(t)[:20]))
    jumps = [(to, top) for f, to, top in internal_links(r) if f in topic_pages and to == p5_page]
    assert any(abs(top - p5_y) < 20 for _, top in jumps), (jumps, p5_y)
    # The source page lists the topic under "Quoted on", linking back to the quote.
    src_text = norm("".join(body_text(r.pages[i]) for i in source_pages))
    assert norm("Quoted on") in src_text and norm("Espionage $#*, 1 passage: ¶ 5") in src_text
    assert any(to in topic_pages for f, to, _ in internal_links(r) if f in source_pages)


def test_above_the_size_line_each_topic_gets_its_own_pdf(real_build, tmp_path: Path) -> None:
    build = with_topics(real_build, made_topics(real_build))
    small = settings(split_over=len(build.articles) - 1)
    assert pdf.plan(build, settings()) == {"": "briefing.pdf"}
    assert pdf.plan(build, small) == {"": "briefing.pdf", "espionage": "briefing-espionage.pdf", "empty": "briefing-empty.pdf"}
    assert pdf.links(build, small)["topics"]["topics/espionage.md"] == "briefing-espionage.pdf"
    written = pdf.write_pdfs(build, small, tmp_path / "briefing.pdf", environ={})
    assert [p.name for p in written] == ["briefing.pdf", "briefing-empty.pdf", "briefing-espionage.pdf"]
    # A topic's PDF is its quotes and their references, not the sources' full text again.
    r = pypdf.PdfReader(tmp_path / "briefing-espionage.pdf")
    assert [(d, t) for d, t, _ in bookmarks(r)] == [(0, "Espionage $#*"), (0, "Bibliography")]
    cover = " ".join(r.pages[0].extract_text().split())
    assert "Espionage $#*" in cover and "Spies <and> {{ spying }}." in cover and "SOURCES 1" in cover
    text = norm("".join(body_text(p) for p in r.pages))
    quote = build.topics[0].quotes[0]
    assert all(seg in text for seg in segments(quote.text))
    source = next(a for a in build.articles if a.slug == quote.slug)
    assert norm(source.citation.reference) in text
    other = next(a for a in build.articles if a.slug != quote.slug)
    assert norm(other.cleaned.body[0].text[:60]) not in text
    assert len(r.pages) < len(pypdf.PdfReader(tmp_path / "briefing.pdf").pages) / 3
    assert all(0 <= to < len(r.pages) for _, to, _ in internal_links(r))


def test_same_inputs_give_the_same_bytes(real_build) -> None:
    s = settings()
    ed = pdf.edition(real_build, None, {})
    first = pdf.compile_book(pdf.book(real_build, s, ed), ed)
    assert pdf.compile_book(pdf.book(real_build, s, ed), ed) == first


def test_cover_date_comes_from_source_date_epoch_then_settings_then_newest_source(real_build) -> None:
    import datetime as dt

    newest = max(a.meta.date for a in real_build.articles if a.meta.date)
    assert pdf.edition(real_build, None, {}) == pdf.Edition(newest, "Sources up to")
    assert pdf.edition(real_build, dt.date(2025, 1, 2), {}) == pdf.Edition(dt.date(2025, 1, 2), "Built")
    assert pdf.edition(real_build, dt.date(2025, 1, 2), {"SOURCE_DATE_EPOCH": "1700000000"}) == pdf.Edition(
        dt.date(2023, 11, 14), "Built"
    )
    with pytest.raises(BriefingError) as err:
        pdf.edition(real_build, None, {"SOURCE_DATE_EPOCH": "yesterday"})
    assert err.value.problems == ("SOURCE_DATE_EPOCH: 'yesterday' is not a Unix time (whole seconds since 1970)",)
    with pytest.raises(BriefingError) as err:
        pdf.parse_date("2025-13-01", "mkdocs.yml: extra.briefing.pdf_date")
    assert err.value.problems == ("mkdocs.yml: extra.briefing.pdf_date: '2025-13-01' is not a date (YYYY-MM-DD)",)


def test_cli_writes_the_same_pdf_as_the_build(built_site: Path, tmp_path: Path) -> None:
    from briefing.__main__ import main

    assert main(["--root", str(ROOT), "pdf", str(tmp_path / "cli.pdf")]) == 0
    assert (tmp_path / "cli.pdf").read_bytes() == (built_site / "briefing.pdf").read_bytes()


def test_a_fenced_code_block_of_a_hand_written_page_is_a_code_block_in_the_pdf() -> None:
    """As MkDocs shows it on the site: the code alone, not its language word."""
    from briefing import page, page_typst, pdf_markup

    html = pdf_markup.markdown_to_html("Run:\n\n```sh\npython3 -m briefing bench --sources N\n```\n")
    model = pdf_markup.PageConverter("performance.md").convert(html)
    assert model[1:] == (page.CodeBlock("python3 -m briefing bench --sources N\n"),)
    assert page_typst.Writer("performance.md", lambda uri, frag: f"{uri}#{frag}").blocks(model[1:]) == [
        {"t": "code", "s": "python3 -m briefing bench --sources N"}
    ]


@pytest.mark.parametrize("slug", sorted(SEED_OF))
def test_each_source_prints_its_capture_fingerprint(book: pypdf.PdfReader, slug: str) -> None:
    a = article(slug)
    own = norm("".join(body_text(book.pages[i]) for i in pages_of(book, a.meta.title)))
    assert norm(f"CAPTURE FINGERPRINT sha256 {a.meta.capture_sha256}") in own  # the facts table prints its keys in capitals

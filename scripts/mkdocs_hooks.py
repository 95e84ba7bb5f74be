"""MkDocs hook: the only code that knows MkDocs; it runs the briefing pipeline and hands over its pages.

on_config runs the pipeline; on_files adds each generated page as a virtual file whose Markdown is
empty, and its page (_GeneratedPage, which does not convert that Markdown); on_page_markdown gives
it its front matter; on_page_context makes its HTML (the pipeline renders it, this hook resolves its
links the MkDocs way and reads its outline, anchors and search entries); on_post_page puts that HTML
in the written page and forgets it; on_post_build writes the PDF. Python-Markdown never reads a
generated page. In a large one-off build a forked helper makes generated pages whole, theme
included, while this process makes the others (on_env, _Meta); the theme's navigation is rendered
once per folder for the pages it does not list (_nav_once_per_folder), the parts that read only
the configuration once per depth (_SAME_AT_A_DEPTH), and the table of contents once per
outline (_outline).
"""

from __future__ import annotations

import logging
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.commands.build import get_context as build_context
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

# MkDocs imports a hook by its path, so the pipeline package beside it is not yet importable.
_SCRIPTS = str(Path(__file__).resolve().parent)
if _SCRIPTS not in sys.path:
    sys.path.insert(0, _SCRIPTS)

from briefing import ahead, cache, check, handover, pdf, pipeline  # noqa: E402
from briefing.citations import human_date  # noqa: E402
from briefing.errors import BriefingError  # noqa: E402

log = logging.getLogger("mkdocs.hooks.briefing")
_PLACEHOLDER = re.compile(r"<!--\s*briefing:([a-z0-9-]+)\s*-->")
_state: dict[str, Any] = {}


def on_startup(command: str, dirty: bool) -> None:
    # Under `mkdocs serve` the PDF is not rebuilt on every edit (it takes longest and nobody reads
    # it while editing); `mkdocs build` always writes it.
    _state["command"] = command


def on_config(config):
    settings = config.extra.get("briefing", {}) or {}
    root = Path(config.config_file_path).resolve().parent
    one_off = _state.get("command") != "serve"
    # A one-off build pauses the cyclic garbage collector while the pipeline runs; `serve`, where
    # each rebuild's leftovers must stay collectable, sets aside what its first build holds (see
    # pipeline.collector_paused and pipeline.collector_settled).
    try:
        with pipeline.collector_paused() if one_off else pipeline.collector_settled():
            result = pipeline.build(
                pipeline.Settings(
                    root=root,
                    sources=settings.get("sources", "sources"),
                    docs=config.docs_dir,
                    topics=settings.get("topics", "topics.yml"),
                    home_sources_max=int(settings.get("home_sources_max", 30)),
                    parallel_from=int(settings.get("parallel_from", 200)),
                ),
                # Under `mkdocs serve`, the same cache across rebuilds: an edit re-processes only the
                # sources it changed. A one-off build keeps nothing it will not ask for again.
                cache.shared if not one_off else cache.Transient(),
            )
    except BriefingError as exc:
        # One clean line per problem, no traceback; MkDocs prints the summary last.
        for problem in exc.problems:
            log.error(problem)
        count = len(exc.problems)
        raise PluginError(f"{count} {'problem' if count == 1 else 'problems'} in the briefing's input (listed above)") from None
    for warning in result.warnings:
        log.warning(warning)
    # What `briefing check` fails on beyond the build's own problems (facts marked TODO, drop_lines
    # that drop nothing, future dates, an edited capture): warnings here, so `mkdocs serve` shows
    # them and `mkdocs build --strict` stops on them, from the same function the check uses.
    for finding in check.findings(result.articles):
        log.warning(finding)
    # The cleaner's doubts (lines it kept but is least sure of) are for a reviewer, never a reason
    # to stop: information, listed by a one-off build (`serve` skips them, to rebuild fast), and only
    # found when information is shown (`mkdocs build -q` shows none: finding them reads every line of
    # every capture again, 0.8 s at 1,000 sources).
    if one_off and log.isEnabledFor(logging.INFO):
        for doubt in result.doubts:
            log.info(f"doubt: {doubt}")
    _state["build"] = result
    _state["config"] = config
    _state["generated"] = {p.uri: p for p in result.pages if p.uri.endswith(".md")}
    # Where the header's "Download PDF" link points (the partial overrides/partials/header.html reads it).
    # With extra.briefing.pdf: false no PDF is written, so nothing links to one (and the files are
    # not planned: planning them lays out the main book, which is the PDF's work, not the site's).
    config.extra["briefing_pdfs"] = pdf.links(result, _book_settings(config)) if _pdf_wanted(config) else None
    # "Sources up to <newest source's date>" in every page's footer (overrides/partials/footer.html).
    dates = [a.meta.date for a in result.articles if a.meta.date]
    config.extra["briefing_edition"] = f"Sources up to {human_date(max(dates))}" if dates else None
    config.nav = _expand_nav(config.nav, result, int(settings.get("nav_sources_max", 30)))
    return config


def on_files(files: Files, config) -> Files:
    _state["files"] = files
    titles = _nav_titles(config.nav)
    for page in _state["build"].pages:
        existing = files.get_file_from_path(page.uri)
        if existing is not None:
            # A hand-written page never silently shadows a generated one, or the other way round.
            raise PluginError(f"docs/{page.uri}: a hand-written file has the address of a generated page")
        # A generated page's HTML is handed over in on_page_context; MkDocs reads an empty Markdown file.
        file = File.generated(config, page.uri, content="" if page.uri.endswith(".md") else page.body)
        files.append(file)
        if page.uri.endswith(".md"):
            _GeneratedPage(titles.get(page.uri), file, config)
    return files


class _GeneratedPage(Page):
    """A generated page's MkDocs page, made before MkDocs makes one (MkDocs takes a page a hook sets
    on its file): its Markdown, always empty, is not converted. Its HTML, outline and anchors come
    from the pipeline in on_page_context; setting up Python-Markdown with every extension for an
    empty string took 0.15 s at 1,000 sources, before the pages could be shared with the helper."""

    def render(self, config, files) -> None:
        self.content = ""
        self.toc = get_toc([])
        self.present_anchor_ids = set()
        self.links_to_anchors = {}


def _nav_titles(nav: list | None) -> dict[str, str]:
    """The title the nav gives each page it names with one (``Title: page.md``), as MkDocs would give
    it to the page it makes; the first, where a page is named twice."""
    titles: dict[str, str] = {}

    def walk(items: Any) -> None:
        for item in items or ():
            if isinstance(item, dict):
                for title, target in item.items():
                    if isinstance(target, str):
                        titles.setdefault(target, title)
                    else:
                        walk(target)

    walk(nav)
    return titles


def on_page_markdown(markdown: str, page, config, files) -> str:
    generated = _generated().get(page.file.src_uri)
    if generated is None:
        return markdown  # a hand-written page; its placeholders are filled in on_page_content
    page.meta = _Meta(generated.meta)
    page.meta.page = page
    if _search_index(config) is not None:
        # This hook indexes the page itself, from the HTML it wrote (see on_page_context).
        page.meta["search"] = {"exclude": True}
    return ""


def on_page_content(html: str, page, config, files) -> str:
    """Fill the placeholders of a hand-written page; a generated page gets a marker for now."""
    generated = _generated().get(page.file.src_uri)
    if generated is None:
        return _PLACEHOLDER.sub(lambda m: _pdf_download() if m.group(1) == pdf.DOWNLOAD else _links(_fragment(m.group(1), page), page, files), html)
    # The body itself is made in on_page_context, just before MkDocs writes the page, and dropped
    # once it is written: thousands of pages' HTML are never held at once. MkDocs keeps this marker
    # as the page's content meanwhile; it holds "<h1" so the theme adds no title of its own.
    return _BODY_MARKER


_BODY_MARKER = "<!-- briefing: the generated page's HTML (and its <h1>) goes here -->"


def on_nav(nav, config, files):
    _state["nav"] = nav  # for the second process, which renders whole pages (see on_env)
    return nav


def on_env(env, config, files):
    """Every page is read; before MkDocs renders them, a forked child starts making generated pages
    whole (their HTML, then the theme around it) from the last page back, while this process makes
    the others from the first (see briefing.ahead). The two claim pages as they come to them and meet
    in the middle, so neither waits for the other; a page the child made is handed over as it is (see
    _Meta and on_post_page). Going the same way as this process, the child would often be making the
    very page this process comes to next (it waited 1-2 s in all at 1,000 sources; 0.3-0.4 s so)."""
    generated = _generated()
    order = [f.src_uri for f in files.documentation_pages() if f.src_uri in generated]
    parallel_from = int((config.extra.get("briefing", {}) or {}).get("parallel_from", 200))
    if _state.get("command") != "serve" and len(order) >= parallel_from and ahead.available():
        # Plain tuples cross between the processes (this module is loaded from a path, not a package).
        # The topic pages and indexes come last and are the longest to make: the child makes them
        # first, while this process makes source pages, so the two share the long ones too.
        sources = {f"sources/{a.slug}.md" for a in _state["build"].articles}
        first = [uri for uri in order if uri not in sources]
        _state["env"] = env
        _state["doc_files"] = files.documentation_pages()
        # The template of a page the child made: a marker only (on_post_page puts the page there).
        env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({_MADE_AHEAD: "made ahead"}), env.loader])
        _theme_once(env, files)
        _state["ahead"] = ahead.Ahead(order, _whole_page, first=first, from_end=True, spill=True)
        return env
    _theme_once(env, files)
    return env


def _theme_once(env, files: Files) -> None:
    """After on_env's loader is set (Jinja caches a template per loader): the theme's parts that many
    pages share, rendered once (see _nav_once_per_folder, _SAME_AT_A_DEPTH and _outline)."""
    if os.environ.get("BRIEFING_THEME_ONCE", "1") != "0":  # "0": as the theme renders it (for the test that compares)
        _nav_once_per_folder(env, _state["nav"])
        depth = _depth({f.src_uri.split("/")[0] for f in files if not f.is_documentation_page()})
        for name, block in _SAME_AT_A_DEPTH:
            _memo_render(env, name, depth, block)
        _memo_render(env, "partials/toc.html", _outline)


# The theme's parts that read only the configuration and the way back to the site's root
# (``base_url``, through the ``url`` filter), never the page: partials (the search box, the colour
# palette, the logo, "back to top", the copyright line, the icons' style, the first script) and
# blocks of base.html (the style sheets, fonts, libraries, analytics, and the settings its scripts
# read, ``__config``). Every page as deep in the site gets them byte for byte the same; rendering
# them once per depth saves about a quarter of the theme's time per page. A part that starts to
# read the page (a theme upgrade, an override in overrides/) must leave this list:
# tests/test_theme_once.py compares every page with what the theme renders alone. A block is
# memoised where base.html defines it, so an override's ``{{ super() }}`` still reaches it.
_SAME_AT_A_DEPTH: tuple[tuple[str, str | None], ...] = (
    ("partials/search.html", None),
    ("partials/palette.html", None),
    ("partials/logo.html", None),
    ("partials/top.html", None),
    ("partials/copyright.html", None),
    ("partials/icons.html", None),
    ("partials/javascripts/base.html", None),
    ("base.html", "styles"),
    ("base.html", "fonts"),
    ("base.html", "libs"),
    ("base.html", "analytics"),
    ("base.html", "config"),
)


def _memo_render(env, name: str, key_of, block: str | None = None) -> None:
    """The template ``name`` (or its ``block``) rendered once per ``key_of(context)``, and the same
    text given again for every other context with that key; rendered as usual where the key is None."""
    template = env.get_template(name)
    render = template.root_render_func if block is None else template.blocks[block]
    made: dict[Any, str] = {}

    def memo(context):
        key = key_of(context)
        if key is None:
            yield from render(context)
            return
        if key not in made:
            made[key] = "".join(render(context))
        yield made[key]

    if block is None:
        template.root_render_func = memo
    else:
        template.blocks[block] = memo


def _depth(static: set[str]):
    """The key of _SAME_AT_A_DEPTH's parts: a page's way back to the site's root. The files they link
    to (the theme's assets/...) are reached from any page as deep the same way, unless the page lies
    in the same top folder as such a file (a hand-written docs/assets/notes.md reaches assets/x as
    ../x, not ../../assets/x): ``static``, the top folders of the files that are not pages, are left
    out, and so are the 404 page and the sitemap (no page): rendered as usual."""

    def key(context) -> str | None:
        page = context.get("page")
        if page is None or page.url.split("/")[0] in static:
            return None
        return context.get("base_url")

    return key


def _outline(context) -> tuple | None:
    """What the theme's table of contents (partials/toc.html, partials/toc-item.html) reads of a page:
    its outline, each heading's link, title, level and children (the rest is configuration). Pages with
    the same outline get the same table, byte for byte: every source page has the same two headings,
    so the table is rendered once for a thousand of them."""
    page = context.get("page")
    if page is None:
        return None

    def of(items) -> tuple:
        return tuple((i.url, i.title, i.level, repr(getattr(i, "typeset", None)), of(i.children)) for i in items)

    return of(page.toc)


def _nav_once_per_folder(env, nav) -> None:
    """The theme's navigation (partials/nav.html), rendered once per folder for the pages the nav
    does not list (every source page, once there are more than nav_sources_max sources).

    For such a page nothing in the nav is active or current, and every link in it is relative to the
    page's folder: pages side by side in a folder get the same nav, byte for byte, as long as no
    nav entry lies inside the page's own address (then it is rendered for that page alone). With
    a small nav, rendering it was a third of the theme's time per page, which a thousand source
    pages repeated. A page the nav lists (its entry is current, its section open) is rendered
    as the theme renders it."""
    listed = {p.file.src_uri for p in nav.pages}
    urls = [p.url for p in nav.pages]

    def folder(context):
        page = context.get("page")
        if page is None or page.file.src_uri in listed or page.parent is not None or any(u.startswith(page.url) for u in urls):
            return None
        return page.url.rstrip("/").rpartition("/")[0]

    _memo_render(env, "partials/nav.html", folder)


class _Meta(dict):
    """A generated page's front matter, which also names its template when MkDocs asks for it while
    building that page (``_build_page`` reads ``meta["template"]`` just before it renders): this is
    where the page is claimed from the second process. A page the child has made whole gets a
    template that writes a marker only, which on_post_page replaces with the child's page; any other
    page gets MkDocs' default, and this process makes it."""

    page: Any = None

    def get(self, key: str, default: Any = None) -> Any:
        if key != "template" or self.page is None or _state.get("child") or _state["config"]._current_page is not self.page:
            return dict.get(self, key, default)
        uri = self.page.file.src_uri
        made = _state.get("made")
        if made is None or made[0] != uri:
            helper = _state.get("ahead")
            taken = helper.take(uri) if helper is not None else None
            # The child's page as written, and what this process still needs of it (its anchors and
            # links for MkDocs' checks, its search entries): see _whole_page.
            made = _state["made"] = (uri, (taken[0], _Prepared(*taken[1:])) if taken is not None else None)
        return _MADE_AHEAD if made[1] is not None else dict.get(self, key, default)


_MADE_AHEAD = "briefing-made-ahead.html"  # see on_env


def _whole_page(uri: str) -> tuple:
    """In the child: the generated page ``uri`` made as MkDocs' _build_page makes it (its HTML, the
    theme's context and template, every plugin's page events), for the parent to write as it is."""
    _state["child"] = True
    config = _state["config"]
    page = _state["files"].get_file_from_path(uri).page
    config._current_page = page
    page.active = True
    try:
        context = build_context(_state["nav"], _state["doc_files"], config, page)
        template = _state["env"].get_template(dict.get(page.meta, "template", "main.html"))
        context = config.plugins.on_page_context(context, page=page, config=config, nav=_state["nav"])
        output = config.plugins.on_post_page(template.render(context), page=page, config=config)
    finally:
        page.active = False
        config._current_page = None
    prepared = _state.pop("prepared")
    return (output, *vars(prepared).values())


def on_page_context(context, page, config, nav):
    uri = page.file.src_uri
    if uri not in _generated():
        return context
    made = _state.pop("made", None)
    output, prepared = made[1] if made is not None and made[0] == uri and made[1] is not None else (None, _prepare(uri))
    if _state.get("child"):
        _state["prepared"] = prepared  # the parent applies the rest (see _whole_page)
    else:
        _apply_links(page, prepared.links, prepared.problems)
    page.present_anchor_ids = prepared.anchors
    page.toc = get_toc(prepared.toc)
    index = _search_index(config)
    if index is not None and not _state.get("child"):
        index.entries.extend(prepared.entries)
    _state["body"] = (uri, prepared.body, output)
    return context


@dataclass
class _Prepared:
    """A generated page, made ready for the theme (plain data: it may come from another process)."""

    body: str  # HTML, links resolved
    anchors: set[str]
    toc: list[dict[str, Any]]
    entries: list[dict[str, str]]  # search index entries
    links: list[handover.Link]  # links with a #fragment, for MkDocs' anchor check
    problems: list[str]  # links to files that do not exist


def _prepare(uri: str) -> _Prepared:
    page = _state["files"].get_file_from_path(uri).page
    body, links, problems = _resolve(_generated()[uri].body, page, _state["files"])
    entries = []
    if _search_index(_state["config"]) is not None:
        entries = [
            {"location": page.url + (f"#{s.id}" if s.id else ""), "title": s.title, "text": s.text}
            for s in handover.search_sections(body, page.meta["title"])
        ]
    return _Prepared(body, handover.anchors(body), _toc_tokens(handover.headings(body)), entries, links, problems)


def on_post_page(output: str, page, config) -> str:
    uri, body, made = _state.pop("body", (None, None, None))
    if uri is None or uri != page.file.src_uri:
        return output
    if made is not None:
        return made  # made whole in the second process (its template wrote only a marker here)
    if output.count(_BODY_MARKER) != 1:
        raise PluginError(f"{uri}: the theme did not print the page's content exactly once")
    return output.replace(_BODY_MARKER, body)


def _generated() -> dict[str, Any]:
    return _state["generated"]


def _pdf_download() -> str:
    """The home page's "Download PDF" paragraph: every PDF file the build writes (not docs files, so
    its links are not resolved as links to pages); nothing when the build writes no PDF."""
    pdfs = _state["config"].extra["briefing_pdfs"]
    return pdf.download_html(pdfs) if pdfs else ""


def _pdf_wanted(config) -> bool:
    """Whether the build writes the PDF: ``extra.briefing.pdf`` (true unless set to false; the
    benchmark sets it false to time the site and the PDF apart)."""
    return bool((config.extra.get("briefing", {}) or {}).get("pdf", True))


def _fragment(name: str, page) -> str:
    fragments = _state["build"].fragments
    if name not in fragments:
        raise PluginError(f"docs/{page.file.src_uri}: unknown placeholder 'briefing:{name}'")
    return fragments[name]


def _links(html: str, page, files: Files) -> str:
    html, links, problems = _resolve(html, page, files)
    _apply_links(page, links, problems)
    return html


def _resolve(html: str, page, files: Files) -> tuple[str, list[handover.Link], list[str]]:
    """Resolve the links the pipeline wrote to docs files into site URLs, as MkDocs does for
    Markdown links; also the links to check anchors of, and the links to files that do not exist."""
    here = page.file.src_uri
    problems: list[str] = []

    def url_of(target: str, original: str) -> str | None:
        file = page.file if target == here else files.src_uris.get(target)
        if file is None:
            problems.append(f"Doc file '{here}' contains a link '{original}', but the target '{target}' is not found among documentation files.")
            return None
        return "" if file is page.file else file.url_relative_to(page.file)

    html, links = handover.resolve_links(html, here, url_of)
    return html, links, problems


def _apply_links(page, links: list[handover.Link], problems: list[str]) -> None:
    """MkDocs' own warnings and anchor checks for them (``validation:`` in mkdocs.yml)."""
    for problem in problems:
        log.log(_state["config"].validation.links.not_found, problem)
    if not links:
        return
    if page.links_to_anchors is None:
        page.links_to_anchors = {}
    # Targets are already POSIX paths: the map itself, not get_file_from_path (which makes a PurePath
    # of each, a third of this function on a topic page's thousands of links).
    by_uri, here = _state["files"].src_uris, page.file.src_uri
    for link in links:
        file = page.file if link.target == here else by_uri.get(link.target)
        if file is not None and file.is_documentation_page():
            page.links_to_anchors.setdefault(file, {})[link.fragment] = link.original


def _toc_tokens(headings: list) -> list[dict[str, Any]]:
    """Headings nested into the tokens Python-Markdown's toc extension makes (what get_toc reads)."""
    root: list[dict[str, Any]] = []
    stack: list[dict[str, Any]] = []
    for h in headings:
        token = {"level": h.level, "id": h.id, "name": h.name, "children": []}
        while stack and stack[-1]["level"] >= h.level:
            stack.pop()
        (stack[-1]["children"] if stack else root).append(token)
        stack.append(token)
    return root


def _search_index(config):
    """Material's search index, when its plugin is on and has the shape this hook writes into."""
    plugin = config.plugins.get("material/search")
    index = getattr(plugin, "search_index", None) if plugin is not None and plugin.config.enabled else None
    return index if isinstance(getattr(index, "entries", None), list) else None


def on_post_build(config) -> None:
    """Write the PDF book beside the site (and, above the size line, one PDF per topic)."""
    helper = _state.pop("ahead", None)
    if helper is not None:
        helper.close()
        log.debug(f"briefing: {helper.taken} of {len(_generated())} pages made ahead in a second process")
    if _state.get("command") == "serve":
        log.info("briefing: PDF not rebuilt under 'mkdocs serve'; 'mkdocs build' writes it")
        return
    if not _pdf_wanted(config):
        return
    try:
        pdf.write_pdfs(_state["build"], _book_settings(config), Path(config.site_dir) / pdf.PDF_NAME)
    except BriefingError as exc:
        raise PluginError(" ".join(exc.problems)) from None


def _book_settings(config) -> pdf.BookSettings:
    extra = config.extra.get("briefing", {}) or {}
    try:
        return pdf.book_settings(config.site_name, config.site_description, Path(config.docs_dir), config.nav, extra,
                                 config.site_url)
    except BriefingError as exc:
        raise PluginError(" ".join(exc.problems)) from None


def _expand_nav(nav: list | None, result, max_sources: int) -> list | None:
    """Turn the ``sources/index.md`` nav entry into a section listing each source, while that stays small,
    and the ``topics/index.md`` entry into a section listing each topic."""
    if nav is None:
        return None
    out: list = []
    for item in nav:
        if isinstance(item, dict) and len(item) == 1:
            (title, target), = item.items()
            if target == "sources/index.md":
                children = ["sources/index.md"]
                if len(result.articles) <= max_sources:
                    children += [f"sources/{a.slug}.md" for a in result.articles]
                item = {title: children}
            elif target == "topics/index.md":
                item = {title: ["topics/index.md"] + [f"topics/{r.topic.id}.md" for r in result.topics]}
        out.append(item)
    return out

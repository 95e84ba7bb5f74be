"""MkDocs hook: the only code that knows MkDocs; it runs the briefing pipeline and hands over its pages."""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

# MkDocs imports a hook by its path, so the pipeline package beside it is not yet importable.
_SCRIPTS = str(Path(__file__).resolve().parent)
if _SCRIPTS not in sys.path:
    sys.path.insert(0, _SCRIPTS)

from briefing import cache, pdf, pipeline  # noqa: E402
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
    try:
        result = pipeline.build(
            pipeline.Settings(
                root=root,
                sources=settings.get("sources", "sources"),
                docs=config.docs_dir,
                topics=settings.get("topics", "topics.yml"),
            ),
            # The same cache across rebuilds: an edit re-processes only the sources it changed.
            cache.shared,
        )
    except BriefingError as exc:
        # One clean line per problem, no traceback; MkDocs prints the summary last.
        for problem in exc.problems:
            log.error(problem)
        count = len(exc.problems)
        raise PluginError(f"{count} {'problem' if count == 1 else 'problems'} in the briefing's input (listed above)") from None
    for warning in result.warnings:
        log.warning(warning)
    _state["build"] = result
    # Where the header's "Download PDF" link points (the partial overrides/partials/header.html reads it).
    config.extra["briefing_pdfs"] = pdf.links(result, _book_settings(config))
    config.nav = _expand_nav(config.nav, result, int(settings.get("nav_sources_max", 30)))
    return config


def on_files(files: Files, config) -> Files:
    for page in _state["build"].pages:
        existing = files.get_file_from_path(page.uri)
        if existing is not None:
            # A hand-written page never silently shadows a generated one, or the other way round.
            raise PluginError(f"docs/{page.uri}: a hand-written file has the address of a generated page")
        files.append(File.generated(config, page.uri, content=page.content))
    return files


def on_page_markdown(markdown: str, page, config, files) -> str:
    fragments = _state["build"].fragments

    def fill(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in fragments:
            raise PluginError(f"docs/{page.file.src_uri}: unknown placeholder 'briefing:{name}'")
        return fragments[name]

    return _PLACEHOLDER.sub(fill, markdown)


def on_post_build(config) -> None:
    """Write the PDF book beside the site (and, above the size line, one PDF per topic)."""
    if _state.get("command") == "serve":
        log.info("briefing: PDF not rebuilt under 'mkdocs serve'; 'mkdocs build' writes it")
        return
    if not (config.extra.get("briefing", {}) or {}).get("pdf", True):
        return  # extra.briefing.pdf: false (the benchmark times the site and the PDF apart)
    try:
        pdf.write_pdfs(_state["build"], _book_settings(config), Path(config.site_dir) / pdf.PDF_NAME)
    except BriefingError as exc:
        raise PluginError(" ".join(exc.problems)) from None


def _book_settings(config) -> pdf.BookSettings:
    extra = config.extra.get("briefing", {}) or {}
    try:
        return pdf.book_settings(config.site_name, config.site_description, Path(config.docs_dir), config.nav, extra)
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

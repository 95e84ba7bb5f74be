"""The theme's parts rendered once for many pages (mkdocs_hooks._theme_once): the navigation, once per
folder for pages the nav does not list (_nav_once_per_folder), the partials and blocks that read only
the configuration, once per depth (_SAME_AT_A_DEPTH), and the table of contents, once per outline
(_outline), are what the theme renders for each page."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import copy_project, mkdocs_env

_NAV = re.compile(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>', re.S)


def _build(project: Path, site: Path, once: str) -> None:
    env = {**mkdocs_env(), "BRIEFING_THEME_ONCE": once}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        cwd=project, env=env, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr


def test_source_pages_outside_the_nav_get_the_navigation_the_theme_renders(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    copy_project(project)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "    nav_sources_max: 30" in text and "    pdf_date: null" in text
    # Source pages left out of the nav (as above nav_sources_max sources); no PDF (not compared here).
    # A generated page named in the nav with a title of the nav's own (mkdocs_hooks._GeneratedPage).
    assert "  - Timeline: timeline/index.md" in text
    config.write_text(
        text.replace("    nav_sources_max: 30", "    nav_sources_max: 0").replace("    pdf_date: null", "    pdf: false\n    pdf_date: null")
        .replace("  - Timeline: timeline/index.md", "  - Dated events: timeline/index.md"),
        encoding="utf-8",
    )
    # A hand-written page the nav does not list either, two folders down: its nav's links differ.
    deeper = project / "docs" / "notes" / "deeper"
    deeper.mkdir(parents=True)
    (deeper / "aside.md").write_text("# An aside\n\nA page outside the nav.\n", encoding="utf-8")
    # As deep, in the top folder of the theme's own files: its links to them are written the short way.
    among_assets = project / "docs" / "assets" / "notes"
    among_assets.mkdir(parents=True)
    (among_assets / "aside.md").write_text("# Beside the theme's files\n\nAnother page outside the nav.\n", encoding="utf-8")
    _build(project, tmp_path / "as-is", "0")
    _build(project, tmp_path / "once", "1")
    pages = sorted((tmp_path / "as-is" / "sources").glob("*/index.html")) + [
        tmp_path / "as-is" / "notes/deeper/aside/index.html", tmp_path / "as-is" / "assets/notes/aside/index.html",
    ]
    assert len(pages) >= 4
    for page in pages:
        nav = _NAV.search(page.read_text(encoding="utf-8"))
        assert nav is not None, page
        assert page.parent.name not in nav.group(), "a source page is listed in the nav: the memo is not exercised"
    home_nav = _NAV.search((tmp_path / "once" / "index.html").read_text(encoding="utf-8")).group()
    assert re.search(r'href="timeline/"[^>]*>\s*<span class="md-ellipsis">\s*Dated events\s*</span>', home_nav), home_nav
    compared = 0
    for page in sorted((tmp_path / "as-is").rglob("*.html")):
        assert (tmp_path / "once" / page.relative_to(tmp_path / "as-is")).read_bytes() == page.read_bytes(), page
        compared += 1
    assert compared > len(pages)

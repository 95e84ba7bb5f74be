"""Shared fixtures: the repository root, the seeds, and one real MkDocs build per test session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = Path(__file__).resolve().parent / "seeds"  # the raw dumps, copied in: the tests need nothing beside the clone
SOURCES = ROOT / "sources"

# The seed each source file was made from (its raw text must be byte-identical).
SEED_OF = {
    "serbias-cant-lose-ukraine-strategy": "000_072e51de7e3880b9.txt",
    "bound-to-russia-serbias-disruptive-neutrality": "001_4c2c47f718ab8e13.txt",
    "how-strong-are-ties-between-serbia-and-russia": "002_bcec6eae8f1d393b.txt",
    "serbia-is-not-a-russian-ally": "004_57c3401fa87d8d5d.txt",
}


def lost_lines(raw: str, cleaned) -> list[tuple[int, str]]:
    """Non-blank lines of ``raw`` (number, text) that are neither in some field of ``cleaned`` nor listed
    in ``cleaned.removed``: what the cleaner would drop without a record. A line counts as kept when its
    normalised text lies inside one kept text, spaces aside (a footnote's '[1]Text' is kept as '[1] Text')."""
    from briefing.clean import normalize

    c = cleaned
    kept = [p.text for p in c.paragraphs] + [f"[{f.number}] {f.text}" for f in c.footnotes]
    kept += list(c.further_reading) + [n.text for n in c.notes] + ([c.standfirst] if c.standfirst else [])
    kept_text = "\x00".join("".join(text.split()) for text in kept)
    removed = {r.line for r in c.removed}
    lost = []
    for number, line in enumerate(raw.splitlines(), start=1):
        text = "".join(normalize(line).split())
        if text and number not in removed and text not in kept_text:
            lost.append((number, line))
    return lost


def mkdocs_env() -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "scripts"), env.get("PYTHONPATH")]))
    return env


def run_mkdocs(config_dir: Path, site_dir: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` of the mkdocs.yml in ``config_dir`` into ``site_dir``."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_dir / "mkdocs.yml"), "-d", str(site_dir), *extra],
        cwd=config_dir,
        env=mkdocs_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )


def copy_project(dest: Path) -> Path:
    """What a site build reads (config, hand-written pages, code, topics, sources), copied into ``dest``."""
    for name in ("mkdocs.yml", "docs", "overrides", "scripts", "topics.yml", "sources"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy(src, dest / name)
    return dest


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once from the real mkdocs.yml with --strict."""
    site = tmp_path_factory.mktemp("site")
    result = run_mkdocs(ROOT, site)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site


def article_of(slug: str, blocks: tuple, meta) -> "Article":
    """An article of body paragraphs (strings) and headings (("h", text)), numbered as the cleaner
    does, with ``meta`` as its facts: for tests of what is made from a cleaned article."""
    from briefing.model import Article, AuthorBox, Citation, Cleaned, Paragraph, Source

    paragraphs, n = [], 0
    for block in blocks:
        if isinstance(block, tuple):
            paragraphs.append(Paragraph(0, block[1], "heading"))
        else:
            n += 1
            paragraphs.append(Paragraph(n, block))
    cleaned = Cleaned(None, tuple(paragraphs), (), (), (), AuthorBox(), ())
    return Article(Source(slug, f"sources/{slug}.md", meta, ""), cleaned, Citation("", "", slug, ()))

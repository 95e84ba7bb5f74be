"""Review topic selection: why each quote was chosen, and what a change adds and removes against a git ref."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from .errors import BriefingError
from .model import Article, TopicResult
from .passages import Choice, explain


def explained_text(results: tuple[TopicResult, ...], articles: tuple[Article, ...]) -> str:
    """The quote listing (as ``quotes``), each quote followed by the rule and the terms that chose it."""
    topics = tuple(r.topic for r in results)
    why: dict[tuple[str, str, int, str], Choice] = {}
    for article in articles:
        for topic, choices in zip(topics, explain(topics, article)):
            for c in choices:
                why[(topic.id, c.quote.slug, c.quote.paragraph, c.quote.text)] = c
    out: list[str] = []
    for r in results:
        lines = [f"# {r.topic.id}: {len(r.quotes)} quotes"]
        for q in r.quotes:
            lines.append(f"[{q.slug} p-{q.paragraph}] {q.text}")
            c = why.get((r.topic.id, q.slug, q.paragraph, q.text))
            if c is not None:
                lines.append(f"    why: {c.rule}; terms: {', '.join(c.terms) or '(none)'}")
        lines.append("does not address: " + (", ".join(r.silent) or "(none)"))
        out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"


def _entries(listing: str) -> list[tuple[str, str]]:
    """(topic, quote line) for each quote of a ``quotes`` listing."""
    topic, out = "", []
    for line in listing.splitlines():
        if line.startswith("# ") and ":" in line:
            topic = line[2:].split(":", 1)[0]
        elif line.startswith("["):
            out.append((topic, line))
    return out


def quotes_diff(root: Path, ref: str, sources: str, current: str, topic: str | None = None) -> str:
    """What the quotes listing ``current`` adds and removes against the one that ``ref``'s code and
    topics file give for the same sources (the folder ``sources`` under ``root``); one topic's only
    when ``topic`` is given."""
    with tempfile.TemporaryDirectory(prefix="briefing-diff-") as tmp:
        old = Path(tmp)
        archive = subprocess.run(
            ["git", "-C", str(root), "archive", "--format=tar", ref], capture_output=True, check=False
        )
        if archive.returncode != 0:
            message = archive.stderr.decode("utf-8", "replace").strip().splitlines()
            raise BriefingError(f"--diff {ref}: git archive failed: {message[-1] if message else 'no output'}")
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(old, filter="data")
        shutil.rmtree(old / sources, ignore_errors=True)  # the same sources on both sides
        if (root / sources).is_dir():
            shutil.copytree(root / sources, old / sources)
        env = {**os.environ, "PYTHONPATH": str(old / "scripts")}
        run = subprocess.run(
            [sys.executable, "-m", "briefing", "--root", str(old), "quotes"],
            capture_output=True, text=True, env=env, cwd=old, check=False,
        )
        if run.returncode != 0:
            raise BriefingError(f"--diff {ref}: the quotes command failed at {ref}: {run.stderr.strip()[-300:]}")
        before = [e for e in _entries(run.stdout) if topic in (None, e[0])]
    after = [e for e in _entries(current) if topic in (None, e[0])]
    gone = sorted(set(before) - set(after))
    new = sorted(set(after) - set(before))
    out = [f"quotes against {ref} (its code and topics file, these sources): {len(new)} added, {len(gone)} removed"]
    for topic in dict.fromkeys(t for t, _ in before + after):
        changes = [f"- {line}" for t, line in gone if t == topic] + [f"+ {line}" for t, line in new if t == topic]
        if changes:
            # A paragraph's old quote, then its new one.
            out += ["", f"# {topic}", *sorted(changes, key=lambda c: (c[2 : c.index("]")], c[0] == "+", c))]
    return "\n".join(out) + "\n"

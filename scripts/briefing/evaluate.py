"""Measure the cleaner: clean every capture of a development set and score it against the gold bodies.

A development set is a folder laid out as ``../shared/cleaner-dev/``: ``pages.json`` (``{"pages":
[{"id", "url", "title"}, ...]}``), ``captures/<id>.txt`` (a page's select-all text) and
``gold/<id>.txt`` (its article body, one paragraph a line). ``python3 -m briefing evaluate-cleaner
DIR`` prints what ``score.py`` prints for the cleaner's outputs, without writing them to a folder.

The scoring below is ported from ``cleaner-dev/score.py`` (the project's shared scorer, standard
library only) so the tests can score without ``../shared``. It must keep giving exactly the
numbers ``score.py`` gives: change it there first, then here, and compare the two on the whole set
(CONTRIBUTING.md says how).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .clean import clean, corpus_kept, corpus_lines, line_keys
from .errors import BriefingError
from .model import Cleaned

# --- scoring, as in cleaner-dev/score.py -------------------------------------------------------

N = 4  # shingle size, as in the benchmark's own evaluation
BODY_SHARE = 0.8  # share of a paragraph's words that must lie in gold 4-grams for it to be body

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d"), "-")
_QUOTES = dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u2032\u00b4\u0060"), "'")
_QUOTES.update(dict.fromkeys(map(ord, "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"), '"'))
_NON_WORD = re.compile(r"[^0-9a-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]+")


def norm(text: str) -> str:
    """Normalised text, the form gold and output are compared in: NFKC, curly quotes and dashes
    unified, apostrophes dropped (``don't`` -> ``dont``), lower case, letters and digits only, single spaces."""
    t = unicodedata.normalize("NFKC", text or "").translate(_DASHES).translate(_QUOTES).lower()
    t = t.replace("'", "")  # apostrophes inside words join them, on both sides alike
    return " ".join(_NON_WORD.sub(" ", t).split())


def words(text: str) -> list[str]:
    return norm(text).split()


def lines_as_paragraphs(text: str) -> list[str]:
    """Every line with at least one word is a paragraph (the gold's layout)."""
    return [ln for ln in (text or "").splitlines() if norm(ln)]


def _grams(ws: list[str]) -> set[tuple[str, ...]]:
    return {tuple(ws[i : i + N]) for i in range(len(ws) - N + 1)}


def _covered(ws: list[str], grams: set[tuple[str, ...]]) -> list[bool]:
    cov = [False] * len(ws)
    for i in range(len(ws) - N + 1):
        if tuple(ws[i : i + N]) in grams:
            for j in range(i, i + N):
                cov[j] = True
    return cov


def _run_in(ws: list[str], padded: str) -> bool:
    return (" " + " ".join(ws) + " ") in padded


def score(gold_text: str, pred_paras: list[str] | tuple[str, ...]) -> dict[str, Any]:
    """Score one page: the gold body (its lines are paragraphs) against the output's paragraphs, in order.

    Recall: share of gold words that lie in a gold 4-gram found anywhere in the output (a gold line
    of fewer than 4 words counts when it occurs as a run inside one output paragraph). Precision:
    share of output words in paragraphs counted as body: a paragraph of 4+ words when at least 80 %
    of its words lie in gold 4-grams; of 1-3 words only when it is a whole gold line or a run of 3
    words inside one; never an exact repeat of an earlier output paragraph. Returns word counts, P,
    R, a verdict per output paragraph and the gold lines not wholly found.
    """
    gold_raw = lines_as_paragraphs(gold_text)
    gold_lines = [words(x) for x in gold_raw]
    gold_all = [w for ln in gold_lines for w in ln]
    gold_grams = _grams(gold_all)
    gold_line_keys = {" ".join(ln) for ln in gold_lines}
    gold_lines_padded = [" " + " ".join(ln) + " " for ln in gold_lines]

    pred_lines = [words(p) for p in pred_paras]
    pred_all = [w for ln in pred_lines for w in ln]
    pred_grams = _grams(pred_all)
    pred_padded = [" " + " ".join(ln) + " " for ln in pred_lines]

    verdicts = []
    seen: set[str] = set()
    tp_words = 0
    for raw, ws in zip(pred_paras, pred_lines):
        if not ws:
            continue
        key = " ".join(ws)
        if key in seen:
            body, share = False, 0.0
        elif len(ws) >= N:
            share = sum(_covered(ws, gold_grams)) / len(ws)
            body = share >= BODY_SHARE
        else:
            body = key in gold_line_keys or (len(ws) >= 3 and any(_run_in(ws, g) for g in gold_lines_padded))
            share = 1.0 if body else 0.0
        seen.add(key)
        tp_words += len(ws) if body else 0
        verdicts.append({"text": raw, "words": len(ws), "body": body, "share": round(share, 3)})

    gold_covered = 0
    lost = []
    for ln, raw in zip(gold_lines, gold_raw):
        if len(ln) >= N:
            c = sum(_covered(ln, pred_grams))
        else:
            c = len(ln) if any(_run_in(ln, p) for p in pred_padded) else 0
        gold_covered += c
        if c < len(ln):
            lost.append({"text": raw, "words": len(ln), "found": c})

    pred_words, gold_words = len(pred_all), len(gold_all)
    return {
        "pred_words": pred_words,
        "tp_words": tp_words,
        "gold_words": gold_words,
        "gold_covered": gold_covered,
        "P": tp_words / pred_words if pred_words else 0.0,
        "R": gold_covered / gold_words if gold_words else 0.0,
        "paragraphs": verdicts,
        "lost": lost,
    }


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def summarize(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Micro (word counts summed over pages) and macro (mean of the pages' values) P, R and F1."""
    pw = sum(r["pred_words"] for r in results)
    tp = sum(r["tp_words"] for r in results)
    gw = sum(r["gold_words"] for r in results)
    gc = sum(r["gold_covered"] for r in results)
    p = tp / pw if pw else 0.0
    r = gc / gw if gw else 0.0
    n = len(results)

    def mean(xs: list[float]) -> float:
        return sum(xs) / n if n else 0.0

    return {
        "P": p, "R": r, "F1": f1(p, r),
        "macro_P": mean([x["P"] for x in results]),
        "macro_R": mean([x["R"] for x in results]),
        "macro_F1": mean([f1(x["P"], x["R"]) for x in results]),
        "pages": n,
    }


# --- the development set, and the cleaner run on it -------------------------------------------

_ID = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_.-]*$")  # a page id names its files


@dataclass(frozen=True)
class DevPage:
    """One page of a development set: its capture and gold body, and the title the cleaner is given."""

    id: str
    url: str | None
    title: str | None
    capture: str
    gold: str


def load_set(set_dir: Path) -> tuple[DevPage, ...]:
    """Every page ``pages.json`` lists, in its order, with its capture and gold read.

    Fails with one line per problem (the file and the field) before anything is scored.
    """
    listing = set_dir / "pages.json"
    shown = listing.as_posix()
    if not set_dir.is_dir():
        raise BriefingError(f"{set_dir.as_posix()}: not a folder (give a folder holding pages.json, captures/ and gold/)")
    try:
        data = json.loads(listing.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BriefingError(f"{shown}: no such file (a development set lists its pages in pages.json)") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BriefingError(f"{shown}: not a JSON file ({str(exc).splitlines()[0]})") from None
    entries = data.get("pages") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise BriefingError(f"{shown}: 'pages': expected a non-empty list of pages ({{\"id\", \"url\", \"title\"}})")
    problems: list[str] = []
    pages: list[DevPage] = []
    for i, entry in enumerate(entries):
        pid = entry.get("id") if isinstance(entry, dict) else None
        if not isinstance(pid, str) or not _ID.match(pid):
            problems.append(f"{shown}: 'pages[{i}].id': {pid!r} is not a page id (letters, digits, '-', '_', '.')")
            continue
        title, url = entry.get("title"), entry.get("url")
        for name, value in (("title", title), ("url", url)):
            if value is not None and not isinstance(value, str):
                problems.append(f"{shown}: 'pages[{i}].{name}': {value!r} is not text")
        texts = []
        for folder in ("captures", "gold"):
            file = set_dir / folder / f"{pid}.txt"
            try:
                texts.append(file.read_text(encoding="utf-8"))
            except FileNotFoundError:
                problems.append(f"{file.as_posix()}: no such file (pages.json lists page '{pid}')")
            except UnicodeDecodeError as exc:
                problems.append(f"{file.as_posix()}: not UTF-8 text (byte {exc.start})")
        if len(texts) == 2:
            pages.append(DevPage(pid, url if isinstance(url, str) else None, title if isinstance(title, str) else None, *texts))
    if problems:
        raise BriefingError(*problems)
    return tuple(pages)


def evaluate(set_dir: Path, cleaner: Callable[[DevPage], Cleaned] | None = None) -> dict[str, Any]:
    """Clean every capture of the set and score its article text against the gold.

    Returns what ``score.py --json`` writes: the summary, the per-page results in the set's order,
    and ``missing`` (always empty here: every page gets an output). ``cleaner`` defaults to the
    project's cleaner given the page's title, as a contributor's front matter would give it.
    """
    pages = load_set(set_dir)
    run = cleaner or _as_a_briefing(pages)
    per = []
    for page in pages:
        r = score(page.gold, run(page).article_text())
        per.append({"id": page.id, "url": page.url, "title": page.title, "F1": f1(r["P"], r["R"]), **r})
    return {"summary": summarize(per), "pages": per, "missing": []}


def _as_a_briefing(pages: tuple[DevPage, ...]) -> Callable[[DevPage], Cleaned]:
    """The cleaner as the build runs it, the set's pages being one briefing's sources: each page's
    title as its front matter would give it, and the short lines and blurbs several captures hold
    removed as boilerplate (see pipeline.with_corpus)."""
    shared = corpus_lines({p.id: line_keys(p.capture) for p in pages})

    def run(page: DevPage) -> Cleaned:
        cleaned = clean(page.capture, page.title)
        found = corpus_kept(cleaned) & shared
        return clean(page.capture, page.title, shared=found) if found else cleaned

    return run


def report(result: dict[str, Any], worst: int = 10) -> str:
    """The summary and the ``worst`` pages by F1, laid out as ``score.py`` prints them."""
    s = result["summary"]
    out = [
        f"pages scored: {s['pages']}",
        "          P      R      F1",
        f"micro  {s['P']:.3f}  {s['R']:.3f}  {s['F1']:.3f}",
        f"macro  {s['macro_P']:.3f}  {s['macro_R']:.3f}  {s['macro_F1']:.3f}",
    ]
    if worst > 0 and result["pages"]:
        out += ["", f"{min(worst, len(result['pages']))} worst pages by F1:", "id            F1     P      R      gold  title"]
        for r in sorted(result["pages"], key=lambda x: (x["F1"], x["id"]))[:worst]:
            title = (r.get("title") or "")[:60]
            out.append(f"{r['id'][:12]}  {r['F1']:.3f}  {r['P']:.3f}  {r['R']:.3f}  {r['gold_words']:5d}  {title}")
    return "\n".join(out) + "\n"


def write_json(result: dict[str, Any], file: Path) -> None:
    """Every page's result, each output paragraph's verdict and the gold lines not found (as ``score.py --json``)."""
    file.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")

"""evaluate-cleaner: the scorer ported from cleaner-dev/score.py, on cases worked out by hand, and the command."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from conftest import ROOT

from briefing.__main__ import main
from briefing.clean import clean
from briefing.evaluate import evaluate, norm, score, summarize

CLEANER_DEV = ROOT.parent / "shared" / "cleaner-dev"
GOLD = "the cat sat on the mat\nit was a sunny day today"  # two gold lines of 6 words: 12 gold words


@pytest.mark.parametrize(
    ("gold", "output", "precision", "recall"),
    [
        # "Share" is 1 word and no whole gold line: not body. 12 of 13 output words are body.
        (GOLD, ["The cat sat on the mat.", "Share", "It was a sunny day today!"], 12 / 13, 1.0),
        # A repeat of an earlier output paragraph is not body: 6 of 12 words; the second gold line is missing.
        (GOLD, ["the cat sat on the mat", "the cat sat on the mat"], 6 / 12, 6 / 12),
        # Short paragraphs: a run of 3 words inside a gold line is body, so is a whole short gold line
        # ("The End"); a lone word is not. Recall: the 7-word gold line shares no 4-gram with the output.
        ("Breaking news from the city council tonight\nThe end", ["news from the", "The End", "city"], 5 / 6, 2 / 9),
        # Recall's 4-grams run across output paragraphs; a 2-word paragraph that is no gold line is not body.
        ("alpha beta gamma delta", ["alpha beta", "gamma delta"], 0.0, 1.0),
        # 8 of 10 words in gold 4-grams (80 %): the whole paragraph is body; 7 of 10 is not.
        ("a b c d e f g h i j", ["a b c d e f g h x y"], 1.0, 8 / 10),
        ("a b c d e f g h i j", ["a b c d e f g x y z"], 0.0, 7 / 10),
        # Curly quotes, dashes, apostrophes and case are normalised away.
        ("Don’t stop — it’s “fine”", ["DON'T STOP - its fine"], 1.0, 1.0),
        # Nothing output: P = R = 0, no division by zero.
        (GOLD, [], 0.0, 0.0),
    ],
)
def test_scores_worked_out_by_hand(gold: str, output: list[str], precision: float, recall: float) -> None:
    result = score(gold, output)
    assert (result["P"], result["R"]) == (pytest.approx(precision), pytest.approx(recall))


def test_normalisation() -> None:
    assert norm("Don’t “Stop” — NOW, 2019–20!") == "dont stop now 2019 20"


def test_micro_sums_words_macro_averages_pages() -> None:
    # Page one: all 10 output words are body and cover all 10 gold words; page two: 30 words, none body.
    pages = [
        {"pred_words": 10, "tp_words": 10, "gold_words": 10, "gold_covered": 10, "P": 1.0, "R": 1.0},
        {"pred_words": 30, "tp_words": 0, "gold_words": 10, "gold_covered": 0, "P": 0.0, "R": 0.0},
    ]
    s = summarize(pages)
    assert (s["P"], s["R"], s["F1"]) == (10 / 40, 10 / 20, pytest.approx(1 / 3))
    assert (s["macro_P"], s["macro_R"], s["macro_F1"], s["pages"]) == (0.5, 0.5, 0.5, 2)


def test_article_text_is_standfirst_paragraphs_footnotes_then_further_reading() -> None:
    c = clean(
        "Title\nA short summary of the piece.\nThe body starts here.[1] It goes on.\nThe Energy Question\n"
        "More text follows here.\n[1] A source, 2020\nFurther reading\nA book, 1999\nAbout the author\nJane Roe is a writer.\n",
        title="Title",
    )
    assert c.article_text() == (
        "A short summary of the piece.",
        "The body starts here.[1] It goes on.",
        "The Energy Question",
        "More text follows here.",
        "A source, 2020",
        "A book, 1999",
    )


def _made_up_set(folder: Path) -> Path:
    """Two pages whose long paragraphs any cleaner keeps: on 'b', the gold leaves one out."""
    one = "The minister said on Monday that the gas contract would be renewed for ten more years."
    two = "Critics in the opposition answered that the country had no real choice in the matter at all."
    pages = {"a": (f"{one}\n", one), "b": (f"{one}\n\n{two}\n", one)}
    for sub in ("captures", "gold"):
        (folder / sub).mkdir(parents=True)
    for pid, (capture, gold) in pages.items():
        (folder / "captures" / f"{pid}.txt").write_text(capture, encoding="utf-8")
        (folder / "gold" / f"{pid}.txt").write_text(gold, encoding="utf-8")
    listing = {"pages": [{"id": "a", "url": None, "title": "Page A"}, {"id": "b", "url": None, "title": "Page B"}]}
    (folder / "pages.json").write_text(json.dumps(listing), encoding="utf-8")
    return folder


def test_command_prints_micro_macro_and_worst_pages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _made_up_set(tmp_path / "set")
    assert main(["evaluate-cleaner", str(folder), "--worst", "1", "--json", str(tmp_path / "r.json")]) == 0
    # 16 gold words per page. Page b outputs 16 + 17 words, 16 of them body: P = 16/33, R = 1.
    # Micro P = 32/49 = 0.653, F1 = 64/81 = 0.790; macro P = (1 + 16/33)/2 = 0.742, F1 = (1 + 32/49)/2 = 0.827.
    assert capsys.readouterr().out.splitlines() == [
        "pages scored: 2",
        "          P      R      F1",
        "micro  0.653  1.000  0.790",
        "macro  0.742  1.000  0.827",
        "",
        "1 worst pages by F1:",
        "id            F1     P      R      gold  title",
        "b  0.653  0.485  1.000     16  Page B",  # score.py prints the id cut at 12 characters, not padded
    ]
    written = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert [p["id"] for p in written["pages"]] == ["a", "b"]
    assert [v["body"] for v in written["pages"][1]["paragraphs"]] == [True, False]


def test_a_broken_set_is_reported_one_line_per_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _made_up_set(tmp_path / "set")
    (folder / "gold" / "b.txt").unlink()
    listing = json.loads((folder / "pages.json").read_text(encoding="utf-8"))
    listing["pages"] += [{"id": "../x", "title": "T"}, {"id": "c", "title": 3}]
    (folder / "pages.json").write_text(json.dumps(listing), encoding="utf-8")
    (folder / "captures" / "c.txt").write_text("x", encoding="utf-8")
    (folder / "gold" / "c.txt").write_text("x", encoding="utf-8")
    assert main(["evaluate-cleaner", str(folder)]) == 1
    shown = folder.as_posix()
    assert capsys.readouterr().err.splitlines() == [
        f"error: {shown}/gold/b.txt: no such file (pages.json lists page 'b')",
        f"error: {shown}/pages.json: 'pages[2].id': '../x' is not a page id (letters, digits, '-', '_', '.')",
        f"error: {shown}/pages.json: 'pages[3].title': 3 is not text",
    ]
    (folder / "pages.json").write_text("{", encoding="utf-8")
    assert main(["evaluate-cleaner", str(folder)]) == 1
    assert capsys.readouterr().err == (
        f"error: {shown}/pages.json: not a JSON file (Expecting property name enclosed in double quotes: line 1 column 2 (char 1))\n"
    )
    assert main(["evaluate-cleaner", str(tmp_path / "nowhere")]) == 1
    assert capsys.readouterr().err == (
        f"error: {(tmp_path / 'nowhere').as_posix()}: not a folder (give a folder holding pages.json, captures/ and gold/)\n"
    )


@pytest.mark.skipif(not (CLEANER_DEV / "score.py").is_file(), reason="needs ../shared/cleaner-dev (the port is checked against it)")
def test_the_port_gives_score_py_s_numbers_on_the_whole_set(tmp_path: Path) -> None:
    """Every page's result, paragraph verdicts included, equals what cleaner-dev/score.py gives for
    the cleaner's outputs written to files as the set's README says (paragraphs between blank lines)."""
    spec = importlib.util.spec_from_file_location("cleaner_dev_score", CLEANER_DEV / "score.py")
    assert spec is not None and spec.loader is not None
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    ours = evaluate(CLEANER_DEV, lambda page: clean(page.capture, page.title))
    for page in ours["pages"]:
        capture = (CLEANER_DEV / "captures" / f"{page['id']}.txt").read_text(encoding="utf-8")
        text = "\n\n".join(clean(capture, page["title"]).article_text())
        (tmp_path / f"{page['id']}.txt").write_text(text, encoding="utf-8")
    theirs = scorer.score_folder(tmp_path, CLEANER_DEV)
    assert ours == theirs

"""The fast check: every problem of every source at once, one exact line each, without MkDocs."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SEED_OF, SOURCES, copy_project, mkdocs_env, run_mkdocs

from briefing.__main__ import main
from briefing.check import check, drop_line_problems, settings_for, todo_problems
from briefing.model import Build
from briefing.pipeline import Settings
from briefing.sources import capture_sha256, load_source, source_files

BODY = (
    "The government in Belgrade has voted for every resolution that condemns the invasion of Ukraine.\n"
    "Kosovo remains the reason Serbia cannot endorse the annexation of any territory by force.\n"
)

BROKEN = {
    # Two problems in one file: both are reported.
    "alpha.md": '---\ntitle: "Alpha"  # TODO: check (read from the page)\nauthor: null\npublisher: null\n'
    "date: 2024-13-01\nurl: null\n---\n" + BODY,
    # A drop_lines entry that drops nothing; the other one matches despite case and spacing.
    "beta.md": '---\ntitle: "Beta"\nauthor: null\npublisher: null\ndate: 2024-01-02\nurl: https://example.org/beta\n'
    'drop_lines:\n  - "Share this on Twitter"\n  - "Sign up to our newsletter"\n---\nBeta\nShare  this on twitter\n'
    + BODY,
    # The same article URL as beta.md, written differently.
    "gamma.md": '---\ntitle: "Gamma"\nauthor: null\npublisher: null\ndate: null\nurl: https://www.example.org/beta/\n---\n'
    "Serbia buys its gas from Russia and its future from Europe, and says so in both capitals.\n" + BODY[:40] + "\n",
    # Nothing of an article is left once the page chrome is gone.
    "delta.md": '---\ntitle: "Delta"\nauthor: null\npublisher: null\ndate: null\nurl: null\n---\nDelta\nhttps://example.org\n',
    # Fine: no line about it.
    "epsilon.md": '---\ntitle: "Epsilon"\nauthor: Jane Doe\npublisher: null\ndate: null\nurl: null\n---\n' + BODY,
}

EXPECTED = [
    "sources/alpha.md: front matter 'date': '2024-13-01' is not a date (YYYY-MM-DD)",
    "sources/alpha.md: front matter 'title': still marked TODO (check it against the page, then delete the comment)",
    "sources/beta.md: front matter 'drop_lines': 'Sign up to our newsletter' matches no line of the capture (copy the line exactly)",
    "sources/delta.md: no article text is left after cleaning (every line was taken for page chrome)",
    "sources/gamma.md: front matter 'url': same article URL as sources/beta.md (example.org/beta)",
]


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    (tmp_path / "sources").mkdir()
    for name, text in BROKEN.items():
        (tmp_path / "sources" / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_the_real_briefing_passes() -> None:
    report = check(Settings(root=ROOT))
    assert report.problems == ()
    assert report.sources == len(source_files(SOURCES)) > 0


def test_every_problem_is_reported_at_once_grouped_by_file(broken: Path) -> None:
    report = check(Settings(root=broken))
    assert list(report.problems) == EXPECTED
    assert report.sources == 5


def test_command_line_lines_and_exit_code(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(broken), "check"]) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [f"error: {line}" for line in EXPECTED]
    assert captured.out == "checked 5 sources: 5 problems\n"


def test_github_annotations_point_at_the_files(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(broken), "check", "--github"]) == 1
    annotations = [line for line in capsys.readouterr().out.splitlines() if line.startswith("::")]
    assert annotations[0] == "::error file=sources/alpha.md::front matter 'date': '2024-13-01' is not a date (YYYY-MM-DD)"
    assert len(annotations) == len(EXPECTED)


def test_a_clean_tree_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "epsilon.md").write_text(BROKEN["epsilon.md"], encoding="utf-8")
    assert main(["--root", str(tmp_path), "check"]) == 0
    out, err = capsys.readouterr()
    # Warnings (here: no topics.yml, so no topic pages) are shown but do not fail the check.
    warnings = err.splitlines()
    assert out == f"checked 1 source: 0 problems{f', {len(warnings)} warning' if warnings else ''}{'s' if len(warnings) > 1 else ''}\n"
    assert all(line.startswith("warning: ") for line in warnings)


def test_todo_marks_only_count_in_the_front_matter() -> None:
    text = '---\ntitle: "T"\ndate: null  #  TODO fill in\nnotes:\n  - "x"  # TODO: this note\n---\nA TODO in the text is the article\'s.\n'
    assert todo_problems(text, "s.md") == [
        "s.md: front matter 'date': still marked TODO (check it against the page, then delete the comment)"
    ]


def test_drop_lines_match_as_the_cleaner_matches() -> None:
    raw = "Share this on “Twitter”\nBody.\n"
    assert drop_line_problems(('share this on "twitter"',), raw, "s.md") == []
    assert drop_line_problems(("Share this on Facebook",), raw, "s.md") == [
        "s.md: front matter 'drop_lines': 'Share this on Facebook' matches no line of the capture (copy the line exactly)"
    ]


def test_the_build_stops_on_what_the_check_reports(tmp_path: Path) -> None:
    """The check is the build's gate run early: every line the build prints, the check prints too."""
    copy_project(tmp_path)
    (tmp_path / "sources" / "alpha.md").write_text(BROKEN["alpha.md"], encoding="utf-8")
    built = run_mkdocs(tmp_path, tmp_path / "site")
    assert built.returncode != 0
    checked = subprocess.run(
        [sys.executable, "-m", "briefing", "--root", str(tmp_path), "check"],
        cwd=tmp_path, env=mkdocs_env(), capture_output=True, text=True,
    )
    assert checked.returncode == 1
    assert "error: sources/alpha.md: front matter 'date': '2024-13-01' is not a date (YYYY-MM-DD)" in checked.stderr
    assert "sources/alpha.md: front matter 'date': '2024-13-01' is not a date (YYYY-MM-DD)" in built.stderr


def test_the_check_reads_the_folders_mkdocs_yml_names(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (broken / "sources").rename(broken / "articles")
    (broken / "mkdocs.yml").write_text(
        "site_name: t\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "extra:\n  briefing:\n    sources: articles\n",
        encoding="utf-8",
    )
    assert settings_for(broken).sources_dir == broken / "articles"
    assert main(["--root", str(broken), "check"]) == 1
    assert capsys.readouterr().out == "checked 5 sources: 5 problems\n"


# --- One authority: the build reports what the check reports --------------------------------------

# A valid article with one of each contributor finding: five facts still marked TODO, a drop_lines
# entry that drops nothing, a date in the future, and a capture edited after it was fingerprinted.
UNCONFIRMED_RAW = BODY + "Share this on Twitter\n"
UNCONFIRMED = (
    '---\ntitle: "Unconfirmed"  # TODO: check (read from the page)\n'
    "author: null  # TODO: not found in the page\npublisher: null  # TODO: not found in the page\n"
    "date: 2999-01-01  # TODO: check (read from the page)\nurl: null  # TODO: not found in the page\n"
    'drop_lines:\n  - "Share this on Twitter"\n  - "Follow us on Mastodon"\n'
    f"capture_sha256: {capture_sha256(UNCONFIRMED_RAW)}\n---\n" + UNCONFIRMED_RAW.replace("condemns", "condemned")
)
FINDINGS = [
    *(
        f"sources/unconfirmed.md: front matter '{field}': still marked TODO (check it against the page, then delete the comment)"
        for field in ("title", "author", "publisher", "date", "url")
    ),
    "sources/unconfirmed.md: front matter 'drop_lines': 'Follow us on Mastodon' matches no line of the capture (copy the line exactly)",
    "sources/unconfirmed.md: front matter 'date': 2999-01-01 is in the future (today is 2026-12-02); check the year, month and day",
    "sources/unconfirmed.md: front matter 'capture_sha256': the capture was edited since it was recorded (the text after "
    "the front matter is never edited by hand); undo the edit, or, if you captured the article again on purpose, write "
    f"capture_sha256: {capture_sha256(UNCONFIRMED_RAW.replace('condemns', 'condemned'))}",
]


def test_every_contributor_finding_is_one_exact_line(tmp_path: Path) -> None:
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "unconfirmed.md").write_text(UNCONFIRMED, encoding="utf-8")
    report = check(Settings(root=tmp_path), today=dt.date(2026, 12, 2))
    assert list(report.problems) == FINDINGS


def test_an_access_date_in_the_future_or_before_publication_is_reported(tmp_path: Path) -> None:
    (tmp_path / "sources").mkdir()
    file = tmp_path / "sources" / "epsilon.md"
    file.write_text(BROKEN["epsilon.md"].replace("date: null", "date: 2024-03-01\naccessed: 2024-02-01"), encoding="utf-8")
    assert check(Settings(root=tmp_path), today=dt.date(2026, 12, 2)).problems == (
        "sources/epsilon.md: front matter 'accessed': 2024-02-01 is before the article's date (2024-03-01); check both",
    )
    file.write_text(BROKEN["epsilon.md"].replace("date: null", "date: 2024-03-01\naccessed: 2027-01-01"), encoding="utf-8")
    assert check(Settings(root=tmp_path), today=dt.date(2026, 12, 2)).problems == (
        "sources/epsilon.md: front matter 'accessed': 2027-01-01 is in the future (today is 2026-12-02); check the year, month and day",
    )


def test_the_strict_build_fails_on_every_finding_of_the_check(tmp_path: Path) -> None:
    """Today's date in the future-date line is the clock's, so both are compared without it."""
    copy_project(tmp_path)
    (tmp_path / "sources" / "unconfirmed.md").write_text(UNCONFIRMED, encoding="utf-8")
    built = run_mkdocs(tmp_path, tmp_path / "site")
    assert built.returncode == 1, built.stderr
    warned = [line.split("-  ", 1)[1] for line in built.stderr.splitlines() if line.startswith("WARNING")]
    checked = check(settings_for(tmp_path))
    assert [p for p in checked.problems if p.startswith("sources/unconfirmed.md")] == [
        line for line in warned if line.startswith("sources/unconfirmed.md")
    ]
    assert len(checked.problems) == len(FINDINGS)
    assert "Aborted with 8 warnings in strict mode!" in built.stdout + built.stderr


def test_a_capture_keeps_its_fingerprint_across_line_endings_and_loses_it_on_an_edit(tmp_path: Path) -> None:
    raw = BODY
    text = (
        '---\ntitle: "Fingerprinted"\nauthor: null\npublisher: null\ndate: null\nurl: null\n'
        f"capture_sha256: {capture_sha256(raw)}\n---\n"
    )
    (tmp_path / "sources").mkdir()
    file = tmp_path / "sources" / "fingerprinted.md"
    file.write_bytes((text + raw).encode("utf-8"))
    assert check(Settings(root=tmp_path)).problems == ()
    file.write_bytes((text + raw).replace("\n", "\r\n").encode("utf-8"))  # a Windows checkout
    assert check(Settings(root=tmp_path)).problems == ()
    edited = raw.replace("every resolution", "each resolution")
    file.write_bytes((text + edited).encode("utf-8"))
    assert check(Settings(root=tmp_path)).problems == (
        "sources/fingerprinted.md: front matter 'capture_sha256': the capture was edited since it was recorded (the text "
        "after the front matter is never edited by hand); undo the edit, or, if you captured the article again on purpose, "
        f"write capture_sha256: {hashlib.sha256(edited.encode('utf-8')).hexdigest()}",
    )


def test_the_seeds_record_their_fingerprints() -> None:
    # The field is optional (an article added by hand may have none); the seeds carry theirs.
    for slug in SEED_OF:
        source = load_source(SOURCES / f"{slug}.md")
        assert source.meta.capture_sha256 == hashlib.sha256(source.raw.replace("\r\n", "\n").encode("utf-8")).hexdigest()


def test_a_fingerprint_that_is_not_one_is_refused(tmp_path: Path) -> None:
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "short.md").write_text(BROKEN["epsilon.md"].replace("url: null\n", "url: null\ncapture_sha256: abc\n"), encoding="utf-8")
    assert check(Settings(root=tmp_path)).problems == (
        "sources/short.md: front matter 'capture_sha256': 'abc' is not a SHA-256 fingerprint (64 digits 0-9, a-f); "
        f"this capture's is: capture_sha256: {capture_sha256(BODY)}",
    )


def test_a_duplicate_pair_is_annotated_on_the_file_the_pull_request_adds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "zeta.md").write_text(BROKEN["epsilon.md"].replace('"Epsilon"', '"Zeta"'), encoding="utf-8")
    (tmp_path / "sources" / "alpha.md").write_text(BROKEN["epsilon.md"], encoding="utf-8")  # the same text, added
    assert main(["--root", str(tmp_path), "check", "--github", "--added", "sources/alpha.md"]) == 1
    annotations = [line for line in capsys.readouterr().out.splitlines() if line.startswith("::")]
    assert annotations == ["::error file=sources/alpha.md::same article text as sources/zeta.md (keep one of the two files)"]
    assert main(["--root", str(tmp_path), "check", "--github"]) == 1  # without --added: file order
    annotations = [line for line in capsys.readouterr().out.splitlines() if line.startswith("::")]
    assert annotations == ["::error file=sources/zeta.md::same article text as sources/alpha.md (keep one of the two files)"]


def test_the_access_date_and_the_fingerprint_show_on_the_source_page_and_in_the_pdf() -> None:
    from briefing import pdf, render
    from briefing.pipeline import make_article

    extra = ROOT / "tests" / "fixtures" / "extra-sources" / "adriatic-gas-and-the-belgrade-budget.md"
    article = make_article(load_source(extra, "sources/adriatic-gas-and-the-belgrade-budget.md"))
    html = render.source_body(article)
    assert '<span class="byline-accessed"><span class="byline-label">Accessed</span> <time datetime="2025-03-12">12 March 2025</time></span>' in html
    assert (
        '<span class="byline-fingerprint"><span class="byline-label">Capture fingerprint</span> sha256 '
        f'<code class="capture-sha256">{article.meta.capture_sha256}</code></span>'
    ) in html
    book = pdf._Book(Build(articles=(article,), pages=()), pdf.settings_from_config(ROOT))
    facts = next(b for b in book._source(article) if b["t"] == "facts")["rows"]
    assert facts[-2:] == [
        {"k": "Accessed", "v": ["12 March 2025"]},
        {"k": "Capture fingerprint", "v": [f"sha256 {article.meta.capture_sha256}"]},
    ]

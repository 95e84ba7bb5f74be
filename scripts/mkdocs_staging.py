"""MkDocs hook: build into a staging folder and replace the site only when the whole build succeeded.

`mkdocs build` empties ``site_dir`` right after ``on_config`` and, with ``--strict``, aborts only
after every page is written, so a failed build would otherwise leave a half-written or empty
site. Here ``site_dir`` points at a sibling staging folder for the build; ``on_shutdown`` (which
`mkdocs build` always calls) moves the result in on success and throws it away on failure.
Like MkDocs' own clean, the swap keeps hidden entries of the old site (``.git``, ``.nojekyll``).
``mkdocs serve`` builds into its own temporary folder and is left alone.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.hooks.staging")
_STAGED_COMMANDS = ("build", "gh-deploy")
_state: dict[str, Any] = {}


def on_startup(command: str, dirty: bool) -> None:
    _state.clear()
    _state.update(command=command, dirty=dirty)


@event_priority(100)  # first: every other plugin must see (and write to) the staging folder
def on_config(config):
    if _state.get("command") not in _STAGED_COMMANDS or "final" in _state:
        return config
    final = Path(config.site_dir)
    _remove_stale(final)
    staging = _sibling(final, "staging")
    try:
        if _state.get("dirty") and final.is_dir():
            shutil.copytree(final, staging, symlinks=True)  # a dirty build updates a copy of the old site
        else:
            staging.mkdir(parents=True)
    except OSError as exc:
        raise PluginError(f"cannot create the staging folder {staging}: {exc.strerror or exc}") from None
    _state.update(final=final, staging=staging, config=config, built=False, failed=False)
    config.site_dir = str(staging)
    log.debug(f"Building into {staging}; {final} is replaced only if the build succeeds")
    return config


def on_post_build(config) -> None:
    _state["built"] = True


def on_build_error(error: Exception) -> None:
    # Also called for the --strict abort, which comes after on_post_build.
    _state["failed"] = True


@event_priority(-100)  # last: other plugins finish with the staging folder first
def on_shutdown() -> None:
    final, staging = _state.get("final"), _state.get("staging")
    if final is None or staging is None:
        return
    try:
        if _state["built"] and not _state["failed"]:
            _replace_contents(final, staging)
        else:
            log.info(f"Build failed: {final} was left as it was")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        _state["config"].site_dir = str(final)  # gh-deploy reads it after the build
        _state.pop("final")


def _sibling(final: Path, kind: str, pid: int | None = None) -> Path:
    # Beside the site, so moving entries in is a rename on the same file system.
    return final.parent / f".{final.name}.{kind}-{os.getpid() if pid is None else pid}"


def _replace_contents(final: Path, staging: Path) -> None:
    """Move the new site into ``final``, keeping the folder itself and its hidden entries."""
    final.mkdir(parents=True, exist_ok=True)
    old = _sibling(final, "old")
    old.mkdir()
    try:
        # shutil.move renames, and copies only when site/ is a link to another file system.
        for entry in sorted(final.iterdir()):
            if not entry.name.startswith("."):
                shutil.move(entry, old / entry.name)
        for entry in sorted(staging.iterdir()):
            target = final / entry.name
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target)
            elif target.exists() or target.is_symlink():
                target.unlink()
            shutil.move(entry, target)
    finally:
        shutil.rmtree(old, ignore_errors=True)


def _remove_stale(final: Path) -> None:
    """Folders left by a build that was killed before it could tidy up."""
    for kind in ("staging", "old"):
        for folder in final.parent.glob(f".{final.name}.{kind}-*"):
            pid = folder.name.rsplit("-", 1)[-1]
            if pid.isdigit() and not _alive(int(pid)):
                shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True

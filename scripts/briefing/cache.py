"""Content-hash memo of per-source work, so a rebuild under `mkdocs serve` redoes only what changed."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def digest(*parts: str | bytes) -> str:
    """A short, stable hash of the parts (their boundaries included)."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def folder_digest(folder: Path) -> str:
    """Hash of every file's name and content in ``folder`` (e.g. the templates)."""
    files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    return digest(*(x for p in files for x in (p.relative_to(folder).as_posix(), p.read_bytes())))


class Cache:
    """Values keyed by hashes of everything they depend on.

    Each build is one generation: what a build uses is kept for the next, the rest is dropped,
    so memory stays the size of one corpus however long `mkdocs serve` runs.
    """

    def __init__(self) -> None:
        self._current: dict[tuple, Any] = {}
        self._previous: dict[tuple, Any] = {}
        self.hits = 0
        self.misses = 0

    def new_generation(self) -> None:
        self._previous, self._current = self._current, {}
        self.hits = self.misses = 0

    def __contains__(self, key: tuple) -> bool:
        return key in self._current or key in self._previous

    def get(self, key: tuple, compute: Callable[[], T]) -> T:
        if key in self._current:
            self.hits += 1
            return self._current[key]
        if key in self._previous:
            self.hits += 1
            value = self._current[key] = self._previous.pop(key)
            return value
        self.misses += 1
        value = self._current[key] = compute()
        return value


class Transient(Cache):
    """A cache that keeps nothing: for a one-off build, where nothing is asked for twice and
    keeping every page's HTML would only cost memory."""

    def get(self, key: tuple, compute: Callable[[], T]) -> T:
        self.misses += 1
        return compute()


# One per process: MkDocs imports the hook afresh on every rebuild, but not this package.
shared = Cache()

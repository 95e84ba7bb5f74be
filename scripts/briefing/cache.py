"""Content-hash memo of per-source work, so a rebuild under `mkdocs serve` redoes only what changed."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
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


class Cache:
    """Values keyed by hashes of everything they depend on.

    Each build is one generation: what a build uses is kept for the next, the rest is dropped,
    so memory stays the size of one corpus however long `mkdocs serve` runs. A value made from
    other cached values (a page from its sections) keeps them: reusing the page whole keeps its
    sections for the build that must remake it.
    """

    keeps = True  # whether a value asked for twice is made once

    def __init__(self) -> None:
        self._current: dict[tuple, Any] = {}
        self._previous: dict[tuple, Any] = {}
        self._parts: dict[tuple, list[tuple]] = {}  # key -> the cached values its compute used
        self._making: list[list[tuple]] = []  # the parts of each value being computed
        self.hits = 0
        self.misses = 0
        self.missed: list[str] = []  # the kind (first part of the key) of each miss, for tests

    def new_generation(self) -> None:
        self._previous, self._current = self._current, {}
        self._parts = {k: v for k, v in self._parts.items() if k in self._previous}
        self.hits = self.misses = 0
        self.missed = []

    @property
    def empty(self) -> bool:
        """Whether nothing is kept from an earlier build (always, for a cache that keeps nothing)."""
        return not self._current and not self._previous

    def __contains__(self, key: tuple) -> bool:
        return key in self._current or key in self._previous

    def _keep(self, key: tuple) -> Any:
        """Carry ``key`` (from the previous generation) and the parts it was made from into this
        generation; return its value. Most values were made from no other cached value."""
        value = self._current[key] = self._previous.pop(key)
        parts = self._parts.get(key)
        if parts:
            pending = list(parts)
            while pending:
                k = pending.pop()
                if k in self._previous:
                    self._current[k] = self._previous.pop(k)
                    pending.extend(self._parts.get(k, ()))
        return value

    def get(self, key: tuple, compute: Callable[[], T]) -> T:
        if self._making:
            self._making[-1].append(key)
        if key in self._current:
            self.hits += 1
            return self._current[key]
        if key in self._previous:
            self.hits += 1
            return self._keep(key)
        self.misses += 1
        self.missed.append(key[0])
        self._making.append([])
        try:
            value = compute()
        finally:
            parts = self._making.pop()
        if parts:
            self._parts[key] = parts
        self._current[key] = value
        return value


class Transient(Cache):
    """A cache that keeps nothing: for a one-off build, where nothing is asked for twice and
    keeping every page's HTML would only cost memory."""

    keeps = False

    def get(self, key: tuple, compute: Callable[[], T]) -> T:
        self.misses += 1
        return compute()


# One per process: MkDocs imports the hook afresh on every rebuild, but not this package.
shared = Cache()

"""Work done ahead in a second process: a function's results over a list of keys, in order.

A site build spends about half its time making generated pages' HTML and the other half in the
theme; on a machine with two or more cores, a forked child can make pages while the parent
renders the theme, handing each result over as the parent reaches that page. Anything unexpected
(the parent asks in another order, the child fails or dies) ends the hand-over, and the caller
makes the result itself: the output never depends on whether the child helped.

Where it is used (each only for a build that starts with nothing cached, from ``parallel_from``
sources or pages, 200 by default, and only where ``available()``):

- pipeline.load_sources: the child loads, cleans and selects passages for sources from the last
  file back while the parent goes from the first (what it makes goes into the build's Memo);
- pipeline.contents: the child renders generated pages from the far end (the CLI's ``render``);
- mkdocs_hooks: the child makes generated pages whole (their HTML and the theme around it) while
  the parent makes the others; the parent writes every file.

Its worth, measured for issue 20 on a quiet machine: a 1,000-source site build took 7.65-8.49 s with
it and 11.12-12.57 s without (three runs each, in turn), about 1.4x. ``extra.briefing.parallel_from`` in mkdocs.yml (pipeline.Settings.parallel_from)
moves the line; set above the number of sources, it switches the helper off.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import queue
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, Generic, TypeVar

T = TypeVar("T")

_FREE, _CALLER, _CHILD = 0, 1, 2
_VALUE, _FILE, _FAILED = 0, 1, 2


def available() -> bool:
    """Whether work can be done ahead here: a fork start method, two or more cores, and no other
    thread running (forking a process with threads can copy a held lock)."""
    return (
        "fork" in multiprocessing.get_all_start_methods()
        and (os.cpu_count() or 1) >= 2
        and threading.active_count() == 1
    )


class Ahead(Generic[T]):
    """``work(key)`` for each key; ``take(key)``, asked in the order of ``keys``, returns the
    child's result, or None when the caller must make it itself.

    Each key is claimed once, by the child or by the caller, so nothing is made twice and neither
    waits for the other: the child claims keys in its order, the caller claims the key it asks
    for when the child has not claimed it yet, and waits only for a key the child is making.
    ``first``: costly keys the caller asks for late; the child makes them before the rest and
    keeps their results in files until asked, so the two share the costly work too.
    ``from_end``: the child works from the last key back (see below).
    ``patient``: the caller never claims; it waits for every result (for tests).
    ``spill``: every result goes through a file, not only the early ones: from the far end, the
    child's results wait until the caller reaches them, and on disk they hold no memory meanwhile.
    """

    def __init__(
        self,
        keys: Sequence[str],
        work: Callable[[str], T],
        first: Iterable[str] = (),
        from_end: bool = False,
        depth: int = 64,
        patient: bool = False,
        spill: bool = False,
    ) -> None:
        context = multiprocessing.get_context("fork")
        self._keys = list(keys)
        self._index = {k: i for i, k in enumerate(self._keys)}
        early = [self._index[k] for k in first if k in self._index]
        self._early = set(early)
        rest = [i for i in range(len(self._keys)) if i not in self._early]
        # ``from_end``: when the caller has nothing else to do between takes, the child starts at
        # the far end and the two meet in the middle (in the same order, they would take turns).
        self._order = early + (rest[::-1] if from_end else rest)
        if from_end:
            depth = max(depth, len(self._keys))
        self._claims = context.Array("b", len(self._keys), lock=True)
        self._patient = patient
        self._spill_all = spill
        self._next = 0
        self._spill = Path(tempfile.mkdtemp(prefix="briefing-ahead-"))
        self._arrived: dict[int, tuple[int, Any]] = {}
        # A bounded queue: the child stays at most ``depth`` results ahead, so memory stays small.
        self._queue = context.Queue(maxsize=depth)
        self._process: Any = context.Process(target=self._run, args=(work,), daemon=True, name="briefing-ahead")
        self._process.start()
        self.taken = 0

    def _claim(self, index: int, who: int) -> int:
        """Claim ``index`` for ``who`` if it is free; return who holds it."""
        with self._claims.get_lock():
            if self._claims[index] == _FREE:
                self._claims[index] = who
            return self._claims[index]

    def _run(self, work: Callable[[str], T]) -> None:  # in the child
        for index in self._order:
            if self._claim(index, _CHILD) != _CHILD:
                continue
            try:
                value = work(self._keys[index])
            except BaseException:  # noqa: BLE001 - the caller makes it again and sees the error
                self._queue.put((index, _FAILED, None))
                return
            if index in self._early or self._spill_all:
                with open(self._spill / str(index), "wb") as f:
                    pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
                self._queue.put((index, _FILE, None))
            else:
                self._queue.put((index, _VALUE, value))

    def take(self, key: str) -> T | None:
        index = self._next
        if self._process is None or index >= len(self._keys) or self._keys[index] != key:
            self.close()
            return None
        self._next += 1
        if not self._patient and self._claim(index, _CALLER) == _CALLER:
            return None  # the child has not come to it: the caller makes it
        while index not in self._arrived:
            try:
                got, kind, value = self._queue.get(timeout=1)
            except queue.Empty:
                if not self._process.is_alive():
                    self.close()
                    return None
                continue
            self._arrived[got] = (kind, value)
        kind, value = self._arrived.pop(index)
        if kind == _FAILED:
            self.close()
            return None
        if kind == _FILE:
            path = self._spill / str(index)
            with open(path, "rb") as f:
                value = pickle.load(f)  # noqa: S301 - written by this object's own child
            path.unlink()
        self.taken += 1
        return value

    def close(self) -> None:
        if self._process is None:
            return
        if self._process.is_alive():
            self._process.terminate()
        self._process.join(timeout=5)
        self._queue.close()
        self._queue.cancel_join_thread()
        self._process = None
        shutil.rmtree(self._spill, ignore_errors=True)

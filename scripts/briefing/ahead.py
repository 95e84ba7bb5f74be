"""Work done ahead in a second process: a function's results over a list of keys, in order.

A site build spends half its time making generated pages' HTML and the other half in the theme;
on a machine with two or more cores, a forked child can make the pages while the parent renders
the theme, handing each result over as the parent reaches that page. Anything unexpected (the
parent asks in another order, the child fails or dies) ends the hand-over, and the caller makes
the result itself: the output never depends on whether the child helped.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import threading
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")

def available() -> bool:
    """Whether work can be done ahead here: a fork start method, two or more cores, and no other
    thread running (forking a process with threads can copy a held lock)."""
    return (
        "fork" in multiprocessing.get_all_start_methods()
        and (os.cpu_count() or 1) >= 2
        and threading.active_count() == 1
    )


class Ahead(Generic[T]):
    """``work(key)`` for each key, made by a forked child; ``take(key)``, asked in the order of
    ``keys``, returns the child's result, or None when the caller must make it itself.

    The two share the work: when the child's result is not ready, the caller makes that one
    itself and the child, seeing how far the caller got, skips it. So neither waits for the
    other, whichever of the two has more to do on this machine.
    """

    def __init__(self, keys: Sequence[str], work: Callable[[str], T], depth: int = 32, patient: bool = False) -> None:
        """``patient``: ``take`` waits for the child's result instead of handing the work back."""
        context = multiprocessing.get_context("fork")
        self._patient = patient
        self._keys = list(keys)
        self._next = 0
        # The caller's position, which the child reads to skip what the caller made itself.
        self._position = context.Value("l", 0, lock=False)
        # A bounded queue: the child stays at most ``depth`` results ahead, so memory stays small.
        self._queue = context.Queue(maxsize=depth)
        self._process = context.Process(target=self._run, args=(work,), daemon=True, name="briefing-ahead")
        self._process.start()
        self.taken = 0

    def _run(self, work: Callable[[str], T]) -> None:  # in the child
        for index, key in enumerate(self._keys):
            if index < self._position.value:
                continue
            try:
                value = work(key)
            except BaseException:  # noqa: BLE001 - the caller makes it again and sees the error
                self._queue.put((index, None, False))
                return
            self._queue.put((index, value, True))

    def take(self, key: str) -> T | None:
        index = self._next
        if self._process is None or index >= len(self._keys) or self._keys[index] != key:
            self.close()
            return None
        self._next += 1
        while True:
            try:
                got, value, ok = self._queue.get(timeout=1) if self._patient else self._queue.get_nowait()
            except queue.Empty:
                if self._patient and self._process.is_alive():
                    continue
                # Not ready: the caller makes this one, and the child skips it.
                self._position.value = index + 1
                if not self._process.is_alive():
                    self.close()
                return None
            if got < index:
                continue  # one the caller made itself meanwhile
            if got > index or not ok:
                self.close()
                return None
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

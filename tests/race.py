"""Two tabs (or a double click) at once: real threads, each with its own database connection,
released together by a barrier. Shared by the race tests of issue 10, item 3."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test import Client

ROUNDS = 100


def race(*actions: Callable[[], Any]) -> list[Any]:
    """Run the actions at once; each one's return value, or the exception it raised."""
    barrier = threading.Barrier(len(actions))
    results: list[Any] = [None] * len(actions)

    def run(i: int, action: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[i] = action()
        except Exception as exc:  # the outcome is what the test counts
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


class Arena:
    """Threads that live through many rounds, each keeping its own database connection (opening
    one per round would cost more than the tiny transactions raced). Each `race()` releases the
    actions together, as `race` above does, and returns their outcomes.

        with Arena(2) as arena:
            for n in range(ROUNDS):
                outcomes = arena.race(kirim, kirim)
    """

    def __init__(self, n: int = 2) -> None:
        self.n = n
        self._start = threading.Barrier(n + 1)
        self._end = threading.Barrier(n + 1)
        self._actions: list[Callable[[], Any]] = []
        self._results: list[Any] = [None] * n
        self._stop = False
        self._threads = [threading.Thread(target=self._loop, args=(i,)) for i in range(n)]

    def _loop(self, i: int) -> None:
        try:
            while True:
                self._start.wait()
                if self._stop:
                    return
                try:
                    self._results[i] = self._actions[i]()
                except Exception as exc:  # the outcome is what the test counts
                    self._results[i] = exc
                self._end.wait()
        finally:
            connection.close()

    def __enter__(self) -> Arena:
        for t in self._threads:
            t.start()
        return self

    def race(self, *actions: Callable[[], Any]) -> list[Any]:
        assert len(actions) == self.n
        self._actions = list(actions)
        self._results = [None] * self.n
        self._start.wait()
        self._end.wait()
        return list(self._results)

    def __exit__(self, *exc: object) -> None:
        self._stop = True
        self._start.wait()
        for t in self._threads:
            t.join()


def tabs(user: Any, n: int = 2) -> list[Client]:
    """`n` browser tabs of one signed-in user: one session, its cookie in every tab."""
    first = Client()
    first.force_login(user)
    others = []
    for _ in range(n - 1):
        tab = Client()
        tab.cookies = first.cookies
        others.append(tab)
    return [first, *others]


TOKEN = re.compile(r'name="token_formulir" value="([A-Za-z0-9_-]+)"')


def tokens_in(html: str) -> list[str]:
    """The one-time tokens of the create forms drawn in `html` (ekinerja/formulir.py)."""
    return TOKEN.findall(html)


def token_in(html: str) -> str:
    found = tokens_in(html)
    assert len(found) == 1, f"expected one form token, found {len(found)}"
    return found[0]

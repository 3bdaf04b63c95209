"""Run a callback once typing pauses, and at once when asked (leaving a field, the app).

Each key has its own timer; a new change pushes its deadline back. The latest
callback for a key wins. With ``max_wait``, someone typing without a pause is
still saved that often, so a crash in the middle of a long paragraph loses at
most that much. ``flush_all`` runs everything still waiting, so nothing typed
is ever left behind when a step, screen or the app closes.

``schedule`` is called on every keystroke, so it does no more than note the
time: a key has at most one timer, started when the first change arrives.
When it fires early (changes came since), it sleeps again for what is left
instead of a timer being stopped and started for every key pressed.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.message_pump import MessagePump
from textual.timer import Timer

_EARLY = 0.002  # a timer this close to its deadline runs the callback rather than sleeping again


class Debouncer:
    def __init__(self, host: MessagePump, delay: float, max_wait: float | None = None) -> None:
        self.host = host
        self.delay = delay
        self.max_wait = max_wait
        self._pending: dict[str, Callable[[], None]] = {}
        self._timers: dict[str, Timer] = {}
        self._since: dict[str, float] = {}  # the first change not yet handled
        self._last: dict[str, float] = {}  # the latest change

    def schedule(self, key: str, callback: Callable[[], None]) -> None:
        now = time.monotonic()
        self._since.setdefault(key, now)
        self._last[key] = now
        self._pending[key] = callback
        if key not in self._timers:
            self._arm(key, self._due(key) - now)

    def _due(self, key: str) -> float:
        due = self._last.get(key, 0.0) + self.delay
        if self.max_wait is not None and key in self._since:
            due = min(due, self._since[key] + self.max_wait)
        return due

    def _arm(self, key: str, delay: float) -> None:
        try:
            self._timers[key] = self.host.set_timer(max(0.0, delay), lambda: self._fire(key), name=f"debounce {key}")
        except Exception:  # the host is closing: do it now rather than never
            self.flush(key)

    def keep(self, key: str, callback: Callable[[], None]) -> None:
        """Hold a callback that failed, to run on the next change or flush (no timer)."""
        self._pending.setdefault(key, callback)

    def pending(self, key: str) -> bool:
        return key in self._pending

    def cancel(self, key: str) -> None:
        self._pending.pop(key, None)
        self._since.pop(key, None)
        self._last.pop(key, None)
        timer = self._timers.pop(key, None)
        if timer is not None:
            timer.stop()

    def _fire(self, key: str) -> None:
        # called from the timer's own task: forget the timer without cancelling it
        self._timers.pop(key, None)
        if key not in self._pending:
            return
        left = self._due(key) - time.monotonic()
        if left > _EARLY:  # typing went on since the timer started: wait for the rest of the pause
            self._arm(key, left)
            return
        self._since.pop(key, None)
        self._last.pop(key, None)
        callback = self._pending.pop(key, None)
        if callback is not None:
            callback()

    def flush(self, key: str) -> None:
        self._since.pop(key, None)
        self._last.pop(key, None)
        timer = self._timers.pop(key, None)
        if timer is not None:
            timer.stop()
        callback = self._pending.pop(key, None)
        if callback is not None:
            callback()

    def flush_all(self) -> None:
        for key in list(self._pending):
            self.flush(key)

    def cancel_all(self) -> None:
        for key in list(self._pending):
            self.cancel(key)

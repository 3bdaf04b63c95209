"""Run a callback once typing pauses, and at once when asked (leaving a field, the app).

Each key has its own timer; a new change restarts it. The latest callback
for a key wins. With ``max_wait``, someone typing without a pause is still
saved that often, so a crash in the middle of a long paragraph loses at
most that much. ``flush_all`` runs everything still waiting, so nothing
typed is ever left behind when a step, screen or the app closes.
"""

from __future__ import annotations

import time
from typing import Callable

from textual.message_pump import MessagePump
from textual.timer import Timer


class Debouncer:
    def __init__(self, host: MessagePump, delay: float, max_wait: float | None = None) -> None:
        self.host = host
        self.delay = delay
        self.max_wait = max_wait
        self._pending: dict[str, Callable[[], None]] = {}
        self._timers: dict[str, Timer] = {}
        self._since: dict[str, float] = {}

    def schedule(self, key: str, callback: Callable[[], None]) -> None:
        now = time.monotonic()
        since = self._since.setdefault(key, now)
        self._pending[key] = callback
        timer = self._timers.pop(key, None)
        if timer is not None:
            timer.stop()
        delay = self.delay
        if self.max_wait is not None:
            delay = max(0.0, min(delay, since + self.max_wait - now))
        try:
            self._timers[key] = self.host.set_timer(delay, lambda: self._fire(key), name=f"debounce {key}")
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
        timer = self._timers.pop(key, None)
        if timer is not None:
            timer.stop()

    def _fire(self, key: str) -> None:
        # called from the timer's own task: forget the timer without cancelling it
        self._timers.pop(key, None)
        self._since.pop(key, None)
        callback = self._pending.pop(key, None)
        if callback is not None:
            callback()

    def flush(self, key: str) -> None:
        self._since.pop(key, None)
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

"""A one-shot command's memory: no cycle collection while it runs, and none over its objects at exit.

``reflect note``, ``cases``, ``export`` and the like run for a tenth of a
second and end. Python's cyclic garbage collector meanwhile makes full passes
over every object alive, and the interpreter makes one more as it exits; for
a note on a store of a thousand cases those passes cost about 5 ms while the
command runs and 20 ms at exit (more than the floor it is measured against
spends exiting: issue 21). None of it frees anything the operating system
would not take back at once when the process ends.

So for such a command the collector is off while the command runs, and what
is alive when the process ends is frozen (:func:`gc.freeze`), which the
interpreter's last collection skips. Reference counting still frees every
object that is not in a cycle, so memory stays bounded by what the command
holds; the store and every file are closed by the command itself, never left
to a collector. The app and the web server run for hours: they keep the
collector as it is. Called in a test, the collector is on again afterwards,
and the freeze happens only when the test process itself ends.
"""

from __future__ import annotations

import atexit
import gc
from collections.abc import Iterator
from contextlib import contextmanager

#: commands that run until the user stops them: their garbage must be collected
LONG_RUNNING = frozenset({"serve"})

_freeze_at_exit = [False]


@contextmanager
def one_shot(command: str | None) -> Iterator[None]:
    """Run ``command`` without the cycle collector, and skip collecting its objects at exit."""
    if command is None or command in LONG_RUNNING:
        yield
        return
    if not _freeze_at_exit[0]:
        atexit.register(gc.freeze)
        _freeze_at_exit[0] = True
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()

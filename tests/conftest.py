"""Shared fixtures: every test runs against a throwaway data directory."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest

from reflect.core.store import Store

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist: harmless when it is not installed
def pytest_xdist_auto_num_workers(config) -> int | None:
    """``-n auto``: two workers per CPU (up to four more than the CPUs), not one.

    Many tests wait more than they work: the pilot's idle checks after every
    key, the crash, serve and command-line tests waiting on child processes.
    With one worker per CPU the workers were on a CPU for 253 of their 586
    seconds (2 CPUs); a second worker per CPU fills those gaps.
    PYTEST_XDIST_AUTO_NUM_WORKERS still decides when it is set (xdist reads it).
    """
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(2, min(2 * cpus, cpus + 4))


def pytest_collection_finish(session) -> None:
    """Keep what collection built out of the garbage collector's full passes.

    Every test module, Textual, Hypothesis and the collected items live to the
    end of the run, yet each full pass walks them all again: the tests that call
    ``gc.collect()`` to release a store spent 60 ms on each call, and automatic
    full passes cost as much. The app itself freezes its heap once it is ready
    (``ReflectApp.on_ready``) for the same reason. Garbage is collected first,
    so nothing left over is kept alive by the freeze.
    """
    gc.collect()
    gc.freeze()


@pytest.fixture(autouse=True, scope="session")
def _quicker_pilot():
    """Textual's pilot looks for an idle app in 5 ms slices rather than 20 ms ones.

    After every key it presses, ``Pilot.press`` waits until a slice passes in
    which the app used under a twentieth of the slice in CPU time; at 20 ms that
    is 40 ms or more of sleep per key, over half of a typing test's time. The
    rule is the same (an idle slice, after the pilot has seen every message
    handled); the slices are shorter. Left as it is if Textual renames them.
    """
    from textual import _wait

    if not (hasattr(_wait, "SLEEP_GRANULARITY") and hasattr(_wait, "SLEEP_IDLE")):
        yield
        return
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_wait, "SLEEP_GRANULARITY", 1 / 200)
        patch.setattr(_wait, "SLEEP_IDLE", 1 / 200 / 20)
        yield


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory, monkeypatch):
    """No test may ever read or write the real user store."""
    monkeypatch.setenv("REFLECT_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    monkeypatch.setenv("REFLECT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("REFLECT_DEBUG", raising=False)


@pytest.fixture
def data_dir(tmp_path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def store(data_dir):
    s = Store.open(data_dir)
    yield s
    s.close()


@pytest.fixture(scope="session")
def framework():
    from reflect.core.loader import load_framework

    return load_framework()

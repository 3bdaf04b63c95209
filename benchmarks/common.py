"""Helpers shared by the benchmarks: a big fictional store, and timing.

Every benchmark compares against a floor measured in the same run, so the
figure it reports is a ratio that survives a noisy machine.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from reflect.core.loader import load_framework  # noqa: E402
from reflect.core.store import Store  # noqa: E402
from reflect.core.validate import now  # noqa: E402


def build_big_store(directory: Path, cases: int = 1000, sessions: int = 10_000, answers_per_session: int = 6) -> Store:
    """A store of fictional cases: labels YP-0000..., dates in 2025-2026."""
    store = Store.open(directory)
    fw = load_framework()
    prompt_ids = [p.id for step in fw.steps for p in step.prompts if not p.moved_only]
    stamp = now()
    with store._write() as c:  # one transaction: this is fixture-making, not the code under test
        c.executemany(
            "INSERT INTO cases (label, context, created, updated) VALUES (?, ?, ?, ?)",
            [
                (f"YP-{i:04d}", json.dumps({"age_band": "14-15", "moved": i % 3 == 0}), stamp, stamp)
                for i in range(cases)
            ],
        )
        rows = []
        for n in range(sessions):
            case_id = n % cases + 1
            day = f"2026-{(n % 11) + 1:02d}-{(n % 27) + 1:02d}"
            rows.append((n + 1, case_id, ("preparation", "supervision", "workshop")[n % 3], day, stamp, stamp))
        c.executemany(
            "INSERT INTO sessions (id, case_id, mode, date, created, updated) VALUES (?, ?, ?, ?, ?, ?)", rows
        )
        answers = []
        for n in range(sessions):
            for k in range(answers_per_session):
                pid = prompt_ids[(n + k * 7) % len(prompt_ids)]
                answers.append((n + 1, pid, json.dumps("A fictional reflection, a few sentences long. " * 6), stamp))
        c.executemany(
            "INSERT OR IGNORE INTO answers (session_id, prompt_id, value, rev, updated) VALUES (?, ?, ?, 1, ?)", answers
        )
        c.executemany(
            "INSERT INTO actions (session_id, position, what, who, by, done) "
            "VALUES (?, 1, ?, 'worker', '2026-12-01', ?)",
            [(n + 1, "A fictional action", n % 2) for n in range(0, sessions, 2)],
        )
    return store


def time_command(argv: list[str], runs: int, env: dict | None = None) -> list[float]:
    """Wall times (seconds) of a command run ``runs`` times; it must exit 0."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env)
        times.append(time.perf_counter() - start)
    return times


def summary(times: list[float]) -> str:
    return (
        f"median {statistics.median(times) * 1000:6.0f} ms  (min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f})"
    )

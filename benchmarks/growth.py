#!/usr/bin/env python3
"""How reflect grows with years of casework: a curve, measured, not guessed (issue 21).

    python benchmarks/growth.py [--sizes 100,1000,10000] [--runs 5] [--no-tui]

For each size it builds a store of that many sessions (ten per case, six
answers each) through the store's own ``import_case``, then times, interleaved
with their floors in the same run:

- first paint: launch until the home screen shows a case, beside
  ``bare_app.py`` (a bare Textual app with a 1,000-row list); needs tmux;
- ``reflect cases``, ``reflect note``, ``reflect export``: beside
  ``python -c "import yaml, jinja2, sqlite3"``.

Every figure is a ratio to its floor, so it survives a noisy machine. Goals
(issue 21): first paint <= 1.3x at 10,000 sessions and <= 2x at 100,000;
``note`` <= 1.5x; ``cases`` <= 1.2x at 100,000; ``export`` <= 2x. 100,000
sessions takes a few minutes to build and about 450 MB of disk.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from common import REPO  # noqa: E402

ANSWER = "A fictional reflection about a fictional young person, a few sentences long. " * 5


def build(folder: Path, sessions: int) -> Path:
    """``sessions`` sessions, ten to a case, written through ``Store.import_case``."""
    from reflect.core.loader import load_framework
    from reflect.core.store import Store

    prompt_ids = [p.id for step in load_framework().steps for p in step.prompts if p.kind == "text"]
    cases = max(1, sessions // 10)
    with Store.open(folder) as store:
        store._conn.execute("PRAGMA synchronous = OFF")  # building the fixture, not the code under test
        for i in range(cases):
            rows = [
                {
                    "mode": ("preparation", "supervision")[j % 2],
                    "date": f"2025-{1 + j % 12:02d}-{1 + i % 28:02d}",
                    "answers": {prompt_ids[(i + j + k * 7) % len(prompt_ids)]: ANSWER for k in range(6)},
                    "actions": [{"what": "Call the school", "who": "SW", "by": "", "done": False}] if j == 9 else [],
                }
                for j in range(10)
            ]
            store.import_case(f"YP-{i:05d}", {"age_band": "14-15"}, rows)
    return folder


def time_once(argv: list[str], env: dict[str, str]) -> float:
    """One run's wall time; the command must succeed (what it prints is not the point)."""
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def env_for(data: Path, work: Path) -> dict[str, str]:
    env = dict(
        os.environ,
        PYTHONPATH=str(REPO),
        REFLECT_DATA_DIR=str(data),
        REFLECT_CACHE_DIR=str(work / "cache"),
        PYTHONPYCACHEPREFIX=str(work / "pycache"),
    )
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def commands(work: Path) -> dict[str, list[str]]:
    py = sys.executable
    return {
        "floor": [py, "-c", "import yaml, jinja2, sqlite3"],
        "cases": [py, "-m", "reflect", "cases"],
        "note": [py, "-m", "reflect", "note", "YP-00001"],
        "export": [py, "-m", "reflect", "export", "YP-00001", "-o", str(work / "bundle.yaml"), "--force"],
    }


def first_paint(data: Path, runs: int) -> float:
    """Median ratio of reflect's first case on screen to a bare Textual app's."""
    import tui  # benchmarks/tui.py: its tmux terminal and its bare app

    ours = [sys.executable, "-m", "reflect", "--data-dir", str(data)]
    bare = [sys.executable, str(HERE / "bare_app.py")]
    tui.time_to_first_case(ours), tui.time_to_first_case(bare)  # warm the file cache
    a, b = [], []
    for _ in range(runs):
        b.append(tui.time_to_first_case(bare))
        a.append(tui.time_to_first_case(ours))
    return statistics.median(a) / statistics.median(b)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,10000", help="session counts, comma-separated")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-tui", action="store_true", help="skip first paint (no tmux)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    tui_ok = not args.no_tui and shutil.which("tmux") is not None
    print(f"{'sessions':>9} {'MB':>7} {'build s':>8} {'paint':>7} {'cases':>7} {'note':>7} {'export':>7}   (x floor)")
    for size in sizes:
        work = Path(tempfile.mkdtemp(prefix="reflect-growth-"))
        try:
            t0 = time.perf_counter()
            data = build(work / "store", size)
            built = time.perf_counter() - t0
            mb = (data / "reflect.db").stat().st_size / 1e6
            env = env_for(data, work)
            cmds = commands(work)
            for argv in cmds.values():  # warm the file cache
                time_once(argv, env)
            times: dict[str, list[float]] = {name: [] for name in cmds}
            for _ in range(args.runs):  # interleaved, so drift hits every command alike
                for name, argv in cmds.items():
                    times[name].append(time_once(argv, env))
            floor = statistics.median(times["floor"])
            ratio = {name: statistics.median(t) / floor for name, t in times.items()}
            paint = f"{first_paint(data, args.runs):6.2f}x" if tui_ok else "     -"
            print(
                f"{size:>9,} {mb:>7.1f} {built:>8.1f} {paint:>7} "
                f"{ratio['cases']:6.2f}x {ratio['note']:6.2f}x {ratio['export']:6.2f}x"
            )
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""How long ``reflect note`` takes on the built-in demo case, beside the imports floor.

The demo case (demo.yaml, imported into a temporary store) is the largest
built-in case: long answers in every principle, so every text check runs.
Floor, measured in the same run and interleaved with the command:
``python -c "import yaml, jinja2, sqlite3"``. Goal: within 1.5x the floor.

Run by hand (never as a timed test):  python benchmarks/note_demo.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import REPO, summary, time_command  # noqa: E402

GOAL = 1.5


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(
            os.environ,
            PYTHONPATH=str(REPO),
            REFLECT_DATA_DIR=str(Path(tmp) / "store"),
            REFLECT_CACHE_DIR=str(Path(tmp) / "cache"),
            PYTHONPYCACHEPREFIX=str(Path(tmp) / "pycache"),
        )
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        py = sys.executable
        demo = [py, "-m", "reflect", "import", str(REPO / "demo.yaml")]
        subprocess.run(demo, check=True, env=env, capture_output=True)
        commands = {
            "floor: import yaml, jinja2, sqlite3": [py, "-c", "import yaml, jinja2, sqlite3"],
            "reflect note DEMO-Sam": [py, "-m", "reflect", "note", "DEMO-Sam"],
        }
        for argv in commands.values():  # warm the file cache, the bytecode and the checks cache
            time_command(argv, 1, env)
        results: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):  # interleaved, so drift hits both alike
            for name, argv in commands.items():
                results[name] += time_command(argv, 1, env)
        floor = statistics.median(results["floor: import yaml, jinja2, sqlite3"])
        print(f"the demo case; {args.runs} runs each, interleaved")
        ratio = 0.0
        for name, times in results.items():
            ratio = statistics.median(times) / floor
            print(f"{name:<38} {summary(times)}  {ratio:4.2f}x floor")
        print(f"goal: reflect note within {GOAL:.2f}x the floor -> {'met' if ratio <= GOAL else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

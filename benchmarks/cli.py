"""How fast do ``reflect note`` and ``reflect cases`` answer on a big store?

Store: 1,000 cases and 10,000 sessions. Floor, measured in the same run:
``python -c "import yaml, jinja2, sqlite3"`` (a bare interpreter loading the
libraries the commands need). Target: each command within 2x the floor.

Run by hand: ``python benchmarks/cli.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import REPO, build_big_store, summary, time_command  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "store"
        store = build_big_store(data)
        store.close()
        # As an installed wheel would: pip compiles the package's bytecode at
        # install time, so let Python keep it (outside the repository) rather
        # than recompile reflect's sources on every run.
        env = dict(
            os.environ,
            PYTHONPATH=str(REPO),
            REFLECT_DATA_DIR=str(data),
            REFLECT_CACHE_DIR=str(Path(tmp) / "cache"),
            PYTHONPYCACHEPREFIX=str(Path(tmp) / "pycache"),
        )
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        py = sys.executable
        commands = {
            "floor: import yaml, jinja2, sqlite3": [py, "-c", "import yaml, jinja2, sqlite3"],
            "reflect cases": [py, "-m", "reflect", "cases"],
            "reflect note YP-0042": [py, "-m", "reflect", "note", "YP-0042"],
        }
        for argv in commands.values():  # warm the file cache
            time_command(argv, 1, env)
        results: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):  # interleave, so drift hits every command alike
            for name, argv in commands.items():
                results[name] += time_command(argv, 1, env)
        floor = statistics.median(results["floor: import yaml, jinja2, sqlite3"])
        print(f"store: 1,000 cases, 10,000 sessions; {args.runs} runs each, interleaved")
        worst = 0.0
        for name, times in results.items():
            ratio = statistics.median(times) / floor
            worst = max(worst, ratio)
            print(f"{name:<38} {summary(times)}  {ratio:4.2f}x floor")
        print(f"target: each command within 2.00x the floor -> {'met' if worst <= 2.0 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""What the case list's figures cost a big import: one case of many sessions, with and without them.

    python benchmarks/import_case.py [--sessions 5000] [--runs 5]

Since schema 4 the database keeps each case's figures for the case list
(``case_stats``) with triggers. A trigger that counted the case afresh for
every inserted session made an import grow with the square of its size
(12 s for 5,000 sessions); the triggers now move the figures by one as rows
arrive. The floor is the same import into a store whose ``case_stats``
triggers were dropped, in the same run: the ratio is what the figures cost.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402,F401  - puts the repository on the path

from reflect.core.store import Store  # noqa: E402


def rows(sessions: int) -> list[dict]:
    return [
        {
            "mode": "supervision",
            "date": f"2025-{1 + j % 12:02d}-{1 + j % 28:02d}",
            "answers": {},
            "actions": [{"what": "Call the school", "who": "SW", "by": "", "done": j % 2 == 0}],
        }
        for j in range(sessions)
    ]


def time_import(data: list[dict], with_figures: bool) -> float:
    with Store.open(Path(tempfile.mkdtemp(prefix="reflect-import-"))) as store:
        if not with_figures:
            with store._write() as c:
                for (name,) in c.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
                    c.execute(f"DROP TRIGGER {name}")
        start = time.perf_counter()
        store.import_case("BIG", {}, data)
        return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    data = rows(args.sessions)
    ours, floor = [], []
    for _ in range(args.runs):  # interleaved, so drift hits both alike
        floor.append(time_import(data, with_figures=False))
        ours.append(time_import(data, with_figures=True))
    a, b = statistics.median(ours), statistics.median(floor)
    print(f"import of {args.sessions:,} sessions: {a * 1000:.0f} ms with the figures, {b * 1000:.0f} ms without")
    print(f"ratio: {a / b:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())

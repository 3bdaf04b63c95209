#!/usr/bin/env python3
"""Recall and precision of the text checks per family, on the labelled corpus.

The corpus is tests/data/scan_corpus.yaml (at least 150 invented sentences:
identifying details, blaming language of each family, and clean sentences
that must stay clean). The goal is recall and precision of at least 0.9 for
every family; tests/test_textchecks_corpus.py holds the checks to it.

Run by hand:  python benchmarks/checks_corpus.py [--wrong]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from reflect.core.textchecks import load_rules  # noqa: E402
from reflect.core.textchecks.corpus import score  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "scan_corpus.yaml"
GOAL = 0.9


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--wrong", action="store_true", help="list every miss and false alarm")
    args = parser.parse_args(argv)
    entries = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    scores = score(entries, load_rules())
    print(f"corpus: {len(entries)} sentences ({CORPUS.relative_to(ROOT)})")
    print(f"{'family':<14} {'recall':>7} {'precision':>10}   tp  fp  fn")
    met = True
    for family, s in scores.items():
        met = met and s.recall >= GOAL and s.precision >= GOAL
        print(f"{family:<14} {s.recall:7.2f} {s.precision:10.2f}  {s.tp:3d} {s.fp:3d} {s.fn:3d}")
        if args.wrong:
            for line in s.wrong:
                print("    " + line)
    print(f"goal: recall and precision >= {GOAL} for every family -> {'met' if met else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

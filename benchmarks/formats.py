#!/usr/bin/env python3
"""What each note format costs, as a ratio of writing the Markdown note, on the largest demo note.

The demo case is set up as ``scripts/make_examples.py`` sets it up (the
fictional case of demo.yaml, plus its supervision and workshop sessions), and
the largest of its notes is chosen. Then, in the same run and interleaved so
a noisy machine slows every kind alike:

  markdown   render_case_note: read the store, run the text checks, render the template
  text       the same, then converted to plain text
  html       the same, then converted to one HTML page
  docx       the same, then built into a Word document (python-docx)

then the whole ``reflect note --format F -o FILE`` command in a new process
each time (a cold start, as a practitioner runs it).

Each format's median and fastest run are divided by the Markdown note's
median and fastest run. On a shared machine the fastest runs are the least
disturbed by other work, so both are shown. The goal is 1.5x or less: a
format should cost no more than half a note again. Imports and python-docx's first load are paid
in a warm-up before timing (the app and the command line pay them once).

Run by hand (never as a timed test):  python benchmarks/formats.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for extra in (ROOT, ROOT / "scripts"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

import make_examples  # noqa: E402

from reflect.core.bundle import import_data, read_bundle  # noqa: E402
from reflect.core.content import content_root  # noqa: E402
from reflect.core.loader import load_framework  # noqa: E402
from reflect.core.note_formats import FORMATS, convert, docx_available  # noqa: E402
from reflect.core.notes import render_case_note  # noqa: E402
from reflect.core.store import Store  # noqa: E402

GOAL = 1.5


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="in-process runs of each format")
    parser.add_argument("--command-runs", type=int, default=5, help="runs of the whole reflect note command")
    args = parser.parse_args(argv)
    formats = [f for f in FORMATS if f != "docx" or docx_available()]
    framework = load_framework()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp))
        try:
            case = import_data(store, read_bundle(content_root() / "demo.yaml", framework))
            prep = store.latest_session(case.id)
            sup = make_examples._add_session(store, case.id, "supervision", make_examples.SUPERVISION)
            for action in store.actions(prep.id):
                store.carry_forward(action.id, sup)
            workshop = make_examples._add_session(store, case.id, "workshop", make_examples.WORKSHOP)
            candidates = [(sid, private) for sid in (prep.id, sup, workshop) for private in (False, True)]

            def note(choice: tuple[int, bool]) -> str:
                return render_case_note(store, framework, case, session_id=choice[0], private=choice[1])

            largest = max(candidates, key=lambda c: len(note(c)))
            markdown = note(largest)
            for fmt in formats:  # warm-up: imports, python-docx's template, markdown-it's rules
                convert(markdown, fmt)
            times: dict[str, list[float]] = {fmt: [] for fmt in formats}
            for _ in range(args.runs):
                for fmt in formats:
                    start = time.perf_counter()
                    convert(note(largest), fmt)
                    times[fmt].append(time.perf_counter() - start)
        finally:
            store.close()
        # the whole command, as a practitioner runs it: a new process, a cold store, one note
        commands: dict[str, list[float]] = {fmt: [] for fmt in formats}
        for _ in range(args.command_runs):
            for fmt in formats:
                argv_ = [sys.executable, "-m", "reflect", "--data-dir", tmp, "note", case.label]
                argv_ += ["--session", str(largest[0]), "--format", fmt, "-o", str(Path(tmp) / f"n.{fmt}"), "--force"]
                start = time.perf_counter()
                run = argv_ + (["--private"] if largest[1] else [])
                subprocess.run(run, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                commands[fmt].append(time.perf_counter() - start)
    print(f"largest demo note: {len(markdown):,} characters ({len(markdown.splitlines())} lines)")
    print(f"\nin process, {args.runs} runs (the note's text checks already done, as after the app's preview):")
    print(f"{'format':<10} {'median':>10} {'ratio':>7}   {'fastest':>10} {'ratio':>7}   goal <= {GOAL}x")
    worst = _table(times, formats)
    print(f"\nthe whole command (reflect note --format F -o FILE), {args.command_runs} runs:")
    print(f"{'format':<10} {'median':>10} {'ratio':>7}   {'fastest':>10} {'ratio':>7}   goal <= {GOAL}x")
    _table(commands, formats)
    if "docx" not in formats:
        print("docx       (python-docx is not installed: pip install 'reflect[docx]')")
    return 0 if worst <= GOAL else 1


def _table(times: dict[str, list[float]], formats: list[str]) -> float:
    """Print each format's median and fastest run as ratios of Markdown's; return the worst (better of the two)."""
    base, fastest = statistics.median(times["markdown"]), min(times["markdown"])
    worst = 0.0
    for fmt in formats:
        median, best = statistics.median(times[fmt]), min(times[fmt])
        ratio, best_ratio = median / base, best / fastest
        worst = max(worst, min(ratio, best_ratio))
        verdict = "ok" if min(ratio, best_ratio) <= GOAL else "OVER"
        print(f"{fmt:<10} {median * 1000:7.1f} ms {ratio:6.2f}x   {best * 1000:7.1f} ms {best_ratio:6.2f}x   {verdict}")
    return worst


if __name__ == "__main__":
    raise SystemExit(main())

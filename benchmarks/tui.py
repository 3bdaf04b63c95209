#!/usr/bin/env python3
"""How quick the app feels, beside bare Textual apps. Run by hand, never as a test:

    python benchmarks/tui.py [-n RUNS] [--only start|typing|checks|case]

(a) start: time from launch until the home screen shows its first case, with
    a store of 1,000 cases and 10,000 sessions, beside ``bare_app.py`` (Header,
    a 1,000-row list, Footer).                                target <= 1.3x
(b) typing: 500 characters typed into an answer of a session, in ten bursts
    of 50 with a pause between them so autosave and the text checks run,
    beside the same typing into ``bare_textarea.py``.           target <= 1.1x
    The time counted is from each burst being sent until its last word shows.
(c) checks: the same typing with the text checks off (REFLECT_CHECKS=0) and
    on: typing must stay as fast with them on (about 1.0x).
    Runs with (b), interleaved with it (the runs with the checks on serve both).
(d) case: time from Enter on the home screen until the case screen shows its
    sessions, for a case with 1,000 sessions beside one with 10 (six answers
    a session, an open action every tenth): the case screen reads a page of
    sessions, so the ratio stays near 1.0x.                    target <= 1.2x

Each program runs in a detached tmux session (100x30); the visible pane is
polled every few milliseconds (the approach of shared/tools/tui_ready.py).
Needs tmux. Prints medians and ratios; after the typing runs it checks the
store really holds every character typed.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(REPO))

SIZE = ("100", "30")
POLL = 0.004
TIMEOUT = 30.0


# --------------------------------------------------------------------------- tmux


def tmux(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["tmux", *args], check=check, capture_output=True, text=True)


def screen(name: str) -> str:
    return tmux("capture-pane", "-p", "-J", "-t", name, check=False).stdout


class Term:
    """One program in a detached tmux session."""

    def __init__(self, command: list[str], env: dict[str, str]):
        self.name = "bench-" + uuid.uuid4().hex[:8]
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        for _attempt in range(5):  # the tmux server may be shutting down after the last session closed
            self.start = time.perf_counter()
            done = tmux(
                "new-session",
                "-d",
                "-s",
                self.name,
                "-x",
                SIZE[0],
                "-y",
                SIZE[1],
                f"env -i {exports} {shlex.join(command)}",
                check=False,
            )
            if done.returncode == 0:
                break
            time.sleep(0.2)
        else:
            raise RuntimeError(f"tmux could not start: {done.stderr.strip()}")

    def wait_for(self, pattern: str, timeout: float = TIMEOUT) -> float:
        """Seconds (since ``t0``) until ``pattern`` shows; raises if it never does."""
        regex = re.compile(pattern)
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < timeout:
            if regex.search(screen(self.name)):
                return time.perf_counter()
            time.sleep(POLL)
        raise RuntimeError(f"{pattern!r} never showed; the screen was:\n{screen(self.name)}")

    def keys(self, *keys: str) -> None:
        tmux("send-keys", "-t", self.name, *keys)

    def type(self, text: str) -> None:
        tmux("send-keys", "-t", self.name, "-l", text)

    def close(self) -> None:
        tmux("kill-session", "-t", self.name, check=False)


# one bytecode cache per user in a shared /tmp; Windows' temporary folder is the user's own already
_USER = os.getuid() if os.name == "posix" else "me"
PYCACHE = Path(tempfile.gettempdir()) / f"reflect-bench-pycache-{_USER}"


def env() -> dict[str, str]:
    # Compiled bytecode is cached outside the repository, as an installed wheel's would be
    # (PYTHONDONTWRITEBYTECODE would otherwise make every run compile reflect from source).
    return {
        "PYTHONPATH": str(REPO),
        "PYTHONPYCACHEPREFIX": str(PYCACHE),
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
        "REFLECT_CURSOR_BLINK": "1",
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", "/tmp"),
        "LANG": os.environ.get("LANG", "C.UTF-8"),
    }


# --------------------------------------------------------------------------- stores


def big_store(folder: Path) -> Path:
    """1,000 cases with 10 sessions each, written through the Store API."""
    from reflect.core.store import Store

    with Store.open(folder) as store:
        for i in range(1000):
            sessions = [
                {
                    "mode": ("preparation", "supervision")[j % 2],
                    "date": f"2025-{1 + j:02d}-{1 + i % 28:02d}",
                    "actions": [{"what": "Call the school", "who": "SW", "by": "", "done": False}] if j == 9 else [],
                }
                for j in range(10)
            ]
            store.import_case(f"YP-{i:04d}", {"age_band": "14-15"}, sessions)
    return folder


def small_store(folder: Path) -> tuple[Path, int]:
    from reflect.core.store import Store

    with Store.open(folder) as store:
        case = store.create_case("YP-A", {"age_band": "14-15", "harms": ["criminal exploitation"]})
        session = store.create_session(case.id, "preparation", on="2026-01-12")
    return folder, session.id


# --------------------------------------------------------------------------- (a) start


def time_to_first_case(command: list[str]) -> float:
    term = Term(command, env())
    try:
        return term.wait_for(r"YP-\d{4}") - term.start
    finally:
        term.close()


def compare(
    title: str, runs: int, floor: tuple[str, Callable[[], float]], ours: tuple[str, Callable[[], float]], target: str
) -> float:
    """Time ``ours`` beside ``floor``, interleaved (so drift affects both alike), after one warm-up each."""
    ours[1](), floor[1]()  # warm the file cache
    a, b = [], []
    for _ in range(runs):
        b.append(floor[1]())
        a.append(ours[1]())
    ma, mb = statistics.median(a), statistics.median(b)
    print(f"{title} ({runs} runs, median)")
    for (name, _run), times, mid in ((floor, b, mb), (ours, a, ma)):
        print(f"    {name:<17} {mid * 1000:7.0f} ms   (min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f})")
    ratio = ma / mb
    print(f"    ratio             {ratio:7.2f}x  (target {target})")
    return ratio


def bench_start(runs: int, work: Path) -> float:
    store = big_store(work / "big")
    ours = [sys.executable, "-m", "reflect", "--data-dir", str(store)]
    bare = [sys.executable, str(HERE / "bare_app.py")]
    return compare(
        "(a) first case on screen, 1,000 cases / 10,000 sessions",
        runs,
        ("bare Textual app", lambda: time_to_first_case(bare)),
        ("reflect", lambda: time_to_first_case(ours)),
        "<= 1.3x",
    )


# --------------------------------------------------------------------------- (d) case screen

CASE_ANSWER = "A fictional reflection about a fictional young person, a few sentences long. " * 5


def case_store(folder: Path, sessions: int) -> Path:
    """One case, YP-A, with ``sessions`` sessions of six answers each, through ``Store.import_case``."""
    from reflect.core.loader import load_framework
    from reflect.core.store import Store

    prompt_ids = [p.id for step in load_framework().steps for p in step.prompts if p.kind == "text"]
    rows = [
        {
            "mode": ("preparation", "supervision")[j % 2],
            "date": f"{2000 + j // 300}-{1 + j // 28 % 10:02d}-{1 + j % 28:02d}",
            "answers": {prompt_ids[(j + k * 7) % len(prompt_ids)]: CASE_ANSWER for k in range(6)},
            "actions": [{"what": "Call the school", "who": "SW", "by": "", "done": False}] if j % 10 == 9 else [],
        }
        for j in range(sessions)
    ]
    with Store.open(folder) as store:
        store.import_case("YP-A", {"age_band": "14-15"}, rows)
    return folder


def time_to_case(store: Path) -> float:
    """Seconds from Enter on the home screen until the case screen shows its sessions."""
    term = Term([sys.executable, "-m", "reflect", "--data-dir", str(store)], env())
    try:
        term.wait_for(r"YP-A")
        time.sleep(0.3)
        sent = time.perf_counter()
        term.keys("Enter")
        return term.wait_for(r"Sessions \(") - sent
    finally:
        term.close()


def bench_case(runs: int, work: Path) -> float:
    big, small = case_store(work / "case-1000", 1000), case_store(work / "case-10", 10)
    return compare(
        "(d) case screen painted after Enter, a case with 1,000 sessions beside 10",
        runs,
        ("10 sessions", lambda: time_to_case(small)),
        ("1,000 sessions", lambda: time_to_case(big)),
        "<= 1.2x",
    )


# --------------------------------------------------------------------------- (b) typing

BURSTS, BURST_CHARS, GAP = 10, 50, 0.6


def bursts() -> list[str]:
    """Ten 50-character bursts, each ending with a marker word seen nowhere else."""
    out = []
    for n in range(BURSTS):
        marker = f" q{n:02d}z"
        filler = ("safe at football with Kai " * 3)[: BURST_CHARS - len(marker)]
        out.append(filler + marker)
    assert all(len(b) == BURST_CHARS for b in out)
    return out


def type_bursts(term: Term) -> float:
    total = 0.0
    for n, burst in enumerate(bursts()):
        sent = time.perf_counter()
        term.type(burst)
        total += term.wait_for(rf"q{n:02d}z") - sent
        time.sleep(GAP)  # quiet: autosave (0.5 s) and the checks run here, as when a person pauses
    return total


def typing_ours(store: Path, checks: bool = True) -> float:
    term = Term(
        [sys.executable, "-m", "reflect", "--data-dir", str(store)], {**env(), "REFLECT_CHECKS": "1" if checks else "0"}
    )
    try:
        term.wait_for(r"YP-A")
        term.keys("Enter")  # open the case
        term.wait_for(r"Sessions \(")
        term.keys("Enter")  # open its session: the first answer has the focus
        term.wait_for(r"Describe this young person")
        time.sleep(0.3)
        took = type_bursts(term)
        term.keys("C-q")
        deadline = time.perf_counter() + 10
        while time.perf_counter() < deadline and tmux("has-session", "-t", term.name, check=False).returncode == 0:
            time.sleep(0.05)
        return took
    finally:
        term.close()


def typing_bare() -> float:
    term = Term([sys.executable, str(HERE / "bare_textarea.py")], env())
    try:
        term.wait_for(r"ready")
        time.sleep(0.3)
        return type_bursts(term)
    finally:
        term.close()


def check_saved(folder: Path, session_id: int, label: str) -> None:
    from reflect.core.store import Store

    with Store.open(folder) as store:
        record = store.get_session(session_id)
    saved = "".join(v for v in record.answers.values() if isinstance(v, str))
    if saved != "".join(bursts()):
        print(f"    WARNING: {label}: the store holds {len(saved)} characters, not the {BURSTS * BURST_CHARS} typed")


def bench_typing(runs: int, work: Path, typing: bool = True, checks: bool = True) -> None:
    """(b) and/or (c): bare, checks on and checks off, interleaved (their order turns each run)."""
    times: dict[str, list[float]] = {"bare": [], "on": [], "off": []}
    kinds = (["bare"] if typing else []) + ["on"] + (["off"] if checks else [])
    for run in range(runs):
        turn = run % len(kinds)
        for kind in kinds[turn:] + kinds[:turn]:
            if kind == "bare":
                times["bare"].append(typing_bare())
                continue
            folder, session_id = small_store(work / f"typing-{run}-{kind}")
            times[kind].append(typing_ours(folder, checks=(kind == "on")))
            check_saved(folder, session_id, f"run {run}, checks {kind}")

    def line(label: str, values: list[float]) -> str:
        return (
            f"    {label:<17} {statistics.median(values) * 1000:7.0f} ms   "
            f"(min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f})"
        )

    on = statistics.median(times["on"])
    if typing:
        print(f"(b) {BURSTS * BURST_CHARS} characters typed into an answer, autosave on ({runs} runs, median)")
        print(line("bare TextArea", times["bare"]))
        print(line("reflect session", times["on"]))
        print(f"    ratio             {on / statistics.median(times['bare']):7.2f}x  (target <= 1.1x, issue 21)")
    if checks:
        print(f"(c) the same typing with the text checks off and on ({runs} runs, median)")
        print(line("checks off", times["off"]))
        print(line("checks on", times["on"]))
        print(f"    ratio             {on / statistics.median(times['off']):7.2f}x  (as fast: about 1.0x)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--runs", type=int, default=7)
    parser.add_argument("--only", choices=("start", "typing", "checks", "case"))
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        print("benchmarks/tui.py needs tmux", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="reflect-bench-"))
    try:
        if args.only in (None, "start"):
            bench_start(args.runs, work)
        if args.only in (None, "case"):
            bench_case(args.runs, work)
        if args.only not in ("start", "case"):
            bench_typing(
                max(3, args.runs // 2), work, typing=args.only in (None, "typing"), checks=args.only in (None, "checks")
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Opening the store and writing a note: an encrypted store against a plain one (issue 18, goal <= 1.3x).

Two copies of the same fictional store (100 cases, 1,000 sessions), one
plain and one encrypted with ``reflect encrypt``'s conversion. Measured in the
same run, so each figure is a ratio:

  in process  Store.open + render_case_note, what a command does after Python starts
  command     ``reflect note CASE`` as a user runs it (Python start-up included)
  note only   render_case_note on a store already open: the cost of decrypting pages
  open only   opening the encrypted store alone: SQLCipher deriving the key from
              the passphrase (PBKDF2-SHA512, 256,000 rounds), the cost that buys
              resistance to guessing, paid once per open

Run by hand (never as a timed test; needs reflect[secure]):
    python benchmarks/encrypted.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import REPO, build_big_store, summary, time_command  # noqa: F401  (REPO puts the repo on the path)

from reflect.core import crypto_convert, crypto_store
from reflect.core.loader import load_framework
from reflect.core.notes import render_case_note
from reflect.core.store import Store

PASS = "a benchmark passphrase"


def _in_process(directory: Path, runs: int) -> list[float]:
    fw = load_framework()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        with Store.open(directory, verify=False) as store:
            render_case_note(store, fw, store.get_case("YP-0007"))
        times.append(time.perf_counter() - start)
    return times


def _note_only(directory: Path, runs: int) -> list[float]:
    fw = load_framework()
    times = []
    with Store.open(directory, verify=False) as store:
        case = store.get_case("YP-0007")
        render_case_note(store, fw, case)  # templates compiled, as in a running app
        for _ in range(runs):
            start = time.perf_counter()
            render_case_note(store, fw, case)
            times.append(time.perf_counter() - start)
    return times


def _open_only(directory: Path, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        Store.open(directory, verify=False).close()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        plain, secret = Path(tmp, "plain"), Path(tmp, "secret")
        build_big_store(plain, cases=100, sessions=1000).close()
        build_big_store(secret, cases=100, sessions=1000).close()
        crypto_convert.encrypt(secret, PASS)
        crypto_store.remember(secret / "reflect.db", PASS)

        rows = []
        for name, measure in (("in process", _in_process), ("note only", _note_only), ("open only", _open_only)):
            base = measure(plain, runs)
            enc = measure(secret, runs)
            rows.append((name, base, enc))
        env = {**os.environ, "REFLECT_PASSPHRASE": PASS}
        argv = [sys.executable, "-m", "reflect", "--data-dir"]
        base = time_command([*argv, str(plain), "note", "YP-0007"], runs, env)
        enc = time_command([*argv, str(secret), "note", "YP-0007"], runs, env)
        rows.append(("command", base, enc))
        for name, base, enc in rows:
            ratio = statistics.median(enc) / statistics.median(base)
            print(f"{name:<11} plain {summary(base)}")
            print(f"{'':<11} enc.  {summary(enc)}   ratio {ratio:.2f}x")


if __name__ == "__main__":
    main()

"""All-or-nothing import (F3, F11) and an honest delete (F4).

An import is one transaction, so a kill part-way leaves no case or the whole
case; ``--as-new`` picks its label inside it. ``delete`` says plainly when
another copy of the store keeps the deleted text in the file for now, and
the next open finishes the job.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from reliability_support import REPO, run_reflect, subprocess_env

from reflect.core.bundle import import_data
from reflect.core.store import Store

PROMPT = "children-first.whole-person"
SESSIONS = 5000


def _many_sessions_bundle(path: Path) -> Path:
    """A bundle big enough that writing it takes a noticeable moment."""
    lines = ["reflect_bundle: 1", "case:", "  label: MANY", "  context: {age_band: 14-15}", "sessions:"]
    for i in range(SESSIONS):
        lines += [
            "  - mode: preparation",
            f"    date: 2026-{1 + i % 12:02d}-{1 + i % 28:02d}",
            f"    answers: {{{PROMPT}: 'answer {i}'}}",
            f"    actions: [{{what: 'act {i}', done: false}}]",
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _session_counts(data_dir: Path) -> dict[str, int]:
    with Store.open(data_dir) as s:
        return {c.label: c.sessions for c in s.list_cases()}


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX only")
def test_killed_import_leaves_no_case_or_the_whole_case(tmp_path):
    bundle = _many_sessions_bundle(tmp_path / "many.yaml")
    data_dir = tmp_path / "store"
    cmd = [sys.executable, "-m", "reflect", "--data-dir", str(data_dir), "import", str(bundle)]
    child = subprocess.Popen(cmd, cwd=REPO, env=subprocess_env(), stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not (data_dir / "reflect.db").exists() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    time.sleep(0.15)  # the store is open: now the case is being written
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    counts = _session_counts(data_dir)
    assert counts in ({}, {"MANY": SESSIONS}), counts
    again = run_reflect("--data-dir", str(data_dir), "import", str(bundle), *(["--as-new"] if counts else []))
    assert again.returncode == 0, again.stderr
    assert sorted(_session_counts(data_dir).values()) == [SESSIONS] * (len(counts) + 1)


def test_as_new_picks_the_label_inside_the_import(store, monkeypatch):
    """Another import taking ``YP (2)`` between the label check and the write cannot make this one fail."""
    data = {"label": "YP", "context": {}, "sessions": []}
    import_data(store, data)
    other = sqlite3.connect(store.path, isolation_level=None)
    real_find = Store.find_case

    def racing_find(self, label):
        found = real_find(self, label)
        if label == "YP (2)" and found is None:
            try:  # another copy's import takes the free label at the worst moment; it must wait for ours
                other.execute("PRAGMA busy_timeout = 0")
                other.execute("INSERT INTO cases (label, context, created, updated) VALUES ('YP (2)', '{}', 'x', 'x')")
            except sqlite3.OperationalError:
                pass
        return found

    monkeypatch.setattr(Store, "find_case", racing_find)
    case = import_data(store, data, as_new=True)
    other.close()
    assert case.label == "YP (2)"
    assert [c.label for c in store.list_cases()] == ["YP", "YP (2)"]


# --------------------------------------------------------------------------- delete


def _store_with_secret(data_dir: Path) -> None:
    with Store.open(data_dir) as s:
        case = s.create_case("PRIV-1")
        sess = s.create_session(case.id, "preparation")
        s.save_answer(sess.id, PROMPT, "ZZSECRETREACTION " * 40)
        s.create_case("YP-KEEP")


def _all_bytes(data_dir: Path) -> bytes:
    return b"".join(f.read_bytes() for f in data_dir.iterdir() if f.is_file())


def _reader_holding_a_snapshot(data_dir: Path) -> sqlite3.Connection:
    """Another copy of the store in the middle of a read (the app in another window)."""
    other = sqlite3.connect(data_dir / "reflect.db", isolation_level=None)
    other.execute("BEGIN")
    other.execute("SELECT * FROM cases").fetchall()
    return other


def test_delete_says_the_text_is_gone(data_dir):
    _store_with_secret(data_dir)
    done = run_reflect("--data-dir", str(data_dir), "delete", "PRIV-1", "--yes")
    assert done.returncode == 0, done.stderr
    assert "its text is gone from the store file" in done.stderr
    assert b"ZZSECRET" not in _all_bytes(data_dir)


def test_delete_with_another_copy_open_says_so_plainly(data_dir):
    _store_with_secret(data_dir)
    other = _reader_holding_a_snapshot(data_dir)
    try:
        done = run_reflect("--data-dir", str(data_dir), "delete", "PRIV-1", "--yes")
    finally:
        other.close()
    assert done.returncode == 0, done.stderr
    assert "will be gone from the file when that copy closes" in done.stderr
    assert "compacted" not in done.stderr


def test_next_open_finishes_a_blocked_delete(data_dir):
    _store_with_secret(data_dir)
    other = _reader_holding_a_snapshot(data_dir)
    with Store.open(data_dir) as s:
        assert s.delete_case(s.get_case("PRIV-1").id) is False
    assert b"ZZSECRET" in (data_dir / "reflect.db").read_bytes()  # the other copy still holds it
    other.execute("COMMIT")  # done reading, but still open: its close does not clean up for us
    with Store.open(data_dir, verify=False) as s:
        assert [c.label for c in s.list_cases()] == ["YP-KEEP"]
    try:  # checked while the other copy is still open, so its own close cannot have done it
        assert b"ZZSECRET" not in _all_bytes(data_dir)
        assert not list(data_dir.glob("*.scrub-owed"))
    finally:
        other.close()

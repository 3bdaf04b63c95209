"""What the app does while its store is open never lets another copy delete the store's write-ahead log.

Closing any file handle to a database drops every POSIX lock the process
holds on it, SQLite's included. A header read of the open store (to see if it
was encrypted) did exactly that inside the app; the next ``reflect cases`` or
``reflect note`` to close then took the store for unused, checkpointed it and
deleted its log under the app's connection, and every answer typed after that
was lost. These tests run the app's in-process calls on an open store, let
another process open and close it, and check that what is written next is
still there for a third reader.
"""

from __future__ import annotations

import os
import sys

import pytest
from reliability_support import run_reflect, subprocess_env

from reflect.core import db_health
from reflect.core.store import Store

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX advisory locks are per process")


def _answer_seen_by_another_process(data, label: str, prompt: str) -> str:
    script = (
        "import sys\n"
        "from reflect.core.store import Store\n"
        "with Store.open(sys.argv[1]) as s:\n"
        "    case = s.get_case(sys.argv[2])\n"
        "    print(s.answer(s.latest_session(case.id).id, sys.argv[3])[0] or '')\n"
    )
    import subprocess

    done = subprocess.run(
        [sys.executable, "-c", script, str(data), label, prompt],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=subprocess_env(),
        timeout=60,
        check=True,
    )
    return done.stdout.strip()


def test_an_open_store_keeps_what_it_writes_after_another_copy_closes(tmp_path):
    data = tmp_path / "data"
    store = Store.open(data, verify=None)  # as the app opens it
    try:
        case = store.create_case("YP-LOCK")
        session = store.create_session(case.id, "preparation", "2026-11-20")
        # what the app does on its own while the store is open
        assert store.encrypted is False
        assert db_health.quick_check(store.path, encrypted=store.encrypted) is None
        # another copy opens and closes the store (reflect cases, reflect note)
        assert run_reflect("--data-dir", str(data), "cases").returncode == 0
        store.save_answer(session.id, "children-first.whole-person", "Written after the other copy closed.")
        assert (data / "reflect.db-wal").exists(), "the open store's log was deleted under it"
        seen = _answer_seen_by_another_process(data, "YP-LOCK", "children-first.whole-person")
        assert seen == "Written after the other copy closed."
    finally:
        store.close()

"""The whole-file check that opening the app no longer waits for (issue 21).

The app opens the store without reading every page unless a write-ahead log
was left behind, then checks the file on a read-only connection once its
first screen is up; damage is still found and reported, and the file is left
exactly as it was.
"""

from __future__ import annotations

import sqlite3

import pytest
from reliability_support import fill_with_answers, smash_page

from reflect.core import db_health
from reflect.core.store import Store


@pytest.fixture
def filled(tmp_path):
    return fill_with_answers(tmp_path)


def test_a_sound_store_passes(filled):
    assert db_health.quick_check(filled / "reflect.db") is None


def test_a_damaged_page_is_found_and_the_file_left_alone(filled):
    db = filled / "reflect.db"
    smash_page(db, 3)
    before = db.read_bytes()
    assert db_health.quick_check(db) == db_health.DAMAGED
    assert db.read_bytes() == before


def test_the_app_opening_skips_the_check_when_the_last_copy_closed_cleanly(filled, monkeypatch):
    calls = []
    real = sqlite3.Connection.execute

    class Spy(sqlite3.Connection):
        def execute(self, sql, *args):
            calls.append(sql)
            return real(self, sql, *args)

    connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: connect(*a, factory=Spy, **k))
    with Store.open(filled, verify=None) as store:
        assert not store.verified
    assert not any("quick_check" in sql for sql in calls)
    with Store.open(filled, verify=True) as store:
        assert store.verified
    assert any("quick_check" in sql for sql in calls)


def test_a_log_left_behind_means_the_check_runs_before_opening(filled):
    db = filled / "reflect.db"
    holder = Store.open(filled)  # another copy holds the store: its log is on disk
    try:
        holder.create_case("YP-B")
        assert db_health.wal_left_behind(db)
        with Store.open(filled, verify=None) as store:
            assert store.verified
    finally:
        holder.close()
    assert not db_health.wal_left_behind(db)

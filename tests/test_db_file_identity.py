"""The store file says whose it is (SQLite's application_id), and migrations are cut where SQLite says.

Opening some other program's SQLite file (a browser's history, another
app's database) must say so plainly and leave it alone, also when that file
happens to have a schema version of its own.
"""

from __future__ import annotations

import sqlite3

import pytest

from reflect.core.db_file import APPLICATION_ID, _statements
from reflect.core.errors import StoreError
from reflect.core.paths import DB_NAME
from reflect.core.store import Store


def _app_id(db) -> int:
    with sqlite3.connect(db) as c:
        return c.execute("PRAGMA application_id").fetchone()[0]


def test_a_new_store_carries_reflects_application_id(data_dir):
    Store.open(data_dir).close()
    assert _app_id(data_dir / DB_NAME) == APPLICATION_ID


def test_another_programs_file_is_refused_and_left_as_it_was(tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    db = other / DB_NAME
    with sqlite3.connect(db) as c:
        c.execute("CREATE TABLE cases (id INTEGER PRIMARY KEY)")  # even a table of the same name
        c.execute("PRAGMA user_version = 1")
        c.execute("PRAGMA application_id = 1234")
    c.close()
    before = db.read_bytes()
    with pytest.raises(StoreError, match="not a reflect database"):
        Store.open(other)
    assert db.read_bytes() == before


def test_a_store_from_before_application_ids_still_opens(data_dir):
    with Store.open(data_dir) as store:
        store.create_case("YP-A")
    with sqlite3.connect(data_dir / DB_NAME) as c:
        c.execute("PRAGMA application_id = 0")
    c.close()
    with Store.open(data_dir) as store:
        assert [c.label for c in store.list_cases()] == ["YP-A"]


def test_a_semicolon_inside_a_string_or_a_trigger_does_not_cut_a_statement():
    script = """
    CREATE TABLE notes (text TEXT DEFAULT 'one; two');
    -- a comment; with a semicolon
    CREATE TRIGGER stamp AFTER INSERT ON notes BEGIN UPDATE notes SET text = 'a;b'; SELECT 1; END;
    INSERT INTO notes DEFAULT VALUES
    """
    statements = _statements(script)
    assert len(statements) == 3
    with sqlite3.connect(":memory:") as c:
        for statement in statements:
            c.execute(statement)
        assert c.execute("SELECT text FROM notes").fetchall() == [("a;b",)]

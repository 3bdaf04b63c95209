"""The store: every write is saved, private, and read back exactly."""

from __future__ import annotations

import sqlite3

import pytest
from portable import mode_of, posix_modes

from reflect.core.db_schema import SCHEMA_VERSION
from reflect.core.errors import ConflictError, ReflectError, StoreError
from reflect.core.store import Store


@posix_modes
def test_new_store_is_private(data_dir):
    with Store.open(data_dir) as s:
        s.create_case("YP-A")
    assert mode_of(data_dir) == 0o700
    for f in data_dir.iterdir():
        assert mode_of(f) == 0o600, f


def test_schema_version_and_wal(store):
    conn = sqlite3.connect(store.path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_case_context_round_trip(store):
    ctx = {"age_band": "14-15", "harms": ["criminal exploitation"], "moved": True, "home_area": "Riverside"}
    case = store.create_case("  YP-A  ", ctx)
    assert case.label == "YP-A"
    again = store.get_case("yp-a")
    assert again.context == ctx and again.moved


def test_duplicate_label_refused(store):
    store.create_case("YP-A")
    with pytest.raises(ConflictError):
        store.create_case("YP-A")


@pytest.mark.parametrize("label", ["", "   ", "x" * 61, "bad\x1blabel"])
def test_bad_labels(store, label):
    with pytest.raises(ReflectError):
        store.create_case(label)


def test_unknown_case_is_a_clear_error(store):
    with pytest.raises(ReflectError, match="no case labelled 'nobody'"):
        store.get_case("nobody")


def test_answers_status_flags_actions_summary(store):
    case = store.create_case("YP-B")
    s = store.create_session(case.id, "preparation", "2026-11-20")
    assert store.save_answer(s.id, "voice.what", "She said she felt unheard.").rev == 1
    store.save_answer(s.id, "voice.scale", 3)
    store.save_answer(s.id, "voice.list", ["school", "family"])
    store.set_status(s.id, "voice", "reflected")
    store.set_status(s.id, "trauma", "set-aside", "covered last week")
    store.set_flag(s.id, "voice.what", True)
    a = store.add_action(s.id, "Call the school", "Sam (social worker)", "2026-12-01")
    store.save_summary(s.id, "change-first", "Peer group at the park")
    rec = store.get_session(s.id)
    assert rec.answers == {
        "voice.what": "She said she felt unheard.",
        "voice.scale": 3,
        "voice.list": ["school", "family"],
    }
    assert rec.status == {"voice": "reflected", "trauma": "set-aside"}
    assert rec.set_aside_reasons == {"trauma": "covered last week"}
    assert rec.flags == ["voice.what"]
    assert [(x.what, x.who, x.by, x.done) for x in rec.actions] == [
        ("Call the school", "Sam (social worker)", "2026-12-01", False)
    ]
    assert rec.summary == {"change-first": "Peer group at the park"}
    store.update_action(a.id, done=True)
    store.set_flag(s.id, "voice.what", False)
    store.save_answer(s.id, "voice.what", "")
    rec = store.get_session(s.id)
    assert rec.actions[0].done and rec.flags == [] and "voice.what" not in rec.answers


def test_bad_status_and_dates(store):
    case = store.create_case("YP-C")
    s = store.create_session(case.id, "supervision", "2026-11-20")
    with pytest.raises(ReflectError):
        store.set_status(s.id, "voice", "done")
    with pytest.raises(ReflectError, match="not a date"):
        store.add_action(s.id, "x", by="next tuesday")
    with pytest.raises(ReflectError, match="unknown mode"):
        store.create_session(case.id, "chat")


def test_conflict_between_two_copies(data_dir):
    a, b = Store.open(data_dir), Store.open(data_dir)
    case = a.create_case("YP-D")
    s = a.create_session(case.id, "preparation")
    first = a.save_answer(s.id, "p", "from copy A", base_rev=0)
    # copy B read the answer before A saved: it saw rev 0
    result = b.save_answer(s.id, "p", "from copy B", base_rev=0)
    assert result.conflict and result.overwritten == "from copy A"
    assert a.answer(s.id, "p") == ("from copy B", first.rev + 1)
    assert not a.save_answer(s.id, "p", "A again", base_rev=result.rev).conflict
    a.close(), b.close()


def test_open_actions_and_review(store):
    case = store.create_case("YP-E")
    s1 = store.create_session(case.id, "preparation", "2026-11-01")
    x = store.add_action(s1.id, "Visit home area")
    store.add_action(s1.id, "Done already", done=True)
    s2 = store.create_session(case.id, "supervision", "2026-11-10")
    assert [a.what for a in store.open_actions(case.id, before_session=s2.id)] == ["Visit home area"]
    carried = store.carry_forward(x.id, s2.id)
    assert carried.carried_from == x.id
    assert [a.id for a in store.open_actions(case.id, before_session=s2.id)] == []
    assert store.previous_session(s2.id).id == s1.id
    assert store.previous_session(s2.id, mode="supervision") is None
    summary = store.list_cases()[0]
    assert (summary.label, summary.sessions, summary.last_session, summary.open_actions) == ("YP-E", 2, "2026-11-10", 1)


def test_search_escapes_wildcards(store):
    store.create_case("YP_1")
    store.create_case("YPX1")
    assert [c.label for c in store.list_cases("P_")] == ["YP_1"]


def test_delete_case_removes_text(data_dir):
    with Store.open(data_dir) as s:
        case = s.create_case("YP-F")
        sess = s.create_session(case.id, "preparation")
        s.save_answer(sess.id, "p", "UNIQUE-SECRET-PHRASE " * 50)
        s.create_case("YP-KEEP")
        s.delete_case(case.id)
        assert [c.label for c in s.list_cases()] == ["YP-KEEP"]
    blob = b"".join(f.read_bytes() for f in data_dir.iterdir() if f.is_file())
    assert b"UNIQUE-SECRET-PHRASE" not in blob


def test_not_a_database_is_left_alone(data_dir):
    data_dir.mkdir()
    db = data_dir / "reflect.db"
    db.write_bytes(b"this is not sqlite at all" * 10)
    before = db.read_bytes()
    with pytest.raises(StoreError, match="damaged or not a reflect database"):
        Store.open(data_dir)
    assert db.read_bytes() == before


def test_newer_schema_refused(data_dir):
    with Store.open(data_dir):
        pass
    conn = sqlite3.connect(data_dir / "reflect.db")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.commit(), conn.close()
    with pytest.raises(StoreError, match="newer reflect"):
        Store.open(data_dir)

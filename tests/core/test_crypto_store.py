"""The encrypted store (issue 18): detection, opening, conversion, and a kill at any step losing nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from reflect.core import crypto_convert, crypto_store
from reflect.core.errors import ReflectError, StoreError
from reflect.core.store import Store

sqlcipher3 = pytest.importorskip("sqlcipher3")

SECRET = "PLUMTREE-he trusts the youth worker most"
PASS = "correct horse battery"


@pytest.fixture(autouse=True)
def _no_passphrase_held(monkeypatch):
    """Each test starts with nothing remembered (the registry lives as long as the process)."""
    monkeypatch.delenv("REFLECT_PASSPHRASE", raising=False)
    monkeypatch.setattr(crypto_store, "_known", {})
    monkeypatch.setattr(crypto_store, "_prompt", None)
    monkeypatch.setattr(crypto_store, "keyring_get", lambda path: None)


def fill(data_dir: Path, cases: int = 3) -> None:
    with Store.open(data_dir) as store:
        for n in range(cases):
            case = store.create_case(f"YP-{n}")
            session = store.create_session(case.id, "preparation", on="2026-01-12")
            store.save_answer(session.id, "p1", f"{SECRET} {n}")
            store.save_answer(session.id, "p2", "ordinary words")


def files_hold(data_dir: Path, text: str) -> list[str]:
    return [p.name for p in data_dir.iterdir() if p.is_file() and text.encode() in p.read_bytes()]


def answers(data_dir: Path) -> list[str]:
    with Store.open(data_dir) as store:
        return sorted(
            store.answer(s.id, "p1")[0]
            for c in store.list_cases()
            for s in store.list_sessions(store.get_case(c.label).id)
        )


def test_encrypt_leaves_no_answer_readable_and_opens_with_the_passphrase(data_dir):
    fill(data_dir)
    before = answers(data_dir)
    assert files_hold(data_dir, SECRET)
    tally = crypto_convert.encrypt(data_dir, PASS)
    assert (tally.cases, tally.sessions, tally.answers) == (3, 3, 6)
    assert crypto_store.is_encrypted(data_dir / "reflect.db")
    assert files_hold(data_dir, SECRET) == []
    crypto_store.forget(data_dir / "reflect.db")
    with pytest.raises(crypto_store.PassphraseNeeded, match="encrypted: give the passphrase"):
        Store.open(data_dir)
    crypto_store.unlock(data_dir / "reflect.db", PASS)
    assert answers(data_dir) == before


def test_writes_while_open_are_encrypted_in_the_log_too(data_dir):
    fill(data_dir, cases=1)
    crypto_convert.encrypt(data_dir, PASS)
    with Store.open(data_dir) as store:
        case = store.create_case("YP-new")
        session = store.create_session(case.id, "supervision", on="2026-01-13")
        store.save_answer(session.id, "p1", "MARIGOLD written while open")
        names = {p.name for p in data_dir.iterdir()}
        assert "reflect.db-wal" in names  # the log is there, with the new answer in it...
        assert files_hold(data_dir, "MARIGOLD") == []  # ...but not readable
        assert files_hold(data_dir, "YP-new") == []


def test_a_wrong_passphrase_changes_nothing_and_names_nothing(data_dir):
    fill(data_dir, cases=1)
    crypto_convert.encrypt(data_dir, PASS)
    crypto_store.forget(data_dir / "reflect.db")
    before = (data_dir / "reflect.db").read_bytes()
    with pytest.raises(crypto_store.WrongPassphrase) as caught:
        crypto_store.unlock(data_dir / "reflect.db", "not the passphrase")
    message = str(caught.value)
    assert "\n" not in message and "YP-" not in message and "does not open" in message
    assert (data_dir / "reflect.db").read_bytes() == before
    assert not crypto_store.check(data_dir / "reflect.db", "nope nope nope")
    assert crypto_store.check(data_dir / "reflect.db", PASS)


def test_decrypt_and_change_passphrase_keep_every_answer(data_dir, monkeypatch):
    fill(data_dir)
    before = answers(data_dir)
    crypto_convert.encrypt(data_dir, PASS)
    crypto_convert.change_passphrase(data_dir, "a new one entirely")
    crypto_store.forget(data_dir / "reflect.db")
    assert not crypto_store.check(data_dir / "reflect.db", PASS)
    monkeypatch.setenv("REFLECT_PASSPHRASE", "a new one entirely")
    crypto_convert.decrypt(data_dir)
    assert not crypto_store.is_encrypted(data_dir / "reflect.db")
    monkeypatch.delenv("REFLECT_PASSPHRASE")
    assert answers(data_dir) == before
    assert files_hold(data_dir, SECRET)  # plain again, as asked


def test_a_unicode_passphrase_opens_whatever_its_normal_form(data_dir):
    fill(data_dir, cases=1)
    crypto_convert.encrypt(data_dir, "Caf\u00e9 o'clock r\u00f4le")  # composed, with a quote
    crypto_store.forget(data_dir / "reflect.db")
    assert crypto_store.check(data_dir / "reflect.db", "Cafe\u0301 o'clock ro\u0302le")  # decomposed


def test_backups_are_removed_and_converting_twice_is_refused(data_dir):
    fill(data_dir, cases=1)
    backup = data_dir / "reflect.db.bak-0"
    backup.write_bytes((data_dir / "reflect.db").read_bytes())
    crypto_convert.encrypt(data_dir, PASS)
    assert not backup.exists()
    with pytest.raises(ReflectError, match="already encrypted"):
        crypto_convert.encrypt(data_dir, PASS)


def test_encrypting_with_no_store_makes_an_empty_encrypted_one(data_dir):
    crypto_convert.encrypt(data_dir, PASS)
    assert crypto_store.is_encrypted(data_dir / "reflect.db")
    with Store.open(data_dir) as store:
        assert store.list_cases() == []


HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from reflect.core.store import Store
    store = Store.open(sys.argv[1])
    store.list_cases()
    Path(sys.argv[2]).write_text("open")
    time.sleep(600)
    """
)


def test_another_open_copy_is_refused(data_dir):
    """Another copy (another process: locks within one process never clash) keeps the store as it is."""
    fill(data_dir, cases=1)
    ready = data_dir.parent / "holder-ready"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(data_dir), str(ready)])
    try:
        _wait_for(ready, holder)
        with pytest.raises(StoreError, match="another copy of reflect"):
            crypto_convert.encrypt(data_dir, PASS)
    finally:
        holder.kill()
        holder.wait(timeout=60)
    assert not crypto_store.is_encrypted(data_dir / "reflect.db")
    assert not (data_dir / ("reflect.db" + crypto_convert.TEMP_SUFFIX)).exists()
    assert len(answers(data_dir)) == 1


def _wait_for(marker: Path, proc: subprocess.Popen) -> None:
    """Until the child says it is ready (no timing: it writes ``marker``), or fail if it ended first."""
    while not marker.exists():
        try:
            proc.wait(timeout=0.02)
        except subprocess.TimeoutExpired:
            continue
        pytest.fail(f"the helper process ended early (exit {proc.returncode})")


def test_a_copy_that_does_not_match_is_never_swapped_in(data_dir, monkeypatch):
    fill(data_dir)
    real = crypto_convert.tally
    calls = []

    def off_by_one(conn):
        found = real(conn)
        calls.append(found)
        return found if len(calls) == 1 else found.__class__(found.cases - 1, *list(vars(found).values())[1:])

    monkeypatch.setattr(crypto_convert, "tally", off_by_one)
    with pytest.raises(StoreError, match="does not match"):
        crypto_convert.encrypt(data_dir, PASS)
    assert not crypto_store.is_encrypted(data_dir / "reflect.db")
    assert len(answers(data_dir)) == 3


def test_a_damaged_plain_file_is_still_called_damaged(data_dir):
    data_dir.mkdir()
    (data_dir / "reflect.db").write_bytes(b"this is not a database at all\n" * 5)
    assert not crypto_store.is_encrypted(data_dir / "reflect.db")
    with pytest.raises(StoreError, match="damaged"):
        Store.open(data_dir)


def test_an_encrypted_store_without_the_extra_says_what_to_install(data_dir, monkeypatch):
    fill(data_dir, cases=1)
    crypto_convert.encrypt(data_dir, PASS)
    monkeypatch.setattr(crypto_store, "available", lambda: False)
    with pytest.raises(StoreError, match=r"encrypted: opening it needs .*reflect\[secure\]"):
        Store.open(data_dir)


# --------------------------------------------------------------------------- a kill part-way

DRIVER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from reflect import cli
    from reflect.core import crypto_convert
    stop_at, data_dir, command = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    def step(name):
        if name == stop_at:
            (data_dir.parent / "at-step").write_text(name)
            time.sleep(600)  # the test kills us here
    crypto_convert._step = step
    sys.exit(cli.main(["--data-dir", str(data_dir), command]))  # reflect encrypt / reflect decrypt
    """
)


def _kill_at(step: str, data_dir: Path, mode: str) -> None:
    marker = data_dir.parent / "at-step"
    marker.unlink(missing_ok=True)
    env = {**os.environ, "REFLECT_PASSPHRASE": PASS}
    proc = subprocess.Popen([sys.executable, "-c", DRIVER, step, str(data_dir), mode], env=env)
    try:
        _wait_for(marker, proc)
        proc.send_signal(getattr(signal, "SIGKILL", signal.SIGTERM))
    finally:
        proc.wait(timeout=60)


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX; the swap is the same os.replace on Windows")
@pytest.mark.parametrize("step", ["exported", "verified", "closed", "replaced"])
@pytest.mark.parametrize("mode", ["encrypt", "decrypt"])
def test_a_kill_at_any_step_leaves_a_whole_store(data_dir, step, mode, monkeypatch):
    fill(data_dir)
    before = answers(data_dir)
    if mode == "decrypt":
        crypto_convert.encrypt(data_dir, PASS)
    was_encrypted = crypto_store.is_encrypted(data_dir / "reflect.db")
    _kill_at(step, data_dir, mode)
    now_encrypted = crypto_store.is_encrypted(data_dir / "reflect.db")
    if step == "replaced":
        assert now_encrypted != was_encrypted  # the new store is in place
    else:
        assert now_encrypted == was_encrypted  # the old store, untouched
    leftover = data_dir / ("reflect.db" + crypto_convert.TEMP_SUFFIX)
    assert leftover.exists() == (step in ("exported", "verified", "closed"))
    crypto_store.remember(data_dir / "reflect.db", PASS)
    assert answers(data_dir) == before
    assert not leftover.exists()  # opening the store removed the half-made copy (maybe plaintext)
    monkeypatch.setenv("REFLECT_PASSPHRASE", PASS)
    if now_encrypted:
        crypto_convert.decrypt(data_dir)
    else:
        crypto_convert.encrypt(data_dir, PASS)
    assert not leftover.exists()
    assert answers(data_dir) == before


def test_a_backup_before_an_upgrade_of_an_encrypted_store_is_encrypted_too(data_dir):
    from reflect.core import db_file

    fill(data_dir, cases=1)
    crypto_convert.encrypt(data_dir, PASS)
    backup = data_dir / "reflect.db.bak-1"
    with Store.open(data_dir) as store:
        db_file._backup_to(store._conn, backup)  # what an upgrade does first
    assert crypto_store.is_encrypted(backup)
    assert SECRET.encode() not in backup.read_bytes()
    conn = crypto_store.connect(backup)  # the store's passphrase opens it
    try:
        assert conn.execute("SELECT count(*) FROM answers").fetchone()[0] == 2
    finally:
        conn.close()


def test_deleting_a_case_reaches_an_encrypted_store_and_its_backup(data_dir):
    from reflect.core import db_file

    fill(data_dir, cases=2)
    crypto_convert.encrypt(data_dir, PASS)
    backup = data_dir / "reflect.db.bak-1"
    with Store.open(data_dir) as store:
        db_file._backup_to(store._conn, backup)
        assert store.delete_case(store.get_case("YP-0").id)
    conn = crypto_store.connect(backup)
    try:
        assert [r[0] for r in conn.execute("SELECT label FROM cases")] == ["YP-1"]
    finally:
        conn.close()


def test_the_header_numbers_survive_a_conversion(data_dir):
    """The schema version and the file's owner mark (application_id) are in the header, not in a table."""
    import sqlite3

    fill(data_dir, cases=1)
    conn = sqlite3.connect(data_dir / "reflect.db")
    conn.execute("PRAGMA application_id = 1919247980")
    conn.commit()
    conn.close()
    crypto_convert.encrypt(data_dir, PASS)
    conn = crypto_store.connect(data_dir / "reflect.db")
    try:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == 1919247980
        assert conn.execute("PRAGMA user_version").fetchone()[0] >= 1
    finally:
        conn.close()


@pytest.mark.parametrize("query", ["mode=ro", "immutable=1"])
def test_read_only_connections_open_an_encrypted_store(data_dir, query):
    """What a read-only open (a full disk, a read-only folder) uses: the same passphrase, no writes."""
    import sqlite3

    fill(data_dir, cases=2)
    crypto_convert.encrypt(data_dir, PASS)
    conn = crypto_store.connect(data_dir / "reflect.db", query=query)
    try:
        assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 2
        with pytest.raises(sqlite3.OperationalError):  # sqlite3's own error class, from SQLCipher
            conn.execute("INSERT INTO cases (label, created, updated) VALUES ('x', 'now', 'now')")
    finally:
        conn.close()

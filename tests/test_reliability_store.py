"""The store under stress: damaged files, newer versions, read-only folders, full disks, upgrades.

In every case the user gets one clear line, and the database file is never
overwritten (its bytes are compared before and after).
"""

from __future__ import annotations

import errno
import gc
import hashlib
import os
import shutil
import sqlite3
import stat
import subprocess
from pathlib import Path

import pytest
from portable import assert_mode
from reliability_support import (
    assert_one_clean_line,
    db_dump,
    file_digests,
    good_bundle,
    run_reflect,
    write_mini_pack,
)

from reflect.cli import main
from reflect.core import db_file
from reflect.core.errors import ReflectError, StoreError
from reflect.core.store import Store


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def mode_of(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def filled(tmp_path) -> Path:
    """A closed store with one case, one session and a few answers (as bytes on disk)."""
    data = tmp_path / "data"
    with Store.open(data) as s:
        case = s.create_case("YP-A", {"age_band": "14-15"})
        session = s.create_session(case.id, "preparation", "2026-11-01")
        for i in range(20):
            s.save_answer(session.id, f"p-one.q{i}", f"answer {i} " + "words " * 200)
        s.add_action(session.id, "Phone the school", "me", "2026-11-08")
    assert not (data / "reflect.db-wal").exists()
    return data


def cli(capsys, data: Path, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    rc = main(["--data-dir", str(data), *args])
    gc.collect()
    out = capsys.readouterr()
    return rc, out.out, out.err


# =========================================================================== damaged files


def _truncate(n):
    return lambda raw: raw[:n]


def _smash_page(page):
    def apply(raw):
        b = bytearray(raw)
        start = (page - 1) * 4096
        b[start + 8 : start + 4096] = bytes((i * 37 + 11) % 251 for i in range(4096 - 8))
        return bytes(b)

    return apply


def _header(raw):
    return b"SQLite format 2\x00" + raw[16:]


def _page_size(raw):
    return raw[:16] + b"\x00\x03" + raw[18:]


def _text(raw):
    return b"case,answer\nYP-A,hello\n"


def _foreign_db(raw):
    path = Path(os.environ["TMPDIR_FOREIGN"]) / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.execute("INSERT INTO recipes VALUES ('soup')")
    conn.commit()
    conn.close()
    return path.read_bytes()


DAMAGE = {
    "truncated-to-100-bytes": _truncate(100),
    "truncated-to-one-page": _truncate(4096),
    "truncated-mid-file": _truncate(20000),
    "truncated-last-page": _truncate(-4096),
    "cut-mid-page": _truncate(-100),
    "schema-page-smashed": _smash_page(1),
    "table-page-smashed": _smash_page(2),
    "wrong-magic": _header,
    "bad-page-size": _page_size,
    "a-text-file": _text,
    "someone-elses-sqlite-file": _foreign_db,
}


@pytest.mark.parametrize("damage", list(DAMAGE), ids=list(DAMAGE))
def test_damaged_database_is_reported_and_left_alone(filled, capsys, tmp_path, monkeypatch, damage):
    monkeypatch.setenv("TMPDIR_FOREIGN", str(tmp_path))
    db = filled / "reflect.db"
    db.write_bytes(DAMAGE[damage](db.read_bytes()))
    before = file_digests(filled)
    bundle = tmp_path / "b.yaml"
    bundle.write_text(good_bundle(), encoding="utf-8")
    pack = write_mini_pack(tmp_path / "pack")
    for args in (
        ["cases"],
        ["export", "YP-A", "-o", str(tmp_path / "out.yaml")],
        ["--framework", str(pack), "import", str(bundle)],
        ["delete", "YP-A", "--yes"],
    ):
        rc, out, err = cli(capsys, filled, *args)
        assert rc == 2, (args, out, err)
        assert_one_clean_line(err, "reflect.db")
        assert "damaged" in err or "not a reflect database" in err, err
        assert file_digests(filled) == before, f"{args}: the data directory changed"
    assert not (tmp_path / "out.yaml").exists()


def test_damaged_database_through_a_real_process(filled):
    db = filled / "reflect.db"
    db.write_bytes(db.read_bytes()[:20000])
    before = sha(db)
    result = run_reflect("--data-dir", str(filled), "cases")
    assert result.returncode == 2
    assert_one_clean_line(result.stderr, "reflect.db", "damaged")
    assert sha(db) == before
    assert sorted(os.listdir(filled)) == ["reflect.db"]
    # opening the app itself: the same one line, before the screen is touched
    result = run_reflect("--data-dir", str(filled), timeout=30)
    assert result.returncode == 2
    assert_one_clean_line(result.stderr, "reflect.db", "damaged")
    assert "\x1b" not in result.stdout + result.stderr
    assert sha(db) == before


def test_empty_database_file_becomes_a_new_store(tmp_path):
    """A zero-byte reflect.db holds nothing to lose: it is simply set up."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "reflect.db").write_bytes(b"")
    with Store.open(data) as s:
        assert s.list_cases() == []


# =========================================================================== newer versions


def test_store_from_a_newer_reflect_is_refused_untouched(filled, capsys):
    db = filled / "reflect.db"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = file_digests(filled)
    with pytest.raises(StoreError, match="newer reflect"):
        Store.open(filled)
    rc, _, err = cli(capsys, filled, "cases")
    assert rc == 2
    assert_one_clean_line(err, "reflect.db", "newer reflect", "99")
    assert file_digests(filled) == before
    result = run_reflect("--data-dir", str(filled), "delete", "YP-A", "--yes")
    assert result.returncode == 2 and "newer reflect" in result.stderr
    assert file_digests(filled) == before
    result = run_reflect("--data-dir", str(filled), timeout=30)  # the app
    assert result.returncode == 2
    assert_one_clean_line(result.stderr, "newer reflect")
    assert file_digests(filled) == before
    assert not any(name.startswith("reflect.db.bak") for name in os.listdir(filled))


# =========================================================================== upgrades


@pytest.fixture
def next_version(monkeypatch):
    """Pretend this reflect knows one more schema version than the one on disk."""
    target = db_file.SCHEMA_VERSION + 1
    monkeypatch.setattr(db_file, "SCHEMA_VERSION", target)
    monkeypatch.setitem(
        db_file.MIGRATIONS,
        target,
        """
        ALTER TABLE cases ADD COLUMN colour TEXT NOT NULL DEFAULT 'blue';
        CREATE TABLE extra_things (id INTEGER PRIMARY KEY, what TEXT)
    """,
    )
    return target


def test_upgrade_keeps_a_private_copy_first(filled, next_version):
    old = next_version - 1
    db = filled / "reflect.db"
    original_dump = db_dump(db)
    with Store.open(filled) as s:
        assert s._read("PRAGMA user_version")[0][0] == next_version
        assert s._read("SELECT colour FROM cases")[0][0] == "blue"
        assert len(s.get_session(s.latest_session(s.get_case("YP-A").id).id).answers) == 20
    backup = filled / f"reflect.db.bak-{old}"
    assert backup.exists(), sorted(os.listdir(filled))
    assert db_dump(backup) == original_dump, "the backup is not the store as it was"
    # private, like everything else in the folder, after the migration too
    assert_mode(filled, 0o700)
    for path in filled.iterdir():
        assert_mode(path, 0o600)


def test_upgrade_backup_holds_what_another_copy_has_not_checkpointed(filled, next_version):
    """Another copy of reflect holds an old snapshot; the backup must still hold every answer."""
    monkey_version = next_version
    # an older copy (schema N-1) is open and reading while it and a writer add answers
    conn_reader = sqlite3.connect(filled / "reflect.db", isolation_level=None)
    conn_writer = sqlite3.connect(filled / "reflect.db", isolation_level=None)
    conn_writer.execute("PRAGMA journal_mode = WAL")
    conn_reader.execute("BEGIN")
    conn_reader.execute("SELECT COUNT(*) FROM answers").fetchone()
    sid = conn_writer.execute("SELECT id FROM sessions").fetchone()[0]
    conn_writer.execute(
        "INSERT INTO answers (session_id, prompt_id, value, rev, updated) "
        "VALUES (?, 'late', '\"written late\"', 1, 'now')",
        (sid,),
    )
    try:
        with Store.open(filled) as s:
            assert s._read("PRAGMA user_version")[0][0] == monkey_version
    finally:
        conn_reader.execute("COMMIT")
        conn_reader.close()
        conn_writer.close()
    backup = filled / f"reflect.db.bak-{next_version - 1}"
    assert "written late" in db_dump(backup)


def test_failed_upgrade_leaves_the_store_as_it_was(filled, monkeypatch, capsys):
    target = db_file.SCHEMA_VERSION + 1
    monkeypatch.setattr(db_file, "SCHEMA_VERSION", target)
    monkeypatch.setitem(db_file.MIGRATIONS, target, "CREATE TABLE t (x); INSERT INTO no_such_table VALUES (1)")
    dump = db_dump(filled / "reflect.db")
    rc, _, err = cli(capsys, filled, "cases")
    assert rc == 2
    assert_one_clean_line(err, "reflect.db")
    assert db_dump(filled / "reflect.db") == dump, "a half-done migration was left behind"
    conn = sqlite3.connect(filled / "reflect.db")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == target - 1
    conn.close()
    assert (filled / f"reflect.db.bak-{target - 1}").exists()


def test_no_room_for_the_backup_means_no_upgrade(filled, next_version, monkeypatch, capsys):
    real_open = os.open

    def no_space_for_backups(path, *args, **kwargs):
        if ".bak-" in str(path):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_open(path, *args, **kwargs)

    dump = db_dump(filled / "reflect.db")
    monkeypatch.setattr(db_file.os, "open", no_space_for_backups)
    rc, _, err = cli(capsys, filled, "cases")
    monkeypatch.undo()
    assert rc == 2
    assert_one_clean_line(err, "reflect.db.bak-", "backup", "No space left")
    assert db_dump(filled / "reflect.db") == dump
    conn = sqlite3.connect(filled / "reflect.db")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == next_version - 1, "upgraded without a backup"
    conn.close()
    assert not any(".bak-" in name for name in os.listdir(filled))


def test_backup_is_not_overwritten_by_a_second_upgrade(filled, next_version):
    backup = filled / f"reflect.db.bak-{next_version - 1}"
    backup.write_bytes(b"an older backup the user kept")
    with Store.open(filled):
        pass
    assert backup.read_bytes() == b"an older backup the user kept"


# =========================================================================== read-only data directory


def _make_read_only(directory: Path, tmp_path: Path):
    """Make ``directory`` read-only for real; returns an undo function, or skips."""
    if os.name != "posix":
        pytest.skip("a folder's mode means nothing on Windows: its ACL decides who may write there")
    if os.geteuid() != 0:
        directory.chmod(0o500)
        return lambda: directory.chmod(0o700)
    # root ignores permissions: use a read-only bind mount instead, where allowed
    real = tmp_path / "real-data"
    shutil.move(str(directory), real)
    directory.mkdir()
    ok = subprocess.run(["mount", "--bind", str(real), str(directory)], capture_output=True).returncode == 0
    ok = ok and subprocess.run(["mount", "-o", "remount,bind,ro", str(directory)], capture_output=True).returncode == 0
    if not ok:
        subprocess.run(["umount", str(directory)], capture_output=True)
        directory.rmdir()
        shutil.move(str(real), directory)
        pytest.skip("running as root where mounts are not allowed: a read-only folder cannot be made")

    def undo():
        subprocess.run(["umount", str(directory)], check=True)
        directory.rmdir()
        shutil.move(str(real), directory)

    return undo


def test_read_only_data_directory(filled, tmp_path, capsys):
    before = file_digests(filled)
    dump = db_dump(filled / "reflect.db")
    bundle = tmp_path / "b.yaml"
    bundle.write_text(good_bundle(), encoding="utf-8")
    pack = write_mini_pack(tmp_path / "pack")
    undo = _make_read_only(filled, tmp_path)
    try:
        for args in (["--framework", str(pack), "import", str(bundle)], ["delete", "YP-A", "--yes"]):
            rc, out, err = cli(capsys, filled, *args)
            assert rc == 2, (args, out, err)
            assert_one_clean_line(err, "read-only")
        # reading still works, so a store on read-only media can be rescued (F8)
        rc, out, err = cli(capsys, filled, "cases")
        assert rc == 0 and "YP-A" in out, err
        result = run_reflect("--data-dir", str(filled), "--framework", str(pack), "export", "YP-A", "-o", "-")
        assert result.returncode == 0, result.stderr
        assert "label: YP-A" in result.stdout
    finally:
        undo()
    assert file_digests(filled) == before
    assert db_dump(filled / "reflect.db") == dump


def test_read_only_data_directory_without_a_store_yet(tmp_path, capsys):
    parent = tmp_path / "parent"
    parent.mkdir()
    undo = _make_read_only(parent, tmp_path)
    pack = write_mini_pack(tmp_path / "pack")
    (tmp_path / "b.yaml").write_text(good_bundle(), encoding="utf-8")
    try:
        rc, _, err = cli(capsys, parent / "data", "--framework", str(pack), "import", str(tmp_path / "b.yaml"))
        assert rc == 2
        assert_one_clean_line(err, "data")
    finally:
        undo()
    assert not (parent / "data").exists()


def test_read_only_database_file(filled, capsys):
    """A reflect.db the user made read-only is reported, never made writable behind their back."""
    if os.name != "posix":
        pytest.skip("checks POSIX file modes (0400); Windows has a read-only attribute instead")
    if os.geteuid() == 0:
        pytest.skip("root can write to a read-only file")
    db = filled / "reflect.db"
    db.chmod(0o400)
    before = sha(db)
    try:
        rc, _, err = cli(capsys, filled, "delete", "YP-A", "--yes")
        assert rc == 2
        assert_one_clean_line(err, "read-only")
        assert mode_of(db) == 0o400
    finally:
        db.chmod(0o600)
    assert sha(db) == before


# =========================================================================== full disk (injected)


class FailingConnection:
    """A sqlite3 connection that fails the way a full disk does, when armed."""

    def __init__(self, real: sqlite3.Connection, message: str, when=lambda sql: sql.strip().upper() == "COMMIT"):
        self._real = real
        self._message = message
        self._when = when
        self.armed = False
        self.failures = 0

    def _check(self, sql: str) -> None:
        if self.armed and self._when(sql):
            self.failures += 1
            raise sqlite3.OperationalError(self._message)

    def execute(self, sql, params=()):
        self._check(sql)
        return self._real.execute(sql, params)

    def executemany(self, sql, seq):
        self._check(sql)
        return self._real.executemany(sql, seq)

    def __getattr__(self, name):
        return getattr(self._real, name)


@pytest.mark.parametrize("message", ["database or disk is full", "disk I/O error"])
@pytest.mark.parametrize("when", ["commit", "insert"])
def test_full_disk_while_saving_keeps_what_was_saved(filled, message, when):
    store = Store.open(filled)
    case = store.get_case("YP-A")
    sid = store.latest_session(case.id).id
    store.save_answer(sid, "p-one.text", "saved before the disk filled")
    test = (lambda sql: sql.strip().upper() == "COMMIT") if when == "commit" else (lambda sql: "INSERT" in sql.upper())
    failing = FailingConnection(store._conn, message, test)
    store._conn = failing
    failing.armed = True
    with pytest.raises(StoreError) as info:
        store.save_answer(sid, "p-one.text", "typed while the disk was full")
    assert "disk is full" in str(info.value) and "\n" not in str(info.value)
    assert failing.failures == 1
    with pytest.raises(StoreError):
        store.add_action(sid, "another thing")
    # nothing half-written; the store still reads, and works again once there is room
    assert store.answer(sid, "p-one.text")[0] == "saved before the disk filled"
    failing.armed = False
    store.save_answer(sid, "p-one.text", "saved after space was freed")
    store.close()
    with Store.open(filled) as again:
        assert again.answer(sid, "p-one.text")[0] == "saved after space was freed"
        assert again._read("PRAGMA integrity_check")[0][0] == "ok"
        assert [a.what for a in again.actions(sid)] == ["Phone the school"]


def test_full_disk_during_import_changes_nothing(filled, tmp_path, capsys, monkeypatch):
    real_connect = sqlite3.connect
    made = []

    def connect(*args, **kwargs):
        conn = FailingConnection(
            real_connect(*args, **kwargs),
            "database or disk is full",
            lambda sql: "INSERT INTO ANSWERS" in " ".join(sql.upper().split()),
        )
        conn.armed = True
        made.append(conn)
        return conn

    dump = db_dump(filled / "reflect.db")
    db_bytes = sha(filled / "reflect.db")
    bundle = tmp_path / "b.yaml"
    bundle.write_text(good_bundle(), encoding="utf-8")
    pack = write_mini_pack(tmp_path / "pack")
    monkeypatch.setattr(db_file.sqlite3, "connect", connect)
    rc, _, err = cli(capsys, filled, "--framework", str(pack), "import", str(bundle))
    monkeypatch.undo()
    assert rc == 2
    assert_one_clean_line(err, "reflect.db", "disk is full")
    assert made and made[0].failures >= 1
    gc.collect()
    assert db_dump(filled / "reflect.db") == dump, "a half-imported case was left behind"
    assert sha(filled / "reflect.db") == db_bytes


def test_full_disk_while_exporting_keeps_the_old_file(filled, tmp_path, capsys, monkeypatch):
    import reflect.core.paths as paths_module

    target = tmp_path / "out.yaml"
    target.write_text("yesterday's export\n", encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())

    def no_space(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(paths_module.os, "fsync", no_space)
    rc, _, err = cli(capsys, filled, "export", "YP-A", "-o", str(target), "--force")  # replacing: asked for
    monkeypatch.undo()
    assert rc == 2
    assert_one_clean_line(err, "out.yaml", "No space left")
    assert target.read_text(encoding="utf-8") == "yesterday's export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == before, "a temporary file was left"


@pytest.fixture
def tiny_disk(tmp_path):
    """A real 320 KB filesystem (tmpfs), where mounting is allowed (root in a VM); else skip."""
    mnt = tmp_path / "tiny"
    mnt.mkdir()
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=320k,mode=0700", "tmpfs", str(mnt)], capture_output=True, text=True
    )
    if result.returncode != 0:
        pytest.skip(
            f"cannot mount a small tmpfs here ({result.stderr.strip() or 'not allowed'}); "
            "the injected full-disk tests cover this"
        )
    yield mnt
    subprocess.run(["umount", str(mnt)], check=True)


def test_really_full_disk(tiny_disk, capsys, tmp_path):
    data = tiny_disk / "data"
    store = Store.open(data)
    case = store.create_case("YP-FULL")
    sid = store.create_session(case.id, "preparation", "2026-11-01").id
    saved = {}
    error = None
    for i in range(200):
        text = f"answer {i}: " + os.urandom(6000).hex()
        try:
            store.save_answer(sid, f"p.{i}", text)
        except StoreError as exc:
            error = exc
            break
        saved[f"p.{i}"] = text
    assert error is not None, "the tiny disk never filled"
    assert "disk is full" in str(error)
    assert len(saved) >= 3
    for pid, text in saved.items():
        assert store.answer(sid, pid)[0] == text
    store.close()
    # room again: everything saved before the disk filled is there, and the file is sound
    big = tmp_path / "roomy"
    shutil.copytree(data, big)
    with Store.open(big) as again:
        assert again._read("PRAGMA integrity_check")[0][0] == "ok"
        assert again.get_session(sid).answers == saved
    # an export onto the full disk fails cleanly, leaving no half file
    rc, _, err = cli(capsys, big, "export", "YP-FULL", "-o", str(tiny_disk / "out.yaml"))
    assert rc == 2
    assert_one_clean_line(err, "out.yaml")
    assert not (tiny_disk / "out.yaml").exists()
    assert not [p for p in tiny_disk.iterdir() if p.name.startswith(".out")]


# =========================================================================== errors stay one line


def test_unknown_sqlite_errors_are_still_one_line(filled, capsys, monkeypatch):
    store = Store.open(filled)
    failing = FailingConnection(store._conn, "something odd\nhappened\x1b[2J", lambda sql: True)
    store._conn = failing
    failing.armed = True
    with pytest.raises(ReflectError) as info:
        store.list_cases()
    text = str(info.value)
    assert "\n" not in text and "\x1b" not in text
    failing.armed = False
    store.close()


async def test_the_app_keeps_the_text_on_screen_when_the_disk_is_full(tmp_path, framework):
    """Typing while the disk is full: a clear message, the words stay on screen, and
    they are saved once there is room again."""
    from reflect.tui.app import ReflectApp
    from reflect.tui.options import AppOptions

    data = tmp_path / "data"
    with Store.open(data) as s:
        case = s.create_case("YP-A")
        sid = s.create_session(case.id, "preparation", "2026-11-01").id
    pid = framework.principles[0].prompts_for("preparation")[0].id
    store = Store.open(data)
    failing = FailingConnection(store._conn, "database or disk is full")
    store._conn = failing
    app = ReflectApp(store, framework, AppOptions(cursor_blink=False))
    messages: list[str] = []
    real_notify = app.notify
    app.notify = lambda message, *a, **k: (messages.append(str(message)), real_notify(message, *a, **k))[1]
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            await pilot.press("enter")
            for _ in range(20):
                await pilot.pause(0.05)
                if type(app.screen).__name__ == "SessionScreen" and app.focused is not None:
                    break
            failing.armed = True
            await pilot.press(*"Typed on a full disk")
            await pilot.pause(1.0)
            assert failing.failures >= 1, "the app did not try to save"
            assert any("disk is full" in m for m in messages), f"no clear message: {messages}"
            assert "Typed on a full disk" in str(getattr(app.focused, "text", "")), "the words left the screen"
            failing.armed = False  # room again: the next change (or leaving) saves everything
            await pilot.press(*" again")
            await pilot.pause(1.0)
            await pilot.press("escape")
            await pilot.pause(0.3)
    finally:
        store.close()
    with Store.open(data) as again:
        assert again.answer(sid, pid)[0] == "Typed on a full disk again"

"""Names to watch: only keyed hashes in the store, found in any text, always shown, never dismissed."""

from __future__ import annotations

import io
import os
import sqlite3
from pathlib import Path

import pytest

from reflect.cli import main
from reflect.core import textchecks, watch_store
from reflect.core.db_schema import SCHEMA_VERSION
from reflect.core.paths import DB_NAME
from reflect.core.store import Store
from reflect.core.textchecks.watch import WatchList, fold, words_of

NAMES = ["Kyle Osei-Mensah", "Siân"]


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "data")
    yield s
    s.close()


def run(monkeypatch, capsys, data: Path, *argv: str, stdin: str = ""):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(["--data-dir", str(data), *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_store_keeps_hashes_never_the_names(store, tmp_path):
    assert watch_store.add(store, NAMES) == 5  # kyle, osei-mensah, osei, mensah, sian
    store.close()
    raw = b"".join(p.read_bytes() for p in (tmp_path / "data").iterdir() if p.is_file())
    for word in ("Kyle", "kyle", "Mensah", "mensah", "Siân", "sian", "Osei"):
        assert word.encode() not in raw, word
    with sqlite3.connect(tmp_path / "data" / DB_NAME) as c:
        assert c.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        digests = [r[0] for r in c.execute("SELECT digest FROM watched_names")]
    assert len(digests) == len(set(digests)) == len(words_of(" ".join(NAMES)))


def test_words_of_a_name():
    assert words_of("Kyle Osei-Mensah") == ["kyle", "osei-mensah", "osei", "mensah"]
    assert words_of("Zoë O’Neill") == ["zoe", "o'neill", "neill"]
    assert fold("SIÂN") == fold("sian")


def test_every_store_has_its_own_salt(tmp_path):
    a, b = Store.open(tmp_path / "a"), Store.open(tmp_path / "b")
    try:
        watch_store.add(a, ["Kyle"])
        watch_store.add(b, ["Kyle"])
        assert watch_store.load(a).digests.isdisjoint(watch_store.load(b).digests)
    finally:
        a.close()
        b.close()


def test_a_scan_finds_watched_names_in_any_form(store):
    watch_store.add(store, NAMES)
    rules = textchecks.load_rules()
    found = textchecks.scan("KYLE met Sian; Mensah drove. Kylie did not.", rules, watch=watch_store.load(store))
    watched = [(f.text, f.kind) for f in found if f.watched]
    assert watched == [("KYLE", "watched-name"), ("Sian", "watched-name"), ("Mensah", "watched-name")]
    assert all(f.category == "identifying" for f in found if f.watched)
    # told once: not also as an ordinary name
    assert [f.text for f in found].count("Sian") == 1


def test_remove_and_clear(store):
    watch_store.add(store, NAMES)
    assert watch_store.remove(store, ["kyle"]) == 1
    assert len(watch_store.list_watched(store)) == 4
    assert watch_store.clear(store) == 4
    assert not watch_store.load(store)


def test_no_name_is_a_clear_error(store):
    with pytest.raises(Exception, match="no name given"):
        watch_store.add(store, ["123", "  "])


def test_the_command_line(monkeypatch, capsys, tmp_path):
    data = tmp_path / "data"
    code, out, err = run(monkeypatch, capsys, data, "watch", "add", stdin="Kyle Osei-Mensah\nSiân\n")
    assert code == 0 and "watching 5 new word(s)" in err and "Kyle" not in out + err
    code, out, _err = run(monkeypatch, capsys, data, "watch", "list")
    assert code == 0 and out.startswith("5 word(s) watched, added on ") and "Kyle" not in out
    text = tmp_path / "note.txt"
    text.write_text("Kyle was at the flat.\n", encoding="utf-8")
    code, out, _err = run(monkeypatch, capsys, data, "scan", str(text))
    assert code == 1 and out.startswith("1:1: watched-name: Kyle")
    code, out, err = run(monkeypatch, capsys, data, "watch", "remove", stdin="kyle\n")
    assert code == 0 and "stopped watching 1 word(s)" in err
    code, out, err = run(monkeypatch, capsys, data, "watch", "remove", "--all")
    assert code == 0 and "stopped watching 4 word(s)" in err
    code, out, _err = run(monkeypatch, capsys, data, "scan", str(text))
    assert "watched-name" not in out


def test_the_command_line_refuses_bad_input(monkeypatch, capsys, tmp_path):
    data = tmp_path / "data"
    code, _out, err = run(monkeypatch, capsys, data, "watch", "add", stdin="")
    assert code == 2 and err.count("\n") == 1 and "no name given" in err
    code, _out, err = run(monkeypatch, capsys, data, "watch", "list", "--all")
    assert code == 2 and "--all goes with remove" in err
    with pytest.raises(SystemExit) as caught:
        run(monkeypatch, capsys, data, "watch", "rename")
    assert caught.value.code == 2


def test_a_watched_name_in_a_note_is_listed_and_cannot_be_dismissed(store):
    from reflect.core import notes
    from reflect.core.loader import load_framework

    framework = load_framework()
    case = store.create_case("YP-W", {"age_band": "14-15"})
    session = store.create_session(case.id, "preparation")
    prompt = next(p for step in framework.steps for p in step.prompts if p.kind == "text" and not p.private)
    store.save_answer(session.id, prompt.id, "Kyle collects him after school.")
    store.dismiss_finding(session.id, prompt.id, "watched-name:kyle")  # an old dismissal, or a forged one
    watch_store.add(store, ["Kyle"])
    note = notes.render_case_note(store, framework, store.get_case(case.id), session_id=session.id)
    listed = note.split("## Safeguards check")[-1]
    assert "**Possible identifying detail (watched-name)**" in listed and '"Kyle"' in listed


def test_widgets_keep_watched_findings_when_dismissed():
    from reflect.tui.widgets.findings import scan_text

    rules = textchecks.load_rules()
    watch = WatchList.of(os.urandom(32), ["Kyle"])
    with textchecks.watching(watch):
        dismissed = ["watched-name:kyle", "phone:07700 900461"]
        found = scan_text("Kyle said so. Call 07700 900461.", rules, dismissed=dismissed)
    assert [(f.kind, f.watched) for f in found] == [("watched-name", True)]


def test_a_store_from_before_names_to_watch_gains_them_on_open(tmp_path, monkeypatch):
    from reflect.core import db_file

    data = tmp_path / "old"
    # the store as the release before names to watch wrote it
    older = 2  # names to watch came with schema version 3
    with monkeypatch.context() as m:
        m.setattr(db_file, "SCHEMA_VERSION", older)
        with Store.open(data) as s:
            s.create_case("YP-OLD")
            assert s._read("PRAGMA user_version")[0][0] == older
            assert watch_store.load(s) is None  # no tables yet: nothing watched, no error
    with Store.open(data) as s:
        assert s._read("PRAGMA user_version")[0][0] == SCHEMA_VERSION
        assert watch_store.add(s, ["Kyle"]) == 1
        assert s.find_case("YP-OLD") is not None


def test_scan_still_works_when_the_store_cannot_be_read(monkeypatch, capsys, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / DB_NAME).write_bytes(b"not a database at all" * 100)
    text = tmp_path / "t.txt"
    text.write_text("Call 07700 900461.\n", encoding="utf-8")
    code, out, err = run(monkeypatch, capsys, data, "scan", str(text))
    assert code == 1 and out.startswith("1:6: phone:")
    assert "scanning without your names to watch" in err


def test_list_without_a_store_creates_none(monkeypatch, capsys, tmp_path):
    code, out, _err = run(monkeypatch, capsys, tmp_path / "none", "watch", "list")
    assert code == 0 and "no names are watched" in out and not (tmp_path / "none").exists()

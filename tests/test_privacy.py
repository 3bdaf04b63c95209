"""Privacy: file permissions, exports, no network, safe YAML, deletion for good."""

from __future__ import annotations

import ast
import gc
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from netguard import NetworkUsed, attempts, guarded_env, installed_in_child, network_guard, no_network  # noqa: F401
from portable import assert_mode, posix_modes
from reliability_support import REPO, good_bundle, prepared_store, subprocess_env, write_mini_pack

from reflect.cli import main
from reflect.core import db_file
from reflect.core.store import Store

PACKAGE = REPO / "reflect"


def assert_private(directory: Path) -> None:
    assert_mode(directory, 0o700)
    for path in directory.iterdir():
        assert path.is_file(), f"unexpected {path}"
        assert_mode(path, 0o600)


@pytest.fixture
def loose_umask():
    """The most permissive umask: nothing may rely on the user's umask being strict."""
    old = os.umask(0)
    yield
    os.umask(old)


# =========================================================================== permissions


def test_new_store_is_private_while_open_and_after(tmp_path, loose_umask):
    data = tmp_path / "deep" / "data"
    store = Store.open(data)
    case = store.create_case("YP-A")
    sid = store.create_session(case.id, "preparation", "2026-11-01").id
    store.save_answer(sid, "p.x", "words")
    assert (data / "reflect.db-wal").exists(), "expected the write-ahead log while open"
    assert_private(data)
    other = Store.open(data)  # a second copy opening the same store
    other.save_answer(sid, "p.y", "more")
    assert_private(data)
    other.close()
    store.close()
    assert_private(data)


@posix_modes
def test_existing_loose_folder_and_files_are_tightened(tmp_path, loose_umask):
    data = tmp_path / "data"
    prepared_store(data)
    data.chmod(0o755)
    (data / "reflect.db").chmod(0o644)
    with Store.open(data) as s:
        s.list_cases()
        assert_private(data)


def test_private_after_a_migration(tmp_path, monkeypatch, loose_umask):
    data = tmp_path / "data"
    prepared_store(data)
    target = db_file.SCHEMA_VERSION + 1
    monkeypatch.setattr(db_file, "SCHEMA_VERSION", target)
    monkeypatch.setitem(db_file.MIGRATIONS, target, "CREATE TABLE extra (x)")
    with Store.open(data) as s:
        assert s._read("PRAGMA user_version")[0][0] == target
        assert_private(data)
    assert (data / f"reflect.db.bak-{target - 1}").exists()
    assert_private(data)


def test_private_after_delete_and_import(tmp_path, capsys, loose_umask):
    data = tmp_path / "data"
    prepared_store(data)
    pack = write_mini_pack(tmp_path / "pack")
    bundle = tmp_path / "b.yaml"
    bundle.write_text(good_bundle(), encoding="utf-8")
    assert main(["--data-dir", str(data), "--framework", str(pack), "import", str(bundle)]) == 0
    assert_private(data)
    assert main(["--data-dir", str(data), "delete", "YP-NEW", "--yes"]) == 0
    gc.collect()
    assert_private(data)


@pytest.mark.parametrize("existing", [False, True])
def test_exported_bundle_and_note_are_private(tmp_path, capsys, loose_umask, existing):
    data = tmp_path / "data"
    prepared_store(data)
    pack = write_mini_pack(tmp_path / "pack")
    bundle, note = tmp_path / "out" / "case.yaml", tmp_path / "out" / "note.md"
    bundle.parent.mkdir()
    if existing:  # an older export the user left world-readable is replaced, privately
        for path in (bundle, note):
            path.write_text("old", encoding="utf-8")
            path.chmod(0o644)
    force = ["--force"] if existing else []  # replacing a file is never silent (F9)
    assert main(["--data-dir", str(data), "export", "YP-EXIST", "-o", str(bundle), *force]) == 0
    assert main(["--data-dir", str(data), "--framework", str(pack), "note", "YP-EXIST", "-o", str(note), *force]) == 0
    for path in (bundle, note):
        assert_mode(path, 0o600)
        assert path.read_text(encoding="utf-8") != "old"
    assert sorted(p.name for p in bundle.parent.iterdir()) == ["case.yaml", "note.md"], "temporary files left"


def test_every_file_write_in_reflect_goes_through_write_private_text():
    """No module writes a user's file its own way (open(..., 'w'), write_text, ...)."""
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "paths.py" and path.parent.name == "core":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if name in ("write_text", "write_bytes"):
                offenders.append(f"{path.relative_to(REPO)}:{node.lineno}: {name}")
            if name == "open" and not (
                isinstance(func, ast.Attribute)
                and func.attr == "open"
                and isinstance(func.value, ast.Name)
                and func.value.id in ("webbrowser",)
            ):
                modes = [a.value for a in node.args[1:2] if isinstance(a, ast.Constant)]
                modes += [k.value.value for k in node.keywords if k.arg == "mode" and isinstance(k.value, ast.Constant)]
                if any(isinstance(m, str) and set(m) & set("wax+") for m in modes):
                    line = ast.get_source_segment(path.read_text(encoding="utf-8"), node) or ""
                    if "os.devnull" not in line:
                        offenders.append(f"{path.relative_to(REPO)}:{node.lineno}: {line}")
    assert offenders == [], "files written without write_private_text:\n" + "\n".join(offenders)


# =========================================================================== no network


def test_the_guard_catches_network_use():
    """A test of the test: the guard really fails on a socket, a connection or a DNS look-up."""
    with pytest.raises(NetworkUsed), no_network():
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with pytest.raises(NetworkUsed), no_network():
        socket.create_connection(("192.0.2.1", 80), timeout=0.01)
    with pytest.raises(NetworkUsed), no_network():
        try:
            socket.getaddrinfo("example.org", 443)
        except Exception:
            pass  # swallowed by the code under test: still reported
    with no_network():
        a, b = socket.socketpair()  # what asyncio needs is allowed
        a.close()
        b.close()
        u = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        u.close()


def test_command_line_uses_no_network(tmp_path, capsys, network_guard):  # noqa: F811 - a fixture
    data = tmp_path / "data"
    pack = write_mini_pack(tmp_path / "pack")
    bundle = tmp_path / "b.yaml"
    bundle.write_text(good_bundle(), encoding="utf-8")
    text = tmp_path / "t.txt"
    text.write_text("Jo lives at 12 High Street and is streetwise.\n", encoding="utf-8")
    fw = ["--framework", str(pack)]
    runs = [
        ["principles", "--format", "json"],
        ["principles"],
        ["check"],
        [*fw, "check"],
        [*fw, "import", str(bundle)],
        ["cases"],
        ["cases", "--format", "json"],
        [*fw, "note", "YP-NEW"],
        [*fw, "note", "YP-NEW", "--private", "-o", str(tmp_path / "n.md")],
        ["export", "YP-NEW", "-o", str(tmp_path / "x.yaml")],
        ["scan", str(text)],
        ["delete", "YP-NEW", "--yes"],
        ["--version"],
        ["--help"],
    ]
    for args in runs:
        try:
            rc = main(["--data-dir", str(data), *args])
        except SystemExit as exc:  # --version and --help
            rc = exc.code
        assert rc in (0, 1), (args, capsys.readouterr().err)
    assert network_guard.attempts == []


def test_command_line_in_a_child_process_uses_no_network(tmp_path):
    env = guarded_env(tmp_path / "guard", subprocess_env())
    assert installed_in_child(env), "the guard did not load in the child process"
    data = tmp_path / "data"
    pack = write_mini_pack(tmp_path / "pack")
    bundle = tmp_path / "b.yaml"
    bundle.write_text(good_bundle(), encoding="utf-8")
    for args in (
        ["principles"],
        ["--framework", str(pack), "import", str(bundle)],
        ["cases"],
        ["--framework", str(pack), "note", "YP-NEW"],
        ["export", "YP-NEW", "-o", str(tmp_path / "x.yaml")],
        ["delete", "YP-NEW", "--yes"],
    ):
        result = subprocess.run(
            [sys.executable, "-m", "reflect", "--data-dir", str(data), *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=REPO,
            timeout=60,
        )
        assert result.returncode == 0, (args, result.stderr)
    assert attempts(tmp_path / "guard") == []


async def test_the_app_uses_no_network(tmp_path, framework):
    """Open a case and its session, type (text checks run), finish (the note is rendered), leave."""
    from reflect.tui.app import ReflectApp
    from reflect.tui.options import AppOptions

    data = tmp_path / "data"
    with Store.open(data) as s:
        case = s.create_case("YP-NET")
        s.create_session(case.id, "preparation", "2026-11-20")
    with no_network() as guard:
        store = Store.open(data)
        try:
            app = ReflectApp(store, framework, AppOptions(cursor_blink=False))
            async with app.run_test(size=(110, 40)) as pilot:
                await pilot.pause()
                for key in ("enter", "enter"):
                    await pilot.press(key)
                    await pilot.pause(0.3)
                await pilot.press(*"Jo, 12 High Street")
                await pilot.pause(1.2)
                for key in ("f9", "escape", "escape"):
                    await pilot.press(key)
                    await pilot.pause(0.2)
        finally:
            store.close()
    assert guard.attempts == []
    with Store.open(data) as s:
        sid = s.latest_session(s.get_case("YP-NET").id).id
        assert "High Street" in str(s.get_session(sid).answers), "the app was not really used"


#: ``reflect serve`` and its parts: the only modules that may import a network module
SERVE_MODULES = ("tui/serve.py", "tui/serve_guard.py", "tui/serve_room.py", "tui/serve_group.py")


def test_only_serve_may_touch_the_network():
    """Outside serve.py and its parts (guard, room, group view), nothing imports a network module.

    ``urllib.parse`` only quotes text for a link (the group page's); it opens nothing.
    """
    network_modules = {
        "socket",
        "ssl",
        "http",
        "urllib",
        "requests",
        "httpx",
        "aiohttp",
        "websockets",
        "ftplib",
        "smtplib",
        "telnetlib",
        "xmlrpc",
        "textual_serve",
        "asyncio.streams",
    }
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.relative_to(PACKAGE).as_posix() in SERVE_MODULES:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                if name == "urllib.parse":
                    continue
                if name.split(".")[0] in network_modules or name in network_modules:
                    offenders.append(f"{path.relative_to(REPO)}:{node.lineno}: import {name}")
    assert offenders == []


# =========================================================================== YAML only through the safe loader

UNSAFE_YAML = re.compile(
    r"yaml\s*\.\s*(load|load_all|unsafe_load|unsafe_load_all|full_load|full_load_all)\s*\("
    r"|yaml\s*\.\s*(C?Loader|C?FullLoader|C?UnsafeLoader|UnsafeConstructor|FullConstructor|Constructor)\b"
    r"|from\s+yaml\s+import\s+[^\n]*\b(load|load_all|unsafe_load|full_load|Loader|FullLoader|UnsafeLoader|CLoader)\b"
)


def test_yaml_is_read_only_with_the_safe_loader():
    hits = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if UNSAFE_YAML.search(line.split("#", 1)[0] if "yaml.load(text, Loader=_Loader)" not in line else ""):
                hits.append(f"{path.relative_to(REPO)}:{lineno}: {line.strip()}")
    assert hits == [], "YAML read other than through safeyaml's SafeLoader:\n" + "\n".join(hits)
    # the one allowed call really uses a SafeLoader subclass, and nothing unsafe
    source = (PACKAGE / "core" / "safeyaml.py").read_text(encoding="utf-8")
    assert source.count("yaml.load(") == 1 and "Loader=_Loader" in source
    import yaml

    from reflect.core import safeyaml

    assert issubclass(safeyaml._Loader, yaml.constructor.SafeConstructor)
    assert not issubclass(safeyaml._Loader, yaml.constructor.FullConstructor)


def test_the_yaml_grep_would_catch_unsafe_use():
    """A test of the test: the pattern finds each unsafe form."""
    for line in (
        "data = yaml.load(fh)",
        "yaml.unsafe_load(s)",
        "yaml.load(s, Loader=yaml.FullLoader)",
        "yaml.full_load(s)",
        "from yaml import Loader",
        "yaml.load_all(s, yaml.Loader)",
        "x = yaml . load (s)",
    ):
        assert UNSAFE_YAML.search(line), line
    for line in ("yaml.safe_load(s)", "yaml.safe_dump(d)", "yaml.SafeLoader"):
        assert not UNSAFE_YAML.search(line), line


# =========================================================================== deleting a case for good

SECRETS = {
    "label": "YP-ZEBRA-QX7",
    "answer": "Kestrel-Umbrella-4471 told me about the flat on Lantern Road",
    "summary": "Quartz-Heron-0923 is the worry I want to bring",
    "action": "Phone Marigold-Otter-5150 at the school",
    "reason": "Set aside because Violet-Comet-2288 was off sick",
    "context": "Nimbus-Falcon-3306",
}


def _fill_secret_case(store: Store) -> int:
    case = store.create_case(SECRETS["label"], {"age_band": "14-15", "notes": SECRETS["context"]})
    sid = store.create_session(case.id, "supervision", "2026-11-02").id
    for i in range(40):  # many revisions: old versions of the text end up in freed pages and the log
        store.save_answer(sid, "p-one.text", f"{SECRETS['answer']} (draft {i}) " + "more words " * i)
    store.save_answer(sid, "p-two.a", SECRETS["answer"])
    store.save_summary(sid, "questions", SECRETS["summary"])
    store.add_action(sid, SECRETS["action"], "me", "2026-12-01")
    store.set_status(sid, "p-two", "set-aside", SECRETS["reason"])
    return case.id


TOKENS = {
    what: re.search(r"[A-Z][a-z]+-[A-Z][a-z]+-\d{4}|YP-ZEBRA-QX7", text).group() for what, text in SECRETS.items()
}


def _leftovers(directory: Path) -> list[str]:
    """Which secrets (by their unique token) are still in any file's bytes."""
    found = []
    for path in directory.iterdir():
        raw = path.read_bytes()
        for what, token in TOKENS.items():
            if token.encode("utf-8") in raw or token.encode("utf-16-le") in raw:
                found.append(f"{what} in {path.name}")
    return found


def test_delete_leaves_no_trace_in_any_file(tmp_path, capsys):
    data = tmp_path / "data"
    keep_sid = prepared_store(data, "YP-KEEP", "this case stays")
    with Store.open(data) as s:
        _fill_secret_case(s)
    assert _leftovers(data), "the test would not notice leftovers"
    assert main(["--data-dir", str(data), "delete", SECRETS["label"], "--yes"]) == 0
    gc.collect()
    assert _leftovers(data) == []
    with Store.open(data) as s:  # the other case is untouched
        assert s.answer(keep_sid, "p-one.text")[0] == "this case stays"
        assert [c.label for c in s.list_cases()] == ["YP-KEEP"]


def test_delete_while_another_copy_is_open(tmp_path):
    data = tmp_path / "data"
    prepared_store(data, "YP-KEEP")
    app_copy = Store.open(data)  # the app, open in another terminal
    with Store.open(data) as s:
        case_id = _fill_secret_case(s)
    assert (data / "reflect.db-wal").exists()
    app_copy.list_cases()
    with Store.open(data) as s:
        s.delete_case(case_id)
    assert _leftovers(data) == [], "deleted text left in the store while another copy was open"
    assert [c.label for c in app_copy.list_cases()] == ["YP-KEEP"]
    app_copy.close()
    assert _leftovers(data) == []


def test_delete_also_clears_backups_from_upgrades(tmp_path, monkeypatch, capsys):
    data = tmp_path / "data"
    prepared_store(data, "YP-KEEP", "kept in the backup")
    with Store.open(data) as s:
        _fill_secret_case(s)
    target = db_file.SCHEMA_VERSION + 1
    monkeypatch.setattr(db_file, "SCHEMA_VERSION", target)
    monkeypatch.setitem(db_file.MIGRATIONS, target, "CREATE TABLE extra (x)")
    with Store.open(data):
        pass
    backup = data / f"reflect.db.bak-{target - 1}"
    assert backup.exists() and _leftovers(data), "the backup should hold the case before the delete"
    assert main(["--data-dir", str(data), "delete", SECRETS["label"], "--yes"]) == 0
    gc.collect()
    assert _leftovers(data) == []
    if backup.exists():  # cleaned rather than removed: the other case is still in it
        import sqlite3

        conn = sqlite3.connect(backup)
        assert [r[0] for r in conn.execute("SELECT label FROM cases")] == ["YP-KEEP"]
        conn.close()
    assert_private(data)


def test_the_template_cache_holds_no_case_text(tmp_path, capsys, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("REFLECT_CACHE_DIR", str(cache))
    from reflect.core import notes

    notes.clear_caches()
    data = tmp_path / "data"
    with Store.open(data) as s:
        _fill_secret_case(s)
    pack = write_mini_pack(tmp_path / "pack")
    for extra in ([], ["--private"]):
        assert main(["--data-dir", str(data), "--framework", str(pack), "note", SECRETS["label"], *extra]) == 0
    assert TOKENS["answer"] in capsys.readouterr().out, "the note should hold the answer (else this proves nothing)"
    files = [p for p in cache.rglob("*") if p.is_file()] if cache.exists() else []
    for path in files:
        raw = path.read_bytes()
        for what, token in TOKENS.items():
            assert token.encode() not in raw, f"{what} in the cache: {path}"
    if cache.exists():
        assert_mode(cache, 0o700)


def test_delete_without_yes_refuses_when_not_interactive(tmp_path):
    data = tmp_path / "data"
    with Store.open(data) as s:
        _fill_secret_case(s)
    result = subprocess.run(
        [sys.executable, "-m", "reflect", "--data-dir", str(data), "delete", SECRETS["label"]],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        cwd=REPO,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 2 and "--yes" in result.stderr
    with Store.open(data) as s:
        assert s.find_case(SECRETS["label"]) is not None

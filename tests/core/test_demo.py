"""The demo's throwaway folders: a running demo is known by its lock, never by a process id.

A demo that is killed, or whose Windows console is closed, cannot remove its
own folder; the next demo does, once no process holds that folder's lock.
These tests hold and drop the locks from real child processes, so they show
the operating system's own release of a lock when a process ends.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reflect.core import demo
from reflect.core.demo import LOCK_FILE, LOCK_GRACE, ORPHAN_AGE, PREFIX, close_demo, open_demo_store, sweep_stale_demos

HOLD = """
import sys
from filelock import FileLock
lock = FileLock(sys.argv[1], thread_local=False)
lock.acquire(timeout=5)
print("held", flush=True)
sys.stdin.read()  # hold the lock until the test closes our standard input, or kills us
"""


def _folder(root: Path, name: str) -> Path:
    folder = root / f"{PREFIX}{name}"
    folder.mkdir(mode=0o700)
    (folder / "reflect.db").write_bytes(b"")
    return folder


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def _holder(folder: Path) -> subprocess.Popen[str]:
    """A child process holding ``folder``'s lock, as a running demo does."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(folder / LOCK_FILE)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


@pytest.fixture
def no_signals(monkeypatch):
    """Any attempt to signal a process fails the test: on Windows ``os.kill(pid, 0)`` sends Ctrl+C."""

    def refuse(*_args):
        raise AssertionError("the demo must never signal a process")

    monkeypatch.setattr(os, "kill", refuse)


def test_a_killed_demo_is_removed_and_a_running_one_is_kept(tmp_path):
    running, killed = _folder(tmp_path, "running"), _folder(tmp_path, "killed")
    keep, gone = _holder(running), _holder(killed)
    try:
        gone.kill()  # no clean-up runs: the system lets go of the lock
        gone.wait()
        for folder in (running, killed):
            _age(folder / LOCK_FILE, LOCK_GRACE + 5)
        other = tmp_path / "not-a-demo"
        other.mkdir()
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(os, "kill", lambda *_: pytest.fail("the demo must never signal a process"))
            assert sweep_stale_demos(tmp_path) == [killed]
        assert not killed.exists() and running.exists() and other.exists()
    finally:
        keep.stdin.close()  # type: ignore[union-attr]
        keep.wait()
    # once the running demo has ended, its folder goes too
    assert sweep_stale_demos(tmp_path) == [running]


def test_a_new_lock_is_left_alone_even_when_free(tmp_path, no_signals):
    """A demo that has just made its lock file may not hold the lock yet."""
    folder = _folder(tmp_path, "starting")
    (folder / LOCK_FILE).write_bytes(b"")
    assert sweep_stale_demos(tmp_path) == []
    _age(folder / LOCK_FILE, LOCK_GRACE + 5)
    assert sweep_stale_demos(tmp_path) == [folder]


def test_a_folder_without_a_lock_goes_only_when_old(tmp_path, no_signals):
    """Being made (no lock file yet), or left by a version of reflect before locks."""
    young, old = _folder(tmp_path, "young"), _folder(tmp_path, "old")
    (old / "owner.pid").write_text("12345", encoding="ascii")  # the old way: a process id, never signalled now
    _age(old, ORPHAN_AGE + 5)
    assert sweep_stale_demos(tmp_path) == [old]
    assert young.exists()


@pytest.mark.skipif(not hasattr(os, "symlink") or os.name != "posix", reason="a link to a folder (POSIX)")
def test_a_link_named_like_a_demo_is_never_followed(tmp_path, no_signals):
    target = tmp_path / "precious"
    target.mkdir()
    (target / "keep.txt").write_text("mine", encoding="utf-8")
    (tmp_path / f"{PREFIX}link").symlink_to(target, target_is_directory=True)
    assert sweep_stale_demos(tmp_path) == []
    assert (target / "keep.txt").exists()


def test_open_and_close_a_demo_with_no_posix_only_call(tmp_path, monkeypatch, no_signals, framework):
    """The demo's whole life on a system without getuid or geteuid, as on Windows."""
    monkeypatch.setattr(demo.tempfile, "tempdir", str(tmp_path))
    for name in ("getuid", "geteuid"):
        monkeypatch.delattr(os, name, raising=False)
    store, folder, case = open_demo_store(framework)
    second = open_demo_store(framework)  # a second tab of ``reflect serve``: the first is left running
    try:
        assert folder.parent == tmp_path and (folder / LOCK_FILE).exists()
        assert [c.label for c in store.list_cases()] == [case.label]
        _age(folder / LOCK_FILE, LOCK_GRACE + 5)
        assert sweep_stale_demos() == []  # this process holds both locks
        assert folder.exists() and second[1].exists()
    finally:
        close_demo(*second[:2])
        close_demo(store, folder)
    assert not folder.exists() and not second[1].exists()
    assert demo._held == {}

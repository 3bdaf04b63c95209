"""Crash safety: kill the app with SIGKILL while the user is typing.

The real program (``python -m reflect --data-dir D``) runs under a
pseudo-terminal; the test opens the prepared case and session with the keys
a user would press, types the way a person does (a key every ~0.1 s, without
pausing), and kills the process mid-word. On reopening, everything typed
more than one second before the kill must be in the store.

The child runs under the network guard too, so this also shows the app opens
no network socket while it runs.
"""

from __future__ import annotations

import os
import select
import signal
import struct
import sys
import threading
import time
from pathlib import Path

import pytest
from netguard import attempts, guarded_env
from reliability_support import REPO, subprocess_env

from reflect.core.store import Store

pytestmark = pytest.mark.skipif(
    not hasattr(os, "fork") or sys.platform == "win32", reason="needs a POSIX pseudo-terminal"
)
# POSIX-only modules, reached here so that Windows skips this file instead of failing to collect it
fcntl = pytest.importorskip("fcntl", reason="needs a POSIX pseudo-terminal")
pty = pytest.importorskip("pty", reason="needs a POSIX pseudo-terminal")
termios = pytest.importorskip("termios", reason="needs a POSIX pseudo-terminal")

PROMPT = "children-first.whole-person"  # the first question of the first principle (built-in pack)
LABEL = "YP-CRASH"


def _app_or_skip() -> None:
    from reflect.core.loader import load_framework

    fw = load_framework()
    first = fw.principles[0].prompts_for("preparation")[0]
    if first.id != PROMPT or first.kind != "text":
        pytest.skip(f"the built-in pack's first question is {first.id} ({first.kind}), not {PROMPT}")


class Terminal:
    """A child process on a pseudo-terminal, with its output drained in the background."""

    def __init__(self, argv: list[str], env: dict, cols: int = 120, rows: int = 40):
        pid, fd = pty.fork()
        if pid == 0:  # the child: become the program
            try:
                os.chdir(REPO)
                os.execve(sys.executable, [sys.executable, *argv], env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.output = bytearray()
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        while True:
            try:
                ready, _, _ = select.select([self.fd], [], [], 0.1)
                if ready:
                    chunk = os.read(self.fd, 65536)
                    if not chunk:
                        return
                    with self._lock:
                        self.output += chunk
            except OSError:
                return

    def text(self) -> str:
        with self._lock:
            return self.output.decode("utf-8", "replace")

    def mark(self) -> int:
        with self._lock:
            return len(self.output)

    def wait_for(self, needle: str, timeout: float, since: int = 0) -> bool:
        """Wait until ``needle`` appears in what the app drew (after ``since``)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            with self._lock:
                seen = self.output[since:].decode("utf-8", "replace")
            if needle in seen:
                return True
            if self.exited():
                return False
            time.sleep(0.05)
        return False

    def send(self, data: str) -> None:
        os.write(self.fd, data.encode("utf-8"))

    def exited(self) -> bool:
        pid, _ = os.waitpid(self.pid, os.WNOHANG)
        if pid:
            self.pid = 0
        return self.pid == 0

    def kill(self) -> None:
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self.pid = 0

    def close(self) -> None:
        self.kill()
        try:
            os.close(self.fd)
        except OSError:
            pass


def _saved(data: Path) -> str:
    with Store.open(data) as store:
        case = store.get_case(LABEL)
        value, _ = store.answer(store.latest_session(case.id).id, PROMPT)
    return value or ""


def _wait_saved(data: Path, expected: str, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if _saved(data).startswith(expected):
            return True
        time.sleep(0.1)
    return False


def _prepare(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    with Store.open(data) as store:
        case = store.create_case(LABEL)
        store.create_session(case.id, "preparation", "2026-11-20")
    return data


def _open_session(term: Terminal, data: Path) -> None:
    """The keys a user presses: Enter on the case, Enter on its session; then check typing saves."""
    assert term.wait_for(LABEL, 30), f"the app did not show the case list:\n{term.text()[-2000:]}"
    time.sleep(0.3)
    mark = term.mark()
    term.send("\r")  # open the case (the case list has the focus)
    assert term.wait_for("Start a session", 15, since=mark), "the case screen did not open"
    time.sleep(0.3)
    mark = term.mark()
    term.send("\r")  # open its session (the session list has the focus)
    assert term.wait_for("preparation", 15, since=mark), "the session did not open"
    time.sleep(0.5)
    term.send("Start. ")  # the first question's editor has the focus
    assert _wait_saved(data, "Start.", 15), "typing in the session never reached the store:\n" + term.text()[-1500:]


WORDS = [
    "She",
    "likes",
    "football",
    "and",
    "drawing,",
    "and",
    "she",
    "is",
    "close",
    "to",
    "her",
    "nan",
    "who",
    "lives",
    "two",
    "streets",
    "away.",
    "She",
    "wants",
    "to",
    "be",
    "a",
    "paramedic.",
] + [""]


@pytest.mark.parametrize("end", ["sigkill", "terminal-closed"])
def test_crash_while_typing_keeps_everything_typed_a_second_before(tmp_path, end):
    """Typing without a pause (a key every 0.09 s) for three seconds, then the process dies."""
    _app_or_skip()
    data = _prepare(tmp_path)
    guard = tmp_path / "guard"
    env = guarded_env(guard, subprocess_env(TERM="xterm-256color", REFLECT_CURSOR_BLINK="0"))
    for name in ("NO_COLOR", "TEXTUAL", "FORCE_COLOR"):
        env.pop(name, None)
    term = Terminal(["-m", "reflect", "--data-dir", str(data)], env)
    try:
        _open_session(term, data)
        typed = "Start. "
        history: list[tuple[float, str]] = [(time.monotonic(), typed)]
        start = time.monotonic()
        index = 0
        while time.monotonic() - start < 3.0:
            for ch in WORDS[index % len(WORDS)] + " ":
                term.send(ch)
                typed += ch
                history.append((time.monotonic(), typed))
                time.sleep(0.09)
            index += 1
        end_time = time.monotonic()
        if end == "sigkill":
            term.kill()
        else:  # the terminal window is closed: the app gets a hang-up; give it 5 s to go
            os.close(term.fd)
            deadline = time.monotonic() + 5
            while not term.exited() and time.monotonic() < deadline:
                time.sleep(0.05)
    finally:
        term.close()

    saved = _saved(data)
    must_have = max((text for when, text in history if when <= end_time - 1.0), key=len)
    assert typed.startswith(saved), f"the store holds text that was never typed: {saved!r}"
    assert saved.startswith(must_have.rstrip()), (
        f"lost words typed more than a second before the end ({end}):\n"
        f" typed by then: {must_have!r}\n saved:         {saved!r}"
    )
    with Store.open(data) as store:
        assert store._read("PRAGMA integrity_check")[0][0] == "ok"
    assert attempts(guard) == [], f"the app used the network: {attempts(guard)}"


def test_sigkill_after_a_pause_keeps_the_whole_paragraph(tmp_path):
    """The common case: a pause in typing (reading the next question), then the crash."""
    _app_or_skip()
    data = _prepare(tmp_path)
    term = Terminal(["-m", "reflect", "--data-dir", str(data)], subprocess_env(TERM="xterm-256color"))
    try:
        _open_session(term, data)
        paragraph = "Nan says she is calmer since the move. Ask school about lunchtimes."
        for ch in paragraph:
            term.send(ch)
            time.sleep(0.01)
        time.sleep(1.0)  # a second's pause, then the crash
        term.kill()
    finally:
        term.close()
    assert _saved(data) == "Start. " + paragraph

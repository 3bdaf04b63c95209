"""A guard that fails a test if reflect opens a network socket.

In-process: :func:`no_network` (a context manager) and the ``network_guard``
fixture replace ``socket.socket``, ``socket.create_connection``, DNS look-ups
and ``asyncio``'s connection helpers, allowing only what asyncio itself needs
to run an event loop (``AF_UNIX`` sockets, ``socketpair``).

In a child process: :func:`guarded_env` returns an environment whose
``PYTHONPATH`` starts with a folder holding a ``sitecustomize.py`` that
installs the same guard at start-up and appends every attempt to a log file,
so a test can run ``python -m reflect ...`` (or the app under a terminal) and
then read :func:`attempts`.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ALLOWED_FAMILIES = {socket.AF_UNIX}
LOG_ENV = "REFLECT_NETGUARD_LOG"


class NetworkUsed(AssertionError):
    """reflect tried to use the network."""


class _Guard:
    def __init__(self, log: Path | None = None):
        self.attempts: list[str] = []
        self.log = log
        self._saved: list[tuple[object, str, object]] = []

    def record(self, what: str) -> NetworkUsed:
        self.attempts.append(what)
        if self.log is not None:
            try:
                with open(self.log, "a", encoding="utf-8") as fh:
                    fh.write(what + "\n")
            except OSError:
                pass
        return NetworkUsed(f"reflect tried to use the network: {what}")

    def _patch(self, owner: object, name: str, value: object) -> None:
        self._saved.append((owner, name, getattr(owner, name)))
        setattr(owner, name, value)

    def install(self) -> _Guard:
        guard = self
        real_socket = socket.socket

        class GuardedSocket(real_socket):  # type: ignore[misc, valid-type]
            def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
                fam = socket.AF_INET if family == -1 and fileno is None else family
                if fileno is None and fam not in ALLOWED_FAMILIES:
                    raise guard.record(f"socket(family={fam!r})")
                super().__init__(family, type, proto, fileno)

            def connect(self, address):
                if self.family not in ALLOWED_FAMILIES:
                    raise guard.record(f"connect({address!r})")
                return super().connect(address)

            def bind(self, address):
                if self.family not in ALLOWED_FAMILIES:
                    raise guard.record(f"bind({address!r})")
                return super().bind(address)

        def refuse(name: str):
            def blocked(*args, **kwargs):
                raise guard.record(f"{name}{args!r}")

            return blocked

        def refuse_async(name: str):
            async def blocked(self, *args, **kwargs):
                raise guard.record(f"{name}{args!r}")

            return blocked

        self._patch(socket, "socket", GuardedSocket)
        for name in (
            "create_connection",
            "create_server",
            "getaddrinfo",
            "gethostbyname",
            "gethostbyname_ex",
            "gethostbyaddr",
        ):
            if hasattr(socket, name):
                self._patch(socket, name, refuse(f"socket.{name}"))
        loop_cls = asyncio.base_events.BaseEventLoop
        for name in ("create_connection", "create_server", "create_datagram_endpoint", "getaddrinfo"):
            self._patch(loop_cls, name, refuse_async(f"loop.{name}"))
        return self

    def uninstall(self) -> None:
        while self._saved:
            owner, name, value = self._saved.pop()
            setattr(owner, name, value)


@contextlib.contextmanager
def no_network() -> Iterator[_Guard]:
    """Fail on any network use inside the block (and report it even if swallowed)."""
    guard = _Guard().install()
    try:
        yield guard
    finally:
        guard.uninstall()
    if guard.attempts:
        raise NetworkUsed("reflect tried to use the network: " + "; ".join(guard.attempts[:5]))


@pytest.fixture
def network_guard() -> Iterator[_Guard]:
    with no_network() as guard:
        yield guard


# --------------------------------------------------------------------------- child processes

SITECUSTOMIZE = """\
import os, sys
sys.path.insert(0, {tests!r})
try:
    import netguard
    netguard._Guard(log=os.environ.get({env!r}) and __import__("pathlib").Path(os.environ[{env!r}])).install()
finally:
    sys.path.remove({tests!r})
"""


def guarded_env(folder: Path, base: dict | None = None) -> dict:
    """An environment for a child Python that records and refuses network use."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sitecustomize.py").write_text(
        SITECUSTOMIZE.format(tests=str(Path(__file__).resolve().parent), env=LOG_ENV), encoding="utf-8"
    )
    env = dict(base if base is not None else os.environ)
    parts = [str(folder)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    env["PYTHONPATH"] = os.pathsep.join(parts)
    env[LOG_ENV] = str(folder / "attempts.log")
    return env


def attempts(folder: Path) -> list[str]:
    log = folder / "attempts.log"
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def installed_in_child(env: dict) -> bool:
    """Whether the guard really loads in a child (a test of the test)."""
    import subprocess

    code = "import socket\ntry:\n    socket.socket(socket.AF_INET)\nexcept AssertionError:\n    print('guarded')\n"
    probe = dict(env, **{LOG_ENV: env[LOG_ENV] + ".probe"})  # keep the real log for reflect's own attempts
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=probe, timeout=30)
    return out.stdout.strip() == "guarded"

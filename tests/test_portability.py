"""No POSIX-only call outside a platform-guarded branch, in the code, the scripts or the tests.

Practitioners mostly work on Windows laptops, where ``os.getuid`` does not
exist, ``os.kill(pid, 0)`` sends Ctrl+C instead of testing a process, and
``fcntl``, ``pwd`` or ``termios`` cannot be imported. Nothing here runs on
Windows in CI, so this test reads the source instead: every use of a
POSIX-only name must sit where only POSIX reaches it, which means one of

- inside an ``if`` (or a conditional expression) whose test names the
  platform (``os.name``, ``sys.platform``, ``hasattr``…), or after an early
  ``return``/``skip`` on such a test in the same block;
- inside ``try`` that catches ``ImportError`` or ``AttributeError``;
- in a test skipped on Windows (a ``skipif`` naming the platform on the
  function, its class, or the module's ``pytestmark``), or in a module that
  skips itself at the top.

``getattr(os, "getuid", None)`` is the portable way to reach such a name and
is never flagged.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FOLDERS = ("reflect", "scripts", "benchmarks", "tests")

POSIX_MODULES = {"pwd", "grp", "fcntl", "termios", "tty", "pty", "resource", "posix", "syslog", "crypt", "curses"}
POSIX_ATTRS = {
    "os": {
        "getuid",
        "geteuid",
        "getgid",
        "getegid",
        "kill",
        "killpg",
        "getpgid",
        "setsid",
        "fork",
        "forkpty",
        "fchmod",
        "fchown",
        "chown",
        "lchown",
        "mkfifo",
        "mknod",
        "getloadavg",
        "setpgrp",
        "wait3",
        "wait4",
        "O_NOFOLLOW",
        "sync",
    },
    "signal": {
        "SIGKILL",
        "SIGHUP",
        "SIGQUIT",
        "SIGUSR1",
        "SIGUSR2",
        "SIGALRM",
        "SIGCHLD",
        "SIGPIPE",
        "SIGTSTP",
        "SIGCONT",
        "SIGWINCH",
        "alarm",
        "setitimer",
        "pthread_kill",
    },
}
PLATFORM = re.compile(r"os\.name|sys\.platform|platform\.system|hasattr\(|posix|windows|win32|\bnt\b", re.IGNORECASE)


def _mentions_platform(node: ast.AST | None) -> bool:
    return node is not None and PLATFORM.search(ast.unparse(node)) is not None


def _skips_on_platform(decorators: list[ast.expr]) -> bool:
    return any("skip" in ast.unparse(d) and _mentions_platform(d) for d in decorators)


def _exits(body: list[ast.stmt]) -> bool:
    """Whether a block always leaves: return, raise, continue or a pytest skip."""
    last = body[-1]
    if isinstance(last, ast.Return | ast.Raise | ast.Continue):
        return True
    return isinstance(last, ast.Expr) and "skip" in ast.unparse(last.value)


def _catches_missing(handlers: list[ast.ExceptHandler]) -> bool:
    names = " ".join(ast.unparse(h.type) for h in handlers if h.type is not None)
    return "ImportError" in names or "AttributeError" in names or "ModuleNotFoundError" in names


class _Finder(ast.NodeVisitor):
    """Collect unguarded POSIX-only names; ``guarded`` counts the platform guards around a node."""

    def __init__(self) -> None:
        self.found: list[tuple[int, str]] = []
        self.guarded = 0
        self.module_skipped = False  # a pytestmark skip guards the tests, not the module's own imports

    # ---- guards
    def _block(self, body: list[ast.stmt]) -> None:
        guarded_from_here = False
        for stmt in body:
            if guarded_from_here:
                self.guarded += 1
            self.visit(stmt)
            if guarded_from_here:
                self.guarded -= 1
            if isinstance(stmt, ast.If) and _mentions_platform(stmt.test) and _exits(stmt.body):
                guarded_from_here = True
            if isinstance(stmt, ast.Expr) and "skip" in ast.unparse(stmt) and "allow_module_level" in ast.unparse(stmt):
                guarded_from_here = True

    def visit_Module(self, node: ast.Module) -> None:
        pytestmark = [s for s in node.body if isinstance(s, ast.Assign) and "pytestmark" in ast.unparse(s.targets[0])]
        self.module_skipped = any("skip" in ast.unparse(s.value) and _mentions_platform(s.value) for s in pytestmark)
        self._block(node.body)

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        skip = self.module_skipped or _skips_on_platform(node.decorator_list)
        self.guarded += skip
        for decorator in node.decorator_list:
            self.visit(decorator)
        self._block(node.body)
        self.guarded -= skip

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]
    visit_ClassDef = visit_FunctionDef  # type: ignore[assignment]

    def visit_If(self, node: ast.If) -> None:
        self.visit(node.test)
        guard = _mentions_platform(node.test)
        self.guarded += guard
        self._block(node.body)
        self._block(node.orelse)
        self.guarded -= guard

    def visit_IfExp(self, node: ast.IfExp) -> None:
        guard = _mentions_platform(node.test)
        self.guarded += guard
        self.generic_visit(node)
        self.guarded -= guard

    def visit_Try(self, node: ast.Try) -> None:
        guard = _catches_missing(node.handlers)
        self.guarded += guard
        self._block(node.body)
        self.guarded -= guard
        for handler in node.handlers:
            self._block(handler.body)
        self._block(node.orelse)
        self._block(node.finalbody)

    # ---- what is looked for
    def _flag(self, node: ast.AST, what: str) -> None:
        if not self.guarded:
            self.found.append((getattr(node, "lineno", 0), what))

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.name.split(".")[0] in POSIX_MODULES:
                self._flag(node, f"import {alias.name}")

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        if module.split(".")[0] in POSIX_MODULES:
            self._flag(node, f"from {module} import …")
        for alias in node.names:
            if alias.name in POSIX_ATTRS.get(module, ()):
                self._flag(node, f"from {module} import {alias.name}")

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if isinstance(node.value, ast.Name) and node.attr in POSIX_ATTRS.get(node.value.id, ()):
            self._flag(node, f"{node.value.id}.{node.attr}")
        self.generic_visit(node)


def posix_only_uses(source: str) -> list[tuple[int, str]]:
    """The unguarded POSIX-only names in ``source``, as (line, what)."""
    finder = _Finder()
    finder.visit(ast.parse(source))
    return finder.found


def _python_files() -> list[Path]:
    files: list[Path] = []
    for folder in FOLDERS:
        files += [p for p in sorted((REPO / folder).rglob("*.py")) if "__snapshots__" not in p.parts]
    return files


def test_no_posix_only_call_outside_a_platform_guard():
    found = [
        f"{path.relative_to(REPO)}:{line}: {what}"
        for path in _python_files()
        for line, what in posix_only_uses(path.read_text(encoding="utf-8"))
    ]
    assert not found, "POSIX-only, with no platform guard (see this test's docstring):\n" + "\n".join(found)


@pytest.mark.parametrize(
    "source",
    [
        "import os\nos.getuid()\n",
        "import fcntl\n",
        "from pwd import getpwuid\n",
        "from os import geteuid\n",
        "import os\ndef f(pid):\n    os.kill(pid, 0)\n",
        "import signal, os\nos.kill(1, signal.SIGKILL)\n",
        "try:\n    import termios\nexcept OSError:\n    pass\n",
        "import os\nif ready:\n    os.getuid()\n",
        "import sys, pytest\npytestmark = pytest.mark.skipif(sys.platform == 'win32', reason='x')\nimport pty\n",
    ],
)
def test_the_check_finds_a_posix_only_call(source):
    assert posix_only_uses(source), source


@pytest.mark.parametrize(
    "source",
    [
        "import os\nuid = getattr(os, 'getuid', None)\n",
        "import os\nif os.name == 'posix':\n    os.getuid()\n",
        "import sys, os\nx = os.geteuid() if sys.platform != 'win32' else 0\n",
        "try:\n    import fcntl\nexcept ImportError:\n    fcntl = None\n",
        "import os\ndef f():\n    if os.name != 'posix':\n        return\n    os.kill(1, 0)\n",
        "import os, sys, pytest\n@pytest.mark.skipif(sys.platform == 'win32', reason='x')\n"
        "def test():\n    os.getuid()\n",
        "import os, sys, pytest\npytestmark = pytest.mark.skipif(sys.platform == 'win32', reason='x')\n"
        "def test():\n    os.getuid()\n",
        "import sys, pytest\nif sys.platform == 'win32':\n    pytest.skip('x', allow_module_level=True)\nimport pty\n",
    ],
)
def test_the_check_accepts_a_guarded_call(source):
    assert posix_only_uses(source) == [], source


# --------------------------------------------------------------------------- text files are UTF-8 everywhere


def text_io_without_encoding(source: str) -> list[tuple[int, str]]:
    """Text reads and writes that would use the system's code page (cp1252 on a UK Windows laptop).

    ``open``, ``os.fdopen``, ``Path.read_text`` and ``Path.write_text`` in
    text mode need ``encoding=`` until Python makes UTF-8 the default (3.15).
    """
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or any(k.arg == "encoding" for k in node.keywords):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        if isinstance(func, ast.Attribute) and name in ("read_text", "write_text"):
            found.append((node.lineno, name))
        elif name == "open" and isinstance(func, ast.Name) or ast.unparse(func) in ("os.fdopen", "io.open"):
            mode = (
                node.args[1] if len(node.args) > 1 else next((k.value for k in node.keywords if k.arg == "mode"), None)
            )
            if not (isinstance(mode, ast.Constant) and "b" in str(mode.value)):
                found.append((node.lineno, ast.unparse(func)))
    return found


def test_the_app_reads_and_writes_text_as_utf8():
    found = [
        f"{path.relative_to(REPO)}:{line}: {what} without encoding="
        for path in sorted((REPO / "reflect").rglob("*.py"))
        for line, what in text_io_without_encoding(path.read_text(encoding="utf-8"))
    ]
    assert not found, "\n".join(found)


def test_the_encoding_check_finds_a_missing_encoding():
    source = (
        "from pathlib import Path\n"
        'Path("a").read_text()\n'
        'open("b", "w")\n'
        'open("c", "rb")\n'
        'Path("d").write_text("x", encoding="utf-8")\n'
    )
    assert text_io_without_encoding(source) == [(2, "read_text"), (3, "open")]

"""A fake Windows run: the command line and the demo with the POSIX-only calls taken away.

No Windows machine runs these tests, so a child process takes out of ``os``
and ``signal`` what Windows does not have (``getuid``, ``geteuid``,
``fchmod``, ``kill``, ``SIGHUP``, ``SIGKILL``…) and makes ``pwd``, ``grp``,
``termios`` and friends impossible to import, then runs every command that
works without a terminal, and a whole demo. Third-party libraries are
imported first, because on Windows they take their own Windows branches
(``filelock`` locks with ``msvcrt`` there, as it locks with ``fcntl`` here);
what is tested is reflect's own code.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from reliability_support import REPO, subprocess_env

CHILD = textwrap.dedent(
    """
    import json, sys, tempfile
    import filelock, jinja2, platformdirs, platformdirs.unix, sqlite3, yaml  # third party: Windows has its own branch
    import textual.app
    import textual.drivers.linux_driver  # Textual picks its Windows driver there

    import os, signal, types
    # filelock's POSIX branch stands in for its Windows one here, so it keeps the whole of os
    whole_os = types.ModuleType("os")
    whole_os.__dict__.update(os.__dict__)
    for name, module in list(sys.modules.items()):
        if name.startswith("filelock") and getattr(module, "os", None) is os:
            module.os = whole_os
    REMOVED = []
    for name in ("getuid", "geteuid", "getgid", "getegid", "fchmod", "fchown", "chown", "kill", "killpg",
                 "getpgid", "setsid", "fork", "forkpty", "mkfifo", "O_NOFOLLOW"):
        if hasattr(os, name):
            delattr(os, name)
            REMOVED.append("os." + name)
    for name in ("SIGHUP", "SIGKILL", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGALRM", "SIGCHLD", "SIGPIPE"):
        if hasattr(signal, name):
            delattr(signal, name)
            REMOVED.append("signal." + name)
    for name in ("pwd", "grp", "termios", "tty", "pty", "resource"):
        sys.modules[name] = None  # "import pwd" now raises ImportError, as on Windows

    import io
    from pathlib import Path
    from reflect.cli import main
    from reflect.core.content import content_root

    work = Path(sys.argv[1])
    data = work / "Siân's data"
    results = {"removed": REMOVED}

    def cli(*args):
        out, err = io.StringIO(), io.StringIO()
        sys.stdout, sys.stderr = out, err
        try:
            code = main(["--data-dir", str(data), *args])
        finally:
            sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
        results[" ".join(args)] = {"code": code, "out": out.getvalue()[:600], "err": err.getvalue()[-300:]}

    (work / "scan.txt").write_text("Ring 07700 900123 after school.", encoding="utf-8")
    cli("principles")
    cli("check")
    cli("cases")
    cli("import", str(content_root() / "demo.yaml"))
    cli("cases")
    cli("note", "DEMO-Sam")
    cli("note", "DEMO-Sam", "-o", str(work / "note.md"))
    cli("export", "DEMO-Sam", "-o", str(work / "bundle.yaml"))
    cli("scan", str(work / "scan.txt"))
    cli("where")
    cli("delete", "DEMO-Sam", "--yes")

    # the demo, as ``reflect demo`` runs it, with the app's own screen replaced by a stand-in
    tempfile.tempdir = str(work)
    from reflect.core.demo import sweep_stale_demos
    from reflect.core.loader import load_framework
    from reflect.tui import app as app_module
    import reflect.tui.serve  # the browser view's module imports too

    seen = {}
    def stand_in(self, *args, **kwargs):
        seen["folder"] = str(self.store.path.parent)
        seen["cases"] = [c.label for c in self.store.list_cases()]
        return 0
    app_module.ReflectApp.run = stand_in
    killed = work / "reflect-demo-killed"  # left by a demo whose console window was closed
    killed.mkdir()
    (killed / "owner.lock").write_bytes(b"")
    os.utime(killed / "owner.lock", (0, 0))
    seen["first"] = app_module.run(load_framework(), demo=True)
    seen["second"] = app_module.run(load_framework(), demo=True)  # the next demo sweeps, as serve's next tab does
    seen["left"] = [p.name for p in work.glob("reflect-demo-*")]
    seen["swept"] = [str(p) for p in sweep_stale_demos()]
    results["demo"] = seen
    print(json.dumps(results))
    """
)


def test_the_command_line_and_the_demo_without_posix_only_calls(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=subprocess_env(),
        cwd=REPO,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(done.stdout.strip().splitlines()[-1])
    assert {"os.getuid", "os.kill", "os.fchmod", "signal.SIGHUP", "signal.SIGKILL"} <= set(results.pop("removed"))
    demo = results.pop("demo")
    for command, result in results.items():
        assert result["code"] == (1 if command.startswith("scan") else 0), (command, result)
        assert "unexpected error" not in result["err"] and "Traceback" not in result["err"], (command, result)
    assert "DEMO-Sam" in results["note DEMO-Sam"]["out"]
    assert (tmp_path / "note.md").is_file() and (tmp_path / "bundle.yaml").is_file()
    assert "store encrypted:  no" in results["where"]["out"]
    assert demo["first"] == 0 and demo["second"] == 0
    assert demo["cases"] == ["DEMO-Sam"]
    assert demo["left"] == [] and demo["swept"] == []  # the killed demo's folder went, and each demo removed its own

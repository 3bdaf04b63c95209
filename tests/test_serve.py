"""``reflect serve``: the app in a browser through textual-serve.

The end-to-end tests start the real command on a free port on 127.0.0.1 (and
nowhere else), fetch the page, open the websocket the page names, watch the
demo app draw itself, and stop the server with ctrl+c (SIGINT). Every wait is
bounded.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reflect.cli import main
from reflect.core.errors import ReflectError
from reflect.tui import serve as serve_mod

REPO = Path(__file__).resolve().parents[1]
POSIX = os.name == "posix"

# ANSI/VT sequences, so the text the app drew can be searched.
ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC: titles
    r"|\x1b[PX^_].*?\x1b\\"  # DCS and friends
    r"|\x1b[@-Z\\-_]"  # two-character escapes
    r"|\x1b[()][0-9A-Za-z]",
    re.S,
)


def screen_text(raw: bytes) -> str:
    return ESCAPES.sub("", raw.decode("utf-8", "replace"))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def have_textual_serve() -> bool:
    try:
        import textual_serve.server  # noqa: F401
    except ImportError:
        return False
    return True


needs_web = pytest.mark.skipif(not have_textual_serve(), reason="textual-serve (reflect[web]) is not installed")
needs_posix = pytest.mark.skipif(not POSIX, reason="stops the server with SIGINT, as ctrl+c does")


# --------------------------------------------------------------------------- the pieces


def test_local_hosts():
    for host in ("127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2", "LOCALHOST"):
        assert serve_mod.is_local(host), host
    for host in ("0.0.0.0", "::", "192.168.1.20", "example.org", ""):
        assert not serve_mod.is_local(host), host


@pytest.mark.parametrize("port", [0, -1, 65536, 70000])
def test_port_out_of_range_is_one_line(port, capsys):
    assert main(["serve", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--port must be a number from 1 to 65535" in err


@needs_web
def test_port_in_use_is_one_line(capsys):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert err == f"reflect: port {port} is already in use on 127.0.0.1: choose another with --port\n"


def test_missing_web_extra_is_one_line(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "textual_serve", None)
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    monkeypatch.setitem(sys.modules, "textual_serve.app_service", None)
    with pytest.raises(ReflectError, match=r"pip install 'reflect-practice\[web\]'"):
        serve_mod.serve(port=free_port())
    assert main(["serve", "--port", str(free_port())]) == 2
    assert capsys.readouterr().err == f"reflect: {serve_mod.NEEDS_WEB}\n"


def test_child_command_is_the_demo_unless_store(tmp_path):
    demo = serve_mod.child_argv()
    assert demo == [sys.executable, "-m", "reflect", "demo", "--workshop"]
    pack = tmp_path / "pack"
    demo = serve_mod.child_argv(framework_dir=pack)
    assert demo[-4:] == ["--framework", str(pack.resolve()), "demo", "--workshop"]
    own = serve_mod.child_argv(use_store=True, data_dir=tmp_path / "my store")
    assert own == [sys.executable, "-m", "reflect", "--data-dir", str((tmp_path / "my store").resolve())]
    assert "demo" not in own
    if POSIX:  # quoted for the shell textual-serve starts it with
        assert "'" in serve_mod.shell_command(own)


def test_warning_and_url():
    assert serve_mod.page_url("127.0.0.1", 8000) == "http://127.0.0.1:8000/"
    assert serve_mod.page_url("::1", 8001) == "http://[::1]:8001/"
    text = serve_mod.exposure_warning("0.0.0.0", use_store=True)
    assert "plain http" in text and "anyone who can reach" in text and "\n" not in text
    assert serve_mod.page_url("127.0.0.1", 8000, "k3y") == "http://127.0.0.1:8000/?token=k3y"


def test_page_loads_nothing_from_outside():
    from textual_serve import server

    original = (Path(server.__file__).parent / "templates" / "app_index.html").read_text(encoding="utf-8")
    page = serve_mod._page_template(original)
    assert "googleapis" not in page
    assert re.findall(r"""(?:src|href)=["']https?://""", page) == []
    assert "<title>reflect</title>" in page


# --------------------------------------------------------------------------- the real server


@contextlib.contextmanager
def running_server(tmp_path: Path, *extra: str, printed: str = "open"):
    """``reflect serve`` on a free localhost port; yields (process, the address it printed, stderr file).

    ``printed`` is the words before the address (``open``; a room prints ``Join the workshop:``).
    """
    port = free_port()
    env = dict(os.environ)
    env["REFLECT_DATA_DIR"] = str(tmp_path / "data")
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env["REFLECT_CURSOR_BLINK"] = "0"
    env.pop("REFLECT_DEBUG", None)
    with open(tmp_path / "serve.out", "w+b") as out, open(tmp_path / "serve.err", "w+b") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "reflect", "serve", "--port", str(port), *extra],
            cwd=tmp_path,
            env=env,
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                if proc.poll() is not None:
                    err.seek(0)
                    pytest.fail(f"reflect serve exited early ({proc.returncode}): {err.read().decode()}")
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        pytest.fail("reflect serve did not start listening within 30 s")
                    time.sleep(0.1)
            yield proc, printed_url(tmp_path, port, printed), err
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(10)


def printed_url(tmp_path: Path, port: int, printed: str = "open") -> str:
    """The page's address as ``reflect serve`` printed it (with the run's key)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        out = (tmp_path / "serve.out").read_text(encoding="utf-8", errors="replace")
        found = re.search(rf"{re.escape(printed)} (http://127\.0\.0\.1:{port}/\?token=[A-Za-z0-9_-]+)", out)
        if found:
            return found.group(1)
        time.sleep(0.05)
    pytest.fail("reflect serve printed no address with a key")


def bare(url: str) -> str:
    """``http://127.0.0.1:PORT`` of a printed address (no path, no key)."""
    return url.split("/?", 1)[0]


def stop_cleanly(proc: subprocess.Popen, err, tmp_path: Path) -> str:
    """ctrl+c: the server must exit 0 within a few seconds, with no traceback."""
    proc.send_signal(signal.SIGINT)
    try:
        code = proc.wait(timeout=8)
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail("reflect serve did not stop within 8 s of ctrl+c")
    err.seek(0)
    stderr = err.read().decode("utf-8", "replace")
    stdout = (tmp_path / "serve.out").read_text(encoding="utf-8", errors="replace")
    assert code == 0, stderr
    assert "Traceback" not in stderr and "Traceback" not in stdout, stderr + stdout
    # only reflect's own one-line messages (no asyncio or aiohttp warnings)
    assert all(line.startswith("reflect: ") for line in stderr.splitlines() if line.strip()), stderr
    return stdout


def children(pid: int) -> set[int]:
    """The processes ``pid`` started (Linux's /proc), i.e. the tabs' apps."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found |= {int(p) for p in (task / "children").read_text().split()}
        except OSError:
            pass
    return found


def alive(pid: int) -> bool:
    if os.name != "posix":  # on Windows os.kill(pid, 0) sends Ctrl+C rather than testing the process
        pytest.skip("tells a live process by Linux's /proc")
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is not alive
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return True


async def watch_app(url: str, want: tuple[str, ...], seconds: float = 40.0, while_open=None) -> tuple[str, str]:
    """Fetch the page, open its websocket and read until the app has drawn one of ``want``.

    ``while_open(ws)``, if given, is then awaited with the websocket still open.
    """
    import aiohttp

    # A browser keeps a cookie set by 127.0.0.1; aiohttp's jar does only when told to.
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        async with http.get(url) as page:
            assert page.status == 200
            html = await page.text()
        assert "reflect" in html
        found = re.search(r'data-session-websocket-url="([^"]+)"', html)
        assert found, "the page names no websocket"
        ws_url = found.group(1)
        assert ws_url.startswith("ws://127.0.0.1:"), ws_url  # only ever this machine
        raw = bytearray()
        async with http.ws_connect(ws_url + "?width=110&height=34", heartbeat=None) as ws:
            await ws.send_str(json.dumps(["resize", {"width": 110, "height": 34}]))
            loop = asyncio.get_running_loop()
            deadline = loop.time() + seconds
            while True:
                left = deadline - loop.time()
                assert left > 0, f"the app drew none of {want} in {seconds:.0f} s: {screen_text(bytes(raw))[-600:]!r}"
                try:
                    msg = await ws.receive(timeout=left)
                except asyncio.TimeoutError:
                    continue
                if msg.type == aiohttp.WSMsgType.BINARY:
                    raw += msg.data
                elif msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                    pytest.fail(f"the websocket closed before the app drew: {screen_text(bytes(raw))[-600:]!r}")
                text = screen_text(bytes(raw))
                hit = next((w for w in want if w in text), None)
                if hit:
                    if while_open is not None:
                        await while_open(ws)
                    return html, hit


@needs_web
@needs_posix
def test_serve_page_websocket_app_and_clean_stop(tmp_path):
    with running_server(tmp_path) as (proc, base, err):
        html, hit = asyncio.run(asyncio.wait_for(watch_app(base, ("DEMO-Sam",)), 60))
        assert "<title>reflect</title>" in html
        assert "googleapis" not in html
        stdout = stop_cleanly(proc, err, tmp_path)
    assert f"open {base}" in stdout and "?token=" in base
    assert not (tmp_path / "data").exists() or not any((tmp_path / "data").iterdir()), (
        "the demo must not write to the user's store"
    )


@needs_web
@needs_posix
@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="finds the tab's app through Linux's /proc")
def test_ctrl_c_with_a_tab_open_closes_it_and_its_app(tmp_path):
    """ctrl+c while a browser tab is connected: the tab is told, its app quits, the server exits."""
    import aiohttp

    seen: dict[str, object] = {}

    async def stop_while_open(ws) -> None:
        apps = children(proc.pid)
        assert apps, "no app process for the tab"
        seen["apps"] = apps
        proc.send_signal(signal.SIGINT)
        while True:
            msg = await ws.receive(timeout=8)
            if msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                seen["close"] = (msg.type, ws.close_code)
                return

    with running_server(tmp_path) as (proc, base, err):
        asyncio.run(asyncio.wait_for(watch_app(base, ("DEMO-Sam",), while_open=stop_while_open), 60))
        stop_cleanly(proc, err, tmp_path)
    assert seen["close"][1] == 1001  # "going away": the page shows "Session ended"
    deadline = time.monotonic() + 5
    while any(alive(pid) for pid in seen["apps"]) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(pid) for pid in seen["apps"]), "the tab's app outlived the server"


@needs_web
@needs_posix
@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="finds the tab's app through Linux's /proc")
def test_ctrl_c_pressed_again_while_stopping_is_ignored(tmp_path):
    """ctrl+c held down while a tab is open: the stop runs to its end, exit 0, no traceback, no app left.

    The second and later presses land while the tab's app is being told to
    quit and while the process exits: they must not raise KeyboardInterrupt
    there (a traceback) nor kill the process on its way out (exit -2).
    """
    import aiohttp

    seen: dict[str, object] = {}

    async def press_until_gone() -> None:
        while proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            await asyncio.sleep(0.02)

    async def stop_while_open(ws) -> None:
        seen["apps"] = children(proc.pid)
        assert seen["apps"], "no app process for the tab"
        pressing = asyncio.ensure_future(press_until_gone())
        while True:
            msg = await ws.receive(timeout=8)
            if msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                break
        await asyncio.wait_for(pressing, 10)

    with running_server(tmp_path) as (proc, base, err):
        asyncio.run(asyncio.wait_for(watch_app(base, ("DEMO-Sam",), while_open=stop_while_open), 60))
        stop_cleanly(proc, err, tmp_path)
    assert not any(alive(pid) for pid in seen["apps"]), "the tab's app outlived the server"


@needs_web
@needs_posix
def test_other_hosts_and_other_sites_are_refused(tmp_path):
    import aiohttp

    async def probe(base: str) -> None:
        async with aiohttp.ClientSession() as http:
            # DNS rebinding: a page served under another name must not reach the app
            async with http.get(base, headers={"Host": "attacker.example"}) as resp:
                assert resp.status == 403
            # another site's page must not open the app's websocket
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await http.ws_connect(bare(base).replace("http", "ws") + "/ws", origin="http://attacker.example")
            assert refused.value.status == 403
            async with http.get(base, headers={"Host": "localhost:1"}) as resp:
                assert resp.status == 200
                assert resp.headers["X-Frame-Options"] == "DENY"

    with running_server(tmp_path) as (proc, base, err):
        asyncio.run(asyncio.wait_for(probe(base), 30))
        stop_cleanly(proc, err, tmp_path)


@needs_web
@needs_posix
def test_store_mode_opens_the_users_store(tmp_path):
    """--store runs the app on the user's own store (here, an empty throwaway one)."""
    with running_server(tmp_path, "--store") as (proc, base, err):
        asyncio.run(asyncio.wait_for(watch_app(base, ("reflect",)), 60))
        stdout = stop_cleanly(proc, err, tmp_path)
    assert "your own store" in stdout
    assert (tmp_path / "data").is_dir()


@needs_web
def test_each_tab_runs_on_textual_serves_web_driver():
    """The app in each tab is started with textual-serve's web driver, at the tab's size."""
    from textual_serve.download_manager import DownloadManager

    async def nothing(*_args) -> None:
        return None

    _server, TabApp = serve_mod._make_classes()
    tab = TabApp("true", write_bytes=nothing, write_str=nothing, close=nothing, download_manager=DownloadManager())
    env = tab._build_environment(100, 30)
    assert env["TEXTUAL_DRIVER"].endswith("WebDriver") and env["COLUMNS"] == "100"

"""``reflect serve``: the app in a web browser, for workshops.

textual-serve (the optional ``web`` extra) runs a small web server; every
browser tab that opens the page gets its own copy of the app, started as a
separate process (``python -m reflect demo``) and shown in the page as a
terminal. By default each copy is the built-in fictional demo case in its own
temporary store, so no real case data is ever on the page; ``--store`` opens
the user's own store instead.

Every run makes a random key and prints the page's address with it; without
the key (in the address, or in the cookie its first load sets) the page, its
files and its websocket answer 403, so another account on a shared machine
cannot open the app (see :mod:`reflect.tui.serve_guard`, which also refuses
other hosts' names, other sites' websockets and tabs past a cap). It listens
on this machine only (127.0.0.1) unless the user asks for another address,
and then a warning says so; ``--store`` is refused there, as the key would
cross the network unencrypted.

ctrl+c stops the server: each tab is told the session ended, each tab's app is
asked to quit (and ended if it does not), and only then does the process exit.
From the first ctrl+c on the process is on its way out, so further ones are
ignored rather than left to raise ``KeyboardInterrupt`` inside a closing tab.

textual-serve has no public API for any of this: the classes below override
its internals, so ``pyproject.toml`` bounds it to the tested minor release and
``tests/test_serve_internals.py`` names what changed when a new one differs.
"""

from __future__ import annotations

import asyncio
import errno
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reflect.core.errors import ReflectError
from reflect.tui.serve_guard import MAX_TABS, TOKEN_PARAM, is_local, make_guard, new_token

PAGE_TITLE = "reflect"
#: how long a browser's app may take to quit once the server stops
CHILD_GRACE = 3.0
#: how long the web server waits for the tabs' apps to close when it stops
SHUTDOWN_GRACE = CHILD_GRACE + 2.0

#: ctrl+c, and what a service manager sends to stop the server
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)

NEEDS_WEB = (
    "the browser view needs the web extra: pip install 'reflect-practice[web]' (from a copy of the source: '.[web]')"
)


# --------------------------------------------------------------------------- small, testable parts


def check_port(port: int) -> None:
    if not isinstance(port, int) or not 1 <= port <= 65535:
        raise ReflectError(f"--port must be a number from 1 to 65535 (got {port})")


def child_argv(
    use_store: bool = False,
    data_dir: str | os.PathLike[str] | None = None,
    framework_dir: str | os.PathLike[str] | None = None,
) -> list[str]:
    """The command each browser tab runs: the demo, or the app on the user's store.

    In a frozen build (PyInstaller, as IT departments deploy it) the
    executable is reflect itself and takes no ``-m``.
    """
    argv = [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "reflect"]
    if use_store:
        from reflect.core.paths import data_dir as resolve_data_dir

        argv += ["--data-dir", str(resolve_data_dir(data_dir).resolve())]
    elif data_dir:
        argv += ["--data-dir", str(Path(data_dir).expanduser().resolve())]
    if framework_dir:
        argv += ["--framework", str(Path(framework_dir).expanduser().resolve())]
    if not use_store:
        argv += ["demo", "--workshop"]  # workshop mode on the fictional case: no real data exposed
    return argv


def shell_command(argv: Sequence[str]) -> str:
    """textual-serve starts the app through the shell: quote for it."""
    if os.name == "nt":  # pragma: no cover - Windows
        return subprocess.list2cmdline(list(argv))
    return shlex.join(argv)


def page_url(host: str, port: int, token: str | None = None) -> str:
    """The address to open in a browser (with the run's key, when given)."""
    name = host.strip().strip("[]")
    if name in ("", "0.0.0.0", "::"):
        name = "127.0.0.1"
    if ":" in name:
        name = f"[{name}]"
    return f"http://{name}:{port}/" + (f"?{TOKEN_PARAM}={token}" if token else "")


def exposure_warning(host: str, use_store: bool) -> str:
    what = "use the app and read the cases in your store" if use_store else "use the app"
    return (
        f"reflect: warning: listening on {host}, not only on this machine, over plain http: "
        f"anyone who can reach this address and learns its key can {what}"
    )


def bind_error(exc: OSError, host: str, port: int) -> ReflectError:
    """One line for a port or address that cannot be used."""
    code = getattr(exc, "errno", None)
    if code == errno.EADDRINUSE:
        return ReflectError(f"port {port} is already in use on {host}: choose another with --port")
    if code == errno.EACCES:
        return ReflectError(
            f"no permission to use port {port} on {host} "
            "(ports below 1024 need administrator rights): choose another with --port"
        )
    if isinstance(exc, socket.gaierror) or code == errno.EADDRNOTAVAIL:
        return ReflectError(f"cannot listen on {host!r}: this machine has no such address")
    reason = getattr(exc, "strerror", None) or str(exc)
    return ReflectError(f"cannot listen on {host} port {port}: {reason}")


def _page_template(original: str) -> str:
    """textual-serve's page, with nothing fetched from outside this server.

    The stock page loads a web font from Google; the same font ships with
    textual-serve, so it is served from here instead. A title is added.
    """
    font_face = (
        "<style>@font-face { font-family: 'Roboto Mono'; "
        "src: url('{{ config.static.url }}fonts/RobotoMono-VariableFont_wght.ttf') format('truetype'); "
        "font-weight: 100 700; font-style: normal; }</style>"
    )
    page = re.sub(r"<link[^>]*fonts\.googleapis\.com[^>]*>", font_face, original, flags=re.S)
    if "<title>" not in page:
        page = page.replace("<head>", f"<head>\n    <title>{PAGE_TITLE}</title>", 1)
    return page


# --------------------------------------------------------------------------- the server


def _load_textual_serve() -> tuple[Any, Any]:
    try:
        from textual_serve.app_service import AppService
        from textual_serve.server import Server
    except ImportError:
        raise ReflectError(NEEDS_WEB) from None
    return Server, AppService


def _make_classes() -> tuple[type, type]:
    """The server and per-tab app classes (textual-serve is imported only here)."""
    Server, AppService = _load_textual_serve()
    import aiohttp_jinja2
    import jinja2
    from aiohttp import WSCloseCode, web

    class TabApp(AppService):  # type: ignore[misc, valid-type]  # a class chosen at run time (optional extra)
        """One browser tab's app process."""

        _process: asyncio.subprocess.Process | None
        _task: asyncio.Task[None] | None

        async def _open_app_process(self, width: int = 80, height: int = 24) -> asyncio.subprocess.Process:
            # Its own session (POSIX) / process group (Windows), so ctrl+c in the
            # server's terminal stops the server, which then closes each app itself.
            extra: dict[str, Any] = {}
            if sys.platform == "win32":  # pragma: no cover - Windows
                extra["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP
            else:
                extra["start_new_session"] = True
            self._process = process = await asyncio.create_subprocess_shell(
                self.command,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                env=self._build_environment(width=width, height=height),
                **extra,
            )
            self._stdin = process.stdin
            return process

        async def stop(self) -> None:
            """Ask the app to quit; if it has not within a few seconds, end it."""
            if self._task is None:
                return
            process = self._process
            try:
                await asyncio.wait_for(super().stop(), CHILD_GRACE)
            except (asyncio.TimeoutError, OSError):
                pass
            finally:
                self._task = None
                if process is not None and process.returncode is None:
                    # Wait for the exit first: killing a process that has just exited
                    # would reap it behind asyncio's back (a spurious warning).
                    try:
                        await asyncio.wait_for(process.wait(), 1.0)
                    except asyncio.TimeoutError:
                        try:
                            process.kill()
                        except ProcessLookupError:
                            pass
                        try:
                            await asyncio.wait_for(process.wait(), CHILD_GRACE)
                        except asyncio.TimeoutError:  # pragma: no cover - a process that ignores SIGKILL
                            pass

    class ReflectServer(Server):  # type: ignore[misc, valid-type]  # a class chosen at run time (optional extra)
        """textual-serve's server, kept to this machine's own pages."""

        #: names the page may be asked for besides this machine's own (a room's address)
        hosts: frozenset[str] = frozenset()
        #: app processes at once (the guard refuses more)
        max_tabs: int = MAX_TABS
        #: paths that check a key of their own, not the run's (a room's group view)
        own_key: tuple[str, ...] = ()

        def __init__(self, command: str, host: str, port: int, local: bool, token: str | None = None) -> None:
            super().__init__(command, host=host, port=port, title=PAGE_TITLE)
            self.local = local
            #: the run's key: every request must carry it (serve_guard)
            self.token = token or new_token()
            self.sockets: set[web.WebSocketResponse] = set()
            #: one per tab whose app has not finished stopping; set once it has
            self.closing: set[asyncio.Event] = set()

        async def _make_app(self) -> web.Application:
            app: web.Application = await super()._make_app()
            env = aiohttp_jinja2.get_env(app)
            original = (Path(self.templates_path) / "app_index.html").read_text(encoding="utf-8")
            loaders: list[jinja2.BaseLoader] = [jinja2.DictLoader({"app_index.html": _page_template(original)})]
            if env.loader is not None:
                loaders.append(env.loader)
            env.loader = jinja2.ChoiceLoader(loaders)
            guard = make_guard(
                self.token, self.port, self.local, lambda: len(self.closing), self.max_tabs, self.hosts, self.own_key
            )
            app.middlewares.append(guard)
            app.on_response_prepare.append(self._headers)
            return app

        async def _headers(self, request: web.Request, response: web.StreamResponse) -> None:
            response.headers.setdefault("X-Frame-Options", "DENY")
            response.headers.setdefault("Referrer-Policy", "no-referrer")
            response.headers.setdefault("X-Content-Type-Options", "nosniff")
            if request.path == "/" or request.path.startswith("/download/"):
                response.headers.setdefault("Cache-Control", "no-store")

        def initialize_logging(self) -> None:  # textual-serve's own logging is not needed
            pass

        async def on_startup(self, app: web.Application) -> None:
            pass

        async def on_shutdown(self, app: web.Application) -> None:
            """Close every browser's websocket, then wait until each tab's app has quit.

            The wait matters: once a browser has gone, aiohttp forgets its
            connection and no longer waits for the handler, which is still
            stopping that tab's app. Without it the server would finish, and
            asyncio would cancel the handler half way through the stop (its
            "Task was destroyed but it is pending" warnings, an app left behind).
            """
            await asyncio.gather(
                *(ws.close(code=WSCloseCode.GOING_AWAY, message=b"reflect stopped") for ws in list(self.sockets)),
                return_exceptions=True,
            )
            closing = [done.wait() for done in list(self.closing)]
            if closing:
                try:
                    await asyncio.wait_for(asyncio.gather(*closing), SHUTDOWN_GRACE)
                except asyncio.TimeoutError:  # pragma: no cover - each stop is bounded by CHILD_GRACE
                    pass

        @aiohttp_jinja2.template("app_index.html")
        async def handle_index(self, request: web.Request) -> dict[str, Any]:
            # Addresses taken from the request, so the page works under whatever
            # name the browser used (textual-serve would use the listening address).
            base = f"{request.scheme}://{request.host}"
            ws_scheme = "wss" if request.scheme == "https" else "ws"
            font_size = request.query.get("fontsize", "16")
            return {
                "font_size": int(font_size) if font_size.isdigit() and 6 <= int(font_size) <= 64 else 16,
                "app_websocket_url": f"{ws_scheme}://{request.host}/ws",
                "config": {"static": {"url": f"{base}/static/"}},
                "application": {"name": self.title},
            }

        def command_for(self, request: web.Request) -> str:
            """The command a tab runs (a room runs each participant's own)."""
            return str(self.command)

        async def tab_opened(self, request: web.Request, websocket: Any, stopped: asyncio.Event) -> None:
            """A tab is about to start its app (a room hands it the participant's seat)."""

        def tab_closed(self, request: web.Request) -> None:
            """A tab's app has stopped."""

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            """One browser tab: start its app and pass keys and screen updates to and fro."""
            websocket = web.WebSocketResponse(heartbeat=15)
            width = _int(request.query.get("width"), 80)
            height = _int(request.query.get("height"), 24)
            app_service = None
            stopped = asyncio.Event()
            self.sockets.add(websocket)
            self.closing.add(stopped)
            try:
                await self.tab_opened(request, websocket, stopped)
                await websocket.prepare(request)
                app_service = TabApp(
                    self.command_for(request),
                    write_bytes=websocket.send_bytes,
                    write_str=websocket.send_str,
                    close=websocket.close,
                    download_manager=self.download_manager,
                    debug=False,
                )
                await app_service.start(width, height)
                await self._process_messages(websocket, app_service)
            except asyncio.CancelledError:
                await websocket.close()
            except Exception:  # noqa: BLE001 - one tab's trouble must not stop the others
                pass
            finally:
                self.sockets.discard(websocket)
                try:
                    if app_service is not None:
                        await app_service.stop()
                finally:
                    self.closing.discard(stopped)
                    stopped.set()
                    self.tab_closed(request)
            return websocket

    return ReflectServer, TabApp


def _int(value: str | None, default: int) -> int:
    try:
        number = int(value or "")
    except ValueError:
        return default
    return number if 1 <= number <= 1000 else default


async def _run(server: Any, say: Any) -> None:
    from aiohttp import web

    app = await server._make_app()
    runner = web.AppRunner(app, handle_signals=False, access_log=None, shutdown_timeout=SHUTDOWN_GRACE)
    await runner.setup()
    site = web.TCPSite(runner, server.host, server.port)
    try:
        await site.start()
    except OSError as exc:
        await runner.cleanup()
        raise bind_error(exc, server.host, server.port) from None

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    handled = []
    for sig in STOP_SIGNALS:
        try:
            loop.add_signal_handler(sig, stop.set)
            handled.append(sig)
        except (NotImplementedError, RuntimeError, ValueError):  # pragma: no cover - Windows
            pass
    # The handlers stay until the tabs are closed: removed earlier, a second
    # ctrl+c would raise KeyboardInterrupt wherever the stop happened to be
    # (inside textual-serve, telling a tab's app to quit) and print a traceback.
    try:
        say()
        await stop.wait()
        sys.stderr.write("reflect: stopping the browser view…\n")
        sys.stderr.flush()
        await runner.cleanup()
    finally:
        for sig in handled:
            loop.remove_signal_handler(sig)
            if stop.is_set():
                _ignore(sig)


def _ignore(sig: int) -> None:
    """Ignore ``sig`` for the little the process has left to do once it has stopped.

    Restored to Python's default, a late ctrl+c would raise KeyboardInterrupt
    in asyncio's teardown, or (as the interpreter exits and puts the default
    back) kill the process, turning a clean stop into exit code 130 or -2.
    """
    try:
        signal.signal(sig, signal.SIG_IGN)
    except (OSError, ValueError):  # pragma: no cover - not the main thread
        pass


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    use_store: bool = False,
    data_dir: str | os.PathLike[str] | None = None,
    framework_dir: str | os.PathLike[str] | None = None,
) -> int:
    """Run the browser view until ctrl+c; returns the exit code.

    Problems the user can fix (no web extra, a bad port, a broken framework
    pack, a store that cannot be opened) raise :class:`ReflectError` before
    anything listens.
    """
    check_port(port)
    host = (host or "").strip()
    if not host:
        raise ReflectError("--host must not be empty (use 127.0.0.1 for this machine only)")
    local = is_local(host)
    if use_store and not local:
        raise ReflectError(
            f"--store is only served on this machine (127.0.0.1): on {host} the page's key "
            "would cross the network unencrypted"
        )
    ReflectServer, _ = _make_classes()

    # Report a broken pack or store once, here, not in every browser tab.
    from reflect.core.loader import load_framework

    load_framework(Path(framework_dir).expanduser() if framework_dir else None)
    if use_store:
        from reflect.core.paths import data_dir as resolve_data_dir
        from reflect.core.store import Store

        Store.open(resolve_data_dir(data_dir)).close()

    command = shell_command(child_argv(use_store, data_dir, framework_dir))
    server = ReflectServer(command, host=host, port=port, local=local)

    def say() -> None:
        if not local:
            sys.stderr.write(exposure_warning(host, use_store) + "\n")
            sys.stderr.flush()
        what = "your own store" if use_store else "a fresh copy of the fictional demo case (DEMO-Sam)"
        print(f"reflect is ready in the browser: open {page_url(host, port, server.token)}", flush=True)
        print("The address carries a key for this run only: without it the page is refused.", flush=True)
        print(f"Each browser tab gets its own app, on {what}.", flush=True)
        print("Press ctrl+c here to stop.", flush=True)

    try:
        asyncio.run(_run(server, say))
    except KeyboardInterrupt:  # pragma: no cover - where signal handlers are unavailable
        pass
    return 0

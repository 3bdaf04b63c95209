"""The textual-serve internals that ``reflect serve`` builds on, checked by name.

textual-serve has no public API for what ``reflect serve`` needs (a session of
its own for each tab's app, a bounded stop, a guarded page), so
``reflect/tui/serve.py`` subclasses its ``Server`` and ``AppService`` and
overrides private methods. ``pyproject.toml`` bounds textual-serve to the
tested minor release; CI's drift step installs the newest release regardless
and runs these tests, so a release that renames or reshapes one of them fails
here with one line naming what changed, instead of as a hang, a traceback or a
tab's app that quietly escapes ctrl+c in the end-to-end tests.
"""

from __future__ import annotations

import asyncio
import inspect
import os
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from reflect.tui import serve as serve_mod

pytest.importorskip("textual_serve.server", reason="textual-serve (reflect[web]) is not installed")

from textual_serve.app_service import AppService  # noqa: E402
from textual_serve.download_manager import DownloadManager  # noqa: E402
from textual_serve.server import Server  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
RELEASE = f"textual-serve {version('textual-serve')}"
ADVICE = "serve.py depends on it: adapt reflect/tui/serve.py before raising the bound in pyproject.toml"

#: (class, method, its parameter names, whether it is a coroutine) for every
#: method serve.py overrides, calls through super(), or has textual-serve call.
METHODS = [
    (
        AppService,
        "__init__",
        ("self", "command", "write_bytes", "write_str", "close", "download_manager", "debug"),
        False,
    ),
    (AppService, "_open_app_process", ("self", "width", "height"), True),  # overridden: the tab's own session
    (AppService, "_build_environment", ("self", "width", "height"), False),  # called by that override
    (AppService, "start", ("self", "width", "height"), True),
    (AppService, "stop", ("self",), True),  # overridden: bounded, then the app is ended
    (
        Server,
        "__init__",
        ("self", "command", "host", "port", "title", "public_url", "statics_path", "templates_path"),
        False,
    ),
    (Server, "_make_app", ("self",), True),  # extended: the guard, the headers, the page
    (Server, "_process_messages", ("self", "websocket", "app_service"), True),
    (Server, "initialize_logging", ("self",), False),
    (Server, "on_startup", ("self", "app"), True),
    (Server, "on_shutdown", ("self", "app"), True),  # overridden: close the tabs and wait for their apps
    (Server, "handle_index", ("self", "request"), True),  # overridden: addresses from the request
    (Server, "handle_websocket", ("self", "request"), True),  # overridden: TabApp, every tab tracked
]

#: attributes serve.py reads or sets on instances
ATTRIBUTES = {
    AppService: ("command", "_process", "_task", "_stdin"),
    Server: ("command", "host", "port", "title", "templates_path", "statics_path", "download_manager"),
}


async def _nothing(*_args: object) -> None:
    return None


def _app_service(command: str) -> AppService:
    return AppService(
        command, write_bytes=_nothing, write_str=_nothing, close=_nothing, download_manager=DownloadManager()
    )


@pytest.mark.parametrize(
    ("cls", "name", "params", "is_async"),
    METHODS,
    ids=[f"{cls.__name__}.{name}" for cls, name, _params, _async in METHODS],
)
def test_the_methods_serve_overrides_are_still_there(cls, name, params, is_async):
    method = getattr(cls, name, None)
    assert method is not None, f"{RELEASE} has no {cls.__name__}.{name}: {ADVICE}"
    found = tuple(inspect.signature(method).parameters)
    assert found == params, (
        f"{RELEASE} changed {cls.__name__}.{name}: expected ({', '.join(params)}), found ({', '.join(found)}): {ADVICE}"
    )
    assert inspect.iscoroutinefunction(method) == is_async, (
        f"{RELEASE} made {cls.__name__}.{name} {'sync' if is_async else 'async'}: {ADVICE}"
    )


def test_the_attributes_serve_uses_are_still_there():
    made = {
        AppService: _app_service("true"),
        Server: Server("true", host="127.0.0.1", port=8000, title="t"),
    }
    for cls, names in ATTRIBUTES.items():
        missing = [name for name in names if not hasattr(made[cls], name)]
        assert not missing, f"{RELEASE}: {cls.__name__} no longer sets {', '.join(missing)}: {ADVICE}"


async def test_the_server_routes_to_the_methods_serve_overrides():
    """The page, the websocket and the shutdown still reach reflect's versions of them."""
    ReflectServer, _tab = serve_mod._make_classes()
    server = ReflectServer("true", host="127.0.0.1", port=8000, local=True)
    app = await server._make_app()
    handlers = {route.resource.canonical: route.handler for route in app.router.routes() if route.method == "GET"}
    for path, handler in (("/", server.handle_index), ("/ws", server.handle_websocket)):
        assert path in handlers, f"{RELEASE} no longer serves {path}: {ADVICE}"
        assert handlers[path] == handler, (
            f"{RELEASE} routes {path} to {handlers[path]!r}, not the server's own method: {ADVICE}"
        )
    assert server.on_shutdown in app.on_shutdown, f"{RELEASE} no longer calls the server's on_shutdown: {ADVICE}"


def test_the_page_template_and_font_are_where_serve_expects():
    import jinja2
    from jinja2 import meta

    template = Path(Server("true").templates_path) / "app_index.html"
    assert template.is_file(), f"{RELEASE} has no templates/app_index.html: {ADVICE}"
    names = meta.find_undeclared_variables(jinja2.Environment().parse(template.read_text(encoding="utf-8")))
    supplied = {"font_size", "app_websocket_url", "config", "application"}  # what handle_index returns
    optional = {"ping_url"}  # the page skips it when empty; textual-serve never sets it either
    assert supplied <= names, f"{RELEASE}'s page no longer reads {sorted(supplied - names)}: {ADVICE}"
    assert names <= supplied | optional, (
        f"{RELEASE}'s page wants {sorted(names - supplied - optional)}, which serve.py does not supply: {ADVICE}"
    )
    font = Path(Server("true").statics_path) / "fonts" / "RobotoMono-VariableFont_wght.ttf"
    assert font.is_file(), f"{RELEASE} no longer ships the font the page uses ({font.name}): {ADVICE}"


@pytest.mark.skipif(os.name != "posix", reason="a session of its own is a POSIX idea")
async def test_start_opens_each_tab_app_through_the_override():
    """start() still goes through _open_app_process, so each app has its own session.

    Were it to stop doing so, a tab's app would share the server's terminal
    session, and ctrl+c there would hit the apps behind the server's back.
    """
    _server, TabApp = serve_mod._make_classes()
    tab = TabApp(
        f"{sys.executable} -c 'import time; time.sleep(0.3)'",
        write_bytes=_nothing,
        write_str=_nothing,
        close=_nothing,
        download_manager=DownloadManager(),
    )
    await tab.start(80, 24)
    try:
        process = tab._process
        assert process is not None and tab._task is not None, f"{RELEASE}: start() no longer sets _process and _task"
        assert os.getsid(process.pid) == process.pid, (
            f"{RELEASE}: start() no longer opens the app through _open_app_process: {ADVICE}"
        )
    finally:
        await asyncio.wait_for(tab.stop(), serve_mod.SHUTDOWN_GRACE)
    assert process.returncode is not None, "the tab's app outlived stop()"


def test_textual_serve_is_bounded_to_the_tested_minor_release():
    """Both extras that install textual-serve keep it below its next minor release."""
    tomllib = pytest.importorskip("tomllib", reason="tomllib is in the standard library from Python 3.11")
    extras = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    for extra in ("web", "test"):
        wanted = [req for req in extras[extra] if req.replace(" ", "").startswith("textual-serve")]
        assert wanted, f"the {extra} extra no longer installs textual-serve"
        assert all("<" in req for req in wanted), f"the {extra} extra has no upper bound on textual-serve: {wanted}"

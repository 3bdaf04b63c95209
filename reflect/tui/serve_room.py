"""``reflect serve --room``: a workshop on the participants' own devices, over the local network.

The plain server (:mod:`reflect.tui.serve`) is for one person on this
machine. A room listens on the local network instead and prints a join
address, with the run's key, as text and as a QR code to put on the
projector. Behind the same key guard (:mod:`reflect.tui.serve_guard`, which
here also accepts this machine's network address as a host name, and only
that) it gives every participant a *seat* (:mod:`reflect.core.room_store`): a
throwaway store of their own on the trainer's machine, never the trainer's
store. A cookie names the seat, so a participant whose connection drops comes
back to the workshop where they were, within the grace period; the room takes
at most ``--max`` participants and tells the next one politely that it is
full. ctrl+c removes every seat; nothing is kept unless the trainer asked for
the group summary (``--summary FILE``, :mod:`reflect.core.room_summary`).

Plain http on a local network: anyone on that network who sees the join
address can join. docs/workshops.md says so, and the start-up lines too.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from reflect.core.errors import ReflectError
from reflect.core.room_store import MAX_PARTICIPANTS, Room, Seat
from reflect.tui import serve as base
from reflect.tui.serve_group import PATHS as GROUP_PATHS
from reflect.tui.serve_group import add_group_routes, group_url
from reflect.tui.serve_guard import is_local, new_token

#: the cookie that names a participant's seat (one per port, like the key's)
SEAT_COOKIE = "reflect-seat-{port}"
#: app processes allowed beyond one per seat: a participant's old tab may still be closing as they come back
SPARE_TABS = 4
#: the most participants a room may be asked to take (each is an app process of about 60 MB)
MOST = 200
#: how often expired seats are removed (seconds)
SWEEP_EVERY = 30.0

FULL_PAGE = (
    "<!doctype html><html><head><meta charset='utf-8'><title>reflect: the room is full</title></head>"
    "<body style='font-family: sans-serif; max-width: 40em; margin: 4em auto'>"
    "<h1>The room is full</h1>"
    "<p>This workshop takes {n} participants, and all places are taken. "
    "Please ask the trainer, or join a colleague on their screen.</p></body></html>"
)
NO_SEAT = "reflect: your place in the room has gone (or was never taken): reload the page to join again\n"


# --------------------------------------------------------------------------- small, testable parts


def lan_address() -> str:
    """This machine's address on the local network, found without sending anything.

    Connecting a UDP socket only chooses the outgoing interface (no packet
    leaves); the host name's address is the fallback; 127.0.0.1 means no
    network was found.
    """
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("10.254.254.254", 1))
        address = str(probe.getsockname()[0])
        if _usable(address):
            return address
    with contextlib.suppress(OSError):
        for address in socket.gethostbyname_ex(socket.gethostname())[2]:
            if _usable(address):
                return address
    return "127.0.0.1"


def _usable(address: str) -> bool:
    return bool(address) and address != "0.0.0.0" and not is_local(address)


def room_warning(host: str, join_host: str) -> str:
    """The one line the trainer must read before sharing the join address."""
    if is_local(host):
        return f"reflect: the room listens on this machine only ({host}): nobody else can join"
    if is_local(join_host):
        return "reflect: warning: no network address found (is this machine on a network?): only it can join"
    return (
        f"reflect: warning: the room listens on {host} over plain http: anyone on this network who "
        "sees the join address can join; use it only on a network you trust"
    )


def check_max(number: int) -> None:
    if not isinstance(number, int) or not 1 <= number <= MOST:
        raise ReflectError(f"--max must be a number of participants from 1 to {MOST} (got {number})")


def check_summary(path: Path | None) -> Path | None:
    """Where the group summary will go: refused now, before anyone joins, if it cannot be written there."""
    if path is None:
        return None
    path = Path(path).expanduser()
    if path.exists():
        raise ReflectError("--summary names a file that already exists: choose a new name", path)
    if not path.parent.is_dir():
        raise ReflectError("--summary names a folder that does not exist", path.parent)
    return path.resolve()


def seat_argv(folder: Path, framework_dir: str | os.PathLike[str] | None = None) -> list[str]:
    """The command a participant's tab runs: the app on their seat's store."""
    argv = [sys.executable, "-m", "reflect.tui.room_seat", str(folder)]
    if framework_dir:
        argv += ["--framework", str(Path(framework_dir).expanduser().resolve())]
    return argv


def join_qr(url: str) -> str:
    """The join address as a QR code drawn in the terminal ('' without segno)."""
    try:
        import segno
    except ImportError:
        return ""
    out = io.StringIO()
    segno.make(url, error="l").terminal(out=out, compact=True, border=2)
    return out.getvalue()


def _default_framework() -> Any:
    from reflect.core.loader import load_framework

    return load_framework(None)


# --------------------------------------------------------------------------- the server


def make_room_server(room: Room, framework: Any = None, framework_dir: Any = None) -> type:
    """The room's server class: textual-serve's, through serve.py's, plus seats."""
    from aiohttp import WSCloseCode, web

    ReflectServer, _ = base._make_classes()
    # where a request carries its seat and its websocket (typed keys from aiohttp 3.11 on; plain names before)
    key_type = getattr(web, "RequestKey", None)
    seat_key: Any = key_type("reflect_seat", object) if key_type else "reflect_seat"
    tab_key: Any = key_type("reflect_tab", object) if key_type else "reflect_tab"

    class RoomServer(ReflectServer):  # type: ignore[misc, valid-type]  # a class chosen at run time (optional extra)
        max_tabs = room.max_participants + SPARE_TABS
        own_key = GROUP_PATHS  # the trainer's group view: its own key, never the participants'

        def __init__(self, host: str, port: int, local: bool, hosts: frozenset[str] = frozenset()) -> None:
            super().__init__("", host=host, port=port, local=local)
            self.hosts = hosts
            self.room = room
            #: each seat's open tab: its websocket and the event set once its app has stopped
            self.live: dict[str, tuple[Any, asyncio.Event]] = {}
            self.preparing = asyncio.Lock()
            #: the key of the trainer's group view (serve_group), never given to participants
            self.trainer_key = new_token()

        async def _make_app(self) -> web.Application:
            app: web.Application = await super()._make_app()
            app.middlewares.append(self._gate())  # after the key guard
            app.cleanup_ctx.append(self._sweeper)
            add_group_routes(app, room, framework or _default_framework(), self.trainer_key, self.port)
            return app

        def _gate(self) -> Any:
            cookie = SEAT_COOKIE.format(port=self.port)

            @web.middleware
            async def gate(request: web.Request, handler: Any) -> web.StreamResponse:
                if request.path not in ("/", "/ws"):
                    passed: web.StreamResponse = await handler(request)
                    return passed
                seat = room.seat(request.cookies.get(cookie))
                fresh = seat is None
                if seat is None:
                    if request.path == "/ws":
                        raise web.HTTPForbidden(text=NO_SEAT)
                    seat = room.join()
                    if seat is None:
                        raise web.HTTPServiceUnavailable(
                            text=FULL_PAGE.format(n=room.max_participants), content_type="text/html"
                        )
                if not seat.ready:
                    async with self.preparing:
                        try:
                            await asyncio.to_thread(room.prepare, seat, framework)
                        except (ReflectError, OSError):
                            raise web.HTTPServiceUnavailable(
                                text="reflect: your workshop copy could not be made: please ask the trainer\n"
                            ) from None
                request[seat_key] = seat
                response: web.StreamResponse = await handler(request)
                if fresh:
                    response.set_cookie(cookie, seat.key, httponly=True, samesite="Strict", path="/")
                return response

            return gate

        async def _sweeper(self, app: web.Application) -> AsyncIterator[None]:
            async def sweep() -> None:
                while True:
                    await asyncio.sleep(SWEEP_EVERY)
                    room.sweep()

            task = asyncio.create_task(sweep())
            yield
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

        def command_for(self, request: web.Request) -> str:
            seat: Seat = request[seat_key]
            return base.shell_command(seat_argv(seat.folder, framework_dir))

        async def tab_opened(self, request: web.Request, websocket: Any, stopped: asyncio.Event) -> None:
            """One app per seat: a participant back in a new tab takes over from their old one."""
            seat: Seat = request[seat_key]
            old = self.live.get(seat.key)
            self.live[seat.key] = (websocket, stopped)
            seat.connected += 1
            request[tab_key] = websocket
            if old is not None:
                old_ws, old_stopped = old
                with contextlib.suppress(Exception):
                    await old_ws.close(code=WSCloseCode.GOING_AWAY, message=b"opened in another tab")
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(old_stopped.wait(), base.SHUTDOWN_GRACE)

        def tab_closed(self, request: web.Request) -> None:
            seat: Seat | None = request.get(seat_key)
            if seat is None or tab_key not in request:
                return
            current = self.live.get(seat.key)
            if current is not None and current[0] is request[tab_key]:
                del self.live[seat.key]
            room.left(seat)

    return RoomServer


def serve_room(
    host: str | None = None,
    port: int = 8000,
    max_participants: int = MAX_PARTICIPANTS,
    framework_dir: str | os.PathLike[str] | None = None,
    summary: Path | None = None,
    case: str | None = None,
) -> int:
    """Run a workshop room until ctrl+c; returns the exit code. ``case`` is a library case's label."""
    base.check_port(port)
    check_max(max_participants)
    host = (host or "0.0.0.0").strip()
    summary_path = check_summary(summary)
    if getattr(sys, "frozen", False):  # pragma: no cover - a frozen build has no -m
        raise ReflectError("--room needs reflect installed with Python (pip), not the packaged program")
    base._make_classes()  # no web extra: one line, before anything else

    from reflect.core.loader import load_framework

    framework = load_framework(Path(framework_dir).expanduser() if framework_dir else None)
    if case is not None:
        from reflect.core.workshop_library import find_case

        find_case(case, framework)  # an unknown case: one line, before anything listens
    local = is_local(host)
    join_host = lan_address() if host in ("0.0.0.0", "::") else host
    room = Room.create(max_participants)
    room.case = case
    collected: list[Any] = []
    if summary_path is not None:
        from reflect.core.room_summary import read_seat

        room.on_remove = lambda seat: collected.append(read_seat(seat, framework))
    try:
        RoomServer = make_room_server(room, framework, framework_dir)
        server = RoomServer(host=host, port=port, local=local, hosts=frozenset({join_host}))
        url = base.page_url(join_host, port, server.token)

        def say() -> None:
            sys.stderr.write(room_warning(host, join_host) + "\n")
            sys.stderr.flush()
            print(f"Join the workshop: {url}", flush=True)
            qr = join_qr(url)
            if qr:
                print(qr, end="", flush=True)
            print(
                f"Up to {max_participants} participants, each on a fresh copy of the fictional case; "
                "nothing is kept after ctrl+c"
                + (f" but the group summary in {summary_path}." if summary_path else "."),
                flush=True,
            )
            print(
                "Your group view (open it on this computer; it will not open anywhere else): "
                + group_url(base.page_url(host, port), server.trainer_key),
                flush=True,
            )
            print("Press ctrl+c here to end the workshop.", flush=True)

        try:
            asyncio.run(base._run(server, say))
        except KeyboardInterrupt:  # pragma: no cover - where signal handlers are unavailable
            pass
    finally:
        room.close()
    if summary_path is not None:
        from reflect.core.room_summary import write_summary

        write_summary(summary_path, collected, framework, learning=room.learning, case=case or "")
        print(f"The group summary is in {summary_path}", flush=True)
    return 0

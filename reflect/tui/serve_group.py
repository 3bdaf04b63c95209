"""The trainer's group view in the browser, while ``reflect serve --room`` runs.

``/group?token=TRAINER_KEY`` shows what the room has written so far
(:mod:`reflect.core.room_group`, pages from :mod:`reflect.core.room_group_html`);
``/group/show`` puts one answer on screen, large, for discussion;
``/group/learning`` keeps the learning points the group named, in memory,
for the workshop summary.

Two locks keep it the trainer's: a key of its own (:data:`TRAINER_PARAM`,
made fresh each run and never the participants' join key), and this machine
only: a request from any other address gets 403 even with the key, so the
key printed on a projected terminal opens nothing for the room. The first
load with the key sets a cookie (HttpOnly, SameSite=Strict), so the page's
own links and reloads need no key in the address.

The seats' stores are read read-only, in a worker thread, so a slow disk
never holds up the participants' apps on the event loop.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from reflect.core.room_group import build, case_context, read_seats
from reflect.core.room_group_html import HEADERS, LEARNING_LIMIT, group_page, learning_page, show_page
from reflect.tui.serve_guard import is_local, matches

if TYPE_CHECKING:
    from aiohttp import web

    from reflect.core.framework import Framework
    from reflect.core.room_store import Room

#: the paths the group view answers (the join key's guard leaves them to it)
PATHS = ("/group",)
TRAINER_PARAM = "token"
TRAINER_COOKIE = "reflect-trainer-{port}"
FORBIDDEN = (
    "reflect: the group view is for the trainer, on the machine running the room, with the group address "
    "reflect serve --room printed\n"
)


def group_url(join_url_base: str, key: str) -> str:
    """The trainer's address: ``join_url_base`` is ``http://host:port/``."""
    return f"{join_url_base}group?{TRAINER_PARAM}={key}"


def from_this_machine(request: web.Request) -> bool:
    """Whether the request came from this machine: a loopback address, or the very address it reached."""
    remote = str(request.remote or "")
    if is_local(remote):
        return True
    sockname = request.transport.get_extra_info("sockname") if request.transport is not None else None
    return bool(remote) and isinstance(sockname, tuple) and bool(sockname) and str(sockname[0]) == remote


def add_group_routes(app: web.Application, room: Room, framework: Framework, key: str, port: int) -> None:
    """Add the group view's pages to the room's aiohttp application."""
    from aiohttp import web

    cookie = TRAINER_COOKIE.format(port=port)
    context = case_context(framework, room.case)

    def allowed(request: web.Request) -> bool:
        if not from_this_machine(request):
            return False
        return matches(request.query.get(TRAINER_PARAM), key) or matches(request.cookies.get(cookie), key)

    def respond(request: web.Request, body: str) -> web.Response:
        response = web.Response(text=body, content_type="text/html", headers=HEADERS)
        if matches(request.query.get(TRAINER_PARAM), key):
            response.set_cookie(cookie, key, httponly=True, samesite="Strict", path="/group")
        return response

    async def view() -> Any:
        seats = list(room.seats.values())
        answers = await asyncio.to_thread(read_seats, seats, framework)
        return build(answers, framework, context, room.case or "")

    async def group(request: web.Request) -> web.Response:
        if not allowed(request):
            raise web.HTTPForbidden(text=FORBIDDEN)
        return respond(request, group_page(await view(), room.learning, still="still" in request.query))

    async def show(request: web.Request) -> web.Response:
        if not allowed(request):
            raise web.HTTPForbidden(text=FORBIDDEN)
        number = request.query.get("n", "")
        item = (await view()).find(request.query.get("prompt", ""))
        wanted = int(number) if number.isascii() and number.isdigit() and len(number) < 6 else 0
        return respond(request, show_page(item, wanted))

    async def learning(request: web.Request) -> web.Response:
        if not allowed(request):
            raise web.HTTPForbidden(text=FORBIDDEN)
        if request.method != "POST":
            return respond(request, learning_page(room.learning))
        origin = request.headers.get("Origin")
        if origin is not None and urlsplit(origin).netloc != request.host:
            raise web.HTTPForbidden(text="reflect: the learning points are saved only from the group page\n")
        try:
            form = await request.post()
        except (ValueError, UnicodeError):  # a malformed form: one line, not a server error
            raise web.HTTPBadRequest(text="reflect: the learning points could not be read: try again\n") from None
        points = form.get("points")
        room.learning = str(points)[:LEARNING_LIMIT].replace("\r\n", "\n") if isinstance(points, str) else ""
        return respond(request, learning_page(room.learning, saved=True))

    app.router.add_get("/group", group)
    app.router.add_get("/group/show", show)
    app.router.add_route("GET", "/group/learning", learning)
    app.router.add_route("POST", "/group/learning", learning)

"""Who may use ``reflect serve``: the person who started it, from this machine's own page.

"Listens on 127.0.0.1 only" is not private on a machine several people use
(a terminal server, Citrix, a shared PC): any other account on it can connect
to a local port. So every server makes a random key when it starts
(:func:`new_token`, as Jupyter does) and prints the page's address with the
key in it. The first load of that address sets a cookie holding the key
(HttpOnly, so the page's scripts cannot read it; SameSite=Strict, so another
site cannot send it); from then on the page, its static files, downloads and
the websocket each need the key, in the address or in the cookie, or get 403.

The same guard refuses a request that names another host (DNS rebinding), a
websocket opened from another site's page, and a new tab once
:data:`MAX_TABS` are open (each tab is a whole app process).

aiohttp comes with the optional ``web`` extra, so it is imported only when
the guard is made.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from aiohttp import web

#: the query parameter that carries the key in the printed address
TOKEN_PARAM = "token"
#: browser tabs (app processes) open at once; each costs tens of megabytes
MAX_TABS = 12

FORBIDDEN = (
    "reflect: this page needs the address reflect serve printed when it started (it carries a key); open that address\n"
)
FULL_PAGE = (
    "<!doctype html><html><head><meta charset='utf-8'><title>reflect: all tabs in use</title></head>"
    "<body style='font-family: sans-serif; max-width: 40em; margin: 4em auto'>"
    "<h1>All {n} tabs are in use</h1>"
    "<p>reflect serve runs at most {n} browser tabs at once, each with its own copy of the app. "
    "Close a tab you no longer need, then reload this page.</p></body></html>"
)


def new_token() -> str:
    """A fresh random key for one run of the server (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def cookie_name(port: int) -> str:
    """The cookie's name: one per port, as browsers share cookies between a host's ports."""
    return f"reflect-key-{port}"


def matches(given: str | None, token: str) -> bool:
    """Whether ``given`` is the key, compared in constant time."""
    return bool(given) and hmac.compare_digest(str(given).encode("utf-8"), token.encode("utf-8"))


def is_local(host: str) -> bool:
    """Whether ``host`` is this machine only (a loopback address or localhost)."""
    import ipaddress

    name = host.strip().strip("[]").lower()
    if name in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def make_guard(
    token: str,
    port: int,
    local: bool,
    tabs_open: Callable[[], int],
    max_tabs: int = MAX_TABS,
    hosts: frozenset[str] = frozenset(),
    own_key: tuple[str, ...] = (),
) -> Any:
    """The aiohttp middleware that checks every request before textual-serve sees it.

    ``hosts`` are the names allowed besides this machine's own: the room's
    network address (``reflect serve --room``), and nothing else. Paths under
    ``own_key`` (a room's group view, for the trainer) check a key of their
    own instead of this one, so the participants' key never opens them.
    """
    from aiohttp import web

    cookie = cookie_name(port)
    allowed = frozenset(h.lower() for h in hosts)

    @web.middleware
    async def guard(request: web.Request, handler: Any) -> web.StreamResponse:
        # Only this machine's names (and a room's own address) (no DNS rebinding).
        if local or allowed:
            name = (urlsplit(f"//{request.host}").hostname or "") if request.host else ""
            if not is_local(name) and name.lower() not in allowed:
                where = f"at {', '.join(sorted(allowed))} or localhost" if allowed else "as localhost or 127.0.0.1"
                raise web.HTTPForbidden(text=f"reflect: this page is only served {where}\n")
        # A browser always says which page opens a websocket: only our own page may.
        origin = request.headers.get("Origin")
        if request.path == "/ws" and origin is not None and urlsplit(origin).netloc != request.host:
            raise web.HTTPForbidden(text="reflect: this page's websocket is only for its own page\n")
        if any(request.path == p or request.path.startswith(p + "/") for p in own_key):
            passed: web.StreamResponse = await handler(request)
            return passed
        in_query = matches(request.query.get(TOKEN_PARAM), token)
        if not in_query and not matches(request.cookies.get(cookie), token):
            raise web.HTTPForbidden(text=FORBIDDEN)
        if request.path in ("/", "/ws") and tabs_open() >= max_tabs:
            if request.path == "/":
                raise web.HTTPServiceUnavailable(text=FULL_PAGE.format(n=max_tabs), content_type="text/html")
            raise web.HTTPServiceUnavailable(text=f"reflect: all {max_tabs} tabs are in use\n")
        response: web.StreamResponse = await handler(request)
        if in_query and request.path == "/":
            response.set_cookie(cookie, token, httponly=True, samesite="Strict", path="/")
        return response

    return guard

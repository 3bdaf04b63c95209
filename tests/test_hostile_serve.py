"""F1 and F15 of the hostile review: ``reflect serve`` needs the run's key, and tabs are capped.

A second local account cannot be made in CI, so these tests stand in for it:
a client without the key (the other account) gets 403 on the page, a static
file, a download and the websocket; the client with the key (the printed
address, then the cookie its first load set) gets the app's page. They run the
real aiohttp application in process, so no app process is started.
"""

from __future__ import annotations

import pytest

from reflect.cli import main

aiohttp = pytest.importorskip("aiohttp")
pytest.importorskip("textual_serve")

from aiohttp.test_utils import TestClient, TestServer  # noqa: E402

from reflect.tui import serve as serve_mod  # noqa: E402
from reflect.tui import serve_guard  # noqa: E402

KEY = "the-key-of-this-run"


async def client_for(server) -> TestClient:
    app = await server._make_app()
    client = TestClient(TestServer(app, host="127.0.0.1"), cookie_jar=aiohttp.CookieJar(unsafe=True))
    await client.start_server()
    return client


def make_server():
    ReflectServer, _tab = serve_mod._make_classes()
    return ReflectServer("true", host="127.0.0.1", port=8000, local=True, token=KEY)


async def test_without_the_key_everything_is_refused():
    client = await client_for(make_server())
    try:
        for path in ("/", "/static/js/textual.js", "/static/fonts/RobotoMono-VariableFont_wght.ttf", "/download/x"):
            resp = await client.get(path)
            assert resp.status == 403, path
            assert "the address reflect serve printed" in await resp.text()
        for wrong in ("?token=", "?token=nope", f"?token={KEY}x"):
            assert (await client.get("/" + wrong)).status == 403, wrong
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await client.ws_connect("/ws?width=80&height=24")
        assert refused.value.status == 403
        # a forged cookie is no better
        client.session.cookie_jar.update_cookies({serve_guard.cookie_name(8000): "guess"})
        assert (await client.get("/")).status == 403
    finally:
        await client.close()


async def test_the_key_opens_the_page_and_sets_a_strict_private_cookie():
    client = await client_for(make_server())
    try:
        resp = await client.get(f"/?token={KEY}")
        assert resp.status == 200
        assert 'data-session-websocket-url="ws://' in await resp.text()
        set_cookie = resp.headers["Set-Cookie"]
        assert set_cookie.startswith(f"{serve_guard.cookie_name(8000)}={KEY}")
        assert "HttpOnly" in set_cookie and "SameSite=Strict" in set_cookie and "Path=/" in set_cookie
        # from now on the cookie is enough: the page's own files and the page again
        assert (await client.get("/static/js/textual.js")).status == 200
        assert (await client.get("/")).status == 200
    finally:
        await client.close()


async def test_another_host_name_is_refused_even_with_the_key():
    client = await client_for(make_server())
    try:
        resp = await client.get(f"/?token={KEY}", headers={"Host": "attacker.example"})
        assert resp.status == 403
    finally:
        await client.close()


async def test_a_full_server_says_so_instead_of_starting_another_app():
    server = make_server()
    client = await client_for(server)
    try:
        import asyncio

        server.closing.update(asyncio.Event() for _ in range(serve_guard.MAX_TABS))
        resp = await client.get(f"/?token={KEY}")
        assert resp.status == 503
        page = await resp.text()
        assert f"All {serve_guard.MAX_TABS} tabs are in use" in page and "Close a tab" in page
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await client.ws_connect(f"/ws?token={KEY}")
        assert refused.value.status == 503
        server.closing.clear()
        assert (await client.get(f"/?token={KEY}")).status == 200
    finally:
        await client.close()


def test_every_run_has_its_own_long_key():
    keys = {serve_guard.new_token() for _ in range(5)}
    assert len(keys) == 5 and all(len(k) >= 40 for k in keys)
    assert serve_guard.matches(KEY, KEY) and not serve_guard.matches("", KEY) and not serve_guard.matches(None, KEY)


def test_store_on_another_address_is_refused(tmp_path, capsys):
    code = main(["--data-dir", str(tmp_path / "d"), "serve", "--host", "0.0.0.0", "--port", "8765", "--store"])
    assert code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--store is only served on this machine" in err
    assert not (tmp_path / "d").exists()

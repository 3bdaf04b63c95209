"""``reflect serve --room``: the key, the seats, the cap and the host names, in process.

The room's real aiohttp application runs on 127.0.0.1 (never the network);
its join name stands in for the machine's LAN address. Most tests start no
app process; the one that opens websockets runs ``sleep`` as each tab's app.
"""

from __future__ import annotations

import asyncio
import gc
import socket
import sys

import pytest

from reflect.cli import main
from reflect.core.room_store import Room

aiohttp = pytest.importorskip("aiohttp")
pytest.importorskip("textual_serve")

from aiohttp.test_utils import TestClient, TestServer  # noqa: E402

from reflect.tui import serve_room  # noqa: E402

KEY = "the-key-of-this-room"
LAN = "192.0.2.10"  # a documentation address: the room's join name in these tests


def make_server(tmp_path, cap: int = 3, command: str | None = None):
    room = Room.create(cap, tmp=tmp_path)
    RoomServer = serve_room.make_room_server(room)
    server = RoomServer(host="127.0.0.1", port=8000, local=True, hosts=frozenset({LAN}))
    server.token = KEY
    if command is not None:
        server.command_for = lambda request: command
    return server, room


async def participant(server) -> TestClient:
    """A browser of its own (its own cookies), on the room's server."""
    app = await server._make_app()
    client = TestClient(TestServer(app, host="127.0.0.1"), cookie_jar=aiohttp.CookieJar(unsafe=True))
    await client.start_server()
    return client


async def browsers(app, n: int) -> list[TestClient]:
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    return [TestClient(server, cookie_jar=aiohttp.CookieJar(unsafe=True)) for _ in range(n)]


async def test_three_join_with_the_key_each_in_a_seat_of_their_own_and_a_fourth_is_told_the_room_is_full(tmp_path):
    server, room = make_server(tmp_path, cap=3)
    app = await server._make_app()
    people = await browsers(app, 5)
    try:
        stranger = people[4]
        assert (await stranger.get("/")).status == 403  # no key: refused before any seat is given
        assert room.seats == {}
        for person in people[:3]:
            resp = await person.get(f"/?token={KEY}", headers={"Host": f"{LAN}:8000"})
            assert resp.status == 200
            seat_cookie = resp.cookies[serve_room.SEAT_COOKIE.format(port=8000)]
            assert seat_cookie["httponly"] and seat_cookie["samesite"] == "Strict"
        assert sorted(s.number for s in room.seats.values()) == [1, 2, 3]
        assert all(s.ready and (s.folder / "reflect.db").exists() for s in room.seats.values())
        fourth = await people[3].get(f"/?token={KEY}")
        assert fourth.status == 503
        page = await fourth.text()
        assert "The room is full" in page and "3 participants" in page
        # a participant reloading keeps their seat (no new one)
        assert (await people[0].get("/")).status == 200
        assert len(room.seats) == 3
    finally:
        for person in people:
            await person.close()
        room.close()


async def test_a_websocket_without_a_seat_is_refused(tmp_path):
    server, room = make_server(tmp_path)
    client = await participant(server)
    try:
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await client.ws_connect(f"/ws?token={KEY}")
        assert refused.value.status == 403
        assert room.seats == {}
    finally:
        await client.close()
        room.close()


async def test_only_this_machine_and_the_rooms_own_address_are_accepted_as_host_names(tmp_path):
    server, room = make_server(tmp_path)
    client = await participant(server)
    try:
        refused = await client.get(f"/?token={KEY}", headers={"Host": "attacker.example"})
        assert refused.status == 403
        assert await refused.text() == f"reflect: this page is only served at {LAN} or localhost\n"
        assert (await client.get(f"/?token={KEY}", headers={"Host": "192.0.2.99:8000"})).status == 403
        assert (await client.get(f"/?token={KEY}", headers={"Host": f"{LAN}:8000"})).status == 200
        assert (await client.get("/", headers={"Host": "localhost:8000"})).status == 200
    finally:
        await client.close()
        room.close()


async def test_plain_serve_still_refuses_the_lan_name(tmp_path):
    from reflect.tui import serve as serve_mod

    ReflectServer, _ = serve_mod._make_classes()
    server = ReflectServer("true", host="127.0.0.1", port=8000, local=True, token=KEY)
    client = await participant(server)
    try:
        assert (await client.get(f"/?token={KEY}", headers={"Host": f"{LAN}:8000"})).status == 403
    finally:
        await client.close()


@pytest.mark.skipif(sys.platform == "win32", reason="uses sleep as a stand-in app")
async def test_a_participant_who_comes_back_gets_their_seat_and_their_old_tab_is_closed(tmp_path):
    server, room = make_server(tmp_path, command="exec sleep 30")
    client = await participant(server)
    try:
        assert (await client.get(f"/?token={KEY}")).status == 200
        (seat,) = room.seats.values()
        first = await client.ws_connect("/ws?width=80&height=24")
        await asyncio.sleep(0)  # let the handler register the tab
        second = await client.ws_connect("/ws?width=80&height=24")  # a reload, a new tab, a Wi-Fi blip
        closed = await asyncio.wait_for(first.receive(), 15)
        assert closed.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING)
        assert list(room.seats.values()) == [seat] and seat.connected == 1
        await second.close()
        for _ in range(200):
            if seat.connected == 0:
                break
            await asyncio.sleep(0.05)
        assert seat.connected == 0 and seat.folder.is_dir()  # left: the grace period runs, the seat stays
    finally:
        await client.close()
        room.close()
        gc.collect()  # the stopped apps' pipes, while the loop is still open


# --------------------------------------------------------------------------- the pieces and the command line


def test_the_lan_address_is_found_without_sending_anything(monkeypatch):
    sent = []

    class Probe:
        def __init__(self, *a):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *a):
            return False

        def connect(self, address):
            sent.append(address)

        def getsockname(self):
            return ("192.168.1.20", 5555)

        def sendto(self, *a):  # pragma: no cover - must never be called
            raise AssertionError("sent a packet")

    monkeypatch.setattr(socket, "socket", Probe)
    assert serve_room.lan_address() == "192.168.1.20"
    assert sent and sent[0][0].startswith("10.")

    class Offline(Probe):
        def connect(self, address):
            raise OSError("network is unreachable")

    monkeypatch.setattr(socket, "socket", Offline)
    monkeypatch.setattr(socket, "gethostbyname_ex", lambda name: (name, [], ["127.0.1.1", "10.0.0.7"]))
    assert serve_room.lan_address() == "10.0.0.7"
    monkeypatch.setattr(socket, "gethostbyname_ex", lambda name: (name, [], ["127.0.1.1"]))
    assert serve_room.lan_address() == "127.0.0.1"


def test_the_join_address_is_drawn_as_a_qr_code():
    import segno

    url = "http://192.168.1.20:8000/?token=" + "k" * 43
    rows = serve_room.join_qr(url).splitlines()
    side = segno.make(url, error="l").symbol_size(border=2)[0]
    assert len(rows) == (side + 1) // 2  # two modules a line (compact)
    assert {len(row) for row in rows} == {side} and set("".join(rows)) <= set("█▀▄ ")


def test_the_trainer_is_told_who_can_join():
    assert "plain http" in serve_room.room_warning("0.0.0.0", "192.168.1.20")
    assert "a network you trust" in serve_room.room_warning("0.0.0.0", "192.168.1.20")
    assert "no network address found" in serve_room.room_warning("0.0.0.0", "127.0.0.1")
    assert "nobody else can join" in serve_room.room_warning("127.0.0.1", "127.0.0.1")


def test_each_seat_runs_the_app_on_its_own_folder(tmp_path):
    argv = serve_room.seat_argv(tmp_path / "p1", tmp_path / "pack")
    assert argv[:4] == [sys.executable, "-m", "reflect.tui.room_seat", str(tmp_path / "p1")]
    assert argv[-2:] == ["--framework", str((tmp_path / "pack").resolve())]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--room", "--store"], "it cannot be used with --store"),
        (["--summary", "s.md"], "--max, --summary and --case belong to --room"),
        (["--max", "5"], "--max, --summary and --case belong to --room"),
        (["--case", "DEMO-TA"], "--max, --summary and --case belong to --room"),
        (["--room", "--case", "DEMO-NOBODY"], "there is no fictional case called 'DEMO-NOBODY'"),
        (["--room", "--max", "0"], "--max must be a number of participants from 1 to 200"),
        (["--room", "--port", "0"], "--port must be a number from 1 to 65535"),
        (["--room", "--summary", "nowhere/s.md"], "--summary names a folder that does not exist"),
    ],
)
def test_bad_room_options_are_one_line(tmp_path, monkeypatch, capsys, args, message):
    monkeypatch.chdir(tmp_path)
    assert main(["--data-dir", str(tmp_path / "d"), "serve", *args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err
    assert not (tmp_path / "d").exists()


def test_an_existing_summary_file_is_never_overwritten(tmp_path, capsys):
    mine = tmp_path / "mine.md"
    mine.write_text("the trainer's own notes", encoding="utf-8")
    assert main(["serve", "--room", "--summary", str(mine)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert mine.read_text(encoding="utf-8") == "the trainer's own notes"

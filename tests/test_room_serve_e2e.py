"""``reflect serve --room`` end to end, on 127.0.0.1 only: join, drop off, come back, the group view, ctrl+c.

The real command runs with ``--host 127.0.0.1`` (the room's code path, but no
network beyond this machine) and its temporary folder in the test's own, so
the seats can be looked at. A participant's browser is an aiohttp client with
its own cookie jar; what the participant types is written into their seat's
store directly, as their app would.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
from pathlib import Path

import pytest

from tests.test_serve import needs_posix, needs_web, running_server, screen_text, stop_cleanly

pytestmark = [needs_web, needs_posix]


def running_room(tmp_path: Path, *extra: str):
    """``reflect serve --room --host 127.0.0.1``; yields (process, join address, stderr file)."""
    return running_server(tmp_path, "--room", "--host", "127.0.0.1", *extra, printed="Join the workshop:")


async def watch_app(url: str, want: str, session, seconds: float = 40.0) -> None:
    """Open the page in ``session`` (a browser: its cookies), then its websocket, until the app draws ``want``."""
    import aiohttp

    async with session.get(url) as page:
        assert page.status == 200
        html = await page.text()
    ws_url = re.search(r'data-session-websocket-url="([^"]+)"', html).group(1)
    raw = bytearray()
    async with session.ws_connect(ws_url + "?width=110&height=34", heartbeat=None) as ws:
        await ws.send_str(json.dumps(["resize", {"width": 110, "height": 34}]))
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while want not in screen_text(bytes(raw)):
            left = deadline - loop.time()
            assert left > 0, f"the app did not draw {want!r}: {screen_text(bytes(raw))[-600:]!r}"
            with contextlib.suppress(asyncio.TimeoutError):
                msg = await ws.receive(timeout=left)
                if msg.type == aiohttp.WSMsgType.BINARY:
                    raw += msg.data
                elif msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                    pytest.fail(f"the websocket closed before the app drew: {screen_text(bytes(raw))[-600:]!r}")


def workshop_sessions(folder: Path) -> list[int]:
    from reflect.core.store import Store

    store = Store.open(folder, create=False)
    try:
        case = store.list_cases()[0]
        return [s.id for s in store.list_sessions(case.id) if s.mode == "workshop"]
    finally:
        store.close()


def test_a_participant_drops_off_comes_back_to_the_same_session_and_only_the_summary_is_kept(tmp_path, monkeypatch):
    import aiohttp

    from reflect.core.loader import load_framework
    from reflect.core.store import Store

    rooms = tmp_path / "tmp"
    rooms.mkdir()
    monkeypatch.setenv("TMPDIR", str(rooms))  # the server's temporary folder, where its seats are
    summary = tmp_path / "summary.md"
    prompt = next(
        p for s in load_framework(None).steps for p in s.prompts if p.shown_in("workshop", False) and not p.private
    )

    async def participant(url: str) -> list[int]:
        jar = aiohttp.CookieJar(unsafe=True)
        async with aiohttp.ClientSession(cookie_jar=jar) as browser:
            await watch_app(url, "DEMO-Sam", browser)
            (seat,) = list(rooms.glob("reflect-room-*/p*"))
            first = workshop_sessions(seat)
            assert len(first) == 1  # the app opened the case straight into a workshop session
            store = Store.open(seat, create=False)
            store.save_answer(first[0], prompt.id, "Sam is proud of the football team")
            store.close()
            # the connection drops; the same browser (its seat cookie) comes back
            await watch_app(url.split("?")[0], "DEMO-Sam", browser)
            assert list(rooms.glob("reflect-room-*/p*")) == [seat]
            assert workshop_sessions(seat) == first  # back in the same session, not a new one
            # the trainer's group view reads the seat while its app still has it open
            out = (tmp_path / "serve.out").read_text(encoding="utf-8")
            group = re.search(r"Your group view .*?: (http://127\.0\.0\.1:\d+/group\?token=[A-Za-z0-9_-]+)", out)
            assert group is not None and group.group(1).split("token=")[1] != url.split("token=")[1]
            async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as trainer:
                async with trainer.get(group.group(1)) as page:
                    assert page.status == 200
                    html = await page.text()
                learning = group.group(1).split("?")[0] + "/learning"
                async with trainer.post(learning, data={"points": "Begin with what Sam is good at"}) as saved:
                    assert saved.status == 200
            assert "Participant 1" in html and "Sam is proud of the football team" in html
            return first

    with running_room(tmp_path, "--summary", str(summary)) as (proc, url, err):
        asyncio.run(asyncio.wait_for(participant(url), 120))
        stdout = stop_cleanly(proc, err, tmp_path)
    assert "nothing is kept after ctrl+c but the group summary" in stdout
    assert list(rooms.iterdir()) == []  # every seat is gone
    text = summary.read_text(encoding="utf-8")
    assert "Participants: 1; answered at least one prompt: 1" in text
    assert "- Participant 1: Sam is proud of the football team" in text
    assert "## Learning points the group named\n\nBegin with what Sam is good at" in text
    assert not (tmp_path / "data").exists() or not any((tmp_path / "data").iterdir())

"""The trainer's group view of ``reflect serve --room``, in process on 127.0.0.1.

Three participants join with the join key; what each types is written into
their seat's store through the store API, as their app would; the trainer's
page, with its own key, shows all three. Without that key (or with the
participants' key) it is refused, and private reflections never appear on it
nor in the workshop summary.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from reflect.core.loader import load_framework
from reflect.core.room_group import build, case_context, read_seats
from reflect.core.room_group_html import group_page, show_page, text
from reflect.core.room_summary import SeatAnswers, render
from reflect.core.store import Store

aiohttp = pytest.importorskip("aiohttp")
pytest.importorskip("textual_serve")

from tests.test_room_serve import KEY, LAN, browsers, make_server  # noqa: E402

FRAMEWORK = load_framework(None)
PROMPT = FRAMEWORK.prompt("children-first.whole-person")
PRIVATE = FRAMEWORK.prompt("voice.disagreement")  # private, and shown in workshops
SECRET = "my own doubts about this, for nobody else"


def answer(seat, words: dict[str, str]) -> None:
    """What a participant types, saved as their app saves it: in their workshop session."""
    store = Store.open(seat.folder, create=False)
    try:
        case = store.list_cases()[0]
        session = store.create_session(case.id, "workshop")
        for prompt_id, value in words.items():
            store.save_answer(session.id, prompt_id, value)
    finally:
        store.close()


async def test_three_participants_answer_and_the_trainer_sees_all_three_side_by_side(tmp_path):
    assert PROMPT is not None and PRIVATE is not None and PRIVATE.private
    server, room = make_server(tmp_path, cap=3)
    app = await server._make_app()
    people = await browsers(app, 5)
    trainer, fourth = people[3], people[4]
    said = ["Sam is proud of the football team", "He cooks for his little sister", "<b>He</b> & his mum fell out"]
    try:
        for person in people[:3]:
            assert (await person.get(f"/?token={KEY}", headers={"Host": f"{LAN}:8000"})).status == 200
        seats = sorted(room.seats.values(), key=lambda s: s.number)
        for seat, words in zip(seats, said, strict=True):
            answer(seat, {PROMPT.id: words, PRIVATE.id: SECRET})
        full = await fourth.get(f"/?token={KEY}")
        assert full.status == 503 and "The room is full" in await full.text()

        page = await trainer.get(f"/group?token={server.trainer_key}")
        assert page.status == 200
        html = await page.text()
        for number, words in enumerate(said, start=1):  # each answer under its participant's number, escaped
            assert f'<div class="who">Participant {number}</div><p>{text(words)}</p>' in html
        assert "&lt;b&gt;He&lt;/b&gt; &amp; his mum fell out" in html and "<b>He</b>" not in html
        assert "3 of 3 answered." in html
        assert text(PROMPT.facilitator) in html  # the pack's note for the facilitator, beside the answers
        assert SECRET not in html and text(PRIVATE.text) not in html
        assert 'http-equiv="refresh"' in html and "<script" not in html and "http" not in html.split("<body>")[1]
        assert "default-src 'none'" in page.headers["Content-Security-Policy"]

        # the trainer's cookie carries the key from then on: the "show this one" link opens one answer, large
        link = re.search(r'href="(/group/show\?[^"]+)"', html).group(1).replace("&amp;", "&")
        shown = await trainer.get(link)
        assert shown.status == 200
        big = await shown.text()
        assert 'class="big">Sam is proud of the football team<' in big and "Participant 1" in big
        assert "cooks" not in big
        for odd in ("9" * 5000, "²", "-1", ""):  # never a server error, whatever the address says
            gone = await trainer.get("/group/show", params={"prompt": PROMPT.id, "n": odd})
            assert gone.status == 200 and "no longer in the room" in await gone.text()
    finally:
        for person in people:
            await person.close()
        room.close()


async def test_the_group_view_is_refused_without_the_trainers_key_even_with_the_participants_key(tmp_path):
    server, room = make_server(tmp_path, cap=3)
    app = await server._make_app()
    (participant, stranger) = await browsers(app, 2)
    try:
        assert server.trainer_key != KEY
        assert (await stranger.get("/group")).status == 403
        assert (await stranger.get("/group/show?prompt=x&n=1")).status == 403
        assert (await stranger.get(f"/group?token={KEY}")).status == 403  # the join key opens the room, not this
        assert (await participant.get(f"/?token={KEY}")).status == 200  # a participant, with the join cookie
        assert (await participant.get("/group")).status == 403
        assert (await participant.get(f"/group?token={KEY}")).status == 403
        refused = await participant.post("/group/learning", data={"points": "taken over"})
        assert refused.status == 403 and room.learning == ""
        assert (await stranger.get(f"/group?token={server.trainer_key}x")).status == 403
    finally:
        await participant.close()
        await stranger.close()
        room.close()


def test_only_this_machine_may_open_the_group_view():
    from aiohttp.test_utils import make_mocked_request

    from reflect.tui.serve_group import from_this_machine

    class Transport:
        def __init__(self, peer, sock):
            self.info = {"peername": peer, "sockname": sock}

        def get_extra_info(self, name, default=None):
            return self.info.get(name, default)

        def is_closing(self):
            return False

    def request(peer, sock):
        return make_mocked_request("GET", "/group", transport=Transport(peer, sock))

    assert from_this_machine(request(("127.0.0.1", 5000), ("127.0.0.1", 8000)))
    assert from_this_machine(request(("192.0.2.10", 5000), ("192.0.2.10", 8000)))  # its own network address
    assert not from_this_machine(request(("192.0.2.77", 5000), ("192.0.2.10", 8000)))  # a participant's laptop


async def test_learning_points_typed_on_the_group_page_go_into_the_summary_and_nothing_private(tmp_path):
    server, room = make_server(tmp_path, cap=3)
    app = await server._make_app()
    (participant, trainer) = await browsers(app, 2)
    try:
        assert (await participant.get(f"/?token={KEY}")).status == 200
        (seat,) = room.seats.values()
        answer(seat, {PROMPT.id: "Sam is proud of the football team", PRIVATE.id: SECRET})
        assert (await trainer.get(f"/group/learning?token={server.trainer_key}")).status == 200
        saved = await trainer.post("/group/learning", data={"points": "Ask what Sam is good at\r\nName the adults"})
        assert saved.status == 200 and "Saved." in await saved.text()
        assert room.learning == "Ask what Sam is good at\nName the adults"
        assert "Ask what Sam is good at" in await (await trainer.get("/group")).text()
        collected = read_seats(list(room.seats.values()), FRAMEWORK)
    finally:
        await participant.close()
        await trainer.close()
        room.close()
    summary = render(collected, FRAMEWORK, on=date(2026, 12, 2), learning=room.learning, case="DEMO-Sam")
    assert "Case: DEMO-Sam (fictional)" in summary
    assert "## Learning points the group named" in summary and "Ask what Sam is good at" in summary
    assert "Prompts discussed: 1" in summary
    assert "- Participant 1: Sam is proud of the football team" in summary
    assert SECRET not in summary and PRIVATE.text not in summary


def test_the_case_note_for_a_step_sits_beside_that_steps_answers():
    context = case_context(FRAMEWORK, "DEMO-JB")
    step = FRAMEWORK.step(PROMPT.step)
    note = context["facilitator"][step.id]
    view = build([SeatAnswers(2, "DEMO-JB", {PROMPT.id: "J. likes art"})], FRAMEWORK, context)
    html = group_page(view)
    assert text(" ".join(note.split())) in html and "J. likes art" in html and "1 of 1 answered." in html
    assert "Participant 2" in show_page(view.find(PROMPT.id), 2)
    assert "no longer in the room" in show_page(view.find(PROMPT.id), 9)
    assert "Nobody has answered a prompt yet." in group_page(build([], FRAMEWORK, context, "DEMO-JB"))


def test_the_group_view_page_in_the_docs_is_the_one_the_room_serves():
    import importlib.util
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location("group_view_picture", root / "scripts" / "group_view_picture.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    saved = (root / "docs" / "examples" / "group-view.html").read_text(encoding="utf-8")
    stale = "docs/examples/group-view.html is out of date: run scripts/group_view_picture.py"
    assert saved == module.make_html(), stale


def test_the_group_view_reads_a_seat_read_only_while_its_app_writes(tmp_path):
    import sqlite3

    from reflect.core.db_readonly import open_read_only
    from reflect.core.errors import ReflectError
    from reflect.core.room_store import Room

    room = Room.create(3, tmp=tmp_path)
    try:
        seat = room.join()
        room.prepare(seat)
        app = Store.open(seat.folder, create=False)  # the participant's app, still open
        session = app.create_session(app.list_cases()[0].id, "workshop")
        app.save_answer(session.id, PROMPT.id, "first words")
        assert read_seats([seat], FRAMEWORK)[0].answers == {PROMPT.id: "first words"}
        app.save_answer(session.id, PROMPT.id, "second thoughts")
        assert read_seats([seat], FRAMEWORK)[0].answers == {PROMPT.id: "second thoughts"}
        reader = open_read_only(seat.folder)
        try:
            with pytest.raises((sqlite3.Error, ReflectError)):
                reader.save_answer(session.id, PROMPT.id, "the trainer must never write here")
        finally:
            reader.close()
        app.close()
    finally:
        room.close()

"""The seats of ``reflect serve --room`` and the group summary: core work, no server."""

from __future__ import annotations

import os
from datetime import date

import pytest

from reflect.core.errors import ReflectError
from reflect.core.loader import load_framework
from reflect.core.room_store import Room
from reflect.core.room_summary import SeatAnswers, read_seat, render, write_summary
from reflect.core.session.start import start_session
from reflect.core.store import Store


@pytest.fixture(scope="module")
def framework():
    return load_framework(None)


def room_in(tmp_path, **kw) -> Room:
    return Room.create(tmp=tmp_path, **kw)


def workshop_prompts(framework, private: bool):
    return [p for s in framework.steps for p in s.prompts if p.shown_in("workshop", False) and p.private == private]


def test_seats_are_private_folders_numbered_in_join_order_up_to_the_cap(tmp_path):
    room = room_in(tmp_path, max_participants=3)
    seats = [room.join(now=100.0) for _ in range(3)]
    assert [s.number for s in seats] == [1, 2, 3]
    assert len({s.key for s in seats}) == 3 and all(len(s.key) >= 30 for s in seats)
    assert all(s.folder.is_dir() and s.folder.parent == room.root for s in seats)
    if os.name == "posix":
        assert room.root.stat().st_mode & 0o077 == 0
    assert room.join(now=100.0) is None  # the fourth: the room is full
    assert room.seat(seats[1].key, now=100.0) is seats[1]
    assert room.seat("a guess", now=100.0) is None and room.seat(None) is None


def test_a_seat_is_kept_through_the_grace_period_then_removed(tmp_path):
    room = room_in(tmp_path, max_participants=1, grace=600)
    seat = room.join(now=0.0)
    seat.connected = 1
    assert room.seat(seat.key, now=5000.0) is seat  # connected: never removed
    room.left(seat, now=5000.0)
    assert room.seat(seat.key, now=5000.0 + 599) is seat  # back within the grace period
    assert seat.folder.is_dir()
    assert room.seat(seat.key, now=5000.0 + 601) is None  # too late: gone, folder and all
    assert not seat.folder.exists()
    assert room.join(now=5000.0 + 601).number == 2  # and its place is free again


def test_close_removes_everything_and_reads_each_prepared_seat_first(tmp_path, framework):
    room = room_in(tmp_path)
    read = []
    room.on_remove = read.append
    first, second = room.join(), room.join()
    room.prepare(first, framework)
    room.close()
    assert read == [first]  # an empty seat (never prepared) has nothing to read
    assert not room.root.exists() and not first.folder.exists() and not second.folder.exists()


def answer(seat, framework, values: dict[str, str]) -> None:
    store = Store.open(seat.folder, create=False)
    try:
        case = store.list_cases()[0]
        info = start_session(store, framework, case.id, "workshop", None)
        for prompt_id, value in values.items():
            store.save_answer(info.id, prompt_id, value)
    finally:
        store.close()


def test_a_seat_holds_only_the_fictional_case_and_the_summary_never_reads_private_answers(tmp_path, framework):
    room = room_in(tmp_path)
    seat = room.join()
    room.prepare(seat, framework)
    room.prepare(seat, framework)  # once only
    store = Store.open(seat.folder, create=False)
    assert [c.label for c in store.list_cases()] == ["DEMO-Sam"]
    store.close()
    shared, private = workshop_prompts(framework, False)[0], workshop_prompts(framework, True)[0]
    answer(seat, framework, {shared.id: "They are good at football", private.id: "MY OWN WORRY"})
    got = read_seat(seat, framework)
    assert got.number == 1 and got.case_label == "DEMO-Sam"
    assert got.answers == {shared.id: "They are good at football"}


def test_the_summary_groups_answers_by_prompt_without_names(tmp_path, framework):
    first, second = workshop_prompts(framework, False)[:2]
    seats = [
        SeatAnswers(2, "DEMO-Sam", {first.id: "# not a heading\nsecond line"}),
        SeatAnswers(1, "DEMO-Sam", {first.id: "Sam likes music", second.id: ["a", "b"]}),
        SeatAnswers(3, "DEMO-Sam", {}),
    ]
    text = render(seats, framework, on=date(2026, 12, 2))
    assert "Date: 2026-12-02" in text and "Participants: 3; answered at least one prompt: 2" in text
    assert text.count("2 of 3 answered.") == 1 and text.count("1 of 3 answered.") == 1
    assert text.index("- Participant 1: Sam likes music") < text.index("- Participant 2: \\# not a heading")
    assert "\n# not a heading" not in text  # a participant's text cannot add headings
    assert "Participant 3" not in text
    path = tmp_path / "summary.md"
    write_summary(path, seats, framework)
    assert path.read_text(encoding="utf-8").startswith("# Workshop summary")
    with pytest.raises(ReflectError, match="not overwritten"):
        write_summary(path, seats, framework)


def test_text_of_control_characters_alone_is_no_answer_and_no_learning_point(framework):
    first = workshop_prompts(framework, False)[0]
    seats = [SeatAnswers(1, "DEMO-Sam", {first.id: "\x07\x1b[31m"}), SeatAnswers(2, "DEMO-Sam", {first.id: ["\u202e"]})]
    text = render(seats, framework, learning="\x00\x9b")
    assert "Nobody in the room answered a prompt." in text and "Participant 1" not in text
    assert "answered at least one prompt: 0" in text and "None were recorded." in text


def test_an_empty_room_says_so(framework):
    assert "Nobody in the room answered a prompt." in render([SeatAnswers(1)], framework)


def test_a_room_left_behind_is_removed_by_the_next_one_but_a_running_room_never(tmp_path):
    import time

    from reflect.core.room_store import LOCK_FILE, PREFIX, sweep_stale_rooms

    running = room_in(tmp_path)
    left = tmp_path / (PREFIX + "killed")
    (left / "p1").mkdir(parents=True)
    (left / LOCK_FILE).write_text("", encoding="utf-8")  # its room was killed: nobody holds the lock
    making = tmp_path / (PREFIX + "being-made")  # no lock file yet
    making.mkdir()
    other = tmp_path / "reflect-demo-x"
    other.mkdir()
    later = time.time() + 3600
    old = later - 7200
    os.utime(left / LOCK_FILE, (old, old))
    os.utime(running.root / LOCK_FILE, (old, old))
    assert sweep_stale_rooms(tmp_path, now=later) == [left]
    assert not left.exists() and running.root.is_dir() and making.is_dir() and other.is_dir()
    running.close()
    assert not running.root.exists()


def test_a_room_can_give_every_seat_a_library_case(tmp_path, framework):
    from reflect.core.store import Store

    room = Room.create(3, tmp=tmp_path)
    room.case = "DEMO-TA"
    try:
        seat = room.join()
        assert seat is not None
        room.prepare(seat, framework)
        with Store.open(seat.folder) as store:
            assert [c.label for c in store.list_cases()] == ["DEMO-TA"]
    finally:
        room.close()

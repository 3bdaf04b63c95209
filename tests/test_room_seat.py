"""A participant's app in ``reflect serve --room``: a new workshop the first time, the same one after."""

from __future__ import annotations

import pytest

from reflect.core.errors import ReflectError
from reflect.core.room_store import Room
from reflect.core.store import Store
from reflect.tui.room_seat import main, open_seat
from reflect.tui.screens.case import CaseScreen
from reflect.tui.screens.workshop import WorkshopSessionScreen


def workshops(folder) -> list[int]:
    store = Store.open(folder, create=False)
    try:
        case = store.list_cases()[0]
        return [s.id for s in store.list_sessions(case.id) if s.mode == "workshop"]
    finally:
        store.close()


async def test_first_visit_starts_a_workshop_and_a_return_reopens_it(tmp_path):
    room = Room.create(tmp=tmp_path)
    seat = room.join()
    room.prepare(seat)
    app = open_seat(seat.folder)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert [type(s) for s in app.screen_stack if isinstance(s, WorkshopSessionScreen)]  # (its story on top)
        assert app.options.demo  # the title says the case is fictional
    app.store.close()
    (first,) = workshops(seat.folder)

    again = open_seat(seat.folder)  # the participant is back after a dropped connection
    async with again.run_test() as pilot:
        await pilot.pause()
        sessions = [s for s in again.screen_stack if isinstance(s, WorkshopSessionScreen)]
        assert [s.model.record.id for s in sessions] == [first]
        below = again.screen_stack[again.screen_stack.index(sessions[0]) - 1]
        assert isinstance(below, CaseScreen)  # escape goes back to the case
    again.store.close()
    assert workshops(seat.folder) == [first]  # no second session
    room.close()


def test_a_folder_that_is_not_a_seat_is_refused(tmp_path, capsys):
    store = Store.open(tmp_path / "two")
    store.create_case("ONE")
    store.create_case("TWO")
    store.close()
    with pytest.raises(ReflectError, match="not as the room made it"):
        open_seat(tmp_path / "two")
    assert main([str(tmp_path / "two")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "this participant's workshop store is not as the room made it" in err

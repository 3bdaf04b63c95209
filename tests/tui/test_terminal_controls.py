"""Control characters in stored text never reach the terminal, whichever widget draws them.

An action, a reason or a case detail read from a bundle (or pasted) may hold
ESC or C1 sequences. Textual writes a label's text as it is, so
``ESC ] 0 ; … BEL`` retitled the terminal and ``ESC [ 2 J`` cleared it when
the case screen listed the action. The app's line filter takes the controls
out of every line drawn; the store keeps the text as it was given.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.color import Color
from textual.widgets import Static

from reflect.core.store import Store
from reflect.tui.screens.case import CaseScreen
from reflect.tui.widgets.terminal_safe import ControlFilter

HOSTILE = "Call \x1b]0;PWNED\x07 the \x1b[2J\x9b31mschool"


def test_the_filter_takes_controls_out_and_leaves_clean_lines_as_they_are():
    line = [Segment("plain "), Segment(HOSTILE), Segment("\x1b[1A", None, [(1, 1)])]
    out = ControlFilter().apply(line, Color(0, 0, 0))
    assert [s.text for s in out[:2]] == ["plain ", "Call ]0;PWNED the [2J31mschool"]
    assert out[2].control  # Textual's own cursor moves are controls, not text: they pass
    clean = [Segment("nothing odd here")]
    assert ControlFilter().apply(clean, Color(0, 0, 0)) is clean


async def test_an_action_holding_escape_sequences_is_drawn_without_them(app_factory, tmp_path):
    with Store.open(tmp_path / "store") as store:
        case = store.create_case("YP-ESC", {})
        session = store.create_session(case.id, "preparation", on="2026-11-01")
        store.add_action(session.id, HOSTILE)
    app = app_factory(tmp_path / "store")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.open_case_screen(case.id)
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen)
        actions = app.screen.query_one("#open-actions", Static)
        assert "\x1b" in str(actions.render())  # the widget holds the stored words as they are ...
        drawn = "".join(s.text for strip in actions.render_lines(actions.region.reset_offset) for s in strip)
        assert "school" in drawn and "PWNED" in drawn
        assert not any(ch in drawn for ch in "\x1b\x07\x9b")  # ... what reaches the terminal holds no control
    with Store.open(tmp_path / "store") as store:
        assert store.actions(session.id)[0].what == HOSTILE

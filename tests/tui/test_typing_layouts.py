"""Typing on while the text checks report does not lay the session screen out again (issue 21).

A layout of the session screen costs more than the typing does. The findings
change their words as the user types ("Kai (and 1 more time)"), and the head
of the step changes its status on the first save; neither may lay the screen
out when the words take as many lines as before.
"""

from __future__ import annotations

from session_harness import running_session, settle
from textual.screen import Screen
from textual.widgets import Static

from reflect.tui.widgets.editors import TextAnswer
from reflect.tui.widgets.findings import FindingRow
from reflect.tui.widgets.saving import CHECK_DELAY, SAVE_DELAY


def _letters(text: str) -> list[str]:
    return ["space" if c == " " else c for c in text]


async def test_findings_that_change_their_words_do_not_lay_the_screen_out(data, pack, monkeypatch):
    async with running_session(data, pack) as (pilot, screen):
        box = screen.query(TextAnswer).first()
        box.focus()
        await pilot.press(*_letters("Kai was at the park."))
        await settle(pilot, max(CHECK_DELAY, SAVE_DELAY) + 0.3)
        row = screen.query_one(FindingRow)
        assert "Kai" in str(row.query_one(".finding-text", Static).render())

        layouts: list[int] = []
        original = Screen._refresh_layout

        def counting(self, *args, **kwargs):
            layouts.append(1)
            return original(self, *args, **kwargs)

        monkeypatch.setattr(Screen, "_refresh_layout", counting)
        await pilot.press(*_letters(" Kai went home."))
        await settle(pilot, max(CHECK_DELAY, SAVE_DELAY) + 0.3)
        assert "1 more time" in str(row.query_one(".finding-text", Static).render())
        assert layouts == []

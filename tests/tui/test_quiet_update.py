"""New words in a Static lay the screen out again only when they need another height."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

from reflect.tui.widgets.quiet_update import update_quietly


class OneLine(App[None]):
    CSS = "Static { width: 30; }"

    def compose(self) -> ComposeResult:
        yield Static("line 1: “Kai” → use initials", markup=False)


async def test_same_height_repaints_without_a_layout_and_more_lines_grow_the_static(monkeypatch):
    app = OneLine()
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        static = app.query_one(Static)
        assert static.size.height == 1
        layouts = []
        screen_type = type(app.screen)
        original = screen_type._refresh_layout

        def counting(self, *args, **kwargs):
            layouts.append(1)
            return original(self, *args, **kwargs)

        monkeypatch.setattr(screen_type, "_refresh_layout", counting)
        update_quietly(static, "line 1: “Kai” (and 1 more)")
        await pilot.pause()
        assert layouts == []
        assert "(and 1 more)" in str(static.render())

        update_quietly(static, "line 1: “Kai” (and 2 more times) → use initials, not the name")
        await pilot.pause()
        assert layouts
        assert static.size.height == 3

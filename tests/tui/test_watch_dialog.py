"""The names-to-watch dialog: opened from the palette's command, names never shown, only hashes kept."""

from __future__ import annotations

from reflect.core import watch_store
from reflect.tui.commands import palette_commands
from reflect.tui.dialogs.watch import WatchDialog
from reflect.tui.widgets.findings import scan_text


async def test_add_names_from_the_dialog(app_factory, store_dir):
    app = app_factory(store_dir)
    async with app.run_test() as pilot:
        titles = {title: callback for title, _help, callback, _shown in palette_commands(app, app.screen)}
        titles["Names to watch"]()
        await pilot.pause()
        assert isinstance(app.screen, WatchDialog)
        field = app.screen.query_one("#name")
        assert field.password  # a name is never shown on screen
        await pilot.press(*"Kyle", "enter")
        await pilot.pause()
        assert len(watch_store.list_watched(app.store)) == 1
        assert "Added 1 word(s). 1 word(s) watched." in str(app.screen.query_one("#message").render())
        # the next check of any answer flags the name, and it cannot be dismissed
        from reflect.core import textchecks

        found = scan_text("Kyle said he would come.", textchecks.load_rules(), dismissed=["watched-name:kyle"])
        assert [f.kind for f in found if f.watched] == ["watched-name"]
        # every check in the app process, the note preview's too, looks for it
        assert [f.text for f in textchecks.scan("Kyle said so.", textchecks.load_rules()) if f.watched] == ["Kyle"]
        await pilot.click("#clear")
        await pilot.pause()
        assert watch_store.list_watched(app.store) == []
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, WatchDialog)
        assert not [f for f in scan_text("Kyle said so.", textchecks.load_rules()) if f.watched]

"""The case screen: details, sessions, open actions, starting and opening sessions, the note; the demo."""

from __future__ import annotations

from portable import POSIX_MODES, assert_mode, mode_of
from session_harness import open_case_screen
from textual.widgets import DataTable, Input, Select, Static

from reflect.core.store import Store
from reflect.tui.dialogs.export_note import ExportNoteDialog
from reflect.tui.screens.case import CaseScreen
from reflect.tui.screens.case_form import CaseFormScreen
from reflect.tui.screens.home import HomeScreen
from reflect.tui.screens.session import SessionScreen


def _text(widget: Static) -> str:
    return str(widget.render())


async def test_case_screen_shows_context_sessions_and_open_actions(app_factory, populated_store):
    app = app_factory(populated_store.data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_case_screen(app, pilot, populated_store.case_id)
        assert "Case YP-A" in _text(screen.query_one("#case-title", Static))
        context = _text(screen.query_one("#case-context", Static))
        assert "14-15" in context and "criminal exploitation" in context and "Moved: no" in context
        sessions = screen.query_one("#sessions", DataTable)
        assert sessions.row_count == 1
        assert [str(c) for c in sessions.get_row_at(0)][:2] == ["2026-01-12", "Preparation"]
        actions = _text(screen.query_one("#open-actions", Static))
        assert "Ask the school about a return date" in actions and "Social worker" in actions
        assert "2026-01-30" in actions


async def test_start_a_session_in_each_mode(app_factory, populated_store):
    app = app_factory(populated_store.data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_case_screen(app, pilot, populated_store.case_id)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("f")  # the full walk, not today's focus
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.case_id == populated_store.case_id
        new_id = app.screen.session_id
        assert new_id != populated_store.session_id
        assert app.store.session_info(new_id).mode == "supervision"
        app.pop_screen()
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen)
        assert app.screen.query_one("#sessions", DataTable).row_count == 2  # refreshed on return
        await pilot.click("#start-workshop")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert app.store.session_info(app.screen.session_id).mode == "workshop"
    with Store.open(populated_store.data_dir) as store:
        modes = [s.mode for s in store.list_sessions(populated_store.case_id)]
    assert sorted(modes) == ["preparation", "supervision", "workshop"]


async def test_open_an_existing_session(app_factory, populated_store):
    app = app_factory(populated_store.data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_case_screen(app, pilot, populated_store.case_id)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.session_id == populated_store.session_id


async def test_edit_details_keeps_unknown_context(app_factory, populated_store):
    with Store.open(populated_store.data_dir) as store:
        case = store.get_case(populated_store.case_id)
        store.update_case(case.id, context={**case.context, "vignette": "A fictional story."})
    app = app_factory(populated_store.data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_case_screen(app, pilot, populated_store.case_id)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, CaseFormScreen)
        form = app.screen
        assert form.query_one("#label", Input).value == "YP-A"
        assert form.query_one("#age-band", Select).value == "14-15"
        form.query_one("#age-band", Select).value = "16-17"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen)
        assert "16-17" in _text(app.screen.query_one("#case-context", Static))
    with Store.open(populated_store.data_dir) as store:
        ctx = store.get_case(populated_store.case_id).context
    assert ctx["age_band"] == "16-17" and ctx["vignette"] == "A fictional story."
    assert ctx["harms"] == ["criminal exploitation"]


async def test_write_the_note_of_the_latest_session(app_factory, populated_store, tmp_path):
    target = tmp_path / "notes" / "yp-a.md"
    target.parent.mkdir()
    app = app_factory(populated_store.data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_case_screen(app, pilot, populated_store.case_id)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ExportNoteDialog)
        assert app.screen.query_one("#export-path", Input).value.endswith("YP-A-2026-01-12-preparation.md")
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.click("#export")
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen)
        assert target.exists()
        assert_mode(target, 0o600)
        first = target.read_text(encoding="utf-8")
        assert "YP-A" in first
        # a second note never silently overwrites the first: the dialog asks once, then replaces
        await pilot.press("x")
        await pilot.pause()
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("ctrl+r", "enter")  # a personal note this time
        await pilot.pause()
        assert isinstance(app.screen, ExportNoteDialog)
        assert "already there" in str(app.screen.query_one("#export-message").render())
        assert target.read_text(encoding="utf-8") == first
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen)
        assert target.read_text(encoding="utf-8") != first
        assert sorted(p.name for p in target.parent.iterdir()) == ["yp-a.md"]  # no stray copies


async def test_a_case_without_sessions_invites_one(app_factory, store_dir):
    with Store.open(store_dir) as store:
        case = store.create_case("YP-N")
    app = app_factory(store_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_case_screen(app, pilot, case.id)
        assert "No sessions yet" in _text(screen.query_one("#no-sessions", Static))
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen)  # nothing to write: a calm notice instead


async def test_demo_opens_on_the_fictional_case(make_app, tmp_path):
    app = make_app(tmp_path, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "demo — fictional case" in app.title
        assert isinstance(app.screen, CaseScreen)
        # every screen's title bar says it is the demo, even one that sets its own title
        await pilot.press("p", "f")
        await pilot.pause()
        assert "demo — fictional case" in str(app.screen.query_one("HeaderTitle").render())
        app.pop_screen()
        await pilot.pause()
        assert app.screen.case.label == "DEMO-Sam"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one("#cases", DataTable)
        assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == ["DEMO-Sam"]


def test_run_demo_uses_a_private_temporary_store_and_removes_it(framework, monkeypatch, tmp_path):
    from reflect.tui import app as app_module

    seen = {}

    def fake_run(self, *args, **kwargs):
        folder = self.store.path.parent
        seen["folder"] = folder
        seen["folder_was_private"] = not POSIX_MODES or mode_of(folder) == 0o700
        seen["cases"] = [c.label for c in self.store.list_cases()]
        seen["title"] = self.title
        return 0

    monkeypatch.setattr(app_module.ReflectApp, "run", fake_run)
    monkeypatch.setenv("REFLECT_DATA_DIR", str(tmp_path / "mine"))
    assert app_module.run(demo=True, framework=framework) == 0
    assert seen["folder_was_private"]
    assert seen["cases"] == ["DEMO-Sam"]
    assert "demo" in seen["title"]
    assert not seen["folder"].exists()
    assert not (tmp_path / "mine").exists()  # the user's store was never touched

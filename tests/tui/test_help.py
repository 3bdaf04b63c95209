"""The help screen (every key, from the bindings themselves), the command palette and the themes."""

from __future__ import annotations

from textual.command import CommandPalette
from textual.screen import Screen
from textual.widgets import Static

from reflect.core.store import Store
from reflect.tui.app import HIGH_CONTRAST, ReflectApp
from reflect.tui.commands import palette_commands
from reflect.tui.screens.case import CaseScreen
from reflect.tui.screens.case_form import CaseFormScreen
from reflect.tui.screens.help import HelpScreen, key_text
from reflect.tui.screens.home import HomeScreen
from reflect.tui.screens.session import SessionScreen


def _help_text(app) -> str:
    return "\n".join(str(w.render()) for w in app.screen.query(Static))


def _expected(node) -> list[tuple[str, str]]:
    return [(key_text(b), b.description) for _k, b in node._bindings if not b.system]


async def test_help_lists_every_key_of_the_home_screen_and_the_app(app_factory, populated_store):
    app = app_factory(populated_store.data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        home = app.screen
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = _help_text(app)
        for keys, description in _expected(home) + _expected(app):
            assert keys in text, keys
            assert description in text, description
        for needed in ("F1", "?", "ctrl+q", "ctrl+p", "n", "/", "esc", "enter", "F2"):
            assert needed in text
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is home


async def test_question_mark_opens_help_on_the_case_screen(app_factory, populated_store):
    app = app_factory(populated_store.data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.open_case_screen(populated_store.case_id)
        await pilot.pause()
        case_screen = app.screen
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = _help_text(app)
        assert "case YP-A" in text
        for keys, description in _expected(case_screen):
            assert keys in text and description in text
        # the focused list's own keys are there too
        assert "In the focused list" in text
        await pilot.press("f1")  # F1 again closes it
        await pilot.pause()
        assert app.screen is case_screen


async def test_typing_a_question_mark_in_a_field_types_it(app_factory, store_dir):
    app = app_factory(store_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "Y", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, CaseFormScreen)
        assert app.screen.query_one("#label").value == "Y?"


async def test_palette_new_case(app_factory, store_dir):
    app = app_factory(store_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"new case")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CaseFormScreen)


async def test_palette_new_session_on_the_current_case(app_factory, populated_store):
    app = app_factory(populated_store.data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.open_case_screen(populated_store.case_id)
        await pilot.pause()
        await pilot.press("ctrl+p", *"new supervision session")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("f")  # the same choice as the case screen's: the full walk
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert app.store.session_info(app.screen.session_id).mode == "supervision"


async def test_palette_opens_a_case_by_label(app_factory, populated_store):
    app = app_factory(populated_store.data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p", *"YP-A")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen) and app.screen.case_id == populated_store.case_id


async def test_opening_a_case_that_is_open_already_goes_back_to_it(app_factory, populated_store):
    with Store.open(populated_store.data_dir) as store:
        other = store.create_case("YP-B")
    app = app_factory(populated_store.data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.open_case_screen(populated_store.case_id)
        await pilot.pause()
        case_screen, depth = app.screen, len(app.screen_stack)
        await pilot.press("ctrl+p", *"YP-A")  # the case on screen, opened again from the palette
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is case_screen and len(app.screen_stack) == depth
        await pilot.press("enter")  # its session; from there, the case again
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        app.open_case_screen(populated_store.case_id)
        await pilot.pause()
        assert app.screen is case_screen and len(app.screen_stack) == depth
        app.open_case_screen(other.id)  # another case opens on top
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen) and app.screen.case_id == other.id
        assert len(app.screen_stack) == depth + 1


class _StepScreen(Screen[None]):
    """Stands in for the session screen: it has jump_to_step and action_export_note."""

    def __init__(self) -> None:
        super().__init__()
        self.case_id = 1
        self.calls: list[str] = []

    def jump_to_step(self, step_id: str) -> None:
        self.calls.append(step_id)

    def action_export_note(self) -> None:
        self.calls.append("export")


def test_palette_commands_depend_on_the_screen(app_factory, store_dir, framework):
    app: ReflectApp = app_factory(store_dir)
    home_titles = [t for t, *_ in palette_commands(app, HomeScreen(store=app.store))]
    assert "New case" in home_titles and "Switch theme" in home_titles and "Toggle high contrast" in home_titles
    assert "Help: every key" in home_titles
    assert not any(t.startswith(("New preparation", "Go to", "Export")) for t in home_titles)

    case_titles = [t for t, *_ in palette_commands(app, CaseScreen(1, store=app.store, framework=app.framework))]
    wanted = {"New preparation session", "New supervision session", "New workshop session", "Export note"}
    assert wanted <= set(case_titles)

    screen = _StepScreen()
    commands = {t: cb for t, _h, cb, _s in palette_commands(app, screen)}
    first = framework.principles[0]
    commands[f"Go to principle 1: {first.short_title}"]()
    commands[f"Go to track 1: {framework.tracks[0].short_title}"]()
    commands["Export note"]()
    assert screen.calls == [first.id, framework.tracks[0].id, "export"]
    assert sum(t.startswith("Go to principle") for t in commands) == len(framework.principles)


async def test_high_contrast_toggles_and_themes_are_registered(app_factory, store_dir):
    app = app_factory(store_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        before = app.theme
        assert HIGH_CONTRAST in app.available_themes
        await pilot.press("f2")
        assert app.theme == HIGH_CONTRAST
        await pilot.press("f2")
        assert app.theme == before
        await pilot.press("ctrl+p", *"high contrast")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == HIGH_CONTRAST


def test_palette_has_only_plain_commands_and_no_screenshot(app_factory, store_dir):
    from reflect.tui.commands import ReflectCommands

    app = app_factory(store_dir)
    assert {ReflectCommands} == ReflectApp.COMMANDS
    titles = [t for t, *_ in palette_commands(app, HomeScreen(store=app.store))]
    assert "Quit" in titles
    assert not any("screenshot" in t.lower() for t in titles)


async def test_the_calm_theme_is_used_from_the_first_frame(app_factory, store_dir, monkeypatch):
    from reflect.tui.app import REFLECT_THEME

    app = app_factory(store_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "reflect"
        assert app.stylesheet._variables["background"].upper() == REFLECT_THEME.background.upper()
    monkeypatch.setenv("REFLECT_THEME", HIGH_CONTRAST)
    contrast = app_factory(store_dir)
    async with contrast.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert contrast.theme == HIGH_CONTRAST
        assert contrast.stylesheet._variables["background"].upper() == "#000000"


def test_screens_keep_the_palette_contract(app_factory, store_dir):
    """The Protocols the palette asks are the ones the screens implement (a rename fails here)."""
    from reflect.tui.contracts import CanExportNote, CanJumpToStep, HasCase

    assert issubclass(SessionScreen, CanJumpToStep) and issubclass(SessionScreen, CanExportNote)
    assert issubclass(CaseScreen, CanExportNote) and not issubclass(CaseScreen, CanJumpToStep)
    app: ReflectApp = app_factory(store_dir)
    assert isinstance(CaseScreen(1, store=app.store, framework=app.framework), HasCase)
    # a form for a new case is not about a case yet: no "New session" there
    form = CaseFormScreen(store=app.store, framework=app.framework)
    assert not isinstance(form, HasCase)
    assert not any(t.startswith("New preparation") for t, *_ in palette_commands(app, form))

"""The home screen: cases, search, the new case form, and coming back to them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Select, Static

from reflect.core.errors import StoreError
from reflect.core.store import Store
from reflect.tui.dialogs.confirm import ConfirmScreen
from reflect.tui.screens.case import CaseScreen
from reflect.tui.screens.case_form import CaseFormScreen, label_warnings
from reflect.tui.screens.home import HomeScreen

REPO = Path(__file__).resolve().parents[2]


def _text(widget: Static) -> str:
    return str(widget.render())


def _labels(app) -> list[str]:
    table = app.screen.query_one("#cases", DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def test_empty_store_says_what_to_do_first(app_factory, store_dir):
    app = app_factory(store_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        message = app.screen.query_one("#empty", Static)
        assert message.display
        text = _text(message)
        assert "No cases yet" in text and "press n" in text and "reflect demo" in text
        assert not app.screen.query_one("#cases", DataTable).display


async def test_create_a_case_through_the_form(app_factory, store_dir):
    app = app_factory(store_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, CaseFormScreen)
        assert app.focused is app.screen.query_one("#label", Input)

        # a name-like label warns, in words
        await pilot.press(*"Sam Jones")
        await pilot.pause()
        warning = app.screen.query_one("#label-warning", Static)
        assert warning.display and "Warning:" in _text(warning) and "real name" in _text(warning)

        # a pseudonym clears the warning
        app.screen.query_one("#label", Input).value = ""
        await pilot.press(*"YP-Q")
        await pilot.pause()
        assert not warning.display

        # age band, two harms, moved with areas: all from the keyboard
        await pilot.press("tab")  # age band
        assert app.focused is app.screen.query_one("#age-band", Select)
        await pilot.press("enter", "down", "down", "down", "down", "enter")  # not stated -> 14-15
        await pilot.pause()
        assert app.screen.query_one("#age-band", Select).value == "14-15"
        await pilot.press("tab", "space", "down", "down", "space")  # criminal exploitation, county lines
        await pilot.press("tab", "down", "down", "enter")  # no -> considering -> moved
        await pilot.pause()
        assert app.screen.query_one("#areas").display
        await pilot.press("tab", *"Larkhollow", "tab", *"Saltmarrow")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen)

    with Store.open(store_dir) as store:
        case = store.get_case("YP-Q")
        assert case.context == {
            "age_band": "14-15",
            "harms": ["criminal exploitation", "county lines"],
            "moved": "moved",
            "home_area": "Larkhollow",
            "placement_area": "Saltmarrow",
        }


async def test_a_name_like_label_warns_but_can_be_saved(app_factory, store_dir):
    app = app_factory(store_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", *"Sam Jones", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen)
    with Store.open(store_dir) as store:
        assert [c.label for c in store.list_cases()] == ["Sam Jones"]


async def test_a_refused_label_keeps_everything_typed(app_factory, store_dir):
    with Store.open(store_dir) as store:
        store.create_case("YP-A")
    app = app_factory(store_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", *"YP-A", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CaseFormScreen)
        error = app.screen.query_one("#form-error", Static)
        assert error.display and "already exists" in _text(error) and "Error:" in _text(error)
        assert app.screen.query_one("#label", Input).value == "YP-A"

        app.screen.query_one("#label", Input).value = ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "needs a label" in _text(app.screen.query_one("#form-error", Static))


async def test_leaving_the_form_with_text_asks_first(app_factory, store_dir):
    app = app_factory(store_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", *"YP-Z", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # keep editing
        await pilot.pause()
        assert isinstance(app.screen, CaseFormScreen)
        assert app.screen.query_one("#label", Input).value == "YP-Z"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.click("#yes")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        # an untouched form closes at once
        await pilot.press("n", "escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    with Store.open(store_dir) as store:
        assert store.list_cases() == []


async def test_search_filters_by_label(app_factory, store_dir):
    with Store.open(store_dir) as store:
        for label in ("YP-A", "Child K", "YP-B"):
            store.create_case(label)
    app = app_factory(store_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert sorted(_labels(app)) == ["Child K", "YP-A", "YP-B"]
        await pilot.press("slash")
        assert app.focused is app.screen.query_one("#search", Input)
        await pilot.press(*"yp")
        await pilot.pause()
        assert sorted(_labels(app)) == ["YP-A", "YP-B"]
        assert "2 of 3" in _text(app.screen.query_one("#home-status", Static))
        await pilot.press(*"-b", "enter")  # one match: enter opens it
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen) and app.screen.case.label == "YP-B"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("slash", *"zzz")
        await pilot.pause()
        assert _labels(app) == []
        assert "No case label contains" in _text(app.screen.query_one("#home-status", Static))
        await pilot.press("escape")
        await pilot.pause()
        assert len(_labels(app)) == 3


async def test_open_a_case_with_the_keyboard_and_the_mouse(app_factory, populated_store):
    app = app_factory(populated_store.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert _labels(app) == ["YP-A"]
        table = app.screen.query_one("#cases", DataTable)
        assert [str(c) for c in table.get_row_at(0)] == ["YP-A", "2026-01-12", "1", "1"]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen) and app.screen.case_id == populated_store.case_id
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.click("#cases", offset=(2, 1))  # a click on the highlighted row opens it
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen)


async def test_new_case_button_works_with_the_mouse(app_factory, store_dir):
    app = app_factory(store_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click("#new-case")
        await pilot.pause()
        assert isinstance(app.screen, CaseFormScreen)


async def test_reopen_the_app_and_find_the_case(app_factory, store_dir):
    app = app_factory(store_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", *"YP-R", "ctrl+s")
        await pilot.pause()
        await pilot.press("ctrl+q")
    app.store.close()

    again = app_factory(store_dir)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert _labels(again) == ["YP-R"]


def test_label_warnings_flag_identifiers_not_pseudonyms(framework):
    assert label_warnings("YP-A", framework) == []
    assert label_warnings("Child K", framework) == []
    assert label_warnings("DEMO-Sam", framework) == []
    assert any("real name" in w for w in label_warnings("Sam Jones", framework))
    assert any("date" in w for w in label_warnings("Jay 12/03/2011", framework))
    assert any("phone" in w for w in label_warnings("07700 900123", framework))


def test_a_store_that_cannot_open_fails_before_the_screen_changes(tmp_path, framework):
    from reflect.tui.app import ReflectApp, run

    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "reflect.db").write_bytes(b"this is not a database at all")
    started = []
    original = ReflectApp.run
    ReflectApp.run = lambda self, *a, **k: started.append(self) or 0  # type: ignore[method-assign]
    try:
        with pytest.raises(StoreError):
            run(data_dir=bad, framework=framework)
    finally:
        ReflectApp.run = original  # type: ignore[method-assign]
    assert started == []
    assert (bad / "reflect.db").read_bytes() == b"this is not a database at all"


def test_opening_the_app_does_not_load_notes_or_jinja():
    code = (
        "import sys\n"
        "import reflect.tui.app, reflect.tui.screens.home, reflect.tui.screens.case\n"
        "print(sorted(m for m in sys.modules if m.startswith(('jinja2', 'reflect.core.notes'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert out.stdout.strip() == "[]"


async def test_no_color_keeps_warnings_in_words(app_factory, store_dir, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = app_factory(store_dir)
    assert app.no_color
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", *"Sam Jones")
        await pilot.pause()
        assert _text(app.screen.query_one("#label-warning", Static)).startswith("Warning:")


async def test_labels_that_look_like_markup_are_shown_as_typed(app_factory, store_dir):
    label = "[b]YP[/b] [red"
    with Store.open(store_dir) as store:
        case = store.create_case(label, {"home_area": "[i]x", "harms": ["[/]"], "moved": True})
    app = app_factory(store_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert _labels(app) == [label]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen)
        assert label in _text(app.screen.query_one("#case-title", Static))
        await pilot.press("ctrl+p", *"YP")
        await pilot.pause(0.3)
        await pilot.press("escape")
        await pilot.pause()
        assert case.id == app.screen.case_id

"""Fixtures for the app's Pilot and snapshot tests.

* ``store_dir``: an empty data directory (inside ``tmp_path``).
* ``app_factory``: ``(data_dir, framework=None, **options) -> ReflectApp``, with
  a steady cursor (no blink) so screenshots are stable; stores it opens are
  closed after the test.
* ``make_app``: ``(tmp_path, demo=False) -> ReflectApp``; with ``demo=True`` the
  app opens on the fictional case in a temporary store, as ``reflect demo`` does.
* ``populated_store``: a data directory holding one case (``YP-A``) with a
  preparation session on a fixed date, one answer, one flag and one open action.
* ``snapshot_store``: a fixed fictional store for the snapshot tests (fixed dates).
* ``note_clock``: the notes' clock held still (a note's checks say when they ran);
  ``note_clock.move_to(datetime)`` moves it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from reflect.core.store import Store

FIXED_DATE = "2026-01-12"


@pytest.fixture(autouse=True)
def _steady_environment(monkeypatch):
    """Same picture on every machine: default theme, no cursor blink, no colour overrides."""
    monkeypatch.delenv("REFLECT_THEME", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("REFLECT_CURSOR_BLINK", "0")


@pytest.fixture
def store_dir(tmp_path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def app_factory(framework) -> Callable[..., Any]:
    from reflect.tui.app import ReflectApp
    from reflect.tui.options import AppOptions

    opened: list[Store] = []

    def make(data_dir: Path | str, framework_: Any = None, **options: Any) -> ReflectApp:
        store = Store.open(data_dir)
        opened.append(store)
        options.setdefault("cursor_blink", False)
        return ReflectApp(store, framework_ or framework, AppOptions(**options))

    yield make
    for store in opened:
        store.close()


@pytest.fixture
def make_app(framework) -> Callable[..., Any]:
    from reflect.core.demo import close_demo, open_demo_store
    from reflect.tui.app import ReflectApp
    from reflect.tui.options import AppOptions

    cleanup: list[tuple[Store, Path | None]] = []

    def make(tmp_path: Path, demo: bool = False, **options: Any) -> ReflectApp:
        options.setdefault("cursor_blink", False)
        if demo:
            store, folder, case = open_demo_store(framework)
            cleanup.append((store, folder))
            return ReflectApp(store, framework, AppOptions(demo=True, open_case=case.id, **options))
        store = Store.open(Path(tmp_path) / "store")
        cleanup.append((store, None))
        return ReflectApp(store, framework, AppOptions(**options))

    yield make
    for store, folder in cleanup:
        if folder is not None:
            close_demo(store, folder)
        else:
            store.close()


@dataclass
class Populated:
    data_dir: Path
    case_id: int
    session_id: int
    label: str = "YP-A"


@pytest.fixture
def populated_store(tmp_path, framework) -> Populated:
    """One case with a preparation session (fixed date), an answer, a flag and an open action."""
    data_dir = tmp_path / "store"
    with Store.open(data_dir) as store:
        case = store.create_case("YP-A", {"age_band": "14-15", "harms": ["criminal exploitation"], "moved": False})
        session = store.create_session(case.id, "preparation", on=FIXED_DATE)
        prompt = framework.principles[0].prompts[0]
        if prompt.kind == "text":
            store.save_answer(session.id, prompt.id, "He said he feels safest at football.")
        store.set_flag(session.id, prompt.id, True)
        store.add_action(session.id, "Ask the school about a return date", who="Social worker", by="2026-01-30")
    return Populated(data_dir, case.id, session.id)


@pytest.fixture
def snapshot_store(tmp_path) -> Path:
    """A fixed, fictional store: three cases, dated sessions, open actions. No 'today' anywhere."""
    data_dir = tmp_path / "snap-store"
    with Store.open(data_dir) as store:
        a = store.create_case(
            "YP-A",
            {
                "age_band": "14-15",
                "harms": ["criminal exploitation", "county lines"],
                "moved": True,
                "home_area": "Larkhollow",
                "placement_area": "Saltmarrow",
            },
        )
        s1 = store.create_session(a.id, "preparation", on="2026-01-12")
        store.create_session(a.id, "supervision", on="2026-01-19")
        store.add_action(s1.id, "Ask the school about a return date", who="Social worker", by="2026-01-30")
        store.add_action(s1.id, "Talk with Sam about who he trusts at the home", who="Key worker")
        b = store.create_case("Child K", {"age_band": "12-13", "harms": ["online harm"], "moved": False})
        store.create_session(b.id, "preparation", on="2025-12-03")
        c = store.create_case("Workshop group 2", {})
        store.create_session(c.id, "workshop", on="2025-11-20")
    return data_dir


@pytest.fixture(scope="session")
def pack(tmp_path_factory):
    """The small fixed fictional pack of session_harness, for session-screen tests."""
    from session_harness import test_framework

    return test_framework(tmp_path_factory.mktemp("pack"))


@pytest.fixture
def data(tmp_path) -> Path:
    return tmp_path / "data"


@dataclass
class NoteClock:
    """The time a note's checks say they ran, until moved on."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def move_to(self, moment: datetime) -> None:
        self.now = moment


@pytest.fixture
def note_clock(monkeypatch) -> NoteClock:
    """Hold the notes' one seam for "now" still, so a preview and an export a minute apart agree."""
    from reflect.core.notes import safeguards

    clock = NoteClock(datetime(2026, 11, 20, 17, 8, 30))
    monkeypatch.setattr(safeguards, "clock", clock)
    return clock

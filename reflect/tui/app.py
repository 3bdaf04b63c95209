"""The Textual app: a calm, keyboard-first walk through one case.

``run()`` is what ``reflect`` and ``reflect demo`` call. It opens the store
*before* Textual starts, so a store that cannot be opened is reported by the
command line as one line, not inside a broken screen.

Everything the user types is saved by the core store as it is made; this
module only wires screens, themes, keys and the command palette together.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.filter import LineFilter
from textual.theme import Theme
from textual.widgets import Input

from reflect.core.framework import Framework
from reflect.core.store import Store
from reflect.tui.commands import ReflectCommands
from reflect.tui.options import AppOptions
from reflect.tui.widgets.findings import use_watch_list
from reflect.tui.widgets.terminal_safe import ControlFilter

if TYPE_CHECKING:
    from collections.abc import Sequence

    from textual.content import Content
    from textual.screen import Screen
    from textual.timer import Timer

    from reflect.tui.screens.workshop import WorkshopState

APP_TITLE = "reflect"
DEMO_MARK = "demo — fictional case"
DEMO_TITLE = f"reflect ({DEMO_MARK})"
HIGH_CONTRAST = "reflect-high-contrast"
DEFAULT_THEME = "reflect"

#: a calm default: muted blue on a dark slate, warm amber for warnings
REFLECT_THEME = Theme(
    name=DEFAULT_THEME,
    primary="#6A9FCB",
    secondary="#4F7A99",
    accent="#C9A66B",
    warning="#E0B35A",
    error="#E07A7A",
    success="#7FB88A",
    foreground="#E4E6EA",
    background="#1D2127",
    surface="#252A31",
    panel="#2E343C",
    dark=True,
)

REFLECT_LIGHT_THEME = Theme(
    name="reflect-light",
    primary="#2F5F8A",
    secondary="#4F7A99",
    accent="#8A5A00",
    warning="#8A5A00",
    error="#A32E2E",
    success="#2E6B3A",
    foreground="#1D2127",
    background="#F7F7F4",
    surface="#FFFFFF",
    panel="#E6E8EB",
    dark=False,
)

#: white on black, yellow for focus and selection: well above WCAG AAA contrast
HIGH_CONTRAST_THEME = Theme(
    name=HIGH_CONTRAST,
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#00FFFF",
    warning="#FFFF00",
    error="#FF6060",
    success="#00FF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#000000",
    boost="#FFFFFF",
    dark=True,
    luminosity_spread=0.0,
    text_alpha=1.0,
    variables={
        "block-cursor-foreground": "#000000",
        "block-cursor-background": "#FFFF00",
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-foreground": "#FFFFFF",
        "block-cursor-blurred-background": "#444444",
        "block-cursor-blurred-text-style": "underline",
        "input-cursor-background": "#FFFF00",
        "input-cursor-foreground": "#000000",
        "input-selection-background": "#FFFF00 60%",
        "footer-key-foreground": "#FFFF00",
        "footer-description-foreground": "#FFFFFF",
        "border": "#FFFFFF",
        "border-blurred": "#AAAAAA",
        "text-muted": "#FFFFFF",
        "foreground-muted": "#FFFFFF",
        "scrollbar": "#FFFFFF",
        "scrollbar-background": "#000000",
        "button-color-foreground": "#000000",
    },
)


#: one filter for the app's lifetime: Textual caches each line's filtered form per filter
CONTROL_FILTER = ControlFilter()


class ReflectApp(App[int]):
    """reflect: the eight Practice Principles and three relational tracks, for one case."""

    CSS_PATH = "reflect.tcss"
    TITLE = APP_TITLE
    COMMANDS = {ReflectCommands}  # reflect's commands in plain words (they include theme, help and quit)
    NOTIFICATION_TIMEOUT = 6

    BINDINGS = [
        Binding("f1", "help", "Help", tooltip="Every key, on this screen and everywhere"),
        Binding("question_mark", "help", "Help", show=False),
        Binding(
            "ctrl+q", "quit", "Quit", tooltip="Leave reflect (everything is already saved)", priority=True, show=False
        ),
        Binding("f2", "toggle_high_contrast", "High contrast", show=False),
        Binding(
            "ctrl+p",
            "command_palette",
            "Commands",
            show=False,
            tooltip="Type what you want to do: new case, new session, export note, go to a principle...",
        ),
    ]

    def __init__(self, store: Store, framework: Framework, options: AppOptions) -> None:
        """Everything the screens use is given here, once: the open store, the framework, the options."""
        super().__init__()
        self.store = store
        use_watch_list(store)  # the practitioner's names to watch, as hashes, for every text check
        self.framework = framework
        self.options = options
        #: what each workshop session remembers while the app runs (notes shown, story seen, the timer)
        self.workshop_states: dict[int, WorkshopState] = {}
        self._theme_before_contrast = DEFAULT_THEME
        for theme in (REFLECT_THEME, REFLECT_LIGHT_THEME, HIGH_CONTRAST_THEME):
            self.register_theme(theme)
        wanted = os.environ.get("REFLECT_THEME", "")
        self._set_start_theme(wanted if wanted in self.available_themes else DEFAULT_THEME)
        # screens set the sub-title (the case label); the demo says so in the title itself
        self.title = DEMO_TITLE if self.options.demo else APP_TITLE
        #: the idle lock (issue 18): when a key was last pressed, and whether the lock screen is up
        self.last_input = time.monotonic()
        self.locked = False
        self.idle_timer: Timer | None = None

    # ------------------------------------------------------------------ startup

    def _set_start_theme(self, name: str) -> None:
        """Choose the theme before the stylesheet is first built.

        Assigning ``self.theme`` would re-apply the whole stylesheet once the
        home screen is up (a visible delay with a thousand cases).
        """
        self.set_reactive(App.theme, name)
        self.stylesheet.set_variables(self.get_css_variables())  # not parsed yet: this is cheap
        dark = self.current_theme.dark
        self.set_class(dark, "-dark-mode", update=False)
        self.set_class(not dark, "-light-mode", update=False)
        self.set_class(True, f"-theme-{name}", update=False)

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, then one that keeps control characters in stored text off the terminal."""
        return [*super().get_line_filters(), CONTROL_FILTER]

    def get_default_screen(self) -> Screen[Any]:
        from reflect.tui.screens.home import HomeScreen

        return HomeScreen(store=self.store)

    def on_mount(self) -> None:
        if self.options.lock_minutes > 0 and self.store.encrypted:
            self.idle_timer = self.set_interval(min(15.0, self.options.lock_minutes * 15), self.check_idle_lock)
        if self.options.open_case is not None:
            self.open_case_screen(self.options.open_case)
            if self.options.start_mode:
                self.start_session(self.options.open_case, self.options.start_mode)

    def on_ready(self) -> None:
        if not self.store.verified:
            self.run_worker(self._check_store_file, thread=True, exclusive=True, group="store-check")
        # What is built by now (the framework, the stylesheet, the home screen) lives as long as
        # the app: keep it out of the garbage collector's full passes, which otherwise pause
        # typing for tens of milliseconds every so often.
        gc.freeze()

    #: a ReflectError that ended the app (the command line prints it as its one line)
    failure: Exception | None = None

    def _handle_exception(self, error: Exception) -> None:
        """A store or content error that no screen handled ends the app calmly, never with a traceback.

        What was typed before it is already saved; ``run`` hands the error to
        the command line, which prints it as one line and exits 2.
        """
        from reflect.core.errors import ReflectError

        if isinstance(error, ReflectError):
            self.failure = error
            self.exit(return_code=2)
            return
        super()._handle_exception(error)

    def _check_store_file(self) -> None:
        """The whole-file check that opening skipped, on its own read-only connection (see db_health)."""
        from reflect.core.db_health import quick_check

        problem = quick_check(self.store.path, encrypted=self.store.encrypted)
        if problem:
            self.call_from_thread(self.notify, problem, title="Store", severity="error", timeout=60)

    def format_title(self, title: str, sub_title: str) -> Content:
        """The title bar; in the demo it always says so, whatever a screen's own title is."""
        if self.options.demo and DEMO_MARK not in title:
            title = f"{title} ({DEMO_MARK})"
        return super().format_title(title, sub_title)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Honour ``cursor_blink=False`` everywhere (steady cursors for snapshots and some users).

        Only text fields and text boxes have a cursor. ``TextArea`` is imported
        here, at the first focus, because the home screen has none and the
        app should open without loading it.
        """
        if self.options.cursor_blink:
            return
        from textual.widgets import TextArea

        widget = event.widget
        if isinstance(widget, (Input, TextArea)):
            widget.cursor_blink = False

    # ------------------------------------------------------------------ the idle lock (encrypted stores)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown)):
            self.last_input = time.monotonic()
        await super().on_event(event)

    def check_idle_lock(self, now: float | None = None) -> None:
        """Lock once ``lock_minutes`` have passed without a key (tests pass ``now`` instead of waiting)."""
        idle = (time.monotonic() if now is None else now) - self.last_input
        if not self.locked and idle >= self.options.lock_minutes * 60:
            self.lock_screen()

    def lock_screen(self) -> None:
        """Cover everything with the lock screen; the screen below saves what was typed as it is covered."""
        from reflect.tui.screens.lock import LockScreen

        def unlocked(_: bool | None) -> None:
            self.locked = False
            self.last_input = time.monotonic()

        self.locked = True
        self.clear_notifications()  # a toast may name a case
        self.push_screen(LockScreen(self.store.path, idle=True), unlocked)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While locked, only quitting works (no help over the case, no command palette)."""
        if self.locked and action != "quit":
            return False
        return super().check_action(action, parameters)

    # ------------------------------------------------------------------ actions

    def action_watch_names(self) -> None:
        """Open the names-to-watch dialog (from the command palette)."""
        from reflect.tui.dialogs.watch import WatchDialog

        self.push_screen(WatchDialog())

    def action_help(self) -> None:
        from reflect.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        self.push_screen(HelpScreen(self.screen))

    def action_toggle_high_contrast(self) -> None:
        if self.theme == HIGH_CONTRAST:
            self.theme = self._theme_before_contrast or DEFAULT_THEME
            self.notify("High contrast off.")
        else:
            self._theme_before_contrast = self.theme
            self.theme = HIGH_CONTRAST
            self.notify("High contrast on. Press F2 to turn it off.")

    def action_new_case(self) -> None:
        """The new case form; on save, the new case opens."""
        from reflect.tui.screens.case_form import CaseFormScreen

        def opened(case_id: int | None) -> None:
            if case_id is not None:
                self.open_case_screen(case_id)

        self.push_screen(CaseFormScreen(store=self.store, framework=self.framework), opened)

    def open_case_screen(self, case_id: int) -> None:
        """Show a case: back to its screen if it is open already (from the palette), else a new one on top."""
        from reflect.tui.screens.case import CaseScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, CaseScreen) and screen.case_id == case_id:
                while self.screen is not screen:
                    self.pop_screen()  # what escape does: a session saves as it is left
                return
        self.push_screen(CaseScreen(case_id, store=self.store, framework=self.framework))

    def begin_session(self, case_id: int, mode: str) -> None:
        """A new session: a workshop starts at once; a preparation or supervision first asks for the full
        walk or today's focus (the dialog shows the steps the core suggests, and why)."""
        if mode == "workshop":
            self.start_session(case_id, mode)
            return
        from reflect.core.errors import ReflectError
        from reflect.core.session.start import suggestions_for
        from reflect.tui.dialogs.session_start import SessionStart, SessionStartDialog

        try:
            label = self.store.get_case(case_id).label
            suggestions = suggestions_for(self.store, self.framework, case_id)
        except ReflectError as exc:
            self.notify(str(exc), title="The session was not started", severity="error", markup=False)
            return

        def chosen(result: SessionStart | None) -> None:
            if result is not None:
                self.start_session(case_id, mode, result.steps)

        title = f"A new {mode} session on {label}: the full walk, or today's focus?"
        self.push_screen(SessionStartDialog(title, self.framework, suggestions), chosen)

    def start_session(self, case_id: int, mode: str, focus_steps: Sequence[str] | None = None) -> None:
        """Create a session on a case (dated today): the full walk, or today's focus on these steps; open it."""
        from reflect.core.errors import ReflectError
        from reflect.core.session.start import start_session

        try:
            info = start_session(self.store, self.framework, case_id, mode, focus_steps)
        except ReflectError as exc:
            self.notify(str(exc), title="The session was not started", severity="error", markup=False)
            return
        self.open_session(case_id, info.id)

    def open_session(self, case_id: int, session_id: int) -> None:
        """Open a session of a case: its model from the store, on the screen for its mode."""
        from reflect.core.errors import ReflectError
        from reflect.core.session import SessionModel
        from reflect.tui.screens.session import SessionScreen
        from reflect.tui.screens.workshop import WorkshopSessionScreen, WorkshopState

        try:
            model = SessionModel.open(self.store, self.framework, session_id)
            if model.case_id != case_id:
                raise ReflectError(f"session {session_id} is not a session of case {model.case.label!r}")
        except ReflectError as exc:
            self.notify(str(exc), title="The session was not opened", severity="error", markup=False)
            return
        checks = self.options.checks_enabled
        if model.mode == "workshop":
            state = self.workshop_states.setdefault(session_id, WorkshopState())
            self.push_screen(
                WorkshopSessionScreen(model, state=state, fictional=self.options.demo, checks_enabled=checks)
            )
        else:
            self.push_screen(SessionScreen(model, checks_enabled=checks))


def _exit_on_stop_signals() -> dict[int, Any]:
    """SIGTERM and SIGHUP end the demo through ``finally`` (so its folder is removed).

    Windows has no SIGHUP: Ctrl+Break arrives as SIGBREAK, and so may the
    closing of the console window, through the C runtime. Whatever Windows
    does not deliver, or ends before the folder is gone, the next demo
    tidies away, since the lock of a process that has ended is free.
    """
    import signal

    def stop(signum: int, _frame: Any) -> None:
        raise SystemExit(128 + signum)

    previous: dict[int, Any] = {}
    for name in ("SIGTERM", "SIGHUP", "SIGBREAK"):
        signum = getattr(signal, name, None)
        if signum is None:
            continue
        try:
            previous[signum] = signal.signal(signum, stop)
        except (ValueError, OSError):  # not the main thread, or not allowed here
            pass
    return previous


def _restore_signals(previous: dict[int, Any]) -> None:
    import signal

    for signum, handler in previous.items():
        try:
            signal.signal(signum, handler)
        except (ValueError, OSError, TypeError):
            pass


def run(
    framework: Framework,
    data_dir: Path | str | None = None,
    demo: bool = False,
    start_mode: str | None = None,
    demo_case: str | None = None,
) -> int:
    """Open the app; returns the exit code.

    The caller loads the framework first, so a broken pack is reported on the
    command line, not inside a screen. A store that cannot be opened raises
    :class:`~reflect.core.errors.StoreError` before the screen changes too.
    ``demo=True`` uses a private temporary store holding only the fictional
    case, removed on exit. ``start_mode="workshop"`` (with ``demo``) opens the
    fictional case straight into a new workshop session, its story first.
    ``demo_case`` names a case from the workshop library instead of DEMO-Sam.
    """
    if demo:
        from reflect.core.demo import close_demo, open_demo_store

        store, folder, case = open_demo_store(framework, demo_case)
        previous = _exit_on_stop_signals()
        try:
            app = ReflectApp(
                store, framework, AppOptions.from_environment(demo=True, open_case=case.id, start_mode=start_mode)
            )
            result = app.run()
        finally:
            close_demo(store, folder)
            _restore_signals(previous)
    else:
        from reflect.core.crypto_store import PassphraseNeeded
        from reflect.core.paths import DB_NAME
        from reflect.core.paths import data_dir as default_data_dir

        folder = default_data_dir(data_dir)
        try:
            store = Store.open(folder, verify=None)  # checked after the first paint
        except PassphraseNeeded:  # an encrypted store: its lock screen first, then the app
            from reflect.tui.unlock import unlock_at_start

            themes = (REFLECT_THEME, REFLECT_LIGHT_THEME, HIGH_CONTRAST_THEME)
            if not unlock_at_start(folder / DB_NAME, themes, os.environ.get("REFLECT_THEME") or DEFAULT_THEME):
                return 0
            store = Store.open(folder, verify=None)
        try:
            app = ReflectApp(store, framework, AppOptions.from_environment())
            result = app.run()
        finally:
            store.close()
    if app.failure is not None:
        raise app.failure
    if isinstance(result, int):
        return result
    return app.return_code or 0

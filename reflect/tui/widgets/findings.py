"""Text checks beside an answer: details that could identify someone, and blaming language.

The checks run after typing pauses, in a thread, so typing never waits for
them. Each finding shows what was found, what to write instead and why; the
user can dismiss it for that answer (it is remembered in the store).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Static

from reflect.core.errors import ReflectError
from reflect.tui.typed import reflect_app
from reflect.tui.widgets.quiet_update import update_quietly

if TYPE_CHECKING:
    from reflect.core.framework import Framework
    from reflect.core.store import Store
    from reflect.core.textchecks import Finding, Rules

MAX_SHOWN = 3


def load_text_rules(framework: Framework) -> Rules | None:
    """The text-check rules for a framework, or None when its pack's list cannot be read.

    A broken ``checks.yaml`` must never stop anyone writing: the answers are
    then shown without checks (``reflect check`` says what is wrong).
    """
    from reflect.core import textchecks  # here, not at the top: opening the app needs no checks yet

    try:
        return textchecks.rules_for(framework)
    except ReflectError:
        return None


_preloading: set[int] = set()


def preload_text_rules(framework: Framework) -> None:
    """Read and compile the checks in a background thread as a session opens.

    The first scan would otherwise compile them in its thread just as the
    user types on after a pause, slowing the typing.
    """
    if id(framework) in _preloading:
        return
    _preloading.add(id(framework))
    threading.Thread(target=_preload, args=(framework,), name="reflect checks", daemon=True).start()


def _preload(framework: Framework) -> None:
    rules = load_text_rules(framework)
    if rules is not None:
        rules.compile_all()


def use_watch_list(store: Store) -> None:
    """Read the store's names to watch (again), for every check the app runs, the note previews too;
    the app does this on start and after the list changes."""
    from reflect.core import textchecks, watch_store

    textchecks.watch_everywhere(watch_store.load(store))


def scan_text(text: str, rules: Rules | None, dismissed: Iterable[str] = ()) -> list[Finding]:
    """Findings in ``text`` not dismissed (safe to call from a thread); a watched name is never dismissed."""
    if rules is None or not text.strip():
        return []
    from reflect.core import textchecks

    skip = set(dismissed)
    found = textchecks.scan(text, rules)
    return [f for f in found if f.watched or f.key not in skip]


def describe(finding: Finding, times: int = 1) -> str:
    """One finding, in words; ``times`` when the same words come up more than once in the answer."""
    label = f" ({finding.kind.replace('-', ' ')}: could identify someone)" if finding.category == "identifying" else ""
    again = f" (and {times - 1} more time{'s' if times > 2 else ''})" if times > 1 else ""
    return f"line {finding.line}: “{finding.text}”{again}{label} → {finding.suggestion}"


def grouped(findings: list[Finding]) -> list[tuple[Finding, int]]:
    """One entry per finding key, at its first place, with how often it comes up.

    A name written ten times is one thing to look at (it is dismissed as one),
    and one row on screen: the list does not grow, and the screen is not laid
    out again, with every sentence that repeats it.
    """
    first: dict[str, Finding] = {}
    times: dict[str, int] = {}
    for finding in findings:
        first.setdefault(finding.key, finding)
        times[finding.key] = times.get(finding.key, 0) + 1
    return [(finding, times[key]) for key, finding in first.items()]


class FindingRow(Horizontal):
    DEFAULT_CSS = """
    FindingRow { height: auto; }
    FindingRow > .finding-text { width: 1fr; height: auto; }
    FindingRow > Button { width: auto; min-width: 9; margin-left: 1; }
    """

    def __init__(self, finding: Finding, times: int = 1) -> None:
        super().__init__()
        self.finding = finding
        self._text = self.text_of(finding, times)

    @staticmethod
    def text_of(finding: Finding, times: int = 1) -> str:
        text = describe(finding, times)
        if finding.reason:
            text += f"\n  why: {finding.reason}"
        return text

    def compose(self) -> ComposeResult:
        yield Static(self._text, classes="finding-text", markup=False)
        yield Button(
            "Dismiss",
            compact=True,
            disabled=self.finding.watched,
            tooltip="A name you asked to watch cannot be dismissed"
            if self.finding.watched
            else "Hide this for this answer (it stays in the text)",
        )

    def set_finding(self, finding: Finding, times: int = 1) -> None:
        """Show another finding in this row (its words are redrawn only if they changed)."""
        self.finding = finding
        if self.is_mounted:
            self.query_one(Button).disabled = finding.watched
        text = self.text_of(finding, times)
        if text != self._text:
            self._text = text
            update_quietly(self.query_one(".finding-text", Static), text)


class FindingsView(Vertical):
    """The findings for one answer (hidden when there are none)."""

    DEFAULT_CSS = """
    FindingsView {
        height: auto;
        display: none;
        border-left: thick $warning;
        padding: 0 1;
        margin: 0 0 0 0;
        color: $text;
    }
    FindingsView.-has-findings { display: block; }
    FindingsView > .findings-title { text-style: bold; }
    FindingsView > .findings-more { color: $text-muted; }
    """

    class Dismissed(Message):
        def __init__(self, view: FindingsView, finding: Finding) -> None:
            super().__init__()
            self.view = view
            self.finding = finding

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.findings: list[Finding] = []

    def on_mount(self) -> None:
        app = reflect_app(self.app)
        if app.options.checks_enabled:
            preload_text_rules(app.framework)

    @staticmethod
    def _title(count: int) -> str:
        return f"⚠ Text checks: {count} thing{'s' if count != 1 else ''} to look at"

    @staticmethod
    def _more(count: int) -> str:
        return f"…and {count - MAX_SHOWN} more (all are listed when you finish, F9)"

    async def show(self, findings: list[Finding]) -> None:
        if [f.key for f in findings] == [f.key for f in self.findings] and [(f.line, f.column) for f in findings] == [
            (f.line, f.column) for f in self.findings
        ]:
            return
        before = len(grouped(self.findings))
        self.findings = list(findings)
        things = grouped(findings)
        count = len(things)
        rows = list(self.query_children(FindingRow))
        same_rows = len(rows) == min(count, MAX_SHOWN) and (before > MAX_SHOWN) == (count > MAX_SHOWN)
        if findings and rows and same_rows:
            # the same rows with other words (the text above them moved): redraw what changed, mount nothing
            if before != count:
                update_quietly(self.query_one(".findings-title", Static), self._title(count))
                if count > MAX_SHOWN:
                    update_quietly(self.query_one(".findings-more", Static), self._more(count))
            for row, (finding, times) in zip(rows, things[:MAX_SHOWN], strict=True):
                row.set_finding(finding, times)
            return
        with self.app.batch_update():
            if self.children:  # the first findings: nothing to remove, so no frame in between
                await self.remove_children()
            self.set_class(bool(findings), "-has-findings")
            if not findings:
                return
            widgets: list[Any] = [Static(self._title(count), classes="findings-title", markup=False)]
            widgets += [FindingRow(f, times) for f, times in things[:MAX_SHOWN]]
            if count > MAX_SHOWN:
                widgets.append(Static(self._more(count), classes="findings-more", markup=False))
            await self.mount_all(widgets)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        row = event.button.parent
        if isinstance(row, FindingRow):
            event.stop()
            self.post_message(self.Dismissed(self, row.finding))

"""Text checks beside an answer: details that could identify someone, and blaming language.

The checks run after typing pauses, in a thread, so typing never waits for
them. Each finding shows what was found, what to write instead and why; the
user can dismiss it for that answer (it is remembered in the store).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Static

if TYPE_CHECKING:
    from reflect.core.framework import Framework

MAX_SHOWN = 3


def load_text_rules(framework: "Framework") -> Any | None:
    """The compiled text-check rules for a framework, or None if checks are unavailable."""
    try:
        from reflect.core import textchecks
        from reflect.core.content import content_root
    except ImportError:  # pragma: no cover - text checks not installed
        return None
    try:
        root = framework.root if framework.root != content_root() else None
        return textchecks.load_rules(root, framework.vocabulary())
    except Exception:  # a broken checks.yaml must never stop anyone writing
        return None


def scan_text(text: str, rules: Any, dismissed: Iterable[str] = ()) -> list[Any]:
    """Findings in ``text`` not dismissed (safe to call from a thread)."""
    if rules is None or not text.strip():
        return []
    from reflect.core import textchecks

    skip = set(dismissed)
    return [f for f in textchecks.scan(text, rules) if f.key not in skip]


def describe(finding: Any) -> str:
    """One finding, in words."""
    if finding.category == "identifying":
        label = f" ({finding.kind.replace('-', ' ')}: could identify someone)"
    else:
        label = ""
    return f"line {finding.line}: “{finding.text}”{label} → {finding.suggestion}"


class FindingRow(Horizontal):
    DEFAULT_CSS = """
    FindingRow { height: auto; }
    FindingRow > .finding-text { width: 1fr; height: auto; }
    FindingRow > Button { width: auto; min-width: 9; margin-left: 1; }
    """

    def __init__(self, finding: Any) -> None:
        super().__init__()
        self.finding = finding

    def compose(self) -> ComposeResult:
        text = describe(self.finding)
        if self.finding.reason:
            text += f"\n  why: {self.finding.reason}"
        yield Static(text, classes="finding-text", markup=False)
        yield Button("Dismiss", compact=True, tooltip="Hide this for this answer (it stays in the text)")


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
        def __init__(self, view: "FindingsView", finding: Any) -> None:
            super().__init__()
            self.view = view
            self.finding = finding

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.findings: list[Any] = []

    async def show(self, findings: list[Any]) -> None:
        if [f.key for f in findings] == [f.key for f in self.findings] and [
            (f.line, f.column) for f in findings
        ] == [(f.line, f.column) for f in self.findings]:
            return
        self.findings = list(findings)
        with self.app.batch_update():
            await self.remove_children()
            self.set_class(bool(findings), "-has-findings")
            if not findings:
                return
            count = len(findings)
            title = f"⚠ Text checks: {count} thing{'s' if count != 1 else ''} to look at"
            widgets: list[Any] = [Static(title, classes="findings-title", markup=False)]
            widgets += [FindingRow(f) for f in findings[:MAX_SHOWN]]
            if count > MAX_SHOWN:
                widgets.append(
                    Static(f"…and {count - MAX_SHOWN} more (all are listed when you finish, F9)",
                           classes="findings-more", markup=False)
                )
            await self.mount_all(widgets)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        row = event.button.parent
        if isinstance(row, FindingRow):
            event.stop()
            self.post_message(self.Dismissed(self, row.finding))

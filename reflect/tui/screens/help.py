"""The help screen (F1 or ?): every key of the screen below and of the app.

It is built from the bindings themselves, so it can never drift from what
the keys really do.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.keys import format_key
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from reflect.tui.contracts import HasHelpTitle

INTRO = (
    "Everything you type is saved as you type it, on this computer only.\n"
    "Tab moves to the next field and shift+tab goes back. Keys shown in the bar at the bottom can be "
    "clicked with the mouse. Ctrl+p opens the command palette: type what you want to do."
)

_NAMES = {"escape": "esc", "question_mark": "?", "slash": "/", "space": "space", "enter": "enter", "tab": "tab"}


def key_text(binding: Binding) -> str:
    """A key as a person would write it: ``ctrl+q``, ``F1``, ``?``, ``esc``."""
    if binding.key_display:
        return binding.key_display
    *modifiers, key = binding.key.split("+") if binding.key != "+" else ["+"]
    name = _NAMES.get(key)
    if name is None:
        name = key.upper() if (len(key) in (2, 3) and key[0] == "f" and key[1:].isdigit()) else format_key(key)
    return "+".join([*modifiers, name])


def describe(binding: Binding) -> str:
    text = binding.description or binding.tooltip or binding.action.replace("_", " ").replace("app.", "")
    if binding.tooltip and binding.description and binding.tooltip != binding.description:
        text = f"{binding.description} — {binding.tooltip}"
    return text


def binding_rows(node: DOMNode) -> list[tuple[str, str]]:
    """(keys, what they do) for every binding defined on ``node``; keys for one action are merged."""
    merged: dict[tuple[str, str], list[str]] = {}
    order: list[tuple[str, str]] = []
    # the node's bindings, inherited ones included (Textual merges them); its own class's come first
    bindings: list[tuple[str, Binding]] = list(node._bindings)
    own = {b.action if isinstance(b, Binding) else b[1] for b in type(node).__dict__.get("BINDINGS", [])}
    bindings.sort(key=lambda kb: kb[1].action not in own)
    for _key, binding in bindings:
        if binding.system:
            continue
        ident = (binding.action, describe(binding))
        if ident not in merged:
            merged[ident] = []
            order.append(ident)
        shown = key_text(binding)
        if shown not in merged[ident]:
            merged[ident].append(shown)
    rows = []
    for ident in order:
        rows.append((", ".join(merged[ident]), ident[1]))
    return rows


def _widget_name(widget: Any) -> str:
    names = {
        "DataTable": "list",
        "Input": "text field",
        "TextArea": "text box",
        "Select": "choice",
        "SelectionList": "checklist",
        "Switch": "switch",
        "Button": "button",
        "Checkbox": "checkbox",
        "OptionList": "list",
        "RadioSet": "choice",
        "ListView": "list",
    }
    for cls in type(widget).__mro__:
        if cls.__name__ in names:
            return names[cls.__name__]
    return type(widget).__name__


def _section(title: str, rows: list[tuple[str, str]]) -> Text:
    text = Text()
    text.append(title + "\n", style="bold")
    width = max((len(k) for k, _ in rows), default=0)
    width = min(max(width, 6), 22)
    for keys, what in rows:
        text.append(f"  {keys:<{width}}", style="bold")
        text.append(f"  {what}\n")
    return text


class HelpScreen(Screen[None]):
    """Every key, in plain words."""

    BINDINGS = [
        Binding("escape", "close", "Close help"),
        Binding("f1", "close", "Close help", show=False),
        Binding("question_mark", "close", "Close help", show=False),
        Binding("q", "close", "Close help", show=False),
    ]

    def __init__(self, below: Screen[Any]) -> None:
        super().__init__(id="help")
        self.below = below
        self.sections = self._sections(below)

    def _sections(self, below: Screen[Any]) -> list[tuple[str, list[tuple[str, str]]]]:
        sections: list[tuple[str, list[tuple[str, str]]]] = []
        named = below.help_title if isinstance(below, HasHelpTitle) else ""
        title = named or below.sub_title or "this screen"
        own = binding_rows(below)
        if own:
            sections.append((f"On this screen ({title})", own))
        focused = below.focused
        seen: set[int] = set()
        node: Any = focused
        while node is not None and node is not below:
            if id(node) not in seen:
                seen.add(id(node))
                rows = binding_rows(node)
                if rows:
                    sections.append((f"In the focused {_widget_name(node)}", rows))
            node = node.parent
        app_rows = binding_rows(below.app)
        if app_rows:
            sections.append(("Everywhere", app_rows))
        return sections

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="help-body"):
            yield Static("Keys", classes="screen-title")
            yield Static(INTRO, id="help-intro", classes="calm-message")
            for title, rows in self.sections:
                yield Static(_section(title, rows), classes="help-section")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    def action_close(self) -> None:
        self.dismiss()

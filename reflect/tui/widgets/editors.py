"""Answer editors, one per prompt kind: text, choice, checklist, scale.

Each editor holds one answer and says when it changed; the prompt card
around it decides when to save. ``value`` is the answer as the store keeps
it: text, a whole number (scale), one option (choice) or a list (checklist).
"""

from __future__ import annotations

import time
from typing import Any, Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.style import Style
from textual.timer import Timer
from textual.content import Content
from textual.geometry import Size
from textual.widgets import OptionList, RadioButton, RadioSet, Static, TextArea
from textual.widgets.option_list import Option

from reflect.core.framework import Prompt
from reflect.tui.widgets.focus_keys import FOCUS_KEYS, FocusAtOnce


class EditorChanged(Message):
    """An editor's answer changed (sent by the editor, handled by its prompt card)."""

    def __init__(self, editor: "AnswerEditor") -> None:
        super().__init__()
        self.editor = editor


class AnswerEditor:
    """What every editor offers its prompt card."""

    prompt: Prompt
    #: set by the prompt card around the editor: called on every change, in place of ``EditorChanged``
    changed_callback: "Callable[[], None] | None" = None

    def _report_change(self) -> None:
        if self.changed_callback is not None:
            self.changed_callback()
        else:
            self.post_message(EditorChanged(self))  # type: ignore[attr-defined]

    @property
    def value(self) -> Any:  # pragma: no cover - interface
        raise NotImplementedError

    def clear_answer(self) -> None:  # pragma: no cover - interface
        raise NotImplementedError


#: the rows of text a text answer shows: at least ROWS_MIN, growing ROWS_STEP at a time up to ROWS_MAX
#: (its border adds two: the CSS's min-height 5 and max-height 16 say the same)
ROWS_MIN, ROWS_STEP, ROWS_MAX = 3, 4, 14
RESIZE_PAUSE = 0.25  # seconds of quiet before a text answer takes the height its text wants


def answer_rows(lines: int) -> int:
    """How many rows a text answer of ``lines`` wrapped lines shows: with a row to spare to write into.

    It grows a few rows at a time, so the session's layout is redone once every
    few lines typed rather than on every new line.
    """
    wanted = lines + 1
    if wanted <= ROWS_MIN:
        return ROWS_MIN
    return min(ROWS_MAX, ROWS_MIN + -(-(wanted - ROWS_MIN) // ROWS_STEP) * ROWS_STEP)


class TextAnswer(FocusAtOnce, TextArea, AnswerEditor):
    """Free text: wraps, grows with what is written, Tab moves on."""

    BINDINGS = FOCUS_KEYS

    DEFAULT_CSS = """
    TextAnswer {
        height: auto;
        min-height: 5;
        max-height: 16;
    }
    """

    def __init__(self, prompt: Prompt, text: str = "", *, placeholder: str = "", id: str | None = None) -> None:
        super().__init__(
            text,
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            placeholder=placeholder or "Your answer (saved as you type)",
            id=id,
        )
        self.prompt = prompt
        self._last_text = text

    def on_mount(self) -> None:
        # carry on where the answer ends, not at its first letter
        self.move_cursor(self.document.end)

    @property
    def value(self) -> str:
        return self.text

    def clear_answer(self) -> None:
        self.text = ""

    # -------------------------------------------------------------- size while typing
    #
    # A new line of text would make TextArea set ``virtual_size``, a reactive
    # that lays out the whole screen (twice, as the containers around the
    # answer grow): on a session screen that costs more than the typing does.
    # So the box keeps a row to spare and grows a few rows at a time, and only
    # at once when the text would no longer fit; otherwise it takes the
    # height its text wants when typing pauses.

    _rows: int | None = None
    _resize_timer: Timer | None = None
    _resize_due: float = 0.0

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if not self.soft_wrap:
            return super().get_content_height(container, viewport, width)
        if self._rows is None:
            self._rows = answer_rows(self.virtual_size.height)
        return self._rows

    def _refresh_size(self) -> None:
        if not self.soft_wrap:
            super()._refresh_size()
            return
        size = Size(0, self.wrapped_document.height)
        changed = size != self.virtual_size
        if changed:
            self.set_reactive(TextArea.virtual_size, size)
        lines = size.height
        if self._rows is None or not self.outer_size:  # not laid out yet
            self._rows = answer_rows(lines)
            if changed:
                self.refresh(layout=True)
            return
        if lines > self._rows and self._rows < ROWS_MAX:
            # the text no longer fits: grow now (the layout sets the scrollbars for the new size)
            self._rows = answer_rows(lines)
            self.refresh(layout=True)
            return
        if answer_rows(lines) != self._rows:
            self._resize_later()
        if changed:
            self._scroll_update(size)
            self.refresh()
        else:
            self._refresh_scrollbars()

    def _resize_later(self) -> None:
        self._resize_due = time.monotonic() + RESIZE_PAUSE
        if self._resize_timer is None:
            self._resize_timer = self.set_timer(RESIZE_PAUSE, self._resize_now, name="answer height")

    def _resize_now(self) -> None:
        self._resize_timer = None
        left = self._resize_due - time.monotonic()
        if left > 0.005:  # typing went on: wait for the pause
            self._resize_timer = self.set_timer(left, self._resize_now, name="answer height")
            return
        rows = answer_rows(self.virtual_size.height)
        if rows != self._rows:
            self._rows = rows
            self.refresh(layout=True)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self._report_change()

    def check_message_enabled(self, message: Message) -> bool:
        # Every key moves the cursor, and TextArea tells each container up to the app about it;
        # nothing in reflect listens, so the message is not sent at all.
        if isinstance(message, TextArea.SelectionChanged):
            return False
        return super().check_message_enabled(message)


class MarkedRadio(RadioButton):
    """A radio button whose state shows in its shape too ("●" on, blank off), not only its colour."""

    @property
    def _button(self) -> Content:
        button_style = self.get_visual_style("toggle--button")
        side_style = Style(foreground=button_style.background, background=self.background_colors[1])
        inner = self.BUTTON_INNER if self.value else " "
        return Content.assemble(
            (self.BUTTON_LEFT, side_style), (inner, button_style), (self.BUTTON_RIGHT, side_style)
        )


class MarkedRadioSet(RadioSet):
    """A radio set whose keyboard cursor starts on the chosen button, not the first."""

    def on_mount(self) -> None:
        self.call_after_refresh(self._cursor_to_pressed)

    def _cursor_to_pressed(self) -> None:
        if self.pressed_index >= 0:
            self._selected = self.pressed_index


class OptionsAnswer(FocusAtOnce, OptionList, AnswerEditor):
    """Options in a list that wraps long text: Space or Enter chooses, Delete clears.

    The choice shows in words and shape ("(●)" / "( )", "[✓]" / "[ ]"), never colour alone.
    """

    DEFAULT_CSS = """
    OptionsAnswer { height: auto; max-height: 20; width: 1fr; }
    """

    BINDINGS = [
        *FOCUS_KEYS,
        Binding("space", "select", "Choose", show=False),
        Binding("delete,backspace", "clear_answer", "Clear answer", show=False),
    ]

    multiple = False

    def __init__(self, prompt: Prompt, chosen: list[str]) -> None:
        self.prompt = prompt
        self._choices = list(prompt.options) + [c for c in chosen if c not in prompt.options]
        self._chosen = [c for c in self._choices if c in chosen]
        super().__init__(*[Option(self._label(c), id=None) for c in self._choices])

    def _label(self, choice: str) -> Content:
        on = choice in self._chosen
        if self.multiple:
            mark = "[✓] " if on else "[ ] "
        else:
            mark = "(●) " if on else "( ) "
        return Content.assemble((mark, "bold" if on else ""), choice)

    def _redraw(self) -> None:
        for index, choice in enumerate(self._choices):
            self.replace_option_prompt_at_index(index, self._label(choice))

    def on_focus(self) -> None:
        if self.highlighted is None and self._choices:
            first = next((i for i, c in enumerate(self._choices) if c in self._chosen), 0)
            self.highlighted = first

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        choice = self._choices[event.option_index]
        if self.multiple:
            if choice in self._chosen:
                self._chosen.remove(choice)
            else:
                self._chosen.append(choice)
            self._chosen = [c for c in self._choices if c in self._chosen]
        else:
            self._chosen = [] if choice in self._chosen else [choice]
        self._redraw()
        self.post_message(EditorChanged(self))

    def action_clear_answer(self) -> None:
        self.clear_answer()

    def clear_answer(self) -> None:
        if self._chosen:
            self._chosen = []
            self._redraw()
            self.post_message(EditorChanged(self))


class ChoiceAnswer(OptionsAnswer):
    """One of several options."""

    def __init__(self, prompt: Prompt, value: Any = None) -> None:
        super().__init__(prompt, [value] if isinstance(value, str) and value else [])

    @property
    def value(self) -> str | None:
        return self._chosen[0] if self._chosen else None


class ChecklistAnswer(OptionsAnswer):
    """Any number of options."""

    multiple = True

    def __init__(self, prompt: Prompt, value: Any = None) -> None:
        super().__init__(prompt, [v for v in value if isinstance(v, str)] if isinstance(value, list) else [])

    @property
    def value(self) -> list[str]:
        return list(self._chosen)


class ScaleChoice(FocusAtOnce, MarkedRadioSet):
    """The numbers of a scale, in a row. Delete clears."""

    BINDINGS = [*FOCUS_KEYS, Binding("delete,backspace", "clear_answer", "Clear answer", show=False)]

    def __init__(self, numbers: list[str], chosen: str | None) -> None:
        super().__init__(*[MarkedRadio(n, value=(n == chosen)) for n in numbers])
        self.numbers = numbers
        self._suppress = True

    def on_mount(self) -> None:
        super().on_mount()
        self.call_after_refresh(self._ready)

    def _ready(self) -> None:
        self._suppress = False

    @property
    def value(self) -> str | None:
        index = self.pressed_index
        return self.numbers[index] if 0 <= index < len(self.numbers) else None

    def action_clear_answer(self) -> None:
        pressed = self.pressed_button
        if pressed is None:
            return
        with self.prevent(RadioButton.Changed):
            pressed.value = False
        self._pressed_button = None
        self.post_message(EditorChanged(self))  # type: ignore[arg-type]

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        if not self._suppress:
            self.post_message(EditorChanged(self))  # type: ignore[arg-type]


class ScaleAnswer(Vertical, AnswerEditor):
    """A number on a scale: a row of choices with the two ends named."""

    DEFAULT_CSS = """
    ScaleAnswer { height: auto; }
    ScaleAnswer > ScaleChoice { layout: horizontal; width: auto; max-width: 100%; }
    ScaleAnswer > ScaleChoice > RadioButton { width: auto; margin-right: 1; }
    ScaleAnswer > .scale-ends { color: $text-muted; padding: 0 1; }
    """

    def __init__(self, prompt: Prompt, value: Any = None) -> None:
        super().__init__()
        self.prompt = prompt
        lo, hi, low, high = prompt.scale or (1, 5, "", "")
        self._numbers = [str(n) for n in range(lo, hi + 1)]
        self._ends = (lo, hi, low, high)
        chosen = str(value) if isinstance(value, int) else None
        self._choice = ScaleChoice(self._numbers, chosen)

    def compose(self) -> ComposeResult:
        yield self._choice
        lo, hi, low, high = self._ends
        if low or high:
            yield Static(f"{lo} = {low}    {hi} = {high}", classes="scale-ends", markup=False)

    def on_editor_changed(self, event: EditorChanged) -> None:
        if event.editor is self._choice:
            event.stop()
            self.post_message(EditorChanged(self))

    @property
    def value(self) -> int | None:
        chosen = self._choice.value
        try:
            return int(chosen) if chosen is not None else None
        except ValueError:
            return None

    def clear_answer(self) -> None:
        self._choice.action_clear_answer()

    def focus(self, scroll_visible: bool = True) -> "ScaleAnswer":
        self._choice.focus(scroll_visible)
        return self


def make_editor(prompt: Prompt, value: Any) -> AnswerEditor:
    if prompt.kind == "choice":
        return ChoiceAnswer(prompt, value if isinstance(value, str) else None)
    if prompt.kind == "checklist":
        return ChecklistAnswer(prompt, value)
    if prompt.kind == "scale":
        return ScaleAnswer(prompt, value)
    text = value if isinstance(value, str) else ("" if value is None else str(value))
    return TextAnswer(prompt, text)

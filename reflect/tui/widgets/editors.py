"""Answer editors, one per prompt kind: text, choice, checklist, scale.

Each editor holds one answer and says when it changed; the prompt card
around it decides when to save. ``value`` is the answer as the store keeps
it: text, a whole number (scale), one option (choice) or a list (checklist).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.message_pump import MessagePump
from textual.timer import Timer
from textual.widgets import OptionList, RadioButton, RadioSet, Static, TextArea
from textual.widgets.option_list import Option

from reflect.core.framework import Prompt
from reflect.tui.widgets.focus_keys import FOCUS_KEYS, FocusAtOnce
from reflect.tui.widgets.marked_toggle import MarkedRadio


class EditorChanged(Message):
    """An editor's answer changed (sent by the editor, handled by its prompt card)."""

    def __init__(self, editor: AnswerEditor) -> None:
        super().__init__()
        self.editor = editor


class AnswerEditor:
    """What every editor offers its prompt card."""

    prompt: Prompt
    #: set by the prompt card around the editor: called on every change, in place of ``EditorChanged``
    changed_callback: Callable[[], None] | None = None

    def _report_change(self) -> None:
        if self.changed_callback is not None:
            self.changed_callback()
        else:
            assert isinstance(self, MessagePump), "an answer editor is a widget"
            self.post_message(EditorChanged(self))

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
            # TextArea scrolled to the cursor before the new wrapped line counted in the
            # scroll range, so a word that wraps at full height would sit below the box
            # until the next key: scroll to it once the range includes it.
            self.call_after_refresh(self.scroll_cursor_visible)
        else:
            self._refresh_scrollbars()

    def on_resize(self) -> None:
        # A new width wraps the text again (TextArea does it on resize). When that leaves it as
        # many lines high, nothing above repaints it, and the old wrapping stays on screen
        # ("He sa" where the line now ends at "He"): paint it once more.
        self.refresh()

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


class MarkedRadioSet(RadioSet):
    """A radio set whose keyboard cursor starts on the chosen button, not the first."""

    def on_mount(self) -> None:
        self.call_after_refresh(self._cursor_to_pressed)

    def _cursor_to_pressed(self) -> None:
        if self.pressed_index >= 0:
            self._selected = self.pressed_index


#: a space or Enter this soon (seconds) after a letter is part of the words being typed, not a tick
WORD_GAP = 1.0


class TypingGuard:
    """Tells a tick (space or Enter) from the space between words typed into a list by mistake.

    A new user who takes a checklist for a text box and types "the police"
    must not tick anything: letters never change a choice, and a space or
    Enter that follows them within ``WORD_GAP`` seconds belongs to the same
    words. Any other key (an arrow) ends the words, so a deliberate space
    ticks again at once.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._typed_at: float | None = None

    def typing(self, event: events.Key) -> bool:
        """Whether this key is part of words being typed (a tick in it is to be ignored)."""
        now = self._clock()
        if event.key in ("space", "enter"):
            if self._typed_at is not None and now - self._typed_at < WORD_GAP:
                self._typed_at = now
                return True
            self._typed_at = None
            return False
        if event.is_printable:
            self._typed_at = now
            return True
        self._typed_at = None
        return False

    def reset(self) -> None:
        self._typed_at = None


def ignore_typing(guard: TypingGuard, event: events.Key) -> bool:
    """Stop a space or Enter typed between words from ticking; True when the key was typed as words."""
    if not guard.typing(event):
        return False
    if event.key in ("space", "enter"):
        event.stop()
        event.prevent_default()
    return True


class OptionsAnswer(FocusAtOnce, OptionList, AnswerEditor):
    """Options in a list that wraps long text: Space or Enter chooses, Delete clears.

    The choice shows in words and shape ("(●)" / "( )", "[✓]" / "[ ]"), never colour alone.
    While it has the focus, a line in its frame says how to use it; typing
    letters into it changes nothing and that line says it is not a text box.
    """

    DEFAULT_CSS = """
    OptionsAnswer { height: auto; max-height: 20; width: 1fr; }
    OptionsAnswer { border-subtitle-align: left; border-subtitle-color: $text-muted; }
    OptionsAnswer.-typed { border-subtitle-color: $text-warning; border-subtitle-style: bold; }
    """

    BINDINGS = [
        *FOCUS_KEYS,
        Binding("space", "select", "Choose", show=False),
        Binding("delete,backspace", "clear_answer", "Clear answer", show=False),
    ]

    multiple = False
    #: the line in its frame while it has the focus, and after letters are typed into it
    HOW_TO = "A choice: ↑↓ to move, space to choose"
    NOT_TEXT = "Not a text box: ↑↓ to move, space to choose"

    def __init__(self, prompt: Prompt, chosen: list[str]) -> None:
        self.prompt = prompt
        self._choices = list(prompt.options) + [c for c in chosen if c not in prompt.options]
        self._chosen = [c for c in self._choices if c in chosen]
        self._guard = TypingGuard()
        super().__init__(*[Option(self._label(c), id=None) for c in self._choices])

    def _label(self, choice: str) -> Content:
        on = choice in self._chosen
        marks = ("[✓] ", "[ ] ") if self.multiple else ("(●) ", "( ) ")
        mark = marks[0] if on else marks[1]
        return Content.assemble((mark, "bold" if on else ""), choice)

    def _redraw(self) -> None:
        for index, choice in enumerate(self._choices):
            self.replace_option_prompt_at_index(index, self._label(choice))

    def on_focus(self) -> None:
        if self.highlighted is None and self._choices:
            first = next((i for i, c in enumerate(self._choices) if c in self._chosen), 0)
            self.highlighted = first
        self._say(typed=False)

    def on_blur(self) -> None:
        self._guard.reset()
        self.border_subtitle = ""
        self.remove_class("-typed")

    def on_key(self, event: events.Key) -> None:
        typed = ignore_typing(self._guard, event)
        if typed or self.has_class("-typed"):
            self._say(typed)

    def _say(self, typed: bool) -> None:
        self.border_subtitle = self.NOT_TEXT if typed else self.HOW_TO
        self.set_class(typed, "-typed")

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
    HOW_TO = "A list to tick: ↑↓ to move, space to tick"
    NOT_TEXT = "Not a text box: ↑↓ to move, space to tick"

    def __init__(self, prompt: Prompt, value: Any = None) -> None:
        super().__init__(prompt, [v for v in value if isinstance(v, str)] if isinstance(value, list) else [])

    @property
    def value(self) -> list[str]:
        return list(self._chosen)


class ScaleChoice(FocusAtOnce, MarkedRadioSet):
    """The numbers of a scale, in a row. Delete clears."""

    BINDINGS = [*FOCUS_KEYS, Binding("delete,backspace", "clear_answer", "Clear answer", show=False)]

    class Picked(Message):
        """The number chosen changed, or was cleared (the scale answer around it reports the change)."""

    class Typed(Message):
        """Letters were typed into the scale (``typed``), or the keys are the scale's again."""

        def __init__(self, typed: bool) -> None:
            super().__init__()
            self.typed = typed

    def __init__(self, numbers: list[str], chosen: str | None) -> None:
        super().__init__(*[MarkedRadio(n, value=(n == chosen)) for n in numbers])
        self.numbers = numbers
        self._suppress = True
        self._guard = TypingGuard()
        self._typed = False

    def on_key(self, event: events.Key) -> None:
        typed = ignore_typing(self._guard, event)
        if typed != self._typed:
            self._typed = typed
            self.post_message(self.Typed(typed))

    def on_blur(self) -> None:
        self._guard.reset()
        if self._typed:
            self._typed = False
            self.post_message(self.Typed(False))

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
        self.post_message(self.Picked())

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        if not self._suppress:
            self.post_message(self.Picked())


class ScaleAnswer(Vertical, AnswerEditor):
    """A number on a scale: a row of choices with the two ends named.

    Letters typed into it change nothing, and the line under it says so until
    an arrow key is pressed.
    """

    DEFAULT_CSS = """
    ScaleAnswer { height: auto; }
    ScaleAnswer > ScaleChoice { layout: horizontal; width: auto; max-width: 100%; }
    ScaleAnswer > ScaleChoice > RadioButton { width: auto; margin-right: 1; }
    ScaleAnswer > .scale-ends { color: $text-muted; padding: 0 1; }
    ScaleAnswer > .scale-ends.-typed { color: $text-warning; text-style: bold; }
    ScaleAnswer > .scale-ends.-empty { display: none; }
    """

    NOT_TEXT = "A scale, not a text box: ←→ to move, space to choose"

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
        ends = self._ends_text()
        yield Static(ends, classes="scale-ends" if ends else "scale-ends -empty", markup=False)

    def _ends_text(self) -> str:
        lo, hi, low, high = self._ends
        return f"{lo} = {low}    {hi} = {high}" if (low or high) else ""

    def on_scale_choice_typed(self, event: ScaleChoice.Typed) -> None:
        event.stop()
        line = self.query_one(".scale-ends", Static)
        ends = self._ends_text()
        line.update(self.NOT_TEXT if event.typed else ends)
        line.set_class(event.typed, "-typed")
        line.set_class(not event.typed and not ends, "-empty")
        if event.typed:
            line.scroll_visible(animate=False)

    def on_scale_choice_picked(self, event: ScaleChoice.Picked) -> None:
        event.stop()
        self._report_change()

    @property
    def value(self) -> int | None:
        chosen = self._choice.value
        try:
            return int(chosen) if chosen is not None else None
        except ValueError:
            return None

    def clear_answer(self) -> None:
        self._choice.action_clear_answer()

    def focus(self, scroll_visible: bool = True) -> ScaleAnswer:
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

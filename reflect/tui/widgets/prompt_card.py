"""One reflective prompt: its text, the answer editor, the hint and the text checks.

In a supervision session the practitioner's preparation answer to the same
prompt is shown read-only above the editor (beside it on wide screens).
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from reflect.core.framework import Prompt
from reflect.tui.widgets.editors import AnswerEditor, EditorChanged, make_editor
from reflect.tui.widgets.findings import FindingsView
from reflect.tui.widgets.status import FLAG_WORDS, STAGES


class PromptHeader(Static):
    """"Question 2 of 7 · Describe · private", and "[⚐ flag for supervision]" to click."""

    DEFAULT_CSS = """
    PromptHeader { height: auto; color: $text-muted; }
    """

    def __init__(self, card: "PromptCard") -> None:
        super().__init__("")
        self.card = card

    def on_mount(self) -> None:
        self.update_header()

    def update_header(self) -> None:
        card = self.card
        parts = [f"Question {card.position} of {card.total}"]
        if card.prompt.stage:
            parts.append(STAGES.get(card.prompt.stage, card.prompt.stage))
        if card.prompt.private:
            parts.append("private: kept out of the record note")
        text = _escape(" · ".join(parts))
        if card.flaggable and not card.flagged:
            text += "   [@click=flag]\\[⚐ flag for supervision][/]"
        self.update(text)
        for banner in card.query(FlagBanner):
            banner.refresh_banner()

    def action_flag(self) -> None:
        self.post_message(PromptCard.FlagToggled(self.card, True))


class FlagBanner(Static):
    """"⚑ Flagged: bring to supervision [remove flag]", in words, under the question."""

    DEFAULT_CSS = """
    FlagBanner { height: auto; color: $text-warning; text-style: bold; display: none; }
    FlagBanner.-shown { display: block; }
    """

    def __init__(self, card: "PromptCard") -> None:
        super().__init__("")
        self.card = card

    def on_mount(self) -> None:
        self.refresh_banner()

    def refresh_banner(self) -> None:
        self.set_class(self.card.flagged, "-shown")
        self.update(f"{FLAG_WORDS}  [@click=unflag]\\[remove flag][/]" if self.card.flagged else "")

    def action_unflag(self) -> None:
        self.post_message(PromptCard.FlagToggled(self.card, False))


def _escape(text: str) -> str:
    return text.replace("[", "\\[")


class PreparationAnswer(Static):
    """The practitioner's preparation answer, read-only, in a supervision session."""

    DEFAULT_CSS = """
    PreparationAnswer {
        border-left: thick $secondary;
        padding: 0 1;
        margin: 0 0 1 0;
        color: $text;
        height: auto;
    }
    """


class ConflictNote(Static):
    """Shown when another copy of reflect changed the same answer."""

    DEFAULT_CSS = """
    ConflictNote {
        display: none; height: auto; color: $warning; border-left: thick $warning; padding: 0 1;
    }
    ConflictNote.-shown { display: block; }
    """

    def __init__(self, card: "PromptCard") -> None:
        super().__init__("")
        self.card = card

    def action_see(self) -> None:
        self.post_message(PromptCard.ConflictShown(self.card))


class PromptCard(Vertical):
    """A prompt and its answer. Posts ``AnswerChanged`` and ``FlagToggled``."""

    DEFAULT_CSS = """
    PromptCard {
        height: auto;
        padding: 0 1 1 1;
        margin-bottom: 1;
        border-left: blank;
    }
    PromptCard:focus-within { border-left: thick $primary; }
    PromptCard > .prompt-text { text-style: bold; height: auto; }
    PromptCard > FlagBanner { margin-top: 1; }
    PromptCard > .answer-row { margin-top: 1; }
    PromptCard > .prompt-hint { color: $text-muted; text-style: italic; height: auto; }
    PromptCard > .prompt-facilitator { color: $text-muted; height: auto; margin-bottom: 1; }
    PromptCard .answer-row { height: auto; }
    """

    class AnswerChanged(Message, bubble=False):
        """Posted straight to the screen (not bubbled through each container): it comes with every key."""

        def __init__(self, card: "PromptCard") -> None:
            super().__init__()
            self.card = card

    class FlagToggled(Message):
        def __init__(self, card: "PromptCard", flagged: bool) -> None:
            super().__init__()
            self.card = card
            self.flagged = flagged

    class ConflictShown(Message):
        def __init__(self, card: "PromptCard") -> None:
            super().__init__()
            self.card = card

    def __init__(
        self,
        prompt: Prompt,
        value: Any,
        *,
        position: int,
        total: int,
        flagged: bool = False,
        preparation: str | None = None,
        preparation_label: str = "",
        show_facilitator: bool = False,
        flaggable: bool = True,
    ) -> None:
        super().__init__()
        self.flaggable = flaggable
        self.prompt = prompt
        self.position = position
        self.total = total
        self.flagged = flagged
        self.preparation = preparation
        self.preparation_label = preparation_label
        self.show_facilitator = show_facilitator
        self.editor: AnswerEditor = make_editor(prompt, value)
        self.editor.changed_callback = self._editor_changed
        self.findings = FindingsView()
        self.conflict_text: Any = None

    def compose(self) -> ComposeResult:
        yield PromptHeader(self)
        yield Static(self.prompt.text, classes="prompt-text", markup=False)
        if self.flaggable:
            yield FlagBanner(self)
        if self.show_facilitator and self.prompt.facilitator:
            yield Static(f"For the facilitator: {self.prompt.facilitator}", classes="prompt-facilitator", markup=False)
        with Vertical(classes="answer-row"):
            if self.preparation is not None:
                yield PreparationAnswer(f"{self.preparation_label}\n{self.preparation}", markup=False)
            yield self.editor  # type: ignore[misc]
        if self.prompt.hint:
            yield Static(self.prompt.hint, classes="prompt-hint", markup=False)
        yield self.findings
        yield ConflictNote(self)

    @property
    def value(self) -> Any:
        return self.editor.value

    def on_editor_changed(self, event: EditorChanged) -> None:
        event.stop()
        self._editor_changed()

    def _editor_changed(self) -> None:
        """The answer changed (on every key typed): tell the screen, which saves after a pause."""
        if self.is_attached:
            self.screen.post_message(self.AnswerChanged(self))

    def set_flagged(self, flagged: bool) -> None:
        self.flagged = flagged
        self.query_one(PromptHeader).update_header()

    def focus_editor(self, scroll_visible: bool = True) -> None:
        widget = self.editor
        if isinstance(widget, Widget):
            widget.focus(scroll_visible=scroll_visible)

    def show_conflict(self, other: Any) -> None:
        """Another copy of reflect changed this answer: keep theirs in view, never lost."""
        self.conflict_text = other
        note = self.query_one(ConflictNote)
        note.update(
            "⚠ Another copy of reflect changed this answer; yours was kept. "
            "[@click=see]\\[see the other text][/] (or press ctrl+o)"
        )
        note.add_class("-shown")

    def clear_conflict(self) -> None:
        self.conflict_text = None
        self.query_one(ConflictNote).remove_class("-shown")

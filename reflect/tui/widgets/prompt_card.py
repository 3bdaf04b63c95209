"""One question and its answer: the text, the editor, the hint and the text checks.

Two kinds share the card. A ``PromptCard`` answers a prompt of a principle
or track: it can be flagged for supervision, shows the facilitator's note in
a workshop, and in a supervision the practitioner's preparation answer
read-only above the editor (beside it on wide screens). A ``SummaryCard``
answers one of the session's closing questions (a summary field): its own
kind, saved as a summary field, never flagged.
"""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.markup import escape
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static
from textual.worker import get_current_worker

from reflect.core.dates import parse_day
from reflect.core.errors import ReflectError
from reflect.core.framework import Framework, Prompt, SummaryField
from reflect.core.session import SUMMARY_STEP
from reflect.core.words import FLAG_WORDS, MONTHS, STAGE_TITLES, longdate
from reflect.tui.dialogs.conflict import ConflictDialog
from reflect.tui.widgets.editors import AnswerEditor, EditorChanged, TextAnswer, make_editor
from reflect.tui.widgets.findings import FindingsView, load_text_rules, scan_text


class PromptHeader(Static):
    """ "Question 2 of 7 · Describe · private", and "[⚐ flag for supervision]" to click."""

    DEFAULT_CSS = """
    PromptHeader { height: auto; color: $text-muted; }
    """

    def __init__(self, card: AnswerCard) -> None:
        super().__init__("")
        self.card = card

    def on_mount(self) -> None:
        self.update_header()

    def update_header(self) -> None:
        card = self.card
        parts = [f"Question {card.position} of {card.total}"]
        if card.stage:
            parts.append(STAGE_TITLES.get(card.stage, card.stage))
        if card.private:
            parts.append("private: kept out of the record note")
        text = escape(" · ".join(parts))
        if card.flaggable and not card.flagged:
            text += "   [@click=flag]\\[⚐ flag for supervision][/]"
        self.update(text)
        for banner in card.query(FlagBanner):
            banner.refresh_banner()

    def action_flag(self) -> None:
        self.post_message(AnswerCard.FlagToggled(self.card, True))


class FlagBanner(Static):
    """ "⚑ Flagged: bring to supervision [remove flag]", in words, under the question."""

    DEFAULT_CSS = """
    FlagBanner { height: auto; color: $text-warning; text-style: bold; display: none; }
    FlagBanner.-shown { display: block; }
    """

    def __init__(self, card: AnswerCard) -> None:
        super().__init__("")
        self.card = card

    def on_mount(self) -> None:
        self.refresh_banner()

    def refresh_banner(self) -> None:
        self.set_class(self.card.flagged, "-shown")
        self.update(f"{FLAG_WORDS}  [@click=unflag]\\[remove flag][/]" if self.card.flagged else "")

    def action_unflag(self) -> None:
        self.post_message(AnswerCard.FlagToggled(self.card, False))


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

    def __init__(self, card: AnswerCard) -> None:
        super().__init__("")
        self.card = card

    def action_see(self) -> None:
        self.card.open_conflict()


class AnswerCard(Vertical):
    """A question and its answer. Posts ``AnswerChanged`` (every change) and ``FlagToggled``."""

    @staticmethod
    def of(widget: Widget | None, within: Widget) -> AnswerCard | None:
        """The card ``widget`` sits in (looking no further up than ``within``), if any."""
        for node in widget.ancestors_with_self if widget is not None else ():
            if isinstance(node, AnswerCard):
                return node
            if node is within:
                break
        return None

    DEFAULT_CSS = """
    AnswerCard {
        height: auto;
        padding: 0 1 1 1;
        margin-bottom: 1;
        border-left: blank;
    }
    AnswerCard:focus-within { border-left: thick $primary; }
    AnswerCard > .prompt-text { text-style: bold; height: auto; }
    AnswerCard > FlagBanner { margin-top: 1; }
    AnswerCard > .answer-row { margin-top: 1; }
    AnswerCard > .prompt-hint { color: $text-muted; text-style: italic; height: auto; }
    AnswerCard > .prompt-hint.-problem { color: $error; text-style: bold; }
    AnswerCard > .prompt-facilitator { color: $text-muted; height: auto; margin-bottom: 1; }
    AnswerCard .answer-row { height: auto; }
    """

    class AnswerChanged(Message, bubble=False):
        """Posted straight to the screen (not bubbled through each container): it comes with every key."""

        def __init__(self, card: AnswerCard) -> None:
            super().__init__()
            self.card = card

    class FlagToggled(Message):
        def __init__(self, card: AnswerCard, flagged: bool) -> None:
            super().__init__()
            self.card = card
            self.flagged = flagged

    class ChecksFound(Message, bubble=False):
        """The latest text checks of this answer, from their worker thread."""

        def __init__(self, findings: list[Any]) -> None:
            super().__init__()
            self.findings = findings

    #: a prompt card can be flagged for supervision; a summary card cannot
    flaggable = False

    def __init__(
        self,
        editor: AnswerEditor,
        *,
        answer_id: str,
        text: str,
        position: int,
        total: int,
        private: bool = False,
        hint: str = "",
    ) -> None:
        super().__init__()
        #: the prompt's id or the summary field's: what the answer and its dismissed findings are kept under
        self.answer_id = answer_id
        self.text = text
        self.position = position
        self.total = total
        self.private = private
        self.hint = hint
        self.stage = ""
        self.flagged = False
        self.facilitator = ""
        self.preparation: str | None = None
        self.preparation_label = ""
        self.editor = editor
        self.editor.changed_callback = self._editor_changed
        self.findings = FindingsView()
        self.conflict_text: Any = None

    def compose(self) -> ComposeResult:
        yield PromptHeader(self)
        yield Static(self.text, classes="prompt-text", markup=False)
        if self.flaggable:
            yield FlagBanner(self)
        if self.facilitator:
            yield Static(f"For the facilitator: {self.facilitator}", classes="prompt-facilitator", markup=False)
        with Vertical(classes="answer-row"):
            if self.preparation is not None:
                yield PreparationAnswer(f"{self.preparation_label}\n{self.preparation}", markup=False)
            if isinstance(self.editor, Widget):
                yield self.editor
        if self.hint:
            yield Static(self.hint, classes="prompt-hint", markup=False)
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

    @property
    def checkable(self) -> bool:
        """Whether the text checks read this answer (free text only)."""
        return isinstance(self.editor, TextAnswer)

    def check(self, framework: Framework, dismissed: list[str]) -> None:
        """Run the text checks on this answer in a thread: typing never waits for them."""
        if self.checkable and self.is_attached:
            self._check(str(self.value or ""), framework, dismissed)

    @work(thread=True, exclusive=True, group="checks", exit_on_error=False)
    def _check(self, text: str, framework: Framework, dismissed: list[str]) -> None:
        # exclusive: a newer check of this answer cancels an older one, whose findings never arrive
        findings = scan_text(text, load_text_rules(framework), dismissed)
        if not get_current_worker().is_cancelled:
            self.post_message(self.ChecksFound(findings))

    async def on_answer_card_checks_found(self, message: ChecksFound) -> None:
        await self.findings.show(message.findings)

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

    def open_conflict(self) -> None:
        """Show the other copy's text in full; the user may add it below theirs (it is then saved as typed)."""
        other = self.conflict_text

        def done(choice: str | None) -> None:
            if not self.is_attached:
                return
            if choice == "append" and isinstance(self.editor, TextAnswer):
                addition = "\n".join(other) if isinstance(other, list) else str(other or "")
                self.editor.text = self.editor.text.rstrip("\n") + "\n\n" + addition
            self.clear_conflict()

        self.app.push_screen(ConflictDialog(other), done)

    def clear_conflict(self) -> None:
        self.conflict_text = None
        self.query_one(ConflictNote).remove_class("-shown")


class PromptCard(AnswerCard):
    """A prompt of a principle or track, with its answer."""

    flaggable = True

    def __init__(
        self,
        prompt: Prompt,
        value: Any,
        *,
        position: int,
        total: int,
        flagged: bool = False,
        preparation: tuple[str, str] | None = None,
        show_facilitator: bool = False,
    ) -> None:
        super().__init__(
            make_editor(prompt, value),
            answer_id=prompt.id,
            text=prompt.text,
            position=position,
            total=total,
            private=prompt.private,
            hint=prompt.hint,
        )
        self.prompt = prompt
        self.stage = prompt.stage
        self.flagged = flagged
        if preparation is not None:
            self.preparation_label, self.preparation = preparation
        if show_facilitator:
            self.facilitator = prompt.facilitator


DATE_HINT = "Type the date as DD/MM/YYYY (for example 07/12/2026) or YYYY-MM-DD."


class SummaryCard(AnswerCard):
    """One of the session's closing questions (a summary field), answered in free text.

    A date field (the next review) says under its box whether what is typed
    is a real date: it is saved, as YYYY-MM-DD, only once it is one, so
    "31/02/2027" is refused with the reason and never stored.
    """

    def __init__(self, field: SummaryField, text: str, *, position: int, total: int) -> None:
        is_date = field.kind == "date"
        super().__init__(
            TextAnswer(_field_as_prompt(field), longdate(text) if is_date and text else text),
            answer_id=field.id,
            text=field.label,
            position=position,
            total=total,
            private=field.private,
            hint=DATE_HINT if is_date else "",
        )
        self.field = field

    @property
    def checkable(self) -> bool:
        """A date has nothing for the text checks to find."""
        return self.field.kind != "date" and super().checkable

    def date_value(self) -> str:
        """The typed date as YYYY-MM-DD ("" when blank); a ReflectError says why it is not a date.

        The date as shown when the card opened ("7 December 2026") reads back too.
        """
        text = str(self.value or "").strip()
        try:
            return parse_day(text)
        except ReflectError:
            parsed = _from_longdate(text)
            if parsed is None:
                raise
            return parsed

    def show_date_problem(self, message: str) -> None:
        """Under the box: why the text is not a date yet, or nothing."""
        for hint in self.query(".prompt-hint").results(Static):
            hint.update(message or DATE_HINT)
            hint.set_class(bool(message), "-problem")


def _from_longdate(text: str) -> str | None:
    """ "7 December 2026" (how the card shows a saved date) as YYYY-MM-DD, or None (no locale needed)."""
    parts = text.split()
    if len(parts) != 3 or parts[1] not in MONTHS or not (parts[0].isdigit() and parts[2].isdigit()):
        return None
    try:
        return parse_day(f"{parts[0]}/{MONTHS.index(parts[1]) + 1}/{parts[2]}")
    except ReflectError:
        return None


def _field_as_prompt(field: SummaryField) -> Prompt:
    """The words a summary field lends its text editor, which is built around a prompt (``editors.py``).

    Nothing reads this back: the card is saved as a summary field, by its
    kind. It can go once ``TextAnswer`` accepts being built without a prompt.
    """
    return Prompt(
        id=field.id, step=SUMMARY_STEP, kind="text", text=field.label, modes=field.modes, private=field.private
    )

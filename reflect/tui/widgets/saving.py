"""Save what is typed, and check it: each answer once typing pauses, and at once when the user moves on.

A text answer is saved half a second after typing pauses, at least every
0.8 s while typing goes on, and at once when the user leaves the field, the
step, the screen or the app (``flush``). Choices save the same way. Every
save goes through the session model; what it changed goes back to the
screen to redraw. A save the disk refuses keeps the text on screen and is
tried again on the next change or when leaving, and the user is told once,
not on every key. The text checks run a little after typing pauses, in a
thread (``AnswerCard.check``), so typing never waits for them.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.widget import Widget

from reflect.core.errors import ReflectError
from reflect.core.session import Change, SessionModel
from reflect.tui.widgets.autosave import Debouncer
from reflect.tui.widgets.prompt_card import AnswerCard, SummaryCard

SAVE_DELAY = 0.5  # seconds of quiet before a text answer is saved
SAVE_MAX_WAIT = 0.8  # ...and at least this often while typing goes on without a pause
CHECK_DELAY = 0.6  # seconds of quiet before the text checks run


class AnswerSaver:
    def __init__(
        self, host: Widget, model: SessionModel, apply: Callable[[Change], None], *, checks_enabled: bool = True
    ) -> None:
        self.host = host
        self.model = model
        self.apply = apply
        self.checks_enabled = checks_enabled
        self._debouncer = Debouncer(host, SAVE_DELAY, max_wait=SAVE_MAX_WAIT)
        self._checker = Debouncer(host, CHECK_DELAY)
        self._error_shown = False

    def changed(self, card: AnswerCard) -> None:
        """The card's answer changed (a key typed): save it once typing pauses, and check it."""
        self._debouncer.schedule(card.answer_id, lambda: self._save(card))
        if self.checks_enabled and card.checkable:
            self._checker.schedule(card.answer_id, lambda: self.check(card))

    def check(self, card: AnswerCard) -> None:
        """Run the text checks on a card's answer now (in a thread), leaving out what the user dismissed."""
        if self.checks_enabled:
            card.check(self.model.framework, self.model.dismissed(card.answer_id))

    def cancel_checks(self) -> None:
        """A step is closing: checks still waiting for a pause are not wanted any more."""
        self._checker.cancel_all()

    def pending(self, answer_id: str) -> bool:
        """Whether an answer (a prompt's id or a summary field's) has typing not saved yet."""
        return self._debouncer.pending(answer_id)

    def flush(self, answer_id: str) -> None:
        self._debouncer.flush(answer_id)

    def flush_all(self) -> None:
        self._debouncer.flush_all()

    def _save(self, card: AnswerCard) -> None:
        if isinstance(card, SummaryCard) and card.field.kind == "date":
            try:  # a date is saved only once it is a real one; until then the card says why not
                value = card.date_value()
            except ReflectError as exc:
                card.show_date_problem(f"Not saved yet: {exc.message}.")
                return
            card.show_date_problem("")
        else:
            value = card.value
        try:
            if isinstance(card, SummaryCard):
                change = self.model.save_summary(card.field.id, value)
            else:
                change = self.model.save_answer(card.answer_id, card.value)
        except ReflectError as exc:
            self._debouncer.keep(card.answer_id, lambda: self._save(card))
            if not self._error_shown:
                self._error_shown = True
                self.host.notify(
                    f"{exc}. Your text is still on screen; reflect will try again.",
                    title="Not saved yet",
                    severity="error",
                    timeout=12,
                    markup=False,
                )
            return
        self._error_shown = False
        self.apply(change)

"""One open session: what it holds, what the user can do to it, and what that changed.

``SessionModel.open`` reads a session with its case, the preparation a
supervision shows and the earlier actions it reviews. Each intent (save an
answer, flag a prompt, mark a step, add an action, review an earlier one...)
is one store transaction: it writes, updates the record the model holds the
same way, and returns a :class:`~reflect.core.session.changes.Change` saying
what to redraw. The screen observes the model; it never writes to the store
itself, and never patches the record by hand. A failed write raises
:class:`~reflect.core.errors.ReflectError` and leaves the record as it was.

The derived views (the list of steps, the overview, the preparation beside
each question) read only the record, so they are the same whoever asks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reflect.core.dates import summary_value
from reflect.core.errors import ReflectError
from reflect.core.framework import Framework, Prompt, Step, SummaryField
from reflect.core.models import Action, Case, SessionRecord
from reflect.core.progress import MARKS, SET_ASIDE, answered, step_state
from reflect.core.session.changes import NOTHING, Change, Conflict
from reflect.core.session.focus import FOCUS_KEY, Focus
from reflect.core.session.overview import WrittenText, session_overview, step_code, texts_written
from reflect.core.session.preparation import answer_beside, answers_not_asked, their_summary, what_they_bring
from reflect.core.session.prompts import PromptItem, step_flags, visible_prompts
from reflect.core.session.review import Review, actions_to_review
from reflect.core.session.steps import ACTIONS_STEP, SUMMARY_STEP, StepLine, step_ids
from reflect.core.session_extra import with_extra

if TYPE_CHECKING:
    from reflect.core.store import Store

SUPERVISION = "supervision"
REVIEW_OUTCOMES = ("done", "not-done", "carried-forward")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def _blank_to_empty(value: Any) -> Any:
    """An empty answer is "" whatever the editor gave (None, blank text)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    return value


class SessionModel:
    """A session being worked on. Build it with :meth:`open`."""

    def __init__(
        self,
        store: Store,
        framework: Framework,
        case: Case,
        record: SessionRecord,
        prep: SessionRecord | None = None,
        review: list[Review] | None = None,
    ) -> None:
        self.store = store
        self.framework = framework
        self.case = case
        self.record = record
        #: the practitioner's preparation this supervision shows (None in other modes, or when there is none)
        self.prep = prep
        #: earlier actions this session reviews, oldest first
        self.review: list[Review] = review or []
        self._prompts: dict[str, list[PromptItem]] = {}
        #: today's focus (None: the full walk), as chosen when the session started
        self.focus: Focus | None = Focus.from_json(record.extra.get(FOCUS_KEY), framework)
        #: steps of a focus session whose deeper questions are shown (one key away; not kept)
        self.deeper_shown: set[str] = set()

    @classmethod
    def open(cls, store: Store, framework: Framework, session_id: int) -> SessionModel:
        record = with_extra(store, store.get_session(session_id))
        case = store.get_case(record.info.case_id)
        prep = None
        if record.mode == SUPERVISION:
            prep_info = store.preparation_for(session_id)
            prep = store.get_session(prep_info.id) if prep_info is not None else None
        return cls(store, framework, case, record, prep, actions_to_review(store, record))

    # ------------------------------------------------------------------ what it holds

    @property
    def session_id(self) -> int:
        return self.record.id

    @property
    def case_id(self) -> int:
        return self.case.id

    @property
    def mode(self) -> str:
        return self.record.mode

    @property
    def steps(self) -> list[Step]:
        """The principles and tracks this session walks: all of them, or today's focus (in the framework's order)."""
        if self.focus is None:
            return list(self.framework.steps)
        return [s for s in self.framework.steps if s.id in self.focus.steps]

    @property
    def step_ids(self) -> list[str]:
        """Every step in order: the principles and tracks it walks, then "actions" and "summary"."""
        if self.focus is None:
            return step_ids(self.framework)
        return [s.id for s in self.steps] + [ACTIONS_STEP, SUMMARY_STEP]

    def step(self, step_id: str) -> Step | None:
        return self.framework.step(step_id)

    def prompts(self, step: Step) -> list[PromptItem]:
        """The prompts the step shows in this session, in order, with their group headings."""
        if step.id not in self._prompts:
            answers = self.record.answers

            def core_or_answered(prompt: Prompt) -> bool:
                return prompt.core or answered(prompt.answer_in(answers))  # a deeper answer stays shown

            narrow = self.focus is not None and step.id not in self.deeper_shown
            keep = core_or_answered if narrow else None
            self._prompts[step.id] = visible_prompts(self.framework, step, self.mode, self.case.move, keep)
        return self._prompts[step.id]

    def deeper_hidden(self, step: Step) -> int:
        """How many deeper questions of the step a focus session keeps one key away (0 when shown or none)."""
        if self.focus is None or step.id in self.deeper_shown:
            return 0
        shown = {item.prompt.id for item in self.prompts(step)}
        return sum(1 for p in step.prompts_for(self.mode, self.case.move) if p.id not in shown)

    def has_deeper(self, step: Step) -> bool:
        """Whether the step has deeper questions in this session that the toggle shows or hides."""
        return self.focus is not None and any(not p.core for p in step.prompts_for(self.mode, self.case.move))

    def toggle_deeper(self, step_id: str) -> Change:
        """Show or hide a focus step's deeper questions (answered ones stay shown either way)."""
        if self.framework.step(step_id) is None:
            raise ReflectError("only principles and tracks have deeper questions")
        self.deeper_shown ^= {step_id}
        self._prompts.pop(step_id, None)
        return Change(steps=(step_id,))

    @property
    def story(self) -> str:
        """The case's story (its vignette), read together at the start of a workshop; "" when none."""
        return str(self.case.context.get("vignette") or "").strip()

    def summary_fields(self) -> list[SummaryField]:
        return self.framework.summary_fields_for(self.mode)

    def state(self, step: Step) -> str:
        """Where the step stands: the one rule (``progress.step_state``)."""
        return step_state(self.record, step)

    def dismissed(self, answer_id: str) -> list[str]:
        """The findings the user dismissed for one answer (a prompt's id or a summary field's)."""
        return list(self.record.dismissed.get(answer_id, []))

    # ------------------------------------------------------------------ derived views

    def step_entries(self) -> list[StepLine]:
        """The list of steps, each with where it stands."""
        lines = [
            StepLine(s.id, s.kind, s.number, s.short_title, self.state(s), step_flags(self.record, s))
            for s in self.steps
        ]
        lines.append(StepLine(ACTIONS_STEP, "actions", 0, "Actions", note=self.actions_note()))
        lines.append(StepLine(SUMMARY_STEP, "summary", 0, "Summary", note=self.summary_note()))
        return lines

    def actions_note(self) -> str:
        """ "2 actions, 1 to review" (a supervision counts the earlier actions it has yet to review)."""
        count = len(self.record.actions)
        note = _plural(count, "action") if count else "none yet"
        to_review = sum(1 for r in self.review if not r.action.review)
        if self.mode == SUPERVISION and to_review:
            note += f", {to_review} to review"
        return note

    def summary_note(self) -> str:
        fields = self.summary_fields()
        filled = sum(1 for f in fields if answered(self.record.summary.get(f.id)))
        return f"{filled} of {len(fields)} written"

    def overview(self) -> str:
        """What the session covered, set aside and flagged, and its actions (the summary screen)."""
        if self.focus is None:
            return session_overview(self.framework, self.record)
        overview = session_overview(self.framework, self.record, focus=self.focus.steps)
        chosen = "; ".join(f"{step_code(s)} {s.short_title}" for s in self.steps)
        return f"Today's focus: {chosen}\n{overview}"  # the steps left out are listed below, once

    def written_texts(self) -> list[WrittenText]:
        """Every written answer and summary field, for the text checks before export."""
        return texts_written(self.framework, self.record)

    def prep_beside(self, prompt: Prompt) -> tuple[str, str] | None:
        """(label, text) of the preparation's answer to show above the supervisor's, if any."""
        return answer_beside(self.prep, prompt) if self.prep is not None else None

    def prep_overview(self) -> str:
        """What the practitioner wants to bring to this supervision ("" when nothing or no preparation)."""
        return what_they_bring(self.framework, self.prep) if self.prep is not None else ""

    def prep_not_asked(self, step: Step) -> str:
        """Preparation answers to the step's questions that this supervision does not ask."""
        if self.prep is None:
            return ""
        return answers_not_asked(self.prep, step, {item.prompt.id for item in self.prompts(step)})

    def prep_summary(self) -> str:
        return their_summary(self.framework, self.prep) if self.prep is not None else ""

    # ------------------------------------------------------------------ answers

    def _prompt(self, prompt_id: str) -> Prompt:
        prompt = self.framework.prompt(prompt_id)
        if prompt is None:
            raise ReflectError(f"there is no prompt {prompt_id!r} in this framework")
        return prompt

    def save_answer(self, prompt_id: str, value: Any) -> Change:
        """Save one answer (blank text or no choice removes it); says if another copy had changed it."""
        prompt = self._prompt(prompt_id)
        value = _blank_to_empty(value)
        saved = prompt.answer_in(self.record.answers)
        if (saved if saved is not None else "") == value:
            return NOTHING
        result = self.store.save_answer(
            self.session_id, prompt_id, value, base_rev=self.record.answer_revs.get(prompt_id, 0)
        )
        if answered(value):
            self.record.answers[prompt_id] = value
        else:
            self.record.answers.pop(prompt_id, None)
        self.record.answer_revs[prompt_id] = result.rev
        self._fold_former_answers(prompt)
        conflict = Conflict(prompt_id, result.overwritten) if result.conflict else None
        return Change(steps=(prompt.step,), conflict=conflict)

    def _fold_former_answers(self, prompt: Prompt) -> None:
        """Once a merged prompt is saved, the answers under the ids it replaced are part of it: clear them.

        The editor showed them inside this prompt's answer (``Prompt.answer_in``),
        so what was just saved already holds them, or the user removed them.
        """
        for old in prompt.replaces:
            if old in self.record.answers:
                rev = self.store.save_answer(self.session_id, old, "", base_rev=self.record.answer_revs.get(old, 0))
                self.record.answers.pop(old, None)
                self.record.answer_revs[old] = rev.rev

    def save_summary(self, field_id: str, text: str) -> Change:
        """Save one summary field (blank text removes it)."""
        field = self.framework.summary_field(field_id)
        if field is None:
            raise ReflectError(f"there is no summary field {field_id!r} in this framework")
        text = summary_value(field.kind, _blank_to_empty(text), "the date")
        if (self.record.summary.get(field_id) or "") == text:
            return NOTHING
        self.store.save_summary(self.session_id, field_id, text)
        if text:
            self.record.summary[field_id] = text
        else:
            self.record.summary.pop(field_id, None)
        return Change(summary=True)

    def set_flag(self, prompt_id: str, flagged: bool) -> Change:
        """Flag a prompt to bring to supervision, or take the flag off."""
        prompt = self._prompt(prompt_id)
        self.store.set_flag(self.session_id, prompt_id, flagged)
        flags = self.record.flags
        if flagged and prompt_id not in flags:
            flags.append(prompt_id)
        elif not flagged and prompt_id in flags:
            flags.remove(prompt_id)
        return Change(steps=(prompt.step,), flags=(prompt_id,))

    def mark_step(self, step_id: str, status: str, reason: str = "") -> Change:
        """Mark a step reflected, set aside (a reason is kept) or not relevant; "" takes the mark off."""
        if self.framework.step(step_id) is None:
            raise ReflectError("only principles and tracks can be marked")
        if status and status not in MARKS:
            raise ReflectError(f"unknown mark {status!r} (use {', '.join(MARKS)})")
        reason = " ".join(reason.split()) if status == SET_ASIDE else ""
        self.store.set_status(self.session_id, step_id, status or None, reason)
        if status:
            self.record.status[step_id] = status
        else:
            self.record.status.pop(step_id, None)
        if reason:
            self.record.set_aside_reasons[step_id] = reason
        else:
            self.record.set_aside_reasons.pop(step_id, None)
        return Change(steps=(step_id,))

    def dismiss_finding(self, answer_id: str, finding_key: str) -> Change:
        """Hide a text-check finding for one answer (a prompt's id or a summary field's), for good."""
        self.store.dismiss_finding(self.session_id, answer_id, finding_key)
        keys = self.record.dismissed.setdefault(answer_id, [])
        if finding_key not in keys:
            keys.append(finding_key)
        return NOTHING

    # ------------------------------------------------------------------ actions

    def _reload_actions(self) -> Change:
        self.record.actions = self.store.actions(self.session_id)
        return Change(actions=True)

    def _action(self, action_id: int) -> Action:
        action = next((a for a in self.record.actions if a.id == action_id), None)
        if action is None:
            raise ReflectError(f"action {action_id} is not one of this session's")
        return action

    def add_action(self, what: str, who: str = "", by: str = "", *, shared: bool = False) -> Change:
        self.store.add_action(self.session_id, what, who, by, shared=shared)
        return self._reload_actions()

    def edit_action(
        self, action_id: int, *, what: str, who: str, by: str, done: bool, shared: bool | None = None
    ) -> Change:
        """Change an action; ``shared`` (with the young person / family) is kept as it was when None."""
        self._action(action_id)
        changes = {"shared": shared} if shared is not None else {}
        self.store.update_action(action_id, what=what, who=who, by=by, done=done, **changes)
        return self._reload_actions()

    def toggle_shared(self, action_id: int) -> Change:
        """Share an action with the young person / family, or stop sharing it (the family note follows)."""
        action = self._action(action_id)
        self.store.update_action(action_id, shared=not action.shared)
        return self._reload_actions()

    def remove_action(self, action_id: int) -> Change:
        self._action(action_id)
        self.store.delete_action(action_id)
        return self._reload_actions()

    def toggle_done(self, action_id: int) -> Change:
        action = self._action(action_id)
        self.store.update_action(action_id, done=not action.done)
        return self._reload_actions()

    def review_action(self, action_id: int, outcome: str) -> Change:
        """How this session found an earlier action: done, not done, or carried forward into it.

        The carry-forward rule is the store's, in one transaction
        (``Store.review_action``): carrying forward copies the action here
        once; any other outcome removes that copy again.
        """
        if outcome not in REVIEW_OUTCOMES:
            raise ReflectError(f"unknown review {outcome!r} (use {', '.join(REVIEW_OUTCOMES)})")
        review = next((r for r in self.review if r.action.id == action_id), None)
        if review is None:
            raise ReflectError(f"action {action_id} is not one this session reviews")
        self.store.review_action(action_id, self.session_id, outcome)
        review.action.review = outcome
        review.action.done = outcome == "done"
        return self._reload_actions()

    # ------------------------------------------------------------------ another screen, another copy

    def refresh(self) -> Change:
        """Read the marks and dismissals again (the summary screen, or another copy, may have changed them).

        Answers are left as they are: they are on screen, and reading them
        again would hide another copy's change instead of reporting it on the
        next save.
        """
        fresh = self.store.get_session(self.session_id)
        self.record.status = fresh.status
        self.record.set_aside_reasons = fresh.set_aside_reasons
        self.record.dismissed = fresh.dismissed
        return Change(steps=tuple(s.id for s in self.steps), actions=True, summary=True)

"""What a note template sees: the contract between the notes and every template.

A template (built-in, a pack's, or a user's own ``.j2`` file) receives one
:class:`NoteContext`. The types below *are* the contract: ``build_context``
is type-checked against them, so a template author can rely on every key
listed here being present, whatever the session holds. They are plain dicts
at run time (``TypedDict``), so ``step.status`` and ``step["status"]`` both
work in a template, as they always have.

All values are plain data; user text is *raw* and must go through a filter:
``block`` (paragraphs), ``inline`` (one line), ``cell`` (a table cell;
``cell(160)`` shortens), ``longdate``. Any value printed without one of them
is escaped as ``inline`` anyway, so user text never becomes structure,
whatever a template does.

In short:

``note``        kind ("record" | "personal" | "family"), audience ("record" |
                "practitioner" | "family"), personal, mode, mode_title,
                template, date, date_long, title
``case``        label, age_band, harms (list), moved, move ("no" | "considering" |
                "moved"), home_area, placement_area
``framework``   id, name, version
``principles``  / ``tracks``: steps, each with id, kind, number, title,
                short_title, status ("" | reflected | reflected-privately |
                set-aside | not-relevant), status_label, reflected (true for
                both kinds of reflected), reason, answered, answers,
                flagged_first
``answers``     (inside a step) id, prompt, kind, text, ticked (checklist), value,
                flagged, private, lens, lens_title, phase, area, step_title
``flagged``     answers flagged to bring to supervision (answered or not)
``relational``  lenses, rows (one per track: cells per lens with summary and
                answered), moved, areas, area_rows (cells with summary, answered,
                phases), any_area, any_answered
``summary``     every summary field id of the framework -> text ("" if none)
``fields``      the summary fields answered and included, with id, label, text, private
``change_first`` {label, text} or None
``actions``     this session's actions: what, who, by, by_long, done, carried, shared (the
                worker chose to share it with the young person / family); in a family
                note only the shared ones, here and in ``previous`` and ``since_last``
``previous``    None or {date, date_long, mode, mode_title, actions (+ review, review_label)}
``preparation`` None or {date, date_long, questions, change_first, flagged}
``unanswered``  steps with nothing answered, and steps set aside or not relevant
``set_aside``   steps set aside or marked not relevant (each with its reason)
``not_discussed`` steps with nothing in this note and no mark (for one line at the end)
``review_date`` the next review: date (YYYY-MM-DD or ""), date_long, text (the date in
                words, or words kept from before the field was a date)
``family``      share (what the practitioner will share with the family), contact,
                left_out (how many of this session's actions were not shared: 0 outside
                a family note)
``personal``    private summary fields (only in a personal note)
``safeguards``  checked, off (the checks were turned off), ran_at (when, in words),
                identifying, language, total, dismissed (findings the practitioner
                dismissed), findings (where, kind, category, text, suggestion, reason)
``focus``       None (the full walk) or {steps, left}: each {id, title, reason, suggested}
``since_last``  None or {date, date_long, mode, mode_title, steps (id, title,
                state_then, state_now, then, now), actions (what, who, by,
                by_long, outcome, outcome_label)}: the last session of the same mode

A step's ``status`` is the one rule of :func:`reflect.core.progress.step_state`,
on every answer including private ones: a step whose only answers are private
is ``reflected-privately``. A record note leaves those answers out (the step
is then not ``answered``) but words the state as "reflected on (notes kept
private)", never "not discussed".
"""

from __future__ import annotations

from typing import Any, TypedDict

#: how long the built-in templates let a table cell grow (``cell(160)``) before shortening it
CELL_LIMIT = 160


class NoteInfo(TypedDict):
    kind: str  # "record" | "personal" | "family"
    audience: str  # "record" | "practitioner" | "family"
    personal: bool
    mode: str
    mode_title: str
    template: str
    date: str
    date_long: str
    title: str


class CaseInfo(TypedDict):
    label: str
    age_band: str
    harms: list[str]
    moved: bool
    move: str  # "no" | "considering" | "moved"
    home_area: str
    placement_area: str


class FrameworkInfo(TypedDict):
    id: str
    name: str
    version: str


class AnswerView(TypedDict):
    id: str
    prompt: str
    kind: str
    value: Any  # as stored: text, a number, a list of ticked options, or None for a flagged unanswered prompt
    text: str
    ticked: list[str]
    answered: bool
    flagged: bool
    private: bool
    stage: str
    lens: str
    lens_title: str
    moved_only: bool
    phase: str
    phase_title: str
    area: str
    area_title: str
    step_id: str
    step_kind: str
    step_number: int
    step_title: str


class StepView(TypedDict):
    id: str
    kind: str  # "principle" | "track"
    number: int
    title: str
    short_title: str
    status: str  # a progress state: "" | reflected | reflected-privately | set-aside | not-relevant
    status_label: str
    reflected: bool
    reason: str
    answered: bool  # whether any answer is shown in this note
    answers: list[AnswerView]
    flagged_first: list[AnswerView]


class LensInfo(TypedDict):
    id: str
    title: str


class LensCell(TypedDict):
    lens: str
    title: str
    summary: str
    answered: bool


class TrackRow(TypedDict):
    id: str
    number: int
    title: str
    short_title: str
    status: str
    cells: list[LensCell]


class AreaCell(TypedDict):
    area: str
    title: str
    summary: str
    answered: bool
    phases: list[str]  # the phase titles discussed in this area ("Before the move", ...), in order


class AreaRow(TypedDict):
    id: str
    number: int
    short_title: str
    cells: list[AreaCell]


class AreaInfo(TypedDict):
    id: str
    title: str
    place: str


class Relational(TypedDict):
    lenses: list[LensInfo]
    rows: list[TrackRow]
    moved: bool
    areas: list[AreaInfo]
    area_rows: list[AreaRow]
    any_area: bool  # whether any answer is about the home or placement area
    any_answered: bool


class FieldView(TypedDict):
    id: str
    label: str
    text: str
    private: bool


class ChangeFirst(TypedDict):
    label: str
    text: str


class ActionView(TypedDict):
    what: str
    who: str
    by: str
    by_long: str
    done: bool
    review: str
    review_label: str
    carried: bool
    shared: bool


class PreviousSession(TypedDict):
    date: str
    date_long: str
    mode: str
    mode_title: str
    actions: list[ActionView]


class PreparationView(TypedDict):
    date: str
    date_long: str
    questions: str
    change_first: str
    flagged: list[AnswerView]


class FindingView(TypedDict):
    where: str
    kind: str
    category: str
    text: str
    suggestion: str
    reason: str


class Safeguards(TypedDict):
    checked: bool
    off: bool
    ran_at: str
    identifying: int
    language: int
    total: int
    dismissed: int
    findings: list[FindingView]


class ReviewDate(TypedDict):
    date: str
    date_long: str
    text: str


class FamilyInfo(TypedDict):
    share: str
    contact: str
    left_out: int


class NoteContext(TypedDict):
    note: NoteInfo
    case: CaseInfo
    framework: FrameworkInfo
    principles: list[StepView]
    tracks: list[StepView]
    flagged: list[AnswerView]
    relational: Relational
    summary: dict[str, str]
    fields: list[FieldView]
    change_first: ChangeFirst | None
    actions: list[ActionView]
    previous: PreviousSession | None
    preparation: PreparationView | None
    unanswered: list[StepView]
    set_aside: list[StepView]
    not_discussed: list[StepView]
    review_date: ReviewDate
    family: FamilyInfo
    personal: list[FieldView]
    safeguards: Safeguards
    focus: FocusView | None
    since_last: SinceLastView | None


class FocusStep(TypedDict):
    id: str
    title: str
    reason: str
    suggested: bool  # false for a step left only because nothing in the case pointed to it


class FocusView(TypedDict):
    """Today's focus: the steps chosen and why, and the others left for another day and why."""

    steps: list[FocusStep]
    left: list[FocusStep]


class SinceLastStep(TypedDict):
    id: str
    title: str
    state_then: str
    state_now: str
    then: list[str]
    now: list[str]


class ActionOutcomeView(TypedDict):
    what: str
    who: str
    by: str
    by_long: str
    outcome: str  # "" | done | not-done | carried-forward
    outcome_label: str


class SinceLastView(TypedDict):
    """The last session of the same mode: what was said then on each step, and how its actions went."""

    date: str
    date_long: str
    mode: str
    mode_title: str
    steps: list[SinceLastStep]
    actions: list[ActionOutcomeView]

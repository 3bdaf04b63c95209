"""The case form: a pseudonymous label and a little context.

Used for a new case and for editing a case's details. The form writes to the
store itself, so a refused save (a label already in use) leaves everything
typed on screen. The label is checked as it is typed: something that looks
like a real name, a date of birth or a phone number gets a warning, never a
block, because only the practitioner knows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Label, RadioSet, Select, Static

from reflect.core.errors import ReflectError
from reflect.core.framework import MOVE_STATES, Framework, move_state
from reflect.core.store import Store
from reflect.core.validate import MAX_LABEL
from reflect.tui.dialogs.confirm import ConfirmScreen
from reflect.tui.widgets.editors import MarkedRadioSet
from reflect.tui.widgets.marked_toggle import MarkedRadio
from reflect.tui.widgets.ticks import TickList

if TYPE_CHECKING:
    from reflect.core.textchecks import Finding, Pack, Rules

AGE_BANDS = ("under 10", "10-11", "12-13", "14-15", "16-17", "18+")
NOT_STATED = "not stated"
HARMS = (
    "criminal exploitation",
    "sexual exploitation",
    "county lines",
    "online harm",
    "serious youth violence",
    "trafficking or modern slavery",
    "peer-on-peer abuse",
    "other",
)

# --------------------------------------------------------------------------- label checks

#: what each kind of identifying finding looks like, in the form's words
_KIND_WORDS = {
    "name": "a real name",
    "phone": "a phone number",
    "email": "an email address",
    "postcode": "a postcode",
    "address": "a street address",
    "date-of-birth": "a date of birth",
    "nhs-number": "an NHS number",
    "ni-number": "a National Insurance number",
}


def label_warnings(label: str, framework: Pack | None = None) -> list[str]:
    """Why a label might identify a child, one phrase each (empty when it looks like a pseudonym).

    The core decides what is found (:func:`reflect.core.textchecks.label_findings`);
    this only words it for the form.
    """
    from reflect.core.textchecks import label_findings  # here: the checks load when a label is first typed

    return [_warning(finding) for finding in label_findings(label, _label_rules(framework))]


def _label_rules(framework: Pack | None) -> Rules:
    """The framework's checks; the built-in ones when its pack's list is broken.

    A broken checks file must never stop someone creating a case, and the
    built-in checks still catch a name, a date or a phone number.
    """
    from reflect.core.textchecks import rules_for

    try:
        return rules_for(framework)
    except ReflectError:
        return rules_for(None)


def _warning(finding: Finding) -> str:
    from reflect.core.textchecks import LABEL_KINDS

    if finding.kind in LABEL_KINDS:
        return finding.reason
    what = _KIND_WORDS.get(finding.kind, finding.kind.replace("-", " ").replace("_", " "))
    return f"“{finding.text}” looks like {what}"


# --------------------------------------------------------------------------- the form


#: the move states as the form offers them
MOVE_WORDS = {"no": "No", "considering": "A move is being considered", "moved": "Yes, moved"}


class FormValues(NamedTuple):
    """What the form holds now, compared with what it held on opening (to ask before discarding)."""

    label: str
    age_band: str
    harms: tuple[str, ...]
    moved: str  # "no" | "considering" | "moved"
    home_area: str
    placement_area: str


class CaseFormScreen(Screen[int | None]):
    """New case (no ``edited_case_id``) or the details of an existing case.

    Dismisses with the case id once saved, or ``None`` if left without saving.
    """

    help_title = "case details"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, tooltip="Save the case"),
        Binding("escape", "cancel", "Cancel", tooltip="Leave without saving (asks first if you typed something)"),
    ]

    def __init__(self, edited_case_id: int | None = None, *, store: Store, framework: Framework) -> None:
        super().__init__(classes="form-screen")
        #: the case whose details are edited; None for a new case (so this screen is not "about" a case yet)
        self.edited_case_id = edited_case_id
        self.store = store
        self.framework = framework
        self._initial: FormValues | None = None
        self._case_context: dict[str, Any] = {}

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        label, context = "", {}
        if self.edited_case_id is not None:
            case = self.store.get_case(self.edited_case_id)
            label, context = case.label, dict(case.context)
        self._case_context = context
        harms = set(context.get("harms") or [])
        age = context.get("age_band") or NOT_STATED
        ages = [(NOT_STATED.capitalize(), NOT_STATED)] + [(a.capitalize(), a) for a in AGE_BANDS]
        if age not in AGE_BANDS and age != NOT_STATED:
            ages.append((str(age), str(age)))  # a value from an imported bundle: keep it
        moved = move_state(context.get("moved"))
        yield Header()
        with VerticalScroll(id="case-form"):
            title = "New case" if self.edited_case_id is None else f"Details of {label}"
            yield Static(Text(title), classes="screen-title")
            yield Label("Label (a pseudonym, never a real name)", classes="field-label")
            yield Input(
                value=label,
                placeholder="for example YP-A or Child K",
                id="label",
                max_length=MAX_LABEL,
            )
            yield Static("", id="label-warning", classes="warning")
            yield Static("", id="form-error", classes="error")
            yield Label("Age band", classes="field-label")
            yield Select(ages, value=age, allow_blank=False, id="age-band")
            yield Label("Kinds of harm (space ticks or unticks; choose any that apply)", classes="field-label")
            yield TickList(*[(h.capitalize(), h, h in harms) for h in HARMS], id="harms")
            yield Label(
                "Moved from their home area (placement, relocation)? (arrows choose, enter or space picks)",
                classes="field-label",
                id="moved-label",
            )
            with MarkedRadioSet(id="moved"):
                for state in MOVE_STATES:
                    yield MarkedRadio(MOVE_WORDS[state], value=state == moved, id=f"move-{state}")
            with Vertical(id="areas"):
                yield Label("Home area (a town or borough, not an address)", classes="field-label")
                yield Input(value=str(context.get("home_area") or ""), id="home-area", max_length=80)
                yield Label("Placement area (a town or borough, not an address)", classes="field-label")
                yield Input(value=str(context.get("placement_area") or ""), id="placement-area", max_length=80)
            with Horizontal(classes="form-buttons"):
                yield Button("Save  ctrl+s", id="save", variant="primary")
                yield Button("Cancel  esc", id="cancel")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#areas").display = self._move() != "no"
        self._initial = self._values()
        self.query_one("#form-error", Static).display = False
        self._check_label()
        self.query_one("#label", Input).focus()

    # ------------------------------------------------------------------ values

    def _values(self) -> FormValues:
        age = self.query_one("#age-band", Select).value
        return FormValues(
            self.query_one("#label", Input).value.strip(),
            age if isinstance(age, str) else NOT_STATED,
            tuple(self.query_one("#harms", TickList).selected),
            self._move(),
            self.query_one("#home-area", Input).value.strip(),
            self.query_one("#placement-area", Input).value.strip(),
        )

    def context(self) -> dict[str, Any]:
        """The context as stored: unknown keys from an imported case are kept."""
        _label, age, harms, moved, home, placement = self._values()
        context = {
            k: v
            for k, v in self._case_context.items()
            if k not in ("age_band", "harms", "moved", "home_area", "placement_area")
        }
        if age != NOT_STATED:
            context["age_band"] = age
        context["harms"] = [h for h in HARMS if h in harms] + [h for h in harms if h not in HARMS]
        context["moved"] = moved
        if moved != "no":
            if home:
                context["home_area"] = home
            if placement:
                context["placement_area"] = placement
        else:
            # keep what was typed (nothing is lost) but it only counts when a move is made or considered
            for key, value in (("home_area", home), ("placement_area", placement)):
                if value:
                    context[key] = value
        return context

    @property
    def dirty(self) -> bool:
        return self._initial is not None and self._values() != self._initial

    # ------------------------------------------------------------------ events

    @on(Input.Changed, "#label")
    def _label_changed(self) -> None:
        self._check_label()
        error = self.query_one("#form-error", Static)
        error.update("")
        error.display = False

    def _check_label(self) -> None:
        warning = self.query_one("#label-warning", Static)
        found = label_warnings(self.query_one("#label", Input).value, self.framework)
        if found:
            warning.update(Text("Warning: " + "; ".join(found) + ". Use a pseudonym such as YP-A. You can still save."))
        else:
            warning.update("")
        warning.display = bool(found)

    def _move(self) -> str:
        """The move state picked: "no", "considering" or "moved"."""
        pressed = self.query_one("#moved", RadioSet).pressed_button
        state = (pressed.id or "").removeprefix("move-") if pressed is not None else "no"
        return state if state in MOVE_STATES else "no"

    @on(RadioSet.Changed, "#moved")
    def _moved_changed(self) -> None:
        self.query_one("#areas").display = self._move() != "no"

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "placement-area":
            self.action_save()
        else:
            self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        elif event.button.id == "cancel":
            self.action_cancel()

    # ------------------------------------------------------------------ actions

    def action_save(self) -> None:
        store = self.store
        label = self.query_one("#label", Input).value.strip()
        error = self.query_one("#form-error", Static)
        if not label:
            error.update("Error: a case needs a label — a pseudonym such as YP-A.")
            error.display = True
            self.query_one("#label", Input).focus()
            return
        try:
            if self.edited_case_id is None:
                case = store.create_case(label, self.context())
                case_id = case.id
                self.notify(f"Case {case.label} saved.", markup=False)
            else:
                other = store.find_case(label)
                if other is not None and other.id != self.edited_case_id:
                    raise ReflectError(f"a case labelled {label!r} already exists")
                store.update_case(self.edited_case_id, label=label, context=self.context())
                case_id = self.edited_case_id
                self.notify("Details saved.")
        except ReflectError as exc:
            error.update(Text(f"Error: {exc.message} — nothing was lost; change it and save again."))
            error.display = True
            self.query_one("#label", Input).focus()
            return
        self.dismiss(case_id)

    def action_cancel(self) -> None:
        if not self.dirty:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        what = "this new case" if self.edited_case_id is None else "your changes to the details"
        self.app.push_screen(ConfirmScreen(f"Leave without saving {what}?"), answered)

"""Portable bundles: one case with all its sessions in one YAML file.

``reflect export`` writes them and ``reflect import`` reads them back; the
shape is a stable contract (``reflect_bundle: 1`` at the top; more keys may
be added and are ignored on import), shown in docs/framework.md under
``demo.yaml``, which is a bundle too. A bundle is validated
completely before anything is written, so a bad file never half-imports.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, NoReturn

import yaml

from reflect.core.dates import summary_value
from reflect.core.errors import ConflictError, ReflectError
from reflect.core.framework import MOVE_STATES, Framework, move_state
from reflect.core.models import REVIEWS, Case
from reflect.core.paths import write_private_text
from reflect.core.safeyaml import YDict, YList, line_of, load_yaml
from reflect.core.session.focus import FOCUS_KEY
from reflect.core.session_extra import read_extra
from reflect.core.store import Store
from reflect.core.validate import MAX_TEXT, check_date, check_label
from reflect.core.words import MODES, STATUSES

BUNDLE_VERSION = 1
#: unknown context keys are kept (a newer reflect may add some), but not 200 000 of them
MAX_CONTEXT_KEYS = 100
# Far above any real case (a year of weekly sessions is ~3 MB), and low enough
# that a hostile file cannot make the YAML parser eat gigabytes of memory.
MAX_BUNDLE_BYTES = 16 * 1024 * 1024


# --------------------------------------------------------------------------- export


#: the bundle's word for what it holds of the private answers (``private_answers:`` at its top)
PRIVATE_INCLUDED, PRIVATE_LEFT_OUT = "included", "left out"

#: an action's key for "shared with the young person / family" (true or false; absent, as in
#: bundles from before the choice, is false: nothing reaches a family note unless chosen)
SHARE_KEY = "share_with_family"


def private_ids(framework: Framework) -> set[str]:
    """Ids of the private prompts and private summary fields: the practitioner's own reflections."""
    private = [p for step in framework.steps for p in step.prompts if p.private]
    ids = {p.id for p in private} | {old for p in private for old in p.replaces}  # answers kept under a former id
    return ids | {f.id for f in framework.summary_fields if f.private}


def case_to_bundle(
    store: Store, case: Case, framework: Framework | None = None, *, include_private: bool = False
) -> dict[str, Any]:
    """The bundle of a case as plain data (dates as ``datetime.date``).

    Private answers (and private summary fields, and what was dismissed on
    them) stay out unless ``include_private``: a bundle is how a preparation
    reaches a supervisor's machine, and the practitioner's own feelings must
    not travel with it by default. The bundle says which it holds.
    """
    from datetime import date

    if framework is None:
        from reflect.core.loader import load_framework

        framework = load_framework()
    hidden = set() if include_private else private_ids(framework)
    sessions = []
    for info in store.list_sessions(case.id):
        rec = store.get_session(info.id)
        session: dict[str, Any] = {
            "mode": info.mode,
            "date": date.fromisoformat(info.date),
            "answers": {k: v for k, v in rec.answers.items() if k not in hidden},
            "status": dict(rec.status),
            "set_aside_reasons": dict(rec.set_aside_reasons),
            "flags": list(rec.flags),
            "actions": [],
            "summary": {k: v for k, v in rec.summary.items() if k not in hidden},
        }
        for action in rec.actions:
            item: dict[str, Any] = {
                "what": action.what,
                "who": action.who,
                "by": date.fromisoformat(action.by) if action.by else None,
                "done": action.done,
                SHARE_KEY: action.shared,
            }
            if action.review:
                item["review"] = action.review
            session["actions"].append(item)
        dismissed = {k: sorted(v) for k, v in rec.dismissed.items() if k not in hidden}
        if dismissed:
            session["dismissed"] = dismissed
        focus = read_extra(store, info.id).get(FOCUS_KEY)
        if focus:  # today's focus: which steps, and why
            session["focus"] = focus
        sessions.append(session)
    return {
        "reflect_bundle": BUNDLE_VERSION,
        "private_answers": PRIVATE_INCLUDED if include_private else PRIVATE_LEFT_OUT,
        "case": {"label": case.label, "context": {**case.context, "moved": case.move}},
        "sessions": sessions,
    }


def _represent_str(dumper: Any, value: str) -> yaml.ScalarNode:
    """Text holding a Unicode line break (NEL, LS, PS) is written double-quoted.

    PyYAML's other styles fold a NEL into a space.
    """
    style = '"' if any(ch in value for ch in "\x85\u2028\u2029") else None
    node: yaml.ScalarNode = dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)
    return node


class _PureDumper(yaml.SafeDumper):
    """PyYAML's own emitter, in Python: the fallback, and the reference the fast one is tested against."""


_PureDumper.add_representer(str, _represent_str)
_FastDumper: Any = _PureDumper
if hasattr(yaml, "CSafeDumper"):  # libyaml's emitter: a large export is several times faster through it

    class _CDumper(yaml.CSafeDumper):
        """libyaml's emitter with the same string rule."""

    _CDumper.add_representer(str, _represent_str)
    _FastDumper = _CDumper

# Options both emitters honour identically. Lines are never folded: the two
# emitters fold long quoted lines differently, and a bundle is read by programs.
_DUMP_OPTIONS: dict[str, Any] = {
    "sort_keys": False,
    "allow_unicode": True,
    "width": 2**31 - 1,
    "default_flow_style": False,
}
# libyaml escapes characters beyond the Basic Multilingual Plane (emoji) that
# PyYAML writes as they are; such a bundle goes through PyYAML, so an export
# is the same bytes whichever emitter is installed.
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _has_astral(value: Any) -> bool:
    if isinstance(value, str):
        return _ASTRAL.search(value) is not None
    if isinstance(value, dict):
        return any(_has_astral(k) or _has_astral(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(_has_astral(v) for v in value)
    return False


def dump_bundle(bundle: dict[str, Any], *, pure: bool = False) -> str:
    """The bundle as YAML text; ``pure`` forces PyYAML's Python emitter (the tests compare the two)."""
    dumper = _PureDumper if pure or _has_astral(bundle) else _FastDumper
    return str(yaml.dump(bundle, Dumper=dumper, **_DUMP_OPTIONS))


def export_case(
    store: Store, case: Case, path: Path | str, framework: Framework | None = None, *, include_private: bool = False
) -> Path:
    """Write a case's bundle to ``path`` (0600); private answers only with ``include_private``."""
    path = Path(path)
    write_private_text(path, dump_bundle(case_to_bundle(store, case, framework, include_private=include_private)))
    return path


# --------------------------------------------------------------------------- import


class _Checker:
    """Validates a loaded bundle, raising the first problem with its line."""

    def __init__(self, path: Path | None, framework: Framework | None):
        self.path = path
        self.framework = framework

    def fail(self, message: str, where: Any = None, line: int | None = None) -> NoReturn:
        raise ReflectError(message, self.path, line or line_of(where) or None)

    def text(self, value: Any, what: str, where: Any, line: int | None = None) -> str:
        if value is None:
            return ""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.fail(f"{what} must be text", where, line)
        assert isinstance(value, str)
        if len(value) > MAX_TEXT:
            self.fail(f"{what} is too long ({len(value)} characters; the limit is {MAX_TEXT})", where, line)
        return value.replace("\x00", "")

    def date(self, value: Any, what: str, where: Any, line: int | None = None) -> str:
        try:
            return check_date(value, what)
        except ReflectError as exc:
            self.fail(exc.message, where, line)

    def mapping(self, value: Any, what: str, where: Any, line: int | None = None) -> YDict:
        if value is None:
            return YDict()
        if not isinstance(value, dict):
            self.fail(f"{what} must be a mapping", where, line)
        return _ydict(value)

    def summary(self, key: str, value: Any, where: YDict, line: int | None) -> str:
        """A summary field's text; a date field's as YYYY-MM-DD (older free text such as "in four weeks" kept)."""
        from datetime import date

        if isinstance(value, date):
            value = value.isoformat()
        text = self.text(value, f"the summary {key!r}", where, line)
        field = self.framework.summary_field(key) if self.framework is not None else None
        if field is None:
            return text
        try:
            return summary_value(field.kind, text, f"the summary {key!r}", keep_old_text=True)
        except ReflectError as exc:
            self.fail(exc.message, where, line)

    def answer(self, pid: str, value: Any, where: YDict) -> Any:
        line = where.line_of(pid)
        fw = self.framework
        if fw is not None and fw.prompt(pid) is None:
            self.fail(
                f"an answer to unknown prompt {pid!r} (was the bundle made with another framework? try --framework)",
                where,
                line,
            )
        if isinstance(value, bool) or value is None:
            self.fail(f"the answer to {pid!r} must be text, a number or a list", where, line)
        if isinstance(value, (int, float)):
            if isinstance(value, float) and not value.is_integer():
                self.fail(f"the answer to {pid!r} must be a whole number", where, line)
            if not -(2**63) <= value < 2**63:  # the store holds 64-bit numbers (F13)
                self.fail(f"the answer to {pid!r} is too large a number", where, line)
            return int(value)
        if isinstance(value, list):
            return [self.text(v, f"the answer to {pid!r}", where, line) for v in value]
        return self.text(value, f"the answer to {pid!r}", where, line)

    def session(self, data: Any, index: int) -> dict[str, Any]:
        if not isinstance(data, dict):
            self.fail(f"session {index} must be a mapping", data)
        data = _ydict(data)
        mode = data.get("mode")
        if mode not in MODES:
            self.fail(f"session {index}: 'mode' must be one of {', '.join(MODES)}", data, data.line_of("mode"))
        if "date" not in data:
            self.fail(f"session {index} has no 'date'", data)
        out: dict[str, Any] = {
            "mode": mode,
            "date": self.date(data["date"], f"session {index}: 'date'", data, data.line_of("date")),
        }
        answers = self.mapping(data.get("answers"), "'answers'", data, data.line_of("answers"))
        out["answers"] = {
            str(k): self.answer(str(k), v, answers) for k, v in answers.items() if v not in ("", [], None)
        }
        status = self.mapping(data.get("status"), "'status'", data, data.line_of("status"))
        steps = {s.id for s in self.framework.steps} if self.framework else None
        out["status"] = {}
        for step, value in status.items():
            if value not in STATUSES:
                self.fail(f"status of {step!r} must be one of {', '.join(STATUSES)}", status, status.line_of(step))
            if steps is not None and step not in steps:
                self.fail(f"status for unknown principle or track {step!r}", status, status.line_of(step))
            out["status"][str(step)] = value
        reasons = self.mapping(
            data.get("set_aside_reasons"), "'set_aside_reasons'", data, data.line_of("set_aside_reasons")
        )
        out["set_aside_reasons"] = {
            str(k): self.text(v, f"the reason for {k!r}", reasons, reasons.line_of(k)) for k, v in reasons.items()
        }
        flags = data.get("flags") or []
        if not isinstance(flags, list) or not all(isinstance(f, str) for f in flags):
            self.fail("'flags' must be a list of prompt ids", data, data.line_of("flags"))
        flags = _ylist(flags)
        if self.framework is not None:
            for i, flag in enumerate(flags):
                if self.framework.prompt(flag) is None:
                    self.fail(f"a flag on unknown prompt {flag!r}", flags, flags.line_of(i))
        out["flags"] = list(dict.fromkeys(flags))
        actions = data.get("actions") or []
        if not isinstance(actions, list):
            self.fail("'actions' must be a list", data, data.line_of("actions"))
        actions = _ylist(actions)
        out["actions"] = []
        for i, item in enumerate(actions):
            line = actions.line_of(i)
            if not isinstance(item, dict):
                self.fail("each action must be a mapping with 'what', 'who', 'by', 'done'", actions, line)
            item = _ydict(item)
            what = self.text(item.get("what"), "an action's 'what'", item, line).strip()
            if not what:
                self.fail("an action has no 'what'", item, line)
            done = item.get("done", False)
            if not isinstance(done, bool):
                self.fail("an action's 'done' must be true or false", item, item.line_of("done"))
            review = item.get("review", "") or ""
            if review not in REVIEWS:
                self.fail(
                    f"an action's 'review' must be one of {', '.join(r for r in REVIEWS if r)}",
                    item,
                    item.line_of("review"),
                )
            shared = item.get(SHARE_KEY, False)  # a bundle from before the choice: not shared
            if not isinstance(shared, bool):
                self.fail(f"an action's '{SHARE_KEY}' must be true or false", item, item.line_of(SHARE_KEY))
            out["actions"].append(
                {
                    "what": what,
                    "who": self.text(item.get("who"), "an action's 'who'", item, line).strip(),
                    "by": self.date(item["by"], "an action's 'by'", item, item.line_of("by")) if item.get("by") else "",
                    "done": done,
                    "review": review,
                    "shared": shared,
                }
            )
        summary = self.mapping(data.get("summary"), "'summary'", data, data.line_of("summary"))
        out["summary"] = {str(k): self.summary(str(k), v, summary, summary.line_of(k)) for k, v in summary.items()}
        focus = data.get("focus")
        if focus is not None:
            if not isinstance(focus, dict) or not isinstance(focus.get("steps"), list):
                self.fail("'focus' must be a mapping with a list of 'steps'", data, data.line_of("focus"))
            out["extra"] = {FOCUS_KEY: _plain(focus)}
        dismissed = self.mapping(data.get("dismissed"), "'dismissed'", data, data.line_of("dismissed"))
        out["dismissed"] = {}
        for pid, keys in dismissed.items():
            if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
                self.fail("'dismissed' must map prompt ids to lists of text", dismissed, dismissed.line_of(pid))
            out["dismissed"][str(pid)] = list(keys)
        return out

    def bundle(self, doc: Any) -> dict[str, Any]:
        if not isinstance(doc, dict):
            self.fail("not a reflect bundle (expected 'reflect_bundle: 1' at the top)", doc, 1)
        doc = _ydict(doc)
        version = doc.get("reflect_bundle")
        if version is None:
            self.fail("not a reflect bundle (expected 'reflect_bundle: 1' at the top)", doc, 1)
        if type(version) is not int or version != BUNDLE_VERSION:  # not true, not 1.0 (F16)
            self.fail(
                f"bundle version {version!r} is not supported (this reflect reads version {BUNDLE_VERSION})",
                doc,
                doc.line_of("reflect_bundle"),
            )
        held = doc.get("private_answers", PRIVATE_INCLUDED)  # bundles from before the key held everything
        if held not in (PRIVATE_INCLUDED, PRIVATE_LEFT_OUT):
            self.fail(
                f"'private_answers' must be {PRIVATE_INCLUDED!r} or {PRIVATE_LEFT_OUT!r}",
                doc,
                doc.line_of("private_answers"),
            )
        case = doc.get("case")
        if not isinstance(case, dict):
            self.fail("the bundle has no 'case' with a 'label'", doc, doc.line_of("case"))
        case = _ydict(case)
        try:
            label = check_label(self.text(case.get("label"), "the case label", case, case.line_of("label")))
        except ReflectError as exc:
            self.fail(exc.message, case, case.line_of("label"))
        context = self.mapping(case.get("context"), "the case 'context'", case, case.line_of("context"))
        moved = context.get("moved", False)
        if not isinstance(moved, bool) and moved not in MOVE_STATES:
            choices = ", ".join(MOVE_STATES)
            self.fail(f"'moved' must be one of {choices} (or true or false)", context, context.line_of("moved"))
        harms = context.get("harms", [])
        if harms is not None and not (isinstance(harms, list) and all(isinstance(h, str) for h in harms)):
            self.fail("'harms' must be a list of text", context, context.line_of("harms"))
        for key, value in context.items():
            if isinstance(value, str) and len(value) > MAX_TEXT:
                self.fail(f"the context {key!r} is too long", context, context.line_of(key))
        if len(context) > MAX_CONTEXT_KEYS:  # unknown keys are kept for newer versions, but not without end
            self.fail(f"the case 'context' has {len(context)} keys (the limit is {MAX_CONTEXT_KEYS})", context)
        if _text_size(context) > MAX_TEXT:  # text in lists counts too (F16)
            self.fail(f"the case 'context' is too long (the limit is {MAX_TEXT} characters)", context)
        sessions = doc.get("sessions") or []
        if not isinstance(sessions, list):
            self.fail("'sessions' must be a list", doc, doc.line_of("sessions"))
        plain = _plain(context)
        plain["moved"] = move_state(moved)  # an older bundle's true/false, in words
        return {
            "label": label,
            "private_answers": held,
            "context": plain,
            "sessions": [self.session(s, i) for i, s in enumerate(sessions, start=1)],
        }


def _text_size(value: Any) -> int:
    """Characters of text in a loaded value, keys and nested lists included."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, dict):
        return sum(_text_size(k) + _text_size(v) for k, v in value.items())
    if isinstance(value, list):
        return sum(_text_size(v) for v in value)
    return 0


def _ydict(value: dict[Any, Any]) -> YDict:
    """A loaded mapping as a YDict (it is one already when it came from YAML; lines unknown otherwise)."""
    return value if isinstance(value, YDict) else YDict(value)


def _ylist(value: list[Any]) -> YList:
    return value if isinstance(value, YList) else YList(value)


def _plain(value: Any) -> Any:
    """Loaded YAML as plain JSON-able data (dates as text)."""
    from datetime import date

    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def read_bundle(path: Path | str, framework: Framework | None = None) -> dict[str, Any]:
    """Load and validate a bundle file; returns ``{label, context, sessions}``."""
    path = Path(path)
    doc = load_yaml(path, MAX_BUNDLE_BYTES)
    return _Checker(path, framework).bundle(doc)


def bundle_from_text(text: str, framework: Framework | None = None, path: Path | None = None) -> dict[str, Any]:
    from reflect.core.safeyaml import parse_yaml

    return _Checker(path, framework).bundle(parse_yaml(text, path))


def import_bundle(
    store: Store, path: Path | str, framework: Framework | None = None, as_new: bool = False, label: str | None = None
) -> Case:
    """Import a bundle as a new case. An existing label is refused unless ``as_new``."""
    data = read_bundle(path, framework)
    return import_data(store, data, as_new=as_new, label=label, source=Path(path))


def import_data(
    store: Store, data: dict[str, Any], as_new: bool = False, label: str | None = None, source: Path | None = None
) -> Case:
    """Write a validated bundle as one new case, all or nothing (see ``Store.import_case``).

    The label check and, with ``as_new``, the choice of a free label happen in
    the store's one transaction, so concurrent imports cannot race on it.
    """
    wanted = check_label(label) if label else data["label"]
    from reflect.core.lookalike import lookalike

    twin = lookalike(wanted, (row.label for row in store.list_cases()))
    if twin is not None:  # a label that only looks like another would be taken for it (F16)
        if not as_new:
            raise ConflictError(
                f"the label {wanted!r} looks just like the existing case {twin!r}; "
                "use --as-new to import it as a new case, or change its label in the bundle",
                source,
            )
        wanted = twin  # --as-new: named like the existing case, with a number after it
    try:
        return store.import_case(wanted, data["context"], data["sessions"], as_new=as_new)
    except ConflictError as exc:
        raise ConflictError(exc.message, source) from None

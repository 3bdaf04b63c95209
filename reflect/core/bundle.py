"""Portable bundles: one case with all its sessions in one YAML file.

``reflect export`` writes them and ``reflect import`` reads them back; the
shape is a stable contract (``reflect_bundle: 1`` at the top; more keys may
be added and are ignored on import), shown in docs/framework.md under
``demo.yaml``, which is a bundle too. A bundle is validated
completely before anything is written, so a bad file never half-imports.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

import yaml

from reflect.core.errors import ConflictError, ReflectError
from reflect.core.framework import Framework
from reflect.core.models import REVIEWS, Case
from reflect.core.paths import write_private_text
from reflect.core.safeyaml import YDict, YList, line_of, load_yaml
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


def case_to_bundle(store: Store, case: Case) -> dict[str, Any]:
    """The bundle of a case as plain data (dates as ``datetime.date``)."""
    from datetime import date

    sessions = []
    for info in store.list_sessions(case.id):
        rec = store.get_session(info.id)
        session: dict[str, Any] = {
            "mode": info.mode,
            "date": date.fromisoformat(info.date),
            "answers": dict(rec.answers),
            "status": dict(rec.status),
            "set_aside_reasons": dict(rec.set_aside_reasons),
            "flags": list(rec.flags),
            "actions": [],
            "summary": dict(rec.summary),
        }
        for action in rec.actions:
            item: dict[str, Any] = {
                "what": action.what,
                "who": action.who,
                "by": date.fromisoformat(action.by) if action.by else None,
                "done": action.done,
            }
            if action.review:
                item["review"] = action.review
            session["actions"].append(item)
        if rec.dismissed:
            session["dismissed"] = {k: sorted(v) for k, v in rec.dismissed.items()}
        sessions.append(session)
    return {
        "reflect_bundle": BUNDLE_VERSION,
        "case": {"label": case.label, "context": dict(case.context)},
        "sessions": sessions,
    }


class _BundleDumper(yaml.SafeDumper):
    """PyYAML's safe dumper, but text holding a Unicode line break (NEL, LS, PS)
    is written double-quoted: PyYAML's other styles fold a NEL into a space."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = '"' if any(ch in value for ch in "\x85\u2028\u2029") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BundleDumper.add_representer(str, _represent_str)


def dump_bundle(bundle: dict[str, Any]) -> str:
    return yaml.dump(
        bundle, Dumper=_BundleDumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False
    )


def export_case(store: Store, case: Case, path: Path | str) -> Path:
    """Write a case's bundle to ``path`` (0600)."""
    path = Path(path)
    write_private_text(path, dump_bundle(case_to_bundle(store, case)))
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
            out["actions"].append(
                {
                    "what": what,
                    "who": self.text(item.get("who"), "an action's 'who'", item, line).strip(),
                    "by": self.date(item["by"], "an action's 'by'", item, item.line_of("by")) if item.get("by") else "",
                    "done": done,
                    "review": review,
                }
            )
        summary = self.mapping(data.get("summary"), "'summary'", data, data.line_of("summary"))
        out["summary"] = {
            str(k): self.text(v, f"the summary {k!r}", summary, summary.line_of(k)) for k, v in summary.items()
        }
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
        if not isinstance(moved, bool):
            self.fail("'moved' must be true or false", context, context.line_of("moved"))
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
        return {
            "label": label,
            "context": _plain(context),
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

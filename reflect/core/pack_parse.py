"""Reading a framework pack: every problem found, each as ``file:line: message``.

An organisation writes its own pack by hand, so the reader never stops at the
first mistake: it collects them all (``_Problems``) and the pack is refused
only if there were any. What a sound pack becomes is in ``framework.py``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from reflect.core.errors import ReflectError
from reflect.core.framework import (
    AREAS,
    DEFAULT_LENSES,
    DEPTHS,
    ID_RE,
    KINDS,
    MIN_PROMPTS_PER_PRINCIPLE,
    PACK_FILE_MAX_BYTES,
    PHASES,
    STAGES,
    Evidence,
    Framework,
    KeyIdea,
    Lens,
    Prompt,
    Step,
    SummaryField,
)
from reflect.core.safeyaml import YDict, line_of, load_yaml
from reflect.core.words import MODES

# --------------------------------------------------------------------------- loading


class _Problems:
    """Collects ``file:line: message`` problems while a pack is read."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, path: Path, line: int, message: str) -> None:
        self.items.append(str(ReflectError(message, path, line or None)))


def _text(data: YDict, key: str, path: Path, problems: _Problems, required: bool = True) -> str:
    value = data.get(key)
    if value is None or value == "":
        if required:
            problems.add(path, data.line, f"missing '{key}'")
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and key == "version":
        return str(value)
    if not isinstance(value, str):
        problems.add(path, data.line_of(key), f"'{key}' must be text")
        return ""
    return value.strip()


def _texts(data: YDict, key: str, path: Path, problems: _Problems) -> tuple[str, ...]:
    value = data.get(key)
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.add(path, data.line_of(key), f"'{key}' must be a list of text")
        return ()
    return tuple(v.strip() for v in value)


def _bool(data: YDict, key: str, path: Path, problems: _Problems) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        problems.add(path, data.line_of(key), f"'{key}' must be true or false")
        return False
    return value


def _unknown_keys(data: YDict, allowed: Iterable[str], path: Path, problems: _Problems, what: str) -> None:
    for key in data:
        if key not in allowed:
            problems.add(path, data.line_of(key), f"unknown key '{key}' in {what}")


def _id(data: YDict, path: Path, problems: _Problems, what: str) -> str:
    value = data.get("id")
    if not isinstance(value, str) or not ID_RE.match(value):
        problems.add(
            path,
            data.line_of("id"),
            f"{what} needs an 'id' of lower-case letters, digits, '.', '-' or '_'",
        )
        return ""
    return value


def _evidence(data: YDict, path: Path, problems: _Problems) -> tuple[Evidence, ...]:
    items = data.get("evidence")
    if items is None:
        return ()
    if not isinstance(items, list):
        problems.add(path, data.line_of("evidence"), "'evidence' must be a list")
        return ()
    out = []
    for item in items:
        if not isinstance(item, YDict):
            problems.add(path, line_of(item, data.line), "each evidence note must be a mapping")
            continue
        _unknown_keys(item, ("note", "cite", "scope"), path, problems, "an evidence note")
        note = _text(item, "note", path, problems)
        cite = _text(item, "cite", path, problems)
        scope = _text(item, "scope", path, problems, required=False)
        if note and cite:
            out.append(Evidence(note, cite, scope))
    return tuple(out)


def _key_ideas(data: YDict, path: Path, problems: _Problems) -> tuple[KeyIdea, ...]:
    items = data.get("key_ideas")
    if items is None:
        return ()
    if not isinstance(items, list):
        problems.add(path, data.line_of("key_ideas"), "'key_ideas' must be a list")
        return ()
    out = []
    for item in items:
        if not isinstance(item, YDict):
            problems.add(path, line_of(item, data.line), "each key idea needs a 'term' and a 'meaning'")
            continue
        _unknown_keys(item, ("term", "meaning"), path, problems, "a key idea")
        term, meaning = _text(item, "term", path, problems), _text(item, "meaning", path, problems)
        if term and meaning:
            out.append(KeyIdea(term, meaning))
    return tuple(out)


STEP_KEYS = (
    "id",
    "number",
    "title",
    "short_title",
    "summary",
    "asks",
    "key_ideas",
    "tensions",
    "evidence",
    "links",
    "often_missed",
)


def _step(kind: str, data: Any, path: Path, problems: _Problems) -> dict[str, Any] | None:
    if not isinstance(data, YDict):
        problems.add(path, line_of(data), f"each {kind} must be a mapping")
        return None
    _unknown_keys(data, STEP_KEYS, path, problems, f"a {kind}")
    number = data.get("number")
    if not isinstance(number, int) or isinstance(number, bool):
        problems.add(path, data.line_of("number"), f"{kind} needs a whole 'number'")
        number = 0
    title = _text(data, "title", path, problems)
    return {
        "kind": kind,
        "id": _id(data, path, problems, f"a {kind}"),
        "number": number,
        "title": title,
        "short_title": _text(data, "short_title", path, problems, required=False) or title,
        "summary": _text(data, "summary", path, problems),
        "asks": _texts(data, "asks", path, problems),
        "key_ideas": _key_ideas(data, path, problems),
        "tensions": _texts(data, "tensions", path, problems),
        "evidence": _evidence(data, path, problems),
        "links": _texts(data, "links", path, problems),
        "often_missed": _texts(data, "often_missed", path, problems),
        "_line": data.line,
    }


PROMPT_KEYS = (
    "id",
    "kind",
    "text",
    "hint",
    "facilitator",
    "modes",
    "private",
    "stage",
    "options",
    "scale",
    "lens",
    "moved_only",
    "phase",
    "area",
    "depth",
)


def _prompt(data: Any, step_id: str, path: Path, problems: _Problems) -> Prompt | None:
    if not isinstance(data, YDict):
        problems.add(path, line_of(data), "each prompt must be a mapping")
        return None
    _unknown_keys(data, PROMPT_KEYS, path, problems, "a prompt")
    pid = _id(data, path, problems, "a prompt")
    kind = data.get("kind", "text")
    if kind not in KINDS:
        problems.add(path, data.line_of("kind"), f"unknown prompt kind {kind!r} (use {', '.join(KINDS)})")
    text = _text(data, "text", path, problems)
    modes = data.get("modes", list(MODES))
    if not isinstance(modes, list) or not modes or any(m not in MODES for m in modes):
        problems.add(path, data.line_of("modes"), f"'modes' must be a list of {', '.join(MODES)}")
        modes = []
    options = _texts(data, "options", path, problems)
    if kind in ("choice", "checklist") and len(options) < 2:
        problems.add(path, data.line, f"a {kind} prompt needs at least two 'options'")
    scale = None
    if kind == "scale":
        raw = data.get("scale")
        if not isinstance(raw, YDict):
            problems.add(path, data.line, "a scale prompt needs 'scale: {min, max, low, high}'")
        else:
            lo, hi = raw.get("min", 1), raw.get("max", 5)
            if not (isinstance(lo, int) and isinstance(hi, int)) or isinstance(lo, bool) or lo >= hi or hi - lo > 10:
                problems.add(
                    path, raw.line, "scale 'min' and 'max' must be whole numbers, min below max, at most 10 apart"
                )
            else:
                scale = (lo, hi, str(raw.get("low", "")), str(raw.get("high", "")))
    for key, allowed in (("stage", STAGES), ("phase", PHASES), ("area", AREAS), ("depth", DEPTHS)):
        value = data.get(key)
        if value is not None and value not in allowed:
            problems.add(path, data.line_of(key), f"'{key}' must be one of {', '.join(allowed)}")
    moved_only = _bool(data, "moved_only", path, problems)
    if (data.get("phase") or data.get("area")) and not moved_only:
        problems.add(path, data.line, "'phase' and 'area' only make sense with 'moved_only: true'")
    if not (pid and text and modes and kind in KINDS):
        return None
    return Prompt(
        id=pid,
        step=step_id,
        kind=kind,
        text=text,
        modes=tuple(modes),
        private=_bool(data, "private", path, problems),
        hint=_text(data, "hint", path, problems, required=False),
        facilitator=_text(data, "facilitator", path, problems, required=False),
        stage=data.get("stage") or "",
        options=options,
        scale=scale,
        lens=data.get("lens") or "" if isinstance(data.get("lens"), (str, type(None))) else "",
        moved_only=moved_only,
        phase=data.get("phase") or "",
        area=data.get("area") or "",
        depth=data.get("depth") or "core",
    )


def parse_pack(root: Path) -> tuple[Framework | None, list[str]]:
    """Read a pack folder: the framework, or None and every problem as ``file:line: message``.

    This reads YAML only. Templates and text-check lists have their own
    readers; ``pack_check.check_framework`` runs them all, and
    ``loader.load_framework`` keeps a sound pack between runs.
    """
    problems = _Problems()
    main = root / "principles.yaml"
    if not root.is_dir():
        return None, [str(ReflectError("framework folder not found", root))]
    try:
        doc = load_yaml(main, PACK_FILE_MAX_BYTES)
    except ReflectError as exc:
        return None, [str(exc)]
    if not isinstance(doc, YDict):
        return None, [str(ReflectError("must be a mapping with 'framework', 'principles' and 'tracks'", main, 1))]
    _unknown_keys(
        doc, ("framework", "principles", "tracks", "lenses", "summary_fields"), main, problems, "principles.yaml"
    )
    meta = doc.get("framework")
    if not isinstance(meta, YDict):
        problems.add(main, doc.line, "missing 'framework: {id, name, version}'")
        meta = YDict()
    fid = _id(meta, main, problems, "the framework") if meta else ""
    name = _text(meta, "name", main, problems) if meta else ""
    version = _text(meta, "version", main, problems) if meta else ""

    steps: dict[str, dict[str, Any]] = {}
    groups: dict[str, list[dict[str, Any]]] = {"principle": [], "track": []}
    for key, kind in (("principles", "principle"), ("tracks", "track")):
        items = doc.get(key, [] if kind == "track" else None)
        if not isinstance(items, list) or (kind == "principle" and not items):
            at_least = " with at least one principle" if kind == "principle" else ""
            problems.add(main, doc.line_of(key), f"'{key}' must be a list{at_least}")
            continue
        for index, item in enumerate(items, start=1):
            step = _step(kind, item, main, problems)
            if step is None:
                continue
            if step["number"] and step["number"] != index:
                problems.add(main, step["_line"], f"{kind} number {step['number']} is out of order (expected {index})")
            if step["id"] in steps:
                problems.add(main, step["_line"], f"duplicate id '{step['id']}'")
            elif step["id"]:
                steps[step["id"]] = step
                groups[kind].append(step)
    principle_ids = {s["id"] for s in groups["principle"]}
    for step in groups["principle"]:
        for link in step["links"]:
            if link not in principle_ids:
                problems.add(main, step["_line"], f"'{step['id']}' links to unknown principle '{link}'")

    lenses = []
    raw_lenses = doc.get("lenses")
    if raw_lenses is None:
        lenses = [Lens(i, t) for i, t in DEFAULT_LENSES]
    elif not isinstance(raw_lenses, list):
        problems.add(main, doc.line_of("lenses"), "'lenses' must be a list")
    else:
        for item in raw_lenses:
            if isinstance(item, YDict):
                lid, title = _id(item, main, problems, "a lens"), _text(item, "title", main, problems)
                if lid and title:
                    lenses.append(Lens(lid, title))
            else:
                problems.add(main, line_of(item, line_of(raw_lenses)), "each lens needs an 'id' and a 'title'")
    lens_ids = {lens.id for lens in lenses}

    fields: list[SummaryField] = []
    raw_fields = doc.get("summary_fields") or []
    if not isinstance(raw_fields, list):
        problems.add(main, doc.line_of("summary_fields"), "'summary_fields' must be a list")
        raw_fields = []
    for item in raw_fields:
        if not isinstance(item, YDict):
            problems.add(main, line_of(item, doc.line), "each summary field needs an 'id' and a 'label'")
            continue
        _unknown_keys(item, ("id", "label", "modes", "private"), main, problems, "a summary field")
        sid, label = _id(item, main, problems, "a summary field"), _text(item, "label", main, problems)
        modes = item.get("modes", list(MODES))
        if not isinstance(modes, list) or any(m not in MODES for m in modes):
            problems.add(main, item.line_of("modes"), f"'modes' must be a list of {', '.join(MODES)}")
            modes = []
        if any(f.id == sid for f in fields):
            problems.add(main, item.line, f"duplicate summary field '{sid}'")
        elif sid and label:
            fields.append(SummaryField(sid, label, tuple(modes), _bool(item, "private", main, problems)))

    prompts: dict[str, list[Prompt]] = {sid: [] for sid in steps}
    seen_prompts: dict[str, str] = {}
    prompt_dir = root / "prompts"
    files = sorted(prompt_dir.glob("*.yaml")) + sorted(prompt_dir.glob("*.yml")) if prompt_dir.is_dir() else []
    if not files:
        problems.add(prompt_dir, 0, "no prompt files (prompts/*.yaml)")
    for path in files:
        try:
            pdoc = load_yaml(path, PACK_FILE_MAX_BYTES)
        except ReflectError as exc:
            problems.items.append(str(exc))
            continue
        if not isinstance(pdoc, YDict):
            problems.add(path, 1, "must be a mapping with 'step' and 'prompts'")
            continue
        _unknown_keys(pdoc, ("step", "prompts"), path, problems, "a prompt file")
        step_id = pdoc.get("step")
        if step_id not in steps:
            problems.add(
                path,
                pdoc.line_of("step"),
                f"'step' must name a principle or track in principles.yaml (got {step_id!r})",
            )
            continue
        items = pdoc.get("prompts")
        if not isinstance(items, list) or not items:
            problems.add(path, pdoc.line_of("prompts"), "'prompts' must be a non-empty list")
            continue
        for item in items:
            prompt = _prompt(item, step_id, path, problems)
            if prompt is None:
                continue
            if prompt.id in seen_prompts:
                problems.add(
                    path, line_of(item), f"duplicate prompt id '{prompt.id}' (also in {seen_prompts[prompt.id]})"
                )
                continue
            seen_prompts[prompt.id] = path.name
            if steps[step_id]["kind"] == "track":
                if not prompt.lens:
                    problems.add(
                        path,
                        line_of(item),
                        f"track prompt '{prompt.id}' needs a 'lens' ({', '.join(sorted(lens_ids))})",
                    )
                elif prompt.lens not in lens_ids:
                    problems.add(path, item.line_of("lens"), f"unknown lens '{prompt.lens}'")
            elif prompt.lens or prompt.moved_only:
                problems.add(path, line_of(item), "'lens' and 'moved_only' are for track prompts only")
            prompts[step_id].append(prompt)

    for step in groups["principle"]:
        count = len(prompts.get(step["id"], []))
        if count < MIN_PROMPTS_PER_PRINCIPLE:
            problems.add(
                main,
                step["_line"],
                f"principle '{step['id']}' has {count} prompt(s); it needs at least {MIN_PROMPTS_PER_PRINCIPLE}",
            )
    for step in groups["track"]:
        for lens in lenses:
            if not any(p.lens == lens.id and not p.moved_only for p in prompts.get(step["id"], [])):
                problems.add(main, step["_line"], f"track '{step['id']}' has no prompt for the lens '{lens.id}'")

    if problems.items:
        return None, problems.items

    def build(kind: str) -> tuple[Step, ...]:
        return tuple(
            Step(**{k: v for k, v in s.items() if not k.startswith("_")}, prompts=tuple(prompts[s["id"]]))
            for s in groups[kind]
        )

    framework = Framework(
        id=fid,
        name=name,
        version=version,
        root=root,
        principles=build("principle"),
        tracks=build("track"),
        lenses=tuple(lenses),
        summary_fields=tuple(fields),
    )
    return framework, []

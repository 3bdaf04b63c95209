"""Today's focus reads a case's sessions newest first, only as far back as it needs, and suggests the same."""

from __future__ import annotations

import random
from datetime import date

from reflect.core.session.focus import suggest
from reflect.core.session.focus_history import PAGE, focus_history
from reflect.core.session.start import suggestions_for
from reflect.core.store import Store

TODAY = date(2026, 12, 1)


def _whole_history(store: Store, case_id: int):
    """What suggestions_for read before: every session of the case but the workshops, oldest first."""
    return [store.get_session(i.id) for i in store.list_sessions(case_id) if i.mode != "workshop"]


def _build(store: Store, framework, sessions: int, seed: int, *, skip_step: str = "") -> int:
    rng = random.Random(seed)
    steps = [s for s in framework.steps if s.id != skip_step]
    rows = []
    for n in range(sessions):
        step = rng.choice(steps)
        prompt = next(p for p in step.prompts if p.kind == "text" and not p.private)
        other = rng.choice(steps)
        rows.append(
            {
                "mode": rng.choice(["preparation", "supervision", "workshop"]),
                "date": f"{2020 + n // 200}-{1 + n // 20 % 10:02d}-{1 + n % 20:02d}",
                "answers": {prompt.id: f"said in session {n}"},
                "status": {other.id: rng.choice(["set-aside", "not-relevant", "reflected"])},
                "flags": [prompt.id] if n % 7 == 0 else [],
                "actions": [{"what": f"action {n}", "who": "SW", "by": "2026-11-28", "done": False}]
                if n % 13 == 0
                else [],
            }
        )
    return store.import_case(f"YP-{seed}", {"moved": "considering"}, rows).id


def test_the_same_suggestions_as_from_every_session(tmp_path, framework):
    with Store.open(tmp_path) as store:
        for seed, sessions, skip in ((1, 90, ""), (2, 45, "track-family"), (3, 5, ""), (4, 0, "")):
            case_id = _build(store, framework, sessions, seed, skip_step=skip)
            actions = store.open_actions(case_id)
            whole = suggest(framework, _whole_history(store, case_id), actions, move="considering", today=TODAY)
            assert suggestions_for(store, framework, case_id, today=TODAY) == whole, seed


def test_it_stops_once_every_step_was_discussed(tmp_path, framework, monkeypatch):
    with Store.open(tmp_path) as store:
        case = store.create_case("YP-A")
        for n in range(PAGE * 5):
            store.create_session(case.id, "preparation", on=f"2025-{1 + n // 28 % 12:02d}-{1 + n % 28:02d}")
        latest = store.create_session(case.id, "supervision", on="2026-11-30")
        for step in framework.steps:  # the latest session discussed every step
            store.set_status(latest.id, step.id, "reflected")
        read = []
        get_session = store.get_session
        monkeypatch.setattr(store, "get_session", lambda i: read.append(i) or get_session(i))
        history = focus_history(store, framework, case.id, store.open_actions(case.id))
        assert len(read) <= PAGE
        assert history[-1].id == latest.id
        assert [r.date for r in history] == sorted(r.date for r in history)

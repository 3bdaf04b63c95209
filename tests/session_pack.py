"""A fixed fictional framework pack for the session tests, core and app alike.

The pack is written to a temporary folder from the data below, so the tests
(and the snapshots) do not change when the built-in content is edited. It
has the same ids as the built-in pack (eight principles, three tracks, the
summary fields) and every kind of prompt, including moved-only track prompts.
Each principle has two core prompts (describe, feel) and deeper ones; each
track two core lenses and a deeper one, so today's focus can be tested
before the built-in pack carries depths.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from reflect.core.framework import Framework
from reflect.core.loader import load_framework
from reflect.core.store import Store

PRINCIPLES = [
    ("children-first", "put children and young people first", "Put children and young people first"),
    (
        "inequalities",
        "recognise and challenge inequalities, exclusion and discrimination",
        "Recognise and challenge inequalities",
    ),
    ("voice", "value the voices of young people", "Value young people's voices"),
    ("relationships", "build trusted relationships", "Build trusted relationships"),
    ("trauma", "be trauma-informed", "Be trauma-informed"),
    ("curious", "stay curious", "Stay curious"),
    ("parents-partners", "work with parents and carers as partners", "Parents and carers as partners"),
    ("safer-spaces", "make the places young people spend time safer", "Safer spaces"),
]
TRACKS = [
    (
        "track-practitioner",
        "Trusted relationships between the young person and practitioners",
        "Practitioner and young person",
    ),
    ("track-family", "Relationships with parents, carers and family", "Parents, carers and family"),
    ("track-peers", "Relationships with peers, school and community", "Peers, school and community"),
]
SUMMARY_FIELDS = [
    ("questions-for-supervision", "What I want to bring to supervision", ["preparation"], False),
    (
        "change-first",
        "Which relationship or context needs to change first for safety to increase?",
        ["preparation", "supervision", "workshop"],
        False,
    ),
    ("decisions", "Decisions made in this supervision", ["supervision"], False),
    ("rationale", "Why these decisions were made", ["supervision"], False),
    ("review-date", "When this case will next be reviewed", ["supervision"], False),
    ("system-barriers", "What the system is making hard", ["supervision"], False),
    ("escalation", "Challenge or escalation needed", ["supervision"], False),
    ("workshop-learning", "What the group takes away from this case", ["workshop"], False),
    ("wellbeing", "How this work is affecting me, and what support I need", ["preparation", "supervision"], True),
]
ALL_MODES = ["preparation", "supervision", "workshop"]


def _principle_prompts(pid: str) -> list[dict[str, Any]]:
    return [
        {
            "id": f"{pid}.describe",
            "kind": "text",
            "stage": "describe",
            "modes": ALL_MODES,
            "text": "What is happening for this young person right now, in your own words?",
            "hint": "Describe before you explain.",
            "facilitator": "Ask the group to describe, not judge.",
        },
        {
            "id": f"{pid}.feel",
            "kind": "text",
            "stage": "feel",
            "modes": ["preparation", "supervision"],
            "private": True,
            "text": "What do you feel when you think about this young person?",
            "hint": "This answer stays out of the case record.",
        },
        {
            "id": f"{pid}.language",
            "depth": "deeper",
            "kind": "checklist",
            "stage": "make-sense",
            "modes": ALL_MODES,
            "text": "Which of these phrases have you seen in the records?",
            "options": [
                "'putting themselves at risk'",
                "'making lifestyle choices'",
                "'not engaging'",
                "none of these",
            ],
        },
        {
            "id": f"{pid}.confidence",
            "depth": "deeper",
            "kind": "scale",
            "stage": "act",
            "modes": ALL_MODES,
            "text": "How well does the plan reflect this principle?",
            "scale": {"min": 1, "max": 5, "low": "not at all", "high": "fully"},
        },
        {
            "id": f"{pid}.next",
            "depth": "deeper",
            "kind": "choice",
            "stage": "imagine",
            "modes": ALL_MODES,
            "text": "What would help most next?",
            "options": ["talk with the young person", "talk with the family", "talk with the team"],
        },
        {
            "id": f"{pid}.supervisor",
            "depth": "deeper",
            "kind": "text",
            "stage": "make-sense",
            "modes": ["supervision"],
            "text": "What does the supervisor notice that the preparation does not say?",
        },
    ]


def _track_prompts(tid: str) -> list[dict[str, Any]]:
    prompts = []
    for lens in ("consistency", "collaboration", "safety"):
        prompts.append(
            {
                "id": f"{tid}.{lens}",
                "kind": "text",
                "depth": "deeper" if lens == "collaboration" else "core",
                "lens": lens,
                "modes": ALL_MODES,
                "text": f"Looking through the {lens} lens: what do you see in this relationship?",
            }
        )
    prompts += [
        {
            "id": f"{tid}.before-home",
            "kind": "text",
            "lens": "consistency",
            "moved_only": True,
            "phase": "before",
            "area": "home",
            "modes": ALL_MODES,
            "text": "Before the move, who in the home area did the young person rely on?",
        },
        {
            "id": f"{tid}.after-placement",
            "kind": "text",
            "lens": "safety",
            "moved_only": True,
            "phase": "after",
            "area": "placement",
            "modes": ALL_MODES,
            "text": "Since the move, who in the placement area helps the young person feel safe?",
        },
    ]
    return prompts


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_NoAliases, sort_keys=False, allow_unicode=True)


def write_pack(root: Path) -> Path:
    """Write the fixed test pack to ``root`` and return it."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "prompts").mkdir(exist_ok=True)
    principles = []
    for number, (pid, title, short) in enumerate(PRINCIPLES, start=1):
        principles.append(
            {
                "id": pid,
                "number": number,
                "title": f"Responses to child exploitation and extra-familial harm must... {title}",
                "short_title": short,
                "summary": f"A fictional summary of the principle '{short}', written for the tests.",
                "asks": ["Look at the whole young person.", "Keep their welfare first."],
                "key_ideas": [{"term": "child first", "meaning": "Seeing the child before the behaviour."}],
                "tensions": ["Protecting others while keeping the young person first."],
                "evidence": [
                    {"note": "A fictional finding for the tests.", "cite": "Author, 2020", "scope": "fictional"}
                ],
                "links": [p[0] for p in PRINCIPLES if p[0] != pid][:2],
            }
        )
    tracks = []
    for number, (tid, title, short) in enumerate(TRACKS, start=1):
        tracks.append(
            {
                "id": tid,
                "number": number,
                "title": title,
                "short_title": short,
                "summary": f"A fictional summary of the track '{short}'.",
                "often_missed": ["Contact is not the same as a relationship."],
                "evidence": [{"note": "A fictional finding about relocation.", "cite": "Author and Other, 2021"}],
            }
        )
    main = {
        "framework": {"id": "test-pack", "name": "Test pack for reflect", "version": "0.1"},
        "principles": principles,
        "tracks": tracks,
        "lenses": [
            {"id": "consistency", "title": "Consistency"},
            {"id": "collaboration", "title": "Collaboration"},
            {"id": "safety", "title": "Creating safety"},
        ],
        "summary_fields": [
            {"id": i, "label": label, "modes": modes, "private": private} for i, label, modes, private in SUMMARY_FIELDS
        ],
    }
    (root / "principles.yaml").write_text(_dump(main), encoding="utf-8")
    for index, (pid, _, _) in enumerate(PRINCIPLES, start=1):
        doc = {"step": pid, "prompts": _principle_prompts(pid)}
        (root / "prompts" / f"{index:02d}-{pid}.yaml").write_text(_dump(doc), encoding="utf-8")
    for tid, _, _ in TRACKS:
        doc = {"step": tid, "prompts": _track_prompts(tid)}
        (root / "prompts" / f"{tid}.yaml").write_text(_dump(doc), encoding="utf-8")
    return root


def test_framework(tmp_dir: Path) -> Framework:
    return load_framework(write_pack(tmp_dir / "pack"))


test_framework.__test__ = False  # not a test, despite the name


def make_case(
    data_dir: Path, *, moved: bool = False, mode: str = "preparation", day: str = "2026-11-20", label: str = "YP-A"
) -> tuple[int, int]:
    """A case with one session; returns (case id, session id)."""
    with Store.open(data_dir) as store:
        context = {"age_band": "14-15", "harms": ["criminal exploitation"], "moved": moved}
        if moved:
            context.update(home_area="the home town", placement_area="a coastal town")
        case = store.find_case(label) or store.create_case(label, context)
        info = store.create_session(case.id, mode, day)
        return case.id, info.id


def fill_session(store: Store, session_id: int) -> None:
    """A session with something of every kind: answers (one private), a flag, two marks, an action, a summary."""
    store.save_answer(session_id, "children-first.describe", "He talks about football and his gran.")
    store.save_answer(session_id, "children-first.feel", "I feel worried and a bit helpless.")
    store.save_answer(session_id, "voice.describe", "She is putting herself at risk by going out.")
    store.set_flag(session_id, "children-first.describe", True)
    store.set_status(session_id, "inequalities", "set-aside", "not enough known yet")
    store.set_status(session_id, "trauma", "not-relevant")
    store.add_action(session_id, "Ask school about a named contact", "Social worker", "2026-12-01")
    store.save_summary(session_id, "questions-for-supervision", "Is the plan too much about places?")

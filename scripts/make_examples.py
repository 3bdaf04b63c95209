#!/usr/bin/env python3
"""Write the example notes in docs/examples/ from the built-in fictional case.

The demo case (demo.yaml) holds one preparation session. This script imports
it into a temporary store, adds a supervision session and a workshop session
(fictional, written for these examples), and renders one note of each kind
with the built-in templates. Run it after changing a template or the demo:

    python scripts/make_examples.py           # rewrite docs/examples/* (the notes, and the supervision
                                              # note as plain text and HTML)
    python scripts/make_examples.py --check   # exit 1 if the files are stale

tests/test_notes.py regenerates the notes in memory and compares them with
the files, so the examples never drift from the templates.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reflect.core.bundle import import_data, read_bundle  # noqa: E402
from reflect.core.content import content_root  # noqa: E402
from reflect.core.loader import load_framework  # noqa: E402
from reflect.core.note_formats import convert  # noqa: E402
from reflect.core.notes import render_case_note  # noqa: E402
from reflect.core.store import Store  # noqa: E402

EXAMPLES_DIR = ROOT / "docs" / "examples"

#: when the text checks "ran" in each example (fixed, so the files do not change from run to run)
NOW_PREP = datetime(2026, 11, 2, 17, 10)
NOW_SUP = datetime(2026, 11, 9, 16, 30)
NOW_WORKSHOP = datetime(2026, 11, 24, 15, 45)

SUPERVISION = {
    "date": "2026-11-09",
    "status": {
        "children-first": "reflected",
        "inequalities": "reflected",
        "voice": "reflected",
        "relationships": "reflected",
        "trauma": "reflected",
        "curious": "set-aside",
        "parents-partners": "reflected",
        "safer-spaces": "set-aside",
        "track-practitioner": "reflected",
        "track-family": "reflected",
        "track-peers": "reflected",
    },
    "reasons": {
        "curious": "We ran out of time. It is the first item for the next supervision.",
        "safer-spaces": "The multi-agency meeting about the estate is on 12 November; we will use "
        "what it decides rather than guess at it now.",
    },
    "answers": {
        "children-first.supervisor-decisions": (
            "Taking his phone away on arrival was a response to the missing episodes, not to anything he "
            "needs. Decision: the phone goes back with a plan Sam helps to write, and the home stops "
            "treating the phone as a reward."
        ),
        "inequalities.supervisor-escalation": (
            "The police summary describes a 14-year-old as 'a known dealer'. We agreed this needs a "
            "formal request for correction, and that the request should ask for his status as a "
            "possible victim of exploitation to be recorded beside any offence."
        ),
        "voice.supervisor-against-wishes": (
            "Sam wants to go home now. The decision is that he stays in Saltmarrow for the next four "
            "weeks while the risk linked to the debt is assessed again. His wish to go home is not "
            "dismissed: it is the goal, and the plan says what has to change first."
        ),
        "voice.choices": (
            "The social worker will explain the four-week decision to Sam face to face on Thursday, "
            "with his key worker there, and will give him a written copy in plain words.\n"
            "He will be asked what he would add to the plan."
        ),
        "relationships.next-step": (
            "Keep the youth worker from Larkhollow in Sam's life: a fortnightly video call, and a visit "
            "to Saltmarrow before the end of the month."
        ),
        "trauma.supervisor-decisions": (
            "Room searches after each missing episode will stop unless there is a specific concern. "
            "The reasoning: they are frightening him and have not found anything."
        ),
        "trauma.my-wellbeing": (
            "This case is the heaviest on the practitioner's list and the travel to Saltmarrow takes a "
            "full day. Agreed: one case transferred, and a reflective session with the clinical "
            "psychologist next month."
        ),
        "parents-partners.blame": (
            "A neglect category does not fit harm that came from outside the home, and it has cost "
            "us Jo's trust. The plan will be reviewed under the extra-familial harm pathway."
        ),
        "track-practitioner.supervisor-network": (
            "Nine professionals are involved. The allocated social worker coordinates; Sam named his "
            "night key worker as the person he would tell first, and the plan now says so."
        ),
        "track-practitioner.trust-confidence": 2,
        "track-family.family-time": (
            "Family time has been a phone call when it can be fitted in. It needs a fixed weekly video "
            "call and a monthly visit, with the train fare paid in advance."
        ),
        "track-family.moved-during-home": (
            "Jo cannot afford the fare and works shifts. Nobody has offered to help her travel."
        ),
        "track-peers.education": ("No school place yet, five weeks in. The education service has been asked twice."),
        "track-peers.moved-during-home": (
            "Sam messages Kai when he can borrow a phone. Kai's family are worried but supportive; "
            "keeping that friendship could be protective."
        ),
        "track-peers.moved-during-placement": (
            "A local football club trains on Tuesdays and Saturdays. The home's manager will ask "
            "whether Sam can join as soon as he has a school place."
        ),
    },
    "summary": {
        "decisions": (
            "Sam stays in Saltmarrow for four more weeks, with a review on 7 December.\n"
            "His phone is returned with a plan he helps to write.\n"
            "Family time becomes a weekly video call and a monthly visit, travel paid.\n"
            "The category of neglect is to be reconsidered under the extra-familial harm pathway."
        ),
        "rationale": (
            "The threat linked to the debt has not been assessed since the move, so a return now "
            "cannot be shown to be safe. At the same time, the move is costing Sam his family, his "
            "friends and his education, and the missing episodes look like attempts to reach home. "
            "We weighed the risk of going back against the harm of staying cut off, and chose to "
            "reduce the isolation now rather than wait."
        ),
        "attendees": (
            "Allocated social worker (the practitioner); team manager (supervisor). The night key worker "
            "from the home joined for the first twenty minutes."
        ),
        "current-situation": (
            "Sam lives in a children's home in Saltmarrow, five weeks now. The social worker last saw him "
            "on 5 November, alone for part of the visit. He has been missing twice since the move, each "
            "time for one night, and was found at Larkhollow station both times. No school place yet."
        ),
        "child-view": (
            "Sam says he wants to go home now and that nobody asked him about the move. He agreed to help "
            "write a phone plan. He has not yet heard today's decision to stay four more weeks: the social "
            "worker will explain it to him on Thursday and record what he says."
        ),
        "contingency": (
            "If Sam goes missing again, the home reports it at once and the social worker arranges a return "
            "conversation within 72 hours, with the youth worker he knows.\n"
            "If new information about the debt or threats arrives, a strategy discussion is called the same day.\n"
            "If no school place is offered by 20 November, the team manager raises it with the head of service."
        ),
        "review-date": "07/12/2026",
        "step-down": (
            "Not being considered. The risk linked to the debt has not been assessed since the move, and "
            "Sam has been missing twice this month."
        ),
        "share-with-family": (
            "Sam will stay in Saltmarrow for four more weeks, and then we will meet again to decide what "
            "happens next. We know he wants to come home, and that is what we are working towards.\n"
            "His phone will be given back, with a plan he helps to write.\n"
            "Family time will be a video call every week and a visit every month. We will pay for the train."
        ),
        "family-contact": (
            "Sam's social worker, on the number on the card we gave you, Monday to Friday, 9 to 5. "
            "At other times, the emergency duty team on the same card."
        ),
        "change-first": (
            "Sam's contact with his family. Until he knows when he will next see Jo and his sister, "
            "every other part of the plan competes with his wish to get home."
        ),
        "system-barriers": (
            "No education placement across the county boundary; a ninety-mile round trip for every "
            "visit; three changes of social worker this year."
        ),
        "escalation": (
            "Team manager to raise the school place with the virtual school head this week, and the "
            "police wording with the exploitation lead."
        ),
        "wellbeing": ("Tired, and worried I am the third worker he will lose. It helped to say so out loud."),
    },
    "actions": [
        (
            "Return his phone with a phone plan he writes with his key worker",
            "Key worker at the home, with the allocated social worker",
            "2026-11-13",
            True,
        ),
        (
            "Set up a weekly video call with Jo and his sister, and a monthly visit with the fare paid",
            "Allocated social worker",
            "2026-11-16",
            True,
        ),
        (
            "Ask for the 'known dealer' wording to be corrected and his status as a possible victim recorded",
            "Team manager",
            "2026-11-20",
            False,  # not shared: the worker will talk it through with Sam first
        ),
        (
            "Ask the football coach in Larkhollow whether he can keep in touch by phone, if Sam agrees",
            "Youth worker in the home area",
            "2026-11-27",
            True,
        ),
    ],
}

WORKSHOP = {
    "date": "2026-11-24",
    "status": {
        "children-first": "reflected",
        "inequalities": "reflected",
        "voice": "reflected",
        "safer-spaces": "reflected",
        "relationships": "set-aside",
        "track-peers": "reflected",
        "track-family": "reflected",
    },
    "reasons": {
        "relationships": "Covered in the morning session on this case, so the group moved on.",
    },
    "answers": {
        "children-first.harmed-and-harming": (
            "Harm to him: the debt, the threats to his sister, being used to carry and sell. Harm by "
            "him: the drugs found in the flat. Police and youth justice hold the second column; the "
            "group could not name anyone holding both."
        ),
        "inequalities.adultification": (
            "Several people noticed how quickly the words 'dealer' and 'older than his years' became "
            "the story. One participant rewrote the police summary so it described a 14-year-old "
            "found in a flat with adults who were using him. Most of the group thought he would "
            "have been offered more protection if he had seemed frightened rather than defiant: his "
            "insistence that he is 'not a victim' was read as a choice, when it may be loyalty, fear "
            "or pride."
        ),
        "voice.choices": (
            "He chose nothing about the move. The group listed small choices that could be handed "
            "back: when he calls home, what he does on Saturdays, who comes to his reviews."
        ),
        "safer-spaces.places": [
            "streets, estates or parks",
            "transport routes, stations or bus stops",
            "other people's homes or flats",
            "online spaces and apps",
        ],
        "safer-spaces.change-a-place": (
            "The railway station in Larkhollow came up twice: it is where he was collected and where "
            "he returns to. Station staff and the transport police could be part of a plan for that "
            "place, not only for Sam."
        ),
        "track-peers.friends-map": (
            "Kai, the football team and the older group on the other estate. The group noticed the "
            "plan names only the risky friendships."
        ),
        "track-peers.safe-with-friends": 3,
        "track-peers.group-work": (
            "Bring the football club into the plan: the coach is the adult Sam trusts most outside his family."
        ),
        "track-family.within-their-power": (
            "Jo is being asked to stop Sam meeting people she cannot reach. What is in her power: "
            "keeping in touch every day, and telling the police what she knows about where the "
            "group meets."
        ),
    },
    "summary": {
        "workshop-learning": (
            "Moving a young person can keep them away from one danger while cutting the relationships "
            "that would keep them safe in the long run.\n\n"
            "The language in records travels: one phrase in a police summary shaped every meeting "
            "that followed."
        ),
        "change-first": (
            "His friendships and football in Larkhollow: they are where his sense of belonging lives, "
            "and where the exploiting group is competing for him."
        ),
    },
    "actions": [
        (
            "Each participant brings one rewritten case-record sentence to the next workshop",
            "All participants",
            "2026-12-08",
            False,
        ),
    ],
}


def _add_session(store: Store, case_id: int, mode: str, spec: dict) -> int:
    info = store.create_session(case_id, mode, spec["date"])
    for prompt_id, value in spec["answers"].items():
        store.save_answer(info.id, prompt_id, value)
    for step_id, status in spec["status"].items():
        store.set_status(info.id, step_id, status, spec["reasons"].get(step_id, ""))
    for field_id, text in spec["summary"].items():
        store.save_summary(info.id, field_id, text)
    for what, who, by, shared in spec["actions"]:  # shared: with the young person / family
        store.add_action(info.id, what, who, by, shared=shared)
    return info.id


def build_examples(framework=None) -> dict[str, str]:
    """The example notes (a family note beside the three record notes), by file name, rendered in a temporary store."""
    framework = framework or load_framework()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp))
        try:
            case = import_data(store, read_bundle(content_root() / "demo.yaml", framework))
            prep = store.latest_session(case.id)
            sup = _add_session(store, case.id, "supervision", SUPERVISION)
            for action in store.actions(prep.id):  # the preparation's action is reviewed here
                store.carry_forward(action.id, sup)
            workshop = _add_session(store, case.id, "workshop", WORKSHOP)
            when = {"preparation.md": NOW_PREP, "supervision.md": NOW_SUP, "workshop.md": NOW_WORKSHOP}

            def note(name: str, session_id: int, audience: str = "record") -> str:
                return render_case_note(
                    store, framework, case, session_id=session_id, audience=audience, now=when[name]
                )

            return {
                "preparation.md": note("preparation.md", prep.id),
                "supervision.md": note("supervision.md", sup),
                "family.md": render_case_note(store, framework, case, session_id=sup, audience="family", now=NOW_SUP),
                "workshop.md": note("workshop.md", workshop),
            }
        finally:
            store.close()


def format_examples(notes: dict[str, str]) -> dict[str, str]:
    """The supervision note as plain text and as an HTML page (tests/test_note_formats.py checks them)."""
    return {f"supervision{suffix}": str(convert(notes["supervision.md"], fmt)) for fmt, suffix in FORMAT_EXAMPLES}


FORMAT_EXAMPLES = (("text", ".txt"), ("html", ".html"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report whether the files are up to date")
    args = parser.parse_args(argv)
    stale = []
    notes = build_examples()
    for name, text in {**notes, **format_examples(notes)}.items():
        path = EXAMPLES_DIR / name
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(name)
        if not args.check:
            EXAMPLES_DIR.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    if args.check and stale:
        print(f"out of date: {', '.join(stale)} (run python scripts/make_examples.py)", file=sys.stderr)
        return 1
    if not stale:
        print("docs/examples is up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

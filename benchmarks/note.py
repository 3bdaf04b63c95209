#!/usr/bin/env python3
"""How long a full supervision note takes to write, beside a bare Jinja2 render.

A supervision session is set up in a temporary store with every prompt of
the framework answered with about 2 KB of text (choices, checklists and
scales with their own kinds of answer), every summary field filled, and a
preparation session before it with actions to review. Then:

  full note      render_case_note: read the store, build the context, run the
                 text checks over every answer, escape every value, render the
                 sandboxed template
  pure note      render_note on records already read (the app's live preview)
  ... again      the same, with text-check results remembered per answer (what
                 the live preview pays while one answer is being typed)
  template only  the sandboxed template with its escaping filters, on a context
                 already built (no store, no text checks)
  bare Jinja2    the same template files in a plain jinja2.Environment with
                 pass-through filters and no sandbox, on the same context

Run by hand (never as a timed test):  python benchmarks/note.py [--runs N]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import jinja2  # noqa: E402

from reflect.core import notes  # noqa: E402
from reflect.core.loader import load_framework  # noqa: E402
from reflect.core.notes.render import resolve  # noqa: E402
from reflect.core.store import Store  # noqa: E402
from reflect.core.words import longdate  # noqa: E402

SENTENCES = [
    "She said the bus stop outside the college feels unsafe after dark.",
    "Her key worker has stayed in touch by text since the move; that matters to her.",
    "We are not yet sure who the older group are, and the police picture is thin.",
    "Her mum wants to be part of the plan and knows the places the group meets.",
    "School have offered a mentor, but only after half term; that may be too late.",
    "What would help most, in her words, is 'someone who doesn't give up on me'.",
]


def two_kb(seed: int) -> str:
    """About 2 KB of ordinary prose in short paragraphs, different for every seed."""
    rng = random.Random(seed)
    out = [f"Note {seed}."]
    while sum(len(s) + 1 for s in out) < 2048:
        out.append(rng.choice(SENTENCES).replace("the", rng.choice(["the", "this", "that"]), 1))
        if rng.random() < 0.2:
            out.append("\n")
    return " ".join(out)[:2048]


def build(store: Store, framework) -> tuple:
    case = store.create_case(
        "BENCH-1",
        {
            "moved": True,
            "age_band": "14-15",
            "harms": ["criminal exploitation"],
            "home_area": "a city",
            "placement_area": "a coastal town",
        },
    )
    answers = {}
    for n, prompt in enumerate(p for step in framework.steps for p in step.prompts):
        if prompt.kind == "scale":
            answers[prompt.id] = prompt.scale[0] if prompt.scale else 1
        elif prompt.kind == "choice":
            answers[prompt.id] = prompt.options[0]
        elif prompt.kind == "checklist":
            answers[prompt.id] = list(prompt.options)
        else:
            answers[prompt.id] = two_kb(n)

    def session(mode: str, day: str) -> dict:
        return {
            "mode": mode,
            "date": day,
            "answers": answers,
            "status": {s.id: "reflected" for s in framework.steps},
            "flags": list(answers)[::7],
            "actions": [
                {"what": f"Action {i}: " + SENTENCES[i % 6], "who": "Social worker", "by": "2026-12-01"}
                for i in range(6)
            ],
            "summary": {f.id: two_kb(1000 + i) for i, f in enumerate(framework.summary_fields)},
        }

    for data in (session("preparation", "2026-11-02"), session("supervision", "2026-11-09")):
        store.import_session(case.id, data)
    prep, sup = store.list_sessions(case.id)
    return store.get_case(case.id), prep.id, sup.id, sum(len(v) for v in answers.values() if isinstance(v, str))


def timed(fn, runs: int) -> float:
    fn()  # warm caches (compiled templates, text-check rules)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="time a full supervision note")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args(argv)
    framework = load_framework()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp))
        try:
            case, prep, sup, answer_chars = build(store, framework)
            record, previous = store.get_session(sup), store.get_session(prep)
            context = notes.build_context(
                framework, case, record, previous=previous, preparation=previous, template_name="supervision"
            )
            env, name, label = resolve(framework, "supervision")
            sandboxed = env.get_template(name)
            bare_env = jinja2.Environment(
                loader=jinja2.FileSystemLoader([str(d) for d in framework.template_dirs]),
                undefined=jinja2.StrictUndefined,
                trim_blocks=True,
                lstrip_blocks=True,
                keep_trailing_newline=True,
            )
            passthrough = lambda value, *args: value  # noqa: E731
            bare_env.filters.update(block=passthrough, inline=passthrough, cell=passthrough, longdate=longdate)
            bare = bare_env.get_template(name)

            note = notes.render_case_note(store, framework, case, session_id=sup)

            def cold(fn):
                def run():
                    notes.clear_caches()
                    return fn()

                return run

            def full() -> str:
                return notes.render_case_note(store, framework, case, session_id=sup)

            def pure() -> str:
                return notes.render_note(framework, case, record, previous=previous, preparation=previous)

            rows = [
                ("full note (render_case_note)", timed(cold(full), args.runs)),
                ("pure note (render_note)", timed(cold(pure), args.runs)),
                ("pure note again, checks remembered", timed(pure, args.runs)),
                ("template only (sandbox + escaping)", timed(lambda: sandboxed.render(context), args.runs)),
                ("bare Jinja2 (same template)", timed(lambda: bare.render(context), args.runs)),
            ]
        finally:
            store.close()
    prompts = sum(len(s.prompts) for s in framework.steps)
    print(
        f"supervision note: {prompts} prompts answered ({answer_chars / 1024:.0f} KB of text answers), "
        f"{len(framework.summary_fields)} summary fields; note is {len(note.encode()) / 1024:.0f} KB; "
        f"median of {args.runs} runs"
    )
    for label_, seconds in rows:
        print(f"  {label_:<38} {seconds * 1000:8.1f} ms")
    bare_s = rows[-1][1]
    print(
        f"ratio full / bare Jinja2: {rows[0][1] / bare_s:.1f}x   "
        f"(template with sandbox and escaping / bare: {rows[2][1] / bare_s:.1f}x)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

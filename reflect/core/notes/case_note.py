"""A note from the store, or from records alone: gather, build the context, render.

The command line (``reflect note``), the case screen's note dialog and the
summary's export all come through :func:`render_case_note`; it only gathers
the sessions a note needs and hands them to :func:`render_note`, which
needs no store at all.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from reflect.core.errors import ReflectError
from reflect.core.framework import Framework
from reflect.core.models import Case, SessionRecord
from reflect.core.notes.audience import FAMILY, FAMILY_TEMPLATE, audience_of
from reflect.core.notes.context import build_context
from reflect.core.notes.render import load_template, looks_like_path, render_template, resolve, template_for
from reflect.core.session_extra import with_extra

if TYPE_CHECKING:  # only the type: the notes never open a store themselves
    from reflect.core.store import Store


def render_case_note(
    store: Store,
    framework: Framework,
    case: Case,
    session_id: int | None = None,
    template: str | None = None,
    private: bool = False,
    *,
    audience: str | None = None,
    checks: bool = True,
    now: datetime | None = None,
) -> str:
    """The note of one session on a case (default: its latest session), for one audience.

    Gathers the session, the session before it on the case (whose actions
    this one reviews) and, for a supervision note, the preparation the
    store says that supervision shows (:meth:`Store.preparation_for`).
    """
    if session_id is None:
        info = store.latest_session(case.id)
        if info is None:
            raise ReflectError(f"case {case.label!r} has no sessions yet")
    else:
        info = store.session_info(session_id)
        if info.case_id != case.id:
            raise ReflectError(f"session {session_id} is not a session of case {case.label!r}")
    record = with_extra(store, store.get_session(info.id))
    prev_info = store.previous_session(info.id)
    previous = store.get_session(prev_info.id) if prev_info else None
    same_mode = store.previous_session(info.id, mode=info.mode)
    if same_mode is None or prev_info is None or same_mode.id != prev_info.id:
        last_same_mode = store.get_session(same_mode.id) if same_mode else None
    else:
        last_same_mode = previous  # most often the session before is of the same mode: read it once
    preparation = None
    if info.mode == "supervision" or template == "supervision":
        prep_info = store.preparation_for(info.id)
        preparation = store.get_session(prep_info.id) if prep_info else None
    from reflect.core import textchecks, watch_store

    with textchecks.watching(watch_store.load(store)):  # the practitioner's names to watch, as hashes
        return render_note(
            framework,
            case,
            record,
            previous=previous,
            preparation=preparation,
            template=template,
            private=private,
            audience=audience,
            checks=checks,
            now=now,
            last_same_mode=last_same_mode,
        )


def render_note(
    framework: Framework,
    case: Case,
    record: SessionRecord,
    *,
    previous: SessionRecord | None = None,
    preparation: SessionRecord | None = None,
    template: str | None = None,
    private: bool = False,
    audience: str | None = None,
    checks: bool = True,
    now: datetime | None = None,
    last_same_mode: SessionRecord | None = None,
) -> str:
    """Render a note from records alone: no store, so anything holding the records can write one.

    A family note has its own template (``family``) whatever the mode.
    """
    audience = audience_of(audience, private=private)
    wanted = template or (FAMILY_TEMPLATE if audience == FAMILY else template_for(record.mode))
    env, name, label = resolve(framework, wanted)
    try:
        tmpl = load_template(env, name, label)
        context = build_context(
            framework,
            case,
            record,
            previous=previous,
            preparation=preparation,
            template_name=label,
            audience=audience,
            checks=checks,
            now=now,
            last_same_mode=last_same_mode,
        )
        return render_template(tmpl, context, label)
    except ReflectError as exc:
        if exc.path == label and looks_like_path(wanted) and Path(wanted).expanduser().exists():
            raise ReflectError(exc.message, wanted, exc.line) from None  # the path as the user gave it
        raise

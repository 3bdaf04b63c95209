"""Who a note is for: the case record, the practitioner alone, or the family.

``record``        the child's case file: never a private answer; a child or
                  parent may read it one day (subject access), so it holds
                  the case discussion and nothing of the worker's own feelings
``practitioner``  everything, private answers too; its first line says it is
                  personal and not for the case record
``family``        a short note in plain words to the young person and/or their
                  parents or carers: only what the practitioner wrote under
                  "What I will share with the young person or their family",
                  the actions the worker chose to share (who does what by
                  when) and who to contact

Why a summary field rather than a "share" tick on every answer: an answer
is written for supervision, in supervision's words, and is rarely fit to hand
to a family as it stands; what a practitioner shares is a few sentences they
choose and word for the family. One field to write, in the session's closing
questions beside the decisions, is what a practitioner expects. The actions
go with it because a family has a right to know who will do what, by when;
but only those the worker chose to share (off by default): "strategy meeting
about the adult" or "ask the school for the CCTV" is not for every adult who
may read a family note, and could put a child at risk in the wrong hands.
"""

from __future__ import annotations

from reflect.core.audiences import AUDIENCES, FAMILY, PRACTITIONER, RECORD
from reflect.core.errors import ReflectError

__all__ = ["AUDIENCES", "FAMILY", "PRACTITIONER", "RECORD", "audience_of"]

#: the summary fields the family note is made of (besides the actions)
SHARE_FIELD, CONTACT_FIELD = "share-with-family", "family-contact"

#: the template a family note uses, whatever the session's mode
FAMILY_TEMPLATE = "family"


def audience_of(audience: str | None, *, private: bool = False) -> str:
    """The audience asked for; ``private`` is the older way to ask for the practitioner's note."""
    if audience is None:
        return PRACTITIONER if private else RECORD
    if audience not in AUDIENCES:
        raise ReflectError(f"{audience!r} is not an audience (use {', '.join(AUDIENCES)})")
    if private and audience != PRACTITIONER:
        raise ReflectError(f"--private asks for the practitioner's note, not the {audience} note: use one of them")
    return audience

"""The three readers a note can be written for, by name (no templates loaded).

Kept apart from :mod:`reflect.core.notes` so the app and the command line
can offer the choice without loading Jinja; what each note holds is told in
:mod:`reflect.core.notes.audience`.
"""

from __future__ import annotations

RECORD, PRACTITIONER, FAMILY = "record", "practitioner", "family"
AUDIENCES = (RECORD, PRACTITIONER, FAMILY)

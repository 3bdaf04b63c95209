"""The one error a text-check list can raise.

It is a :class:`~reflect.core.errors.ReflectError`, so the command line
prints it as one line and exits 2; it is also a ``ValueError``, as it was
when the checks were one module, so older ``except ValueError`` still holds.
"""

from __future__ import annotations

from reflect.core.errors import ReflectError


class ChecksError(ReflectError, ValueError):
    """A ``checks.yaml`` that cannot be used; ``str()`` is ``path:line: message``."""

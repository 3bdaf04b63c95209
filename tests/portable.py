"""What a test may assume about the system it runs on (Linux, macOS, Windows).

POSIX file modes (0600, 0700) are how reflect keeps the store private on
Linux and macOS. Windows has no such modes: ``chmod`` only sets or clears the
read-only attribute, and what keeps the store private there is the access
list of the user's own profile folder (docs/privacy.md). So a test about
modes is skipped on Windows with that reason, and a test that checks a mode
on the way to something else checks it only where modes exist.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

POSIX_MODES = os.name == "posix"
NO_MODES = "Windows has no POSIX file modes: the user profile's access list keeps the store private (docs/privacy.md)"

#: a test whose whole point is a POSIX mode
posix_modes = pytest.mark.skipif(not POSIX_MODES, reason=NO_MODES)


def mode_of(path: Path | str) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def assert_mode(path: Path | str, expected: int) -> None:
    """``path`` has the POSIX mode ``expected``, where modes exist (see :data:`NO_MODES`)."""
    if POSIX_MODES:
        actual = mode_of(path)
        assert actual == expected, f"{path} is {oct(actual)}, not {oct(expected)}"

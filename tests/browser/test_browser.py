"""``reflect serve`` in a real headless Chromium (Debian's ``chromium`` package).

The page draws the app with xterm.js on a canvas; ``browser_check.py`` reads
the terminal's screen buffer through the DevTools protocol and saves a
screenshot in ``tests/browser/out/``. Skipped, with the reason, where Chromium
or textual-serve is not installed. Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def _load_check():
    spec = importlib.util.spec_from_file_location("reflect_browser_check", HERE / "browser_check.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


check = _load_check()

try:
    import textual_serve  # noqa: F401

    HAVE_WEB = True
except ImportError:
    HAVE_WEB = False

pytestmark = [
    pytest.mark.skipif(not HAVE_WEB, reason="textual-serve (reflect[web]) is not installed"),
    pytest.mark.skipif(os.name != "posix", reason="the check stops reflect serve with SIGINT, as ctrl+c does"),
    pytest.mark.skipif(
        check.find_chromium() is None,
        reason="Chromium is not installed (apt-get install chromium, or set REFLECT_CHROMIUM)",
    ),
]


def test_demo_case_shows_in_a_real_browser():
    """The served page shows the demo case; pressing w starts a workshop at principle 1;
    a typed group answer reaches the workshop summary note, which the browser downloads."""
    screen = check.run(out_dir=check.DEFAULT_OUT, workshop=True, export=True)
    text = screen["text"]
    assert screen["source"] == "xterm buffer"
    assert check.FIRST_PRINCIPLE in text
    assert "DEMO-Sam" in text  # the header names the fictional case
    assert screen["cols"] >= 80 and screen["rows"] >= 24  # the page fills the window
    shot = Path(screen["screenshot"])
    assert shot.is_file() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 10_000  # a drawn screen, not a blank page
    note = screen["note_text"]
    assert Path(screen["note"]).name.startswith("DEMO-Sam-") and screen["note"].endswith("-workshop.md")
    assert note.startswith("# Workshop summary: DEMO-Sam")
    assert check.GROUP_ANSWER in note

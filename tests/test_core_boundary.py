"""The core must never import Textual: the command line depends on it starting fast."""

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_core_and_cli_do_not_import_textual():
    modules = sorted(p.stem for p in (REPO / "reflect" / "core").glob("*.py") if p.stem != "__init__")
    code = (
        "import sys, importlib\n"
        f"for m in {modules!r}: importlib.import_module('reflect.core.' + m)\n"
        "import reflect.cli\n"
        "bad = [m for m in sys.modules if m == 'textual' or m.startswith('textual.')]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert out.stdout.strip() == "", f"textual imported by the core: {out.stdout}"
    assert len(modules) >= 8  # the check really covers the core


def test_cli_commands_do_not_import_textual(tmp_path):
    code = (
        "import sys\n"
        "from reflect.cli import main\n"
        f"rc = main(['--data-dir', {str(tmp_path)!r}, 'cases'])\n"
        "assert rc == 0\n"
        "print('textual' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert out.stdout.strip().splitlines()[-1] == "False"

"""A frozen build (PyInstaller, deployed by IT into Program Files) runs each browser tab with itself.

There ``sys.executable`` is ``reflect.exe``, which does not take ``-m reflect``:
asked to, it would exit with a usage error and every tab would close.
"""

from __future__ import annotations

import sys

import pytest

serve_mod = pytest.importorskip("reflect.tui.serve")


def test_a_frozen_build_starts_each_tab_with_itself(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert serve_mod.child_argv() == [sys.executable, "demo", "--workshop"]
    own = serve_mod.child_argv(use_store=True, data_dir=tmp_path)
    assert own == [sys.executable, "--data-dir", str(tmp_path.resolve())]


def test_an_installed_python_runs_the_package():
    assert serve_mod.child_argv()[:3] == [sys.executable, "-m", "reflect"]

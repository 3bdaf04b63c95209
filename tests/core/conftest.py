"""Fixtures for the core's unit tests: the fixed fictional pack of ``tests/session_pack.py``."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def pack(tmp_path_factory):
    from session_pack import test_framework

    return test_framework(tmp_path_factory.mktemp("pack"))

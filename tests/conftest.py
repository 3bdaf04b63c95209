"""Shared fixtures: every test runs against a throwaway data directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from reflect.core.store import Store

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory, monkeypatch):
    """No test may ever read or write the real user store."""
    monkeypatch.setenv("REFLECT_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    monkeypatch.setenv("REFLECT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("REFLECT_DEBUG", raising=False)


@pytest.fixture
def data_dir(tmp_path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def store(data_dir):
    s = Store.open(data_dir)
    yield s
    s.close()


@pytest.fixture(scope="session")
def framework():
    from reflect.core.loader import load_framework

    return load_framework()

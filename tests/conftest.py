"""Shared fixtures. Qt tests run offscreen unless a display is asked for explicitly."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from annotator.store import Store  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory, monkeypatch):
    """Keep the default project and QSettings of tests out of the real user's folders."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("HOME", str(home))
    return home


@pytest.fixture
def store():
    db = Store.memory()
    yield db
    db.close()


@pytest.fixture
def project_path(tmp_path) -> Path:
    return tmp_path / "test.annotator"

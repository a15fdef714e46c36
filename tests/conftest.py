"""Shared test set-up: Qt off-screen, and no test ever touches the real user data folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SAMPLE = Path(__file__).resolve().parent.parent / "resources" / "samples" / "japan-nato-2022-05-26.txt"


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("GLOSS_DB", raising=False)


@pytest.fixture
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "library.sqlite"

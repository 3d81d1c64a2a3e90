"""Fixtures every test gets: no developer TIMELINE_FILE, a private cache folder."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never read the developer's TIMELINE_FILE or cache (a private one, outside tmp_path)."""
    monkeypatch.delenv("TIMELINE_FILE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))

"""Shared fixtures: where ../shared is, and a session-wide MARSAD_HOME so the gazetteer index is built once."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

if "MARSAD_HOME" not in os.environ:
    # Tests must not touch the user's data directory; one index per test session.
    os.environ["MARSAD_HOME"] = tempfile.mkdtemp(prefix="marsad-test-home-")


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "examples" / "seed" / "article.txt").exists():
        pytest.skip("../shared is absent: skipping tests that need the shared data")
    return SHARED

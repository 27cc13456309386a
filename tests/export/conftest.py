"""Export fixtures: one real pipeline for the module (stores are SQLite files built by the tests)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def pipeline():
    from marsad.cli import ensure_gazetteer
    from marsad.pipeline import Pipeline

    ensure_gazetteer()
    return Pipeline()

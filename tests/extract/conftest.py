"""Fixtures for the extraction tests: one full pipeline per test module (building it takes about a second)."""

from __future__ import annotations

import pytest

import marsad


@pytest.fixture(scope="module")
def pipeline() -> marsad.Pipeline:
    return marsad.Pipeline()

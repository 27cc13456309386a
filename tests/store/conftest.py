"""Store fixtures: every store test runs on SQLite and on a real PostgreSQL server started for the session.

``db_url`` is parametrised over both backends (a fresh database per test); ``pipeline`` is one real
:class:`marsad.Pipeline` for the session. The server is skipped, with the reason, only where it cannot run.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from tests.store.pg import PgServer, PgUnavailable

_counter = itertools.count(1)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    server = PgServer()
    try:
        server.start()
    except PgUnavailable as e:
        server.stop()
        pytest.skip(f"PostgreSQL cannot run here: {e}")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    server = request.getfixturevalue("pg_server")
    return server.create_database(f"marsad_test_{next(_counter)}")


@pytest.fixture(scope="session")
def pipeline():
    from marsad.cli import ensure_gazetteer
    from marsad.pipeline import Pipeline

    ensure_gazetteer()
    return Pipeline()


@pytest.fixture
def store(db_url, pipeline):
    from marsad.store import Store

    s = Store(db_url, pipeline=pipeline)
    yield s
    s.close()

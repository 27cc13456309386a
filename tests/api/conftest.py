"""API fixtures: one seeded SQLite store per session, copied for each test (tests review and ingest into it),
and a TestClient on the app (with the web app when its npm assets are installed)."""

from __future__ import annotations

import pytest

from tests.api.seed import PASSWORD, USER, copy_store, seed


@pytest.fixture(scope="session")
def pipeline():
    from marsad.cli import ensure_gazetteer
    from marsad.pipeline import Pipeline

    ensure_gazetteer()
    return Pipeline()


@pytest.fixture(scope="session")
def seeded(tmp_path_factory, pipeline):
    path = tmp_path_factory.mktemp("api-seed") / "seed.db"
    seed(path, pipeline)
    return path


@pytest.fixture
def db(seeded, tmp_path):
    return copy_store(seeded, tmp_path / "store.db")


@pytest.fixture
def app(db, pipeline):
    from marsad.api import create_app
    from marsad.api.app import missing_assets

    application = create_app(f"sqlite:///{db}", pipeline=pipeline, web=not missing_assets())
    yield application
    application.state.store.close()


@pytest.fixture
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app, base_url="http://127.0.0.1:8000") as c:
        yield c


@pytest.fixture
def logged_in(client):
    """The client with a session: (client, csrf token)."""
    r = client.post("/api/login", json={"username": USER, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return client, r.json()["csrf_token"]


@pytest.fixture
def token(app):
    return app.state.store.accounts.new_token(USER, label="tests")

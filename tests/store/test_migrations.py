"""The migrations build exactly the models' schema, run on open, and refuse a database from a newer marsad."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from marsad.errors import StoreConnectError, StoreSchemaTooNew, StoreUrlError
from marsad.store import Store
from marsad.store.engine import connect, current_revision, head_revision, make_engine, normalise_url, upgrade
from marsad.store.schema import Base


def test_migrations_match_the_models(db_url):
    store = Store(db_url)
    with connect(store.engine) as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diffs == [], diffs
        assert current_revision(conn) == head_revision()
    store.close()


def test_opening_twice_is_harmless_and_sqlite_is_in_wal_mode(db_url):
    Store(db_url).close()
    store = Store(db_url)
    with connect(store.engine) as conn:
        assert current_revision(conn) == head_revision()
        if conn.dialect.name == "sqlite":
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    store.close()


def test_a_newer_schema_is_a_coded_error(db_url):
    Store(db_url).close()
    engine = make_engine(db_url)
    with connect(engine) as conn, conn.begin():
        conn.execute(text("UPDATE alembic_version SET version_num = 'f00dface9999'"))
    with pytest.raises(StoreSchemaTooNew, match="f00dface9999") as e:
        upgrade(engine)
    assert e.value.code == "E-STORE-SCHEMA-NEWER"
    engine.dispose()


def test_bad_urls(tmp_path):
    with pytest.raises(StoreUrlError):
        Store("mysql://localhost/marsad")
    with pytest.raises(StoreUrlError):
        Store("sqlite://")
    with pytest.raises(StoreConnectError, match="does not exist"):
        Store(tmp_path / "missing" / "x.db")
    with pytest.raises(StoreConnectError, match="no store"):
        Store(tmp_path / "x.db", create=False)
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not a database file at all" * 100)
    with pytest.raises(StoreConnectError):
        Store(garbage)
    assert normalise_url("postgres://u@h/d") == "postgresql+pg8000://u@h/d"

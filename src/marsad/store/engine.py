"""Opening a store: the database URL, SQLite's settings, and the schema migrations applied on open.

``sqlite:///marsad.db`` (the default, in the working directory), a bare file path, or
``postgresql://user@host:5432/db`` (driven by pg8000; ``postgresql+pg8000://`` is the same). SQLite runs in
WAL mode with a busy timeout and foreign keys on, and every transaction is a real ``BEGIN`` … ``COMMIT``
(pysqlite's own transaction handling would commit DDL and hide writes from ``BEGIN``), so a process killed
mid-article leaves nothing of that article behind. Write transactions open with ``BEGIN IMMEDIATE`` so two
writers queue on the busy timeout instead of failing on a lock upgrade.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, exc
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from marsad.errors import StoreConnectError, StoreSchemaTooNew, StoreUrlError

DEFAULT_URL = "sqlite:///marsad.db"
BUSY_TIMEOUT_MS = 30_000
_MIGRATIONS = "marsad.store:migrations"


def normalise_url(url: str | os.PathLike | None) -> str:
    """The SQLAlchemy URL for ``--db``: a bare path is a SQLite file, ``postgresql://`` means pg8000.

    >>> normalise_url("out/demo.db")
    'sqlite:///out/demo.db'
    >>> normalise_url("postgresql://marsad@localhost/marsad")
    'postgresql+pg8000://marsad@localhost/marsad'
    """
    if url is None:
        return DEFAULT_URL
    url = os.fspath(url)
    if not url.strip():
        raise StoreUrlError("the database URL is empty")
    if "://" not in url:
        return "sqlite:///" + url
    scheme, rest = url.split("://", 1)
    if scheme in ("postgresql", "postgres", "postgresql+pg8000"):
        return "postgresql+pg8000://" + rest
    if scheme in ("sqlite", "sqlite+pysqlite"):
        return url
    raise StoreUrlError(f"unsupported database URL scheme {scheme!r}; use sqlite:///PATH or postgresql://…")


def _display(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except exc.ArgumentError:
        return url


def make_engine(url: str | os.PathLike | None = None, *, create: bool = True) -> Engine:
    """An engine for ``url`` with marsad's settings (does not connect yet). With ``create=False`` a SQLite file
    that does not exist is an error rather than a new, empty store."""
    full = normalise_url(url)
    try:
        parsed = make_url(full)
    except exc.ArgumentError:
        raise StoreUrlError(f"not a database URL: {_display(full)!r}") from None
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database in ("", ":memory:"):
            raise StoreUrlError("an in-memory SQLite database cannot hold a store; give a file path")
        parent = Path(database).expanduser().resolve().parent
        if not parent.is_dir():
            raise StoreConnectError(f"cannot open {_display(full)}: directory {parent} does not exist")
        if not create and not Path(database).expanduser().exists():
            raise StoreConnectError(f"no store at {_display(full)}; create one with 'marsad ingest'")
        # one connection at a time per engine is all a CLI run needs, and NullPool closes files promptly
        engine = create_engine(parsed, poolclass=NullPool)
        _sqlite_settings(engine)
        return engine
    if parsed.get_backend_name() != "postgresql":
        raise StoreUrlError(f"unsupported database {parsed.get_backend_name()!r}; use SQLite or PostgreSQL")
    try:
        return create_engine(parsed, pool_pre_ping=True)
    except (exc.NoSuchModuleError, ImportError) as e:
        raise StoreUrlError(f"no driver for {_display(full)} ({e})") from None


def _sqlite_settings(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see the module docstring)
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode = WAL")
        # NORMAL in WAL mode: a killed process loses nothing committed; only an OS crash may drop the last commits
        cur.execute("PRAGMA synchronous = NORMAL")
        # checkpoint the WAL every ~40 MB rather than every 4 MB: each checkpoint syncs, and at one commit per
        # article the default makes checkpoints the largest cost of an ingest
        cur.execute("PRAGMA wal_autocheckpoint = 10000")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("marsad_write") else "BEGIN")


def connect(engine: Engine, *, write: bool = False) -> Connection:
    """A connection; ``write=True`` makes its transactions take the write lock up front (SQLite)."""
    try:
        conn = engine.connect()
    except exc.DBAPIError as e:
        raise StoreConnectError(f"cannot open {_display(str(engine.url))}: {_first_line(e.orig)}") from None
    return conn.execution_options(marsad_write=True) if write else conn


def aware(dt: datetime | None) -> datetime | None:
    """``dt`` with its UTC zone: SQLite hands datetimes back naive, and everything is stored in UTC."""
    return dt.replace(tzinfo=UTC) if dt is not None and dt.tzinfo is None else dt


def _first_line(err: BaseException | None) -> str:
    text = str(err or "").strip()
    if isinstance(err, Exception) and err.args and isinstance(err.args[0], dict):  # pg8000: {'M': message, …}
        text = str(err.args[0].get("M", text))
    return text.splitlines()[0] if text else type(err).__name__


# --- migrations -----------------------------------------------------------------------------------------------------


def _alembic_config(conn: Connection | None = None):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", _MIGRATIONS)
    if conn is not None:
        cfg.attributes["connection"] = conn
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(conn: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest revision this marsad knows, in one transaction.

    A database stamped with a revision this version does not know was written by a newer marsad:
    :class:`~marsad.errors.StoreSchemaTooNew`, and nothing is touched.
    """
    from alembic import command
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config())
    known = {rev.revision for rev in script.walk_revisions()}
    head = script.get_current_head()
    try:
        with connect(engine, write=True) as conn, conn.begin():
            if conn.dialect.name == "postgresql":  # two processes opening a new database at once
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(727361)")
            current = current_revision(conn)
            if current is not None and current not in known:
                raise StoreSchemaTooNew(
                    f"{_display(str(engine.url))} has schema revision {current}, newer than this marsad knows "
                    f"(newest here: {head}); upgrade marsad to open it")
            if current != head:
                command.upgrade(_alembic_config(conn), "head")
    except exc.DBAPIError as e:
        raise StoreConnectError(f"cannot open {_display(str(engine.url))}: {_first_line(e.orig)}") from None

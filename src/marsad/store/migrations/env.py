"""Alembic environment for marsad's store: always run programmatically on a connection that
:func:`marsad.store.engine.upgrade` opened (inside its transaction); never from an alembic.ini."""

from __future__ import annotations

from alembic import context

from marsad.store.schema import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("marsad migrations run through marsad.store.engine.upgrade(), not the alembic command")
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True,
                  transactional_ddl=True)
with context.begin_transaction():
    context.run_migrations()

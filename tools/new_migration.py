"""Write a new store migration after a change to src/marsad/store/schema.py.

    .venv/bin/python tools/new_migration.py "users and sessions for the web app"

Alembic's autogenerate compares the models with a temporary SQLite database migrated to the current head and
writes src/marsad/store/migrations/versions/NNNN_<slug>.py (NNNN = the next number). Read it before committing:
autogenerate misses renames and data changes. tests/store/test_migrations.py then checks, on SQLite and on
PostgreSQL, that the migrated schema equals the models.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory

from marsad.store.engine import _alembic_config, connect, make_engine, upgrade


def main() -> None:
    if len(sys.argv) != 2 or not sys.argv[1].strip():
        sys.exit(__doc__)
    message = sys.argv[1].strip()
    script = ScriptDirectory.from_config(_alembic_config())
    numbers = [int(r.revision) for r in script.walk_revisions() if r.revision.isdigit()]
    rev_id = f"{max(numbers, default=0) + 1:04d}"
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(Path(tmp) / "head.db")
        upgrade(engine)
        with connect(engine, write=True) as conn, conn.begin():
            command.revision(_alembic_config(conn), message=message, autogenerate=True, rev_id=rev_id)
        engine.dispose()
    slug = re.sub(r"\W+", "_", message.lower()).strip("_")
    print(f"wrote migrations/versions/{rev_id}_{slug[:40]}….py; review it, then run the store tests")


if __name__ == "__main__":
    main()

"""A store seeded for the API and browser tests: the bundled examples (made-up reports, two pairs of which
merge) plus an article written here whose text and title carry markup that must never run in the browser."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"

# an article whose text holds HTML: the web app must show it as text (no script runs, no image loads)
XSS_TITLE = "قصف على حلب <img src=x onerror=\"window.__xss='title'\">"
XSS_TEXT = (XSS_TITLE + "\n\n"
            "قتل ثلاثة مدنيين، أمس، في قصف لقوات النظام على حي الشعار في مدينة حلب، بحسب المرصد السوري.\n"
            "<script>window.__xss='script'</script> <img src=x onerror=\"window.__xss='img'\"> <b>نص عريض</b>\n")
XSS_PUBLISHED = date(2016, 5, 2)

USER, PASSWORD = "amal", "a long passphrase"


def seed(db_path: Path, pipeline) -> None:
    """Ingest the examples and the markup article into a new SQLite store at ``db_path``, with one reviewer."""
    from marsad.ingest.text import make_article
    from marsad.store import Store

    with Store(f"sqlite:///{db_path}", pipeline=pipeline) as store:
        store.ingest_paths([EXAMPLES])
        store.ingest([make_article(XSS_TEXT, published=XSS_PUBLISHED, publisher="Test Wire (fictional)",
                                   name="xss")])
        store.accounts.add_user(USER, PASSWORD)
        with store.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def copy_store(src: Path, dst: Path) -> Path:
    shutil.copyfile(src, dst)
    return dst

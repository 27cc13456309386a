"""Ingest into a real store (SQLite and PostgreSQL): no-op re-ingest, duplicates, wire copies, skips, failures."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from marsad.ingest import iter_records
from marsad.model import Article
from marsad.store import Store
from marsad.store.engine import connect
from marsad.store.schema import Base
from tests.store.texts import PROTEST, STRIKE_A, STRIKE_A_COPY, article, strike_pair


def snapshot(store: Store) -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order (volatile nothing: re-ingest must not touch a row)."""
    out = {}
    with connect(store.engine) as conn, conn.begin():
        for table in Base.metadata.sorted_tables:
            rows = conn.execute(select(table)).all()
            out[table.name] = sorted(tuple(repr(v) for v in r) for r in rows)
    return out


def test_ingest_then_reingest_is_a_no_op(store):
    arts = [*strike_pair(), article(PROTEST, date(2016, 1, 20), "La Presse")]
    stats = store.ingest(arts)
    assert (stats.stored, stats.failed, stats.unchanged) == (3, 0, 0)
    assert stats.events >= 3 and store.check() == []
    before = snapshot(store)
    again = store.ingest(arts)
    assert (again.stored, again.unchanged, again.events, again.clusters) == (0, 3, 0, 0)
    assert snapshot(store) == before


def test_ids_follow_the_article_and_the_founding_event(store):
    a, b = strike_pair()
    store.ingest([a, b])
    stored = store.article(a.id)
    assert stored.text == STRIKE_A and stored.publisher == "Asharq Al-Awsat" and stored.status == "extracted"
    assert stored.event_ids and all(e.startswith(a.id + "#") for e in stored.event_ids)
    assert stored.event_ids == tuple(f"{a.id}#{i}" for i in range(1, len(stored.event_ids) + 1))
    for ev in store.events():
        assert re.fullmatch(r"[A-Z]{3}\d{10}", ev.event_id_cnty)
        assert ev.id == ev.reports[0].event_id  # the cluster is named after the report that founded it
        assert ev.reports[0].merge_reason is None


def test_exact_duplicate_is_stored_once(store):
    a = article(STRIKE_A, date(2018, 12, 19), "Asharq Al-Awsat")
    same_text = article(STRIKE_A.replace("قتل", "قُتِل"), date(2018, 12, 19), "Okaz", id="okaz-991")
    stats = store.ingest([a, same_text])
    assert (stats.stored, stats.duplicates) == (1, 1)
    assert store.counts()["articles"] == 1


def test_wire_copy_is_linked_not_counted(store):
    original = article(STRIKE_A, date(2018, 12, 19), "Asharq Al-Awsat")
    copy = article(STRIKE_A_COPY, date(2018, 12, 19), "Al Watan")
    copy_of_copy = article(STRIKE_A_COPY + "وتابعت المصادر أن الغارة وقعت فجرا.\n", date(2018, 12, 20), "Sabq")
    stats = store.ingest([original, copy, copy_of_copy])
    assert (stats.stored, stats.near_duplicates) == (1, 2)
    for c in (copy, copy_of_copy):
        stored = store.article(c.id)
        assert stored.status == "near_duplicate" and stored.duplicate_of == original.id and stored.n_events == 0
        assert stored.similarity is not None and stored.similarity > 0.4
    [ev] = [e for e in store.events() if e.reports[0].article_id == original.id and e.fatalities_low == 5][:1]
    assert ev.n_articles == 1 and [r.article_id for r in ev.reports] == [original.id]
    assert {c.article_id for c in ev.copies} == {copy.id, copy_of_copy.id}
    assert (ev.fatalities_low, ev.fatalities_high) == (5, 5)  # the copy adds no figure of its own
    assert store.check() == []


def test_skips_and_bad_records_are_counted_never_fatal(store, tmp_path):
    (tmp_path / "good.txt").write_text(STRIKE_A, encoding="utf-8")
    (tmp_path / "good.json").write_text('{"published": "2018-12-19", "publisher": "Asharq Al-Awsat"}')
    (tmp_path / "english.txt").write_text("Five civilians were killed in an air strike on the town yesterday, "
                                          "activists said. The coalition did not comment.", encoding="utf-8")
    (tmp_path / "broken.txt").write_bytes(b"\xff\xfe\x00\x01 not text at all \x00\x00")
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    lines: list[str] = []
    stats = store.ingest(iter_records([tmp_path]), report=lines.append)
    assert stats.stored == 1 and stats.failed == 1 and stats.skipped["not-arabic"] == 1 and stats.skipped["empty"] == 1
    assert len(lines) == 1 and "broken.txt" in lines[0] and re.search(r"E-[A-Z-]+", lines[0])
    assert "\n" not in lines[0]
    not_arabic = Article(text="This is plainly English text, not Arabic at all.", published=date(2018, 1, 1))
    assert store.ingest([not_arabic]).skipped["not-arabic"] == 1
    assert store.counts()["articles"] == 1


def test_reingest_through_the_readers_resumes(store, tmp_path):
    for i, text in enumerate((STRIKE_A, PROTEST)):
        (tmp_path / f"{i}.txt").write_text(text, encoding="utf-8")
        (tmp_path / f"{i}.json").write_text('{"published": "2018-12-19"}')
    first = store.ingest_paths([tmp_path])
    second = store.ingest_paths([tmp_path])
    assert first.stored == 2 and second.unchanged == 2 and second.stored == 0


def test_bands_lost_with_a_killed_run_are_rewritten(store):
    """A run killed before writing its batch of LSH bands leaves articles with ``banded`` false; the next run
    writes their bands first, so a later copy is still found."""
    from sqlalchemy import delete, update

    from marsad.store.tables import article_bands, articles

    original = article(STRIKE_A, date(2018, 12, 19), "Asharq Al-Awsat")
    store.ingest([original])
    with connect(store.engine) as conn, conn.begin():  # as if the process died before flushing its bands
        conn.execute(delete(article_bands))
        conn.execute(update(articles).values(banded=False))
    stats = store.ingest([article(STRIKE_A_COPY, date(2018, 12, 19), "Al Watan")])
    assert stats.near_duplicates == 1
    with connect(store.engine) as conn, conn.begin():
        assert conn.execute(select(articles.c.banded)).scalars().all() == [True, True]

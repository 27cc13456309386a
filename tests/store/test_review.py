"""Review: reviewed values override computed ones in exports, every change is in the audit log, stale edits
and bad values are refused with coded errors (SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
from datetime import date

import pytest

from marsad.errors import StoreConflict, StoreNotFound
from marsad.store import EventFilter
from tests.store.texts import strike_pair


def _cluster(store):
    store.ingest(strike_pair())
    return next(e for e in store.events() if e.n_articles > 1)


def _rows(store, tmp_path, **kw):
    out = tmp_path / "e.csv"
    store.export("acled-csv", out, EventFilter(**kw))
    with out.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_edit_overrides_the_export_and_is_audited(store, tmp_path):
    ev = _cluster(store)
    version = store.edit(ev.id, {"fatalities": 6, "event_date": "2018-12-17", "location": "Al Baghuz Fawqani"},
                         user="amal", comment="per the hospital list", expected_version=ev.version)
    assert version == ev.version + 1
    edited = store.event(ev.id)
    assert edited.review_status == "edited" and edited.reviewed_by == "amal"
    assert edited.value("fatalities") == 6 and edited.fatalities_low == 5  # the computed value is kept
    assert edited.value("event_date") == date(2018, 12, 17)
    row = next(r for r in _rows(store, tmp_path) if r["event_id_cnty"] == ev.event_id_cnty)
    assert (row["fatalities"], row["event_date"], row["location"]) == ("6", "2018-12-17", "Al Baghuz Fawqani")
    trail = {e.field: e for e in store.audit(entity="cluster", entity_id=ev.id)}
    assert (trail["fatalities"].before, trail["fatalities"].after, trail["fatalities"].user) == (5, 6, "amal")
    assert (trail["event_date"].before, trail["event_date"].after) == ("2018-12-18", "2018-12-17")
    assert trail["fatalities"].comment == "per the hospital list" and trail["fatalities"].at is not None
    # a filter sees the reviewed date
    assert _rows(store, tmp_path, since=date(2018, 12, 17), until=date(2018, 12, 17))
    # reverting restores the computed value, and says so
    store.revert(ev.id, "fatalities", user="amal")
    assert store.event(ev.id).value("fatalities") == 5
    assert store.audit(entity="cluster", entity_id=ev.id)[0].action == "revert"


def test_stale_and_bad_edits_are_refused(store):
    ev = _cluster(store)
    store.edit(ev.id, {"fatalities": 6}, user="amal")
    with pytest.raises(StoreConflict, match="changed since"):
        store.edit(ev.id, {"fatalities": 8}, user="omar", expected_version=ev.version)
    for bad in ({"fatalities": -1}, {"colour": "red"}, {"event_type": "Picnic"}, {"sub_event_type": "Arrests"},
                {"event_date": "18/12/2018"}, {"latitude": 123.0}, {"country_code": "Atlantis"},
                {"geo_precision": 5}):
        with pytest.raises(StoreConflict):
            store.edit(ev.id, bad, user="omar")
    with pytest.raises(StoreNotFound):
        store.edit("no-such-cluster", {"fatalities": 1}, user="omar")
    assert store.event(ev.id).value("fatalities") == 6


def test_rejected_events_leave_the_export(store, tmp_path):
    ev = _cluster(store)
    n = len(_rows(store, tmp_path))
    store.review(ev.id, "rejected", user="amal", comment="not a strike")
    assert len(_rows(store, tmp_path)) == n - 1
    assert len(_rows(store, tmp_path, include_rejected=True)) == n
    assert _rows(store, tmp_path, reviewed_only=True) == []
    store.review(ev.id, "accepted", user="amal")
    assert [r["event_id_cnty"] for r in _rows(store, tmp_path, reviewed_only=True)] == [ev.event_id_cnty]
    trail = store.audit(entity="cluster", entity_id=ev.id)
    assert [(e.before, e.after) for e in trail] == [("rejected", "accepted"), ("unreviewed", "rejected")]


def test_new_reports_keep_reviewed_values(store):
    a, b = strike_pair()
    store.ingest([a])
    ev = next(iter(store.events()))
    store.edit(ev.id, {"fatalities": 4}, user="amal")
    store.ingest([b])
    after = store.event(ev.id)
    assert after.n_articles == 2 and after.fatalities_high == 7 and after.value("fatalities") == 4

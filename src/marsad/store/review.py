"""Human review of clusters: reviewed values, review states and the audit log of every change.

An edit never touches the computed columns (re-clustering and new reports keep refreshing them); it writes a
reviewed value per field in ``cluster_overrides``, which exports use instead. Every edit, revert, review and
split appends to ``audit_log`` who did it, when, and the value before and after.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, delete, select, update

from marsad.errors import StoreConflict, StoreNotFound
from marsad.export.acled import EVENT_TYPES
from marsad.export.reference import find_country
from marsad.store.engine import aware
from marsad.store.query import EDITABLE, load_events
from marsad.store.tables import audit_log, cluster_overrides, clusters

REVIEW_ACTIONS = ("accepted", "rejected", "unreviewed")


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: datetime
    user: str
    action: str
    entity: str
    entity_id: str
    field: str | None
    before: Any
    after: Any
    comment: str | None


def json_value(value: Any) -> Any:
    """A value as the JSON columns hold it (dates as ``YYYY-MM-DD``)."""
    return value.isoformat() if isinstance(value, date) else value


def _check_value(name: str, value: Any, current: Mapping[str, Any]) -> Any:
    if name not in EDITABLE:
        raise StoreConflict(f"{name!r} cannot be edited; editable fields: {', '.join(EDITABLE)}")
    if name == "event_date" and isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            raise StoreConflict(f"event_date must be YYYY-MM-DD, got {value!r}") from None
    if name in ("latitude", "longitude") and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    allowed = EDITABLE[name]
    if not isinstance(value, allowed) or (isinstance(value, bool) and bool not in allowed):
        names = " or ".join("null" if t is type(None) else t.__name__ for t in allowed)
        raise StoreConflict(f"{name} must be {names}, got {value!r}")
    if isinstance(value, str):
        value = " ".join(value.split())
        if not value:
            raise StoreConflict(f"{name} cannot be empty")
    if name == "event_type" and value not in EVENT_TYPES:
        raise StoreConflict(f"unknown event_type {value!r}; one of: {', '.join(EVENT_TYPES)}")
    if name == "sub_event_type":
        et = current.get("event_type")
        if value not in EVENT_TYPES.get(et, ()):
            raise StoreConflict(f"sub_event_type {value!r} is not a sub-event type of {et!r}")
    if name in ("time_precision", "geo_precision") and value not in (1, 2, 3):
        raise StoreConflict(f"{name} must be 1, 2 or 3")
    if name in ("inter1", "inter2") and value is not None and not 0 <= value <= 8:
        raise StoreConflict(f"{name} must be an ACLED inter code 0-8")
    if name == "fatalities" and value < 0:
        raise StoreConflict("fatalities cannot be negative")
    if (name == "latitude" and not -90 <= value <= 90) or (name == "longitude" and not -180 <= value <= 180):
        raise StoreConflict(f"{name} {value} is out of range")
    if name == "country_code":
        c = find_country(value)
        if c is None:
            raise StoreConflict(f"unknown country {value!r}")
        value = c.iso2
    return value


def _locked_cluster(conn: Connection, cid: str, expected_version: int | None):
    row = conn.execute(select(clusters.c.id, clusters.c.version, clusters.c.review_status)
                       .where(clusters.c.id == cid)).first()
    if row is None:
        raise StoreNotFound(f"no cluster {cid!r}")
    if expected_version is not None and row.version != expected_version:
        raise StoreConflict(f"cluster {cid} changed since it was read (version {row.version}, expected "
                            f"{expected_version}); reload it and edit again")
    return row


def edit_cluster(conn: Connection, cid: str, changes: Mapping[str, Any], *, user: str, now: datetime,
                 comment: str | None = None, expected_version: int | None = None) -> int:
    """Set reviewed values (``{"fatalities": 4, "event_date": "2015-08-02"}``); the cluster becomes 'edited'.
    A value equal to the current effective one is not recorded. Returns the new version."""
    _locked_cluster(conn, cid, expected_version)
    ev = load_events(conn, [cid])[0]
    current = {name: ev.value(name) for name in EDITABLE}
    checked = {}
    for name, value in changes.items():
        value = _check_value(name, value, {**current, **checked})
        checked[name] = value
    if "event_type" in checked and "sub_event_type" not in checked:
        _check_value("sub_event_type", current["sub_event_type"], {**current, **checked})
    changed = {k: v for k, v in checked.items() if json_value(v) != json_value(current[k])}
    if not changed:
        return ev.version
    for name, value in changed.items():
        conn.execute(delete(cluster_overrides).where(cluster_overrides.c.cluster_id == cid,
                                                     cluster_overrides.c.field == name))
        conn.execute(cluster_overrides.insert().values(cluster_id=cid, field=name, value=json_value(value),
                                                       edited_by=user, edited_at=now))
        conn.execute(audit_log.insert().values(at=now, username=user, action="edit", entity="cluster", entity_id=cid,
                                               field=name, before=json_value(current[name]), after=json_value(value),
                                               comment=comment))
    conn.execute(update(clusters).where(clusters.c.id == cid).values(
        review_status="edited", reviewed_by=user, reviewed_at=now, version=clusters.c.version + 1))
    return ev.version + 1


def revert_field(conn: Connection, cid: str, name: str, *, user: str, now: datetime, comment: str | None = None,
                 expected_version: int | None = None) -> int:
    """Drop the reviewed value of ``name``: the computed value applies again."""
    row = _locked_cluster(conn, cid, expected_version)
    ev = load_events(conn, [cid])[0]
    if name not in ev.overrides:
        return row.version
    before = ev.value(name)
    conn.execute(delete(cluster_overrides).where(cluster_overrides.c.cluster_id == cid,
                                                 cluster_overrides.c.field == name))
    ev.overrides.pop(name)
    conn.execute(audit_log.insert().values(at=now, username=user, action="revert", entity="cluster", entity_id=cid,
                                           field=name, before=json_value(before), after=json_value(ev.value(name)),
                                           comment=comment))
    status = "edited" if ev.overrides else ("accepted" if row.review_status == "edited" else row.review_status)
    conn.execute(update(clusters).where(clusters.c.id == cid).values(
        review_status=status, reviewed_by=user, reviewed_at=now, version=clusters.c.version + 1))
    return row.version + 1


def review_cluster(conn: Connection, cid: str, status: str, *, user: str, now: datetime, comment: str | None = None,
                   expected_version: int | None = None) -> int:
    """Accept, reject or reset a cluster ('accepted' keeps reviewed values: the state then reads 'edited')."""
    if status not in REVIEW_ACTIONS:
        raise StoreConflict(f"review status must be one of {', '.join(REVIEW_ACTIONS)}, got {status!r}")
    row = _locked_cluster(conn, cid, expected_version)
    has_edits = conn.execute(select(cluster_overrides.c.field).where(cluster_overrides.c.cluster_id == cid)).first()
    new = "edited" if status == "accepted" and has_edits else status
    conn.execute(update(clusters).where(clusters.c.id == cid).values(
        review_status=new, reviewed_by=None if status == "unreviewed" else user,
        reviewed_at=None if status == "unreviewed" else now, version=clusters.c.version + 1))
    conn.execute(audit_log.insert().values(at=now, username=user, action="review", entity="cluster", entity_id=cid,
                                           field="review_status", before=row.review_status, after=new,
                                           comment=comment))
    return row.version + 1


def audit_trail(conn: Connection, *, entity: str | None = None, entity_id: str | None = None,
                limit: int | None = None) -> list[AuditEntry]:
    q = select(audit_log).order_by(audit_log.c.id.desc())
    if entity is not None:
        q = q.where(audit_log.c.entity == entity)
    if entity_id is not None:
        q = q.where(audit_log.c.entity_id == entity_id)
    if limit is not None:
        q = q.limit(limit)
    return [AuditEntry(r.id, aware(r.at), r.username, r.action, r.entity, r.entity_id, r.field, r.before, r.after,
                       r.comment) for r in conn.execute(q)]

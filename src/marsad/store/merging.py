"""A reviewer's merge of two clusters: every report of one joins the other (the reverse of a split).

The cluster that absorbs keeps its id, ``event_id_cnty``, review state and reviewed values; the absorbed one
is deleted (its reviewed values with it: the audit log keeps them). Splits between the members of the two are
forgotten (the reviewer's latest decision wins) and the merge is remembered as 'must' links in
``cluster_links``. Runs inside the caller's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, and_, delete, or_, select, update

from marsad.errors import StoreConflict, StoreNotFound
from marsad.store.clustering import refresh_cluster
from marsad.store.tables import audit_log, cluster_links, cluster_overrides, clusters, events


@dataclass(frozen=True, slots=True)
class MergeResult:
    cluster_id: str  # the cluster that absorbed
    absorbed: str
    moved: list[str]  # event ids that joined
    version: int  # the absorbing cluster's new version


def merge_clusters(conn: Connection, keep: str, absorb: str, *, user: str, now: datetime,
                   reason: str | None = None, expected_version: int | None = None) -> MergeResult:
    """Move every member of ``absorb`` into ``keep``; ``expected_version`` guards ``keep`` against a change
    made since the reviewer read it."""
    if keep == absorb:
        raise StoreConflict(f"cannot merge cluster {keep} with itself")
    rows = {r.id: r for r in conn.execute(select(clusters.c.id, clusters.c.version, clusters.c.event_id_cnty)
                                          .where(clusters.c.id.in_([keep, absorb])))}
    for cid in (keep, absorb):
        if cid not in rows:
            raise StoreNotFound(f"no cluster {cid!r}")
    if expected_version is not None and rows[keep].version != expected_version:
        raise StoreConflict(f"cluster {keep} changed since it was read (version {rows[keep].version}, expected "
                            f"{expected_version}); reload it and merge again")
    kept = [r[0] for r in conn.execute(select(events.c.id).where(events.c.cluster_id == keep))]
    moved = [r[0] for r in conn.execute(select(events.c.id).where(events.c.cluster_id == absorb))]
    clash = set(conn.execute(select(events.c.article_id).where(events.c.cluster_id == keep)).scalars()) & set(
        conn.execute(select(events.c.article_id).where(events.c.cluster_id == absorb)).scalars())
    if clash:
        raise StoreConflict(f"clusters {keep} and {absorb} both hold events of article {sorted(clash)[0]}: one "
                            "article reports one event once; edit or reject one of them instead")
    why = f"merged by {user}" + (f": {reason}" if reason else "")
    conn.execute(update(events).where(events.c.cluster_id == absorb).values(cluster_id=keep, merge_reason=why,
                                                                            merged_at=now))
    # forget splits between the two groups, remember the merge
    conn.execute(delete(cluster_links).where(or_(
        and_(cluster_links.c.event_a.in_(kept), cluster_links.c.event_b.in_(moved)),
        and_(cluster_links.c.event_a.in_(moved), cluster_links.c.event_b.in_(kept)))))
    for eid in moved:
        a, b = sorted((kept[0], eid))
        conn.execute(cluster_links.insert().values(event_a=a, event_b=b, kind="must", created_by=user,
                                                   created_at=now, reason=reason))
    dropped = dict(conn.execute(select(cluster_overrides.c.field, cluster_overrides.c.value)
                                .where(cluster_overrides.c.cluster_id == absorb)).all())
    refresh_cluster(conn, keep, now)  # recomputes the values from every member and bumps the version
    conn.execute(delete(cluster_overrides).where(cluster_overrides.c.cluster_id == absorb))
    conn.execute(delete(clusters).where(clusters.c.id == absorb))
    conn.execute(audit_log.insert().values(at=now, username=user, action="merge", entity="cluster", entity_id=keep,
                                           field="members", before=sorted(kept), after=sorted(kept + moved),
                                           comment=reason))
    conn.execute(audit_log.insert().values(at=now, username=user, action="merge", entity="cluster",
                                           entity_id=absorb, field="merged_into",
                                           before={"event_id_cnty": rows[absorb].event_id_cnty,
                                                   "reviewed_values": dropped or None},
                                           after=keep, comment=reason))
    version = conn.execute(select(clusters.c.version).where(clusters.c.id == keep)).scalar_one()
    return MergeResult(keep, absorb, moved, version)

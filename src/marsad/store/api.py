"""``Store``: the Python API over marsad's database.

>>> from marsad.store import Store
>>> with Store("sqlite:///marsad.db") as store:                     # doctest: +SKIP
...     stats = store.ingest_paths(["examples/"])                   # or store.ingest(records)
...     for ev in store.events(country="SY", since="2015-08-01"):  # one ACLED event per cluster
...         print(ev.event_id_cnty, ev.value("event_type"), [r.publisher for r in ev.reports])
...     store.export("acled-csv", "out/events.csv")
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import exc, func, select

from marsad.errors import StoreError, StoreNotFound
from marsad.store import clustering, merging, review, search, users
from marsad.store.engine import connect, make_engine, normalise_url, upgrade
from marsad.store.query import EventFilter, StoredEvent, iter_events, load_events
from marsad.store.tables import actors, articles, clusters, events, evidence, places
from marsad.store.writer import IngestStats, ProgressFn, ReportFn, Writer


@dataclass(frozen=True, slots=True)
class StoredArticle:
    id: str
    title: str | None
    publisher: str | None
    published: date | None
    url: str | None
    text: str
    body_start: int
    origin: str | None
    status: str
    duplicate_of: str | None
    similarity: float | None
    n_events: int
    event_ids: tuple[str, ...]


@dataclass(slots=True)
class Summary:
    articles: int = 0  # extracted articles
    near_duplicates: int = 0
    events: int = 0  # per-article events
    clusters: int = 0  # ACLED events
    merged: int = 0  # clusters reported by more than one article
    by_type: Counter[str] = field(default_factory=Counter)  # clusters by event type
    top_actors: list[tuple[str, int]] = field(default_factory=list)
    top_places: list[tuple[str, int]] = field(default_factory=list)
    merged_examples: list[StoredEvent] = field(default_factory=list)


def _as_date(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


class Store:
    """marsad's event store on SQLite (default ``./marsad.db``) or PostgreSQL; the schema is migrated on open.

    ``pipeline`` is the :class:`marsad.Pipeline` that extracts events during ingest (built on first need).
    """

    def __init__(self, url: str | os.PathLike | None = None, *, pipeline=None, create: bool = True):
        self.url = normalise_url(url)
        self.engine = make_engine(self.url, create=create)
        upgrade(self.engine)
        self._pipeline = pipeline

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def pipeline(self):
        if self._pipeline is None:
            from marsad.pipeline import Pipeline

            self._pipeline = Pipeline()
        return self._pipeline

    def _read(self):
        return connect(self.engine)

    def _write(self):
        return connect(self.engine, write=True)

    # --- ingest -------------------------------------------------------------------------------------------------

    def ingest(self, records: Iterable[Any], *, progress: ProgressFn | None = None,
               report: ReportFn | None = None) -> IngestStats:
        """Store and extract each record (a :class:`marsad.Article`, or a record of ``marsad.ingest``: an
        ingested article, a skipped or a failed record). One transaction per article; re-ingesting is a no-op."""
        try:
            with self._write() as conn:
                return Writer(conn, lambda: self.pipeline, progress=progress, report=report).run(records)
        except exc.DBAPIError as e:
            raise StoreError(f"the database failed during ingest: {str(e.orig or e).splitlines()[0]}") from None

    def ingest_paths(self, inputs: Iterable[str | os.PathLike], *, allow_network: bool = False,
                     **kw: Any) -> IngestStats:
        """Ingest files, folders (recursively), URLs or ``-`` (standard input), read by
        :func:`marsad.ingest.iter_records` (``allow_network``: also fetch pages a feed only links to)."""
        from marsad.ingest import iter_records

        return self.ingest(iter_records([os.fspath(i) for i in inputs], allow_network=allow_network), **kw)

    # --- reading ------------------------------------------------------------------------------------------------

    def events(self, filters: EventFilter | None = None, *, since: date | str | None = None,
               until: date | str | None = None, country: str | Iterable[str] | None = None,
               type: str | Iterable[str] | None = None, **kw: Any) -> Iterator[StoredEvent]:
        """Stored events (clusters) with their reports, ordered by date; keywords build an :class:`EventFilter`
        (``country`` takes ISO alpha-2/alpha-3 codes or ACLED names)."""
        if filters is None:
            from marsad.export import resolve_countries

            countries = [country] if isinstance(country, str) else list(country or [])
            types = [type] if isinstance(type, str) else list(type or [])
            filters = EventFilter(since=_as_date(since), until=_as_date(until),
                                  countries=resolve_countries(countries), types=types, **kw)
        with self._read() as conn, conn.begin():
            yield from iter_events(conn, filters)

    def event(self, cluster_id: str) -> StoredEvent:
        with self._read() as conn, conn.begin():
            found = load_events(conn, [cluster_id])
        if not found:
            raise StoreNotFound(f"no cluster {cluster_id!r}")
        return found[0]

    def resolve_cluster(self, ident: str) -> str:
        """The cluster id for a cluster id, an ``event_id_cnty`` (``SYR3337972376``) or a member event id."""
        with self._read() as conn, conn.begin():
            for q in (select(clusters.c.id).where(clusters.c.id == ident),
                      select(clusters.c.id).where(clusters.c.event_id_cnty == ident),
                      select(events.c.cluster_id).where(events.c.id == ident)):
                cid = conn.execute(q).scalar()
                if cid is not None:
                    return cid
        raise StoreNotFound(f"no cluster, event_id_cnty or event {ident!r}")

    def cluster_of(self, event_id: str) -> str:
        """The cluster an article's event (``ARTICLE_ID#N``) belongs to."""
        with self._read() as conn, conn.begin():
            cid = conn.execute(select(events.c.cluster_id).where(events.c.id == event_id)).scalar()
        if cid is None:
            raise StoreNotFound(f"no event {event_id!r}")
        return cid

    def article(self, article_id: str) -> StoredArticle:
        with self._read() as conn, conn.begin():
            r = conn.execute(select(articles).where(articles.c.id == article_id)).first()
            if r is None:
                raise StoreNotFound(f"no article {article_id!r}")
            ids = tuple(x[0] for x in conn.execute(select(events.c.id).where(events.c.article_id == article_id)
                                                    .order_by(events.c.ordinal)))
        return StoredArticle(r.id, r.title, r.publisher, r.published, r.url, r.text, r.body_start, r.origin, r.status,
                             r.duplicate_of, r.similarity, r.n_events, ids)

    def export(self, fmt: str, out: str | os.PathLike, filters: EventFilter | None = None) -> int:
        """Write the events passing ``filters`` as ``acled-csv``, ``geojson``, ``jsonl`` or ``parquet``; returns
        the number of rows."""
        from marsad.export import export_events

        with self._read() as conn, conn.begin():
            return export_events(iter_events(conn, filters), fmt, Path(out))

    def summary(self, top: int = 5) -> Summary:
        s = Summary()
        with self._read() as conn, conn.begin():
            for status, n in conn.execute(select(articles.c.status, func.count()).group_by(articles.c.status)):
                if status == "near_duplicate":
                    s.near_duplicates = n
                else:
                    s.articles += n
            s.events = conn.execute(select(func.count()).select_from(events)).scalar_one()
            s.clusters, s.merged = clustering.cluster_counts(conn)
            s.by_type = Counter(dict(conn.execute(select(clusters.c.event_type, func.count())
                                                  .group_by(clusters.c.event_type)).all()))
            counts: Counter[str] = Counter()
            for col in (clusters.c.actor1_key, clusters.c.actor2_key):
                for name, n in conn.execute(select(actors.c.name, func.count()).select_from(clusters)
                                            .join(actors, col == actors.c.key)
                                            .group_by(actors.c.name)):
                    counts[name] += n
            s.top_actors = counts.most_common(top)
            s.top_places = [(name, n) for name, n in conn.execute(
                select(places.c.name, func.count().label("n")).select_from(clusters)
                .join(places, clusters.c.place_key == places.c.key)
                .group_by(places.c.name).order_by(func.count().desc(), places.c.name).limit(top))]
            ids = [r[0] for r in conn.execute(select(clusters.c.id).where(clusters.c.n_articles > 1)
                                              .order_by(clusters.c.n_articles.desc(), clusters.c.event_date)
                                              .limit(top))]
            s.merged_examples = load_events(conn, ids)
        return s

    # --- clusters and review --------------------------------------------------------------------------------------

    def split(self, event_id: str, *, user: str, reason: str | None = None) -> clustering.SplitResult:
        """Split an article's event out of its cluster; re-clustering will not merge it back."""
        with self._write() as conn, conn.begin():
            return clustering.split_event(conn, event_id, user=user, reason=reason, now=datetime.now(UTC))

    def recluster(self, *, user: str = "marsad") -> clustering.ReclusterResult:
        with self._write() as conn, conn.begin():
            return clustering.recluster(conn, user=user, now=datetime.now(UTC))

    def edit(self, cluster_id: str, changes: Mapping[str, Any], *, user: str, comment: str | None = None,
             expected_version: int | None = None) -> int:
        with self._write() as conn, conn.begin():
            return review.edit_cluster(conn, cluster_id, changes, user=user, now=datetime.now(UTC), comment=comment,
                                       expected_version=expected_version)

    def revert(self, cluster_id: str, field_name: str, *, user: str, comment: str | None = None,
               expected_version: int | None = None) -> int:
        with self._write() as conn, conn.begin():
            return review.revert_field(conn, cluster_id, field_name, user=user, now=datetime.now(UTC),
                                       comment=comment, expected_version=expected_version)

    def review(self, cluster_id: str, status: str, *, user: str, comment: str | None = None,
               expected_version: int | None = None) -> int:
        with self._write() as conn, conn.begin():
            return review.review_cluster(conn, cluster_id, status, user=user, now=datetime.now(UTC), comment=comment,
                                         expected_version=expected_version)

    def merge(self, keep: str, absorb: str, *, user: str, reason: str | None = None,
              expected_version: int | None = None) -> merging.MergeResult:
        """Move every report of cluster ``absorb`` into cluster ``keep`` (a reviewer's merge; audited)."""
        with self._write() as conn, conn.begin():
            return merging.merge_clusters(conn, keep, absorb, user=user, now=datetime.now(UTC), reason=reason,
                                          expected_version=expected_version)

    # --- the web app's reads (marsad.store.search) ------------------------------------------------------------------

    def search(self, query: search.EventQuery) -> search.EventPage:
        """One page of clusters on their effective values (see :class:`marsad.store.search.EventQuery`)."""
        with self._read() as conn, conn.begin():
            return search.search_events(conn, query)

    def stats(self, query: search.EventQuery) -> search.Stats:
        with self._read() as conn, conn.begin():
            return search.event_stats(conn, query)

    def article_events(self, article_id: str) -> list[search.ArticleEvent]:
        with self._read() as conn, conn.begin():
            return search.article_events(conn, article_id)

    def actors(self, *, text: str | None = None, limit: int | None = None) -> list[search.ActorUse]:
        with self._read() as conn, conn.begin():
            return search.actor_uses(conn, text=text, limit=limit)

    def places(self, *, text: str | None = None, countries: Iterable[str] = (),
               limit: int | None = None) -> list[search.PlaceUse]:
        with self._read() as conn, conn.begin():
            return search.place_uses(conn, text=text, countries=list(countries), limit=limit)

    def load(self, cluster_ids: Iterable[str]) -> list[StoredEvent]:
        """Full clusters (reports, evidence, copies) in the order given."""
        with self._read() as conn, conn.begin():
            return load_events(conn, list(cluster_ids))

    @property
    def accounts(self) -> users.Accounts:
        """Reviewers, login sessions and API tokens (:mod:`marsad.store.users`)."""
        return users.Accounts(self.engine)

    def audit(self, *, entity: str | None = None, entity_id: str | None = None,
              limit: int | None = None) -> list[review.AuditEntry]:
        with self._read() as conn, conn.begin():
            return review.audit_trail(conn, entity=entity, entity_id=entity_id, limit=limit)

    # --- integrity ----------------------------------------------------------------------------------------------

    def check(self) -> list[str]:
        """Consistency problems, empty when none: orphans, clusters without members or with stale counts,
        events of copies, articles whose event count disagrees with their rows."""
        problems: list[str] = []
        with self._read() as conn, conn.begin():
            def scalar(q) -> int:
                return int(conn.execute(q).scalar_one())

            n = scalar(select(func.count()).select_from(events)
                       .outerjoin(articles, events.c.article_id == articles.c.id).where(articles.c.id.is_(None)))
            if n:
                problems.append(f"{n} events without their article")
            n = scalar(select(func.count()).select_from(evidence).outerjoin(events, evidence.c.event_id == events.c.id)
                       .where(events.c.id.is_(None)))
            if n:
                problems.append(f"{n} evidence spans without their event")
            n = scalar(select(func.count()).select_from(events).where(events.c.cluster_id.is_(None)))
            if n:
                problems.append(f"{n} events in no cluster")
            member_count = (select(events.c.cluster_id, func.count().label("n"),
                                   func.count(func.distinct(events.c.article_id)).label("a"))
                            .group_by(events.c.cluster_id).subquery())
            rows = conn.execute(select(clusters.c.id, clusters.c.n_events, clusters.c.n_articles, member_count.c.n,
                                       member_count.c.a)
                                .outerjoin(member_count, member_count.c.cluster_id == clusters.c.id)).all()
            for cid, n_ev, n_art, n, a in rows:
                if not n:
                    problems.append(f"cluster {cid} has no member")
                elif (n_ev, n_art) != (n, a):
                    problems.append(f"cluster {cid} says {n_ev} events/{n_art} articles, has {n}/{a}")
            bad = conn.execute(select(articles.c.id, articles.c.n_events, func.count(events.c.id))
                               .outerjoin(events, events.c.article_id == articles.c.id)
                               .group_by(articles.c.id, articles.c.n_events)
                               .having(func.count(events.c.id) != articles.c.n_events)).all()
            problems += [f"article {aid} says {k} events, has {n}" for aid, k, n in bad]
            n = scalar(select(func.count()).select_from(articles).where(articles.c.status == "near_duplicate",
                                                                         articles.c.duplicate_of.is_(None)))
            if n:
                problems.append(f"{n} near-duplicates without their original")
            same_article = conn.execute(select(events.c.cluster_id, events.c.article_id, func.count())
                                        .group_by(events.c.cluster_id, events.c.article_id)
                                        .having(func.count() > 1)).all()
            problems += [f"cluster {c} holds {n} events of article {a}" for c, a, n in same_article]
        return problems

    def counts(self) -> dict[str, int]:
        with self._read() as conn, conn.begin():
            return {t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
                    for t in (articles, events, clusters, actors, places)}


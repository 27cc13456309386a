"""Ingest: each article is checked, extracted and written in its own transaction.

For one article, in order:

1. already stored under its id → nothing happens (re-ingesting is a no-op); the same normalised text under
   another id → an exact duplicate, counted and not stored again;
2. its MinHash shares an LSH band with stored articles and one of them is a near copy
   (:func:`marsad.ingest.dedup.is_near_duplicate`) → a wire copy: stored with ``duplicate_of`` pointing at the
   earliest such original (that original's own original if it was a copy too), not extracted, so its events
   are neither new events nor extra independent sources of a cluster's figures;
3. otherwise the pipeline extracts its events, and one transaction writes the article, its events with
   evidence, sources and actors, and the cluster each event joins or founds.

A ``kill -9`` at any moment loses at most the article in flight, and running the same ingest again resumes
where it stopped. A bad record is reported (one line) and skipped; only a database that cannot be written is
fatal.

The LSH band index (42 rows an article, each in a random place of a B-tree) is the one write that is not
needed for the article itself, and writing it with every article doubled the commit cost. So bands are kept in
memory (and searched there) for up to ``BAND_BATCH`` articles and written in one transaction; an article
whose bands were not written yet has ``banded`` false, and every writer first writes the bands such articles
lack (a killed run's last batch). The signature stored with the article is all it takes.
"""

from __future__ import annotations

import hashlib
import itertools
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, bindparam, exc, func, select, update

from marsad.errors import InputEmpty, InputNotArabic, MarsadError, StoreError
from marsad.ingest import dedup
from marsad.ingest.records import EMPTY, NOT_ARABIC
from marsad.ingest.text import check_arabic
from marsad.model import Actor, Article, Event, Location
from marsad.store.cluster import ActorInfo, Member, aggregate, family_of, is_generic
from marsad.store.clustering import Clusterer, create_cluster, refresh_cluster
from marsad.store.tables import (
    actors,
    article_bands,
    articles,
    event_actors,
    event_sources,
    events,
    evidence,
    insert_ignore,
    places,
)

# Statements built once: building and hashing a statement per call costs more than running it.
_BY_ID = select(articles.c.id).where(articles.c.id == bindparam("id"))
_BY_HASH = select(articles.c.id).where(articles.c.content_hash == bindparam("hash"))
_BAND_SIZES = (select(article_bands.c.band, func.count()).where(article_bands.c.band.in_(bindparam("bands",
                                                                                                   expanding=True)))
               .group_by(article_bands.c.band))
_CANDIDATES = (select(articles.c.id, articles.c.signature, articles.c.duplicate_of)
               .where(articles.c.id.in_(select(article_bands.c.article_id)
                                        .where(article_bands.c.band.in_(bindparam("bands", expanding=True)))))
               .order_by(articles.c.seq))
_MAX_SEQ = select(func.max(articles.c.seq))
_UNBANDED = select(articles.c.id, articles.c.signature).where(articles.c.banded.is_(False)).order_by(articles.c.seq)
_MARK_BANDED = update(articles).where(articles.c.id.in_(bindparam("ids", expanding=True))).values(banded=True)
BAND_BATCH = 200
_INSERT = {t.name: t.insert() for t in (articles, events, evidence, event_sources, event_actors)}


def _bands_of(sig: dedup.MinHashSignature) -> list[int]:
    return list(dict.fromkeys(dedup.lsh_band_numbers(sig)))


def _signature(blob: bytes) -> dedup.MinHashSignature | None:
    """A stored signature; None for one of another recipe version (not comparable)."""
    try:
        return dedup.MinHashSignature.from_bytes(blob)
    except MarsadError:
        return None


def _stored_bands(blob: bytes | None) -> list[int]:
    """Bands of a stored signature; none for a missing one or one of another recipe version."""
    sig = _signature(blob) if blob else None
    return _bands_of(sig) if sig is not None else []


def band_number(key: str) -> int:
    """A band key of :mod:`marsad.ingest.dedup` (``'b07:5e1d…'``, 16 hex digits) as a 63-bit integer: the band in
    the top byte, 56 bits of its hash below (a smaller, faster index than the string); what
    :func:`marsad.ingest.dedup.lsh_band_numbers` computes from the signature."""
    return (int(key[1:3]) << 56) | (int(key[4:20], 16) >> 8)


@dataclass(slots=True)
class IngestStats:
    """Running totals of one ingest (``summary()`` is the final line the CLI prints)."""

    records: int = 0
    stored: int = 0  # new articles, extracted and stored
    unchanged: int = 0  # already in the store before this run (same id)
    duplicates: int = 0  # the same text as an article stored earlier in this run or under another id
    near_duplicates: int = 0  # wire copies, stored and linked to their original
    skipped: Counter[str] = field(default_factory=Counter)  # not-arabic, empty, unsupported
    failed: int = 0
    events: int = 0
    merged: int = 0  # events that joined another article's cluster
    clusters: int = 0  # clusters founded
    started: float = field(default_factory=time.perf_counter)
    elapsed: float = 0.0
    failures: Counter[str] = field(default_factory=Counter)  # by error code

    @property
    def articles(self) -> int:
        return self.stored + self.unchanged + self.duplicates + self.near_duplicates

    @property
    def rate(self) -> float:
        return self.records / self.elapsed if self.elapsed > 0 else 0.0

    def tick(self) -> None:
        self.elapsed = time.perf_counter() - self.started

    def summary(self) -> str:
        skipped = sum(self.skipped.values())
        detail = ", ".join(f"{n} {reason}" for reason, n in sorted(self.skipped.items()))
        return (f"{self.records} records in {self.elapsed:.1f} s ({self.rate:.0f}/s): {self.stored} articles stored, "
                f"{self.unchanged} already stored, {self.duplicates} exact duplicates, {self.near_duplicates} "
                f"near-duplicates linked; {self.events} events ({self.merged} merged into other articles' clusters, "
                f"{self.clusters} new clusters); {skipped} skipped{f' ({detail})' if detail else ''}, "
                f"{self.failed} failed")


ProgressFn = Callable[[IngestStats], None]
ReportFn = Callable[[str], None]


@dataclass(slots=True)
class _Prepared:
    article: Article
    origin: str | None
    content_hash: str
    signature: dedup.MinHashSignature
    bands: list[int]
    duplicate_of: str | None = None
    similarity: float | None = None


def actor_key(a: Actor) -> str:
    """``SY-SDF``; a generic dictionary entry named after its country: ``GEN-SECURITY:EG``; without an id a hash."""
    if a.id:
        return f"{a.id}:{a.country_code or ''}" if is_generic(a.id) else a.id
    return "x:" + hashlib.sha1(f"{a.name}|{a.kind}|{a.country_code}".encode()).hexdigest()[:16]


def _context_country(ev: Event) -> str | None:
    """Without a place, the country the extractor read from the article's context: the one a generic actor was
    named after («قوات الأمن» in a Tunisian report → Security Forces of Tunisia)."""
    for a in (ev.actor1, ev.actor2):
        if a is not None and a.id and a.country_code and is_generic(a.id):
            return a.country_code
    return None


def place_key(loc: Location) -> str:
    if loc.gazetteer_id:
        return loc.gazetteer_id
    return "x:" + hashlib.sha1(f"{loc.name}|{loc.latitude}|{loc.longitude}".encode()).hexdigest()[:16]


class Writer:
    """Writes articles into an open store (one per ``Store.ingest`` call)."""

    def __init__(self, conn: Connection, pipeline: Callable[[], Any], *, progress: ProgressFn | None = None,
                 report: ReportFn | None = None, max_bucket: int = 500):
        self.conn = conn
        self._pipeline = pipeline  # a factory: a run with nothing new to extract never loads the pipeline
        self.progress = progress
        self.report = report
        # boilerplate (a daily weather note on one template) fills some LSH bands; beyond this many articles a
        # band is not consulted, so one lookup stays bounded (as in marsad.ingest.dedup.NearDuplicateIndex)
        self.max_bucket = max_bucket
        self.stats = IngestStats()
        self.clusterer = Clusterer()
        self.known_actors: set[str] = set()
        self.known_places: set[str] = set()
        self.stored_now: set[str] = set()  # ids stored by this run: meeting one again is a duplicate in the input
        self.dialect = conn.dialect.name
        self._insert_bands = insert_ignore(self.dialect, article_bands)
        # articles stored whose bands are not written yet: id → (signature, duplicate_of, bands), in seq order
        self.unbanded: dict[str, tuple[dedup.MinHashSignature, str | None, list[int]]] = {}
        self.unbanded_index: dict[int, list[str]] = {}
        self._insert_actor = insert_ignore(self.dialect, actors)
        self._insert_place = insert_ignore(self.dialect, places)

    # --- the record stream --------------------------------------------------------------------------------------

    def run(self, records: Iterable[Any]) -> IngestStats:
        self._write_missing_bands()
        try:
            self._run(records)
        finally:
            self._flush_bands()
        return self.stats

    def _run(self, records: Iterable[Any]) -> None:
        for rec in records:
            self.stats.records += 1
            kind = getattr(rec, "kind", None)
            if isinstance(rec, Article):
                self._article(rec, None, check=True)
            elif kind == "article":
                self._article(rec.article, str(rec.origin), check=False)
            elif kind == "skipped":
                self.stats.skipped[rec.reason] += 1
            elif kind == "failed":
                self._fail(str(rec.origin), rec.error)
            else:
                self._fail(repr(rec)[:80], StoreError(f"not an ingest record: {type(rec).__name__}"))
            self.stats.tick()
            if self.progress is not None:
                self.progress(self.stats)
            if len(self.unbanded) >= BAND_BATCH:
                self._flush_bands()
        self.stats.tick()

    # --- the LSH band index, written in batches ------------------------------------------------------------------

    def _write_missing_bands(self) -> None:
        """Bands of articles stored without them (a run killed before its batch was written)."""
        with self.conn.begin():
            rows = self.conn.execute(_UNBANDED).all()
        for i in range(0, len(rows), 1000):
            with self.conn.begin():
                part = rows[i:i + 1000]
                bands = [{"band": b, "article_id": aid} for aid, blob in part for b in _stored_bands(blob)]
                if bands:
                    self.conn.execute(self._insert_bands, bands)
                self.conn.execute(_MARK_BANDED, {"ids": [aid for aid, _ in part]})

    def _flush_bands(self) -> None:
        if not self.unbanded:
            return
        with self.conn.begin():
            rows = [{"band": b, "article_id": aid} for aid, (_, _, bands) in self.unbanded.items() for b in bands]
            if rows:
                self.conn.execute(self._insert_bands, rows)
            self.conn.execute(_MARK_BANDED, {"ids": list(self.unbanded)})
        self.unbanded.clear()
        self.unbanded_index.clear()

    def _remember_bands(self, prep: _Prepared) -> None:
        self.unbanded[prep.article.id] = (prep.signature, prep.duplicate_of, prep.bands)
        for b in prep.bands:
            self.unbanded_index.setdefault(b, []).append(prep.article.id)

    def _fail(self, origin: str | None, error: BaseException) -> None:
        self.stats.failed += 1
        code = getattr(error, "code", "E-INTERNAL")
        self.stats.failures[code] += 1
        if self.report is not None:
            msg = str(error) if isinstance(error, MarsadError) else f"E-INTERNAL: {type(error).__name__}: {error}"
            self.report(f"{origin or '<article>'}: {' '.join(msg.split())[:500]}")

    def _article(self, art: Article, origin: str | None, *, check: bool) -> None:
        if check:
            try:
                check_arabic(art.text, origin or "article")
            except InputNotArabic:
                self.stats.skipped[NOT_ARABIC] += 1
                return
            except InputEmpty:
                self.stats.skipped[EMPTY] += 1
                return
        try:
            prep = self._check(art, origin)
            if prep is None:
                return
            if prep.duplicate_of is not None:
                with self.conn.begin():
                    self._insert_article(prep, status="near_duplicate", n_events=0)
                self.stored_now.add(art.id)
                self._remember_bands(prep)
                self.stats.near_duplicates += 1
                return
            try:
                extraction = self._pipeline().extract_article(art)
            except Exception as e:  # a bad article, or an extractor bug on one, must not stop a corpus
                self._fail(origin, e)
                return
            pending_actors: set[str] = set()
            pending_places: set[str] = set()
            with self.conn.begin():
                merged, founded = self._write(prep, extraction.events, pending_actors, pending_places)
            self.known_actors |= pending_actors
            self.known_places |= pending_places
            self.stored_now.add(art.id)
            self._remember_bands(prep)
            self.stats.stored += 1
            self.stats.events += len(extraction.events)
            self.stats.merged += merged
            self.stats.clusters += founded
        except exc.StatementError as e:
            if isinstance(e, exc.OperationalError | exc.InterfaceError):
                raise  # the database itself is unusable: fatal (Store.ingest turns it into a coded error)
            with self.conn.begin():
                stored = self.conn.execute(_BY_ID, {"id": art.id}).first()
            if isinstance(e, exc.IntegrityError) and stored:
                self.stats.unchanged += 1  # another writer stored it between our check and our write
                return
            cause = e.orig if getattr(e, "orig", None) is not None else e
            first = (str(cause).splitlines() or [""])[0][:200]
            self._fail(origin, StoreError(f"cannot store the article ({type(cause).__name__}: {first})"))

    # --- step 1: already stored? a copy? -------------------------------------------------------------------------

    def _check(self, art: Article, origin: str | None) -> _Prepared | None:
        conn = self.conn
        with conn.begin():
            if conn.execute(_BY_ID, {"id": art.id}).first():  # first: a resumed run skips stored ones cheaply
                if art.id in self.stored_now:
                    self.stats.duplicates += 1
                else:
                    self.stats.unchanged += 1
                return None
            fp = dedup.fingerprint(art.text)
            if conn.execute(_BY_HASH, {"hash": fp.content_hash}).first():
                self.stats.duplicates += 1
                return None
            bands = _bands_of(fp.signature)
            prep = _Prepared(art, origin, fp.content_hash, fp.signature, bands)
            if not bands:
                return prep
            sizes = Counter({b: len(self.unbanded_index.get(b, ())) for b in bands})
            sizes.update(dict(conn.execute(_BAND_SIZES, {"bands": bands}).all()))
            usable = [b for b in bands if sizes[b] <= self.max_bucket]
            if not usable:
                return prep
            # written bands first (earlier articles), then this run's unwritten ones, each in ingest order: the
            # earliest original wins
            recent = {aid for b in usable for aid in self.unbanded_index.get(b, ())}
            candidates = itertools.chain(
                ((aid, _signature(blob), dup) for aid, blob, dup in conn.execute(_CANDIDATES, {"bands": usable})),
                ((aid, sig, dup) for aid, (sig, dup, _) in self.unbanded.items() if aid in recent))
            for aid, other, dup in candidates:
                if other is not None and dedup.is_near_duplicate(fp.signature, other):
                    prep.similarity = dedup.similarity(fp.signature, other)
                    prep.duplicate_of = dup or aid
                    return prep
        return prep

    # --- step 3: the write transaction ---------------------------------------------------------------------------

    def _insert_article(self, prep: _Prepared, *, status: str, n_events: int) -> int:
        art = prep.article
        conn = self.conn
        seq = (conn.execute(_MAX_SEQ).scalar() or 0) + 1
        conn.execute(_INSERT["articles"], dict(
            id=art.id, seq=seq, content_hash=prep.content_hash, title=art.title, publisher=art.publisher, url=art.url,
            published=art.published, language=art.language, text=art.text, body_start=art.body_start,
            origin=prep.origin, status=status, duplicate_of=prep.duplicate_of, similarity=prep.similarity,
            signature=prep.signature.to_bytes(), banded=False, n_events=n_events, ingested_at=datetime.now(UTC)))
        return seq

    def _actor(self, a: Actor | None, pending: set[str]) -> str | None:
        if a is None:
            return None
        key = actor_key(a)
        if key not in self.known_actors and key not in pending:
            self.conn.execute(self._insert_actor, dict(key=key, dict_id=a.id, name=a.name, name_ar=a.name_ar,
                                                       kind=a.kind, country_code=a.country_code))
            pending.add(key)
        self.clusterer.know(ActorInfo(key, a.name, a.kind, a.id, a.country_code))
        return key

    def _place(self, loc: Location | None, pending: set[str]) -> str | None:
        if loc is None:
            return None
        key = place_key(loc)
        if key not in self.known_places and key not in pending:
            self.conn.execute(self._insert_place, dict(key=key, name=loc.name, country_code=loc.country_code,
                                                       admin1=loc.admin1, admin2=loc.admin2, latitude=loc.latitude,
                                                       longitude=loc.longitude))
            pending.add(key)
        return key

    def _write(self, prep: _Prepared, evs: list[Event], pending_actors: set[str],
               pending_places: set[str]) -> tuple[int, int]:
        conn = self.conn
        art = prep.article
        seq = self._insert_article(prep, status="extracted", n_events=len(evs))
        now = datetime.now(UTC)
        merged = founded = 0
        for i, ev in enumerate(evs, 1):
            eid = ev.id if ev.id and ev.id.startswith(f"{art.id}#") else f"{art.id}#{i}"
            a1, a2 = self._actor(ev.actor1, pending_actors), self._actor(ev.actor2, pending_actors)
            loc = ev.location
            pkey = self._place(loc, pending_places)
            m = Member(id=eid, article_id=art.id, seq=seq, ordinal=i, published=art.published,
                       event_type=ev.event_type, sub_event_type=ev.sub_event_type, event_date=ev.event_date,
                       time_precision=ev.time_precision, actor1=a1, actor2=a2, place_key=pkey,
                       location=loc.name if loc else None,
                       country_code=loc.country_code if loc else _context_country(ev),
                       admin1=loc.admin1 if loc else None, admin2=loc.admin2 if loc else None,
                       latitude=loc.latitude if loc else None, longitude=loc.longitude if loc else None,
                       geo_precision=loc.geo_precision if loc else None, fatalities=ev.fatalities,
                       fatality_reports=list(ev.fatality_reports) or None, injuries=ev.injuries,
                       civilian_targeting=ev.civilian_targeting, confidence=float(ev.confidence), notes=ev.notes)
            cid, reason = self.clusterer.assign(conn, m)
            if reason is None:
                create_cluster(conn, cid, aggregate([m]), now)
                founded += 1
            conn.execute(_INSERT["events"], dict(
                id=eid, article_id=art.id, ordinal=i, event_type=ev.event_type, sub_event_type=ev.sub_event_type,
                family=family_of(ev.event_type, ev.sub_event_type), method=ev.method, event_date=ev.event_date,
                date_start=ev.date_range[0] if ev.date_range else None,
                date_end=ev.date_range[1] if ev.date_range else None, time_precision=ev.time_precision,
                actor1_key=a1, actor2_key=a2, place_key=pkey, place_text=loc.name_ar if loc else None,
                location=m.location, country_code=m.country_code, admin1=m.admin1, admin2=m.admin2,
                latitude=m.latitude, longitude=m.longitude, geo_precision=m.geo_precision, fatalities=ev.fatalities,
                fatality_reports=m.fatality_reports, injuries=ev.injuries, civilian_targeting=ev.civilian_targeting,
                confidence=m.confidence, notes=ev.notes, cluster_id=cid, merge_reason=reason,
                merged_at=now if reason else None))
            if ev.evidence:
                conn.execute(_INSERT["evidence"], [{"event_id": eid, "position": j, "char_start": sp.start,
                                                  "char_end": sp.end, "text": sp.text}
                                                 for j, sp in enumerate(ev.evidence)])
            if ev.sources:
                conn.execute(_INSERT["event_sources"], [
                    {"event_id": eid, "position": j, "name": s.name, "name_ar": s.name_ar, "via": s.via,
                     "char_start": s.evidence.start if s.evidence else None,
                     "char_end": s.evidence.end if s.evidence else None,
                     "text": s.evidence.text if s.evidence else None} for j, s in enumerate(ev.sources)])
            assoc = [k for k in (self._actor(a, pending_actors) for a in ev.assoc_actors) if k is not None]
            if assoc:
                conn.execute(_INSERT["event_actors"], [{"event_id": eid, "position": j, "actor_key": k}
                                                     for j, k in enumerate(dict.fromkeys(assoc))])
            if reason is not None:
                refresh_cluster(conn, cid, now)
                merged += 1
        return merged, founded

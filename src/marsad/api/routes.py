"""The REST API's endpoints under ``/api`` (see ``/docs`` for the schema of each)."""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from collections.abc import Iterator
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from marsad import __version__
from marsad.api import models as m
from marsad.api.auth import COOKIE, Reader, Writer, identify
from marsad.errors import AuthLoginFailed, BadOption, StoreNotFound
from marsad.store.query import StoredEvent
from marsad.store.review import AuditEntry, json_value
from marsad.store.schema import REVIEW_STATES
from marsad.store.search import ActorUse, EventQuery, PlaceUse

router = APIRouter(prefix="/api")

# the fields the event view shows and a reviewer may edit
VALUE_FIELDS = ("event_type", "sub_event_type", "event_date", "time_precision", "actor1", "actor2", "location",
                "country_code", "admin1", "admin2", "latitude", "longitude", "geo_precision", "fatalities",
                "civilian_targeting", "notes")
EXPORT_TYPES = {"acled-csv": ("text/csv; charset=utf-8", "csv"), "geojson": ("application/geo+json", "geojson"),
                "jsonl": ("application/x-ndjson", "jsonl"), "parquet": ("application/vnd.apache.parquet", "parquet")}


def _store(request: Request):
    return request.app.state.store


def _split(values: list[str] | None) -> list[str]:
    return [p.strip() for v in values or [] for p in v.split(",") if p.strip()]


def event_query(
    since: Annotated[date | None, Query(description="first event date (inclusive)")] = None,
    until: Annotated[date | None, Query(description="last event date (inclusive)")] = None,
    country: Annotated[list[str] | None, Query(description="ISO code (SY, SYR) or name; repeatable or comma-separated")] = None,  # noqa: E501
    admin1: Annotated[list[str] | None, Query(description="first-level division (governorate); repeatable")] = None,
    type: Annotated[list[str] | None, Query(description="ACLED event, sub-event or disorder type; repeatable")] = None,
    actor: Annotated[str | None, Query(description="an actor key (SY-REGIME) or part of an actor's name")] = None,
    bbox: Annotated[str | None, Query(description="west,south,east,north in degrees")] = None,
    q: Annotated[str | None, Query(description="text in the location, notes, actor names or the articles")] = None,
    min_fatalities: Annotated[int | None, Query(ge=0)] = None,
    status: Annotated[list[str] | None, Query(description="review status: unreviewed, accepted, edited, rejected "
                                                          "(default: all but rejected)")] = None,
    reviewed_only: Annotated[bool, Query(description="accepted and edited only (as marsad export)")] = False,
    include_rejected: Annotated[bool, Query(description="rejected too (as marsad export)")] = False,
    sort: Annotated[str, Query(description="date, fatalities, updated, articles or id; -date for newest first")] = "-date",  # noqa: E501
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=0, le=50_000)] = 100,
) -> EventQuery:
    from marsad.export import check_types, resolve_countries

    box = None
    if bbox:
        try:
            parts = [float(x) for x in bbox.split(",")]
        except ValueError:
            parts = []
        if len(parts) != 4:
            raise BadOption(f"bbox must be west,south,east,north, got {bbox!r}")
        box = (parts[0], parts[1], parts[2], parts[3])
    statuses = _split(status)
    if reviewed_only:
        statuses = [s for s in statuses if s in ("accepted", "edited")] or ["accepted", "edited"]
    elif include_rejected and not statuses:
        statuses = list(REVIEW_STATES)
    return EventQuery(since=since, until=until, countries=resolve_countries(_split(country)), admin1=_split(admin1),
                      types=check_types(_split(type)), actor=actor or None, bbox=box, text=(q or "").strip() or None,
                      min_fatalities=min_fatalities, statuses=statuses, sort=sort, offset=offset,
                      limit=limit).check()


Filters = Annotated[EventQuery, Depends(event_query)]


def _brief(b) -> m.EventBriefOut:
    from marsad.export.acled import disorder_type

    return m.EventBriefOut(id=b.id, event_id_cnty=b.event_id_cnty, event_type=b.event_type,
                           sub_event_type=b.sub_event_type, disorder_type=disorder_type(b.event_type, b.sub_event_type),
                           event_date=b.event_date, actor1=b.actor1, actor2=b.actor2, location=b.location,
                           country_code=b.country_code, admin1=b.admin1, latitude=b.latitude, longitude=b.longitude,
                           fatalities=b.fatalities, n_articles=b.n_articles, review_status=b.review_status,
                           version=b.version, edited=list(b.edited))


def _audit_of(store, ev: StoredEvent) -> list[AuditEntry]:
    """The cluster's audit trail and its member events' (splits), newest first."""
    audit = store.audit(entity="cluster", entity_id=ev.id)
    member_ids = {r.event_id for r in ev.reports}
    audit += [e for e in store.audit(entity="event") if e.entity_id in member_ids]
    audit.sort(key=lambda e: e.id, reverse=True)
    return audit


def event_out(store, cid: str) -> m.EventOut:
    from marsad.export.acled import acled_row

    ev = store.event(cid)
    return m.EventOut(
        id=ev.id, event_id_cnty=ev.event_id_cnty, version=ev.version, review_status=ev.review_status,
        reviewed_by=ev.reviewed_by, reviewed_at=ev.reviewed_at, created_at=ev.created_at, updated_at=ev.updated_at,
        n_events=ev.n_events, n_articles=ev.n_articles, acled=acled_row(ev),
        values={k: json_value(ev.value(k)) for k in VALUE_FIELDS},
        overrides={k: json_value(v) for k, v in ev.overrides.items()},
        fatalities=m.FatalityRange(low=ev.fatalities_low, best=ev.fatalities_best, high=ev.fatalities_high),
        actor1=ev.actor1, actor2=ev.actor2, reports=ev.reports, copies=ev.copies, audit=_audit_of(store, ev))


# --- reading ----------------------------------------------------------------------------------------------------------


@router.get("/events", response_model=m.EventListOut, tags=["events"])
def list_events(request: Request, caller: Reader, query: Filters) -> m.EventListOut:
    """Events (clusters) passing the filters, on their reviewed values, sorted and paged."""
    page = _store(request).search(query)
    return m.EventListOut(total=page.total, offset=query.offset, limit=query.limit,
                          items=[_brief(b) for b in page.items])


@router.get("/events/{ident}", response_model=m.EventOut, tags=["events"])
def get_event(request: Request, caller: Reader, ident: str) -> m.EventOut:
    """One event: a cluster id, an ``event_id_cnty`` (SYR3337972376) or a member event id (ARTICLE_ID#N)."""
    store = _store(request)
    return event_out(store, store.resolve_cluster(ident))


@router.get("/events/{ident}/audit", response_model=list[AuditEntry], tags=["review"])
def event_audit(request: Request, caller: Reader, ident: str) -> list[AuditEntry]:
    store = _store(request)
    return _audit_of(store, store.event(store.resolve_cluster(ident)))


@router.get("/audit", response_model=list[AuditEntry], tags=["review"])
def audit(request: Request, caller: Reader, limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> list[AuditEntry]:
    """The latest changes, newest first."""
    return _store(request).audit(limit=limit)


@router.get("/articles/{article_id}", response_model=m.ArticleOut, tags=["articles"])
def get_article(request: Request, caller: Reader, article_id: str) -> m.ArticleOut:
    """An article's text with every event's evidence and source spans (code-point offsets into ``text``)."""
    store = _store(request)
    a = store.article(article_id)
    return m.ArticleOut(
        id=a.id, title=a.title, publisher=a.publisher, published=a.published, url=a.url, origin=a.origin,
        status=a.status, duplicate_of=a.duplicate_of, similarity=a.similarity, body_start=a.body_start, text=a.text,
        events=store.article_events(article_id))


@router.get("/actors", response_model=list[ActorUse], tags=["reference"])
def list_actors(request: Request, caller: Reader, q: str | None = None,
                limit: Annotated[int, Query(ge=1, le=10_000)] = 500) -> list[ActorUse]:
    """Actors in the store with the number of events they are actor1 or actor2 of (most first)."""
    return _store(request).actors(text=q, limit=limit)


@router.get("/places", response_model=list[PlaceUse], tags=["reference"])
def list_places(request: Request, caller: Reader, q: str | None = None,
                country: Annotated[list[str] | None, Query()] = None,
                limit: Annotated[int, Query(ge=1, le=10_000)] = 500) -> list[PlaceUse]:
    """Places in the store with the number of events there (most first)."""
    from marsad.export import resolve_countries

    return _store(request).places(text=q, countries=resolve_countries(_split(country)), limit=limit)


@router.get("/stats", response_model=m.StatsOut, tags=["events"])
def stats(request: Request, caller: Reader, query: Filters) -> m.StatsOut:
    """Store totals, and counts over the events passing the filters: by type, review state, country, and per
    day by type (the timeline)."""
    store = _store(request)
    s = store.stats(query)
    t = store.summary(top=0)
    return m.StatsOut(
        totals=m.StoreTotals(articles=t.articles, near_duplicates=t.near_duplicates, events=t.events,
                             clusters=t.clusters, merged=t.merged),
        clusters=s.clusters, fatalities=s.fatalities, by_type=dict(s.by_type), by_status=dict(s.by_status),
        by_country=dict(s.by_country), first_day=s.first_day, last_day=s.last_day,
        days=[m.DayCount(date=d, counts=dict(c)) for d, c in s.by_day.items()])


@router.get("/export/{fmt}", tags=["export"], response_class=FileResponse,
            responses={200: {"content": {t: {} for t, _ in EXPORT_TYPES.values()},
                             "description": "the events as a file, as `marsad export --format FMT` writes it"}})
def export(request: Request, caller: Reader, fmt: str, query: Filters) -> FileResponse:
    """``acled-csv``, ``geojson``, ``jsonl`` or ``parquet``: every event passing the filters (not paged), reviewed
    values applied, rejected events left out unless asked for (as ``marsad export``)."""
    from marsad.export import FORMATS, export_events

    if fmt not in FORMATS:
        raise StoreNotFound(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    store = _store(request)
    query.sort, query.offset, query.limit = "date", 0, None
    ids = [b.id for b in store.search(query).items]

    def events() -> Iterator:
        for i in range(0, len(ids), 500):
            yield from store.load(ids[i:i + 500])

    ctype, ext = EXPORT_TYPES[fmt]
    fd, tmp = tempfile.mkstemp(prefix="marsad-export-", suffix="." + ext)
    os.close(fd)
    try:
        export_events(events(), fmt, tmp)
    except BaseException:
        os.unlink(tmp)
        raise
    return FileResponse(tmp, media_type=ctype, filename=f"marsad-events.{ext}",
                        background=BackgroundTask(os.unlink, tmp))


# --- extraction and ingest ------------------------------------------------------------------------------------------


@router.post("/extract", tags=["extract"], responses={200: {"description": "the contract JSON "
                                                                      "(event.schema.json, schema_version 1)"}})
def extract(request: Request, caller: Reader, body: m.ExtractIn) -> dict[str, Any]:
    """Extract the events of one article and return the contract JSON; nothing is stored."""
    from marsad.ingest.text import make_article

    article = make_article(body.text, published=body.published or date.today(), publisher=body.publisher,
                           title=body.title, url=body.url, name="text")
    app = request.app
    pipeline = app.state.pipeline()
    with app.state.pipeline_lock:
        return pipeline.extract_article(article).to_dict()


@router.post("/articles", response_model=m.IngestOut, tags=["articles"])
def ingest(request: Request, caller: Writer, body: m.ArticleIn | m.ArticlesIn) -> m.IngestOut:
    """Store and extract one article (``{"text": …}``) or several (``{"articles": [...]}``), as ``marsad ingest``
    does: duplicates are stored once, wire copies linked, non-Arabic text skipped."""
    from sqlalchemy import select

    from marsad.ingest import IngestedArticle, SkippedRecord, assemble
    from marsad.ingest.dedup import content_hash
    from marsad.ingest.records import Draft, Origin
    from marsad.store.engine import connect
    from marsad.store.tables import articles

    items = body.articles if isinstance(body, m.ArticlesIn) else [body]
    store = _store(request)
    app = request.app
    app.state.pipeline()  # the gazetteer index and the pipeline, built once
    out: list[m.IngestedOut] = []
    totals = {"stored": 0, "events": 0, "merged": 0, "failed": 0}
    for i, a in enumerate(items, 1):
        origin = Origin(f"api:{caller.user.username}", "json", record=i)
        rec = assemble(Draft(origin, a.text, title=a.title, published=a.published, publisher=a.publisher, url=a.url,
                             id=a.id))
        if isinstance(rec, SkippedRecord):
            out.append(m.IngestedOut(article_id=None, status="skipped",
                                     detail=rec.reason + (f" ({rec.language})" if rec.language else "")))
            continue
        assert isinstance(rec, IngestedArticle)  # assemble only skips or makes an article
        messages: list[str] = []
        with app.state.pipeline_lock:
            st = store.ingest([rec], report=messages.append)
        for k in totals:
            totals[k] += getattr(st, k)
        aid = rec.article.id
        if st.failed:
            out.append(m.IngestedOut(article_id=None, status="failed", detail="; ".join(messages)[:500]))
            continue
        status = ("stored" if st.stored else "near_duplicate" if st.near_duplicates else
                  "already stored" if st.unchanged else "duplicate")
        if status == "duplicate":
            with connect(store.engine) as conn, conn.begin():
                aid = conn.execute(select(articles.c.id).where(articles.c.content_hash ==
                                                               content_hash(rec.article.text))).scalar() or aid
        evs = store.article_events(aid)
        out.append(m.IngestedOut(article_id=aid, status=status, events=[e.event_id for e in evs],
                                 clusters=list(dict.fromkeys(e.cluster_id for e in evs if e.cluster_id))))
    n = Counter(o.status for o in out)
    summary = (f"{len(items)} articles: {n['stored']} stored, {n['already stored']} already stored, "
               f"{n['duplicate']} duplicates, {n['near_duplicate']} near-duplicates, {n['skipped']} skipped, "
               f"{totals['failed']} failed; {totals['events']} events ({totals['merged']} merged)")
    return m.IngestOut(summary=summary, stored=totals["stored"], events=totals["events"], merged=totals["merged"],
                       failed=totals["failed"], articles=out)


# --- review ---------------------------------------------------------------------------------------------------------


@router.post("/events/{ident}/review", response_model=m.ChangeOut, tags=["review"])
def review(request: Request, caller: Writer, ident: str, body: m.ReviewIn) -> m.ChangeOut:
    """Accept, reject or reset an event (accepting an edited event keeps its reviewed values)."""
    store = _store(request)
    cid = store.resolve_cluster(ident)
    v = store.review(cid, body.status, user=caller.user.username, comment=body.comment,
                     expected_version=body.expected_version)
    return m.ChangeOut(id=cid, version=v)


@router.post("/events/{ident}/edit", response_model=m.ChangeOut, tags=["review"])
def edit(request: Request, caller: Writer, ident: str, body: m.EditIn) -> m.ChangeOut:
    """Set reviewed values (type, actors, place, date, fatalities, …); exports use them from then on."""
    store = _store(request)
    cid = store.resolve_cluster(ident)
    v = store.edit(cid, body.changes, user=caller.user.username, comment=body.comment,
                   expected_version=body.expected_version)
    return m.ChangeOut(id=cid, version=v)


@router.post("/events/{ident}/revert", response_model=m.ChangeOut, tags=["review"])
def revert(request: Request, caller: Writer, ident: str, body: m.RevertIn) -> m.ChangeOut:
    """Drop the reviewed value of one field: the computed value applies again."""
    store = _store(request)
    cid = store.resolve_cluster(ident)
    v = store.revert(cid, body.field, user=caller.user.username, comment=body.comment,
                     expected_version=body.expected_version)
    return m.ChangeOut(id=cid, version=v)


@router.post("/events/{ident}/merge", response_model=m.ChangeOut, tags=["review"])
def merge(request: Request, caller: Writer, ident: str, body: m.MergeIn) -> m.ChangeOut:
    """Merge another event (cluster) into this one: every report of it becomes a report of this event."""
    store = _store(request)
    cid = store.resolve_cluster(ident)
    r = store.merge(cid, store.resolve_cluster(body.other), user=caller.user.username, reason=body.reason,
                    expected_version=body.expected_version)
    return m.ChangeOut(id=r.cluster_id, version=r.version)


@router.post("/events/{ident}/split", response_model=m.ChangeOut, tags=["review"])
def split(request: Request, caller: Writer, ident: str, body: m.SplitIn) -> m.ChangeOut:
    """Move one report out of this event into an event of its own (remembered by re-clustering); returns the
    new event."""
    store = _store(request)
    cid = store.resolve_cluster(ident)
    if store.cluster_of(body.event_id) != cid:
        raise StoreNotFound(f"event {body.event_id!r} is not a report of {cid}")
    r = store.split(body.event_id, user=caller.user.username, reason=body.reason)
    return m.ChangeOut(id=r.new_cluster, version=1)


# --- session ----------------------------------------------------------------------------------------------------------


@router.post("/login", response_model=m.MeOut, tags=["auth"])
def login(request: Request, response: Response, body: m.LoginIn) -> m.MeOut:
    """Log in: sets the session cookie and returns the CSRF token to send as X-CSRF-Token."""
    accounts = _store(request).accounts
    user = accounts.check_password(body.username, body.password)
    if user is None:
        raise AuthLoginFailed("wrong user name or password")
    old = request.cookies.get(COOKIE)
    if old:
        accounts.close_session(old)
    token, csrf = accounts.open_session(user)
    response.set_cookie(COOKIE, token, httponly=True, samesite="strict", secure=request.url.scheme == "https",
                        max_age=12 * 3600, path="/")
    return m.MeOut(username=user.username, csrf_token=csrf, via="session")


@router.post("/logout", response_model=m.MeOut, tags=["auth"])
def logout(request: Request, response: Response, caller: Writer) -> m.MeOut:
    if caller.via == "session" and caller.token:
        _store(request).accounts.close_session(caller.token)
    response.delete_cookie(COOKIE, path="/")
    return m.MeOut(username=None)


@router.get("/me", response_model=m.MeOut, tags=["auth"])
def me(request: Request) -> m.MeOut:
    """Who is logged in on this session (and its CSRF token), or ``username: null``."""
    caller = identify(request)
    if caller.user is None:
        return m.MeOut(username=None)
    return m.MeOut(username=caller.user.username, csrf_token=caller.csrf, via=caller.via)


@router.get("/config", response_model=m.ConfigOut, tags=["reference"])
def config(request: Request) -> m.ConfigOut:
    """What the web app needs to start: event types, editable fields, the tile URL (none: offline basemap)."""
    from marsad.export.acled import EVENT_TYPES

    st = request.app.state
    return m.ConfigOut(version=__version__, read_open=st.read_open, tiles=st.tiles,
                       tiles_attribution=st.tiles_attribution,
                       event_types={k: list(v) for k, v in EVENT_TYPES.items()}, editable=list(VALUE_FIELDS),
                       users=_store(request).accounts.count())


@router.get("/health", tags=["reference"])
def health() -> dict[str, str]:
    return {"status": "ok", "version": __version__}

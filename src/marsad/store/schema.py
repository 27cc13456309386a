"""The store's tables (SQLAlchemy 2 declarative models). Alembic migrations in ``migrations/`` create them.

One article row per distinct text; its events (one per ``Event`` the pipeline returned, id = article id + ``#``
+ ordinal) with evidence spans, reported sources and associated actors; actors and places shared across events;
clusters (the ACLED-style event records: every report of one event, merged across articles) with the reviewed
values the web app writes (``cluster_overrides``), the splits analysts made (``cluster_links``) and an
append-only ``audit_log`` (who, when, before → after).

Changing a table here needs a new migration in ``migrations/versions/``; ``tests/store/test_migrations.py``
fails while the two disagree.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Review states of a cluster. 'edited' = accepted with reviewed values in cluster_overrides.
REVIEW_STATES = ("unreviewed", "accepted", "edited", "rejected")


class Base(DeclarativeBase):
    pass


class ArticleRow(Base):
    """One stored article. ``status`` is 'extracted' (events were extracted, maybe none) or 'near_duplicate'
    (a wire copy of ``duplicate_of``: stored and linked, not extracted, never an independent source)."""

    __tablename__ = "articles"
    __table_args__ = (Index("ix_articles_unbanded", "banded", sqlite_where=text("NOT banded"),
                            postgresql_where=text("NOT banded")),)

    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, unique=True)  # ingest order: 1, 2, 3 … (re-clustering replays it)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the normalised text
    title: Mapped[str | None] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date, index=True)
    language: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    body_start: Mapped[int] = mapped_column(Integer, default=0)
    origin: Mapped[str | None] = mapped_column(Text)  # where it was read: a path, "file.jsonl:17", a URL
    status: Mapped[str] = mapped_column(String(16))
    duplicate_of: Mapped[str | None] = mapped_column(ForeignKey("articles.id"), index=True)
    similarity: Mapped[float | None] = mapped_column(Float)  # estimated Jaccard with duplicate_of
    signature: Mapped[bytes | None] = mapped_column(LargeBinary)  # MinHash values, for near-duplicate checks
    # its LSH bands are in article_bands (written in batches after the article: see marsad.store.writer)
    banded: Mapped[bool] = mapped_column(Boolean, default=False)
    n_events: Mapped[int] = mapped_column(Integer, default=0)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ArticleBandRow(Base):
    """MinHash LSH band keys (:func:`marsad.store.writer.band_number`): articles sharing one are near-duplicate
    candidates. Clustered on the key in SQLite (WITHOUT ROWID): one B-tree to write, not two."""

    __tablename__ = "article_bands"
    __table_args__: ClassVar[dict[str, Any]] = {"sqlite_with_rowid": False}

    band: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)


class ActorRow(Base):
    """An actor as exported. ``key`` is the dictionary id, ``ID:CC`` for a generic entry named after its
    country («قوات الأمن» in Egypt → ``GEN-SECURITY:EG``, "Security Forces of Egypt"), ``x:HASH`` without an id."""

    __tablename__ = "actors"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    dict_id: Mapped[str | None] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(300))
    name_ar: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(32))
    country_code: Mapped[str | None] = mapped_column(String(2))


class PlaceRow(Base):
    """A gazetteer place (``key`` = gazetteer id, or ``x:HASH`` of name and coordinates without one)."""

    __tablename__ = "places"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    country_code: Mapped[str | None] = mapped_column(String(2))
    admin1: Mapped[str | None] = mapped_column(String(200))
    admin2: Mapped[str | None] = mapped_column(String(200))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)


class ClusterRow(Base):
    """One ACLED-style event: every stored report of it. Computed columns are recomputed from the members;
    reviewed values live in ``cluster_overrides`` and win in exports. ``id`` is the founding member's event id
    (never renamed); ``event_id_cnty`` is derived from it once (ISO3 + a number from a hash) and frozen."""

    __tablename__ = "clusters"
    __table_args__ = (Index("ix_clusters_country_date", "country_code", "event_date"),)

    id: Mapped[str] = mapped_column(String(160), primary_key=True)
    event_id_cnty: Mapped[str] = mapped_column(String(24), unique=True)
    family: Mapped[str] = mapped_column(String(64))
    event_type: Mapped[str] = mapped_column(String(64))
    sub_event_type: Mapped[str] = mapped_column(String(64))
    event_date: Mapped[date | None] = mapped_column(Date, index=True)
    time_precision: Mapped[int | None] = mapped_column(Integer)
    actor1_key: Mapped[str | None] = mapped_column(ForeignKey("actors.key"))
    actor2_key: Mapped[str | None] = mapped_column(ForeignKey("actors.key"))
    place_key: Mapped[str | None] = mapped_column(ForeignKey("places.key"))
    location: Mapped[str | None] = mapped_column(String(300))
    country_code: Mapped[str | None] = mapped_column(String(2))
    admin1: Mapped[str | None] = mapped_column(String(200))
    admin2: Mapped[str | None] = mapped_column(String(200))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    geo_precision: Mapped[int | None] = mapped_column(Integer)
    fatalities_low: Mapped[int | None] = mapped_column(Integer)
    fatalities_best: Mapped[int | None] = mapped_column(Integer)
    fatalities_high: Mapped[int | None] = mapped_column(Integer)
    injuries: Mapped[int | None] = mapped_column(Integer)
    civilian_targeting: Mapped[bool | None] = mapped_column(Boolean)
    notes: Mapped[str | None] = mapped_column(Text)
    n_events: Mapped[int] = mapped_column(Integer, default=1)
    n_articles: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)  # +1 on every change (optimistic locking for the UI)
    review_status: Mapped[str] = mapped_column(String(16), default="unreviewed", index=True)
    reviewed_by: Mapped[str | None] = mapped_column(String(100))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class EventRow(Base):
    """One event as one article reported it (the contract's event), and the cluster it belongs to."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_country_date", "country_code", "event_date"),
                      UniqueConstraint("article_id", "ordinal", name="uq_events_article_ordinal"))

    id: Mapped[str] = mapped_column(String(160), primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    event_type: Mapped[str] = mapped_column(String(64))
    sub_event_type: Mapped[str] = mapped_column(String(64))
    family: Mapped[str] = mapped_column(String(64))
    method: Mapped[str | None] = mapped_column(String(100))
    event_date: Mapped[date | None] = mapped_column(Date)
    date_start: Mapped[date | None] = mapped_column(Date)
    date_end: Mapped[date | None] = mapped_column(Date)
    time_precision: Mapped[int | None] = mapped_column(Integer)
    actor1_key: Mapped[str | None] = mapped_column(ForeignKey("actors.key"), index=True)
    actor2_key: Mapped[str | None] = mapped_column(ForeignKey("actors.key"), index=True)
    place_key: Mapped[str | None] = mapped_column(ForeignKey("places.key"), index=True)
    place_text: Mapped[str | None] = mapped_column(String(300))  # the toponym as the article writes it
    location: Mapped[str | None] = mapped_column(String(300))
    country_code: Mapped[str | None] = mapped_column(String(2))
    admin1: Mapped[str | None] = mapped_column(String(200))
    admin2: Mapped[str | None] = mapped_column(String(200))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    geo_precision: Mapped[int | None] = mapped_column(Integer)
    fatalities: Mapped[int | None] = mapped_column(Integer)
    fatality_reports: Mapped[list[int] | None] = mapped_column(JSON)  # every figure the article gave
    injuries: Mapped[int | None] = mapped_column(Integer)
    civilian_targeting: Mapped[bool | None] = mapped_column(Boolean)
    confidence: Mapped[float] = mapped_column(Float)
    notes: Mapped[str | None] = mapped_column(Text)
    cluster_id: Mapped[str | None] = mapped_column(ForeignKey("clusters.id"), index=True)
    merge_reason: Mapped[str | None] = mapped_column(Text)  # why it joined its cluster; None for the founder
    merged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class EventActorRow(Base):
    """Associated actors (the contract's ``assoc_actors``), in order."""

    __tablename__ = "event_actors"

    event_id: Mapped[str] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor_key: Mapped[str] = mapped_column(ForeignKey("actors.key"), index=True)


class EvidenceRow(Base):
    """An evidence span ``[char_start, char_end)`` into the article text exactly as stored."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    char_start: Mapped[int] = mapped_column(Integer)
    char_end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class EventSourceRow(Base):
    """Who the article attributes the event to («بحسب المرصد السوري») and through whom (``via``)."""

    __tablename__ = "event_sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(300))
    name_ar: Mapped[str | None] = mapped_column(String(300))
    via: Mapped[str | None] = mapped_column(String(300))
    char_start: Mapped[int | None] = mapped_column(Integer)
    char_end: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str | None] = mapped_column(Text)


class ClusterOverrideRow(Base):
    """A reviewed value for one field of a cluster (JSON); exports use it instead of the computed one."""

    __tablename__ = "cluster_overrides"

    cluster_id: Mapped[str] = mapped_column(ForeignKey("clusters.id", ondelete="CASCADE"), primary_key=True)
    field: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    edited_by: Mapped[str] = mapped_column(String(100))
    edited_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ClusterLinkRow(Base):
    """A remembered decision between two events: 'cannot' (split apart; re-clustering keeps them apart) or
    'must' (merged by a reviewer). ``event_a`` < ``event_b``."""

    __tablename__ = "cluster_links"

    event_a: Mapped[str] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    event_b: Mapped[str] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True, index=True)
    kind: Mapped[str] = mapped_column(String(16))
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    reason: Mapped[str | None] = mapped_column(Text)


class AuditRow(Base):
    """Append-only log of human (and re-clustering) changes: who, when, what, before → after (JSON)."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    username: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(32))  # edit | revert | review | split | merge | recluster
    entity: Mapped[str] = mapped_column(String(16))  # cluster | event
    entity_id: Mapped[str] = mapped_column(String(160))
    field: Mapped[str | None] = mapped_column(String(64))
    before: Mapped[Any | None] = mapped_column(JSON)
    after: Mapped[Any | None] = mapped_column(JSON)
    comment: Mapped[str | None] = mapped_column(Text)


# --- the web app's accounts (issue 8): reviewers, their login sessions and API tokens ------------------------------


class UserRow(Base):
    """A reviewer (``marsad user add NAME``). ``password_hash`` is ``scrypt$N$r$p$salt$hash`` (base64), never the
    password; see :mod:`marsad.store.users`."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_login: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)


class SessionRow(Base):
    """A login session: the cookie holds a random token, the row only its SHA-256; ``csrf`` is the token every
    state-changing request of the session must send back in ``X-CSRF-Token``."""

    __tablename__ = "user_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class ApiTokenRow(Base):
    """An API token (``Authorization: Bearer …``), shown once by ``marsad user token NAME``; stored as SHA-256."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    label: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

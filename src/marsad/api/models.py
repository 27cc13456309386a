"""Request and response models of the REST API (what ``/docs`` shows).

Where a response part has exactly the shape of a store dataclass (a report, an actor, a wire copy, an audit
entry, an article's event), the dataclass itself is the model (pydantic validates and serialises it); the
models here are the shapes the API alone has.

Offsets (``start``, ``end``) count Unicode code points into the article text exactly as stored, as everywhere
in marsad: in JavaScript, index ``Array.from(text)``, not the UTF-16 string.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from marsad.store.query import ActorRef, CopyRef, Report
from marsad.store.review import AuditEntry
from marsad.store.search import ArticleEvent

# --- events -----------------------------------------------------------------------------------------------------------


class EventBriefOut(BaseModel):
    id: str
    event_id_cnty: str
    event_type: str
    sub_event_type: str
    disorder_type: str
    event_date: date | None
    actor1: str | None
    actor2: str | None
    location: str | None
    country_code: str | None
    admin1: str | None
    latitude: float | None
    longitude: float | None
    fatalities: int
    n_articles: int
    review_status: str
    version: int
    edited: list[str] = Field(description="fields with a reviewed value")


class EventListOut(BaseModel):
    total: int
    offset: int
    limit: int | None
    items: list[EventBriefOut]


class FatalityRange(BaseModel):
    low: int | None
    best: int | None
    high: int | None


class EventOut(BaseModel):
    """A cluster (one ACLED event): its ACLED row with reviewed values applied, the reviewed values themselves,
    every report with its evidence and merge reason, the wire copies and the audit trail."""

    id: str
    event_id_cnty: str
    version: int
    review_status: str
    reviewed_by: str | None
    reviewed_at: datetime | None
    created_at: datetime
    updated_at: datetime
    n_events: int
    n_articles: int
    acled: dict[str, Any] = Field(description="the ACLED row as exported (reviewed values applied)")
    values: dict[str, Any] = Field(description="the effective value of every field a reviewer may edit")
    overrides: dict[str, Any] = Field(description="reviewed values, by field")
    fatalities: FatalityRange
    actor1: ActorRef | None
    actor2: ActorRef | None
    reports: list[Report]
    copies: list[CopyRef]
    audit: list[AuditEntry]


# --- articles, actors, places, stats ------------------------------------------------------------------------------


class ArticleOut(BaseModel):
    id: str
    title: str | None
    publisher: str | None
    published: date | None
    url: str | None
    origin: str | None
    status: str = Field(description="'extracted', or 'near_duplicate' (a wire copy of duplicate_of)")
    duplicate_of: str | None
    similarity: float | None
    body_start: int
    text: str
    events: list[ArticleEvent]


class DayCount(BaseModel):
    date: date
    counts: dict[str, int]


class StoreTotals(BaseModel):
    articles: int
    near_duplicates: int
    events: int = Field(description="per-article events (reports)")
    clusters: int = Field(description="ACLED events (merged reports)")
    merged: int = Field(description="clusters reported by more than one article")


class StatsOut(BaseModel):
    totals: StoreTotals
    clusters: int = Field(description="clusters passing the filters")
    fatalities: int
    by_type: dict[str, int]
    by_status: dict[str, int]
    by_country: dict[str, int]
    first_day: date | None
    last_day: date | None
    days: list[DayCount]


# --- requests -------------------------------------------------------------------------------------------------------


class ArticleIn(BaseModel):
    text: str = Field(description="the article text (Arabic); with a title, the body only", max_length=1_000_000)
    title: str | None = None
    published: date | None = None
    publisher: str | None = None
    url: str | None = None
    id: str | None = Field(None, description="your id for the article (default: a hash of the text)")


class ArticlesIn(BaseModel):
    articles: list[ArticleIn] = Field(min_length=1, max_length=200)


class ExtractIn(BaseModel):
    text: str = Field(description="the article text; a first line followed by a blank line is the title",
                      max_length=1_000_000)
    published: date | None = Field(None, description="publication date (default: today)")
    publisher: str | None = None
    title: str | None = None
    url: str | None = None


class IngestedOut(BaseModel):
    article_id: str | None
    status: Literal["stored", "already stored", "duplicate", "near_duplicate", "skipped", "failed"]
    detail: str | None = None
    events: list[str] = Field(default_factory=list, description="the article's event ids")
    clusters: list[str] = Field(default_factory=list, description="the clusters they belong to")


class IngestOut(BaseModel):
    summary: str
    stored: int
    events: int
    merged: int
    failed: int
    articles: list[IngestedOut]


class EditIn(BaseModel):
    changes: dict[str, Any] = Field(description="field → reviewed value, e.g. {\"fatalities\": 4, "
                                    "\"event_date\": \"2015-08-02\", \"actor1\": \"Military Forces of Syria\"}")
    expected_version: int | None = Field(None, description="the version you read; a later change is a conflict")
    comment: str | None = None


class ReviewIn(BaseModel):
    status: Literal["accepted", "rejected", "unreviewed"]
    expected_version: int | None = None
    comment: str | None = None


class RevertIn(BaseModel):
    field: str
    expected_version: int | None = None
    comment: str | None = None


class MergeIn(BaseModel):
    other: str = Field(description="the cluster to absorb: a cluster id, an event_id_cnty or a member event id")
    expected_version: int | None = None
    reason: str | None = None


class SplitIn(BaseModel):
    event_id: str = Field(description="the member event (ARTICLE_ID#N) to move into a cluster of its own")
    reason: str | None = None


class ChangeOut(BaseModel):
    id: str
    version: int


class LoginIn(BaseModel):
    username: str = Field(max_length=100)
    password: str = Field(max_length=1000)


class MeOut(BaseModel):
    username: str | None
    csrf_token: str | None = Field(None, description="send it as X-CSRF-Token with every POST of this session")
    via: Literal["session", "token"] | None = None


class ConfigOut(BaseModel):
    version: str
    read_open: bool
    tiles: str | None
    tiles_attribution: str | None
    event_types: dict[str, list[str]]
    editable: list[str]
    users: int

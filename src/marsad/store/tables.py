"""The Core ``Table`` objects of the ORM models, for bulk reads and writes without ORM overhead."""

from __future__ import annotations

from sqlalchemy import Table, insert
from sqlalchemy.dialects import postgresql, sqlite

from marsad.store import schema

articles: Table = schema.ArticleRow.__table__  # type: ignore[assignment]
article_bands: Table = schema.ArticleBandRow.__table__  # type: ignore[assignment]
actors: Table = schema.ActorRow.__table__  # type: ignore[assignment]
places: Table = schema.PlaceRow.__table__  # type: ignore[assignment]
clusters: Table = schema.ClusterRow.__table__  # type: ignore[assignment]
events: Table = schema.EventRow.__table__  # type: ignore[assignment]
event_actors: Table = schema.EventActorRow.__table__  # type: ignore[assignment]
evidence: Table = schema.EvidenceRow.__table__  # type: ignore[assignment]
event_sources: Table = schema.EventSourceRow.__table__  # type: ignore[assignment]
cluster_overrides: Table = schema.ClusterOverrideRow.__table__  # type: ignore[assignment]
cluster_links: Table = schema.ClusterLinkRow.__table__  # type: ignore[assignment]
audit_log: Table = schema.AuditRow.__table__  # type: ignore[assignment]
users: Table = schema.UserRow.__table__  # type: ignore[assignment]
user_sessions: Table = schema.SessionRow.__table__  # type: ignore[assignment]
api_tokens: Table = schema.ApiTokenRow.__table__  # type: ignore[assignment]


def insert_ignore(dialect: str, table: Table):
    """``INSERT … ON CONFLICT DO NOTHING`` for shared rows (actors, places) in either database."""
    if dialect == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    if dialect == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing()
    return insert(table)

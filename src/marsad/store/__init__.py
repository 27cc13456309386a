"""marsad's event store: articles, events, evidence, actors, places and clusters in SQLite or PostgreSQL.

>>> from marsad.store import Store
>>> store = Store("sqlite:///out/demo.db")          # doctest: +SKIP
>>> store.ingest_paths(["examples/"]).summary()    # doctest: +SKIP
'10 records in 2.1 s (5/s): 10 articles stored, …'

See :class:`Store` for the API and ``schema.py`` for the tables.
"""

from marsad.store.api import Store, StoredArticle, Summary
from marsad.store.clustering import ReclusterResult, SplitResult
from marsad.store.engine import DEFAULT_URL
from marsad.store.query import ActorRef, CopyRef, EventFilter, Report, StoredEvent
from marsad.store.review import AuditEntry
from marsad.store.writer import IngestStats

__all__ = ["DEFAULT_URL", "ActorRef", "AuditEntry", "CopyRef", "EventFilter", "IngestStats", "ReclusterResult",
           "Report", "SplitResult", "Store", "StoredArticle", "StoredEvent", "Summary"]

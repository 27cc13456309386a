"""marsad's REST API and web app server (FastAPI): ``create_app(db_url)``; ``marsad serve`` runs it with uvicorn.

Endpoints (``/docs`` has the schema of each): ``GET /api/events`` (filters, sorting, paging), ``GET
/api/events/{id}`` (reports, evidence, merge reasons, audit), ``GET /api/articles/{id}`` (text and every span),
``GET /api/actors``, ``GET /api/places``, ``GET /api/stats``, ``GET /api/export/{format}``, ``POST
/api/extract`` (nothing stored), ``POST /api/articles`` (ingest), and the review actions ``POST
/api/events/{id}/review|edit|revert|merge|split``; ``POST /api/login``, ``/api/logout``, ``GET /api/me``.
"""

from marsad.api.app import create_app

__all__ = ["create_app"]

"""Specific, coded errors. The CLI prints ``str(err)`` on one line and exits with ``err.exit_code``."""

from __future__ import annotations


class MarsadError(Exception):
    """Base class: ``code`` is a stable identifier users can search for (``E-INPUT-MISSING``)."""

    code = "E-MARSAD"
    exit_code = 2

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class InputError(MarsadError):
    code = "E-INPUT"


class InputMissing(InputError):
    code = "E-INPUT-MISSING"


class InputNotText(InputError):
    code = "E-INPUT-NOT-TEXT"


class InputEmpty(InputError):
    code = "E-INPUT-EMPTY"


class InputNotArabic(InputError):
    code = "E-INPUT-NOT-ARABIC"


# --- ingest (marsad.ingest): one bad record or file is reported and skipped, never fatal -----------------------------


class IngestError(InputError):
    """A record or file that ``marsad.ingest`` could not turn into an article (reported with its origin)."""

    code = "E-INGEST"


class IngestReadError(IngestError):
    """A file or stream cannot be read: permission denied, a truncated or corrupt gzip, a record too large."""

    code = "E-INGEST-READ"


class IngestFormatError(IngestError):
    """The input is none of the formats marsad reads (text, HTML, JSON/JSONL, RSS/Atom, WARC)."""

    code = "E-INGEST-FORMAT"


class IngestJsonError(IngestError):
    """A JSONL line (or JSON file) is not valid JSON, or not an object."""

    code = "E-INGEST-JSON"


class IngestNoText(IngestError):
    """A record has no article text: no text/content field, an HTML page without a main text, a bare feed link."""

    code = "E-INGEST-NO-TEXT"


class IngestHtmlError(IngestError):
    """An HTML page the extractor cannot parse."""

    code = "E-INGEST-HTML"


class IngestFeedError(IngestError):
    """An RSS/Atom document that is not a feed, or is too broken to yield entries."""

    code = "E-INGEST-FEED"


class IngestWarcError(IngestError):
    """A WARC file that is not WARC, or is corrupt from some record on."""

    code = "E-INGEST-WARC"


class IngestFetchError(IngestError):
    """A URL that cannot be fetched (network error, HTTP error, or network use not allowed)."""

    code = "E-INGEST-FETCH"


class IngestSidecarError(IngestError):
    """A sidecar ``NAME.json`` / ``NAME.meta.json`` beside ``NAME.txt`` that is not a valid metadata object."""

    code = "E-INGEST-SIDECAR"


class BadOption(MarsadError):
    code = "E-OPTION"


class DataError(MarsadError):
    """A bundled or user-supplied data file is malformed."""

    code = "E-DATA"


class GazetteerError(MarsadError):
    code = "E-GAZETTEER"


# --- gazetteer (marsad.geo) -------------------------------------------------------------------------------------------


class GazetteerSourceError(GazetteerError):
    """A gazetteer source file (WOF, OCHA, GeoNames dump, curated table) is missing, unreadable or malformed."""

    code = "E-GAZETTEER-SOURCE"


class GazetteerMissing(GazetteerError):
    """No index in the data directory and building one was not allowed."""

    code = "E-GAZETTEER-MISSING"


class GazetteerStale(GazetteerError):
    """The index was written by another format version (or is unreadable) and rebuilding was not allowed."""

    code = "E-GAZETTEER-STALE"


# --- store and exports (marsad.store, marsad.export) ------------------------------------------------------------------


class StoreError(MarsadError):
    code = "E-STORE"


class StoreUrlError(StoreError):
    """``--db`` is not a database URL marsad can use (unknown scheme, a driver that is not installed)."""

    code = "E-STORE-URL"


class StoreConnectError(StoreError):
    """The database cannot be opened: no such directory, server down, wrong credentials, not a database file."""

    code = "E-STORE-CONNECT"


class StoreSchemaTooNew(StoreError):
    """The database was migrated by a newer marsad: this version does not know its schema revision."""

    code = "E-STORE-SCHEMA-NEWER"


class StoreNotFound(StoreError):
    """No event or cluster with the given id."""

    code = "E-STORE-NOT-FOUND"


class StoreConflict(StoreError):
    """An edit that cannot apply: splitting the only member of a cluster, a stale version, an unknown field."""

    code = "E-STORE-CONFLICT"


class ExportError(MarsadError):
    code = "E-EXPORT"


# --- the web app and REST API (marsad.api, marsad serve, marsad user) -------------------------------------------------


class UserError(MarsadError):
    """``marsad user``: an unknown or existing user name, a password that is too short, an unknown token."""

    code = "E-USER"


class AuthError(MarsadError):
    """A request the API refuses for want of a valid login, token or CSRF token (HTTP 401/403)."""

    code = "E-AUTH"
    status = 401


class AuthRequired(AuthError):
    """Reviewing and ingesting need a login (session cookie) or an API token (``Authorization: Bearer``)."""

    code = "E-AUTH-REQUIRED"


class AuthLoginFailed(AuthError):
    """Wrong user name or password."""

    code = "E-AUTH-LOGIN"


class AuthCsrf(AuthError):
    """A state-changing request on a session cookie without the session's ``X-CSRF-Token``, or from another
    origin."""

    code = "E-AUTH-CSRF"
    status = 403


class WebAssetsMissing(MarsadError):
    """The web app's JavaScript/CSS libraries (npm packages) are not installed."""

    code = "E-WEB-ASSETS"

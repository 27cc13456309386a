"""The FastAPI application: the REST API under ``/api``, the web app at ``/``, OpenAPI docs at ``/docs``.

>>> from marsad.api import create_app
>>> app = create_app("sqlite:///out/demo.db")          # doctest: +SKIP
>>> # uvicorn.run(app, host="127.0.0.1", port=8000)  — or `marsad serve --db out/demo.db`

Every error is ``{"error": {"code": "E-…", "message": "…"}}`` with the HTTP status that fits (the codes of
:mod:`marsad.errors` where one fits: ``E-STORE-NOT-FOUND`` 404, ``E-STORE-CONFLICT`` 409, ``E-AUTH-REQUIRED``
401, ``E-AUTH-CSRF`` 403, ``E-OPTION``/``E-INPUT-…`` 400, ``E-REQUEST`` 422 for a malformed request).

The web app's libraries (Leaflet, leaflet.markercluster, topojson-client, Natural Earth boundaries from
world-atlas, Swagger UI) are npm packages installed by ``make install`` into ``src/marsad/web/node_modules``
(or the folder ``$MARSAD_WEB_VENDOR`` names); nothing is loaded from a CDN. Without them ``create_app`` raises
:class:`~marsad.errors.WebAssetsMissing` unless ``web=False`` (the API alone).
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from marsad import __version__
from marsad.api.auth import check_origin
from marsad.errors import (
    AuthError,
    BadOption,
    InputError,
    MarsadError,
    StoreConflict,
    StoreNotFound,
    UserError,
    WebAssetsMissing,
)

log = logging.getLogger("marsad.api")

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
# URL prefix → folder inside node_modules: only these are served
VENDOR_MOUNTS = {"leaflet": "leaflet/dist", "markercluster": "leaflet.markercluster/dist",
                 "topojson": "topojson-client/dist", "world-atlas": "world-atlas", "swagger-ui": "swagger-ui-dist"}
VENDOR_FILES = ("leaflet/dist/leaflet.js", "leaflet/dist/leaflet.css",
                "leaflet.markercluster/dist/leaflet.markercluster.js",
                "topojson-client/dist/topojson-client.min.js", "world-atlas/countries-50m.json",
                "swagger-ui-dist/swagger-ui-bundle.js")


def vendor_dir() -> Path:
    env = os.environ.get("MARSAD_WEB_VENDOR")
    return Path(env) if env else WEB_DIR / "node_modules"


def missing_assets() -> list[str]:
    """The library files the web app needs that are not installed (empty when all are there)."""
    base = vendor_dir()
    return [f for f in VENDOR_FILES if not (base / f).is_file()]


def error_json(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


def _status_of(e: MarsadError) -> int:
    if isinstance(e, AuthError):
        return e.status
    if isinstance(e, StoreNotFound):
        return 404
    if isinstance(e, StoreConflict):
        return 409
    if isinstance(e, BadOption | InputError | UserError):
        return 400
    return 500


_HTTP_CODES = {404: "E-NOT-FOUND", 405: "E-METHOD", 413: "E-TOO-LARGE", 415: "E-MEDIA-TYPE"}


def _csp(tiles: str | None, *, docs: bool = False) -> str:
    img = "'self' data: blob:"
    if tiles:
        parts = urlsplit(tiles.replace("{s}", "x"))
        host = parts.netloc
        if "{s}" in tiles:
            host = "*." + host.split(".", 1)[1] if "." in host else host
        img += f" {parts.scheme}://{host}"
    script = "'self' 'unsafe-inline'" if docs else "'self'"  # Swagger UI starts with an inline script
    return (f"default-src 'self'; script-src {script}; style-src 'self' 'unsafe-inline'; img-src {img}; "
            "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
            "form-action 'self'")


def create_app(db_url: str | os.PathLike | None = None, *, store=None, pipeline=None, read_open: bool = True,
               tiles: str | None = None, tiles_attribution: str | None = None, web: bool = True) -> FastAPI:
    """The app on the store at ``db_url`` (or an open ``store``). ``read_open``: reading needs no login;
    ``tiles``: an XYZ tile URL for an online basemap (default: offline Natural Earth boundaries); ``web``:
    serve the web app too (needs the npm assets); ``pipeline``: a :class:`marsad.Pipeline` to share (with
    ``db_url``; an open ``store`` brings its own)."""
    from marsad.api import routes
    from marsad.store import Store

    if web and missing_assets():
        raise WebAssetsMissing(f"the web app's libraries are not installed ({missing_assets()[0]} is missing under "
                               f"{vendor_dir()}): run 'make install' (or 'npm ci --prefix src/marsad/web'), or "
                               "serve the API alone with --api-only")
    if store is None:
        store = Store(db_url, pipeline=pipeline)
    app = FastAPI(title="marsad", version=__version__, docs_url=None, redoc_url=None,
                  description="Arabic news → conflict events: read, review and export the events marsad extracted. "
                  "Reading is open unless the server requires a login; reviewing and ingesting need a login "
                  "(session cookie + X-CSRF-Token) or an API token (Authorization: Bearer). Errors are "
                  '{"error": {"code": "E-…", "message": "…"}}.')
    app.state.store = store
    app.state.read_open = read_open
    app.state.tiles = tiles
    app.state.tiles_attribution = tiles_attribution
    app.state.pipeline_lock = threading.Lock()
    built = threading.Lock()

    def get_pipeline():
        with built:
            if getattr(app.state, "_pipeline_ready", False):
                return store.pipeline
            from marsad.cli import ensure_gazetteer

            ensure_gazetteer()
            p = store.pipeline
            app.state._pipeline_ready = True
            return p

    app.state.pipeline = get_pipeline
    app.include_router(routes.router)

    @app.exception_handler(MarsadError)
    async def marsad_error(request: Request, e: MarsadError) -> JSONResponse:
        status = _status_of(e)
        if status >= 500:
            log.error("%s %s: %s", request.method, request.url.path, e)
        return error_json(status, e.code, e.message)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, e: RequestValidationError) -> JSONResponse:
        errs = e.errors()
        first = errs[0] if errs else {}
        where = ".".join(str(x) for x in first.get("loc", ()) if x != "body") or "request"
        return error_json(422, "E-REQUEST", f"{where}: {first.get('msg', 'invalid request')}"
                          + (f" (and {len(errs) - 1} more)" if len(errs) > 1 else ""))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, e: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(e.status_code, f"E-HTTP-{e.status_code}")
        message = "no such page or endpoint" if e.status_code == 404 else str(e.detail)
        return error_json(e.status_code, code, message)

    # anything else is a bug: logged with its traceback; the client gets the one error shape, never a trace
    @app.exception_handler(Exception)
    async def internal(request: Request, e: Exception) -> JSONResponse:
        log.exception("internal error on %s %s", request.method, request.url.path)
        return error_json(500, "E-INTERNAL", f"internal error ({type(e).__name__}); see the server log")

    @app.middleware("http")
    async def guard(request: Request, call_next):
        try:
            check_origin(request)
        except AuthError as e:
            response = error_json(e.status, e.code, e.message)
        else:
            response = await call_next(request)
        path = request.url.path
        response.headers.setdefault("Content-Security-Policy", _csp(tiles, docs=path == "/docs"))
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if path.startswith("/api/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    if web:
        base = vendor_dir()
        for prefix, folder in VENDOR_MOUNTS.items():
            app.mount(f"/vendor/{prefix}", StaticFiles(directory=base / folder), name=f"vendor-{prefix}")
        app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")

        @app.get("/", include_in_schema=False)
        def index() -> FileResponse:
            return FileResponse(WEB_DIR / "index.html", media_type="text/html; charset=utf-8",
                                headers={"Cache-Control": "no-cache"})

        @app.get("/docs", include_in_schema=False)
        def docs():
            return get_swagger_ui_html(openapi_url="/openapi.json", title="marsad API",
                                       swagger_js_url="/vendor/swagger-ui/swagger-ui-bundle.js",
                                       swagger_css_url="/vendor/swagger-ui/swagger-ui.css",
                                       swagger_favicon_url="/static/favicon.svg")
    else:
        @app.get("/docs", include_in_schema=False)
        def docs_unavailable() -> JSONResponse:
            return error_json(404, "E-WEB-ASSETS", "the interactive docs need the web assets (make install); the "
                              "schema is at /openapi.json")

    return app

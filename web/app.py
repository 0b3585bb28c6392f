"""The FastAPI application: the API router, the page at ``/`` and its static files."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy.exc import TimeoutError as SQLAlchemyTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

from frontline.settings import get_settings
from nlp.mentions import SEVERITIES
from storage.query import load_workforce
from storage.session import session_factory
from web.api import router
from web.readonly import read_only_engine

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
WEAPONS = (
    "bladed", "firearm", "vehicle", "blunt", "bodily", "spitting",
    "corrosive", "animal", "incendiary", "other", "unknown",
)
RETRY_AFTER_SECONDS = 2
"""What a 503 for an exhausted connection pool tells clients to wait."""
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'"
)


def _busy() -> JSONResponse:
    """The 503 every overloaded path answers: retry after ``RETRY_AFTER_SECONDS``."""
    return JSONResponse({"detail": "the server is busy; retry shortly"}, status_code=503,
                        headers={"Retry-After": str(RETRY_AFTER_SECONDS)})


def create_app(database_url: str) -> FastAPI:
    """The analyst app over the knowledge base at ``database_url``, read-only."""
    app = FastAPI(
        title="frontline analyst API",
        version="1",
        description=(
            "Read-only access to the frontline incident knowledge base: attacks on UK police "
            "officers gathered from the news, each with its sources and evidence. Every `/api` "
            "route needs `Authorization: Bearer <token>`; make one with `frontline tokens create NAME`."
        ),
        docs_url=None,  # Swagger UI and ReDoc load from a CDN; the page must work offline.
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    settings = get_settings()
    engine = read_only_engine(database_url, settings.api_pool_size, settings.api_pool_timeout)
    app.state.engine = engine
    app.state.sessions = session_factory(engine)
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")

    @app.api_route("/", methods=["GET", "HEAD"], response_class=HTMLResponse, include_in_schema=False)
    def page(request: Request) -> HTMLResponse:
        return templates.TemplateResponse(
            request,
            "index.html",
            {
                "forces": sorted(load_workforce().officers),
                "weapons": WEAPONS,
                "severities": SEVERITIES,
            },
        )

    admitted = asyncio.Semaphore(2 * settings.api_pool_size)  # the pool and its overflow

    @app.middleware("http")
    async def admission(request: Request, call_next: Any) -> Any:
        """At most as many API requests at once as the pool has connections; the rest wait
        here (not in a thread holding nothing) and get 503 with Retry-After if none frees
        up within FRONTLINE_API_POOL_TIMEOUT."""
        if not request.url.path.startswith("/api/") or request.url.path == "/api/openapi.json":
            return await call_next(request)
        try:
            await asyncio.wait_for(admitted.acquire(), timeout=settings.api_pool_timeout)
        except TimeoutError:
            logger.warning("%s %s: busy for %.0f s; answered 503", request.method,
                           request.url.path, settings.api_pool_timeout)
            return _busy()
        try:
            return await call_next(request)
        finally:
            admitted.release()

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Any:
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(SQLAlchemyTimeoutError)
    async def pool_exhausted(request: Request, exc: SQLAlchemyTimeoutError) -> JSONResponse:
        logger.warning("%s %s: no database connection free within %.0f s; answered 503",
                       request.method, request.url.path, settings.api_pool_timeout)
        return _busy()

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, exc: Exception) -> JSONResponse:
        logger.error("%s %s failed: %s", request.method, request.url.path, exc, exc_info=exc)
        return JSONResponse({"detail": "internal server error"}, status_code=500)

    return app


def create_app_from_settings() -> FastAPI:
    """The app over the configured knowledge base: the factory uvicorn's worker processes
    call (``frontline serve --workers N``)."""
    return create_app(get_settings().resolved_database_url)


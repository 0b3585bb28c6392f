"""The read-only JSON API: incidents, one incident, a GeoJSON map layer and stats.

Every route needs ``Authorization: Bearer <token>`` (see ``frontline tokens create``).
Filters are the fields of :class:`storage.query.IncidentQuery`, as query parameters;
list filters repeat, e.g. ``?force=Kent+Police&force=Essex+Police``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response
from fastapi.responses import PlainTextResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import Field
from sqlalchemy.orm import Session

from storage.query import (
    MAX_COUNT,
    MAX_LIMIT,
    IncidentQuery,
    StatsBy,
    find_incidents,
    get_incident,
    incident_stats,
    incidents_csv,
    load_workforce,
    map_incidents,
)
from web.tokens import verify_token

bearer = HTTPBearer(
    auto_error=False,
    description="A token from `frontline tokens create NAME`, sent as `Authorization: Bearer <token>`.",
)


class StatsQuery(IncidentQuery):
    """The incident filters plus what to count by."""

    by: StatsBy = Field(default="force", description="Count by force, month, week, weapon or severity.")

    def filters(self) -> IncidentQuery:
        """The incident filters alone."""
        return IncidentQuery(**self.model_dump(exclude={"by"}))


def get_session(request: Request) -> Iterator[Session]:
    """A read-only session for one request."""
    with request.app.state.sessions() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def require_token(
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> str:
    """The name of the caller's token; 401 when it is missing, unknown or revoked."""
    name = verify_token(session, credentials.credentials) if credentials else None
    if name is None:
        raise HTTPException(
            status_code=401,
            detail="a valid bearer token is required (frontline tokens create NAME)",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return name


router = APIRouter(prefix="/api", dependencies=[Depends(require_token)])


@router.get("/incidents", summary="Incidents matching the filters, with their sources and evidence")
def list_incidents(session: SessionDep, query: Annotated[IncidentQuery, Query()]) -> dict[str, Any]:
    """One page of incidents (``limit``, ``offset``) and the total that match."""
    page = find_incidents(session, query)
    return {"items": [item.to_dict() for item in page.items], "total": page.total}


@router.get("/incidents.geojson", summary="Incidents with coordinates as a GeoJSON FeatureCollection")
def incidents_map(session: SessionDep, query: Annotated[IncidentQuery, Query()]) -> dict[str, Any]:
    """Matching incidents that have coordinates, as Point features (longitude, latitude)."""
    return map_incidents(session, query)


@router.get("/incidents.csv", summary="Incidents matching the filters as CSV (one page)",
            response_class=PlainTextResponse)
def incidents_table(session: SessionDep, query: Annotated[IncidentQuery, Query()]) -> Response:
    """The page of matching incidents as ``text/csv``, the columns of ``frontline incidents
    --format csv``; ``limit`` up to 10,000 rows a request."""
    page = find_incidents(session, query)
    return Response(incidents_csv(page.items), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="incidents.csv"',
                             "X-Total-Count": str(page.total)})


@router.get("/incidents/{incident_id}", summary="One incident, with its sources and evidence")
def incident_detail(
    session: SessionDep,
    incident_id: Annotated[int, Path(ge=1, le=MAX_COUNT, description="Incident id.")],
) -> dict[str, Any]:
    """The incident, whatever its review status; 404 when there is none."""
    item = get_incident(session, incident_id)
    if item is None:
        raise HTTPException(status_code=404, detail=f"no incident {incident_id}")
    return item.to_dict()


@router.get("/stats", summary="Matching incidents counted by force, month, week, weapon or severity")
def stats(session: SessionDep, query: Annotated[StatsQuery, Query()]) -> dict[str, Any]:
    """Rows of counts; ``by=force`` rows add officers per force and incidents per 1,000 officers."""
    rows = incident_stats(session, query.filters(), query.by)
    body: dict[str, Any] = {"by": query.by, "rows": [row.to_dict() for row in rows]}
    if query.by == "force":
        workforce = load_workforce()
        body["workforce"] = {"year": workforce.year, "measure": workforce.measure, "sources": workforce.sources}
    return body


__all__ = ["MAX_LIMIT", "StatsQuery", "router"]

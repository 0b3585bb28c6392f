"""The API over a real, seeded database: auth, filters, errors, GeoJSON, stats."""

from __future__ import annotations

import json
import time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tests.web.conftest import Served
from web.app import create_app
from web.tokens import create_token, revoke_token

ROUTES = ["/api/incidents", "/api/incidents/1", "/api/incidents.geojson", "/api/stats"]


def test_every_api_route_needs_a_token(served: Served) -> None:
    for path in ROUTES:
        assert served.client.get(path).status_code == 401, path
        wrong = served.client.get(path, headers={"Authorization": "Bearer not-a-token"})
        assert wrong.status_code == 401, path
        assert wrong.headers["www-authenticate"] == "Bearer"
        assert served.client.get(path, headers=served.auth).status_code == 200, path


def test_revoked_token_is_refused(served: Served) -> None:
    with served.db.session() as session:
        secret = create_token(session, "short-lived")
    headers = {"Authorization": f"Bearer {secret}"}
    assert served.client.get("/api/incidents", headers=headers).status_code == 200
    with served.db.session() as session:
        revoke_token(session, "short-lived")
    assert served.client.get("/api/incidents", headers=headers).status_code == 401


def test_incidents_with_sources_and_force_filter(served: Served) -> None:
    body = served.client.get("/api/incidents", headers=served.auth).json()
    assert body["total"] == 5 and len(body["items"]) == 5
    met = served.client.get(
        "/api/incidents",
        params={"force": "Metropolitan Police Service", "sort": "date", "order": "asc"},
        headers=served.auth,
    ).json()
    assert [item["id"] for item in met["items"]] == [served.ids["croydon"], served.ids["hackney"]]
    assert {item["force"] for item in met["items"]} == {"Metropolitan Police Service"}
    sources = met["items"][0]["sources"]
    assert [source["outlet"] for source in sources] == ["BBC News", "Evening Standard"]
    assert sources[0]["evidence"]["weapons"]["text"] == "PC stabbed in Croydon"


def test_force_and_weapon_as_people_write_them_or_422_with_a_hint(served: Served) -> None:
    met = served.client.get("/api/incidents", params={"force": "Met", "weapon": "knife"},
                            headers=served.auth)
    assert met.status_code == 200
    assert {item["force"] for item in met.json()["items"]} == {"Metropolitan Police Service"}
    since = served.client.get("/api/incidents", params={"since": "2099-01-01", "force": "Sussex"},
                              headers=served.auth)
    assert since.status_code == 200 and since.json()["total"] == 0
    wrong = served.client.get("/api/incidents", params={"force": "Metropolitn"},
                              headers=served.auth)
    assert wrong.status_code == 422 and "did you mean" in wrong.text


def test_repeated_list_params_and_paging(served: Served) -> None:
    response = served.client.get(
        "/api/incidents?weapon=firearm&weapon=bladed&limit=1", headers=served.auth
    )
    body = response.json()
    assert body["total"] == 2 and [i["id"] for i in body["items"]] == [served.ids["croydon"]]


BAD_PARAMETERS = [
    ("/api/incidents?limit=lots", "limit"),
    ("/api/incidents?severity=maimed", "severity"),
    ("/api/incidents?date_from=yesterday", "date_from"),
    ("/api/incidents?colour=red", "colour"),
    ("/api/stats?by=planet", "by"),
    ("/api/incidents/zero", "incident_id"),
]


def test_bad_parameters_are_422_naming_them(served: Served) -> None:
    for path, param in BAD_PARAMETERS:
        response = served.client.get(path, headers=served.auth)
        assert response.status_code == 422, path
        assert any(param in error["loc"] for error in response.json()["detail"]), path
        assert "Traceback" not in response.text


def test_one_incident_and_404(served: Served) -> None:
    rejected = served.ids["rejected"]
    body = served.client.get(f"/api/incidents/{rejected}", headers=served.auth).json()
    assert body["review_status"] == "rejected" and body["sources"][0]["outlet"] == "Daily Example"
    missing = served.client.get("/api/incidents/999999", headers=served.auth)
    assert missing.status_code == 404 and "999999" in missing.json()["detail"]


def test_geojson_is_a_feature_collection_with_coordinates(served: Served) -> None:
    response = served.client.get("/api/incidents.geojson?severity=injured", headers=served.auth)
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    features = collection["features"]
    assert {f["id"] for f in features} == {served.ids["salford"], served.ids["hackney"], served.ids["glasgow"]}
    for feature in features:
        lon, lat = feature["geometry"]["coordinates"]
        assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
        assert -9 < lon < 2 and 49 < lat < 61


def test_stats_by_force_has_rates_and_sources(served: Served) -> None:
    body = served.client.get("/api/stats?by=force", headers=served.auth).json()
    met = body["rows"][0]
    assert met["key"] == "Metropolitan Police Service" and met["incidents"] == 2
    assert met["rate_per_1000_officers"] == pytest.approx(2000 / met["workforce"])
    assert body["workforce"]["year"] >= 2023


def test_page_and_openapi_need_no_token_and_load_nothing_external(served: Served) -> None:
    page = served.client.get("/")
    assert page.status_code == 200
    assert "http://" not in page.text and "https://" not in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert served.client.get("/static/vendor/leaflet/leaflet.js").status_code == 200
    spec = served.client.get("/api/openapi.json").json()
    assert "/api/incidents.geojson" in spec["paths"]


def test_unexpected_error_is_a_plain_500(served_alone: Served) -> None:
    with served_alone.db.engine.begin() as connection:
        connection.execute(text("DROP TABLE article_incident"))
    response = served_alone.client.get("/api/incidents", headers=served_alone.auth)
    assert response.status_code == 500
    assert response.json() == {"detail": "internal server error"}
    assert "Traceback" not in response.text and "article_incident" not in response.text


def test_app_connection_cannot_write(served: Served) -> None:
    with pytest.raises(DBAPIError), served.app.state.engine.begin() as connection:
        connection.execute(text("DELETE FROM incident"))


def test_numbers_too_big_for_the_database_are_bad_input(served: Served) -> None:
    huge = str(2**63)
    for path, params in (("/api/incidents", {"offset": huge}),
                         ("/api/incidents", {"officers_min": huge}),
                         (f"/api/incidents/{huge}", {})):
        response = served.client.get(path, params=params, headers=served.auth)
        assert response.status_code == 422, (path, params, response.text)


def test_a_busy_pool_answers_503_with_retry_after_at_once(db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from frontline.settings import get_settings
    from tests.web.seed import seed_incidents
    from web.tokens import create_token

    with db.session() as session:
        seed_incidents(session)
        token = create_token(session, "busy")
    monkeypatch.setenv("FRONTLINE_API_POOL_SIZE", "1")
    monkeypatch.setenv("FRONTLINE_API_POOL_TIMEOUT", "0.2")
    get_settings.cache_clear()
    app = create_app(db.url)
    held = [app.state.engine.connect() for _ in range(2)]  # pool of 1 plus 1 overflow
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            started = time.perf_counter()
            response = client.get("/api/incidents", headers={"Authorization": f"Bearer {token}"})
            waited = time.perf_counter() - started
        assert response.status_code == 503
        assert response.headers["retry-after"] == "2"
        assert response.json() == {"detail": "the server is busy; retry shortly"}
        assert waited < 5
    finally:
        for connection in held:
            connection.close()
        app.state.engine.dispose()


def test_the_map_layer_read_as_rows_equals_the_incidents_it_pages(served: Served) -> None:
    from storage.query import IncidentQuery, find_incidents, incidents_geojson

    for params in ({}, {"severity": ["injured"]}, {"sort": "date", "order": "asc", "limit": 2}):
        body = served.client.get("/api/incidents.geojson", params=params, headers=served.auth).json()
        query = IncidentQuery(**params).model_copy(update={"located": True})
        with served.db.session() as session:
            page = find_incidents(session, query)
        assert body == json.loads(json.dumps({**incidents_geojson(page.items), "total": page.total}))


def test_incidents_as_csv_with_the_cli_columns(served: Served) -> None:
    import csv
    import io

    response = served.client.get("/api/incidents.csv?force=the+Met&since=2019-01-01",
                                 headers=served.auth)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 2 and {row["force"] for row in rows} == {"Metropolitan Police Service"}
    assert response.headers["x-total-count"] == str(len(rows))
    assert served.client.get("/api/incidents.csv").status_code == 401

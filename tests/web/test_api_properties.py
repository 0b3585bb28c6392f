"""Property-based: whatever a client puts in the query string, the API answers 200 or a 4xx
naming the parameter, never a 5xx or a traceback; the CLI's filters answer likewise."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from frontline.cli import app
from frontline.settings import get_settings
from tests.web.conftest import Served

ODD_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40)
NUMBERS = st.one_of(st.integers(min_value=-(2**70), max_value=2**70).map(str), ODD_TEXT)
DATES = st.one_of(st.dates().map(str), st.sampled_from(["0000-00-00", "2024-02-30", "9999-12-31",
                                                        "yesterday", "2024/01/01"]), ODD_TEXT)
PARAMS = st.fixed_dictionaries({}, optional={
    "force": st.one_of(st.sampled_from(["Kent", "the Met", "Sussex Police", "GMP"]), ODD_TEXT),
    "weapon": st.one_of(st.sampled_from(["knife", "bladed", "gun", "vehicle"]), ODD_TEXT),
    "severity": st.one_of(st.sampled_from(["killed", "serious", "injured"]), ODD_TEXT),
    "review_status": ODD_TEXT,
    "since": DATES, "until": DATES, "date_from": DATES, "date_to": DATES,
    "officers_min": NUMBERS, "limit": NUMBERS, "offset": NUMBERS,
    "q": ODD_TEXT, "sort": st.one_of(st.sampled_from(["date", "severity", "officers"]), ODD_TEXT),
    "order": st.one_of(st.sampled_from(["asc", "desc"]), ODD_TEXT), "outlet": ODD_TEXT,
    "by": st.one_of(st.sampled_from(["force", "month", "week", "weapon"]), ODD_TEXT),
})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=PARAMS, route=st.sampled_from(
    ["/api/incidents", "/api/incidents.geojson", "/api/stats"]))
def test_any_query_string_is_answered_or_refused_never_a_server_error(
        served: Served, params: dict[str, str], route: str) -> None:
    response = served.client.get(route, params=params, headers=served.auth)
    assert response.status_code in (200, 422), (route, params, response.text[:300])
    assert "Traceback" not in response.text
    if response.status_code == 422:
        assert response.json()["detail"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(incident_id=st.one_of(st.integers(min_value=-(2**70), max_value=2**70).map(str), ODD_TEXT))
def test_any_incident_id_is_found_missing_or_refused(served: Served, incident_id: str) -> None:
    response = served.client.get(f"/api/incidents/{quote(incident_id, safe='')}",
                                 headers=served.auth)
    assert response.status_code in (200, 404, 422, 405), (incident_id, response.text[:200])


FLAGS = st.lists(st.one_of(
    st.tuples(st.sampled_from(["--force", "--weapon", "--severity", "--outlet", "--q"]), ODD_TEXT),
    st.tuples(st.sampled_from(["--since", "--until"]), DATES),
    st.tuples(st.sampled_from(["--limit", "--offset", "--officers-min"]), NUMBERS),
), max_size=4)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(flags=FLAGS)
def test_any_cli_filter_is_answered_or_refused_in_one_line(
        served: Served, monkeypatch: pytest.MonkeyPatch, flags: list[tuple[str, str]]) -> None:
    monkeypatch.setenv("FRONTLINE_DATABASE_URL", served.db.url)
    get_settings.cache_clear()
    args = ["incidents"] + [part for flag, value in flags for part in (flag, value)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code in (0, 1, 2), (args, result.output[-500:])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)

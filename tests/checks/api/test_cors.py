"""api.cors against the running examples and an app that never answers."""

from __future__ import annotations

import httpx

from launchready import scan
from launchready.lab.examples import RunningExample
from launchready.model import Status
from tests.checks.api.fixtures_surface import edge_app, edge_config

ID = "api.cors"


def test_reflected_origin_with_credentials_fails_on_an_inventory_route_and_preflight(
        vulnerable: RunningExample) -> None:
    r = scan(vulnerable.config(only=(ID,))).result(ID)
    assert r.status is Status.FAIL
    locations = {e.location for e in r.evidence if e.status is Status.FAIL}
    assert {"GET /conversations", "OPTIONS /conversations", "OPTIONS /chat"} <= locations
    listing = next(e for e in r.evidence if e.location == "GET /conversations")
    assert "https://evil.example" in listing.message and "Access-Control-Allow-Credentials: true" in listing.detail
    assert "route chosen: a GET without path parameters, auth not stated (openapi:/openapi.json)" in listing.detail


def test_hardened_passes_although_starlette_sends_allow_credentials_to_refused_origins(
        hardened: RunningExample) -> None:
    # The quirk the check must not key on: credentials "true" without an allowed origin.
    raw = httpx.get(hardened.base_url + "/health", headers={"Origin": "https://evil.example"}, trust_env=False)
    assert raw.headers.get("access-control-allow-credentials") == "true"
    assert "access-control-allow-origin" not in raw.headers
    r = scan(hardened.config(only=(ID,))).result(ID)
    assert r.status is Status.PASS, r.evidence
    assert r.requests >= 10


def test_a_server_that_never_answers_is_an_error_not_a_pass() -> None:
    with edge_app("hang") as url:
        config = edge_config(url, tenants=[], request_timeout=0.5)
        r = scan(config.model_copy(update={"only": (ID,)})).result(ID)
    # Not even the API description answered: no route is known, and nothing was decided.
    assert r.status is Status.ERROR and "cannot fetch the OpenAPI document" in r.summary

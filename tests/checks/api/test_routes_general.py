"""The passive and timing api checks on an API shaped unlike our examples (tests/checks/api/apps_routes.py):
no /me anywhere, X-Powered-By on one route only, a CORS regex that lets a front-end look-alike origin
through, no health route. Each probe's route comes from the route inventory and is named in the evidence;
and over a whole ``--only api`` scan the lab counts, server-side, that no probe went to a route the
inventory does not hold (beyond the documented probe lists)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import httpx
import pytest

from launchready import scan
from launchready.checks.api.auth_required import DEBUG_PATHS, DOC_PATHS
from launchready.checks.api.health import HEALTH_PATHS
from launchready.config import Config
from launchready.engines.inventory import DOC_PAGES
from launchready.lab.examples import checkout_root
from launchready.lab.server import serve_app
from launchready.model import Result, Scorecard, Status
from launchready.targets.http import OPENAPI_PATHS

CREDENTIALS = {"LR_ROUTES_A_USER": "ann", "LR_ROUTES_A_PASSWORD": "ann-pass-for-the-lab-1",
               "LR_ROUTES_B_USER": "bo", "LR_ROUTES_B_PASSWORD": "bo-pass-for-the-lab-2"}
FRONTEND = "https://app.shop.example"


@contextmanager
def lab(**env: str) -> Iterator[str]:
    with serve_app("tests.checks.api.apps_routes:app", env=env, cwd=checkout_root(),
                   health_path="/lab/ready") as url:
        yield url


@pytest.fixture(autouse=True)
def credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in CREDENTIALS.items():
        monkeypatch.setenv(key, value)


PUBLIC = ["GET /catalog", "GET /healthcheck", "POST /accounts/v1/login"]


def config(url: str, only: tuple[str, ...], checks: Mapping[str, Any] | None = None, **api: Any) -> Config:
    return Config.model_validate({
        "url": url,
        "only": list(only),
        "api": {
            "public": PUBLIC,
            "login": {"path": "/accounts/v1/login", "username-field": "username", "password-field": "password",
                      "token-pointer": "/token"},
            "tenants": [
                {"name": "tenant-a", "username-env": "LR_ROUTES_A_USER", "password-env": "LR_ROUTES_A_PASSWORD"},
                {"name": "tenant-b", "username-env": "LR_ROUTES_B_USER", "password-env": "LR_ROUTES_B_PASSWORD"},
            ],
            "request-timeout": 3.0,
            **api,
        },
        "checks": {"api.latency": {"requests": 20, "min-samples": 10, "concurrency": 4},
                   "api.cors": {"frontend-origins": [FRONTEND]}, **(checks or {})},
    })


def received(url: str) -> list[str]:
    answer: list[str] = httpx.get(url + "/lab/requests", trust_env=False).json()
    return answer


# --- CORS: a look-alike of the declared front end -------------------------------------------------

def test_cors_reflecting_a_front_end_look_alike_with_credentials_fails_on_an_inventory_route() -> None:
    with lab(ROUTES_CORS="lookalike") as url:
        r = scan(config(url, ("api.cors",))).result("api.cors")
        sent = received(url)
    assert r.status is Status.FAIL, r.summary
    get = next(e for e in r.evidence if e.status is Status.FAIL and e.location.startswith("GET "))
    assert get.location == "GET /accounts/v1/notes"
    assert "https://evilapp.shop.example" in get.message and "Access-Control-Allow-Credentials: true" in get.detail
    assert "route chosen: an authenticated GET without path parameters" in get.detail
    assert not any("/me" in line.split()[1] for line in sent)


def test_cors_allowing_only_the_front_end_passes_and_names_its_route() -> None:
    with lab(ROUTES_CORS="strict") as url:
        r = scan(config(url, ("api.cors",))).result("api.cors")
    assert r.status is Status.PASS, r.evidence
    assert "on GET /accounts/v1/notes (an authenticated GET without path parameters" in r.summary
    assert "https://evilapp.shop.example" not in r.summary


# --- error-hygiene and security-headers read every answer of the scan ----------------------------

def test_a_banner_on_one_route_another_check_read_fails_error_hygiene_naming_that_route() -> None:
    with lab(ROUTES_BANNER="1") as url:
        card = scan(config(url, ("api.error-hygiene", "api.health")))
    r = card.result("api.error-hygiene")
    assert r.status is Status.FAIL, r.summary
    seen = next(e for e in r.evidence if e.fingerprint == "api.error-hygiene:seen-elsewhere:banner:x-powered-by")
    assert seen.location == "GET /healthcheck"
    assert "X-Powered-By: Python 3.10, FastAPI 0.103.0" in seen.message
    assert "sent by api.health" in seen.detail


def test_without_the_banner_error_hygiene_passes_on_the_same_scan() -> None:
    with lab() as url:
        card = scan(config(url, ("api.error-hygiene", "api.health")))
    r = card.result("api.error-hygiene")
    assert r.status is Status.PASS, r.evidence
    assert "broken Accept → GET /accounts/v1/notes" in r.summary
    assert "invalid path parameter → GET /accounts/v1/notes/abc" in r.summary
    assert card.result("api.health").status is Status.PASS


def test_an_authenticated_answer_without_no_store_seen_by_another_check_fails_security_headers() -> None:
    checks = {"api.security-headers": {"routes": ["/accounts/v1/notes"]},
              "api.latency": {"routes": ["GET /accounts/v1/profile"], "requests": 10, "min-samples": 5}}
    with lab(ROUTES_NO_STORE="partial") as url:
        card = scan(config(url, ("api.security-headers", "api.latency"), checks))
    r = card.result("api.security-headers")
    assert r.status is Status.FAIL, r.summary
    seen = next(e for e in r.evidence if e.fingerprint == "api.security-headers:seen-elsewhere:no-store")
    assert seen.location == "GET /accounts/v1/profile" and "sent by api.latency" in seen.detail
    with lab() as url:
        clean = scan(config(url, ("api.security-headers", "api.latency"), checks)).result("api.security-headers")
    assert clean.status is Status.PASS, clean.evidence


# --- health and latency without the routes they used to assume -----------------------------------

def test_a_missing_health_route_is_a_warn_naming_the_config_key_after_one_try_of_each_conventional_path() -> None:
    with lab(ROUTES_HEALTH="0") as url:
        r = scan(config(url, ("api.health",), public=PUBLIC[::2])).result("api.health")
        sent = received(url)
    assert r.status is Status.WARN and "[api] health" in r.summary, r.summary
    tried = [line.split(" ", 1)[1] for line in sent if line.split(" ", 1)[1] in HEALTH_PATHS]
    assert tried == list(HEALTH_PATHS), sent  # the documented list, once each, and nothing sampled


def test_a_health_route_the_inventory_names_but_the_server_lacks_is_a_warn_not_a_fail() -> None:
    with lab(ROUTES_HEALTH="0") as url:  # the config still lists GET /healthcheck as public
        r = scan(config(url, ("api.health",))).result("api.health")
    assert r.status is Status.WARN, r.evidence
    (evidence,) = r.evidence
    assert evidence.location == "GET /healthcheck" and "answered 404; declare the health route in [api] health" \
        in evidence.message


def test_the_health_route_is_found_in_the_inventory() -> None:
    with lab() as url:
        r = scan(config(url, ("api.health",))).result("api.health")
    assert r.status is Status.PASS and "GET /healthcheck answered 200" in r.summary


def test_latency_times_inventory_routes_and_never_errors_without_one() -> None:
    with lab() as url:
        timed = scan(config(url, ("api.latency",))).result("api.latency")
        missing = scan(config(url, ("api.latency",), {"api.latency": {"routes": ["GET /lr-gone"]}}))
    assert timed.status is Status.PASS, timed.evidence
    assert {"GET /accounts/v1/notes", "GET /accounts/v1/profile"} <= {e.location for e in timed.evidence}
    gone = missing.result("api.latency")
    assert gone.status is Status.WARN and '[checks."api.latency"] routes' in gone.summary


# --- acceptance: no probe outside the inventory ---------------------------------------------------

# The documented probe lists: debug/inventory paths (api.auth-required), the conventional health paths tried
# when none is declared (api.health), API description and documentation
# locations (targets/http.py, engines/inventory.py), the JWKS locations where a signing key is published
# (api.token-tampering), and the paths made up to not exist (the catch-all baselines of targets/http.py and
# api.auth-required, and error-hygiene's unknown-path provocation).
JWKS_PATHS = ("/.well-known/jwks.json", "/jwks.json")
PROBE_LISTS = (frozenset(DEBUG_PATHS) | frozenset(DOC_PATHS) | frozenset(OPENAPI_PATHS) | frozenset(DOC_PAGES)
               | frozenset(JWKS_PATHS) | frozenset(HEALTH_PATHS))
MADE_UP = re.compile(r"^/(?:lr-(?:no-such-route|not-a-route)-[0-9a-f]+|launchready-[0-9a-f]+-no-such-route)$")


def _inventory_paths(url: str) -> list[re.Pattern[str]]:
    spec = httpx.get(url + "/openapi.json", trust_env=False).json()
    return [re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(p)) + "/?$") for p in spec["paths"]]


def _strays(url: str, lines: list[str]) -> list[str]:
    """Requests whose path is neither an inventory route's (any method: a wrong-method provocation and a
    CORS preflight go to routes that exist) nor on a documented probe list."""
    templates = _inventory_paths(url)
    out = []
    for line in lines:
        path = line.split(" ", 1)[1]
        if path in PROBE_LISTS or path.rstrip("/") in PROBE_LISTS or MADE_UP.match(path):
            continue
        if not any(t.match(path) for t in templates):
            out.append(line)
    return sorted(set(out))


def _full_scan(url: str, *, destructive: bool) -> Scorecard:
    return scan(config(url, ("api",)).model_copy(update={"allow_destructive": destructive}))


@pytest.mark.parametrize("destructive", [False, True], ids=["read-only", "allow-destructive"])
def test_a_full_api_scan_sends_no_probe_to_a_route_outside_the_inventory(destructive: bool) -> None:
    with lab() as url:
        card = _full_scan(url, destructive=destructive)
        strays = _strays(url, received(url))
    assert strays == [], strays
    # The footer (and the JSON's requests_total / duration_s) say what the scan of this API cost, within budget.
    assert f"{card.duration_s:.1f} s · {card.requests_total} requests (api " in card.footer()
    assert 0 < card.requests_total <= 2000 and card.duration_s <= 60


MINE = ("api.cors", "api.error-hygiene", "api.security-headers", "api.latency", "api.log-hygiene", "api.health")


@pytest.mark.parametrize("check_id", MINE)
def test_each_passive_or_timing_check_stays_in_the_inventory(check_id: str) -> None:
    with lab() as url:
        result: Result = scan(config(url, (check_id,))).result(check_id)
        strays = _strays(url, received(url))
    assert result.status is not Status.ERROR, result.summary
    assert strays == [], strays

"""api.error-hygiene pinned on an app with a known answer to each provocation: which route each one
went to, each finding's own status, message, location and fingerprint, the banner cut at 160 characters,
an unanswered provocation as a warn, three silences as an error, and a spent budget named."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from launchready import scan
from launchready.lab.examples import checkout_root, scan_credentials
from launchready.lab.server import serve_app
from launchready.model import Result, Status
from tests.checks.api.fixtures_surface import edge_config

ID = "api.error-hygiene"
HOOK = {"path": "/webhooks/stripe", "scheme": "stripe"}


@contextmanager
def _hygiene(env: Mapping[str, str] | None = None) -> Iterator[str]:
    with scan_credentials(), serve_app("tests.checks.api.apps_probe_pins:hygiene", cwd=checkout_root(),
                                       env=dict(env or {})) as url:
        yield url


def _scan(url: str, *, checks: Mapping[str, Any] | None = None, **api: Any) -> Result:
    config = edge_config(url, chat="POST /chat", request_timeout=1.0, webhooks=[HOOK], checks=checks, **api)
    return scan(config.model_copy(update={"only": (ID,)})).result(ID)


def test_a_clean_app_passes_naming_every_provocation_and_its_route() -> None:
    with _hygiene() as url:
        result = _scan(url)
    assert result.status is Status.PASS, result.evidence
    assert result.evidence == ()
    assert result.requests == 9  # 1 malformed JSON, 1 unknown path, 1 wrong method, 4 path values, 1 Accept, 1 hook
    assert re.fullmatch(
        r"9 provoked errors answered without internals \(malformed JSON → POST /chat; unknown path → "
        r"GET /lr-not-a-route-[0-9a-f]{8}; wrong method → POST /notes; invalid path parameter → GET /notes/abc, "
        r"GET /notes/%00 …; broken Accept → GET /notes; unparseable webhook body → POST /webhooks/stripe\); "
        r"no version banners", result.summary), result.summary


PATH_PARAM = "route chosen: a GET with one path parameter (openapi:/openapi.json)"


def test_each_leak_and_banner_is_its_own_failure_at_the_route_that_answered() -> None:
    with _hygiene({"HYGIENE_LEAKY": "1"}) as url:
        result = _scan(url)
    assert result.status is Status.FAIL
    assert result.summary == "error responses or headers reveal internals"
    assert all(e.status is Status.FAIL for e in result.evidence)
    by_location = {e.location: e for e in result.evidence if not e.fingerprint.startswith(f"{ID}:header:")}
    unknown = next(loc for loc in by_location if loc.startswith("GET /lr-not-a-route-"))
    expected = {
        "POST /chat": ("malformed JSON", 400, "an SQL error", "the declared chat route ([api] chat)"),
        unknown: ("unknown path", 404, "a server file path", "a path made up to not exist"),
        "POST /notes": ("wrong method", 405, "a server file path", "a GET route the inventory lists no POST for "
                        "(a GET without path parameters, auth not stated (openapi:/openapi.json))"),
        "GET /notes/abc": ("invalid path parameter", 400, "library versions", PATH_PARAM[14:]),
        "GET /notes/%00": ("invalid path parameter", 400, "a server file path", PATH_PARAM[14:]),
        "GET /notes/999999999999999999999": ("invalid path parameter", 500, "an SQL error", PATH_PARAM[14:]),
        "GET /notes/-1": ("invalid path parameter", 500, "a Python traceback, a server file path", PATH_PARAM[14:]),
        "POST /webhooks/stripe": ("unparseable webhook body", 400, "a server file path", "a declared webhook"),
    }
    assert sorted(by_location) == sorted(expected)
    for where, (label, status, kinds, why) in expected.items():
        item = by_location[where]
        assert item.message == f"{where} ({label}) answered {status} with {kinds}"
        assert item.fingerprint == f"{ID}:{where.split()[0]} {where.split('/')[1]}:{label}:{kinds}"
        assert item.detail.endswith(f"\nroute chosen: {why}"), item.detail
        # the tenant's credentials go only where the route needs them, never to a made-up path, a wrong method
        # or a webhook
        sent_as_tenant = '-H "authorization: Bearer $LR_TENANT_A_TOKEN"' in item.detail
        assert sent_as_tenant is (label in ("malformed JSON", "invalid path parameter")), where
    assert "an SQL error: …sqlite3.OperationalError: near \"lr\": syntax error…" in by_location["POST /chat"].detail
    headers = {e.fingerprint: e for e in result.evidence if e.fingerprint.startswith(f"{ID}:header:")}
    assert sorted(headers) == [f"{ID}:header:server", f"{ID}:header:x-powered-by"]
    powered = headers[f"{ID}:header:x-powered-by"]
    assert powered.location == "GET /notes"  # sent only to the broken Accept
    assert powered.message == "X-Powered-By header carries versions: X-Powered-By: PHP/8.1.2"
    assert powered.detail == "GET /notes → 200\nX-Powered-By: PHP/8.1.2"
    server = headers[f"{ID}:header:server"]
    assert server.location == "POST /webhooks/stripe"
    shown = server.message.removeprefix("Server header carries versions: Server: ")
    assert shown.startswith("uvicorn, gunicorn/21.2.0 xxx") and shown.endswith("x…") and len(shown) == 160
    assert result.requests == 9


def test_one_provocation_without_an_answer_is_a_warning_naming_it() -> None:
    with _hygiene({"HYGIENE_HANG": "abc"}) as url:
        result = _scan(url)
    assert result.status is Status.WARN
    [unanswered] = result.evidence
    assert unanswered.status is Status.WARN and unanswered.fingerprint == "api.error-hygiene:unanswered"
    assert unanswered.message.startswith("1 provocation(s) got no answer: GET /notes/abc: ")
    assert result.requests == 9  # the silence did not stop the other eight


def test_a_server_that_answers_nothing_is_an_error_after_three_silences() -> None:
    hooks = [HOOK, {"path": "/webhooks/github", "scheme": "github"}]
    with scan_credentials(), serve_app("launchready.lab.edge_apps:hang", cwd=checkout_root()) as url:
        config = edge_config(url, tenants=[], chat="POST /chat", request_timeout=0.5, webhooks=hooks)
        result = scan(config.model_copy(update={"only": (ID,)})).result(ID)
    assert result.status is Status.ERROR
    assert result.summary.startswith("no provoked error got an answer: POST /chat: ")
    assert result.requests == 3  # malformed JSON, the unknown path, the first hook; the second is not sent


def test_a_route_named_in_the_option_gets_the_broken_accept() -> None:
    with _hygiene() as url:
        result = _scan(url, checks={ID: {"route": "GET /notes/1"}})
    assert result.status is Status.PASS and result.requests == 9
    assert "; broken Accept → GET /notes/1; " in result.summary, result.summary


def test_the_default_budget_is_forty_requests() -> None:
    hooks = [{"path": f"/webhooks/hook-{i}", "scheme": "stripe"} for i in range(33)]  # 8 + 33 = 41 provocations
    with _hygiene() as url:
        config = edge_config(url, chat="POST /chat", request_timeout=1.0, webhooks=hooks)
        result = scan(config.model_copy(update={"only": (ID,)})).result(ID)
    assert result.status is Status.PASS and result.requests == 40
    assert result.summary.endswith("no version banners (stopped early: request budget of 40 spent)"), result.summary


def test_a_spent_budget_is_named_in_the_summary() -> None:
    with _hygiene() as url:
        result = _scan(url, checks={ID: {"budget": 2}})
    assert result.status is Status.PASS and result.requests == 2
    assert result.summary.startswith("2 provoked errors answered without internals (")
    assert result.summary.endswith("no version banners (stopped early: request budget of 2 spent)"), result.summary


def test_no_budget_at_all_is_an_error_with_nothing_sent() -> None:
    with _hygiene() as url:
        result = _scan(url, checks={ID: {"budget": 0}})
    assert result.status is Status.ERROR and result.requests == 0
    assert result.summary == "no provoked error got an answer: nothing to send"


def test_the_broken_accept_goes_to_the_first_readable_route_and_its_finding_says_why() -> None:
    # GET /notes (auth not stated) is read before GET /tags, declared public: the broken Accept and its reason are
    # the first one's
    with _hygiene({"HYGIENE_ACCEPT_LEAK": "1"}) as url:
        result = _scan(url, public=["GET /tags", "GET /health", "POST /webhooks/stripe"])
    [item] = [e for e in result.evidence if "(broken Accept)" in e.message]
    assert (item.status, item.location) == (Status.FAIL, "GET /notes")
    assert item.message == "GET /notes (broken Accept) answered 406 with a server file path"
    assert item.detail.endswith("\nroute chosen: a GET without path parameters, auth not stated "
                                "(openapi:/openapi.json)"), item.detail

"""The one rule every api check goes through: no verdict from answers that are not the route's own."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from launchready.config import Config
from launchready.context import CheckContext, Targets
from launchready.engines.live import settle
from launchready.model import Evidence, Outcome, Profile, Status
from launchready.profiles import load_profile
from launchready.targets.http import ApiTarget, Exchange, Ledger

HINT = 'declare a route: [checks."api.x"] route'


@pytest.fixture
def api() -> Iterator[ApiTarget]:
    target = ApiTarget(Config(url="http://127.0.0.1:9"))  # nothing listens: no answer is ever asked here
    yield target
    target.close()


def _ctx(api: ApiTarget) -> CheckContext:
    return CheckContext(api.config, Targets(), {}, load_profile(Profile.HANDOVER))


def _ledger(*answers: tuple[str, str, int, dict[str, str]], failures: tuple[str, ...] = ()) -> Ledger:
    ledger = Ledger()
    for method, path, status, headers in answers:
        ledger.record(Exchange(method, f"http://127.0.0.1:9{path}", {}, "", status, headers, b"", 1.0))
    for failure in failures:
        ledger.fail(failure)
    return ledger


PASSED = Outcome(Status.PASS, "no hostile origin granted", requests=3)
FAILED = Outcome(Status.FAIL, "answered 200 without credentials",
                 (Evidence(Status.FAIL, "GET /me answered 500 with a traceback", "GET /me"),), requests=2)


def test_a_pass_on_redirects_only_is_undetermined_naming_the_redirect(api: ApiTarget) -> None:
    ledger = _ledger(("GET", "/me", 302, {"Location": "/login"}), ("OPTIONS", "/me", 302, {"location": "/login"}))
    out = settle(PASSED, ledger, api, _ctx(api), check_id="api.x", hint=HINT)
    assert (out.status, out.summary) == (Status.WARN, f"undetermined: every answer (2) was 302 → /login; {HINT}")
    assert [(e.status, e.location, e.fingerprint) for e in out.evidence] == [
        (Status.WARN, "GET /me", "api.x:undetermined")]
    assert "curl" in out.evidence[0].detail and "→ 302" in out.evidence[0].detail
    assert out.requests == 3


def test_a_fail_on_5xx_and_silence_is_undetermined_and_its_evidence_a_warn(api: ApiTarget) -> None:
    ledger = _ledger(("GET", "/me", 500, {}), failures=("POST /chat: no complete answer within 3s",))
    out = settle(FAILED, ledger, api, _ctx(api), check_id="api.x", hint=HINT)
    assert out.status is Status.WARN
    assert out.summary.startswith("undetermined: no answer could be judged: 1 × 500, 1 × no answer (POST /chat")
    assert [(e.status, e.message) for e in out.evidence][1:] == [
        (Status.WARN, "GET /me answered 500 with a traceback")]


def test_a_leak_that_stands_on_any_answer_keeps_its_fail(api: ApiTarget) -> None:
    out = settle(FAILED, _ledger(("GET", "/me", 500, {})), api, _ctx(api), check_id="api.x", hint=HINT,
                 keep_fail=lambda e: "traceback" in e.message)
    assert out is FAILED
    out = settle(FAILED, _ledger(("GET", "/me", 500, {})), api, _ctx(api), check_id="api.x", hint=HINT,
                 keep_fail=lambda e: "SSRF" in e.message)
    assert out.status is Status.WARN


@pytest.mark.parametrize("status", [200, 201, 400, 401, 403, 405, 422, 429])
def test_one_answer_of_the_route_itself_lets_the_verdict_stand(api: ApiTarget, status: int) -> None:
    ledger = _ledger(("GET", "/me", 302, {"Location": "/login"}), ("GET", "/me", status, {}))
    if 200 <= status < 300:
        api._stranger = (None,)  # the catch-all probe could not be asked: nothing to compare with
    assert settle(PASSED, ledger, api, _ctx(api), check_id="api.x", hint=HINT) is PASSED


def test_a_2xx_identical_to_a_route_that_cannot_exist_is_not_the_route(api: ApiTarget) -> None:
    api._stranger = (Exchange("GET", "http://127.0.0.1:9/lr-no-such-route", {}, "", 200, {}, b"", 1.0),)
    out = settle(PASSED, _ledger(("GET", "/health", 200, {})), api, _ctx(api), check_id="api.x", hint=HINT)
    assert out.summary.startswith("undetermined: the only answer was 200 with the very answer a route that does "
                                  "not exist gets")


def test_errors_skips_and_warns_and_checks_that_sent_nothing_are_left_alone(api: ApiTarget) -> None:
    redirects = _ledger(("GET", "/me", 302, {"Location": "/login"}))
    for outcome in (Outcome(Status.ERROR, "no answer"), Outcome(Status.SKIP, "no webhooks declared"),
                    Outcome(Status.WARN, "partial")):
        assert settle(outcome, redirects, api, _ctx(api), check_id="api.x", hint=HINT) is outcome
    assert settle(PASSED, Ledger(), api, _ctx(api), check_id="api.x", hint=HINT) is PASSED


def test_a_pass_over_an_openapi_document_read_in_part_is_a_warn_naming_the_skipped_nodes(api: ApiTarget) -> None:
    api.inventory_notes.append("OpenAPI POST /chat requestBody is a str, not an object: ignored")
    out = settle(PASSED, _ledger(("GET", "/me", 401, {})), api, _ctx(api), check_id="api.x", hint=HINT)
    assert out.status is Status.WARN
    assert [(e.status, e.fingerprint) for e in out.evidence] == [(Status.WARN, "api.x:openapi-shape")]
    assert "POST /chat requestBody is a str" in out.evidence[0].detail


def test_a_health_route_answering_500_alone_fails_but_not_when_every_route_does(api: ApiTarget) -> None:
    failing = Outcome(Status.FAIL, "GET /health answered 500, not 200",
                      (Evidence(Status.FAIL, "GET /health answered 500, not 200", "GET /health"),))
    ledger = _ledger(("GET", "/health", 500, {}))
    api._stranger = (Exchange("GET", "http://127.0.0.1:9/lr-no-such-route", {}, "", 404, {}, b"", 1.0),)
    assert settle(failing, ledger, api, _ctx(api), check_id="api.health", hint=HINT, own_status=True) is failing
    api._stranger = (Exchange("GET", "http://127.0.0.1:9/lr-no-such-route", {}, "", 500, {}, b"", 1.0),)
    out = settle(failing, ledger, api, _ctx(api), check_id="api.health", hint=HINT, own_status=True)
    assert (out.status, out.summary) == (Status.WARN, f"undetermined: the only answer was 500; {HINT}")


def test_a_pass_with_no_answer_at_all_is_undetermined(api: ApiTarget) -> None:
    ledger = _ledger(failures=("GET /me: RemoteProtocolError: illegal status line", "GET /x: timeout"))
    out = settle(PASSED, ledger, api, _ctx(api), check_id="api.x", hint=HINT)
    assert (out.status, out.summary) == (
        Status.WARN, f"undetermined: no request got an answer (2 sent; GET /me: RemoteProtocolError: illegal "
                     f"status line); {HINT}")
    assert [(e.status, e.location) for e in out.evidence] == [(Status.WARN, "")]

"""api.cors pinned item by item: the hostile origins it builds, what one answer means, and — against one real
app whose routes each carry one CORS policy (``apps_cors_pins``) — each evidence item's own status, message,
location and detail, one policy per scan."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from launchready import scan
from launchready.checks.api.cors import Finding, hostile_origins, judge
from launchready.config import Config
from launchready.lab.examples import checkout_root, scan_credentials
from launchready.lab.server import serve_app
from launchready.model import Result, Status
from tests.checks.api.exchanges import answer

ID = "api.cors"
CHOSEN = 'route chosen: named in [checks."api.cors"] route'


def test_hostile_origins_of_a_plain_http_target() -> None:
    assert hostile_origins("http://127.0.0.1:8000") == [
        "https://evil.example", "null", "https://127.0.0.1.evil.example", "https://evil127.0.0.1",
        "https://127.0.0x1"]


def test_hostile_origins_are_built_from_the_target_every_trusted_origin_and_the_domain() -> None:
    assert hostile_origins("https://API.example.com", ["app.example.com", "http://www.example.com", "https://", ""],
                           " Example.com. ") == [
        "https://evil.example", "null",
        "https://api.example.com.evil.example", "https://evilapi.example.com", "https://api.examplexcom",
        "http://api.example.com",
        "https://app.example.com.evil.example", "https://evilapp.example.com", "https://app.examplexcom",
        "http://app.example.com",  # a trusted origin without a scheme is taken as https
        "https://www.example.com.evil.example", "https://evilwww.example.com", "https://www.examplexcom",
        "https://example.com.evil.example", "https://evilexample.com", "https://examplexcom", "http://example.com"]


def test_a_single_label_host_gets_no_unescaped_dot_origin_and_duplicates_are_dropped() -> None:
    assert hostile_origins("http://localhost", ["http://localhost"]) == [
        "https://evil.example", "null", "https://localhost.evil.example", "https://evillocalhost"]


@pytest.mark.parametrize(("headers", "kind"), [
    ({"access-control-allow-origin": "https://evil.example", "access-control-allow-credentials": "true"},
     "reflected-credentials"),
    ({"Access-Control-Allow-Origin": "HTTPS://EVIL.example ", "Access-Control-Allow-Credentials": " True "},
     "reflected-credentials"),
    ({"access-control-allow-origin": "https://evil.example"}, "reflected"),
    ({"access-control-allow-origin": "https://evil.example", "access-control-allow-credentials": "false"},
     "reflected"),
    ({"access-control-allow-origin": " * ", "access-control-allow-credentials": "true"}, "wildcard-credentials"),
    ({"access-control-allow-origin": "*"}, "wildcard"),
])
def test_an_answer_granting_the_hostile_origin_is_a_finding_of_its_kind(headers: dict[str, str], kind: str) -> None:
    ex = answer(200, "{}", headers)
    assert judge(ex, "https://evil.example") == Finding(kind, "https://evil.example", ex)


@pytest.mark.parametrize("headers", [
    {}, {"access-control-allow-credentials": "true"},
    {"access-control-allow-origin": "https://app.example.com", "access-control-allow-credentials": "true"},
    {"access-control-allow-origin": "", "access-control-allow-credentials": "true"},
])
def test_an_answer_granting_nothing_or_another_origin_is_no_finding(headers: dict[str, str]) -> None:
    assert judge(answer(200, "{}", headers), "https://evil.example") is None


@pytest.fixture(scope="module")
def policies() -> Iterator[str]:
    with serve_app("tests.checks.api.apps_cors_pins:app", cwd=checkout_root()) as url:
        yield url


def _scan(url: str, route: str | list[str], **api: object) -> Result:
    config = Config.model_validate({"url": url, "only": [ID], "checks": {ID: {"route": route}}, "api": api})
    return scan(config).result(ID)


def _items(result: Result) -> dict[str, tuple[Status, str, str]]:
    return {e.fingerprint: (e.status, e.message, e.location) for e in result.evidence}


FIVE = "https://evil.example, null, https://127.0.0.1.evil.example and 2 more"


def test_a_reflected_origin_with_credentials_fails_on_the_get_and_on_the_preflight(policies: str) -> None:
    result = _scan(policies, "GET /reflect-credentials")
    with_credentials = "in Access-Control-Allow-Origin with Access-Control-Allow-Credentials: true"
    assert _items(result) == {
        "api.cors:GET /reflect-credentials:reflected-credentials": (
            Status.FAIL, f"GET /reflect-credentials reflects hostile Origin {FIVE} {with_credentials}",
            "GET /reflect-credentials"),
        "api.cors:preflight OPTIONS /reflect-credentials:reflected-credentials": (
            Status.FAIL, f"preflight OPTIONS /reflect-credentials reflects hostile Origin {FIVE} {with_credentials}",
            "OPTIONS /reflect-credentials"),
    }
    assert result.status is Status.FAIL
    assert result.summary == ("hostile origins granted cross-origin access: 5 hostile origins on GET "
                              "/reflect-credentials (named in [checks.\"api.cors\"] route) and preflights to "
                              "/reflect-credentials")
    assert result.requests == 10  # one GET and one preflight per origin
    get = next(e for e in result.evidence if e.location == "GET /reflect-credentials")
    assert get.detail.startswith("Origin: https://evil.example\n→ Access-Control-Allow-Origin: https://evil.example\n"
                                 "→ Access-Control-Allow-Credentials: true\ncurl -sS -X GET -H 'origin: "
                                 "https://evil.example' http://127.0.0.1:")
    assert get.detail.endswith('/reflect-credentials\n→ 200 {"items":[{"id":1,"path":"/reflect-credentials"}]}\n'
                               + CHOSEN)


def test_three_origins_are_named_in_full_and_the_declared_chat_route_gets_its_own_preflight(policies: str) -> None:
    result = _scan(policies, "GET /evil-only", chat="POST /reflect")
    three = "https://evil.example, https://127.0.0.1.evil.example, https://evil127.0.0.1"
    assert _items(result) == {
        "api.cors:GET /evil-only:reflected-credentials": (
            Status.FAIL, f"GET /evil-only reflects hostile Origin {three} in Access-Control-Allow-Origin with "
            "Access-Control-Allow-Credentials: true", "GET /evil-only"),
        "api.cors:preflight OPTIONS /evil-only:reflected-credentials": (
            Status.FAIL, f"preflight OPTIONS /evil-only reflects hostile Origin {three} in Access-Control-Allow-Origin "
            "with Access-Control-Allow-Credentials: true", "OPTIONS /evil-only"),
        "api.cors:preflight OPTIONS /reflect:reflected": (
            Status.WARN, f"preflight OPTIONS /reflect reflects hostile Origin {FIVE} in Access-Control-Allow-Origin "
            "(without credentials)", "OPTIONS /reflect"),
    }
    assert result.summary.endswith("and preflights to /evil-only, /reflect")
    assert result.requests == 15


def test_a_chat_route_that_is_the_probed_route_is_not_preflighted_twice(policies: str) -> None:
    result = _scan(policies, "GET /clean", chat="POST /clean")
    assert result.status is Status.PASS and result.evidence == ()
    assert result.summary == ("no hostile origin granted: 5 hostile origins on GET /clean (named in [checks.\"api.cors\"] "
                              "route) and preflights to /clean")
    assert result.requests == 10


@pytest.mark.parametrize(("route", "kind", "status", "message"), [
    ("/wildcard-credentials", "wildcard-credentials", Status.FAIL, "answers Origin {o} with Access-Control-Allow-Origin: * and "
                                           "Access-Control-Allow-Credentials: true"),
    ("/wildcard", "wildcard", Status.WARN, "answers Access-Control-Allow-Origin: * (no credentials) to Origin {o}"),
    ("/reflect", "reflected", Status.WARN, "reflects hostile Origin {o} in Access-Control-Allow-Origin (without credentials)"),
])
def test_each_kind_of_grant_has_its_own_status_and_words(policies: str, route: str, kind: str, status: Status,
                                                        message: str) -> None:
    result = _scan(policies, f"GET {route}")
    assert _items(result) == {
        f"api.cors:GET {route}:{kind}": (status, f"GET {route} " + message.format(o=FIVE), f"GET {route}"),
        f"api.cors:preflight OPTIONS {route}:{kind}": (status, f"preflight OPTIONS {route} " + message.format(o=FIVE),
                                                       f"OPTIONS {route}"),
    }
    assert result.status is status


def test_credentials_without_an_allowed_origin_pass(policies: str) -> None:
    result = _scan(policies, "GET /credentials-only")
    assert result.status is Status.PASS and result.evidence == ()


def test_routes_that_answer_404_or_500_are_skipped_and_named(policies: str) -> None:
    result = _scan(policies, ["GET /missing", "GET /broken", "GET /clean"])
    assert result.status is Status.PASS and result.evidence == ()
    assert result.summary.endswith("preflights to /clean; skipped GET /missing → 404, GET /broken → 500")
    assert result.requests == 12


def test_no_route_that_answers_is_undetermined_not_a_pass(policies: str) -> None:
    result = _scan(policies, ["GET /missing", "GET /broken"])
    assert result.status is Status.WARN
    assert result.summary == ("undetermined: no candidate route answered (GET /missing → 404; GET /broken → 500); "
                              "name a route that answers in [checks.\"api.cors\"] route")
    assert [(e.status, e.message, e.location, e.fingerprint) for e in result.evidence] == [
        (Status.WARN, "no route answered the hostile origin: GET /missing → 404; GET /broken → 500", "GET /missing",
         "api.cors:no-route")]


def test_a_grant_on_the_first_request_alone_is_still_a_finding(policies: str) -> None:
    result = _scan(policies, "GET /first-only")
    assert _items(result) == {"api.cors:GET /first-only:reflected-credentials": (
        Status.FAIL, "GET /first-only reflects hostile Origin https://evil.example in Access-Control-Allow-Origin "
        "with Access-Control-Allow-Credentials: true", "GET /first-only")}


def test_preflights_that_get_no_answer_are_a_warning_not_a_pass(policies: str) -> None:
    result = _scan(policies, "GET /drop-preflight")
    # (how the transport words a closed connection is not this check's: only the probe and the route are pinned)
    assert [(e.status, e.message.split(": ", 2)[:2], e.location, e.fingerprint) for e in result.evidence] == [
        (Status.WARN, ["5 CORS probe(s) got no answer", "OPTIONS /drop-preflight"], "GET /drop-preflight",
         "api.cors:unanswered")]
    assert result.status is Status.WARN
    assert result.summary == ("not every CORS probe was answered: 5 hostile origins on GET /drop-preflight (named in "
                              "[checks.\"api.cors\"] route) and preflights to /drop-preflight")


def test_two_silent_routes_are_passed_over_and_counted(policies: str) -> None:
    result = _scan(policies, ["GET /drop", "GET /drop2", "GET /clean"])
    assert [(e.status, e.message.split(": ", 2)[:2], e.location) for e in result.evidence] == [
        (Status.WARN, ["2 CORS probe(s) got no answer", "GET /drop"], "GET /clean")]
    assert result.status is Status.WARN


def test_three_silent_routes_stop_the_search_and_nothing_answered_is_an_error(policies: str) -> None:
    result = _scan(policies, ["GET /drop", "GET /drop2", "GET /drop3", "GET /clean"])
    assert result.status is Status.ERROR and result.evidence == ()
    assert result.summary.startswith("no CORS probe got an answer: GET /drop: ")


def test_every_get_carries_the_tenants_credentials(policies: str) -> None:
    config = Config.model_validate({
        "url": policies, "only": [ID], "checks": {ID: {"route": "GET /private"}},
        "api": {"tenants": [{"name": "tenant-a", "username-env": "LR_TENANT_A_EMAIL",
                             "password-env": "LR_TENANT_A_PASSWORD"}]}})
    with scan_credentials():
        result = scan(config).result(ID)
    assert _items(result) == {"api.cors:GET /private:reflected-credentials": (
        Status.FAIL, f"GET /private reflects hostile Origin {FIVE} in Access-Control-Allow-Origin with "
        "Access-Control-Allow-Credentials: true", "GET /private")}
    assert '-H "authorization: Bearer $LR_TENANT_A_TOKEN"' in result.evidence[0].detail


def test_a_preflight_asks_for_the_authorization_header_an_attack_needs(policies: str) -> None:
    # The server grants any origin a preflight for simple headers only: an attacker's page could not send the
    # victim's Authorization header, so nothing is granted that matters.
    result = _scan(policies, "GET /simple-headers-only")
    assert result.status is Status.PASS and result.evidence == ()

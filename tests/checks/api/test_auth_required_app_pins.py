"""api.auth-required pinned item by item against an API with exactly one authentication flaw per run
(``apps_auth_pins``): each evidence item's own status, message, location and fingerprint, the check's
status, summary and counts. The login comparison's timing words vary from run to run; everything else is
written out. Two login samples of each kind: a single pair further apart than the 50 ms noise floor (a loaded
machine) would leave the timing "not compared", a warning; a second pair settles it."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from launchready import scan
from launchready.config import Config
from launchready.lab.examples import checkout_root, scan_credentials
from launchready.lab.server import serve_app
from launchready.model import Result, Status

ID = "api.auth-required"
TENANTS = [{"name": "tenant-a", "username-env": "LR_TENANT_A_EMAIL", "password-env": "LR_TENANT_A_PASSWORD"},
           {"name": "tenant-b", "username-env": "LR_TENANT_B_EMAIL", "password-env": "LR_TENANT_B_PASSWORD"}]
NOT_JWT = ("1 PUT/PATCH/DELETE operation(s) not sent without credentials (they change data; privileged ones are "
           "tried with lower roles under allow-destructive); deleted-user token not tested: the session token is not "
           "a JWT.")
LOGIN_ALIKE = ("api.auth-required:POST /auth/login:enumeration", Status.PASS, "POST /auth/login")


@pytest.fixture
def served(request: pytest.FixtureRequest) -> Iterator[str]:
    with scan_credentials(), serve_app("tests.checks.api.apps_auth_pins:app", env={"AUTH_PIN_MODE": request.param},
                                       cwd=checkout_root()) as url:
        yield url


def _scan(url: str, **options: object) -> Result:
    config = Config.model_validate({
        "url": url, "only": [ID], "checks": {ID: {"enumeration-samples": 2, **options}},
        "api": {"tenants": TENANTS, "reset": "POST /auth/reset",
                "public": ["GET /health", "POST /auth/login", "POST /auth/reset", "GET /openapi.json"]}})
    with scan_credentials():
        return scan(config).result(ID)


def _items(result: Result) -> list[tuple[str, Status, str]]:
    return [(e.fingerprint, e.status, e.location) for e in result.evidence]


def _message(result: Result, fingerprint: str) -> str:
    return next(e.message for e in result.evidence if e.fingerprint == fingerprint)


@pytest.mark.parametrize("served", ["clean"], indirect=True)
def test_a_clean_api_passes_with_its_routes_variants_and_login_comparison_counted(served: str) -> None:
    result = _scan(served)
    assert _items(result) == [LOGIN_ALIKE]
    assert _message(result, LOGIN_ALIKE[0]).startswith(
        "login answers an unknown user and a wrong password alike: same status (401) and same body once volatile "
        "parts are removed; timing within noise (")
    assert result.status is Status.PASS
    assert result.summary == f"4 protected route(s) refused 8 credential variant(s) with 401/403. {NOT_JWT}"
    assert result.metrics == {"routes": 4, "variants": 8}  # GET /invoices, /invoices/7, /notes and POST /exports
    # the unknown account is made up fresh for each scan: ten random hex digits at a domain that cannot exist
    assert re.search(r"""--data-raw '\{"email":"launchready-nobody-[0-9a-f]{10}@example\.invalid","password":""",
                     result.evidence[0].detail), result.evidence[0].detail


@pytest.mark.parametrize("served", ["open"], indirect=True)
def test_an_open_route_fails_once_and_is_not_sent_the_credential_variants(served: str) -> None:
    result = _scan(served)
    assert _items(result) == [("api.auth-required:GET /invoices:no-credentials", Status.FAIL, "GET /invoices"),
                              LOGIN_ALIKE]
    assert result.evidence[0].message == "GET /invoices is open without credentials: answered 200 with data"
    assert result.evidence[0].detail.endswith('/invoices\n→ 200 [{"id":7,"total":120}]')
    assert result.status is Status.FAIL
    assert result.summary == f"1 unauthenticated or unauthorised access(es) found. {NOT_JWT}"
    assert result.metrics == {"routes": 4, "variants": 6}


@pytest.mark.parametrize("served", ["open-item"], indirect=True)
def test_an_item_route_is_probed_with_a_real_id_read_from_the_listing(served: str) -> None:
    result = _scan(served)
    route = "GET /invoices/{invoice_id}"
    assert _items(result) == [(f"api.auth-required:{route}:no-credentials", Status.FAIL, route), LOGIN_ALIKE]
    assert result.evidence[0].message == f"{route} is open without credentials: answered 200 with data"
    assert result.evidence[0].detail.endswith('/invoices/7\n→ 200 {"id":7,"total":120}')


@pytest.mark.parametrize("served", ["open-export"], indirect=True)
def test_a_post_only_route_is_probed_with_an_empty_body(served: str) -> None:
    result = _scan(served)
    assert _items(result) == [("api.auth-required:POST /exports:no-credentials", Status.FAIL, "POST /exports"),
                              LOGIN_ALIKE]
    assert result.evidence[0].message == "POST /exports is open without credentials: answered 202 with data"
    assert "--data-raw '{}'" in result.evidence[0].detail


@pytest.mark.parametrize("served", ["clean"], indirect=True)
def test_without_a_tenant_only_the_routes_are_probed_and_the_rest_is_named(served: str) -> None:
    config = Config.model_validate({"url": served, "only": [ID], "api": {
        "public": ["GET /health", "POST /auth/login", "POST /auth/reset", "GET /openapi.json"]}})
    result = scan(config).result(ID)
    assert result.evidence == ()
    assert result.status is Status.PASS
    assert result.summary == ("4 protected route(s) refused 8 credential variant(s) with 401/403. no test tenant "
                              "declared: function-level and login checks not run; 1 PUT/PATCH/DELETE operation(s) not "
                              "sent without credentials (they change data; privileged ones are tried with lower roles "
                              "under allow-destructive).")


@pytest.mark.parametrize("served", ["any-token"], indirect=True)
def test_a_route_taking_any_token_fails_for_each_variant(served: str) -> None:
    result = _scan(served)
    assert _items(result) == [("api.auth-required:GET /invoices:garbage-token", Status.FAIL, "GET /invoices"),
                              ("api.auth-required:GET /invoices:empty-bearer", Status.FAIL, "GET /invoices"),
                              LOGIN_ALIKE]
    assert result.evidence[0].message == "GET /invoices with a garbage token: answered 200 with data"
    assert result.evidence[1].message == "GET /invoices with a empty bearer: answered 200 with data"
    assert result.evidence[0].detail.startswith(  # the replay names how the token was made
        "# set LR_FORGED_GARBAGE_TOKEN to any made-up string (the scan sent lr-garbage- and 12 random hex digits)\n"
        'curl -sS -X GET -H "authorization: Bearer $LR_FORGED_GARBAGE_TOKEN" http://127.0.0.1:')
    # "Bearer lr-garbage-" and 12 hex digits: 30 characters, as the replay's comment says
    assert result.evidence[0].detail.endswith('→ 200 [{"id":7,"total":120,"token_length":30}]')
    assert result.evidence[1].detail.endswith('→ 200 [{"id":7,"total":120,"token_length":6}]')  # "Bearer"
    assert result.summary == f"2 unauthenticated or unauthorised access(es) found. {NOT_JWT}"


@pytest.mark.parametrize("served", ["redirect"], indirect=True)
def test_a_redirect_elsewhere_warns_and_a_redirect_to_login_passes(served: str) -> None:
    result = _scan(served)
    assert _items(result) == [("api.auth-required:GET /invoices:no-credentials", Status.WARN, "GET /invoices"),
                              LOGIN_ALIKE]
    assert result.evidence[0].message == ("GET /invoices gave an inconclusive answer without credentials: answered "
                                          "302 → /home: not a clean 401/403")
    assert result.status is Status.WARN
    assert result.summary == f"no bypass found, but some answers were inconclusive. {NOT_JWT}"


@pytest.mark.parametrize("served", ["validation"], indirect=True)
def test_a_validation_error_before_authentication_is_inconclusive_for_every_variant(served: str) -> None:
    result = _scan(served)
    assert _items(result) == [("api.auth-required:GET /invoices:no-credentials", Status.WARN, "GET /invoices"),
                              ("api.auth-required:GET /invoices:garbage-token", Status.WARN, "GET /invoices"),
                              ("api.auth-required:GET /invoices:empty-bearer", Status.WARN, "GET /invoices"),
                              LOGIN_ALIKE]
    assert all(e.message.endswith("answered 422 (input validated before authentication?)")
               for e in result.evidence[:3])
    assert result.status is Status.WARN


@pytest.mark.parametrize("served", ["debug"], indirect=True)
def test_an_exposed_debug_path_fails_and_exposed_docs_warn(served: str) -> None:
    result = _scan(served)
    assert _items(result) == [("api.auth-required:GET /debug/vars:exposed", Status.FAIL, "GET /debug/vars"),
                              ("api.auth-required:GET /redoc:exposed", Status.WARN, "GET /redoc"), LOGIN_ALIKE]
    assert result.evidence[0].message == ("debug/inventory path exposed: GET /debug/vars answered 200 without "
                                          "credentials")
    assert result.evidence[1].message == ("API documentation exposed (consider hiding it in production): GET /redoc "
                                          "answered 200 without credentials")
    assert result.status is Status.FAIL
    assert result.summary == f"1 unauthenticated or unauthorised access(es) found. {NOT_JWT}"


@pytest.mark.parametrize("served", ["catch-all"], indirect=True)
def test_debug_paths_answering_like_any_unknown_path_are_not_exposed(served: str) -> None:
    result = _scan(served)
    assert _items(result) == [LOGIN_ALIKE]
    assert result.status is Status.PASS
    assert result.summary == (f"4 protected route(s) refused 8 credential variant(s) with 401/403. {NOT_JWT[:-1]}; "
                              "unknown paths answer 2xx (a catch-all): debug paths judged against it.")


@pytest.mark.parametrize("served", ["login-status"], indirect=True)
def test_a_login_answering_unknown_users_with_another_status_enumerates_accounts(served: str) -> None:
    result = _scan(served)
    assert _items(result) == [("api.auth-required:POST /auth/login:enumeration", Status.FAIL, "POST /auth/login")]
    assert result.evidence[0].message == (
        'login tells an unknown user (404 {"detail":"invalid email or password"}) from a wrong password (401 '
        '{"detail":"invalid email or password"}): accounts can be enumerated (status differs: 404 for an unknown '
        "account, 401 for a known one)")


@pytest.mark.parametrize("served", ["login-token"], indirect=True)
def test_a_login_handing_out_a_token_for_a_wrong_password_fails(served: str) -> None:
    result = _scan(served)
    assert _items(result) == [("api.auth-required:POST /auth/login:login-accepts", Status.FAIL, "POST /auth/login")]
    assert result.evidence[0].message == ("login accepted a wrong password or an unknown user (it handed out a "
                                          "credential)")
    assert result.evidence[0].detail.endswith('→ 200 {"access_token":"*****"}')  # the token is masked


@pytest.mark.parametrize("served", ["reset"], indirect=True)
def test_a_password_reset_answering_unknown_addresses_differently_fails(served: str) -> None:
    result = _scan(served)
    assert _items(result) == [LOGIN_ALIKE,
                              ("api.auth-required:POST /auth/reset:reset-enumeration", Status.FAIL, "POST /auth/reset")]
    assert result.evidence[1].message.startswith(
        'password reset tells an unknown address (200 {"detail":"no account with that address"}) from a known one '
        '(200 {"detail":"if the address has an account')
    assert result.evidence[1].message.endswith("): accounts can be enumerated")


@pytest.mark.parametrize("served", ["login-429"], indirect=True)
def test_a_rate_limited_login_is_inconclusive_not_alike(served: str) -> None:
    result = _scan(served)
    assert _items(result) == [("api.auth-required:POST /auth/login:login-429", Status.WARN, "POST /auth/login")]
    assert result.evidence[0].message == "login enumeration inconclusive: rate-limited (429)"
    assert result.status is Status.WARN


# -- a deleted user's token: the JWT app's /me never asks whether the token's user still exists ----------------
@pytest.fixture
def jwt_served(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("LR_PIN_KEY", "pins-" + "k7Qz" * 12)  # the JWT app's signing key
    with scan_credentials(), serve_app("tests.checks.api.apps_jwt_pins:app", env={"JWT_PIN_MODE": request.param},
                                       cwd=checkout_root()) as url:
        yield url


def _scan_jwt(url: str, **options: object) -> Result:
    config = Config.model_validate({
        "url": url, "only": [ID], "checks": {ID: {"enumeration-samples": 2, **options}},
        "api": {"tenants": TENANTS, "public": ["GET /health", "POST /auth/login", "GET /openapi.json"]}})
    with scan_credentials():
        return scan(config).result(ID)


NO_RESET = "password-reset enumeration not tested: no [api] reset route declared."
DEAD = ("api.auth-required:GET /me:deleted-user's-token", Status.FAIL, "GET /me")
DEAD_USAGE = ("api.auth-required:GET /workspaces/{workspace_id}/usage:deleted-user's-token", Status.FAIL,
              "GET /workspaces/{workspace_id}/usage")


def _dead_user_answer(result: Result) -> str:
    item = next(e for e in result.evidence if e.fingerprint == DEAD[0])
    assert item.message == "GET /me with a deleted user's token: answered 200 with data"
    return item.detail.rsplit("\n", 1)[-1]


@pytest.mark.parametrize("jwt_served", ["strict"], indirect=True)
def test_a_deleted_users_token_signed_with_the_staging_key_is_accepted_and_fails(jwt_served: str) -> None:
    result = _scan_jwt(jwt_served, **{"signing-key-env": "LR_PIN_KEY"})
    assert _items(result) == [DEAD_USAGE, DEAD, LOGIN_ALIKE]
    # the ghost user: the test user's claims with a made-up `sub` of eight hex digits (four random bytes)
    assert re.fullmatch(r'→ 200 \{"sub":"[0-9a-f]{8}","tenant_id":"t-1"\}', _dead_user_answer(result))
    assert result.summary == f"2 unauthenticated or unauthorised access(es) found. {NO_RESET}"
    assert result.metrics == {"routes": 3, "variants": 9}  # /workspaces/t-1/usage, /me, /.well-known/jwks.json


@pytest.mark.parametrize("jwt_served", ["strict"], indirect=True)
def test_without_a_key_a_server_refusing_unsigned_tokens_leaves_the_deleted_user_untested(jwt_served: str) -> None:
    result = _scan_jwt(jwt_served)
    assert _items(result) == [LOGIN_ALIKE]
    assert result.status is Status.PASS
    assert result.summary == ("3 protected route(s) refused 6 credential variant(s) with 401/403. deleted-user token "
                              "not tested: no signing key given (option signing-key-env) and the server refuses "
                              f"unsigned tokens; {NO_RESET}")


@pytest.mark.parametrize("jwt_served", ["alg-none"], indirect=True)
def test_without_a_key_a_server_taking_unsigned_tokens_gets_an_unsigned_deleted_user(jwt_served: str) -> None:
    result = _scan_jwt(jwt_served)
    assert _items(result) == [DEAD_USAGE, DEAD, LOGIN_ALIKE]
    assert re.fullmatch(r'→ 200 \{"sub":"[0-9a-f]{8}","tenant_id":"t-1"\}', _dead_user_answer(result))


@pytest.mark.parametrize("served", ["catch-all-near"], indirect=True)
def test_a_debug_path_differing_from_the_catch_all_by_more_than_64_characters_or_by_type_is_exposed(
        served: str) -> None:
    result = _scan(served)
    assert _items(result) == [("api.auth-required:GET /_debug:exposed", Status.FAIL, "GET /_debug"),
                              ("api.auth-required:GET /env:exposed", Status.FAIL, "GET /env"), LOGIN_ALIKE]
    assert result.evidence[0].message == "debug/inventory path exposed: GET /_debug answered 200 without credentials"
    assert result.summary.startswith("2 unauthenticated or unauthorised access(es) found.")
    # GET /debug/pprof/ (the same type, 64 characters longer than the catch-all page) counts as that page
    assert all("/debug/pprof/" not in e.location for e in result.evidence)


@pytest.mark.parametrize("served", ["reset-429", "reset-429-known"], indirect=True)
def test_a_rate_limited_reset_is_inconclusive(served: str) -> None:
    # a 429 to either request, the unknown address's or the known one's: not a difference that enumerates
    result = _scan(served)
    assert _items(result) == [LOGIN_ALIKE,
                              ("api.auth-required:POST /auth/reset:reset-429", Status.WARN, "POST /auth/reset")]
    assert result.evidence[1].message == "reset enumeration inconclusive: rate-limited (429)"
    assert result.status is Status.WARN


@pytest.mark.parametrize("served", ["reset"], indirect=True)
def test_the_reset_field_option_names_the_field_the_address_is_sent_in(served: str) -> None:
    # The app reads `email`: sent as `username`, both requests look like unknown addresses and answer alike.
    assert _items(_scan(served, **{"reset-field": "username"})) == [LOGIN_ALIKE]
    assert _items(_scan(served, **{"reset-field": "email"}))[-1] == (
        "api.auth-required:POST /auth/reset:reset-enumeration", Status.FAIL, "POST /auth/reset")


@pytest.mark.parametrize("served", ["timing-429"], indirect=True)
def test_a_timing_gap_is_sampled_again_and_a_429_then_stops_the_comparison(served: str) -> None:
    result = _scan(served, **{"enumeration-samples": 3})
    assert _items(result) == [("api.auth-required:POST /auth/login:login-429", Status.WARN, "POST /auth/login")]
    assert result.evidence[0].message == ("login answers alike but timing was not compared: rate-limited (429) after "
                                          "1 attempt(s) of each kind")


@pytest.mark.parametrize("jwt_served", ["open-usage"], indirect=True)
def test_a_workspace_route_is_probed_with_the_tenants_own_id_from_its_token(jwt_served: str) -> None:
    result = _scan_jwt(jwt_served)
    route = "GET /workspaces/{workspace_id}/usage"
    assert _items(result) == [(f"api.auth-required:{route}:no-credentials", Status.FAIL, route), LOGIN_ALIKE]
    assert result.evidence[0].detail.startswith("curl -sS -X GET http://127.0.0.1:")
    assert "/workspaces/t-1/usage\n→ 200 " in result.evidence[0].detail  # tenant_id t-1, from the token's claims


@pytest.mark.parametrize("served", ["clean"], indirect=True)
def test_a_spent_request_budget_is_named_in_the_summary_and_never_a_pass(served: str) -> None:
    # Incomplete is never a pass: two of the four routes were never sent.
    result = _scan(served, budget=6)
    assert result.status is Status.WARN
    assert result.summary.startswith("undetermined: no bypass in what was sent, but not every route was probed — "
                                     'raise [checks."api.auth-required"] budget.')
    assert result.summary.endswith("stopped early (request budget of 6 spent); decided on what was seen.")
    assert result.metrics == {"routes": 2, "variants": 3}


@pytest.mark.parametrize("served", ["silent-garbage"], indirect=True)
def test_routes_that_never_answer_a_made_up_token_are_errors_and_three_of_them_stop_the_probing(served: str) -> None:
    result = _scan(served)
    dropped = "api.auth-required:{route}:no-answer-garbage token"
    routes = ["GET /invoices", "GET /invoices/{invoice_id}", "POST /exports"]  # then GET /notes is never sent
    assert _items(result) == [*((dropped.format(route=r), Status.ERROR, r) for r in routes), LOGIN_ALIKE]
    assert _message(result, dropped.format(route="GET /invoices")).startswith(
        "no answer to a garbage token: GET /invoices: ")
    assert result.status is Status.ERROR
    assert result.summary.startswith("could not decide every route (no answer). ")
    assert result.summary.endswith("; stopped probing routes after 3 that did not answer.")
    assert result.metrics == {"routes": 3, "variants": 0}


@pytest.mark.parametrize(("served", "item", "words"), [
    ("login-silent", ("api.auth-required:POST /auth/login:login", Status.ERROR, "POST /auth/login"),
     "login did not answer: POST /auth/login: "),
    ("reset-silent", ("api.auth-required:POST /auth/reset:reset", Status.ERROR, "POST /auth/reset"),
     "password reset did not answer: POST /auth/reset: "),
], indirect=["served"])
def test_a_login_or_reset_that_never_answers_the_comparison_is_an_error_item(
        served: str, item: tuple[str, Status, str], words: str) -> None:
    result = _scan(served)
    assert item in _items(result)
    assert _message(result, item[0]).startswith(words)
    assert result.status is Status.ERROR
    assert result.metrics == {"routes": 4, "variants": 8}  # the routes were all judged

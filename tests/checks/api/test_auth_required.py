"""api.auth-required against the examples and the auth edge apps."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from launchready import scan
from launchready.lab.examples import RunningExample, scan_credentials
from launchready.model import Result, Status
from tests.checks.api.fixtures_auth import edge_app, edge_config

ID = "api.auth-required"


def run(config: object) -> Result:
    return scan(config).result(ID)  # type: ignore[arg-type]


def messages(result: Result, status: Status = Status.FAIL) -> dict[str, str]:
    return {e.location + " :: " + e.message: e.detail for e in result.evidence if e.status is status}


@pytest.fixture(scope="module")
def vulnerable_result(vulnerable: RunningExample) -> Result:
    return run(vulnerable.config(only=(ID,)))


def test_open_routes_in_the_vulnerable_example_are_named_with_the_request(vulnerable_result: Result) -> None:
    assert vulnerable_result.status is Status.FAIL
    found = messages(vulnerable_result)
    open_messages = next(k for k in found if k.startswith("GET /conversations/{conversation_id}/messages ::"))
    assert "without credentials" in open_messages and "answered 200" in open_messages
    assert "curl" in found[open_messages] and "→ 200" in found[open_messages]
    assert any(k.startswith("GET /debug/config ::") for k in found)
    assert any(k.startswith("GET /files/{file_id}/download ::") for k in found)
    assert not any(k.startswith("GET / ::") for k in found), "the HTML shell at / is public"


def test_secrets_in_open_responses_are_redacted(vulnerable_result: Result) -> None:
    detail = next(e.detail for e in vulnerable_result.evidence if e.location == "GET /debug/config")
    assert "sk-proj-oEH9p08oitSMb4s7t3EDpQp93mlFelhtRGX2CX3HSlFdVRLH" not in detail


def test_ordinary_user_reaching_admin_and_billing_routes_is_a_failure(vulnerable_result: Result) -> None:
    found = messages(vulnerable_result)
    for route in ("GET /admin/users", "GET /billing/invoices"):
        assert any(k.startswith(f"{route} ::") and "ordinary user's valid token" in k for k in found), route


def test_login_that_tells_unknown_users_from_wrong_passwords_is_a_failure(vulnerable_result: Result) -> None:
    found = messages(vulnerable_result)
    key = next(k for k in found if k.startswith("POST /auth/login ::"))
    assert "404" in key and "401" in key and "enumerated" in key
    assert "launchready-demo" not in found[key]


def test_deleted_users_token_is_tested_when_unsigned_tokens_are_accepted(vulnerable_result: Result) -> None:
    assert any("GET /me :: GET /me with a deleted user's token" in k for k in messages(vulnerable_result))
    [me] = [e for e in vulnerable_result.evidence if e.message.startswith("GET /me with a deleted user's token")]
    assert '-H "authorization: Bearer $LR_FORGED_DELETED_USER_TOKEN"' in me.detail
    assert "# set LR_FORGED_DELETED_USER_TOKEN to the test user's token with its `sub` claim set to a user" in me.detail


def test_hardened_example_passes_and_says_what_it_did_not_test(hardened: RunningExample) -> None:
    result = run(hardened.config(only=(ID,)))
    assert result.status is Status.PASS, (result.summary, result.evidence)
    assert "deleted-user token not tested" in result.summary
    assert int(result.metrics["routes"]) >= 10 and int(result.metrics["variants"]) >= 20


def test_hardened_example_with_undeclared_docs_warns_only(hardened: RunningExample) -> None:
    config = hardened.config(only=(ID,))
    api = config.api.model_copy(update={"public": tuple(p for p in config.api.public if "/docs" not in p)})
    result = run(config.model_copy(update={"api": api}))
    assert result.status is Status.WARN
    assert any(e.location == "GET /docs" for e in result.evidence if e.status is Status.WARN)


@pytest.fixture(scope="module")
def garbage() -> Iterator[str]:
    with scan_credentials(), edge_app("garbage") as url:
        yield url


def test_server_answering_200_to_everything_fails_with_evidence(garbage: str) -> None:
    with scan_credentials():
        result = run(edge_config(garbage, ID))
    assert result.status is Status.FAIL
    found = messages(result)
    assert any(k.startswith("POST /chat ::") and "without credentials" in k for k in found)
    assert any(k.startswith("GET /admin/users ::") for k in found)
    assert not any("debug/inventory" in k for k in found), "the catch-all is not mistaken for debug routes"


def test_protected_route_that_hangs_is_an_error_not_a_pass() -> None:
    with scan_credentials(), edge_app("hang") as url:
        result = run(edge_config(url, ID, timeout=1.0))
    assert result.status is Status.ERROR
    assert any(e.location == "GET /me" and "no answer" in e.message for e in result.evidence)


def test_password_reset_that_tells_unknown_addresses_from_known_ones_is_a_failure(vulnerable_result: Result) -> None:
    [reset] = [e for e in vulnerable_result.evidence if e.fingerprint.endswith(":reset-enumeration")]
    assert reset.status is Status.FAIL and reset.location == "POST /auth/reset"
    assert "tells an unknown address (404" in reset.message and "known one (200" in reset.message

from __future__ import annotations

from collections.abc import Iterator

import pytest

from launchready import scan
from launchready.lab.examples import RunningExample, checkout_root, scan_credentials
from launchready.lab.server import serve_app
from launchready.model import Status
from tests.checks.api.fixtures_tenancy import edge_config

CHECK = "api.input-validation"


@pytest.fixture(scope="module")
def creds() -> Iterator[None]:
    with scan_credentials():
        yield


def test_vulnerable_crashes_with_tracebacks_on_hostile_bodies(vulnerable: RunningExample) -> None:
    result = scan(vulnerable.config(only=(CHECK,))).result(CHECK)
    assert result.status is Status.FAIL
    chat = [e for e in result.evidence if e.location == "POST /chat"]
    assert any("every required field missing → 500" in e.message and "Python traceback" in e.message for e in chat)
    assert any("100,000-character string was accepted" in e.message for e in chat)
    crash = next(e for e in result.evidence if e.location == "GET /conversations/{conversation_id}")
    assert "500" in crash.message and "/conversations/lr-probe" in crash.detail
    assert '-H "authorization: Bearer $LR_TENANT_A_TOKEN"' in crash.detail and "eyJ" not in crash.detail


def test_hardened_rejects_every_hostile_body_cleanly(hardened: RunningExample) -> None:
    result = scan(hardened.config(only=(CHECK,))).result(CHECK)
    assert result.status is Status.PASS, result.summary + repr(result.evidence)
    assert int(result.metrics["answered"]) >= 20


def test_server_that_500s_everything_fails_with_the_traceback_as_evidence(creds: None) -> None:
    with serve_app("tests.checks.api.apps_tenancy:errors", cwd=checkout_root()) as url:
        result = scan(edge_config(url, CHECK)).result(CHECK)
    assert result.status is Status.FAIL
    assert any(e.location == "POST /items" and "Python traceback" in e.message for e in result.evidence)


def test_server_that_hangs_is_an_error_not_a_pass(creds: None) -> None:
    with serve_app("tests.checks.api.apps_tenancy:hang", cwd=checkout_root()) as url:
        config = edge_config(url, CHECK, checks={CHECK: {"timeout-s": 0.5}})
        result = scan(config).result(CHECK)
    assert result.status is Status.ERROR
    assert "answered none" in result.summary


def test_url_field_that_the_server_fetches_is_ssrf(creds: None) -> None:
    with serve_app("tests.checks.api.apps_tenancy:fetching", cwd=checkout_root()) as url:
        result = scan(edge_config(url, CHECK)).result(CHECK)
    assert result.status is Status.FAIL
    ssrf = [e for e in result.evidence if e.fingerprint.endswith(":ssrf")]
    assert ssrf and ssrf[0].location == "POST /profile/avatar" and "avatar_url" in ssrf[0].message
    assert "canary sink hit: GET /c/lr-ssrf-" in ssrf[0].detail

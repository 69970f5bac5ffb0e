"""api.rate-limits on a product whose only flaw is a chat limit keyed on X-Forwarded-For: the bypass
item itself must be a fail (no other failing item is there to carry the check's status)."""

from __future__ import annotations

import pytest

from launchready import scan
from launchready.lab.examples import checkout_root, scan_credentials
from launchready.lab.server import serve_app
from launchready.model import Status
from tests.checks.api.fixtures_tenancy import NO_TRUSTED_PROXY, edge_config

CHECK = "api.rate-limits"


def test_an_x_forwarded_for_bypass_alone_fails_the_check() -> None:
    # Run as deployed behind a proxy that is not the scanner: uvicorn would otherwise take the scanner's
    # X-Forwarded-For as the client address for login too.
    with scan_credentials(), serve_app("tests.checks.api.apps_pins:xff_only", cwd=checkout_root(),
                                       env=NO_TRUSTED_PROXY) as url:
        result = scan(edge_config(url, CHECK, chat="POST /chat")).result(CHECK)
    statuses = {e.fingerprint: e.status for e in result.evidence}
    assert statuses == {
        "api.rate-limits:login_account:limited": Status.PASS,
        "api.rate-limits:login_ip:limited": Status.PASS,
        "api.rate-limits:chat:limited": Status.PASS,
        "api.rate-limits:chat:xff-bypass": Status.FAIL,
    }, result.evidence
    assert result.status is Status.FAIL
    bypass = next(e for e in result.evidence if e.fingerprint == "api.rate-limits:chat:xff-bypass")
    assert bypass.location == "POST /chat"
    assert bypass.message.startswith("chat: after the 429, one request with X-Forwarded-For: 203.0.113.12 was "
                                     "answered 200: limit keyed on a spoofable header")
    assert result.metrics["chat.limit"] == 3 and result.metrics["login_account.limit"] == 4
    assert result.metrics["login_ip.limit"] == 0  # the per-address window was already spent
    assert float(result.metrics["chat.rps"]) > 1  # 3 accepted requests on loopback: well under a second
    assert result.summary.startswith("1 rate-limit problems in 3 route classes")


def test_an_ietf_ratelimit_header_that_reaches_zero_without_a_429_is_advertised_but_not_enforced() -> None:
    with scan_credentials(), serve_app("tests.checks.api.apps_pins:advertised_ietf", cwd=checkout_root()) as url:
        result = scan(edge_config(url, CHECK, chat="POST /chat")).result(CHECK)
    flagged = next(e for e in result.evidence if e.fingerprint == "api.rate-limits:chat:advertised")
    assert flagged.status is Status.FAIL and flagged.location == "POST /chat"
    assert flagged.message == ("chat: limit headers said 0 remaining, yet the next request was answered 200: "
                               "advertised but not enforced")
    # the third request (hi 2) was told 0 remaining; the fourth (hi 3) was still answered
    assert "--data-raw '{\"message\":\"hi 2\"}'" in flagged.detail and "--data-raw '{\"message\":\"hi 3\"}'" in flagged.detail
    unlimited = next(e for e in result.evidence if e.fingerprint == "api.rate-limits:chat:unlimited")
    assert unlimited.status is Status.FAIL
    assert unlimited.detail.endswith("limit=3, remaining=0, reset=60")  # the last answer's limit headers


def test_rate_limit_bursts_run_alone() -> None:
    from launchready.checks.api import rate_limits

    assert rate_limits.CHECK.exclusive is True  # a burst beside other checks would trip their limits


@pytest.mark.parametrize("refusal", [401, 403, 423])
def test_a_session_refused_after_the_bursts_is_a_lockout_warning(refusal: int) -> None:
    with scan_credentials(), serve_app(f"tests.checks.api.apps_pins:lockout_{refusal}", cwd=checkout_root(),
                                       env=NO_TRUSTED_PROXY) as url:
        result = scan(edge_config(url, CHECK, chat="POST /chat")).result(CHECK)
    lockout = {e.fingerprint: e for e in result.evidence if ":lockout:" in e.fingerprint}
    assert sorted(lockout) == ["api.rate-limits:lockout:tenant-a", "api.rate-limits:lockout:tenant-b"]
    warning = lockout["api.rate-limits:lockout:tenant-a"]
    assert warning.status is Status.WARN and warning.location == "GET /me"
    assert warning.message == "after the bursts, tenant-a's session is refused"
    assert f"{refusal}" in warning.detail
    assert result.status is Status.WARN, (result.summary, result.evidence)


def test_a_login_route_that_answers_404_to_the_whole_burst_is_undetermined_not_an_unlimited_login() -> None:
    """No login route declared, none on the server: 30 answers of 404 measured no limit. The chat burst,
    answered 200 each time, still fails."""
    from launchready.config import Config

    with serve_app("tests.checks.api.apps_pins:chat_without_login", cwd=checkout_root()) as url:
        config = Config.model_validate({"url": url, "only": [CHECK], "api": {"chat": "POST /chat"}})
        result = scan(config).result(CHECK)
    statuses = {e.fingerprint: e.status for e in result.evidence}
    assert statuses["api.rate-limits:chat:unlimited"] is Status.FAIL
    assert statuses["api.rate-limits:login_account:undetermined"] is Status.WARN
    assert statuses["api.rate-limits:login_ip:undetermined"] is Status.WARN
    login = next(e for e in result.evidence if e.fingerprint == "api.rate-limits:login_ip:undetermined")
    assert login.location == "POST /auth/login" and "answered 404 to all" in login.message
    assert "declare it ([api.login] path)" in login.message
    assert result.status is Status.FAIL and result.summary.startswith("1 rate-limit problems")

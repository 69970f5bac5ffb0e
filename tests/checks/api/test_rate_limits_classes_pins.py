"""api.rate-limits over every route class (login per account and per address, reset, chat, upload, a tool)
against one app limited per route (``apps_rate_pins``), one flaw or none per run: each class's item, its
status and words, the request budget split between the bursts, and what the after-burst check says."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from launchready import scan
from launchready.config import Config
from launchready.lab.examples import SCAN_ENV, checkout_root, scan_credentials
from launchready.lab.server import serve_app
from launchready.model import Result, Status
from tests.checks.api.fixtures_tenancy import NO_TRUSTED_PROXY

ID = "api.rate-limits"
TENANTS = [{"name": "tenant-a", "username-env": "LR_TENANT_A_EMAIL", "password-env": "LR_TENANT_A_PASSWORD"},
           {"name": "tenant-b", "username-env": "LR_TENANT_B_EMAIL", "password-env": "LR_TENANT_B_PASSWORD"}]
PER_IP = ("{t}'s session still works; a fresh login from this IP waits for the per-IP window (Retry-After 60s) — "
          "the account itself was never burst")
AFTER = f"{PER_IP.format(t='tenant-a')}; {PER_IP.format(t='tenant-b')}"
LIMITED = {
    "login_account": ("POST /auth/login", "login_account: 429 after 4 accepted requests (retry-after: 60, "
                      "x-ratelimit-limit: 6); throwaway account (no real user locked out)"),
    "login_ip": ("POST /auth/login", "login_ip: 429 after 0 accepted requests (already limited on the first request: "
                 "the window is shared with earlier requests) (retry-after: 60, x-ratelimit-limit: 6); a different "
                 "non-existent account per request"),
    "reset": ("POST /auth/reset", "reset: 429 after 2 accepted requests (retry-after: 60, x-ratelimit-limit: 2); "
              "throwaway address"),
    "chat": ("POST /chat", "chat: 429 after 3 accepted requests (retry-after: 60, x-ratelimit-limit: 3); tiny message"),
    "upload": ("POST /files", "upload: 429 after 2 accepted requests (retry-after: 60, x-ratelimit-limit: 2); tiny "
               "text file"),
    "tool:/tools/search": ("POST /tools/search", "tool:/tools/search: 429 after 4 accepted requests (retry-after: 60, "
                           "x-ratelimit-limit: 4)"),
}


def _limited(name: str) -> tuple[str, Status, str, str]:
    location, message = LIMITED[name]
    return (f"api.rate-limits:{name}:limited", Status.PASS, message, location)


@pytest.fixture
def served(request: pytest.FixtureRequest) -> Iterator[str]:
    with scan_credentials(), serve_app("tests.checks.api.apps_rate_pins:app", cwd=checkout_root(),
                                       env={"RATE_PIN_MODE": request.param, **NO_TRUSTED_PROXY}) as url:
        yield url


def _scan(url: str, budget: int = 220, options: dict[str, object] | None = None) -> Result:
    config = Config.model_validate({
        "url": url, "only": [ID], "checks": {ID: {"burst": 8, "budget": budget, **(options or {})}},
        "api": {"tenants": TENANTS, "reset": "POST /auth/reset", "chat": "POST /chat", "upload": "POST /files",
                "tools": ["POST /tools/search"]}})
    with scan_credentials():
        return scan(config).result(ID)


def _items(result: Result) -> list[tuple[str, Status, str, str]]:
    return [(e.fingerprint, e.status, e.message, e.location) for e in result.evidence]


@pytest.mark.parametrize("served", ["limited"], indirect=True)
def test_every_class_limited_passes_with_each_limit_and_its_headers(served: str) -> None:
    result = _scan(served)
    assert _items(result) == [_limited(n) for n in LIMITED]
    assert result.status is Status.PASS
    assert result.summary == f"all 6 route classes answered 429 within a burst of 8; {AFTER}"
    sent = {k.removesuffix(".sent"): v for k, v in result.metrics.items() if k.endswith(".sent")}
    assert sent == {"login_account": 5, "login_ip": 1, "reset": 3, "chat": 4, "upload": 3, "tool:/tools/search": 5}
    limits = {k.removesuffix(".limit"): v for k, v in result.metrics.items() if k.endswith(".limit")}
    assert limits == {"login_account": 4, "login_ip": 0, "reset": 2, "chat": 3, "upload": 2, "tool:/tools/search": 4}
    assert result.metrics["login_ip.rps"] == 0.0 and float(result.metrics["chat.rps"]) > 1
    assert result.metrics["upload_files_left"] == 0  # both stored files deleted again
    assert result.requests == 31  # 26 burst requests, 5 spoofed; the after-burst re-checks included


@pytest.mark.parametrize("served", ["reset-open"], indirect=True)
def test_an_unlimited_reset_fails_with_its_answers_and_its_note(served: str) -> None:
    result = _scan(served)
    unlimited = next(e for e in result.evidence if e.fingerprint == "api.rate-limits:reset:unlimited")
    assert unlimited.status is Status.FAIL and unlimited.location == "POST /auth/reset"
    assert re.fullmatch(r"reset: 8 requests in \d+\.\ds, none answered 429 \(answers: 200\); throwaway address",
                        unlimited.message), unlimited.message
    assert [e.fingerprint for e in result.evidence if e.status is not Status.PASS] == [unlimited.fingerprint]
    assert result.status is Status.FAIL
    assert result.summary == f"1 rate-limit problems in 6 route classes; {AFTER}"
    assert result.metrics["reset.sent"] == 8 and "reset.limit" not in result.metrics


@pytest.mark.parametrize("served", ["chat-503"], indirect=True)
def test_a_503_with_retry_after_is_a_limit(served: str) -> None:
    result = _scan(served)
    chat = next(e for e in result.evidence if e.fingerprint == "api.rate-limits:chat:limited")
    assert (chat.status, chat.message) == (Status.PASS, "chat: 503 after 3 accepted requests (retry-after: 30); tiny "
                                                        "message")
    assert result.status is Status.PASS


@pytest.mark.parametrize("served", ["tool-gone"], indirect=True)
def test_a_tool_answering_like_a_made_up_path_is_undetermined_and_names_its_key(served: str) -> None:
    result = _scan(served)
    assert _items(result)[-1] == (
        "api.rate-limits:tool:/tools/search:undetermined", Status.WARN,
        "undetermined: tool:/tools/search: POST /tools/search answered 404 to all 8 requests — not a route that "
        "answers here; declare it ([api] tools)", "POST /tools/search")
    assert result.status is Status.WARN
    assert result.summary == f"no rate-limit problem shown, but not every route class could be judged; {AFTER}"


@pytest.mark.parametrize("served", ["relogin-ok"], indirect=True)
def test_identities_that_can_still_log_in_are_said_so(served: str) -> None:
    result = _scan(served)
    assert result.status is Status.PASS
    assert result.summary == ("all 6 route classes answered 429 within a burst of 8; tenant-a can still log in; "
                              "tenant-b can still log in")


@pytest.mark.parametrize("served", ["relogin-refused"], indirect=True)
def test_a_login_refused_after_the_bursts_is_a_lockout_warning_per_identity(served: str) -> None:
    result = _scan(served)
    assert _items(result)[-2:] == [
        ("api.rate-limits:lockout:tenant-a", Status.WARN, "after the bursts, tenant-a can no longer log in (400)",
         "POST /auth/login"),
        ("api.rate-limits:lockout:tenant-b", Status.WARN, "after the bursts, tenant-b can no longer log in (400)",
         "POST /auth/login")]
    assert result.evidence[-1].detail == '→ 400 {"detail":"account needs a captcha"}'
    assert result.status is Status.WARN
    assert result.summary == "no rate-limit problem shown, but not every route class could be judged"


@pytest.mark.parametrize("served", ["limited"], indirect=True)
def test_classes_the_budget_cannot_burst_are_named_not_passed(served: str) -> None:
    # 24 requests: the first four classes spend 17, leaving 7 - 2 × 2 identities - 2 = 1 for the upload burst.
    result = _scan(served, budget=24)
    assert _items(result)[4:] == [
        ("api.rate-limits:upload:unbudgeted", Status.WARN, "upload not tested: request budget spent before its burst",
         "POST /files"),
        ("api.rate-limits:tool:/tools/search:unbudgeted", Status.WARN, "tool:/tools/search not tested: request "
         "budget spent before its burst", "POST /tools/search")]
    assert result.status is Status.WARN


@pytest.mark.parametrize("served", ["limited"], indirect=True)
def test_one_more_request_of_budget_bursts_the_upload_with_two(served: str) -> None:
    result = _scan(served, budget=25)
    upload = next(e for e in result.evidence if e.location == "POST /files")
    assert upload.fingerprint == "api.rate-limits:upload:unlimited" and upload.status is Status.FAIL
    assert upload.message.startswith("upload: 2 requests in ")
    assert result.metrics["upload.sent"] == 2
    assert [e.fingerprint for e in result.evidence if e.location == "POST /tools/search"] == [
        "api.rate-limits:tool:/tools/search:unbudgeted"]


@pytest.mark.parametrize("served", ["limited"], indirect=True)
def test_tenants_that_cannot_log_in_before_the_bursts_are_an_error_and_nothing_is_burst(
        served: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LR_PIN_WRONG_PASSWORD", "not-the-password")
    tenants = [{**t, "password-env": "LR_PIN_WRONG_PASSWORD"} for t in TENANTS]
    config = Config.model_validate({"url": served, "only": [ID], "checks": {ID: {"burst": 8}},
                                    "api": {"tenants": tenants, "chat": "POST /chat"}})
    with scan_credentials():
        result = scan(config).result(ID)
    assert result.status is Status.ERROR and result.evidence == ()
    assert result.summary.startswith("could not log the test tenants in before the bursts: ")
    assert result.requests == 0


@pytest.mark.parametrize("served", ["limited"], indirect=True)
def test_token_identities_are_only_checked_for_a_session_that_still_works(
        served: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LR_PIN_TOKEN_A", "tok-1")
    monkeypatch.setenv("LR_PIN_TOKEN_B", "tok-2")
    tenants = [{"name": "tenant-a", "token-env": "LR_PIN_TOKEN_A"}, {"name": "tenant-b", "token-env": "LR_PIN_TOKEN_B"}]
    config = Config.model_validate({"url": served, "only": [ID], "checks": {ID: {"burst": 8}},
                                    "api": {"tenants": tenants, "chat": "POST /chat"}})
    result = scan(config).result(ID)
    assert [e.fingerprint for e in result.evidence] == [
        "api.rate-limits:login_account:limited", "api.rate-limits:login_ip:limited", "api.rate-limits:chat:limited"]
    assert result.evidence[0].message.startswith("login_account: 429 after 6 accepted requests")  # no login before
    assert result.summary == ("all 3 route classes answered 429 within a burst of 8; tenant-a session still valid; "
                              "tenant-b session still valid; not tested: reset (no [api] reset route declared); not "
                              "tested: upload (no [api] upload route declared); not tested: tools (no [api] tools "
                              "declared)")


@pytest.mark.parametrize("served", ["limited"], indirect=True)
def test_a_real_account_named_for_the_login_burst_is_said_so(served: str) -> None:
    result = _scan(served, options={"login-account-env": "LR_TENANT_A_EMAIL"})
    assert _items(result)[0] == (
        "api.rate-limits:login_account:limited", Status.PASS, "login_account: 429 after 4 accepted requests "
        "(retry-after: 60, x-ratelimit-limit: 6); real account from $LR_TENANT_A_EMAIL", "POST /auth/login")
    assert f'"email":"{SCAN_ENV["LR_TENANT_A_EMAIL"]}"' in result.evidence[0].detail  # the burst used that account


@pytest.mark.parametrize("served", ["chat-gone"], indirect=True)
def test_an_undetermined_chat_names_its_own_config_key(served: str) -> None:
    result = _scan(served)
    chat = next(e for e in result.evidence if e.location == "POST /chat")
    assert (chat.fingerprint, chat.status, chat.message) == (
        "api.rate-limits:chat:undetermined", Status.WARN,
        "undetermined: chat: POST /chat answered 404 to all 8 requests — not a route that answers here; declare it "
        "([api] chat)")


@pytest.mark.parametrize("served", ["chat-silent"], indirect=True)
def test_a_chat_that_closes_every_connection_is_an_error_item_and_no_pass(served: str) -> None:
    result = _scan(served)
    [chat] = [e for e in result.evidence if e.location == "POST /chat"]
    assert (chat.fingerprint, chat.status) == ("api.rate-limits:chat:error", Status.ERROR)
    assert chat.message.startswith("chat: the burst stopped, no answer (POST /chat: ")
    assert result.status is Status.ERROR
    assert result.summary.startswith("no rate-limit problem shown, but not every route class could be judged; ")


@pytest.mark.parametrize("served", ["limited"], indirect=True)
def test_a_chat_burst_refused_401_for_want_of_an_identity_is_undetermined_not_unlimited(served: str) -> None:
    config = Config.model_validate({"url": served, "only": [ID], "checks": {ID: {"burst": 8}},
                                    "api": {"chat": "POST /chat"}})  # no tenant: the burst goes anonymous
    with scan_credentials():
        result = scan(config).result(ID)
    [chat] = [e for e in result.evidence if e.location == "POST /chat"]
    assert (chat.fingerprint, chat.status) == ("api.rate-limits:chat:undetermined", Status.WARN)
    assert chat.message == ("undetermined: chat: POST /chat refused all 8 requests with 401 before its handler — "
                            "declare an [[api.tenants]] identity it accepts")
    # the login bursts (anonymous by design) are still judged on their 401s and 429s
    assert [e.fingerprint for e in result.evidence if e.status is Status.PASS] == [
        "api.rate-limits:login_account:limited", "api.rate-limits:login_ip:limited"]
    assert result.status is Status.WARN

"""api.auth-required's login enumeration and api.token-tampering's dictionary on an API shaped unlike our
examples (tests/checks/api/apps_general.py): no /me, login at /users/v1/login, 200 on failed logins."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest

from launchready import scan
from launchready.config import Config
from launchready.lab.examples import checkout_root
from launchready.lab.server import serve_app
from launchready.model import Evidence, Result, Status

LOGIN = "POST /users/v1/login"
CREDENTIALS = {"LR_GEN_USER": "name1", "LR_GEN_PASSWORD": "pass1-for-the-lab"}


@contextmanager
def lab(login: str, secret: str = "random") -> Iterator[str]:
    env = {"GENERAL_LOGIN": login, "GENERAL_SECRET": secret}
    with serve_app("tests.checks.api.apps_general:app", env=env, cwd=checkout_root(), health_path="/ready") as url:
        yield url


@pytest.fixture(autouse=True)
def credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in CREDENTIALS.items():
        monkeypatch.setenv(key, value)


def config(url: str, check_id: str, **options: Any) -> Config:
    return Config.model_validate({
        "url": url,
        "only": [check_id],
        "api": {
            "public": ["GET /ready", "POST /users/v1/login"],
            "login": {"path": "/users/v1/login", "username-field": "username", "token-pointer": "/auth_token"},
            "tenants": [{"name": "tenant-a", "username-env": "LR_GEN_USER", "password-env": "LR_GEN_PASSWORD"}],
        },
        "checks": {check_id: options} if options else {},
    })


def enumeration(result: Result) -> Evidence:
    rows = [e for e in result.evidence if e.location == LOGIN and "enumerat" in e.fingerprint]
    assert len(rows) == 1, result.evidence
    return rows[0]


def test_a_login_that_answers_200_fail_identically_for_both_failures_is_not_enumeration() -> None:
    with lab("identical") as url:
        result = scan(config(url, "api.auth-required")).result("api.auth-required")
        row = enumeration(result)
        failed = httpx.get(f"{url}/lab/failed-logins", trust_env=False).json()
    assert row.status is Status.PASS, row
    # No gap after one attempt of each kind: no more wrong passwords (a load spike may ask for all three).
    assert failed == {"name1": 1 if "under the 50 ms floor" in row.message else 3}, row.message
    assert row.message.startswith("login answers an unknown user and a wrong password alike: same status (200) "
                                  "and same body once volatile parts are removed; timing within noise")
    assert not [e for e in result.evidence if e.location == LOGIN and e.status is Status.FAIL]
    assert '"status":"fail"' in row.detail.replace(" ", "")


def test_a_login_whose_messages_differ_enumerates_accounts_with_both_answers_as_evidence() -> None:
    with lab("different") as url:
        result = scan(config(url, "api.auth-required")).result("api.auth-required")
    row = enumeration(result)
    assert row.status is Status.FAIL
    assert "body differs" in row.message and "accounts can be enumerated" in row.message
    assert "Username does not exist" in row.detail
    assert "Password is not correct for the given username." in row.detail
    assert row.detail.count("/users/v1/login") == 2  # both requests, as curl lines


def test_a_login_that_answers_alike_but_hashes_only_for_known_users_enumerates_by_timing() -> None:
    with lab("timing") as url:
        result = scan(config(url, "api.auth-required")).result("api.auth-required")
        assert httpx.get(f"{url}/lab/failed-logins", trust_env=False).json() == {"name1": 3}
    row = enumeration(result)
    assert row.status is Status.FAIL
    assert "timing differs: a known account is always slower" in row.message
    assert "3 samples each" in row.message


def test_a_token_signed_with_a_dictionary_word_is_a_guessable_secret_named_by_kind_not_value() -> None:
    with lab("identical", secret="random") as url:
        result = scan(config(url, "api.token-tampering")).result("api.token-tampering")
    assert result.status is Status.FAIL
    rows = [e for e in result.evidence if e.fingerprint == "api.token-tampering:token:guessable-secret"]
    assert len(rows) == 1 and rows[0].status is Status.FAIL
    assert rows[0].message.startswith("guessable signing secret: the HS256 token is signed with a common word or "
                                      "default — entry #2 of launchready's ranked list")
    assert "random" not in rows[0].message + rows[0].detail  # the finding, never the secret itself


def test_a_four_digit_secret_is_found_by_the_numeric_sweep() -> None:
    with lab("identical", secret="4821") as url:
        result = scan(config(url, "api.token-tampering")).result("api.token-tampering")
    row = next(e for e in result.evidence if e.fingerprint == "api.token-tampering:token:guessable-secret")
    assert row.status is Status.FAIL and "signed with a number of 4 digits" in row.message


def test_without_a_signing_key_expiry_is_a_warn_not_a_pass_row() -> None:
    with lab("identical", secret="a-long-random-secret-nobody-guesses-5f1c9a7e3b") as url:
        result = scan(config(url, "api.token-tampering")).result("api.token-tampering")
    expiry = next(e for e in result.evidence if e.fingerprint == "api.token-tampering:token:expiry-not-tested")
    assert expiry.status is Status.WARN and expiry.location == "token expiry"
    secret = next(e for e in result.evidence if e.fingerprint == "api.token-tampering:token:secret-ok")
    assert secret.status is Status.PASS
    assert result.status is Status.WARN
    assert result.summary.startswith("no tampered token accepted; expiry not tested")

"""api.token-tampering pinned item by item against a JWT app with exactly one verification flaw per run
(``apps_jwt_pins``): each evidence item's own status, message and location, the check's status and summary,
with and without the staging signing key; and how the items make the check's status."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from launchready import scan
from launchready.checks.api.token_tampering import _other_value, _outcome
from launchready.config import Config
from launchready.lab.examples import checkout_root, scan_credentials
from launchready.lab.server import serve_app
from launchready.model import Evidence, Result, Status

ID = "api.token-tampering"
# The dictionary test adds words from the product's name (its checkout directory's): a fixed name keeps the
# number of candidates the same wherever the tests run. Nothing is read there (API checks only).
PRODUCT = "pins-product"
KEY = "pins-" + "k7Qz" * 12  # the app's signing key (apps_jwt_pins)
TENANTS = [{"name": "tenant-a", "username-env": "LR_TENANT_A_EMAIL", "password-env": "LR_TENANT_A_PASSWORD"},
           {"name": "tenant-b", "username-env": "LR_TENANT_B_EMAIL", "password-env": "LR_TENANT_B_PASSWORD"}]
NO_JWKS = "no JWKS published (/.well-known/jwks.json, /jwks.json): HS/RS confusion not applicable"
SECRET_OK = ("api.token-tampering:token:secret-ok", Status.PASS,
             "signing secret not among 20118 guessable secrets (numbers up to 4 digits; option numeric-secret-digits)",
             "token signature")
NOT_TESTED = ("api.token-tampering:token:expiry-not-tested", Status.WARN,
              "expired-but-signed and wrong-issuer tokens not tested: no signing key (set option signing-key-env, "
              "or expired-token-env)", "token expiry")


def _ok(family: str, message: str) -> tuple[str, Status, str, str]:
    return (f"api.token-tampering:GET /me:{family}-ok", Status.PASS, message, "GET /me")


ALG_NONE_OK = _ok("alg-none", "unsigned tokens (alg=none/None/NONE) rejected")
SIGNATURE_OK = _ok("signature", "signature verified: stripped, re-keyed and claim-flipped tokens rejected")
EXPIRY_OK = _ok("expiry", "expired-but-signed token rejected")
ISSUER_OK = _ok("issuer", "tokens for another issuer/audience rejected")


@pytest.fixture
def served(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("LR_PIN_KEY", KEY)
    with scan_credentials(), serve_app("tests.checks.api.apps_jwt_pins:app", env={"JWT_PIN_MODE": request.param},
                                       cwd=checkout_root()) as url:
        yield url


def _scan(url: str, *, key: bool) -> Result:
    options = {"signing-key-env": "LR_PIN_KEY"} if key else {}
    config = Config.model_validate({"path": PRODUCT, "url": url, "only": [ID], "checks": {ID: options}, "api": {"tenants": TENANTS}})
    with scan_credentials():
        return scan(config).result(ID)


def _items(result: Result) -> list[tuple[str, Status, str, str]]:
    return [(e.fingerprint, e.status, e.message, e.location) for e in result.evidence]


def _accepted(variant: str, family_finding: str, proves: str) -> tuple[str, Status, str, str]:
    return (f"api.token-tampering:GET /me:{variant}", Status.FAIL,
            f"{family_finding}: {proves} — auth bypass (GET /me answered 200 to variant '{variant}')", "GET /me")


@pytest.mark.parametrize("served", ["strict"], indirect=True)
def test_a_strict_server_passes_with_the_key_and_warns_that_expiry_is_untested_without_it(served: str) -> None:
    with_key = _scan(served, key=True)
    assert _items(with_key) == [SECRET_OK, ALG_NONE_OK, SIGNATURE_OK, EXPIRY_OK, ISSUER_OK]
    assert with_key.status is Status.PASS
    assert with_key.summary == f"every tampered token was rejected. {NO_JWKS}."
    assert with_key.requests == 15  # reference route (2), JWKS (2), 3 + 5 + 1 + 2 variants
    counts = {e.fingerprint.rsplit(":", 1)[1]: e.detail for e in with_key.evidence if e.location == "GET /me"}
    assert counts == {"alg-none-ok": "3 variant(s) refused", "signature-ok": "5 variant(s) refused",
                      "expiry-ok": "1 variant(s) refused", "issuer-ok": "2 variant(s) refused"}
    without = _scan(served, key=False)
    assert _items(without) == [SECRET_OK, NOT_TESTED, ALG_NONE_OK, SIGNATURE_OK]
    assert without.status is Status.WARN
    assert without.summary == ("no tampered token accepted; expiry not tested: no signing key (set option "
                               f"signing-key-env, or expired-token-env). {NO_JWKS}.")


@pytest.mark.parametrize("served", ["alg-none"], indirect=True)
def test_each_accepted_unsigned_spelling_is_its_own_failing_item(served: str) -> None:
    result = _scan(served, key=True)
    unsigned = "unsigned tokens (alg=none) accepted"
    assert _items(result) == [
        SECRET_OK,
        _accepted("alg-none", unsigned, "an unsigned token (alg='none') is accepted"),
        _accepted("alg-None", unsigned, "an unsigned token (alg='None') is accepted"),
        _accepted("alg-NONE", unsigned, "an unsigned token (alg='NONE') is accepted"),
        SIGNATURE_OK, EXPIRY_OK, ISSUER_OK]
    assert result.status is Status.FAIL
    assert result.summary == f"token flaws: unsigned tokens (alg=none) accepted. {NO_JWKS}."
    detail = result.evidence[1].detail
    assert detail.startswith("real token: GET /me → 200; no token: GET /me → 401\n")
    assert detail.endswith("\n→ 200 {\"sub\":\"u-1\",\"tenant_id\":\"t-1\"}")


@pytest.mark.parametrize("served", ["expiry"], indirect=True)
def test_an_accepted_expired_token_fails_only_the_expiry_family(served: str) -> None:
    result = _scan(served, key=True)
    assert _items(result) == [
        SECRET_OK,
        _accepted("expired-signed", "expired token accepted",
                  "a validly signed token that expired an hour ago is accepted"),
        ALG_NONE_OK, SIGNATURE_OK, ISSUER_OK]  # the refused families are summed up after the variants
    assert result.status is Status.FAIL


@pytest.mark.parametrize("served", ["issuer"], indirect=True)
def test_a_foreign_issuer_and_audience_each_fail(served: str) -> None:
    result = _scan(served, key=True)
    assert _items(result) == [
        SECRET_OK,
        _accepted("wrong-iss", "issuer/audience not validated", "a validly signed token from another issuer is accepted"),
        _accepted("wrong-aud", "issuer/audience not validated",
                  "a validly signed token for another audience is accepted"),
        ALG_NONE_OK, SIGNATURE_OK, EXPIRY_OK]
    assert result.summary == f"token flaws: issuer/audience not validated. {NO_JWKS}."


@pytest.mark.parametrize("served", ["no-exp"], indirect=True)
def test_a_token_without_exp_fails_offline(served: str) -> None:
    result = _scan(served, key=False)
    assert _items(result) == [
        ("api.token-tampering:claims:no-exp", Status.FAIL, "token has no exp claim: a leaked token stays valid forever",
         "token claims"),
        SECRET_OK, NOT_TESTED, ALG_NONE_OK, SIGNATURE_OK]
    assert result.evidence[0].detail == "claims: ['aud', 'iat', 'iss', 'role', 'sub', 'tenant_id']"
    assert result.status is Status.FAIL
    assert result.summary == f"token flaws: token has no exp claim. {NO_JWKS}."


@pytest.mark.parametrize("served", ["weak"], indirect=True)
def test_a_guessable_secret_fails_and_signs_the_expired_and_foreign_tokens(served: str) -> None:
    result = _scan(served, key=False)
    assert _items(result) == [
        ("api.token-tampering:token:guessable-secret", Status.FAIL,
         "guessable signing secret: the HS256 token is signed with a number of 4 digits — entry #14940 of "
         "launchready's ranked list of guessable secrets (4 characters) — anyone can mint any token",
         "token signature"),
        ALG_NONE_OK, SIGNATURE_OK, EXPIRY_OK, ISSUER_OK]
    assert result.evidence[0].detail == "offline HMAC test of 20118 candidates; no requests sent"
    assert result.summary == ("token flaws: guessable signing secret. expired and wrong-issuer tokens were signed with "
                              f"the recovered secret; {NO_JWKS}.")
    assert result.requests == 15


@pytest.mark.parametrize(("served", "code"), [("unclean", 500), ("unclean-429", 429)], indirect=["served"])
def test_a_server_error_or_a_429_to_a_forged_token_is_a_warning_not_a_pass(served: str, code: int) -> None:
    result = _scan(served, key=True)
    assert _items(result) == [SECRET_OK] + [
        (f"api.token-tampering:GET /me:alg-{alg}", Status.WARN,
         f"alg-{alg} token answered {code} (not a clean 401/403) (GET /me answered {code} to variant 'alg-{alg}')",
         "GET /me") for alg in ("none", "None", "NONE")] + [SIGNATURE_OK, EXPIRY_OK, ISSUER_OK]
    assert result.status is Status.WARN
    assert result.summary == f"no tampered token accepted, but some answers were not clean rejections. {NO_JWKS}."


@pytest.mark.parametrize("served", ["rs256"], indirect=True)
def test_a_published_public_key_is_tried_as_an_hmac_key(served: str) -> None:
    result = _scan(served, key=False)
    assert _items(result) == [NOT_TESTED, ALG_NONE_OK, SIGNATURE_OK,
                              _ok("confusion", "HS256 tokens keyed with the published public key rejected")]
    assert result.evidence[3].detail == "2 variant(s) refused"  # the PEM as served, and stripped
    assert result.summary.endswith("(set option signing-key-env, or expired-token-env). dictionary test not "
                                   "applicable (alg RS256).")


@pytest.mark.parametrize("served", ["confusion"], indirect=True)
def test_an_hs256_token_keyed_with_the_public_key_accepted_fails(served: str) -> None:
    result = _scan(served, key=False)
    assert _items(result) == [
        NOT_TESTED,
        _accepted("hs-rs-confusion-1", "HS/RS algorithm confusion",
                  "an HS256 token keyed with the published public key is accepted"),
        ALG_NONE_OK, SIGNATURE_OK]
    assert result.summary == "token flaws: HS/RS algorithm confusion. dictionary test not applicable (alg RS256)."


@pytest.mark.parametrize("served", ["no-claims"], indirect=True)
def test_claims_that_are_absent_are_named_and_not_flipped(served: str) -> None:
    result = _scan(served, key=True)
    assert _items(result) == [SECRET_OK, ALG_NONE_OK, SIGNATURE_OK, EXPIRY_OK]
    assert next(e.detail for e in result.evidence if e.fingerprint.endswith("signature-ok")) == "3 variant(s) refused"
    assert result.summary == ("every tampered token was rejected. token has no tenant_id, role claim: not flipped; "
                              f"{NO_JWKS}; token carries no iss/aud: issuer/audience not tested.")


def test_without_a_tenant_there_is_nothing_to_tamper_with() -> None:
    config = Config.model_validate({"path": PRODUCT, "url": "http://127.0.0.1:9", "only": [ID]})
    result = scan(config).result(ID)
    assert result.status is Status.SKIP
    assert result.summary == "no test tenant declared ([[api.tenants]]): no real token to tamper with"


def _e(status: Status, message: str) -> Evidence:
    return Evidence(status, message, "GET /me")


def test_the_worst_item_decides_and_failures_are_named_once_in_order() -> None:
    items = [_e(Status.PASS, "a"), _e(Status.WARN, "w: x"), _e(Status.ERROR, "e: y"), _e(Status.FAIL, "beta: 1"),
             _e(Status.FAIL, "alpha: 2"), _e(Status.FAIL, "beta: 3")]
    outcome = _outcome(items, ["n1", "n2"], 7)
    assert outcome.status is Status.FAIL and outcome.requests == 7
    assert outcome.summary == "token flaws: beta; alpha. n1; n2."
    assert outcome.evidence == tuple(items)
    error = _outcome(items[:3], [], 2)
    assert (error.status, error.summary) == (Status.ERROR, "some tampered tokens got no answer.")
    warn = _outcome([_e(Status.WARN, "w"), _e(Status.PASS, "p")], [], 1)
    assert (warn.status, warn.summary) == (Status.WARN, "no tampered token accepted, but some answers were not clean "
                                                        "rejections.")
    untested = _outcome([_e(Status.WARN, NOT_TESTED[2]), _e(Status.WARN, "w")], [], 1)
    assert untested.summary.startswith("no tampered token accepted, but")
    assert _outcome([_e(Status.PASS, "p")], [], 0).summary == "every tampered token was rejected."


def test_a_flipped_value_differs_from_the_original_and_keeps_its_type() -> None:
    assert _other_value(41) == 42
    assert _other_value("41") == "42"
    flipped = _other_value("u-1")
    assert isinstance(flipped, str) and flipped != "u-1" and len(flipped) == 8  # four random bytes, hex
    assert len(_other_value("tenant-0123456789abcdef")) == 22  # half the length in bytes, as hex
    assert os.environ.get("LR_PIN_KEY") is None  # the key is set only for the scans that use it


@pytest.mark.parametrize("served", ["unverified"], indirect=True)
def test_claims_flipped_to_the_other_tenants_under_the_old_signature_each_fail(served: str) -> None:
    result = _scan(served, key=False)
    signature = "signature not verified"
    assert _items(result) == [
        SECRET_OK, NOT_TESTED,
        _accepted("stripped-signature", signature, "a token with its signature removed is accepted"),
        _accepted("wrong-key", signature, "a token signed with a random key is accepted"),
        _accepted("flipped-sub", signature, "a token whose `sub` was changed under the old signature is accepted"),
        _accepted("flipped-tenant_id", signature,
                  "a token whose `tenant_id` was changed under the old signature is accepted"),
        _accepted("flipped-role", signature, "a token whose `role` was changed under the old signature is accepted"),
        ALG_NONE_OK]
    answers = {e.fingerprint.rsplit(":", 1)[1]: e.detail.rsplit("\n", 1)[1] for e in result.evidence
               if e.fingerprint.split(":")[-1].startswith("flipped-")}
    assert answers == {  # tenant-b's own sub and tenant; the role raised to admin
        "flipped-sub": '→ 200 {"sub":"u-2","tenant_id":"t-1"}',
        "flipped-tenant_id": '→ 200 {"sub":"u-1","tenant_id":"t-2"}',
        "flipped-role": '→ 200 {"sub":"u-1","tenant_id":"t-1","role":"admin"}'}
    assert result.summary == f"token flaws: signature not verified. {NO_JWKS}."  # five failures, named once


@pytest.mark.parametrize("served", ["weak"], indirect=True)
def test_the_numeric_sweep_stops_at_the_digits_asked_for(served: str) -> None:
    options = {"numeric-secret-digits": 3}
    config = Config.model_validate({"path": PRODUCT, "url": served, "only": [ID], "checks": {ID: options}, "api": {"tenants": TENANTS}})
    with scan_credentials():
        result = scan(config).result(ID)
    assert _items(result)[0] == (
        "api.token-tampering:token:secret-ok", Status.PASS,
        "signing secret not among 10118 guessable secrets (numbers up to 3 digits; option numeric-secret-digits)",
        "token signature")  # 9008 words and phrases, then 10 + 100 + 1000 numbers: "4821" has four digits
    none = Config.model_validate({"path": PRODUCT, "url": served, "only": [ID], "checks": {ID: {"numeric-secret-digits": -2}},
                                  "api": {"tenants": TENANTS}})
    with scan_credentials():
        assert scan(none).result(ID).evidence[0].message == (
            "signing secret not among 9008 guessable secrets (numbers up to 0 digits; option numeric-secret-digits)")


@pytest.mark.parametrize("served", ["strict"], indirect=True)
def test_a_signing_key_variable_that_is_not_set_is_named(served: str) -> None:
    config = Config.model_validate({"path": PRODUCT, "url": served, "only": [ID], "checks": {ID: {"signing-key-env": "LR_PIN_UNSET"}},
                                    "api": {"tenants": TENANTS}})
    with scan_credentials():
        result = scan(config).result(ID)
    assert _items(result) == [SECRET_OK, NOT_TESTED, ALG_NONE_OK, SIGNATURE_OK]
    assert result.summary.endswith(f"(set option signing-key-env, or expired-token-env). signing-key-env names "
                                   f"LR_PIN_UNSET, which is not set; {NO_JWKS}.")


def _expired_token() -> str:
    import time

    import jwt

    now = int(time.time())
    return jwt.encode({"sub": "u-1", "tenant_id": "t-1", "role": "member", "iss": "https://pins.launchready.test",
                       "aud": "pins-api", "iat": now - 7200, "exp": now - 3600}, KEY, algorithm="HS256")


@pytest.mark.parametrize(("served", "status"), [("strict", Status.PASS), ("expiry", Status.FAIL)], indirect=["served"])
def test_a_supplied_expired_token_is_sent_in_place_of_a_minted_one(served: str, status: Status,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LR_PIN_EXPIRED", _expired_token())
    config = Config.model_validate({"path": PRODUCT, "url": served, "only": [ID], "checks": {ID: {"expired-token-env": "LR_PIN_EXPIRED"}},
                                    "api": {"tenants": TENANTS}})
    with scan_credentials():
        result = scan(config).result(ID)
    expiry = [i for i in _items(result) if i[3] == "GET /me" and "expir" in i[0]]
    if status is Status.PASS:
        assert _items(result) == [SECRET_OK, ALG_NONE_OK, SIGNATURE_OK, EXPIRY_OK]  # no "expiry not tested"
        assert result.status is Status.PASS
    else:
        assert expiry == [_accepted("expired-supplied", "expired token accepted",
                                    "the supplied expired token is accepted")]
        assert result.status is Status.FAIL


@pytest.mark.parametrize("served", ["no-exp-open-me"], indirect=True)
def test_an_offline_finding_stands_when_no_route_can_judge_forged_tokens(served: str) -> None:
    result = _scan(served, key=False)
    assert _items(result) == [
        ("api.token-tampering:claims:no-exp", Status.FAIL, "token has no exp claim: a leaked token stays valid forever",
         "token claims"), SECRET_OK]
    assert result.status is Status.FAIL
    assert result.summary == ("token flaws: token has no exp claim. tampered tokens not sent: undetermined: route "
                              "does not need auth: GET /me → 200 without credentials — a forged token answered 2xx "
                              "there would prove nothing; name one in [checks.\"api.token-tampering\"] "
                              "reference-route.")


@pytest.mark.parametrize("served", ["strict"], indirect=True)
def test_a_tenant_that_cannot_log_in_is_an_error_with_nothing_to_tamper_with(
        served: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LR_PIN_WRONG_PASSWORD", "not-the-password")
    config = Config.model_validate({"path": PRODUCT, "url": served, "only": [ID], "api": {"tenants": [
        {"name": "tenant-a", "username-env": "LR_TENANT_A_EMAIL", "password-env": "LR_PIN_WRONG_PASSWORD"}]}})
    with scan_credentials():
        result = scan(config).result(ID)
    assert result.status is Status.ERROR and result.evidence == ()
    assert result.summary.startswith("could not log in as tenant-a: ")


@pytest.mark.parametrize("served", ["drop-unsigned"], indirect=True)
def test_a_forged_token_without_an_answer_is_an_error_item_and_its_family_is_not_passed(served: str) -> None:
    result = _scan(served, key=False)
    # (how the transport words a closed connection is not this check's: the item's head is pinned)
    def head(item: tuple[str, Status, str, str]) -> tuple[str, Status, str, str]:
        return (item[0], item[1], item[2].split(": ", 1)[0], item[3])

    assert [head(i) for i in _items(result)] == [
        head(SECRET_OK), head(NOT_TESTED),
        *[(f"api.token-tampering:GET /me:alg-{alg}", Status.ERROR, f"no answer to the alg-{alg} token", "GET /me")
          for alg in ("none", "None", "NONE")],
        head(SIGNATURE_OK)]
    assert result.status is Status.ERROR
    assert result.summary == f"some tampered tokens got no answer. {NO_JWKS}."


@pytest.fixture
def rs256_with_key(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    pem = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()
    monkeypatch.setenv("LR_PIN_RSA_KEY", pem)
    with scan_credentials(), serve_app("tests.checks.api.apps_jwt_pins:app", cwd=checkout_root(),
                                       env={"JWT_PIN_MODE": "rs256", "JWT_PIN_RSA_PEM": pem}) as url:
        yield url


def test_an_rs256_staging_key_signs_the_expired_and_foreign_tokens(rs256_with_key: str) -> None:
    config = Config.model_validate({"path": PRODUCT, "url": rs256_with_key, "only": [ID],
                                    "checks": {ID: {"signing-key-env": "LR_PIN_RSA_KEY"}}, "api": {"tenants": TENANTS}})
    with scan_credentials():
        result = scan(config).result(ID)
    assert _items(result) == [ALG_NONE_OK, SIGNATURE_OK,
                              _ok("confusion", "HS256 tokens keyed with the published public key rejected"),
                              EXPIRY_OK, ISSUER_OK]
    assert result.status is Status.PASS
    assert result.summary == "every tampered token was rejected. dictionary test not applicable (alg RS256)."


@pytest.mark.parametrize("served", ["rs256"], indirect=True)
def test_an_hmac_secret_given_for_rs256_tokens_is_named_as_unusable_not_a_crash(served: str) -> None:
    # LR_PIN_KEY holds an HMAC secret; the server signs RS256: no token can be built with it
    result = _scan(served, key=True)
    assert result.status is Status.WARN, result.summary
    assert _items(result)[0] == NOT_TESTED
    assert "signing-key-env names LR_PIN_KEY, which cannot sign RS256 tokens (InvalidKeyError: " in result.summary


@pytest.mark.parametrize("served", ["strict"], indirect=True)
def test_a_budget_one_request_short_is_undetermined_never_a_pass(served: str) -> None:
    def run(budget: int) -> Result:
        config = Config.model_validate({"path": PRODUCT, "url": served, "only": [ID], "api": {"tenants": TENANTS},
                                        "checks": {ID: {"signing-key-env": "LR_PIN_KEY", "budget": budget}}})
        with scan_credentials():
            return scan(config).result(ID)

    short = run(14)  # the strict run needs 15 requests (see above)
    assert _items(short) == [SECRET_OK]  # the tampered tokens' families were never all sent
    assert short.status is Status.WARN
    assert short.summary == ('undetermined: no tampered token accepted in what was sent, but not every one was sent — '
                             f'raise [checks."api.token-tampering"] budget. {NO_JWKS}; stopped early (request budget '
                             "of 14 spent); decided on what was seen.")
    enough = run(15)
    assert enough.status is Status.PASS and enough.requests == 15
    assert _items(enough) == [SECRET_OK, ALG_NONE_OK, SIGNATURE_OK, EXPIRY_OK, ISSUER_OK]


@pytest.mark.parametrize("served", ["strict"], indirect=True)
def test_five_digit_numbers_are_tried_when_the_option_asks_for_them(served: str) -> None:
    config = Config.model_validate({"path": PRODUCT, "url": served, "only": [ID], "api": {"tenants": TENANTS},
                                    "checks": {ID: {"numeric-secret-digits": 5}}})
    with scan_credentials():
        result = scan(config).result(ID)
    [secret] = [e for e in result.evidence if e.fingerprint == "api.token-tampering:token:secret-ok"]
    # the same 9,008 words as with four digits (20,118 − 11,110), and 10 + 100 + … + 100,000 numbers
    assert secret.message == ("signing secret not among 120118 guessable secrets (numbers up to 5 digits; option "
                              "numeric-secret-digits)")

"""api.token-tampering against the examples and the auth edge apps."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from launchready import scan
from launchready.lab.examples import RunningExample, scan_credentials
from launchready.model import Result, Status
from tests.checks.api.fixtures_auth import EDGE_SECRET, edge_app, edge_config

ID = "api.token-tampering"


def run(config: object) -> Result:
    return scan(config).result(ID)  # type: ignore[arg-type]


def by_status(result: Result, status: Status) -> list[str]:
    return [f"{e.location} :: {e.message}" for e in result.evidence if e.status is status]


def test_vulnerable_example_accepts_unsigned_tokens_has_a_guessable_secret_and_no_expiry(
    vulnerable: RunningExample,
) -> None:
    result = run(vulnerable.config(only=(ID,)))
    assert result.status is Status.FAIL
    failed = by_status(result, Status.FAIL)
    assert any(m.startswith("GET /me :: unsigned tokens (alg=none) accepted") and "'alg-none'" in m for m in failed)
    assert any("guessable signing secret" in m for m in failed)
    assert any("no exp claim" in m for m in failed)
    detail = next(e.detail for e in result.evidence if "'alg-none'" in e.message)
    assert "real token: GET /me → 200; no token: GET /me → 401" in detail
    assert "eyJ" not in detail.replace("eyJ…", ""), "tokens are redacted"
    # The replay sends the forged token through a variable that says how it was made, not a mask.
    assert '-H "authorization: Bearer $LR_FORGED_ALG_NONE_TOKEN" http://' in detail
    assert "# set LR_FORGED_ALG_NONE_TOKEN to the 'alg-none' token the scan forged from tenant-a's: " \
           "an unsigned token (alg='none')" in detail.splitlines()
    # signature verification itself works there: a separate, passing finding
    assert any("signature verified" in m for m in by_status(result, Status.PASS))


def test_hardened_example_passes_with_its_staging_key_and_warns_without_it(hardened: RunningExample) -> None:
    result = run(hardened.config(only=(ID,), checks={ID: {"signing-key-env": "LR_SIGNING_KEY"}}))
    assert result.status is Status.PASS, (result.summary, result.evidence)
    passed = by_status(result, Status.PASS)
    assert any("signature verified" in m for m in passed) and any("alg=none" in m for m in passed)
    assert any(m.startswith("GET /me :: expired-but-signed token rejected") for m in passed)
    without_key = run(hardened.config(only=(ID,)))
    assert without_key.status is Status.WARN, (without_key.summary, without_key.evidence)
    assert by_status(without_key, Status.WARN) == [
        "token expiry :: expired-but-signed and wrong-issuer tokens not tested: no signing key "
        "(set option signing-key-env, or expired-token-env)"]


@pytest.fixture(scope="module")
def unverified() -> Iterator[str]:
    with scan_credentials(), edge_app("unverified") as url:
        yield url


def test_server_that_checks_expiry_but_not_signatures_is_caught(unverified: str) -> None:
    os.environ["LR_EDGE_SIGNING_KEY"] = EDGE_SECRET
    try:
        with scan_credentials():
            result = run(edge_config(unverified, ID, **{"signing-key-env": "LR_EDGE_SIGNING_KEY"}))
    finally:
        del os.environ["LR_EDGE_SIGNING_KEY"]
    assert result.status is Status.FAIL
    failed = by_status(result, Status.FAIL)
    assert any(m.startswith("GET /me :: signature not verified") and "'flipped-sub'" in m for m in failed)
    assert any("'stripped-signature'" in m for m in failed) and any("'wrong-key'" in m for m in failed)
    assert not any("expired" in m for m in failed)
    assert any("expired-but-signed token rejected" in m for m in by_status(result, Status.PASS))


def test_a_product_with_no_protected_get_in_its_inventory_is_undetermined_and_no_route_is_made_up() -> None:
    # The garbage app serves no OpenAPI document and the config declares no protected GET: nothing to send
    # tampered tokens to. Undetermined (a warn naming the key), never a probe of a made-up /me, never an error.
    with scan_credentials(), edge_app("garbage") as url:
        result = run(edge_config(url, ID))
    assert result.status is Status.WARN, (result.summary, result.evidence)
    assert result.summary.startswith("undetermined: the route inventory has no GET without path parameters")
    assert result.summary.endswith('name one in [checks."api.token-tampering"] reference-route')
    assert by_status(result, Status.WARN) == [" :: tampered tokens not sent: " + result.summary]
    assert result.requests == 0


def test_a_reference_route_that_needs_no_auth_is_undetermined_not_548_criticals() -> None:
    with scan_credentials(), edge_app("garbage") as url:
        result = run(edge_config(url, ID, **{"reference-route": "GET /me"}))
    assert result.status is Status.WARN, (result.summary, result.evidence)
    assert result.summary.startswith("undetermined: route does not need auth: GET /me → 200 without credentials")
    assert 'name one in [checks."api.token-tampering"] reference-route' in result.summary
    assert not by_status(result, Status.FAIL)


def test_reference_route_that_hangs_is_an_error() -> None:
    with scan_credentials(), edge_app("hang") as url:
        result = run(edge_config(url, ID, timeout=1.0))
    assert result.status is Status.ERROR
    assert "no answer" in result.summary

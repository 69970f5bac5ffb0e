"""api.security-headers against the examples and an app that streams a huge body."""

from __future__ import annotations

import time

from launchready import scan
from launchready.checks.api.security_headers import cookie_problems
from launchready.lab.examples import RunningExample
from launchready.model import Status
from tests.checks.api.fixtures_surface import edge_app, edge_config

ID = "api.security-headers"


def test_missing_no_store_fails_and_nosniff_warns(vulnerable: RunningExample) -> None:
    r = scan(vulnerable.config(only=(ID,))).result(ID)
    assert r.status is Status.FAIL
    no_store = next(e for e in r.evidence if "no-store" in e.message)
    # The routes come from the inventory: the tenant's collections, and a public GET.
    assert no_store.status is Status.FAIL and no_store.location == "GET /conversations"
    assert "every route probed: GET /conversations, GET /files" in no_store.message
    assert "routes chosen: GET /conversations: a GET without path parameters, auth not stated" in no_store.detail
    nosniff = next(e for e in r.evidence if "nosniff" in e.message)
    assert nosniff.status is Status.WARN and "GET /health" in nosniff.message
    assert "HSTS not applicable" in r.summary


def test_hardened_headers_pass(hardened: RunningExample) -> None:
    r = scan(hardened.config(only=(ID,))).result(ID)
    assert r.status is Status.PASS, r.evidence


def test_cookie_flags_are_judged_with_secure_only_on_https() -> None:
    assert cookie_problems("session=abc; Path=/", https=False) == ("session", ["HttpOnly", "SameSite"])
    assert cookie_problems("session=abc; HttpOnly; SameSite=Lax", https=True) == ("session", ["Secure"])
    assert cookie_problems("sid=1; Secure; HttpOnly; SameSite=Strict", https=True) == ("sid", [])


def test_a_huge_streamed_body_is_read_bounded_and_left_undetermined() -> None:
    # Every answer of this server is cut at the 2 MB cap: headers of answers that never ended are not the
    # route's own verdict ("incomplete is never pass" — nor a blocking fail); what was seen stays as a warn.
    started = time.monotonic()
    with edge_app("huge_body") as url:
        config = edge_config(url, checks={ID: {"routes": ["/me"], "public-routes": ["/"]}})
        r = scan(config.model_copy(update={"only": (ID,)})).result(ID)
    assert time.monotonic() - started < 30
    assert r.status is Status.WARN
    assert r.summary.startswith("undetermined: every answer (")
    assert "was 200 with a body cut short (the body is larger than 2048 kB)" in r.summary
    assert [e.status for e in r.evidence if "no-store" in e.message] == [Status.WARN]

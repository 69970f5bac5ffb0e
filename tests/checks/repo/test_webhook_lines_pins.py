"""Pins for repo.webhook-verification on JavaScript: a route's own text starts at its own line (a verifying
helper on the line before is not its verification; a verification on the route's line is), and an unsafe
comparison quotes what it compared. A helper the route calls is read for its first 3,000 characters."""

from __future__ import annotations

from pathlib import Path

from launchready.checks.repo.webhook_verification import CHECK
from launchready.model import Status
from tests.checks.repo.static_helpers import run_static

HEAD = "const express = require('express')\nconst app = express()\n"


def test_a_verifying_line_just_before_the_route_is_not_the_routes_verification(tmp_path: Path) -> None:
    source = HEAD + ("const check = (a, b) => crypto.timingSafeEqual(a, b)\n"
                     "app.post('/webhooks/stripe', (req, res) => {\n  orders.create(req.body)\n  res.sendStatus(200)\n"
                     "})\n")
    result = run_static(tmp_path, CHECK, {"server.js": source})
    assert [(e.status, e.message, e.location, e.detail) for e in result.evidence] == [
        (Status.FAIL, "POST /webhooks/stripe acts on the payload without verifying a signature", "server.js:4",
         "app.post('/webhooks/stripe', (req, res) => {")]
    assert result.summary == "1 webhook route(s) act without verification"


def test_a_verification_on_the_routes_own_line_counts(tmp_path: Path) -> None:
    source = HEAD + ("app.post('/webhooks/stripe', (req, res) => crypto.timingSafeEqual(sig(req), want) && "
                     "orders.create(req.body))\n")
    result = run_static(tmp_path, CHECK, {"server.js": source})
    assert (result.status, result.evidence) == (Status.PASS, ())
    assert result.summary == "1 webhook route(s) verify their signature: POST /webhooks/stripe"


def test_an_unsafe_comparison_is_quoted_from_its_first_character(tmp_path: Path) -> None:
    source = HEAD + ("app.post('/webhooks/stripe', (req, res) => {\n"
                     "  const signature = req.headers['x-signature']\n"
                     "  if (expected === signature) orders.create(req.body)\n})\n")
    result = run_static(tmp_path, CHECK, {"server.js": source})
    assert [(e.status, e.message, e.location, e.detail) for e in result.evidence] == [
        (Status.WARN, "POST /webhooks/stripe compares its signature with `===` instead of crypto.timingSafeEqual "
         "(timing attack)", "server.js:3", "expected === signature")]
    assert result.summary == "webhook signatures compared unsafely"


def _with_helper(helper: str) -> str:
    return HEAD + (f"{helper}\n\napp.post('/webhooks/stripe', (req, res) => {{\n"
                   "  if (!signedByStripe(req)) return res.sendStatus(400)\n  orders.create(req.body)\n"
                   "  res.sendStatus(200)\n})\n")


def test_a_verification_in_a_helper_the_route_calls_counts_both_ways_of_declaring_it(tmp_path: Path) -> None:
    for n, declared in enumerate(("function signedByStripe(req) {", "const signedByStripe = (req) => {")):
        helper = f"{declared}\n  return crypto.timingSafeEqual(sign(req.rawBody), Buffer.from(req.headers.sig))\n}}"
        result = run_static(tmp_path / str(n), CHECK, {"server.js": _with_helper(helper)})
        assert (result.status, result.evidence) == (Status.PASS, ()), declared
        assert result.summary == "1 webhook route(s) verify their signature: POST /webhooks/stripe"


def test_a_helper_is_read_for_its_first_3000_characters(tmp_path: Path) -> None:
    """A verification in a helper counts when it starts within 3,000 characters of the helper's declaration."""
    declared = "function signedByStripe(req) {\n"
    call = "  return crypto.timingSafeEqual(sign(req.rawBody), sig)\n}"
    for gap, status in ((0, Status.PASS), (1, Status.FAIL)):
        before = len(declared) + len("  // \n") + len("  return crypto.timingSafeEqual(")
        pad = "  // " + "x" * (3000 + gap - before) + "\n"
        helper = declared + pad + call
        assert helper.index("crypto.timingSafeEqual(") + len("crypto.timingSafeEqual(") == 3000 + gap
        result = run_static(tmp_path / str(gap), CHECK, {"server.js": _with_helper(helper)})
        assert [e.status for e in result.evidence] == ([] if status is Status.PASS else [Status.FAIL])
        assert result.status is status


def test_an_unsafe_comparison_is_quoted_for_its_first_160_characters(tmp_path: Path) -> None:
    expected = "expectedSignatureComputedFromTheRawRequestBodyWithTheSharedSecretOfThisEndpoint" * 2
    source = HEAD + ("app.post('/webhooks/stripe', (req, res) => {\n"
                     f"  if ({expected} === signatureFromTheHeader) orders.create(req.body)\n}})\n")
    result = run_static(tmp_path, CHECK, {"server.js": source})
    assert [(e.status, e.detail) for e in result.evidence] == [
        (Status.WARN, f"{expected} === signatureFromTheHeader"[:160])]

"""Pins for repo.webhook-verification on Python: an svix `Webhook` object's `verify` is a verification, and
a verification in a helper counts from the line where the handler calls it, not from the helper's own line; helpers
are followed three calls deep; a digest compared with `==` is a timing warning at the comparison."""

from __future__ import annotations

from pathlib import Path

import pytest

from launchready.checks.repo.webhook_verification import CHECK
from launchready.model import Status
from tests.checks.repo.static_helpers import run_static


def test_an_svix_webhook_objects_verify_is_a_verification(tmp_path: Path) -> None:
    source = ("from fastapi import FastAPI, Request\nfrom svix.webhooks import Webhook\napp = FastAPI()\n\n"
              "@app.post('/webhooks/svix')\nasync def hook(request: Request):\n    wh = Webhook(SECRET)\n"
              "    event = wh.verify(await request.body(), dict(request.headers))\n    orders.create(event)\n")
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert (result.status, result.evidence) == (Status.PASS, ())
    assert result.summary == "1 webhook route(s) verify their signature: POST /webhooks/svix"


def test_acting_before_calling_a_verifying_helper_defined_above_fails_at_the_call(tmp_path: Path) -> None:
    source = ("import hmac\nfrom fastapi import FastAPI, Request\napp = FastAPI()\n\n"
              "def check(body, sig):\n    if not hmac.compare_digest(sign(body), sig):\n"
              "        raise ValueError('bad signature')\n\n\n@app.post('/webhooks/stripe')\n"
              "async def hook(request: Request):\n    body = await request.body()\n    orders.create(body)\n"
              "    check(body, request.headers['x-sig'])\n")
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert [(e.status, e.message, e.location) for e in result.evidence] == [
        (Status.FAIL, "POST /webhooks/stripe acts (line 13) before verifying the signature (line 14)", "main.py:13")]


@pytest.mark.parametrize("setup", [
    "    wh = Webhook(SECRET)\n",  # the svix object is built, its verify never called
    "    session.verify(request.headers['x-session'])\n",  # a `.verify` of something that is no svix Webhook
])
def test_an_svix_webhook_built_but_not_verified_or_another_verify_fails(tmp_path: Path, setup: str) -> None:
    source = ("from fastapi import FastAPI, Request\nfrom svix.webhooks import Webhook\napp = FastAPI()\n\n"
              f"@app.post('/webhooks/svix')\nasync def hook(request: Request):\n{setup}"
              "    event = json.loads(await request.body())\n    orders.create(event)\n")
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert [(e.status, e.message, e.location) for e in result.evidence] == [
        (Status.FAIL, "POST /webhooks/svix acts on the payload without verifying a signature", "main.py:5")]


def _chain(depth: int) -> str:
    """A handler calling step1 → step2 → … → step<depth>, the last one verifying the signature."""
    steps = "".join(f"def step{n}(body, sig):\n    return step{n + 1}(body, sig)\n\n\n" for n in range(1, depth))
    return ("import hmac\nfrom fastapi import FastAPI, Request\napp = FastAPI()\n\n\n" + steps +
            f"def step{depth}(body, sig):\n    if not hmac.compare_digest(sign(body), sig):\n        raise ValueError\n\n\n"
            "@app.post('/webhooks/acme')\nasync def hook(request: Request):\n    body = await request.body()\n"
            "    step1(body, request.headers['x-sig'])\n    orders.create(body)\n")


@pytest.mark.parametrize(("depth", "status"), [(3, Status.PASS), (4, Status.FAIL)])
def test_a_verification_is_followed_three_calls_deep(tmp_path: Path, depth: int, status: Status) -> None:
    result = run_static(tmp_path, CHECK, {"main.py": _chain(depth)})
    assert result.status is status
    if status is Status.FAIL:
        assert [(e.message, e.location) for e in result.evidence] == [
            ("POST /webhooks/acme acts on the payload without verifying a signature", f"main.py:{4 * depth + 7}")]


@pytest.mark.parametrize("lines", [
    "    mac = signer.digest()\n    if mac == request.headers['x-sig']:\n",  # a name assigned a digest
    "    if request.headers['x-sig'] != sign(body).hexdigest():\n",
    "    if hmac.new(K, body, 'sha256').hexdigest() == request.headers['x-sig']:\n",
])
def test_a_digest_compared_with_equals_is_a_timing_warning_at_the_comparison(tmp_path: Path, lines: str) -> None:
    source = ("import hmac\nfrom fastapi import FastAPI, Request\napp = FastAPI()\n\n\n@app.post('/webhooks/acme')\n"
              "async def hook(request: Request):\n    body = await request.body()\n" + lines +
              "        orders.create(body)\n")
    result = run_static(tmp_path, CHECK, {"main.py": source})
    at = 10 if lines.count("\n") == 2 else 9
    assert [(e.status, e.message, e.location, e.detail) for e in result.evidence] == [
        (Status.WARN, "POST /webhooks/acme compares its HMAC signature with `==` instead of hmac.compare_digest "
         "(timing attack)", f"main.py:{at}", lines.splitlines()[-1].strip())]


def test_a_comparison_of_values_that_are_no_digest_is_not_a_timing_warning(tmp_path: Path) -> None:
    source = ("from fastapi import FastAPI, Request\napp = FastAPI()\n\n\n@app.post('/webhooks/acme')\n"
              "async def hook(request: Request):\n    event = await request.json()\n"
              "    if event['type'] == 'invoice.paid':\n        orders.create(event)\n")
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert [(e.status, e.message) for e in result.evidence] == [
        (Status.FAIL, "POST /webhooks/acme acts on the payload without verifying a signature")]


def test_a_route_named_as_a_webhook_handler_is_judged_whatever_its_path(tmp_path: Path) -> None:
    source = ("from fastapi import FastAPI, Request\napp = FastAPI()\n\n\n@app.post('/stripe/events')\n"
              "async def handle_stripe_event(request: Request):\n    orders.create(await request.json())\n")
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert [(e.status, e.message, e.location) for e in result.evidence] == [
        (Status.FAIL, "POST /stripe/events acts on the payload without verifying a signature", "main.py:5")]


def test_a_verification_in_a_helper_called_through_its_class_counts(tmp_path: Path) -> None:
    source = ("import hmac\nfrom fastapi import FastAPI, Request\napp = FastAPI()\n\n\nclass Signatures:\n"
              "    @staticmethod\n    def check(body, sig):\n        if not hmac.compare_digest(sign(body), sig):\n"
              "            raise ValueError\n\n\n@app.post('/webhooks/acme')\nasync def hook(request: Request):\n"
              "    body = await request.body()\n    Signatures.check(body, request.headers['x-sig'])\n"
              "    orders.create(body)\n")
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert (result.status, result.evidence) == (Status.PASS, ())


def test_a_digest_in_a_chained_comparison_with_equals_is_a_timing_warning(tmp_path: Path) -> None:
    """`expected == sig is not None` compares the digest with `==` though its other operator is no equality."""
    source = ("import hmac\nfrom fastapi import FastAPI, Request\napp = FastAPI()\n\n\n@app.post('/webhooks/acme')\n"
              "async def hook(request: Request):\n    body = await request.body()\n"
              "    expected = hmac.new(K, body, 'sha256').hexdigest()\n"
              "    if expected == request.headers.get('x-sig') is not None:\n        orders.create(body)\n")
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert [(e.status, e.location) for e in result.evidence] == [(Status.WARN, "main.py:10")]

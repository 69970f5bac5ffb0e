"""Pins for repo.webhook-verification on Python: an svix `Webhook` object's `verify` is a verification, and
a verification in a helper counts from the line where the handler calls it, not from the helper's own line."""

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

"""repo.webhook-verification on verifications that can be skipped: a signature checked only while a secret
setting is set lets forged events through wherever it is unset (a warn naming the setting); one checked only when
the request carries the signature header lets a forger leave it out (a fail); an earlier refusal or an ``else``
that refuses makes the check unconditional. A module that names its GET and POST handlers alike is judged by the
route's own function."""

from __future__ import annotations

from pathlib import Path

import pytest

from launchready.checks.repo.webhook_verification import CHECK
from launchready.model import Status
from tests.checks.repo.static_helpers import run_static

_HEAD = "from fastapi import FastAPI, Request, HTTPException\napp = FastAPI()\n\n"


def _get_body(gate: str) -> str:
    """pr-agent's shape: the handler's helper verifies only inside ``gate``."""
    return (_HEAD + "async def get_body(request):\n    body = await request.json()\n"
            "    webhook_secret = getattr(get_settings().github, 'webhook_secret', None)\n"
            "    signature_header = request.headers.get('x-hub-signature-256', None)\n"
            f"{gate}"
            "        verify_signature(await request.body(), webhook_secret, signature_header)\n"
            "    return body\n\n\n"
            "@app.post('/api/v1/github_webhooks')\nasync def handle(request: Request):\n"
            "    body = await get_body(request)\n    await agent.handle_request(body)\n    return {}\n")


def test_a_signature_checked_only_while_the_secret_is_set_is_a_warning_naming_the_setting(tmp_path: Path) -> None:
    result = run_static(tmp_path, CHECK, {"app.py": _get_body("    if webhook_secret:\n")})
    assert [(e.status, e.location) for e in result.evidence] == [(Status.WARN, "app.py:8")]
    assert result.evidence[0].message.startswith(
        "POST /api/v1/github_webhooks verifies the signature only when `webhook_secret` is set")


def test_a_signature_checked_only_when_the_request_carries_it_fails(tmp_path: Path) -> None:
    result = run_static(tmp_path, CHECK, {"app.py": _get_body("    if signature_header:\n")})
    assert [(e.status, e.location) for e in result.evidence] == [(Status.FAIL, "app.py:8")]
    assert "a forger leaves the header out" in result.evidence[0].message


@pytest.mark.parametrize("gate", [
    # an earlier refusal makes the `if` redundant
    "    if not webhook_secret:\n        raise HTTPException(status_code=500)\n    if webhook_secret:\n",
    # unconditional: no gate at all
    "    if True:\n",
])
def test_a_verification_nothing_can_skip_passes(tmp_path: Path, gate: str) -> None:
    result = run_static(tmp_path, CHECK, {"app.py": _get_body(gate)})
    assert result.status is Status.PASS, result.evidence


def test_an_else_that_refuses_makes_the_check_unconditional(tmp_path: Path) -> None:
    source = (_HEAD + "@app.post('/webhook')\nasync def hook(request: Request):\n"
              "    sig = request.headers.get('x-signature')\n    if sig:\n"
              "        verify_signature(await request.body(), SECRET, sig)\n    else:\n"
              "        raise HTTPException(status_code=401)\n    orders.create(await request.json())\n")
    result = run_static(tmp_path, CHECK, {"app.py": source})
    assert result.status is Status.PASS, result.evidence


def test_a_post_handler_named_like_the_get_below_it_is_judged_by_its_own_function(tmp_path: Path) -> None:
    # bitbucket_app.py's shape: `POST /webhook` and `GET /webhook` both define `handle_github_webhooks`; the POST acts
    source = (_HEAD + "@app.post('/webhook')\nasync def handle_github_webhooks(request: Request):\n"
              "    data = await request.json()\n    await agent.handle_request(data['pr'], data['comment'])\n"
              "    return 'OK'\n\n\n@app.get('/webhook')\nasync def handle_github_webhooks(request: Request):\n"
              "    return 'Webhook server online!'\n")
    result = run_static(tmp_path, CHECK, {"app.py": source})
    assert [(e.status, e.location, e.message) for e in result.evidence if e.status is Status.FAIL] == [
        (Status.FAIL, "app.py:4", "POST /webhook acts on the payload without verifying a signature")]


def test_a_javascript_signature_checked_only_while_the_secret_is_set_is_a_warning(tmp_path: Path) -> None:
    source = ("import express from 'express';\nimport Stripe from 'stripe';\nconst app = express();\n"
              "app.post('/api/webhook', express.raw({type: 'application/json'}), async (req, res) => {\n"
              "  let event = JSON.parse(req.body);\n"
              "  if (process.env.STRIPE_WEBHOOK_SECRET) {\n"
              "    event = stripe.webhooks.constructEvent(req.body, req.headers['stripe-signature'], "
              "process.env.STRIPE_WEBHOOK_SECRET);\n  }\n"
              "  await db.orders.update({ where: { id: event.data.object.id }, data: { paid: true } });\n"
              "  res.json({ received: true });\n});\n")
    result = run_static(tmp_path, CHECK, {"server.js": source})
    assert [(e.status, e.location) for e in result.evidence] == [(Status.WARN, "server.js:4")]
    assert result.evidence[0].message.startswith(
        "POST /api/webhook verifies the signature only when `process.env.STRIPE_WEBHOOK_SECRET` is set")


def test_a_verification_in_a_route_dependency_runs_before_the_handler(tmp_path: Path) -> None:
    """sweep api.py: `@app.post("/", dependencies=[Depends(validate_signature)])` — the dependency answers 403 on a
    bad X-Hub-Signature-256 before the handler acts; the route next to it without one still fails."""
    source = (_HEAD.replace("HTTPException", "HTTPException, Depends, Header") +
              "async def validate_signature(request: Request, sig: str = Header(None, alias='X-Hub-Signature-256')):\n"
              "    if not verify_signature(await request.body(), sig):\n"
              "        raise HTTPException(status_code=403)\n\n\n"
              "@app.post('/', dependencies=[Depends(validate_signature)])\ndef webhook(request_dict: dict):\n"
              "    return handle_request(request_dict)\n\n\n"
              "@app.post('/jira')\ndef jira_webhook(request_dict: dict):\n    return handle_request(request_dict)\n")
    result = run_static(tmp_path, CHECK, {"app.py": source})
    assert [(e.status, e.location) for e in result.evidence if e.status is not Status.PASS] == [
        (Status.FAIL, "app.py:14")]


def test_a_connect_jwt_decoded_with_the_shared_secret_is_a_verification(tmp_path: Path) -> None:
    """pr-agent bitbucket_app.py: Atlassian Connect signs each delivery with a JWT; `jwt.decode(input_jwt,
    shared_secret, algorithms=["HS256"])` before acting verifies it. Decoding with `verify_signature: False` does
    not."""
    source = (_HEAD + "@app.post('/webhook')\nasync def handle(request: Request):\n"
              "    input_jwt = request.headers.get('authorization').split(' ')[1]\n    data = await request.json()\n"
              "    jwt.decode(input_jwt, shared_secret, audience=client_key, algorithms=['HS256'])\n"
              "    await agent.handle_request(data['pr'], data['comment'])\n")
    result = run_static(tmp_path / "a", CHECK, {"app.py": source})
    assert result.status is Status.PASS, result.evidence
    unverified = source.replace("algorithms=['HS256'])", "options={'verify_signature': False})")
    result = run_static(tmp_path / "b", CHECK, {"app.py": unverified})
    assert [(e.status, e.location) for e in result.evidence if e.status is not Status.PASS] == [(Status.FAIL, "app.py:4")]

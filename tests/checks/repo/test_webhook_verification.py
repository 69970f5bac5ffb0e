from __future__ import annotations

from pathlib import Path

import pytest

from launchready.checks.repo.webhook_verification import CHECK
from launchready.model import Status
from tests.checks.repo.static_helpers import at, messages, run_example, run_static

UNVERIFIED = ("@app.post('/webhooks/stripe')\nasync def stripe_webhook(request: Request):\n"
              "    event = json.loads(await request.body())\n    db.execute('UPDATE invoices SET paid = 1')\n")


def test_unverified_webhook_fails(tmp_path: Path) -> None:
    result = run_static(tmp_path, CHECK, {"main.py": "app = FastAPI()\n\n" + UNVERIFIED})
    assert at(result, Status.FAIL) == ["main.py:3"]
    assert messages(result, Status.FAIL) == ["POST /webhooks/stripe acts on the payload without verifying a signature"]


@pytest.mark.parametrize(("path", "source"), [
    ("main.py", "app = FastAPI()\n\n@app.post('/webhooks/stripe')\nasync def hook(request: Request):\n"
     "    event = stripe.Webhook.construct_event(await request.body(), request.headers['stripe-signature'], SECRET)\n"
     "    db.execute('x')\n"),
    ("main.py", "app = FastAPI()\n\ndef check(body, sig):\n    expected = hmac.new(K, body, 'sha256').hexdigest()\n"
     "    return hmac.compare_digest(expected, sig)\n\n@app.post('/webhooks/github')\nasync def hook(request: Request):\n"
     "    if not check(await request.body(), request.headers['x-hub-signature-256']):\n        raise HTTPException(400)\n"),
    ("main.py", "app = FastAPI()\n\n@app.post('/webhooks/svix')\nasync def hook(request: Request):\n"
     "    Webhook(SECRET).verify(await request.body(), request.headers)\n"),
    ("server.js", "const express = require('express')\nconst app = express()\n"
     "app.post('/webhooks/stripe', express.raw(), (req, res) => {\n"
     "  const event = stripe.webhooks.constructEvent(req.body, req.headers['stripe-signature'], secret)\n})\n"),
])
def test_verified_webhooks_pass(tmp_path: Path, path: str, source: str) -> None:
    result = run_static(tmp_path, CHECK, {path: source})
    assert result.status is Status.PASS, result.evidence


def test_hmac_compared_with_equals_warns(tmp_path: Path) -> None:
    source = ("app = FastAPI()\n\n@app.post('/webhooks/acme')\nasync def hook(request: Request):\n"
              "    expected = hmac.new(K, await request.body(), 'sha256').hexdigest()\n"
              "    if expected != request.headers['x-signature']:\n        raise HTTPException(400)\n")
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert at(result, Status.WARN) == ["main.py:6"]
    assert "instead of hmac.compare_digest" in messages(result, Status.WARN)[0]


def test_acting_before_verifying_fails(tmp_path: Path) -> None:
    source = ("app = FastAPI()\n\n@app.post('/webhooks/stripe')\nasync def hook(request: Request):\n"
              "    db.execute('INSERT INTO events VALUES (?)')\n"
              "    stripe.Webhook.construct_event(await request.body(), sig, SECRET)\n")
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert at(result, Status.FAIL) == ["main.py:5"]


def test_no_webhook_routes_pass(tmp_path: Path) -> None:
    result = run_static(tmp_path, CHECK, {"main.py": "app = FastAPI()\n\n@app.get('/health')\ndef h():\n    pass\n"})
    assert result.status is Status.PASS and result.summary == "no webhook routes found"


def test_examples(tmp_path: Path) -> None:
    vulnerable = run_example(tmp_path, CHECK, "vulnerable")
    assert at(vulnerable, Status.FAIL) == ["main.py:173"]
    assert run_example(tmp_path, CHECK, "hardened").status is Status.PASS

"""Failing and passing fixtures for the five route-based static checks (used by the catalogue contract)."""

from __future__ import annotations

from launchready.lab.gitrepo import Commit
from tests.fixtures import Fixture, repo_fixture

VULNERABLE = '''import logging
from fastapi import FastAPI, Request

log = logging.getLogger("app")
app = FastAPI()


@app.post("/auth/login")
def login(request: Request, payload: dict):
    log.info(f"login attempt with password {payload['password']}")
    return {}


@app.post("/chat")
def chat(payload: dict):
    conn.execute("SELECT * FROM conversations WHERE id = ?", (payload["conversation_id"],))
    return {}


@app.post("/webhooks/stripe")
async def stripe_webhook(request: Request):
    event = json.loads(await request.body())
    conn.execute("UPDATE invoices SET status = 'paid' WHERE id = ?", (event["id"],))
    return {}
'''
HARDENED = '''import logging
from fastapi import APIRouter, Depends, FastAPI, Request
from slowapi import Limiter

from .auth import current_user


class Redact(logging.Filter):
    pass


log = logging.getLogger("app")
limiter = Limiter(key_func=lambda r: "ip")
app = FastAPI()
app.state.limiter = limiter
public = APIRouter()
private = APIRouter(dependencies=[Depends(current_user)])


@public.post("/auth/login")
@limiter.limit("5/minute")
def login(request: Request):
    log.info("login attempt")
    return {}


@private.post("/chat")
@limiter.limit("30/minute")
def chat(request: Request, user=Depends(current_user)):
    conn.execute("SELECT * FROM conversations WHERE id = ? AND tenant_id = ?", (1, user.tenant_id))
    return {}


@public.post("/webhooks/stripe")
async def stripe_webhook(request: Request):
    event = stripe.Webhook.construct_event(await request.body(), request.headers["stripe-signature"], SECRET)
    conn.execute("UPDATE invoices SET status = 'paid' WHERE id = ?", (event["id"],))
    return {}


app.include_router(public)
app.include_router(private)
'''
UNGUARDED_ROUTE = '''from fastapi import FastAPI

app = FastAPI()


@app.get("/conversations/{conversation_id}/messages")
def list_messages(conversation_id: str):
    return []
'''

IDS = ("repo.route-auth", "repo.rate-limit-config", "repo.webhook-verification", "repo.logging-hygiene",
       "repo.tenant-scoping")

FIXTURES: dict[str, tuple[Fixture, Fixture]] = {
    check_id: (
        repo_fixture(check_id, [Commit("init", {"app/main.py": UNGUARDED_ROUTE if check_id == "repo.route-auth"
                                                else VULNERABLE})]),
        repo_fixture(check_id, [Commit("init", {"app/main.py": HARDENED})]),
    )
    for check_id in IDS
}
# repo.tenant-scoping is warn-level by design (SPEC §2, `warn_only` in its META): the contract test expects
# its failing fixture to give WARN.

"""Pins for repo.route-auth: every default public pattern and every "surely private" word one route at a
time, the hand-auth threshold on both sides, and the figures the check reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from launchready.checks.repo.route_auth import CHECK
from launchready.model import Status
from tests.checks.repo.static_helpers import at, run_static

# One path per default public pattern, each matched by that pattern alone (`/webhooks/*`, `/webhook/*`,
# `/webhooks`, `/webhook`, `/favicon.ico` and `/logout` are also matched by `*webhook*`, `/favicon*` and
# `/logo*`: removing one of those is equivalent, see bench/mutate/equivalent.py).
PUBLIC_PATHS = (
    "/", "/healthz", "/ready", "/livez", "/status", "/ping", "/metrics", "/login", "/signin", "/auth/login",
    "/auth/signin", "/token", "/auth/token", "/signup", "/auth/signup", "/register", "/auth/register",
    "/reset/confirm", "/auth/reset/confirm", "/password/reset/confirm", "/forgot", "/auth/forgot/code",
    "/auth/callback/google", "/auth/refresh", "/docs", "/docs/oauth2-redirect", "/redoc", "/openapi.json",
    "/api/auth/session", "/robots.txt", "/assets/app.js", "/static/app.css", "/public/logo.svg",
    "/.well-known/security.txt", "/favicon.png", "/logo.svg", "/manifest.webmanifest", "/sitemap.xml",
    "/auth/config", "/auth/providers", "/login/github", "/oauth/authorize", "/auth/oauth/google",
    "/account/reset-password", "/account/forgot-password", "/account/recover-account", "/invite/abc",
    "/teams/sso/start", "/magic/request-token", "/hooks/stripe-webhook-events", "/slack/events",
    "/stripe/events", "/github/events", "/discord/interactions", "/telegram/updates", "/twilio/sms",
)

# One GET path per word that makes an unauthenticated read surely private (`profile` is also matched by
# `file`).
PRIVATE_WORDS = (
    "conversation", "message", "chat", "thread", "history", "memories", "file", "upload", "document",
    "attachment", "user", "account", "admin", "debug", "internal", "private", "export", "import", "setting",
    "secret", "key", "token", "credential", "session", "billing", "invoice", "payment", "subscription",
    "tenant", "workspace", "org", "team", "member", "tool", "agent", "prompt", "report", "log", "stats",
    "config", "backup", "dump", "delete", "reset", "password", "email", "note", "task", "order",
)


def _app(routes: list[tuple[str, str]], body: str = "return {}") -> str:
    handlers = "".join(f"@app.{method}({path!r})\ndef h{i}():\n    {body}\n\n\n"
                       for i, (method, path) in enumerate(routes))
    return "from fastapi import FastAPI, Request\napp = FastAPI()\n\n\n" + handlers


def test_each_default_public_pattern_declares_its_route_public(tmp_path: Path) -> None:
    # POST: a write, surely private unless a public pattern covers it, so a dropped pattern is a FAIL here.
    result = run_static(tmp_path, CHECK, {"main.py": _app([("post", p) for p in PUBLIC_PATHS])})
    assert at(result, Status.FAIL) == [] and at(result, Status.WARN) == []
    assert result.status is Status.PASS
    assert result.metrics == {"routes": len(PUBLIC_PATHS), "central_auth": 0, "public": len(PUBLIC_PATHS),
                              "hand_auth": 0, "unprotected": 0}
    assert result.summary == f"{len(PUBLIC_PATHS)} route(s): 0 behind central auth, {len(PUBLIC_PATHS)} declared public"


def test_each_private_word_makes_an_unauthenticated_read_a_blocker(tmp_path: Path) -> None:
    routes = [("get", f"/x/{word}") for word in PRIVATE_WORDS] + [("get", "/x/pricing")]
    result = run_static(tmp_path, CHECK, {"main.py": _app(routes)})
    status = {e.message.split(" has no auth")[0]: e.status for e in result.evidence}
    assert status == {**{f"GET /x/{w}": Status.FAIL for w in PRIVATE_WORDS}, "GET /x/pricing": Status.WARN}
    assert result.metrics["unprotected"] == len(PRIVATE_WORDS)
    assert result.summary == f"{len(PRIVATE_WORDS)} route(s) without authentication"


@pytest.mark.parametrize(("handlers", "expected"), [(2, Status.PASS), (3, Status.WARN)])
def test_hand_written_auth_warns_from_three_handlers_on(tmp_path: Path, handlers: int, expected: Status) -> None:
    routes = [("get", f"/r{i}") for i in range(handlers)]
    source = _app(routes, "user = current_user(request)\n    return {}").replace("():", "(request: Request):")
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert result.status is expected
    assert result.metrics["hand_auth"] == handlers
    warned = at(result, Status.WARN)
    assert warned == ([] if expected is Status.PASS else [f"main.py:{5 + 6 * i}" for i in range(handlers)])


def test_a_route_that_only_redirects_is_public_but_one_that_also_serves_data_is_not(tmp_path: Path) -> None:
    source = ("from fastapi import FastAPI\nfrom fastapi.responses import RedirectResponse\napp = FastAPI()\n\n\n"
              "@app.post('/x/old-chat')\ndef old():\n    return RedirectResponse('/x/chat')\n\n\n"
              "@app.post('/x/chat')\ndef chat():\n    rows = load_rows()\n    return RedirectResponse('/x/done')\n")
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert at(result, Status.FAIL) == ["main.py:11"]
    assert result.metrics["public"] == 1 and result.metrics["unprotected"] == 1


def test_unauthenticated_reads_of_maybe_public_data_alone_say_so_in_the_summary(tmp_path: Path) -> None:
    result = run_static(tmp_path, CHECK, {"main.py": _app([("get", "/x/pricing"), ("get", "/x/models")])})
    assert [(e.status, e.location) for e in result.evidence] == [(Status.WARN, "main.py:5"), (Status.WARN, "main.py:10")]
    assert result.summary == "2 unauthenticated read(s) of what may be public data"

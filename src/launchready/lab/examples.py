"""The bundled example products, run on loopback, with the scan config that fits them.

Used by the demo and by every live-check test: start an example with :func:`running_example`,
get the base URL, the log file it writes and a :class:`~launchready.config.Config` whose tenants'
credentials are in environment variables (by name, as a user's would be).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from launchready.config import Config

APPS = {
    "vulnerable": "examples.chatbot_vulnerable.app:app",
    "hardened": "examples.chatbot_hardened.app:app",
}
# launchready: ignore[repo.secrets-tree] the example products' published seed password (loopback demo only)
SEED_PASSWORD = "launchready-demo"
SYSTEM_CANARY = "LR-CANARY-7f3a9c"
WEBHOOK_SECRET = "whsec_test_launchready_example_0123456789"
# Staging-only: the hardened example's limiter exempts requests carrying this token (X-Launchready-Scan),
# so one full scan does not exhaust its per-IP windows; api.rate-limits never sends it.
SCANNER_TOKEN = "lr-lab-scanner-token-not-for-production-0123456789"
# Staging-only: the hardened example's HS256 key, handed to api.token-tampering (signing-key-env) so that
# expired and wrong-issuer tokens are really tested rather than reported as "not tested".
SIGNING_KEY = "lr-lab-signing-key-not-for-production-0123456789abcdef"
TENANT_A = ("alice@acme.test", "acme")
TENANT_A_ADMIN = ("carol@acme.test", "acme")
TENANT_B = ("bob@globex.test", "globex")

# Credentials the scanner reads, by name (what a user puts in their shell or CI secrets).
SCAN_ENV = {
    "LR_TENANT_A_EMAIL": TENANT_A[0],
    "LR_TENANT_A_PASSWORD": SEED_PASSWORD,
    "LR_TENANT_B_EMAIL": TENANT_B[0],
    "LR_TENANT_B_PASSWORD": SEED_PASSWORD,
    "LR_STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
    "LR_SCANNER_TOKEN": SCANNER_TOKEN,
    "LR_SIGNING_KEY": SIGNING_KEY,
}


def checkout_root() -> Path:
    """The directory holding ``examples/`` (a source checkout); the apps are not installed."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "examples" / "chatbot_vulnerable").is_dir():
            return parent
    raise FileNotFoundError("the example products live in a source checkout of launchready (examples/)")


def app_env(workdir: Path) -> dict[str, str]:
    """The environment an example app is started with: its database, log file, canary, secrets."""
    workdir.mkdir(parents=True, exist_ok=True)
    return {
        "CHATBOT_DB": str(workdir / "chatbot.db"),
        "CHATBOT_LOG": str(workdir / "chatbot.log.jsonl"),
        "CHATBOT_SYSTEM_CANARY": SYSTEM_CANARY,
        "CHATBOT_SEED_PASSWORD": SEED_PASSWORD,
        "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "CHATBOT_SCANNER_TOKEN": SCANNER_TOKEN,
        "CHATBOT_JWT_SECRET": SIGNING_KEY,
    }


def scan_settings(base_url: str, log_path: Path) -> dict[str, Any]:
    """The config keys (as in launchready.toml) that describe an example product's API."""
    return {
        "url": base_url,
        "api": {
            "openapi": "/openapi.json",
            "public": ["GET /health", "GET /openapi.json", "GET /docs", "GET /redoc", "POST /auth/login",
                       "POST /auth/reset", "POST /auth/reset/confirm", "POST /webhooks/stripe"],
            "tenants": [
                {"name": "tenant-a", "username-env": "LR_TENANT_A_EMAIL", "password-env": "LR_TENANT_A_PASSWORD"},
                {"name": "tenant-b", "username-env": "LR_TENANT_B_EMAIL", "password-env": "LR_TENANT_B_PASSWORD"},
            ],
            "login": {"path": "/auth/login", "username-field": "email", "password-field": "password",
                      "token-pointer": "/access_token"},
            "chat": "POST /chat",
            "upload": "POST /files",
            "reset": "POST /auth/reset",
            "admin": ["GET /admin/users", "GET /billing/invoices"],
            "webhooks": [{"path": "/webhooks/stripe", "scheme": "stripe", "secret-env": "LR_STRIPE_WEBHOOK_SECRET"}],
            "logs": {"file": str(log_path)},
            "scanner-token-env": "LR_SCANNER_TOKEN",
        },
        "ai": {
            "chat": {"preset": "example"},
            "system-prompt-canary": SYSTEM_CANARY,
            "outbox": "GET /outbox",
            "upload": "POST /files",
            "model": "gpt-4o-mini",
        },
    }


@dataclass(frozen=True)
class RunningExample:
    name: str
    base_url: str
    log_path: Path
    workdir: Path

    def config(self, **overrides: Any) -> Config:
        return Config.model_validate({**scan_settings(self.base_url, self.log_path), **overrides})


@contextmanager
def scan_credentials() -> Iterator[Mapping[str, str]]:
    """Put the tenants' credentials in the environment for the scan (restored afterwards)."""
    saved = {k: os.environ.get(k) for k in SCAN_ENV}
    os.environ.update(SCAN_ENV)
    try:
        yield SCAN_ENV
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@contextmanager
def running_example(
    name: str, workdir: Path, *, extra_env: Mapping[str, str] | None = None
) -> Iterator[RunningExample]:
    """Start example ``name`` ("vulnerable" or "hardened") on a free loopback port."""
    from launchready.lab.server import serve_app

    env = {**app_env(workdir), **(extra_env or {})}
    # The scanner reaches the app from 127.0.0.1; uvicorn would trust its X-Forwarded-For as a proxy's
    # and let any header re-key the per-IP limits. A lab app has no proxy in front of it.
    with serve_app(APPS[name], env=env, cwd=checkout_root(), uvicorn_args=("--no-proxy-headers",)) as base_url:
        yield RunningExample(name, base_url, Path(env["CHATBOT_LOG"]), workdir)

"""Failing and passing fixtures for the auth group (the catalogue contract runs them), and the edge
apps of ``apps_auth`` with a scan config that fits them."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from launchready.config import Config
from launchready.lab.examples import checkout_root, running_example, scan_credentials
from launchready.lab.server import serve_app
from tests.fixtures import Fixture

EDGE_SECRET = "edge-staging-signing-key-0123456789abcdef0123456789"


def _example(name: str, check_id: str, options: Mapping[str, Any] | None = None) -> Fixture:
    @contextmanager
    def make(tmp: Path) -> Iterator[Config]:
        with scan_credentials(), running_example(name, tmp / name) as example:
            extra = {"checks": {check_id: dict(options)}} if options else {}
            yield example.config(only=(check_id,), **extra)

    return make


FIXTURES: dict[str, tuple[Fixture, Fixture]] = {
    "api.auth-required": (_example("vulnerable", "api.auth-required"), _example("hardened", "api.auth-required")),
    "api.token-tampering": (_example("vulnerable", "api.token-tampering"),
                            _example("hardened", "api.token-tampering", {"signing-key-env": "LR_SIGNING_KEY"})),
    # Exposed internals are a warning by default; the strict reading makes the planted /health leak fail.
    "api.health": (_example("vulnerable", "api.health", {"internals": "fail"}), _example("hardened", "api.health")),
}


@contextmanager
def edge_app(mode: str) -> Iterator[str]:
    """One of the ``apps_auth`` edge apps on loopback; yields its base URL."""
    env = {"AUTH_EDGE_MODE": mode, "AUTH_EDGE_SECRET": EDGE_SECRET}
    with serve_app("tests.checks.api.apps_auth:app", env=env, cwd=checkout_root(), health_path="/ready") as url:
        yield url


def edge_config(base_url: str, check_id: str, **options: Any) -> Config:
    """A scan of an edge app: the example tenants' credentials by env name, chat and admin declared."""
    return Config.model_validate({
        "url": base_url,
        "only": [check_id],
        "api": {
            "public": ["GET /ready", "GET /health", "GET /health500", "POST /auth/login", "GET /openapi.json",
                       "GET /docs", "GET /redoc"],
            "tenants": [
                {"name": "tenant-a", "username-env": "LR_TENANT_A_EMAIL", "password-env": "LR_TENANT_A_PASSWORD"},
                {"name": "tenant-b", "username-env": "LR_TENANT_B_EMAIL", "password-env": "LR_TENANT_B_PASSWORD"},
            ],
            "chat": "POST /chat",
            "admin": ["GET /admin/users"],
        },
        "checks": {check_id: options} if options else {},
    })

"""Failing and passing fixtures of the surface group's live checks (the catalogue contract runs them).

Each starts an example product (or, for `api.latency`, whose flaw the examples do not plant, a
purpose-built slow app) inside `scan_credentials()` and yields a config scanning only that check.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from launchready.config import Config
from launchready.lab.examples import checkout_root, running_example, scan_credentials
from launchready.lab.server import serve_app
from tests.fixtures import Fixture

TENANTS = [
    {"name": "tenant-a", "username-env": "LR_TENANT_A_EMAIL", "password-env": "LR_TENANT_A_PASSWORD"},
    {"name": "tenant-b", "username-env": "LR_TENANT_B_EMAIL", "password-env": "LR_TENANT_B_PASSWORD"},
]


def edge_config(base_url: str, *, checks: Mapping[str, Any] | None = None, request_timeout: float = 2.0,
                **api: Any) -> Config:
    """A scan config for an edge app of `launchready.lab.edge_apps` (its login takes any credentials)."""
    settings = {"openapi": "/openapi.json", "tenants": TENANTS, "request-timeout": request_timeout, **api}
    return Config.model_validate({"url": base_url, "api": settings, "checks": dict(checks or {})})


@contextmanager
def edge_app(name: str, env: Mapping[str, str] | None = None) -> Iterator[str]:
    with serve_app(f"launchready.lab.edge_apps:{name}", env=dict(env or {}), cwd=checkout_root()) as url:
        yield url


def example(name: str, check_id: str, *, extra_env: Mapping[str, str] | None = None) -> Fixture:
    @contextmanager
    def make(tmp: Path) -> Iterator[Config]:
        with scan_credentials(), running_example(name, tmp / name, extra_env=extra_env) as app:
            yield app.config(only=(check_id,))

    return make


FAST_LOAD = {"concurrency": 16, "list-route": False, "routes": ["GET /me"]}


@contextmanager
def _slow_product(tmp: Path) -> Iterator[Config]:
    with scan_credentials(), edge_app("delays", {"EDGE_DELAYS_MS": "650"}) as url:
        config = edge_config(url, chat="POST /chat", concurrency=16, checks={"api.latency": FAST_LOAD})
        yield config.model_copy(update={"only": ("api.latency",)})


FIXTURES: dict[str, tuple[Fixture, Fixture]] = {
    check_id: (example("vulnerable", check_id), example("hardened", check_id))
    for check_id in ("api.cors", "api.webhook-signatures", "api.error-hygiene", "api.security-headers",
                     "api.log-hygiene")
}
# The examples plant no latency flaw: the failing fixture is a purpose-built slow product.
FIXTURES["api.latency"] = (_slow_product, example("hardened", "api.latency"))

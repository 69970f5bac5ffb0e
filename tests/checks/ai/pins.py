"""Scanning the one-flaw bots of ``apps_ai_pins`` with one ai check (the pins files share this)."""

from __future__ import annotations

from typing import Any

import httpx

from launchready import scan
from launchready.config import Config
from launchready.model import Evidence, Result, Status

TENANTS = [{"name": "tenant-a", "token-env": "LR_PIN_A"}, {"name": "tenant-b", "token-env": "LR_PIN_B"}]


def pin_config(base_url: str, check: str, endpoint: str, *, tenants: list[dict[str, str]] | None = None,
               chat: dict[str, Any] | None = None, path: str | None = None, reset: bool = True,
               **ai: Any) -> Config:
    """A fresh bot state, and a config scanning only ``check`` against ``endpoint`` (example chat shape), with the
    repository at ``path`` when given."""
    if reset:
        httpx.post(f"{base_url}/reset", trust_env=False).raise_for_status()
    return Config.model_validate({
        "url": base_url, "only": [check], **({"path": path} if path else {}),
        "api": {"tenants": TENANTS if tenants is None else tenants},
        "ai": {"chat": chat or {"preset": "example", "endpoint": endpoint}, **ai},
    })


def pin_scan(base_url: str, check: str, endpoint: str, **kwargs: Any) -> Result:
    return scan(pin_config(base_url, check, endpoint, **kwargs)).result(check)


def items(result: Result, status: Status) -> list[Evidence]:
    return [e for e in result.evidence if e.status is status]

"""Built-in `repo.*` checks, listed explicitly (no import-time registration)."""

from __future__ import annotations

from launchready.checks.repo import (
    cors_config,
    debug_mode,
    dotenv_committed,
    logging_hygiene,
    rate_limit_config,
    route_auth,
    secrets_client,
    secrets_history,
    secrets_tree,
    tenant_scoping,
    tool_safety,
    webhook_verification,
)
from launchready.model import Check

CHECKS: tuple[Check, ...] = (
    secrets_tree.CHECK,
    secrets_history.CHECK,
    secrets_client.CHECK,
    dotenv_committed.CHECK,
    route_auth.CHECK,
    cors_config.CHECK,
    rate_limit_config.CHECK,
    webhook_verification.CHECK,
    logging_hygiene.CHECK,
    debug_mode.CHECK,
    tenant_scoping.CHECK,
    tool_safety.CHECK,
)

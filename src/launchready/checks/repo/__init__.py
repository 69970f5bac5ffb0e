"""Built-in `repo.*` checks, listed explicitly (no import-time registration)."""

from __future__ import annotations

from launchready.checks.repo import (
    cors_config,
    debug_mode,
    dotenv_committed,
    secrets_client,
    secrets_history,
    secrets_tree,
)
from launchready.model import Check

CHECKS: tuple[Check, ...] = (
    secrets_tree.CHECK,
    secrets_history.CHECK,
    secrets_client.CHECK,
    dotenv_committed.CHECK,
    cors_config.CHECK,
    debug_mode.CHECK,
)

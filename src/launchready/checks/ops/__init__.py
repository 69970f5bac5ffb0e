"""Built-in `ops.*` checks, listed explicitly (no import-time registration)."""

from __future__ import annotations

from launchready.checks.ops import deploy_safety, monitoring, runbook
from launchready.model import Check

CHECKS: tuple[Check, ...] = (runbook.CHECK, monitoring.CHECK, deploy_safety.CHECK)

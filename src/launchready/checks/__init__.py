"""The built-in checks of every surface, in catalogue order."""

from __future__ import annotations

from launchready.checks import ai, api, domain, ops, repo
from launchready.model import Check

BUILTIN_CHECKS: tuple[Check, ...] = (*repo.CHECKS, *api.CHECKS, *ai.CHECKS, *domain.CHECKS, *ops.CHECKS)

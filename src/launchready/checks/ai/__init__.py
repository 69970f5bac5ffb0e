"""Built-in `ai.*` checks, listed explicitly (no import-time registration)."""

from __future__ import annotations

from launchready.model import Check

CHECKS: tuple[Check, ...] = ()

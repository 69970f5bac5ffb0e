"""Built-in `ai.*` checks, listed explicitly (no import-time registration)."""

from __future__ import annotations

from launchready.checks.ai import (
    cost_exposure,
    cross_tenant_context,
    indirect_injection,
    injection_tool_misuse,
    output_handling,
    system_prompt_leak,
)
from launchready.model import Check

CHECKS: tuple[Check, ...] = (
    system_prompt_leak.CHECK,
    injection_tool_misuse.CHECK,
    cross_tenant_context.CHECK,
    indirect_injection.CHECK,
    output_handling.CHECK,
    cost_exposure.CHECK,
)

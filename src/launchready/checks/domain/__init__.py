"""Built-in `domain.*` checks, listed explicitly (no import-time registration)."""

from __future__ import annotations

from launchready.checks.domain import cdn, dkim, dmarc, dns, hsts, https_redirect, spf, tls
from launchready.model import Check

CHECKS: tuple[Check, ...] = (
    dns.CHECK,
    tls.CHECK,
    https_redirect.CHECK,
    hsts.CHECK,
    spf.CHECK,
    dkim.CHECK,
    dmarc.CHECK,
    cdn.CHECK,
)

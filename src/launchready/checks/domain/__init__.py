"""Built-in `domain.*` checks, listed explicitly (no import-time registration)."""

from __future__ import annotations

from launchready.checks.domain import dkim, dmarc, dns, spf
from launchready.model import Check

CHECKS: tuple[Check, ...] = (dns.CHECK, spf.CHECK, dkim.CHECK, dmarc.CHECK)

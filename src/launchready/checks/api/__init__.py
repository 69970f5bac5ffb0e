"""Built-in `api.*` checks, listed explicitly (no import-time registration).

Three groups are built side by side; each edits only its own section below.
"""

from __future__ import annotations

# -- group: auth (auth-required, token-tampering, health) --------------------------------------
from launchready.checks.api import auth_required, health, token_tampering
from launchready.model import Check

AUTH: tuple[Check, ...] = (auth_required.CHECK, token_tampering.CHECK, health.CHECK)

# -- group: tenancy (tenant-isolation, rate-limits, input-validation, upload-validation) --------
from launchready.checks.api import (  # noqa: E402
    input_validation,
    rate_limits,
    tenant_isolation,
    upload_validation,
)

TENANCY: tuple[Check, ...] = (
    tenant_isolation.CHECK, rate_limits.CHECK, input_validation.CHECK, upload_validation.CHECK,
)

# -- group: surface (cors, webhook-signatures, error-hygiene, security-headers, latency, log-hygiene)
from launchready.checks.api import (  # noqa: E402
    cors,
    error_hygiene,
    latency,
    log_hygiene,
    security_headers,
    webhook_signatures,
)

SURFACE: tuple[Check, ...] = (cors.CHECK, webhook_signatures.CHECK, error_hygiene.CHECK, security_headers.CHECK,
                              latency.CHECK, log_hygiene.CHECK)

CHECKS: tuple[Check, ...] = (*AUTH, *TENANCY, *SURFACE)

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

# -- every api check: no verdict from answers that are not the route's own (engines/live.py: judged)
from launchready.engines.live import Sure, judged  # noqa: E402
from launchready.engines.probing import LEAK_PATTERNS  # noqa: E402
from launchready.model import Evidence  # noqa: E402

_DECLARE = "declare the product's base URL (url) and its routes (openapi, or the [api] route keys)"
HINTS: dict[str, str] = {
    "api.auth-required": "declare the OpenAPI document ([api] openapi) or the protected routes to probe",
    "api.token-tampering": "declare the OpenAPI document ([api] openapi): a route the real token reaches with 2xx",
    "api.health": "declare the health route that answers 200 ([api] health)",
    "api.tenant-isolation": "declare the tenants' object routes ([api] openapi) and both tenants' credentials",
    "api.rate-limits": "declare the login / chat / upload routes to burst ([api] login, chat, upload)",
    "api.input-validation": "declare the JSON operations to probe ([api] openapi, chat)",
    "api.upload-validation": "declare the upload route ([api] upload)",
    "api.cors": 'declare a route the tenant reaches with 2xx: [checks."api.cors"] route',
    "api.webhook-signatures": "declare the webhook routes and schemes ([[api.webhooks]])",
    "api.error-hygiene": 'declare routes that answer the tenant ([api] openapi, [checks."api.error-hygiene"] route)',
    "api.security-headers": 'declare an authenticated route that answers 2xx ([checks."api.security-headers"] routes)',
    "api.latency": "declare the chat route or a non-model path that answers 2xx ([api] chat)",
    "api.log-hygiene": "declare the routes that carry the canaries ([api] chat, login, reset)",
}


def _never(evidence: Evidence) -> bool:
    return False


def _always(evidence: Evidence) -> bool:
    return True


def _leak_or_sink_hit(evidence: Evidence) -> bool:
    return evidence.message.endswith("(SSRF)") or any(
        name in evidence.message and evidence.message.endswith(" in the body") for name, _ in LEAK_PATTERNS)


# Fail evidence that stands whatever route answered: a stack trace or a version banner is a leak
# anywhere; a request reaching the canary sink happened, whatever the answer said.
_KEEP_FAIL: dict[str, Sure] = {"api.error-hygiene": _always, "api.input-validation": _leak_or_sink_hit}
# The status is the question ("does the health route answer 200?"): a 500 there is its own answer
# unless every route gets it.
_OWN_STATUS = frozenset({"api.health"})

CHECKS: tuple[Check, ...] = tuple(
    judged(c, HINTS.get(c.meta.id, _DECLARE), keep_fail=_KEEP_FAIL.get(c.meta.id, _never),
           own_status=c.meta.id in _OWN_STATUS)
    for c in (*AUTH, *TENANCY, *SURFACE)
)

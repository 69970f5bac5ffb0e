"""What the blocking API checks cite, ask for, probe and accept as options, pinned with the values written out.

The references go into the JSON report and the SARIF tags, the checklist items into the handover
document, the option defaults are the documented contract of ``[checks."<id>"]``; the debug and
documentation paths are what ``api.auth-required`` requests at all (a path dropped from its table is a
debug endpoint never probed). Changing any of them must be a deliberate edit of this file."""

from __future__ import annotations

import pytest

from launchready.checks.api import auth_required, cors, rate_limits, tenant_isolation, token_tampering
from launchready.model import Check

CHECKS: dict[str, Check] = {m.CHECK.meta.id: m.CHECK for m in (auth_required, cors, rate_limits, tenant_isolation,
                                                               token_tampering)}

REFERENCES = {
    "api.auth-required": ("OWASP API2:2023", "OWASP API5:2023", "OWASP API9:2023", "CWE-306", "CWE-285", "CWE-204",
                          "OWASP ASVS 5.0 V8.2"),
    "api.tenant-isolation": ("OWASP API1:2023", "OWASP API3:2023", "CWE-639", "CWE-915", "OWASP ASVS 5.0 V8.2"),
    "api.rate-limits": ("OWASP API4:2023", "OWASP API6:2023", "OWASP LLM10:2025", "CWE-770", "CWE-307",
                        "OWASP ASVS 5.0 V6.3.1"),
    "api.token-tampering": ("OWASP API2:2023", "CWE-347", "CWE-345", "CWE-613", "CWE-521", "RFC 8725",
                            "OWASP ASVS 5.0 V9.1"),
    "api.cors": ("CWE-942", "OWASP API8:2023", "OWASP ASVS 5.0 V3.4.2"),
}

CHECKLIST = {
    "api.auth-required": ("Auth on every protected route", "Admin/billing routes require an admin role",
                          "No debug or config endpoints in production", "Login does not reveal which accounts exist"),
    "api.tenant-isolation": ("Users only reach their own conversations and files",
                             "Tenant isolation proven with two tenants in both directions",
                             "Tenant id taken from the session, never from the request body"),
    "api.rate-limits": ("Rate limits on login, chat, upload and tool endpoints",),
    "api.token-tampering": ("No critical auth bypass (tampered / expired / alg=none tokens)",
                            "JWT secret is random and long", "Tokens expire"),
    "api.cors": ("CORS allows only the product's own origins",),
}

OPTIONS = {
    "api.auth-required": {"budget": 300, "timeout": 5.0, "signing-key-env": "", "reset-field": "",
                          "enumeration-samples": 3, "reference-route": ""},
    "api.tenant-isolation": {"budget": 400, "upload-field": "file", "role-values": []},
    "api.rate-limits": {"budget": 220, "burst": 30, "tenant": "tenant-a", "upload-field": "file",
                        "login-account-env": ""},
    "api.token-tampering": {"budget": 60, "timeout": 5.0, "signing-key-env": "", "expired-token-env": "",
                            "numeric-secret-digits": 4, "reference-route": ""},
    "api.cors": {"route": "", "frontend-origins": [], "budget": 40},
}


@pytest.mark.parametrize("check_id", sorted(REFERENCES))
def test_a_blocking_api_check_cites_exactly_its_references(check_id: str) -> None:
    assert CHECKS[check_id].meta.references == REFERENCES[check_id]


@pytest.mark.parametrize("check_id", sorted(CHECKLIST))
def test_a_blocking_api_check_asks_for_exactly_its_checklist_items(check_id: str) -> None:
    assert CHECKS[check_id].meta.checklist == CHECKLIST[check_id]


@pytest.mark.parametrize("check_id", sorted(OPTIONS))
def test_a_blocking_api_check_documents_exactly_its_option_defaults(check_id: str) -> None:
    options = dict(CHECKS[check_id].options)
    assert options == OPTIONS[check_id]
    assert [type(v) for v in options.values()] == [type(v) for v in OPTIONS[check_id].values()]


def test_only_the_rate_limit_bursts_run_alone() -> None:
    assert {i: c.exclusive for i, c in CHECKS.items()} == {
        "api.auth-required": False, "api.tenant-isolation": False, "api.rate-limits": True,
        "api.token-tampering": False, "api.cors": False}


def test_auth_required_probes_exactly_these_debug_and_documentation_paths() -> None:
    assert auth_required.DEBUG_PATHS == (
        "/debug", "/debug/config", "/debug/vars", "/debug/pprof/", "/_debug", "/__debug__/", "/.env",
        "/.git/config", "/config", "/config.json", "/env", "/actuator", "/actuator/env", "/actuator/heapdump",
        "/admin", "/internal", "/api/internal", "/metrics", "/server-status", "/server-info", "/graphql",
        "/graphiql", "/api/debug", "/console", "/_profiler", "/phpinfo.php", "/trace")
    assert auth_required.DOC_PATHS == ("/docs", "/redoc", "/swagger-ui.html", "/openapi.json")


def test_tenant_isolation_reads_these_body_fields_as_tenant_or_owner_scope() -> None:
    assert tenant_isolation.SCOPE_PARAMS == {
        "tenant_id": "tenant", "workspace_id": "tenant", "org_id": "tenant", "organization_id": "tenant",
        "account_id": "tenant", "owner_id": "user", "user_id": "user"}

"""What the blocking repo, ops and domain checks cite and ask for, pinned: the references go into the
JSON report and the SARIF tags (a code-scanning dashboard filters on the CWE), the checklist items into
the handover document. Dropping one, or emptying it, must be a deliberate edit of this table."""

from __future__ import annotations

import pytest

from launchready.checks import BUILTIN_CHECKS
from launchready.model import CheckMeta

META: dict[str, CheckMeta] = {c.meta.id: c.meta for c in BUILTIN_CHECKS}

REFERENCES: dict[str, tuple[str, ...]] = {
    "repo.secrets-tree": ("OWASP ASVS 2.10.4", "OWASP ASVS 14.3.3", "CWE-798", "CWE-540",
                          "OWASP LLM Top 10 2025 LLM02"),
    "repo.secrets-history": ("OWASP ASVS 2.10.4", "CWE-798", "CWE-540", "OWASP LLM Top 10 2025 LLM02"),
    "repo.secrets-client": ("OWASP ASVS 14.3.3", "CWE-798", "CWE-200", "OWASP LLM Top 10 2025 LLM10"),
    "repo.dotenv-committed": ("CWE-538", "CWE-798", "OWASP ASVS 5.0 V13.3.1", "OWASP API8:2023"),
    "repo.route-auth": ("OWASP API2:2023", "OWASP API5:2023", "CWE-306", "CWE-862", "OWASP ASVS 5.0 V8.1.1"),
    "repo.rate-limit-config": ("OWASP API4:2023", "CWE-770", "CWE-307", "OWASP LLM10:2025",
                               "OWASP ASVS 5.0 V2.4.1"),
    "repo.cors-config": ("CWE-942", "OWASP API8:2023", "OWASP ASVS 5.0 V3.4.2"),
    "repo.debug-mode": ("CWE-489", "CWE-209", "OWASP API8:2023", "OWASP ASVS 5.0 V13.4.2"),
    "repo.tenant-scoping": ("OWASP API1:2023", "OWASP API3:2023", "CWE-639", "CWE-915", "OWASP ASVS 5.0 V8.2.2"),
    "repo.webhook-verification": ("OWASP API2:2023", "OWASP API8:2023", "CWE-345", "CWE-347", "CWE-208"),
    "ops.monitoring": ("SOC 2 CC7.2", "OWASP ASVS 5.0 V16.4", "Google SRE book ch. 6"),
    "ops.runbook": ("SOC 2 CC7.4", "ISO/IEC 27001:2022 A.5.24", "NIST SP 800-61r3"),
    "domain.spf": ("RFC 7208", "RFC 7505", "M3AAWG Email Authentication Best Practices"),
    "domain.dkim": ("RFC 6376", "RFC 8301", "RFC 8463"),
    "domain.dmarc": ("RFC 7489", "RFC 9989", "RFC 7505"),
    "domain.dns": ("RFC 1034", "RFC 5936", "RFC 8659", "OWASP WSTG-CONF-10"),
    "domain.tls": ("RFC 5280", "RFC 6125", "RFC 8996", "OWASP ASVS 9.1.1", "OWASP ASVS 9.1.2"),
    "domain.https-redirect": ("RFC 9110 §15.4", "RFC 6797 §7.2", "OWASP ASVS 9.1.1"),
}


@pytest.mark.parametrize("check_id", sorted(REFERENCES))
def test_a_blocking_check_cites_exactly_its_references(check_id: str) -> None:
    assert META[check_id].references == REFERENCES[check_id]


CHECKLIST_ITEMS = {
    "repo.secrets-tree": 3, "repo.secrets-history": 3, "repo.secrets-client": 3, "repo.dotenv-committed": 2,
    "repo.route-auth": 2, "repo.rate-limit-config": 1, "repo.cors-config": 1, "repo.debug-mode": 2,
    "repo.tenant-scoping": 2, "repo.webhook-verification": 1, "ops.monitoring": 2, "ops.runbook": 4,
    "domain.spf": 2, "domain.dkim": 1, "domain.dmarc": 2, "domain.dns": 4, "domain.tls": 3,
    "domain.https-redirect": 1,
}


@pytest.mark.parametrize("check_id", sorted(REFERENCES))
def test_a_blocking_check_asks_for_each_of_its_checklist_items(check_id: str) -> None:
    items = META[check_id].checklist
    assert len(items) == CHECKLIST_ITEMS[check_id] and len(set(items)) == len(items)
    for item in items:
        assert len(item.strip()) >= 10, f"{check_id}: an empty or clipped checklist item {item!r}"

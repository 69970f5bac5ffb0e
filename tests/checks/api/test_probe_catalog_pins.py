"""What the blocking live probes of input, uploads, errors, latency and webhooks cite and ask for, pinned (as
``tests/test_catalog_pins.py`` does for the repo, ops and domain checks): the references go into the JSON
report and the SARIF tags, the checklist items into the handover document. Dropping one, or emptying it,
must be a deliberate edit of this table."""

from __future__ import annotations

import pytest

from launchready.checks import BUILTIN_CHECKS
from launchready.model import CheckMeta

META: dict[str, CheckMeta] = {c.meta.id: c.meta for c in BUILTIN_CHECKS}

CITED: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "api.input-validation": (
        ("OWASP API4:2023", "OWASP API7:2023", "OWASP API8:2023", "CWE-20", "CWE-918", "CWE-209",
         "OWASP ASVS 5.0 V2.2"),
        ("Every public input schema-validated and size-limited", "No SSRF through URL fields")),
    "api.upload-validation": (("OWASP API4:2023", "CWE-434", "CWE-22", "OWASP ASVS 5.0 V5.2"),
                              ("Uploads restricted by type, size and name",)),
    "api.webhook-signatures": (("CWE-345", "CWE-294", "OWASP API10:2023", "OWASP ASVS 5.0 V10.5"),
                               ("webhooks verify the provider's signature before acting",)),
    "api.error-hygiene": (("CWE-209", "CWE-497", "OWASP API8:2023", "OWASP ASVS 5.0 V16.5"),
                          ("no stack traces or internals in error responses",)),
    "api.latency": (("RFC 8673", "W3C Server Timing", "OWASP API4:2023"),
                    ("p95 < 500 ms for normal chat requests excluding model time",)),
}


@pytest.mark.parametrize("check_id", sorted(CITED))
def test_a_live_probe_cites_exactly_its_references_and_checklist(check_id: str) -> None:
    references, checklist = CITED[check_id]
    assert META[check_id].references == references
    assert META[check_id].checklist == checklist

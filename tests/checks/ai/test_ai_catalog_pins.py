"""What the blocking ai checks cite and ask for, pinned (as ``tests/test_catalog_pins.py`` does for the repo,
ops and domain checks): the references go into the JSON report and the SARIF tags, the checklist item into
the handover document. Dropping one, or emptying it, must be a deliberate edit of this table."""

from __future__ import annotations

import pytest

from launchready.checks.ai import CHECKS

META = {c.meta.id: c.meta for c in CHECKS}

REFERENCES: dict[str, tuple[str, ...]] = {
    "ai.system-prompt-leak": ("OWASP LLM07:2025", "OWASP LLM01:2025", "CWE-200"),
    "ai.injection-tool-misuse": ("OWASP LLM06:2025", "OWASP LLM01:2025", "CWE-862", "CWE-918"),
    "ai.cross-tenant-context": ("OWASP LLM02:2025", "OWASP LLM08:2025", "OWASP API1:2023", "CWE-639"),
    "ai.indirect-injection": ("OWASP LLM01:2025", "OWASP LLM06:2025", "CWE-77"),
    "ai.output-handling": ("OWASP LLM05:2025", "OWASP LLM02:2025", "CWE-116"),
    "ai.cost-exposure": ("OWASP LLM10:2025", "OWASP API4:2023", "CWE-770"),
}
CHECKLIST: dict[str, str] = {
    "ai.system-prompt-leak": "The chatbot does not reveal its system prompt",
    "ai.injection-tool-misuse": "Tools that send, export or delete need a human confirmation",
    "ai.cross-tenant-context": "Users only reach their own conversations and files — through the chatbot too",
    "ai.indirect-injection": "Content the bot reads cannot give it instructions",
    "ai.output-handling": "Bot answers cannot carry data to outside URLs",
    "ai.cost-exposure": "Rate limits on chat; input and output caps; a spend budget",
}


def test_every_ai_check_is_pinned() -> None:
    assert set(META) == set(REFERENCES) == set(CHECKLIST)


@pytest.mark.parametrize("check_id", sorted(REFERENCES))
def test_an_ai_check_cites_exactly_its_references(check_id: str) -> None:
    assert META[check_id].references == REFERENCES[check_id]


@pytest.mark.parametrize("check_id", sorted(CHECKLIST))
def test_an_ai_check_asks_for_exactly_its_checklist_item(check_id: str) -> None:
    assert META[check_id].checklist == (CHECKLIST[check_id],)

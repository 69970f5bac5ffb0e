"""The vulnerable example's ground-truth table: the exact shape the scanner's tests read, full coverage."""

from __future__ import annotations

from tests.examples.conftest import REPO

EXPECTED_CHECKS = {
    "repo.secrets-tree", "repo.secrets-history", "repo.secrets-client", "repo.dotenv-committed",
    "repo.cors-config", "repo.route-auth", "repo.rate-limit-config", "repo.webhook-verification",
    "repo.logging-hygiene", "repo.debug-mode", "repo.tool-safety", "repo.tenant-scoping",
    "api.auth-required", "api.token-tampering", "api.tenant-isolation", "api.rate-limits", "api.cors",
    "api.webhook-signatures", "api.input-validation", "api.upload-validation", "api.error-hygiene",
    "api.security-headers", "api.log-hygiene", "api.health",
    "ai.system-prompt-leak", "ai.injection-tool-misuse", "ai.cross-tenant-context", "ai.indirect-injection",
    "ai.output-handling", "ai.cost-exposure",
    "ops.runbook", "ops.monitoring", "ops.deploy-safety",
}


def test_ground_truth_table_has_the_exact_columns_and_a_row_for_every_applicable_check() -> None:
    lines = (REPO / "examples" / "chatbot_vulnerable" / "README.md").read_text().splitlines()
    start = lines.index("| flaw | where | check |")
    assert lines[start + 1] == "|---|---|---|"
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip("|").split(" | ")]
        assert len(cells) == 3 and all(cells), line
        rows.append(cells)
    checks = {cells[2].strip("`") for cells in rows}
    assert checks == EXPECTED_CHECKS
    history = [cells for cells in rows if cells[1].startswith("history (built by launchready demo)")]
    assert {c[2].strip("`") for c in history} == {"repo.dotenv-committed", "repo.secrets-history"}

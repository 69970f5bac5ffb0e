"""Failing and passing fixtures for the ops checks (used by the catalogue contract)."""

from __future__ import annotations

from launchready.lab.gitrepo import Commit
from tests.fixtures import Fixture, repo_fixture

APP = "import openai\nimport stripe\n"
GOOD_RUNBOOK = """# Runbook

## Owners
- Owner: Dana Smith (dana@acme.test)

## Incident response
Response time: acknowledge within 15 minutes.
1. Acknowledge the page. 2. Check /health. 3. Roll back or fix forward.

## Failed deploy / rollback
1. Run `fly releases rollback`.
2. Confirm /health and a chat request.
Rollback tested: 2026-10-02 by Dana.

## Key rotation
### OpenAI
Create a new key, deploy, revoke the old one.
### Stripe
Roll the key in the dashboard, deploy.

## On-call contacts
- Primary: Dana Smith, dana@acme.test, +44 20 7946 0000
"""
MONITORS = """groups:
- name: acme
  rules:
  - alert: HealthDown
    expr: probe_success{job="health"} == 0
    for: 2m
receivers:
- name: oncall
  pagerduty_configs:
  - routing_key: from-the-secret-store
"""
DEPLOY = "on:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    steps:\n      - run: flyctl deploy --remote-only\n"

FIXTURES: dict[str, tuple[Fixture, Fixture]] = {
    "ops.runbook": (
        repo_fixture("ops.runbook", [Commit("init", {"app.py": APP, "RUNBOOK.md": "# Runbook\n\nCall Bob.\n"})]),
        repo_fixture("ops.runbook", [Commit("init", {"app.py": APP, "RUNBOOK.md": GOOD_RUNBOOK})]),
    ),
    "ops.monitoring": (
        repo_fixture("ops.monitoring", [Commit("init", {
            "app.py": APP, "monitoring/alerts.rules.yml": MONITORS.split("receivers:", maxsplit=1)[0]})]),
        repo_fixture("ops.monitoring", [Commit("init", {"app.py": APP, "monitoring/alerts.rules.yml": MONITORS})]),
    ),
    "ops.deploy-safety": (
        repo_fixture("ops.deploy-safety", [Commit("init", {"app.py": APP})]),
        repo_fixture("ops.deploy-safety", [Commit("init", {
            "app.py": APP, "RUNBOOK.md": GOOD_RUNBOOK, ".github/workflows/deploy.yml": DEPLOY})]),
    ),
}

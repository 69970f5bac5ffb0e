"""Pins for ops.monitoring and ops.runbook: each kind of monitor file, each alert destination, the alert
window on both sides of the profile's limit, and each evidence item's status."""

from __future__ import annotations

from pathlib import Path

import pytest

from launchready.checks.ops import monitoring
from launchready.lab.gitrepo import Commit
from launchready.model import Profile, Status
from tests.checks.ops.fixtures import APP, GOOD_RUNBOOK
from tests.checks.repo.helpers import run_check

ROUTED = "receivers:\n- name: oncall\n  pagerduty_configs: []\n"


@pytest.mark.parametrize("path", [
    "ops/api-monitor.yml", "infra/alerts.json", "uptime-checks.toml", "deploy/monitors.tf", "x/alerting.hcl",
    "rules/alert.rules", "k8s/monitors.jsonnet", "k8s/alert.libsonnet", "etc/uptime.conf", "svc.rules.yaml",
    "prometheus-prod.yml", "alertmanager.yaml", "checkly.config.ts", "datadog-monitors.yml",
    "grafana/dashboards/api.json", "__checks__/home.check.ts", "__checks__/api.spec.js", "monitoring/slo.yml",
    "alerts/api.toml", "alerting/api.json", "uptime/api.yaml", "Ops/Uptime.YML",
])
def test_each_kind_of_monitor_file_is_recognised(path: str) -> None:
    assert monitoring._MONITOR_PATH.search(path)


@pytest.mark.parametrize("path", ["src/components/alert-dialog.tsx", "app/monitor.py", "monitoring/README.md",
                                  "docs/alerts.md", "__checks__/helpers.ts", "grafana.md"])
def test_application_code_named_like_a_monitor_is_not_one(path: str) -> None:
    assert not monitoring._MONITOR_PATH.search(path)


@pytest.mark.parametrize("text", [
    "pagerduty_configs:", "type: opsgenie", "routing_key: x", "receivers :", "slack_api_url: x", "slack_configs:",
    "slack_webhook: x", "https://hooks.slack.com/services/T0", "email_configs:", "notification_channels: [a]",
    "notification-channel: a", "alert_contacts: a", "alertContacts: a", "notify: ops", "webhook_configs:",
    "https://discord.com/api/webhooks/1",
])
def test_each_alert_destination_is_recognised(text: str) -> None:
    assert monitoring._ROUTING.search(text)


@pytest.mark.parametrize(("line", "minutes"), [
    ("for: 5m", 5.0), ("interval = 300s", 5.0), ("frequency: 2h", 120.0), ("check_interval: 10", 10.0),
    ("period: '30s'", 0.5), ("every = 1m", 1.0), ("FOR: 7M", 7.0),
])
def test_each_alert_window_spelling_is_read_in_minutes(line: str, minutes: float) -> None:
    [m] = list(monitoring._WINDOW.finditer(line))
    assert monitoring._minutes(m.group(1), (m.group(2) or "").lower() or None) == minutes


@pytest.mark.parametrize(("window", "status"), [("5m", Status.PASS), ("300s", Status.PASS), ("6m", Status.FAIL),
                                                ("301s", Status.FAIL), ("1h", Status.FAIL)])
def test_the_slowest_alert_window_on_both_sides_of_the_five_minute_limit(window: str, status: Status,
                                                                         tmp_path: Path) -> None:
    text = f"rules:\n- alert: Down\n  for: 1m\n- alert: Slow\n  for: {window}\n{ROUTED}"
    result, _ = run_check(tmp_path, "ops.monitoring", [Commit("init", {"monitoring/api.yml": text})],
                          profile=Profile.SECURITY_REVIEW)
    assert result.status is status
    failed = [(e.location, e.message) for e in result.evidence if e.status is Status.FAIL]
    if status is Status.FAIL:
        assert [loc for loc, _ in failed] == ["monitoring/api.yml:5"]
    else:
        assert failed == []


def test_no_alert_window_under_a_profile_that_needs_one_warns(tmp_path: Path) -> None:
    result, _ = run_check(tmp_path, "ops.monitoring", [Commit("init", {"monitoring/api.yml": "checks: []\n" + ROUTED})],
                          profile=Profile.SECURITY_REVIEW)
    assert [(e.status, e.location) for e in result.evidence] == [
        (Status.PASS, "monitoring/api.yml"), (Status.PASS, "monitoring/api.yml:2"),
        (Status.WARN, "monitoring/api.yml")]
    assert "the profile requires ≤ 5 min" in result.evidence[-1].message
    handover, _ = run_check(tmp_path / "h", "ops.monitoring",
                            [Commit("init", {"monitoring/api.yml": "checks: []\n" + ROUTED})])
    assert handover.status is Status.PASS and len(handover.evidence) == 2


def test_monitors_without_a_destination_fail_and_at_most_five_are_listed(tmp_path: Path) -> None:
    files = {f"monitoring/m{i}.yml": "checks: []\n" for i in range(6)}
    result, _ = run_check(tmp_path, "ops.monitoring", [Commit("init", files)])
    assert [(e.status, e.location) for e in result.evidence] == [
        *((Status.PASS, f"monitoring/m{i}.yml") for i in range(5)), (Status.FAIL, "monitoring/m0.yml")]
    assert result.status is Status.FAIL


def test_a_scheduled_workflow_that_probes_health_is_a_monitor(tmp_path: Path) -> None:
    workflow = "on:\n  schedule:\n    - cron: '*/5 * * * *'\njobs:\n  uptime:\n    steps:\n      - run: curl /health\n" \
               "      - uses: slackapi/slack-github-action@v1\n        with:\n          slack_webhook: x\n"
    result, _ = run_check(tmp_path, "ops.monitoring", [Commit("init", {".github/workflows/probe.yml": workflow})])
    assert [(e.status, e.message) for e in result.evidence] == [
        (Status.PASS, "monitor definition"), (Status.PASS, "alerts routed via slack_webhook")]
    unscheduled = workflow.replace("schedule", "push")
    result, _ = run_check(tmp_path / "b", "ops.monitoring", [Commit("init", {".github/workflows/probe.yml": unscheduled})])
    assert result.status is Status.WARN


def test_a_scheduled_health_check_workflow_that_runs_tests_is_no_monitor(tmp_path: Path) -> None:
    """serge's nightly "LLM Healthcheck" runs pytest on the model download links: it checks the code, no
    running service; it is named in the warning's detail, and it alone is no monitor that fails for routing."""
    workflow = ("name: LLM Healthcheck\non:\n  schedule:\n    - cron: '0 0 * * *'\njobs:\n  model-health-check:\n"
                "    steps:\n      - run: poetry run python -m pytest -v test/healthcheck_models.py\n")
    result, _ = run_check(tmp_path, "ops.monitoring", [Commit("init", {".github/workflows/model-check.yml": workflow})])
    assert result.status is Status.WARN
    assert [(e.status, e.message) for e in result.evidence] == [
        (Status.WARN, "no monitor definitions or alert routing in the repository")]
    assert "the scheduled workflow .github/workflows/model-check.yml is named for health checks but calls no " \
           "running service" in result.evidence[0].detail


INCIDENT = "## Incident response"
ROLLBACK = "## Failed deploy / rollback"
CONTACTS = "## On-call contacts"


@pytest.mark.parametrize(("heading", "title"), [
    (INCIDENT, "## Outage"), (INCIDENT, "## Emergency"), (INCIDENT, "## Incidents"),
    (ROLLBACK, "## Rollback"), (ROLLBACK, "## How to roll back"), (ROLLBACK, "## Failed deploy"),
    (ROLLBACK, "## Revert a release"),
    (CONTACTS, "## On call"), (CONTACTS, "## Contacts"), (CONTACTS, "## Escalation"), (CONTACTS, "## On-call"),
])
def test_each_word_that_titles_a_runbook_section_is_understood(heading: str, title: str, tmp_path: Path) -> None:
    text = GOOD_RUNBOOK.replace(heading, title)
    result, _ = run_check(tmp_path, "ops.runbook", [Commit("init", {"app.py": APP, "RUNBOOK.md": text})])
    assert (result.status, result.evidence) == (Status.PASS, ()), result.evidence


@pytest.mark.parametrize(("steps", "status"), [(1, Status.FAIL), (2, Status.PASS)])
def test_rollback_needs_at_least_two_lines_of_steps(steps: int, status: Status, tmp_path: Path) -> None:
    body = "1. Run `fly releases rollback`.\n2. Confirm /health and a chat request.\nRollback tested: 2026-10-02 by Dana.\n"
    kept = "\n".join(body.splitlines()[:steps]) + "\n"
    text = GOOD_RUNBOOK.replace(body, kept)
    assert text != GOOD_RUNBOOK
    result, _ = run_check(tmp_path, "ops.runbook", [Commit("init", {"app.py": APP, "RUNBOOK.md": text})])
    assert [(e.status, e.message) for e in result.evidence] == (
        [(Status.FAIL, "no failed-deploy / rollback steps")] if status is Status.FAIL else [])


@pytest.mark.parametrize(("drop", "message"), [
    (INCIDENT, "no incident-response section"),
    (CONTACTS, "no on-call contacts (an e-mail, @handle or phone number)"),
    ("## Key rotation", "no key-rotation section"),
])
def test_one_missing_section_is_its_own_blocker(drop: str, message: str, tmp_path: Path) -> None:
    text = GOOD_RUNBOOK.replace(drop, "## Notes")
    if drop == INCIDENT:
        text = text.replace("Response time: acknowledge within 15 minutes.\n", "").replace("Acknowledge the page", "Look")
    elif drop == CONTACTS:
        text = text.replace("- Primary: Dana Smith, dana@acme.test, +44 20 7946 0000\n", "- ask around\n")
    result, _ = run_check(tmp_path, "ops.runbook", [Commit("init", {"app.py": APP, "RUNBOOK.md": text})])
    assert [(e.status, e.message) for e in result.evidence] == [(Status.FAIL, message)]
    assert result.summary == "RUNBOOK.md is missing what a new owner needs"


@pytest.mark.parametrize("text", ["sentry_sdk.init(dsn=x)", "Sentry.init({})", "import * as S from '@sentry/node'",
                                  "bugsnag.start()", "import rollbar", "Honeybadger.configure()"])
def test_each_error_tracker_is_named_when_there_is_no_monitor(text: str, tmp_path: Path) -> None:
    result, _ = run_check(tmp_path, "ops.monitoring", [Commit("init", {"app/errors.py": text + "\n"})])
    assert [(e.status, e.detail) for e in result.evidence] == [(Status.WARN, "error tracking only (app/errors.py)")]


@pytest.mark.parametrize("text", ["theme: { extend: { scrollbar: { thin: '4px' } } }", "useScrollbarWidth()"])
def test_a_word_holding_a_trackers_name_is_no_error_tracker(text: str, tmp_path: Path) -> None:
    """`rollbar` inside "scrollbar" (a Tailwind config, a scroll hook): no error tracker is named."""
    result, _ = run_check(tmp_path, "ops.monitoring", [Commit("init", {"web/tailwind.config.js": text + "\n"})])
    assert [e.detail for e in result.evidence if "error tracking" in e.detail] == []

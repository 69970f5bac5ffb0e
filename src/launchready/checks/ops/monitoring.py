"""ops.monitoring: uptime monitoring and alert routing are visible in the repository."""

from __future__ import annotations

import re

from launchready.context import CheckContext
from launchready.model import Check, CheckMeta, Effort, Evidence, Outcome, Severity, Status, Surface

META = CheckMeta(
    id="ops.monitoring",
    title="Monitoring with alerts",
    surface=Surface.OPS,
    severity=Severity.MEDIUM,
    criteria=(
        "Evidence of uptime monitoring and alert routing (monitor definitions in the repo, a declared alert "
        "destination, a fast health endpoint); not observable = warn, not fail. security-review: alerts within "
        "5 minutes."
    ),
    why="Users find an outage before the team does unless something watches the product and pages a person.",
    breaks="The chatbot is down for hours overnight; the first alert is an angry customer e-mail.",
    fix=(
        "Commit the monitor definitions (uptime check on /health every minute, error-rate alert) and route alerts "
        "to a person (PagerDuty, Opsgenie, Slack, e-mail) with a window of 5 minutes or less."
    ),
    references=("SOC 2 CC7.2", "OWASP ASVS 5.0 V16.4", "Google SRE book ch. 6"),
    checklist=("Uptime monitor on the health endpoint", "Alerts routed to a person within 5 minutes"),
    effort=Effort.HOURS,
)

# Monitoring as code: config files named for monitors/alerts/uptime (YAML, JSON, TOML, Terraform, rules), or
# the files of tools that define monitors in code (Checkly). A UI component named `alert-dialog.tsx` or a
# `monitor.py` helper is application code, not a monitor definition.
_CONFIG_SUFFIX = r"\.(?:ya?ml|json|toml|tf|hcl|rules|jsonnet|libsonnet|conf)"
_MONITOR_PATH = re.compile(
    rf"(?:^|/)(?:[^/]*(?:monitor|alert|uptime)[^/]*{_CONFIG_SUFFIX}|[^/]*\.rules\.ya?ml|prometheus[^/]*\.ya?ml|"
    rf"alertmanager[^/]*\.ya?ml|checkly\.config\.[jt]s|datadog[^/]*\.ya?ml|grafana/.+\.(?:json|ya?ml)|"
    rf"__checks__/.+\.(?:check|spec)\.[jt]s|(?:monitoring|alerts|alerting|uptime)/[^/]+{_CONFIG_SUFFIX})$",
    re.IGNORECASE,
)
# Front-end trees hold icons and assets named for alerts (Dify's `components/base/icons/…/AlertCircle.json`, an SVG
# as JSON): never monitoring as code.
_UI_PATH = re.compile(r"(?:^|/)(?:components|icons?|assets|public|static|images|img|svg|locales?|i18n)/", re.I)
# A monitor definition holds monitor content, not a name alone: a query, threshold, window, target or routing key.
_MONITOR_CONTENT = re.compile(
    r"[\"']?\b(?:expr|query|threshold|thresholds|critical|for|interval|frequency|check_interval|period|schedule|"
    r"condition|conditions|alert|alerts|rules|monitors?|checks?|receivers?|route|evaluation|probe|uptime|url|urls|"
    r"targets?|datasource|panels|severity|locations|request|assertions|notify|escalation)\b[\"']?\s*[:=]"
    r"|\bnew\s+(?:ApiCheck|BrowserCheck|CheckGroup|HeartbeatCheck)\b|resource\s+\"\w*(?:monitor|alert|check)\w*\"",
    re.IGNORECASE,
)
_WORKFLOW = re.compile(r"^\.github/workflows/[^/]+\.ya?ml$")
_MONITOR_WORDS = re.compile(r"\b(?:uptime|healthcheck|health check|synthetic|probe_success|up ==|http_check)\b", re.I)
# A scheduled workflow is a monitor when it calls the running service (curl, wget, an HTTP client, a URL
# health-check action); one that runs the project's own tests (serge's nightly "LLM Healthcheck" runs pytest on
# the model download links) checks the code, not production.
_PROBE = re.compile(r"\b(?:curl|wget|httpie|http\s+(?:GET|HEAD)|Invoke-WebRequest|url-health-check|upptime|"
                    r"uptime-kuma|blackbox|k6\s+run|playwright\s+test\s+--config[= ]\S*(?:synthetic|monitor))\b", re.I)
_ROUTING = re.compile(
    r"pagerduty|opsgenie|routing_key|receivers\s*:|slack_(?:api_url|configs|webhook)|hooks\.slack\.com|"
    r"email_configs|notification[_-]channels?|alert[_-]?contacts?|notify\s*:|webhook_configs|discord\.com/api/webhooks",
    re.IGNORECASE,
)
_WINDOW = re.compile(r"\b(?:for|interval|frequency|check_interval|period|every)\s*[:=]\s*[\"']?(\d+)\s*(s|m|h)?\b",
                     re.IGNORECASE)
# whole words: `rollbar` inside "scrollbar" (a Tailwind config, a scroll hook) is no error tracker
_ERROR_TRACKING = re.compile(r"sentry_sdk\.init|Sentry\.init|@sentry/|\b(?:bugsnag|rollbar|honeybadger)\b", re.I)


def _minutes(value: str, unit: str | None) -> float:
    n = float(value)
    return n / 60 if unit == "s" else n * 60 if unit == "h" else n


def _at(path: str, text: str, offset: int) -> str:
    return f"{path}:{text.count(chr(10), 0, offset) + 1}"


def run(ctx: CheckContext) -> Outcome:
    monitors: list[tuple[str, str]] = []
    error_tracking = ""
    unprobed = ""  # a scheduled "health check" workflow that calls no running service
    for path in ctx.repo.tracked_files:
        is_monitor = bool(_MONITOR_PATH.search(path)) and not _UI_PATH.search(path)
        if not (is_monitor or _WORKFLOW.match(path) or path.endswith((".py", ".ts", ".js"))):
            continue
        text = ctx.repo.read_text(path, max_bytes=512 * 1024)
        if text is None:
            continue
        scheduled = _WORKFLOW.match(path) and _MONITOR_WORDS.search(text) and "schedule" in text
        if scheduled and not _PROBE.search(text):
            unprobed = unprobed or path
            scheduled = False
        if (is_monitor and _MONITOR_CONTENT.search(text)) or scheduled:
            monitors.append((path, text))
        elif not error_tracking and _ERROR_TRACKING.search(text):
            error_tracking = path
    if not monitors:
        detail = f"error tracking only ({error_tracking})" if error_tracking else "nothing found"
        if unprobed:
            detail += (f"; the scheduled workflow {unprobed} is named for health checks but calls no running "
                       "service (no curl, wget or URL check): it tests the code, not production")
        return Outcome(Status.WARN, "monitoring is not observable from the repository", (Evidence(
            Status.WARN, "no monitor definitions or alert routing in the repository", "(repository)", detail),))
    routed = [(_at(p, t, m.start()), m.group(0)) for p, t in monitors for m in [_ROUTING.search(t)] if m]
    windows = [(_at(p, t, m.start()), _minutes(m.group(1), (m.group(2) or "").lower() or None)) for p, t in monitors
               for m in _WINDOW.finditer(t)]
    evidence = [Evidence(Status.PASS, "monitor definition", p) for p, _ in monitors[:5]]
    if routed:
        evidence.append(Evidence(Status.PASS, f"alerts routed via {routed[0][1]}", routed[0][0]))
    if not routed:
        evidence.append(Evidence(Status.FAIL, "monitors exist but no alert destination is declared: "
                                 "alerts go nowhere", monitors[0][0]))
    limit = float(ctx.profile.thresholds.get("monitoring-alert-minutes", 0) or 0)
    if limit:
        slowest = max(windows, key=lambda w: w[1], default=None)
        if slowest is None:
            evidence.append(Evidence(Status.WARN, f"no alert window found; the profile requires ≤ {limit:g} min",
                                     monitors[0][0]))
        elif slowest[1] > limit:
            evidence.append(Evidence(Status.FAIL, f"an alert waits {slowest[1]:g} min; the profile requires "
                                     f"≤ {limit:g} min", slowest[0]))
    return Outcome.from_evidence(
        evidence,
        passed=f"{len(monitors)} monitor definition(s), alerts routed via {routed[0][1] if routed else '?'}",
        failed="monitoring does not meet the profile",
    )


CHECK = Check(META, run)

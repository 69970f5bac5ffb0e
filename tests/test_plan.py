"""The remediation plan as a new user reads it: critical exposures first whatever the profile blocks
on, each step pointing at its finding, at most ten shown and the rest counted."""

from __future__ import annotations

import json
from pathlib import Path

from launchready import scan
from launchready.catalog import load_catalog
from launchready.config import Config
from launchready.lab.gitrepo import Commit, build_repo
from launchready.model import Evidence, Profile, Result, Status, Surface
from launchready.profiles import load_profile
from launchready.report import render_text
from launchready.verdict import PLAN_SHOWN, decide, plan

STRIPE_LIVE = "sk_" + "live_" + "51Hx9QeLkTn2vB7rWcYp8ZaD"
METAS = {c.meta.id: c.meta for c in load_catalog(plugins=False).checks}


def handover_blocking() -> frozenset[str]:
    profile = load_profile(Profile.HANDOVER)
    return frozenset(i for i in METAS if profile.blocks(i))


def failing(check_id: str, location: str, status: Status = Status.FAIL) -> Result:
    return Result(check_id, status, f"{check_id} {status.value}", (Evidence(status, "seen", location, "",
                                                                                 f"fp-{check_id}"),))


def test_accepted_alg_none_token_comes_before_blocking_high_failures_in_handover() -> None:
    blocking = handover_blocking()
    assert "api.token-tampering" not in blocking  # it blocks only in security-review
    results = [
        failing("api.cors", "GET /me"),
        failing("repo.rate-limit-config", "app.py:12"),
        failing("ops.runbook", "RUNBOOK.md", Status.WARN),
        failing("api.token-tampering", "GET /conversations"),
        failing("repo.cors-config", "app.py:4"),
    ]
    steps = plan(results, METAS, blocking)
    assert steps[0].check_id == "api.token-tampering"
    assert steps[0].finding == "GET /conversations" and steps[0].fingerprint == "fp-api.token-tampering"
    assert steps[0].window == "hours 1–4" and not steps[0].blocking
    assert [s.check_id for s in steps[1:4]] == ["api.cors", "repo.cors-config", "repo.rate-limit-config"]
    assert steps[-1].check_id == "ops.runbook"


def test_a_blocking_error_comes_after_blocking_failures_and_before_other_failures() -> None:
    blocking = handover_blocking()
    results = [
        failing("repo.logging-hygiene", "app.py:9"),  # high, not blocking
        failing("api.latency", "POST /chat", Status.ERROR),  # blocking, undecided
        failing("repo.cors-config", "app.py:4"),
    ]
    assert [s.check_id for s in plan(results, METAS, blocking)] == [
        "repo.cors-config", "api.latency", "repo.logging-hygiene"]


def many_results() -> list[Result]:
    return [failing(i, f"{i}.txt:1", Status.WARN) for i in METAS]


def test_reports_show_at_most_ten_steps_and_count_the_rest(tmp_path: Path) -> None:
    results = many_results()
    verdict = decide(results, METAS, handover_blocking(), Profile.HANDOVER, {})
    assert len(verdict.plan) == len(METAS) > PLAN_SHOWN
    from launchready.model import Scorecard

    card = Scorecard(tool_version="0", target="t", profile=Profile.HANDOVER, started_at="2026-01-01T00:00:00+00:00",
                     duration_s=1.0, results=tuple(results), metas=METAS, verdict=verdict,
                     blocking=handover_blocking())
    more = len(METAS) - PLAN_SHOWN
    terminal = render_text(card, "terminal", width=200)
    assert f"and {more} more in the JSON and Markdown reports" in terminal
    shown = [p for p in verdict.plan[:PLAN_SHOWN]]
    hidden = verdict.plan[PLAN_SHOWN]
    assert all(f"({p.check_id}, at {p.finding})" in terminal for p in shown)
    assert f"({hidden.check_id}," not in terminal.split("fix first", 1)[1]
    markdown = render_text(card, "markdown")
    plan_md = markdown.split("## Remediation plan", 1)[1]
    assert plan_md.count("\n- **") == PLAN_SHOWN and f"- and {more} more" in plan_md
    data = json.loads(render_text(card, "json"))
    assert len(data["plan"]) == len(METAS)  # the JSON keeps every step (handover reads it)
    assert data["plan"][0]["finding"] == verdict.plan[0].finding


def test_a_leaked_live_stripe_key_is_the_first_step_of_a_real_scan(tmp_path: Path) -> None:
    root = tmp_path / "r"
    build_repo(root, [Commit("init", {
        "settings.py": f'STRIPE_KEY = "{STRIPE_LIVE}"\n',
        "main.py": "app = FastAPI(debug=True)\napp.add_middleware(CORSMiddleware, allow_origins=['*'], "
                   "allow_credentials=True)\n",
    })])
    card = scan(Config(path=root, only=(Surface.REPO.value, Surface.OPS.value)))
    first = card.verdict.plan[0]
    assert first.check_id in {"repo.secrets-tree", "repo.secrets-history"}, card.verdict.plan
    assert first.window.startswith("hour") and " 1" in first.window
    assert first.finding.startswith(("settings.py:1", "settings.py")) or first.finding.endswith(":settings.py")
    assert STRIPE_LIVE not in first.finding
    critical = [p.check_id for p in card.verdict.plan
                if p.severity.value == "critical" and card.result(p.check_id).status is Status.FAIL]
    assert critical and [p.check_id for p in card.verdict.plan[:len(critical)]] == critical


def test_leaked_credentials_come_before_auth_bypasses_and_forged_tokens() -> None:
    results = [
        failing("api.auth-required", "GET /admin/users"),
        failing("api.token-tampering", "GET /conversations"),
        failing("repo.secrets-history", "3f2a9c0d1b:settings.py:1"),
        failing("repo.cors-config", "app.py:4"),
    ]
    order = [s.check_id for s in plan(results, METAS, handover_blocking())]
    assert order == ["repo.secrets-history", "api.auth-required", "api.token-tampering", "repo.cors-config"]


def test_among_leaked_credentials_the_most_exposed_come_first() -> None:
    results = [failing(i, f"{i}.txt:1") for i in
               ("repo.dotenv-committed", "repo.secrets-history", "repo.secrets-tree", "repo.secrets-client")]
    order = [s.check_id for s in plan(results, METAS, handover_blocking())]
    assert order == ["repo.secrets-client", "repo.secrets-tree", "repo.secrets-history", "repo.dotenv-committed"]

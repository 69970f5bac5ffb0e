"""The verdict, the score, the risk, the plan and the JSON report, pinned value by value.

Each test puts one flaw (or one boundary) in front of the code, so that a slip in a weight, a cap, a
comparison or a list of statuses changes an asserted value (``make mutate`` measures that).
"""

from __future__ import annotations

import json

import pytest

from launchready.model import CheckMeta, Effort, Evidence, Profile, Result, Scorecard, Severity, Status, Surface
from launchready.report import render_text
from launchready.report.json import to_data
from launchready.verdict import NOT_READY, NOT_READY_CAP, READY, decide, exit_code, plan, shown_plan


def meta(check_id: str, severity: Severity = Severity.HIGH, effort: Effort = Effort.HOURS) -> CheckMeta:
    surface = Surface(check_id.split(".", 1)[0])
    return CheckMeta(check_id, f"title of {check_id}", surface, severity, "criteria", "why", "breaks",
                     f"fix {check_id}", ("REF-1",), ("item",), effort)


ONE_PER_SURFACE = ("repo.a", "api.a", "ai.a", "domain.a", "ops.a")


def verdict_of(results: list[Result], severities: dict[str, Severity] | None = None,
               blocking: frozenset[str] = frozenset(), **kwargs: object) -> tuple[dict[str, CheckMeta], object]:
    ids = {r.check_id for r in results} | set(ONE_PER_SURFACE)
    metas = {i: meta(i, (severities or {}).get(i, Severity.HIGH)) for i in ids}
    return metas, decide(results, metas, blocking, Profile.HANDOVER, {}, **kwargs)  # type: ignore[arg-type]


def passing(*ids: str) -> list[Result]:
    return [Result(i, Status.PASS, "ok") for i in ids]


# -- the score ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("severity", "status", "score"), [
    (Severity.CRITICAL, Status.FAIL, 75), (Severity.HIGH, Status.FAIL, 85), (Severity.MEDIUM, Status.FAIL, 92),
    (Severity.LOW, Status.FAIL, 97), (Severity.INFO, Status.FAIL, 100),
    (Severity.CRITICAL, Status.ERROR, 75), (Severity.LOW, Status.ERROR, 97),
    # a warn costs a third of the weight, rounded: 100 - 25/3 = 91.67, 100 - 8/3 = 97.33
    (Severity.CRITICAL, Status.WARN, 92), (Severity.HIGH, Status.WARN, 95), (Severity.MEDIUM, Status.WARN, 97),
    (Severity.LOW, Status.WARN, 99),
    (Severity.CRITICAL, Status.SKIP, 100), (Severity.CRITICAL, Status.PASS, 100),
])
def test_each_severity_costs_its_weight_for_a_non_blocking_finding(severity: Severity, status: Status,
                                                                   score: int) -> None:
    _, verdict = verdict_of([*passing(*ONE_PER_SURFACE), Result("repo.x", status, "x")], {"repo.x": severity})
    assert verdict.ready is True  # type: ignore[attr-defined]
    assert verdict.score == score  # type: ignore[attr-defined]


def test_the_score_adds_up_and_never_goes_below_zero() -> None:
    results = [Result(f"repo.c{i}", Status.FAIL, "x") for i in range(5)]
    _, verdict = verdict_of([*passing(*ONE_PER_SURFACE), *results], dict.fromkeys(
        (r.check_id for r in results), Severity.CRITICAL))
    assert verdict.score == 0  # type: ignore[attr-defined]  # 100 - 125, floored
    two = [Result("repo.h", Status.FAIL, "x"), Result("repo.m", Status.WARN, "x")]
    _, verdict = verdict_of([*passing(*ONE_PER_SURFACE), *two], {"repo.h": Severity.HIGH, "repo.m": Severity.MEDIUM})
    assert verdict.score == 82  # type: ignore[attr-defined]  # 100 - 15 - 2.67


@pytest.mark.parametrize("status", [Status.FAIL, Status.ERROR])
def test_a_not_ready_verdict_caps_a_score_that_would_be_above_59(status: Status) -> None:
    # One blocking low-severity finding: 97 without the cap.
    _, verdict = verdict_of([*passing(*ONE_PER_SURFACE), Result("repo.low", status, "x")],
                            {"repo.low": Severity.LOW}, frozenset({"repo.low"}))
    assert verdict.ready is False  # type: ignore[attr-defined]
    assert verdict.score == NOT_READY_CAP == 59  # type: ignore[attr-defined]


def test_a_not_ready_score_already_below_the_cap_is_kept() -> None:
    bad = [Result(f"repo.c{i}", Status.FAIL, "x") for i in range(2)]
    _, verdict = verdict_of([*passing(*ONE_PER_SURFACE), *bad], dict.fromkeys(("repo.c0", "repo.c1"),
                                                                              Severity.CRITICAL), frozenset({"repo.c0"}))
    assert verdict.score == 50  # type: ignore[attr-defined]


def test_a_ready_verdict_keeps_a_score_just_above_and_below_the_cap() -> None:
    above = [Result("repo.c", Status.FAIL, "x"), Result("repo.h", Status.FAIL, "x")]  # 100 - 25 - 15 = 60
    _, verdict = verdict_of([*passing(*ONE_PER_SURFACE), *above], {"repo.c": Severity.CRITICAL})
    assert verdict.ready is True and verdict.score == 60  # type: ignore[attr-defined]
    below = [*above, Result("repo.l", Status.FAIL, "x")]  # 57
    _, verdict = verdict_of([*passing(*ONE_PER_SURFACE), *below], {"repo.c": Severity.CRITICAL,
                                                                   "repo.l": Severity.LOW})
    assert verdict.ready is True and verdict.score == 57  # type: ignore[attr-defined]


# -- ready or not, and what was covered ----------------------------------------------------------

@pytest.mark.parametrize(("status", "blocks"), [
    (Status.FAIL, True), (Status.ERROR, True), (Status.WARN, False), (Status.SKIP, False), (Status.PASS, False)])
def test_only_a_failing_or_erroring_blocking_check_blocks(status: Status, blocks: bool) -> None:
    results = [*passing("repo.a", "api.a", "ai.a", "domain.a", "ops.a"), Result("repo.b", status, "x"),
               Result("repo.c", Status.FAIL, "not blocking")]
    _, verdict = verdict_of(results, blocking=frozenset({"repo.b", "repo.a"}))
    assert verdict.ready is (not blocks)  # type: ignore[attr-defined]
    assert verdict.blocking_failures == (("repo.b",) if blocks else ())  # type: ignore[attr-defined]
    assert verdict.label == (NOT_READY if blocks else READY)  # type: ignore[attr-defined]


def test_blocking_failures_keep_the_results_order_and_only_blocking_ids() -> None:
    results = [Result("repo.z", Status.ERROR, "x"), Result("repo.a", Status.FAIL, "x"),
               Result("repo.n", Status.FAIL, "x"), Result("repo.p", Status.PASS, "x")]
    _, verdict = verdict_of([*passing(*ONE_PER_SURFACE[1:]), *results],
                            blocking=frozenset({"repo.z", "repo.a", "repo.p"}))
    assert verdict.blocking_failures == ("repo.z", "repo.a")  # type: ignore[attr-defined]


def test_a_full_verdict_needs_every_surface_and_every_blocking_check() -> None:
    _, verdict = verdict_of(passing(*ONE_PER_SURFACE))
    assert verdict.label == READY and verdict.covered == tuple(Surface)  # type: ignore[attr-defined]
    assert verdict.not_scanned == {} and verdict.not_run == ()  # type: ignore[attr-defined]


def test_a_partial_verdict_names_covered_unscanned_and_deselected() -> None:
    results = [*passing("repo.a", "api.a"), Result("ai.a", Status.SKIP, "no chatbot endpoint declared"),
               Result("ops.a", Status.SKIP, "ops skipped")]
    metas = {i: meta(i) for i in ("repo.a", "api.a", "ai.a", "ops.a")}
    verdict = decide(results, metas, frozenset(), Profile.HANDOVER, {Surface.OPS: "no ops declared"},
                     deselected=("repo.secrets-tree", "domain.dns", "api.cors"))
    assert verdict.ready
    assert verdict.covered == (Surface.REPO, Surface.API)
    assert verdict.not_scanned == {Surface.AI: "no chatbot endpoint declared",
                                   Surface.DOMAIN: "no check of this surface was run",
                                   Surface.OPS: "no ops declared"}
    assert verdict.not_run == ("repo.secrets-tree", "api.cors")  # domain was not scanned: it already says so
    assert verdict.label == ("launch-ready for: repo, api; not scanned: ai, domain, ops; "
                             "blocking checks not run: repo.secrets-tree, api.cors")


def test_a_verdict_with_only_deselected_checks_missing_is_not_the_full_one() -> None:
    _, verdict = verdict_of(passing(*ONE_PER_SURFACE), deselected=("repo.secrets-tree",))
    assert verdict.label == f"{READY} for: repo, api, ai, domain, ops; blocking checks not run: repo.secrets-tree"  # type: ignore[attr-defined]


def test_nothing_covered_says_so() -> None:
    results = [Result("repo.a", Status.SKIP, "not a git repository")]
    verdict = decide(results, {"repo.a": meta("repo.a")}, frozenset(), Profile.HANDOVER, {})
    assert verdict.covered == ()
    assert verdict.label.startswith("launch-ready for: nothing; not scanned: repo, api")
    assert verdict.not_scanned[Surface.REPO] == "not a git repository"


# -- risk -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("results", "severities", "blocking", "risk"), [
    ([Result("repo.c", Status.FAIL, "x")], {"repo.c": Severity.CRITICAL}, {"repo.c"}, "critical"),
    ([Result("repo.c", Status.ERROR, "x")], {"repo.c": Severity.CRITICAL}, {"repo.c"}, "critical"),
    ([Result("repo.h", Status.FAIL, "x")], {"repo.h": Severity.HIGH}, {"repo.h"}, "high"),
    ([Result("repo.h", Status.ERROR, "x"), Result("repo.c", Status.FAIL, "x")],
     {"repo.h": Severity.HIGH, "repo.c": Severity.CRITICAL}, {"repo.h"}, "high"),
    ([Result("repo.c", Status.FAIL, "x")], {"repo.c": Severity.CRITICAL}, set(), "medium"),
    ([Result("repo.c", Status.ERROR, "x")], {"repo.c": Severity.CRITICAL}, set(), "medium"),
    ([Result("repo.c", Status.WARN, "x")], {"repo.c": Severity.CRITICAL}, {"repo.c"}, "medium"),
    ([Result("repo.c", Status.SKIP, "x")], {"repo.c": Severity.CRITICAL}, {"repo.c"}, "low"),
    ([], {}, set(), "low"),
])
def test_risk_level(results: list[Result], severities: dict[str, Severity], blocking: set[str], risk: str) -> None:
    _, verdict = verdict_of([*passing(*ONE_PER_SURFACE), *results], severities, frozenset(blocking))
    assert verdict.risk == risk  # type: ignore[attr-defined]


# -- the plan -------------------------------------------------------------------------------------

def test_plan_puts_critical_exposures_first_then_blocking_then_severity_effort_and_id() -> None:
    metas = {
        "repo.warn-blocking": meta("repo.warn-blocking", Severity.CRITICAL, Effort.MINUTES),
        "repo.low-blocking": meta("repo.low-blocking", Severity.LOW, Effort.DAYS),
        "repo.crit": meta("repo.crit", Severity.CRITICAL, Effort.DAY),
        "repo.high-quick": meta("repo.high-quick", Severity.HIGH, Effort.MINUTES),
        "repo.high-slow": meta("repo.high-slow", Severity.HIGH, Effort.HOURS),
        "repo.high-b": meta("repo.high-b", Severity.HIGH, Effort.HOURS),
        "repo.error": meta("repo.error", Severity.MEDIUM, Effort.MINUTES),
        "repo.fine": meta("repo.fine", Severity.CRITICAL, Effort.MINUTES),
        "repo.skipped": meta("repo.skipped", Severity.CRITICAL, Effort.MINUTES),
    }
    results = [
        Result("repo.fine", Status.PASS, "ok"), Result("repo.skipped", Status.SKIP, "no"),
        Result("repo.high-slow", Status.FAIL, "x"), Result("repo.high-b", Status.FAIL, "x"),
        Result("repo.high-quick", Status.FAIL, "x"),
        Result("repo.crit", Status.FAIL, "x"), Result("repo.error", Status.ERROR, "timed out after 5s"),
        Result("repo.warn-blocking", Status.WARN, "x"), Result("repo.low-blocking", Status.FAIL, "x"),
    ]
    steps = plan(results, metas, frozenset({"repo.warn-blocking", "repo.low-blocking"}))
    # a failing critical check first whatever the profile blocks on, then the blocking ones, then the rest
    assert [s.check_id for s in steps] == ["repo.crit", "repo.low-blocking", "repo.warn-blocking",
                                           "repo.high-quick", "repo.high-b", "repo.high-slow", "repo.error"]
    assert [s.window for s in steps] == ["hours 1–8", "hours 9–32", "hour 33", "hour 34", "hours 35–38",
                                         "hours 39–42", "hour 43"]
    assert [s.blocking for s in steps] == [False, True, True, False, False, False, False]
    assert steps[1].action == "fix repo.low-blocking" and steps[1].title == "title of repo.low-blocking"
    assert steps[1].severity is Severity.LOW
    assert steps[-1].action == "make it decidable, then re-scan: timed out after 5s"


def _critical(check_id: str, references: tuple[str, ...], effort: Effort = Effort.MINUTES) -> CheckMeta:
    m = meta(check_id, Severity.CRITICAL, effort)
    return CheckMeta(m.id, m.title, m.surface, m.severity, m.criteria, m.why, m.breaks, m.fix, references,
                     m.checklist, m.effort)


def test_plan_puts_leaked_credentials_first_the_most_exposed_first_then_other_critical_failures() -> None:
    """A failing critical check citing CWE-798 (a usable leaked key) comes before one that does not (an auth
    bypass), even when the other is quicker; among leaks, the browser bundle, the tree, the history, a .env."""
    leak_ids = ("repo.dotenv-committed", "repo.secrets-history", "repo.secrets-tree", "repo.secrets-client")
    metas = {i: _critical(i, ("CWE-798",), Effort.DAY) for i in leak_ids}
    metas["api.auth-bypass"] = _critical("api.auth-bypass", ("CWE-287",), Effort.MINUTES)
    # a leak outside the exposure list: only its rank puts it before the quicker auth bypass
    # (quicker than the committed .env, so only the exposure order puts the .env first)
    metas["ai.prompt-leak"] = _critical("ai.prompt-leak", ("CWE-200", "CWE-798"), Effort.HOURS)
    results = [Result(i, Status.FAIL, "x") for i in ("api.auth-bypass", "ai.prompt-leak", *leak_ids)]
    steps = plan(results, metas, frozenset())
    assert [s.check_id for s in steps] == ["repo.secrets-client", "repo.secrets-tree", "repo.secrets-history",
                                           "repo.dotenv-committed", "ai.prompt-leak", "api.auth-bypass"]


@pytest.mark.parametrize(("count", "more"), [(0, 0), (9, 0), (10, 0), (11, 1), (14, 4)])
def test_a_report_shows_the_first_ten_steps_and_counts_the_rest(count: int, more: int) -> None:
    metas = {f"repo.c{i:02}": meta(f"repo.c{i:02}") for i in range(count)}
    steps = plan([Result(i, Status.FAIL, "x") for i in metas], metas, frozenset())
    shown, left = shown_plan(steps)
    assert (shown, left) == (steps[:10], more)


def test_plan_puts_a_non_blocking_error_before_a_non_blocking_warning_whatever_their_severity() -> None:
    metas = {"repo.warned": meta("repo.warned", Severity.CRITICAL, Effort.MINUTES),
             "repo.undecided": meta("repo.undecided", Severity.LOW, Effort.DAYS)}
    results = [Result("repo.warned", Status.WARN, "x"), Result("repo.undecided", Status.ERROR, "timed out")]
    assert [s.check_id for s in plan(results, metas, frozenset())] == ["repo.undecided", "repo.warned"]


def test_plan_ranks_outweigh_severity_and_effort_at_every_step_of_the_ladder() -> None:
    """Each rank's step is less severe (or slower) than the next rank's, so merging any two ranks reorders them:
    a blocking failure, a blocking warning, a failure, an error, a warning."""
    metas = {"repo.r2": meta("repo.r2", Severity.LOW, Effort.DAYS), "repo.r3": meta("repo.r3", Severity.MEDIUM),
             "repo.r4": meta("repo.r4", Severity.HIGH), "repo.r5": meta("repo.r5", Severity.CRITICAL, Effort.DAYS),
             "repo.r6": meta("repo.r6", Severity.CRITICAL, Effort.MINUTES)}
    results = [Result("repo.r6", Status.WARN, "x"), Result("repo.r5", Status.ERROR, "x"),
               Result("repo.r4", Status.FAIL, "x"), Result("repo.r3", Status.WARN, "x"),
               Result("repo.r2", Status.FAIL, "x")]
    steps = plan(results, metas, frozenset({"repo.r2", "repo.r3"}))
    assert [s.check_id for s in steps] == ["repo.r2", "repo.r3", "repo.r4", "repo.r5", "repo.r6"]


def test_a_plan_step_names_the_first_finding_of_the_checks_own_status_else_its_first_item() -> None:
    metas = {i: meta(i) for i in ("repo.a", "repo.b", "repo.c")}
    results = [
        Result("repo.a", Status.FAIL, "x", (Evidence(Status.PASS, "fine", "a.py:1", fingerprint="fa1"),
                                            Evidence(Status.FAIL, "bad", "a.py:2", fingerprint="fa2"),
                                            Evidence(Status.FAIL, "bad", "a.py:3", fingerprint="fa3"))),
        Result("repo.b", Status.FAIL, "x", (Evidence(Status.WARN, "odd", "b.py:1", fingerprint="fb1"),
                                            Evidence(Status.PASS, "fine", "b.py:2", fingerprint="fb2"))),
        Result("repo.c", Status.FAIL, "x"),
    ]
    steps = plan(results, metas, frozenset())
    assert [(s.check_id, s.finding, s.fingerprint) for s in steps] == [
        ("repo.a", "a.py:2", "fa2"), ("repo.b", "b.py:1", "fb1"), ("repo.c", "", "")]


# -- exit codes -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("status", "fail_on", "code"), [
    (Status.PASS, None, 0), (Status.PASS, "fail", 0), (Status.PASS, "warn", 0),
    (Status.SKIP, "warn", 0),
    (Status.WARN, None, 0), (Status.WARN, "fail", 0), (Status.WARN, "warn", 1),
    (Status.FAIL, None, 0), (Status.FAIL, "fail", 1), (Status.FAIL, "warn", 1),
    (Status.ERROR, "fail", 1), (Status.ERROR, "warn", 1),
])
def test_exit_code_of_a_ready_verdict_follows_fail_on(status: Status, fail_on: str | None, code: int) -> None:
    results = [*passing(*ONE_PER_SURFACE), Result("repo.x", status, "x")]
    _, verdict = verdict_of(results)
    assert verdict.ready  # type: ignore[attr-defined]
    assert exit_code(verdict, results, fail_on) == code  # type: ignore[arg-type]


def test_exit_code_of_a_not_ready_verdict_is_1_whatever_fail_on_says() -> None:
    results = [*passing(*ONE_PER_SURFACE), Result("repo.x", Status.FAIL, "x")]
    _, verdict = verdict_of(results, blocking=frozenset({"repo.x"}))
    for fail_on in (None, "fail", "warn"):
        assert exit_code(verdict, results, fail_on) == 1  # type: ignore[arg-type]


# -- the JSON report ------------------------------------------------------------------------------

def card_of(results: list[Result], blocking: frozenset[str], severities: dict[str, Severity] | None = None,
            ) -> Scorecard:
    metas, verdict = verdict_of(results, severities, blocking)
    return Scorecard("0.1.0", "/r", Profile.HANDOVER, "2026-11-23T10:00:00+00:00", 2.5, tuple(results), metas,
                     verdict, blocking)  # type: ignore[arg-type]


def test_json_lists_exactly_the_blocking_failed_checks_by_id() -> None:
    results = [Result("repo.a", Status.FAIL, "x", (Evidence(Status.FAIL, "leaked key", "app.py:3"),)),
               Result("api.a", Status.ERROR, "timed out"), Result("ai.a", Status.FAIL, "not blocking"),
               Result("domain.a", Status.PASS, "ok"), Result("ops.a", Status.WARN, "w")]
    data = json.loads(render_text(card_of(results, frozenset({"repo.a", "api.a", "domain.a", "ops.a"})), "json"))
    verdict = data["verdict"]
    assert verdict["ready"] is False and verdict["label"] == NOT_READY
    assert verdict["blocking_failures"] == ["repo.a", "api.a"]
    assert verdict["score"] == 50 and verdict["risk"] == "high"  # 100 - 3 × 15 - 15 / 3
    assert [p["check_id"] for p in data["plan"]] == ["repo.a", "api.a", "ops.a", "ai.a"]  # a fail before an error
    assert [p["blocking"] for p in data["plan"]] == [True, True, True, False]
    by_id = {r["id"]: r for r in data["results"]}
    assert [by_id[i]["blocking"] for i in ("repo.a", "api.a", "ai.a", "domain.a")] == [True, True, False, True]
    assert [by_id[i]["status"] for i in ("repo.a", "api.a", "ai.a", "domain.a", "ops.a")] == [
        "fail", "error", "fail", "pass", "warn"]
    assert by_id["repo.a"]["evidence"] == [{
        "status": "fail", "message": "leaked key", "location": "app.py:3", "detail": "",
        "fingerprint": by_id["repo.a"]["evidence"][0]["fingerprint"]}]
    assert by_id["repo.a"]["evidence"][0]["fingerprint"]


def test_json_of_a_ready_scorecard_has_no_blocking_failures_and_keeps_the_score() -> None:
    results = [*passing(*ONE_PER_SURFACE), Result("repo.n", Status.FAIL, "not blocking")]
    data = to_data(card_of(results, frozenset({"repo.a"})))
    assert data["verdict"]["ready"] is True and data["verdict"]["blocking_failures"] == []
    assert data["verdict"]["score"] == 85 and data["verdict"]["label"] == READY
    assert data["verdict"]["covered"] == ["repo", "api", "ai", "domain", "ops"]
    assert data["verdict"]["not_scanned"] == {} and data["verdict"]["not_run"] == []


def test_json_carries_the_scan_facts_and_each_results_metadata() -> None:
    results = [Result("repo.a", Status.PASS, "ok", duration_s=0.12345, requests=3, metrics={"n": 2}),
               Result("api.a", Status.SKIP, "no API base URL declared (--url)")]
    card = card_of(results, frozenset())
    data = to_data(card)
    assert data["schema_version"] == "1.2" and data["tool"] == {"name": "launchready", "version": "0.1.0"}
    assert (data["target"], data["profile"], data["started_at"], data["duration_s"]) == (
        "/r", "handover", "2026-11-23T10:00:00+00:00", 2.5)
    assert data["requests_total"] == 3 and data["requests_by_surface"] == {"repo": 3}
    assert data["verdict"]["not_scanned"]["api"] == "no API base URL declared (--url)"
    first = data["results"][0]
    assert (first["title"], first["surface"], first["severity"], first["criteria"], first["fix"]) == (
        "title of repo.a", "repo", "high", "criteria", "fix repo.a")
    assert first["references"] == ["REF-1"] and first["duration_s"] == 0.123 and first["requests"] == 3
    assert first["metrics"] == {"n": 2} and first["summary"] == "ok" and first["suppressed"] == []


def test_an_unscanned_surface_gives_the_reason_of_its_first_skipped_check() -> None:
    results = [*passing("repo.a"), Result("ai.a", Status.SKIP, "no chatbot endpoint declared ([ai.chat])"),
               Result("ai.b", Status.SKIP, "no upload route declared")]
    metas = {i: meta(i) for i in ("repo.a", "ai.a", "ai.b")}
    verdict = decide(results, metas, frozenset(), Profile.HANDOVER, {})
    assert verdict.not_scanned[Surface.AI] == "no chatbot endpoint declared ([ai.chat])"


def test_json_is_indented_by_two_and_keeps_non_ascii_text_readable() -> None:
    results = [*passing(*ONE_PER_SURFACE[1:]), Result("repo.a", Status.PASS, "worst case ≈ $0.25/hour → fine")]
    text = render_text(card_of(results, frozenset()), "json")
    assert text.startswith('{\n  "schema_version": "1.2",\n  "tool": {\n    "name": "launchready",')
    assert '"summary": "worst case ≈ $0.25/hour → fine"' in text and text.endswith("}\n")

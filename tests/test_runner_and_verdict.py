"""A crash or a timeout is an error that blocks; suppressions are listed; the verdict says what it covered."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from launchready import scan
from launchready.catalog import Catalog
from launchready.checks.repo import cors_config, debug_mode, dotenv_committed
from launchready.config import Config
from launchready.context import CheckContext
from launchready.events import CheckFinished, CheckStarted, Event, ScanStarted
from launchready.lab.gitrepo import Commit, build_repo
from launchready.model import Check, CheckMeta, Effort, Evidence, Outcome, Severity, Status, Surface
from launchready.verdict import NOT_READY, exit_code
from tests.checks.repo.fixtures_secrets import OPENAI_KEY
from tests.fixtures import GITIGNORE


def meta(check_id: str, severity: Severity = Severity.CRITICAL, effort: Effort = Effort.HOURS) -> CheckMeta:
    return CheckMeta(check_id, f"title of {check_id}", Surface.REPO, severity, "criteria text", "why text",
                     "breaks text", f"fix {check_id}", ("REF-1",), ("item",), effort)


def crashing(ctx: CheckContext) -> Outcome:
    raise RuntimeError("boom with key sk-proj-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")


release = threading.Event()


def hanging(ctx: CheckContext) -> Outcome:
    release.wait(30)
    return Outcome(Status.PASS, "too late")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    build_repo(root, [Commit("init", {"app.py": "x = 1\n", ".gitignore": GITIGNORE})])
    return root


def test_check_that_raises_is_an_error_and_blocks_the_verdict(repo: Path) -> None:
    # repo.secrets-tree blocks in `handover`; give that id a check that crashes.
    catalog = Catalog((dotenv_committed.CHECK, Check(meta("repo.secrets-tree"), crashing)))
    card = scan(Config(path=repo), catalog=catalog)
    result = card.result("repo.secrets-tree")
    assert result.status is Status.ERROR
    assert "RuntimeError: boom" in result.summary and "sk-proj-AAAAAAAAAAAAAAAAAAAAAAAA" not in result.summary
    assert card.verdict.label == NOT_READY and not card.verdict.ready
    assert card.verdict.blocking_failures == ("repo.secrets-tree",)
    assert exit_code(card.verdict, card.results, None) == 1
    assert card.verdict.plan[0].check_id == "repo.secrets-tree"
    assert card.verdict.plan[0].action.startswith("make it decidable")


def test_check_past_its_time_budget_is_an_error_and_the_scan_moves_on(repo: Path) -> None:
    catalog = Catalog((Check(meta("repo.secrets-tree"), hanging), dotenv_committed.CHECK))
    started = time.monotonic()
    try:
        card = scan(Config(path=repo, check_timeout=0.5), catalog=catalog)
    finally:
        release.set()
    assert time.monotonic() - started < 10
    assert card.result("repo.secrets-tree").status is Status.ERROR
    assert "timed out after 0.5s" in card.result("repo.secrets-tree").summary
    assert card.result("repo.dotenv-committed").status is Status.PASS
    assert not card.verdict.ready


def test_partial_verdict_names_what_was_covered(repo: Path) -> None:
    card = scan(Config(path=repo, only=("repo",)))
    assert card.verdict.ready
    assert card.verdict.label == "launch-ready for: repo; not scanned: api, ai, domain, ops"
    assert card.verdict.not_scanned[Surface.API] == "no API base URL declared (--url)"


def test_skip_without_a_target_is_not_a_pass_and_says_why(repo: Path) -> None:
    domain_meta = CheckMeta("domain.example", "t", Surface.DOMAIN, Severity.LOW, "c" * 10, "w" * 10, "b" * 10,
                            "f" * 10, ("r",), ("i",))
    catalog = Catalog((Check(domain_meta, lambda ctx: Outcome(Status.PASS, "never runs")),))
    card = scan(Config(path=repo), catalog=catalog)
    assert card.result("domain.example").status is Status.SKIP
    assert card.result("domain.example").summary == "no domain declared (--domain)"


def test_events_describe_the_scan(repo: Path) -> None:
    seen: list[Event] = []
    scan(Config(path=repo, only=("repo",)), on_event=seen.append)
    assert isinstance(seen[0], ScanStarted) and len(seen[0].checks) == len([e for e in seen if isinstance(e, CheckStarted)])
    finished = {e.meta.id for e in seen if isinstance(e, CheckFinished)}
    assert {"repo.dotenv-committed", "repo.cors-config", "repo.debug-mode"} <= finished


def test_plan_orders_blocking_then_severity_then_effort(tmp_path: Path) -> None:
    root = tmp_path / "r"
    build_repo(root, [Commit("init", {
        ".env": f"OPENAI_API_KEY={OPENAI_KEY}\n",  # a committed .env with a credential (A=1 is a template)
        "main.py": "app = FastAPI(debug=True)\napp.add_middleware(CORSMiddleware, allow_origins=['*'], allow_credentials=True)\n",
    })])
    card = scan(Config(path=root, only=("repo.dotenv-committed", "repo.cors-config", "repo.debug-mode")))
    order = [p.check_id for p in card.verdict.plan]
    assert order == ["repo.dotenv-committed", "repo.cors-config", "repo.debug-mode"]
    assert [p.window for p in card.verdict.plan] == ["hours 1–4", "hour 5", "hour 6"]
    assert card.verdict.score <= 59 and card.verdict.risk == "critical"


def test_config_suppression_moves_the_finding_and_is_listed(tmp_path: Path) -> None:
    root = tmp_path / "r"
    build_repo(root, [Commit("init", {"main.py": "app = FastAPI(debug=True)\n", ".gitignore": GITIGNORE})])
    (root / "launchready.toml").write_text(
        '[[suppress]]\ncheck = "repo.debug-mode"\nlocation = "main.py:*"\nreason = "internal tool, never deployed"\n')
    from launchready.config import load_config

    card = scan(load_config(root))
    result = card.result("repo.debug-mode")
    assert result.status is Status.PASS and result.evidence == ()
    [hidden] = result.suppressed
    assert hidden.evidence.location == "main.py:1"
    assert hidden.reason == "internal tool, never deployed"
    assert hidden.source.endswith("launchready.toml:1")
    assert "1 accepted finding suppressed" in result.summary


def test_inline_marker_with_reason_suppresses_and_without_reason_does_not(tmp_path: Path) -> None:
    root = tmp_path / "r"
    build_repo(root, [Commit("init", {"main.py": (
        "app = FastAPI(debug=True)  # launchready: ignore[repo.debug-mode] local-only admin console\n"
        "# launchready: ignore[repo.debug-mode]\n"
        "other = FastAPI(debug=True)\n"
    )})])
    result = scan(Config(path=root, only=("repo.debug-mode",))).result("repo.debug-mode")
    assert [e.location for e in result.evidence] == ["main.py:3"]
    assert [s.evidence.location for s in result.suppressed] == ["main.py:1"]
    assert result.suppressed[0].reason == "local-only admin console"


def test_unknown_check_in_suppression_or_options_is_a_config_error(tmp_path: Path) -> None:
    from launchready.config import load_config
    from launchready.errors import ConfigError

    root = tmp_path / "r"
    build_repo(root, [Commit("init", {"a.py": "x = 1\n"})])
    (root / "launchready.toml").write_text('[[suppress]]\ncheck = "repo.debug-mod"\nreason = "because"\n')
    with pytest.raises(ConfigError, match=r"did you mean 'repo.debug-mode'"):
        scan(load_config(root))
    (root / "launchready.toml").write_text('[checks."repo.cors-config"]\nstrictness = 3\n')
    with pytest.raises(ConfigError, match=r"launchready.toml:2: unknown option 'strictness'"):
        scan(load_config(root))


def test_fail_on_exit_codes(repo: Path) -> None:
    warn = Check(meta("repo.custom-warn", Severity.LOW), lambda ctx: Outcome(Status.WARN, "w", (Evidence(Status.WARN, "m", "a.py:1"),)))
    card = scan(Config(path=repo), catalog=Catalog((warn, cors_config.CHECK, debug_mode.CHECK)))
    assert card.verdict.ready
    assert exit_code(card.verdict, card.results, None) == 0
    assert exit_code(card.verdict, card.results, "fail") == 0
    assert exit_code(card.verdict, card.results, "warn") == 1


def test_exclusive_checks_run_alone_after_the_others(repo: Path) -> None:
    active: list[str] = []
    overlaps: list[tuple[str, tuple[str, ...]]] = []
    order: list[str] = []
    lock = threading.Lock()

    def tracked(name: str) -> Check:
        def run(ctx: CheckContext) -> Outcome:
            with lock:
                overlaps.append((name, tuple(active)))
                active.append(name)
                order.append(name)
            time.sleep(0.05)
            with lock:
                active.remove(name)
            return Outcome(Status.PASS, "ok")

        return Check(meta(f"repo.{name}"), run, exclusive=name.startswith("burst"))

    checks = tuple(tracked(n) for n in ("burst-a", "plain-a", "plain-b", "burst-b", "plain-c"))
    card = scan(Config(path=repo, concurrency=4), catalog=Catalog(checks))
    assert [r.check_id for r in card.results] == [c.meta.id for c in checks]  # catalogue order kept
    assert order[-2:] == ["burst-a", "burst-b"]
    assert dict(overlaps)["burst-a"] == () and dict(overlaps)["burst-b"] == ()
    assert len({frozenset(o) for _, o in overlaps if o}) >= 1  # the plain ones did run side by side


def test_suppression_never_hides_an_error_or_clears_a_status_the_evidence_did_not_explain() -> None:
    from launchready.config import Suppression
    from launchready.model import Result
    from launchready.suppressions import apply_suppressions

    config = Config(suppress=(Suppression(check="repo.x", location="*", reason="accepted at review"),))
    undecided = Result("repo.x", Status.ERROR, "x", (Evidence(Status.ERROR, "could not read", "a.py:1"),))
    assert apply_suppressions(undecided, config, None) == undecided
    mixed = Result("repo.x", Status.FAIL, "x", (Evidence(Status.ERROR, "timed out", "GET /a"),
                                                 Evidence(Status.FAIL, "open", "GET /b")))
    after = apply_suppressions(mixed, config, None)
    assert after.status is Status.ERROR and [e.location for e in after.evidence] == ["GET /a"]
    assert [s.evidence.location for s in after.suppressed] == ["GET /b"]
    # p95 over the limit is the fail; the slow-route warning beside it is what was accepted.
    metric = Result("repo.x", Status.FAIL, "p95 900 ms", (Evidence(Status.WARN, "slow", "POST /chat"),))
    after = apply_suppressions(metric, config, None)
    assert after.status is Status.FAIL and after.summary.startswith("p95 900 ms")
    assert [s.evidence.location for s in after.suppressed] == ["POST /chat"]


def test_a_crash_after_the_check_is_an_error_at_once_not_a_timeout(repo: Path) -> None:
    from launchready.context import Targets
    from launchready.model import Profile
    from launchready.profiles import load_profile
    from launchready.runner import run_checks

    def broken_post(result: object) -> object:
        raise OSError("disk gone")

    def broken_context(check: Check, deadline: float) -> CheckContext:
        raise RuntimeError("no context")

    check = Check(meta("repo.x"), lambda ctx: Outcome(Status.PASS, "fine"))
    started = time.monotonic()
    profile = load_profile(Profile.HANDOVER)
    [result] = run_checks((check,), lambda c, d: CheckContext(Config(path=repo), Targets(), {}, profile, d),
                          concurrency=1, timeout_s=30, on_event=lambda e: None, post=broken_post)  # type: ignore[arg-type]
    assert result.status is Status.ERROR and "OSError: disk gone" in result.summary
    [result] = run_checks((check,), broken_context, concurrency=1, timeout_s=30, on_event=lambda e: None)
    assert result.status is Status.ERROR and "RuntimeError: no context" in result.summary
    assert time.monotonic() - started < 5


def test_a_password_in_the_target_url_never_reaches_the_scorecard(repo: Path) -> None:
    from pydantic import ValidationError

    from launchready.api import _describe
    from launchready.context import Targets

    url = "http://scanner:Hunter2-Staging-Pass@127.0.0.1:9/"
    with pytest.raises(ValidationError) as refused:  # refused when the config is built, without echoing it
        Config(path=repo, url=url)
    assert "Hunter2-Staging-Pass" not in str(refused.value) and "carries a user name or password" in str(refused.value)
    # and should one arrive unvalidated, the description of the target still masks it
    described = _describe(Config.model_construct(path=repo, url=url), Targets())
    assert "Hunter2-Staging-Pass" not in described
    assert "api http://scanner:****@127.0.0.1:9/" in described


def test_a_text_metric_is_redacted_like_the_summary() -> None:
    from launchready.model import Result

    key = "sk-proj-" + "Q" * 40
    result = Result("repo.x", Status.PASS, f"saw {key}", metrics={"last_header": f"Bearer {key}", "n": 3})
    assert key not in result.summary and key not in str(result.metrics["last_header"])
    assert result.metrics["n"] == 3


def test_fail_on_fail_catches_a_non_blocking_fail_or_error_that_leaves_the_verdict_ready() -> None:
    from launchready.model import Profile, Result
    from launchready.verdict import decide

    metas = {"repo.a": meta("repo.a", Severity.LOW), "repo.b": meta("repo.b", Severity.LOW)}
    for bad in (Status.FAIL, Status.ERROR):
        results = [Result("repo.a", bad, "x"), Result("repo.b", Status.PASS, "ok")]
        verdict = decide(results, metas, frozenset({"repo.b"}), Profile.HANDOVER, {})
        assert verdict.ready and verdict.blocking_failures == ()
        assert exit_code(verdict, results, None) == 0
        assert exit_code(verdict, results, "fail") == 1 and exit_code(verdict, results, "warn") == 1
        blocked = decide(results, metas, frozenset({"repo.a"}), Profile.HANDOVER, {})
        assert not blocked.ready and blocked.blocking_failures == ("repo.a",)
        assert exit_code(blocked, results, None) == 1


def test_skipping_a_blocking_check_never_gives_the_full_verdict(tmp_path: Path) -> None:
    root = tmp_path / "clean"
    build_repo(root, [Commit("init", {"app.py": "x = 1\n", ".gitignore": GITIGNORE})])
    card = scan(Config(path=root, only=("repo",), skip=("repo.secrets-tree",)))
    assert card.verdict.ready
    assert card.verdict.not_run == ("repo.secrets-tree",)
    assert card.verdict.label.endswith("; blocking checks not run: repo.secrets-tree")
    # A non-blocking check left out changes nothing.
    assert scan(Config(path=root, only=("repo",), skip=("repo.debug-mode",))).verdict.not_run == ()

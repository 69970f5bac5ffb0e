"""`make mutate`: mutation testing of the modules that decide a verdict, with only the tests that cover each.

Per module: copy ``src/`` to a temp dir (the working tree is never edited), run the module's covering
tests once unmutated (they must pass; their time sets the per-mutant timeout), then for each mutant
write the edited module into the copy and run ``pytest -x -q -p no:cacheprovider <its tests>`` with
``PYTHONPATH`` pointing at the copy. A failing run kills the mutant, a passing one lets it survive, a
run past the timeout counts as killed (a hang is noticed; timeouts are counted apart in the summary).
Survivors listed in ``equivalent.py`` (with the reason they cannot change behaviour) are left out of
the kill rate.

    python bench/mutate/run.py                                   # verdict.py, runner.py, report/json.py
    python bench/mutate/run.py --modules src/launchready/verdict.py --sample 30 --time-budget 300
    python bench/mutate/run.py --list --modules src/launchready/verdict.py

Why not mutmut: see bench/README.md ("Mutation testing").
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from equivalent import EQUIVALENT  # noqa: E402
from mutants import Mutant, apply, mutants  # noqa: E402

CATALOG = "tests/test_catalog_pins.py"
REPORT_PINS = "tests/test_report_pins.py"
API_CATALOG = "tests/checks/api/test_api_catalog_pins.py"
PROBE_CATALOG = "tests/checks/api/test_probe_catalog_pins.py"  # input, upload, error, latency, webhook probes
# Scans a 65 MiB file: minutes on a loaded machine, where the per-file time guard (not the size cap) stops it
# and the summary's wording changes, so it fails unmutated. The size cap has its own engine tests.
BIG_FILE = ("--deselect=tests/checks/repo/test_secrets_checks.py::"
            "test_a_file_over_the_size_cap_is_named_as_only_partly_read")
# A real backtracking pattern in a lab server: 40+ s, and its curve is lost under load. The ReDoS probe is pinned
# end to end on an app that sleeps like one instead (test_input_validation_redos_pins, seconds).
_REAL_REDOS = ("--deselect=tests/checks/api/test_input_validation_redos.py::"
               "test_a_backtracking_email_pattern_fails_at_each_route_that_uses_it")
AI = "tests/checks/ai"
AI_CHECKS = f"{AI}/test_ai_checks.py"
AI_CATALOG = f"{AI}/test_ai_catalog_pins.py"
# The tests that cover each module, fastest and most pointed first (pytest -x stops at the first failure).
TESTS: dict[str, tuple[str, ...]] = {
    "src/launchready/verdict.py": ("tests/test_verdict_pins.py", "tests/test_plan.py",  # test_plan: 5 s (mut-r4b)
                                   "tests/test_runner_and_verdict.py"),
    "src/launchready/runner.py": ("tests/test_runner_pins.py", "tests/test_runner_and_verdict.py"),
    "src/launchready/report/json.py": ("tests/test_verdict_pins.py", "tests/test_reports.py"),
    "src/launchready/redaction.py": ("tests/test_redaction_pins.py", "tests/test_redaction.py",
                                     "tests/test_runner_and_verdict.py", "tests/test_reports.py"),
    "src/launchready/report/__init__.py": ("tests/test_reports.py", "tests/test_report_controls.py"),
    "src/launchready/printable.py": ("tests/test_report_controls.py", "tests/test_reports.py"),
    "src/launchready/report/sarif.py": (REPORT_PINS, "tests/test_reports.py", "tests/test_report_controls.py"),
    "src/launchready/report/markdown.py": (REPORT_PINS, "tests/test_reports.py", "tests/test_report_controls.py"),
    "src/launchready/report/junit.py": (REPORT_PINS, "tests/test_reports.py", "tests/test_report_controls.py"),
    "src/launchready/report/html.py": ("tests/test_reports.py", "tests/test_report_controls.py"),
    "src/launchready/report/terminal.py": ("tests/test_reports.py", "tests/test_report_controls.py"),
    # Branch mut-api1: the five blocking API checks. What they cite and accept (test_api_catalog_pins, seconds)
    # first, then each check's pins (pure judging first, then one-flaw lab apps), then its own tests.
    "src/launchready/checks/api/auth_required.py": (
        API_CATALOG, "tests/checks/api/test_auth_required_pins.py", "tests/checks/api/test_auth_required_app_pins.py",
        "tests/checks/api/test_auth_general.py", "tests/checks/api/test_auth_required.py",
        "tests/checks/api/test_auth_required_roles.py", "tests/checks/api/test_routes_general.py"),
    "src/launchready/checks/api/tenant_isolation.py": (
        API_CATALOG, "tests/checks/api/test_tenant_isolation_reads_pins.py",
        "tests/checks/api/test_tenant_isolation_pins.py", "tests/checks/api/test_tenant_isolation.py",
        "tests/checks/api/test_tenant_isolation_objects.py"),
    "src/launchready/checks/api/rate_limits.py": (
        API_CATALOG, "tests/checks/api/test_rate_limits_judging_pins.py", "tests/checks/api/test_rate_limits_pins.py",
        "tests/checks/api/test_rate_limits_classes_pins.py",
        "tests/checks/api/test_rate_limits.py", "tests/checks/api/test_rate_limits_upload_cleanup.py"),
    "src/launchready/checks/api/token_tampering.py": (
        API_CATALOG, "tests/checks/api/test_token_tampering_pins.py", "tests/checks/api/test_token_tampering.py",
        "tests/checks/api/test_auth_general.py"),
    "src/launchready/checks/api/cors.py": (
        API_CATALOG, "tests/checks/api/test_cors_pins.py", "tests/checks/api/test_cors.py",
        "tests/checks/api/test_routes_general.py"),
    # The example-app scans in test_ai_checks.py take minutes per run: only its echo-bot cost test here.
    "src/launchready/checks/ai/cost_exposure.py": (
        "tests/checks/ai/test_ai_catalog_pins.py", "tests/checks/ai/test_cost_exposure_units.py",
        "tests/checks/ai/test_cost_exposure_decide_pins.py", "tests/checks/ai/test_cost_exposure_pins.py",
        "tests/checks/ai/test_cost_measurement.py",
        "tests/checks/ai/test_cost_exposure_model_pins.py",
        "tests/checks/ai/test_ai_checks.py::test_cost_exposure_reads_a_server_error_on_a_long_prompt_as_undetermined_not_as_a_cap"),
    # mut-ai: the other blocking ai checks — what they cite (test_ai_catalog_pins) and their pins files (scripted
    # one-flaw bots on loopback, apps_ai_pins: seconds each) first; the example-app scans of test_ai_checks.py
    # (minutes per run) are left out.
    "src/launchready/checks/ai/cross_tenant_context.py": (AI_CATALOG, f"{AI}/test_cross_tenant_context_pins.py"),
    "src/launchready/checks/ai/output_handling.py": (AI_CATALOG, f"{AI}/test_output_handling_pins.py"),
    "src/launchready/checks/ai/injection_tool_misuse.py": (AI_CATALOG, f"{AI}/test_injection_tool_misuse_pins.py"),
    "src/launchready/checks/ai/indirect_injection.py": (AI_CATALOG, f"{AI}/test_indirect_injection_pins.py"),
    "src/launchready/checks/ai/system_prompt_leak.py": (
        AI_CATALOG, f"{AI}/test_system_prompt_leak_pins.py", f"{AI}/test_system_prompt_leak.py",
        f"{AI}/test_recited_leak.py", f"{AI_CHECKS}::test_an_sse_stream_is_read_as_one_reply",
        f"{AI}/test_leak_source_with_only_ai.py", f"{AI}/test_observed_evidence.py"),
    # Repo, ops and domain blocking checks: what they cite (test_catalog_pins, a few seconds) and their pins
    # file (one flaw per fixture, each evidence item's status asserted) first, then the checks' own tests,
    # then the slower lab tests.
    "src/launchready/checks/repo/secrets_tree.py": (
        CATALOG, "tests/checks/repo/test_secrets_pins.py", "tests/checks/repo/test_secrets_checks.py",
        "tests/lab/test_hostile_repos.py", BIG_FILE),
    "src/launchready/checks/repo/secrets_history.py": (
        CATALOG, "tests/checks/repo/test_secrets_pins.py", "tests/checks/repo/test_secrets_checks.py",
        "tests/lab/test_hostile_repos.py"),
    "src/launchready/checks/repo/secrets_client.py": (
        CATALOG, "tests/checks/repo/test_secrets_pins.py", "tests/checks/repo/test_secrets_checks.py", BIG_FILE),
    "src/launchready/checks/repo/dotenv_committed.py": (
        CATALOG, "tests/checks/repo/test_static_pins.py", "tests/checks/repo/test_dotenv_committed.py",
        "tests/lab/test_hostile_repos.py"),
    "src/launchready/checks/repo/_unread.py": ("tests/lab/test_hostile_repos.py",),
    "src/launchready/checks/repo/route_auth.py": (
        CATALOG, "tests/checks/repo/test_route_auth_pins.py", "tests/checks/repo/test_route_auth.py",
        "tests/checks/repo/test_route_frameworks.py", "tests/checks/repo/test_unparsed_python.py"),
    "src/launchready/checks/repo/rate_limit_config.py": (
        CATALOG, "tests/checks/repo/test_static_pins.py", "tests/checks/repo/test_rate_limit_config.py",
        "tests/checks/repo/test_unparsed_python.py"),
    "src/launchready/checks/repo/cors_config.py": (
        CATALOG, "tests/checks/repo/test_static_pins.py", "tests/checks/repo/test_cors_config.py",
        "tests/checks/repo/test_unparsed_python.py"),
    "src/launchready/checks/repo/debug_mode.py": (
        CATALOG, "tests/checks/repo/test_static_pins.py", "tests/checks/repo/test_debug_mode.py",
        "tests/checks/repo/test_debug_stack.py", "tests/lab/test_hostile_repos.py"),
    "src/launchready/checks/repo/tenant_scoping.py": (
        CATALOG, "tests/checks/repo/test_static_pins.py", "tests/checks/repo/test_tenant_scoping.py",
        "tests/checks/repo/test_unparsed_python.py"),
    "src/launchready/checks/repo/webhook_verification.py": (
        CATALOG, "tests/checks/repo/test_static_pins.py", "tests/checks/repo/test_webhook_verification.py",
        "tests/checks/repo/test_unparsed_python.py"),
    "src/launchready/checks/ops/monitoring.py": (CATALOG, "tests/checks/ops/test_ops_pins.py",
                                                 "tests/checks/ops/test_ops.py"),
    "src/launchready/checks/ops/runbook.py": (CATALOG, "tests/checks/ops/test_ops_pins.py",
                                              "tests/checks/ops/test_ops.py"),
    "src/launchready/checks/domain/spf.py": (CATALOG, "tests/checks/domain/test_email_checks.py"),
    "src/launchready/checks/domain/dkim.py": (
        CATALOG, "tests/checks/domain/test_domain_pins.py::"
        "test_an_undeclared_dkim_selector_is_a_warning_item_naming_where_keys_live",
        "tests/checks/domain/test_email_checks.py"),
    "src/launchready/checks/domain/dmarc.py": (CATALOG, "tests/checks/domain/test_email_checks.py"),
    "src/launchready/checks/domain/dns.py": (CATALOG, "tests/checks/domain/test_domain_pins.py",
                                             "tests/checks/domain/test_dns_check.py",
                                             "tests/checks/domain/test_dns_errors.py"),
    "src/launchready/checks/domain/_caa.py": (CATALOG, "tests/checks/domain/test_domain_pins.py",
                                              "tests/checks/domain/test_dns_check.py"),
    "src/launchready/checks/domain/tls.py": (CATALOG, "tests/checks/domain/test_domain_pins.py",
                                             "tests/checks/domain/test_web_checks.py"),
    "src/launchready/checks/domain/https_redirect.py": (CATALOG, "tests/checks/domain/test_domain_pins.py",
                                                        "tests/checks/domain/test_web_checks.py"),
    # Blocking API checks, branch mut-api2: the check's pins (purpose-built apps, each evidence item's status,
    # message and location) first, then its own edge-app tests; the example-product scans are left out
    # (about a minute each, and the pins assert more of the same findings).
    "src/launchready/checks/api/error_hygiene.py": (
        PROBE_CATALOG, "tests/checks/api/test_error_hygiene_pins.py",
        "tests/checks/api/test_error_hygiene.py::test_an_app_that_500s_everything_with_a_traceback_fails"),
    "src/launchready/checks/api/webhook_signatures.py": (
        PROBE_CATALOG, "tests/checks/api/test_webhook_signatures_pins.py",
        "tests/checks/api/test_webhook_signatures.py::test_a_receiver_that_ignores_timestamps_fails_on_the_stale_delivery",
        "tests/checks/api/test_webhook_signatures.py::test_no_webhooks_declared_is_a_skip"),
    "src/launchready/checks/api/upload_validation.py": (
        PROBE_CATALOG, "tests/checks/api/test_upload_validation_pins.py",
        "tests/checks/api/test_upload_validation.py::test_route_that_refuses_everything_is_an_error",
        "tests/checks/api/test_upload_validation.py::test_no_upload_route_declared_is_a_skip"),
    "src/launchready/checks/api/latency.py": (
        PROBE_CATALOG, "tests/checks/api/test_latency_pins.py",
        "tests/checks/api/test_latency.py::test_a_chat_rate_limit_is_a_warning_with_the_sample_count"),
    "src/launchready/checks/api/input_validation.py": (
        PROBE_CATALOG, "tests/checks/api/test_input_validation_units_pins.py",
        "tests/checks/api/test_input_validation_pins.py",
        "tests/checks/api/test_input_validation.py::test_server_that_500s_everything_fails_with_the_traceback_as_evidence",
        "tests/checks/api/test_input_validation.py::test_server_that_hangs_is_an_error_not_a_pass",
        "tests/checks/api/test_input_validation_redos_pins.py", "tests/checks/api/test_input_validation_redos.py",
        _REAL_REDOS,
        "tests/checks/api/test_input_validation_roles.py"),
    "src/launchready/engines/redos.py": ("tests/engines/test_redos_sql_pins.py",
                                         "tests/checks/api/test_input_validation_redos_pins.py",
                                         "tests/checks/api/test_input_validation_redos.py", _REAL_REDOS),
    "src/launchready/engines/sql_errors.py": ("tests/engines/test_redos_sql_pins.py",
                                              "tests/engines/test_roles_and_sql_errors.py",
                                              "tests/checks/api/test_input_validation_roles.py"),
}
# Branch mut-rest: the pins written against the survivors bench/README.md lists as left, and the HTML and
# terminal renderers' pins; each run right after the module's catalogue pins (the slow TLS handshake pins last).
_TLS_PINS = "tests/checks/domain/test_tls_handshake_pins.py::"
_MUT_REST_FIRST: dict[str, tuple[str, ...]] = {
    "src/launchready/checks/domain/tls.py": (
        "tests/checks/domain/test_tls_names_pins.py",  # mut-r4b
        _TLS_PINS + "test_a_good_certificate_shows_each_item_passed_and_says_sslv3_is_not_testable_here",),
    "src/launchready/checks/domain/dns.py": ("tests/checks/domain/test_dns_zone_pins.py",),
    "src/launchready/checks/repo/secrets_history.py": ("tests/checks/repo/test_secrets_history_pins.py",),
    "src/launchready/checks/repo/rate_limit_config.py": ("tests/checks/repo/test_rate_limit_config_pins.py",),
    "src/launchready/checks/repo/route_auth.py": ("tests/checks/repo/test_route_registration_pins.py",),
    "src/launchready/checks/repo/tenant_scoping.py": ("tests/checks/repo/test_tenant_scoping_tables_pins.py",  # r4b
                                                      "tests/checks/repo/test_tenant_scoping_pins.py"),
    "src/launchready/checks/repo/cors_config.py": ("tests/checks/repo/test_cors_config_pins.py",  # mut-r4b
                                                   "tests/checks/repo/test_cors_excerpt_pins.py",
                                                   "tests/checks/repo/test_cors_python_pins.py"),
    "src/launchready/checks/repo/webhook_verification.py": ("tests/checks/repo/test_webhook_lines_pins.py",
                                                            "tests/checks/repo/test_webhook_python_pins.py"),
    "src/launchready/checks/ops/runbook.py": ("tests/checks/ops/test_runbook_pins.py",),
    "src/launchready/checks/ops/monitoring.py": ("tests/checks/ops/test_monitoring_pins.py",),
    "src/launchready/checks/repo/debug_mode.py": ("tests/checks/repo/test_debug_handler_pins.py",),
    "src/launchready/checks/repo/dotenv_committed.py": ("tests/checks/repo/test_dotenv_staged_pins.py",),
    "src/launchready/checks/repo/secrets_tree.py": ("tests/checks/repo/test_secrets_tree_info_pins.py",),
    "src/launchready/report/html.py": ("tests/test_report_html_terminal_pins.py",),
    "src/launchready/report/terminal.py": ("tests/test_report_html_terminal_pins.py",),
    "src/launchready/report/__init__.py": ("tests/test_report_html_terminal_pins.py", REPORT_PINS),
    "src/launchready/report/markdown.py": ("tests/test_report_html_terminal_pins.py",),
}
_MUT_REST_LAST: dict[str, tuple[str, ...]] = {
    "src/launchready/checks/domain/tls.py": tuple(_TLS_PINS + name for name in (
        "test_a_handshake_that_never_comes_is_an_error_within_the_checks_time_left",
        "test_a_handshake_slower_than_one_second_is_awaited_while_the_check_has_time",
        "test_with_under_a_second_left_the_handshake_still_gets_one_second",
        "test_a_handshake_that_takes_six_seconds_is_awaited_up_to_the_ten_second_cap",
        "test_a_handshake_that_never_comes_is_given_up_at_the_ten_second_cap")),  # mut-r4b: ~10 s
}
for _module, _pins in _MUT_REST_FIRST.items():
    _old = TESTS.get(_module, ())
    _head = _old[:1] if _old[:1] == (CATALOG,) else ()
    TESTS[_module] = (*_head, *_pins, *_old[len(_head):], *_MUT_REST_LAST.get(_module, ()))
DEFAULT_MODULES = ("src/launchready/verdict.py", "src/launchready/runner.py", "src/launchready/report/json.py")


@dataclass
class Outcome:
    mutant: Mutant
    status: str  # killed | survived | equivalent | timeout | error
    seconds: float
    reason: str = ""


def _pytest(tests: tuple[str, ...], env: dict[str, str], timeout: float, log: Path | None = None,
            ) -> tuple[str, float]:
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests]
    started = time.monotonic()
    with (log or Path(os.devnull)).open("wb") as out:  # the child keeps its own copy of the descriptor
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    try:
        rc = proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the session we started: pytest and the servers it spawned
        proc.wait()
        return "timeout", time.monotonic() - started
    elapsed = time.monotonic() - started
    if rc == 0:
        return "survived", elapsed
    if rc in (1, 2):  # tests failed, or collection failed (the mutant broke an import)
        return "killed", elapsed
    return f"error (pytest exit {rc})", elapsed


def _copy_tree(tmp: Path) -> dict[str, str]:
    shutil.copytree(ROOT / "src", tmp / "src", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    # lab.examples.checkout_root() is the copy: servers started there import examples.* and tests.* apps.
    for shared in ("examples", "tests"):
        (tmp / shared).symlink_to(ROOT / shared, target_is_directory=True)
    env = {**os.environ, "PYTHONPATH": str(tmp / "src"), "PYTHONDONTWRITEBYTECODE": "1"}
    where = subprocess.run([sys.executable, "-c", "import launchready; print(launchready.__file__)"], env=env,
                           cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    if not where.startswith(str(tmp)):
        raise SystemExit(f"the copy is not what gets imported ({where}); is `src` on pytest's pythonpath?")
    return env


def covering_tests(module: str) -> tuple[str, ...]:
    """The declared tests (those that exist in this checkout), else every test file named after the module
    (``test_<module>*.py``) or importing it."""
    declared = tuple(t for t in TESTS.get(module, ())
                     if t.startswith("--deselect=") or (ROOT / t.split("::")[0]).exists())
    if declared:
        return declared
    dotted = module.removeprefix("src/").removesuffix(".py").removesuffix("/__init__").replace("/", ".")
    parent, _, name = dotted.rpartition(".")
    pattern = re.compile(rf"\b{re.escape(dotted)}\b|from {re.escape(parent)} import [^\n]*\b{re.escape(name)}\b")
    stem = Path(module).stem
    found = tuple(sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests").rglob("test_*.py")
                         if p.stem.startswith(f"test_{stem}") or pattern.search(p.read_text(encoding="utf-8"))))
    if not found:
        raise SystemExit(f"{module}: no covering tests (declare them in bench/mutate/run.py TESTS)")
    return found


def run_module(module: str, args: argparse.Namespace, env: dict[str, str], tmp: Path, deadline: float,
               ) -> tuple[list[Outcome], int]:
    source = (ROOT / module).read_text()
    found = mutants(module, source)
    chosen = found
    if args.operators:
        chosen = [m for m in chosen if m.operator in args.operators]
    if args.index:
        chosen = [m for m in chosen if m.index in args.index]
    if args.sample and len(chosen) > args.sample:
        chosen = sorted(random.Random(args.seed).sample(chosen, args.sample), key=lambda m: m.index)
    if args.list:
        for m in chosen:
            print(f"{module}:{m.line} #{m.index} [{m.operator}] {m.scope}: {m.description} | {m.original}")
        return [], len(found)
    tests = covering_tests(module)
    target = tmp / module
    log = tmp / "baseline.log"
    status, baseline = _pytest(tests, env, timeout=900, log=log)
    if status != "survived":
        print("\n".join(log.read_text(errors="replace").splitlines()[-40:]), file=sys.stderr)
        raise SystemExit(f"{module}: its tests do not pass unmutated ({status}): {' '.join(tests)}")
    timeout = args.timeout or (3 * baseline + 30)  # generous: the machine is shared, a slow run is not a hang
    print(f"\n{module}: {len(chosen)} of {len(found)} mutants; tests {' '.join(tests)} "
          f"(baseline {baseline:.1f}s, timeout {timeout:.0f}s)", flush=True)
    outcomes: list[Outcome] = []
    try:
        for m in chosen:
            if time.monotonic() > deadline:
                print(f"  time budget spent: {len(chosen) - len(outcomes)} mutants not run", flush=True)
                break
            target.write_text(apply(source, m.index))
            status, seconds = _pytest(tests, env, timeout)
            target.write_text(source)
            reason = ""
            if status == "survived" and m.key in EQUIVALENT:
                status, reason = "equivalent", EQUIVALENT[m.key]
            outcomes.append(Outcome(m, "killed" if status == "timeout" else status, seconds,
                                    "timeout" if status == "timeout" else reason))
            mark = {"killed": ".", "survived": "S", "equivalent": "e"}.get(outcomes[-1].status, "E")
            print(mark, end="", flush=True)
    finally:
        target.write_text(source)
    print(flush=True)
    return outcomes, len(found)


def summary(results: dict[str, tuple[list[Outcome], int]]) -> str:
    lines = ["| module | mutants (run / all) | killed (timeouts) | survived | equivalent | errors | kill rate |",
             "|---|---|---|---|---|---|---|"]
    totals = [0, 0, 0, 0, 0, 0]
    for module, (outcomes, found) in results.items():
        count = {s: sum(o.status == s for o in outcomes) for s in ("killed", "survived", "equivalent")}
        timeouts = sum(o.reason == "timeout" for o in outcomes)
        errors = len(outcomes) - sum(count.values())
        decided = count["killed"] + count["survived"]
        rate = f"{100 * count['killed'] / decided:.1f} %" if decided else "—"
        lines.append(f"| `{module.removeprefix('src/launchready/')}` | {len(outcomes)} / {found} | {count['killed']} "
                     f"({timeouts}) | {count['survived']} | {count['equivalent']} | {errors} | {rate} |")
        for i, n in enumerate((len(outcomes), count["killed"], timeouts, count["survived"], count["equivalent"],
                               errors)):
            totals[i] += n
    decided = totals[1] + totals[3]
    rate = f"{100 * totals[1] / decided:.1f} %" if decided else "—"
    lines.append(f"| **all** | {totals[0]} | {totals[1]} ({totals[2]}) | {totals[3]} | {totals[4]} | {totals[5]} "
                 f"| **{rate}** |")
    for module, (outcomes, _) in results.items():
        for o in outcomes:
            if o.status != "killed":
                m = o.mutant
                lines.append(f"- {o.status}: `{module}:{m.line}` #{m.index} {m.scope}: {m.description} in "
                             f"`{m.original}`" + (f" — {o.reason}" if o.reason else ""))
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--modules", nargs="*", default=list(DEFAULT_MODULES),
                        help="module paths (src/launchready/...); default: " + " ".join(DEFAULT_MODULES))
    parser.add_argument("--sample", type=int, default=0, help="at most this many mutants per module (random)")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--time-budget", type=float, default=0, help="stop starting mutants after this many seconds")
    parser.add_argument("--timeout", type=float, default=0, help="per mutant (default: 3 × baseline + 30 s)")
    parser.add_argument("--operators", nargs="*", default=[], help="only these operators (compare, boolean, …)")
    parser.add_argument("--index", nargs="*", type=int, default=[], help="only these mutant numbers (with --list)")
    parser.add_argument("--list", action="store_true", help="list the mutants, run nothing")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / ".work" / "mutate" / "last.json")
    args = parser.parse_args()
    modules = [m for item in args.modules for m in item.replace(",", " ").split()]
    deadline = time.monotonic() + (args.time_budget or 10**9)
    results: dict[str, tuple[list[Outcome], int]] = {}
    with tempfile.TemporaryDirectory(prefix="lr-mutate-") as tmp_name:
        tmp = Path(tmp_name)
        # mkdtemp makes it 0700: the hostile-repo lab scans from a child that dropped root, which must
        # still import the copy (else its test fails unmutated, and every mutant would look killed).
        tmp.chmod(0o755)
        env = _copy_tree(tmp) if not args.list else {}
        for module in modules:
            results[module] = run_module(module, args, env, tmp, deadline)
    if args.list:
        return 0
    report = summary(results)
    print(report)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({m: [{**asdict(o.mutant), "status": o.status, "seconds": round(o.seconds, 1),
                                          "reason": o.reason} for o in outcomes]
                                     for m, (outcomes, _) in results.items()}, indent=1, ensure_ascii=False))
    survived = any(o.status == "survived" for outcomes, _ in results.values() for o in outcomes)
    return 1 if survived else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The first minutes of a new user: --version, -h, usage errors, every key a flag, the report that
`handover` reads after a plain scan, and an empty selection refused."""

from __future__ import annotations

import json
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from launchready.cli import build_parser
from launchready.config import Config
from launchready.reference import KEYS, flag_keys, keys
from tests.cli import launchready
from tests.e2e.test_cli import assert_one_clear_line, clean_repo


def scan_flags() -> set[str]:
    [scan] = [a.choices["scan"] for a in build_parser()._actions if isinstance(a.choices, dict) and "scan" in a.choices]
    return {o for a in scan._actions for o in a.option_strings if o.startswith("--")}


def test_every_top_level_value_key_is_a_scan_flag() -> None:
    flags = scan_flags()
    for key in keys():
        if "." in key.name or key.is_table or key.name == "path":
            continue
        assert f"--{key.name}" in flags, key.name
    assert "--url" in flags and "--staging-hosts" in flags and "--allow-destructive" in flags


def test_every_scan_flag_is_a_config_key() -> None:
    names = {k.name for k in keys()}
    for flag in scan_flags() - {"--config", "--help"}:
        name = flag.removeprefix("--").removeprefix("no-")
        assert name in names, flag
        assert name in Config.model_fields or name.replace("-", "_") in Config.model_fields, flag


def test_every_key_is_documented_once_with_an_example() -> None:
    names = [k.name for k in keys()]
    assert sorted(KEYS) == sorted(names), set(KEYS) ^ set(names)
    for key in keys():
        assert len(key.doc.help) > 10, key.name
        assert key.doc.example, key.name
    assert {k.name for k in flag_keys()} >= {"url", "staging-hosts", "allow-destructive", "profile", "domain"}


def test_version_prints_the_version_and_exits_0() -> None:
    run = launchready("--version")
    assert run.code == 0, run.err
    assert run.out.strip().startswith("launchready ") and run.out.strip().split()[1][0].isdigit()
    assert run.err == ""


def test_scan_short_help_lists_the_config_keys_without_type_tags() -> None:
    run = launchready("scan", "-h")
    assert run.code == 0, run.err
    for flag in ("--url URL", "--staging-hosts HOSTS", "--allow-destructive", "--profile", "--config FILE", "-q"):
        assert flag in run.out, flag
    assert "<bool>" not in run.out and "<str>" not in run.out and "list[str]" not in run.out
    assert run.err == ""


@pytest.mark.parametrize(("args", "words"), [
    (("bogus",), ("no such command: 'bogus'",)),
    (("scan", "--no-such-flag"), ("no such option: --no-such-flag",)),
    (("explain",), ("required: ID",)),
    (("scan", "--check-timeout", "soon"), ("--check-timeout", "check-timeout")),
])
def test_usage_errors_are_one_line_with_exit_2(args: tuple[str, ...], words: tuple[str, ...]) -> None:
    run = launchready(*args)
    assert run.code == 2, run.err
    assert_one_clear_line(run.err, *words)
    assert "internal error" not in run.err


class _Health(BaseHTTPRequestHandler):
    """A tiny product on loopback: a health route, and 404 for everything else."""

    def do_GET(self) -> None:
        if self.path == "/health":
            body = b'{"status": "ok"}'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
        else:
            body = b'{"detail": "not found"}'
            self.send_response(404)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_url_flag_points_the_api_checks_at_a_loopback_port(tmp_path: Path) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Health)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        run = launchready("scan", str(clean_repo(tmp_path / "r")), "--url", url, "--only", "api.health",
                          "--format", "json", cwd=tmp_path)
    finally:
        server.shutdown()
        server.server_close()
    assert run.code == 0, run.err
    data = json.loads(run.out)
    assert data["target"].endswith(f"api {url}")
    [health] = [r for r in data["results"] if r["id"] == "api.health"]
    assert health["status"] == "pass", health
    assert "covered" in data["verdict"] and data["verdict"]["covered"] == ["api"]
    assert "no API base URL" not in run.out


def test_empty_selection_exits_2_instead_of_launch_ready_for_nothing(tmp_path: Path) -> None:
    run = launchready("scan", str(clean_repo(tmp_path / "r")), "--only", "repo", "--skip", "repo", cwd=tmp_path)
    assert run.code == 2
    assert_one_clear_line(run.err, "no check selected")
    assert "launch-ready" not in run.out


def test_empty_selection_is_a_config_error_in_the_library(tmp_path: Path) -> None:
    from launchready import scan
    from launchready.errors import ConfigError

    with pytest.raises(ConfigError, match="no check selected"):
        scan(Config(path=clean_repo(tmp_path / "r"), only=("repo",), skip=("repo",)))


def test_plain_scan_writes_the_json_report_and_handover_reads_it_with_no_flags(tmp_path: Path) -> None:
    repo = clean_repo(tmp_path / "r")
    (repo / "RUNBOOK.md").unlink()
    subprocess.run(["git", "-C", str(repo), "commit", "-qam", "no runbook"], check=True)
    first = launchready("scan", cwd=repo)
    assert first.code == 1, first.err
    report = repo / "launchready-report" / "launchready.json"
    data = json.loads(report.read_text())
    assert {r["id"]: r["status"] for r in data["results"]}["ops.runbook"] == "fail"
    assert "report: launchready-report/launchready.json" in first.err
    # The report directory is ignored by git: it is never committed, and the next scan reads nothing of it.
    status = subprocess.run(["git", "-C", str(repo), "status", "--porcelain"], capture_output=True, text=True,
                            check=True).stdout
    assert status == ""
    handover = launchready("handover", cwd=repo)
    assert handover.code == 0, handover.err
    assert "ops.runbook" in (repo / "RUNBOOK.md").read_text()
    (repo / "RUNBOOK.md").unlink()
    second = launchready("scan", "--format", "json", cwd=repo)
    again = json.loads(second.out)
    locations = [e["location"] for r in again["results"] for e in r["evidence"]]
    assert not [loc for loc in locations if "launchready-report" in loc]
    assert [r["status"] for r in again["results"]] == [r["status"] for r in data["results"]]
    assert json.loads(report.read_text())["started_at"] == again["started_at"]
    assert [p.name for p in report.parent.iterdir() if p.name.startswith(".launchready.json.")] == []


def test_baseline_works_after_a_plain_scan(tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    from launchready.lab.gitrepo import Commit, build_repo

    build_repo(bad, [Commit("init", {".env": "A=1\n"})])
    assert launchready("scan", "-q", cwd=bad).code == 1
    run = launchready("baseline", "--reason", "accepted at launch review", cwd=bad)
    assert run.code == 0, run.err
    accepted = json.loads((bad / ".launchready-baseline.json").read_text())
    assert [f["check"] for f in accepted["findings"] if f["check"] == "repo.dotenv-committed"]


def test_progress_on_a_terminal_names_surfaces_checks_and_what_it_waits_for(tmp_path: Path) -> None:
    from tests.e2e.pty_run import launchready_on_a_tty

    repo = clean_repo(tmp_path / "r")
    run = launchready_on_a_tty("scan", str(repo), cwd=tmp_path)
    assert run.code == 0, run.tty
    assert "repo   " in run.tty and "ops    " in run.tty  # one line per surface
    assert "reading the repository" in run.tty
    assert "repo.secrets-history: pass" in run.tty or "running repo." in run.tty
    assert "launch-ready for: repo, ops" in run.out


def test_no_progress_when_piped_quiet_or_json(tmp_path: Path) -> None:
    from tests.e2e.pty_run import launchready_on_a_tty

    repo = clean_repo(tmp_path / "r")
    piped = launchready("scan", str(repo), cwd=tmp_path)
    assert piped.code == 0 and piped.err == "report: launchready-report/launchready.json\n", piped.err
    quiet = launchready_on_a_tty("scan", str(repo), "-q", cwd=tmp_path)
    assert quiet.code == 0 and quiet.tty == "", quiet.tty
    as_json = launchready_on_a_tty("scan", str(repo), "--format", "json", cwd=tmp_path)
    assert as_json.code == 0 and "reading the repository" not in as_json.tty and "repo   " not in as_json.tty
    assert json.loads(as_json.out)["verdict"]["ready"] is True


def test_handover_before_any_scan_says_to_run_scan(tmp_path: Path) -> None:
    run = launchready("handover", "--output", str(tmp_path / "RUNBOOK.md"), cwd=clean_repo(tmp_path / "r"))
    assert run.code == 2
    assert_one_clear_line(run.err, "no scan report at launchready-report/launchready.json", "run `launchready scan` first")


def test_flags_override_the_file_key_by_key(tmp_path: Path) -> None:
    from launchready.cli import scan_overrides
    from launchready.config import load_config

    (tmp_path / "launchready.toml").write_text(
        'allow-destructive = true\nsubdomain = ["api"]\ncheck-timeout = 60\nstaging-hosts = ["a.example.com"]\n')
    ns = build_parser().parse_args(["scan", str(tmp_path), "--no-allow-destructive", "--subdomain", "www",
                                    "--subdomain", "app", "--only", "repo,ops", "--dns-timeout", "1.5"])
    cfg = load_config(tmp_path, overrides=scan_overrides(ns))
    assert cfg.allow_destructive is False and cfg.subdomain == ("www", "app") and cfg.only == ("repo", "ops")
    assert cfg.dns_timeout == 1.5 and cfg.check_timeout == 60 and cfg.staging_hosts == ("a.example.com",)

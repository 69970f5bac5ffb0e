"""Install anywhere: the wheel puts `launchready` on PATH in a fresh virtualenv (built and installed
offline), and the pre-commit hook and the GitHub Action run commands that exist, on a real repository."""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest
import yaml

from launchready.engines.secrets.samples import expand
from launchready.lab.gitrepo import Commit, build_repo
from tests.e2e.test_cli import clean_repo

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SCRIPT = next(iter(PYPROJECT["project"]["scripts"]))


def leaky_repo(root: Path) -> Path:
    """A committed .env holding a key (generated here, in the provider's format: a placeholder is a template)."""
    key = expand("sk-proj-{A:58}T3BlbkFJ{A:58}", random.Random(7))
    build_repo(root, [Commit("init", {".env": f"OPENAI_API_KEY={key}\n", "app.py": "x = 1\n"})])
    return root


def shim(bin_dir: Path) -> dict[str, str]:
    """A PATH on which `launchready` is this checkout's code (what `pip install` would put there)."""
    bin_dir.mkdir(parents=True, exist_ok=True)
    exe = bin_dir / SCRIPT
    exe.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m launchready.cli "$@"\n')
    exe.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "NO_COLOR": "1"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    return env


@pytest.mark.timeout(300)
def test_the_wheel_installs_launchready_on_path_in_a_fresh_virtualenv(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                    "--quiet", "-w", str(wheels), str(ROOT)], check=True, capture_output=True, timeout=240)
    [wheel] = wheels.glob("launchready-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    site = Path(subprocess.run([str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()"
                                "['purelib'])"], capture_output=True, text=True, check=True).stdout.strip())
    # The dependencies are already installed here; the new environment sees them (like
    # --system-site-packages would), but launchready itself only from the wheel.
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "--no-deps",
                    "--no-index", "--quiet", str(wheel)], check=True, capture_output=True, timeout=240)
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "LAUNCHREADY_DEBUG"}}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env['PATH']}"
    version = subprocess.run([SCRIPT, "--version"], capture_output=True, text=True, env=env, timeout=60, check=False)
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip() == f"launchready {PYPROJECT['project']['version']}"
    where = subprocess.run([str(venv / "bin" / "python"), "-c", "import launchready; print(launchready.__file__)"],
                           capture_output=True, text=True, env=env, check=True).stdout
    assert where.startswith(str(site)), where  # the wheel's copy, not this checkout's
    # Its data files came along: profiles, secret rules, the report schema.
    repo = leaky_repo(tmp_path / "leaky")
    run = subprocess.run([SCRIPT, "scan", "--only", "repo.dotenv-committed", "--format", "json"], cwd=repo,
                         capture_output=True, text=True, env=env, timeout=120, check=False)
    assert run.returncode == 1, run.stderr
    [result] = json.loads(run.stdout)["results"]
    assert result["status"] == "fail" and any(e["status"] == "fail" and e["location"].endswith(":.env")
                                              for e in result["evidence"]), result


def test_pre_commit_hook_runs_the_repo_checks_with_the_installed_command(tmp_path: Path) -> None:
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "launchready-repo" and hook["language"] == "python" and hook["pass_filenames"] is False
    command = hook["entry"].split()
    assert command[0] == SCRIPT  # the console script pyproject.toml installs
    env = shim(tmp_path / "bin")
    bad = subprocess.run(command, cwd=leaky_repo(tmp_path / "leaky"), env=env, capture_output=True, text=True,
                         timeout=120, check=False)
    assert bad.returncode == 1, bad.stderr
    assert "repo.dotenv-committed" in bad.stdout and "prototype with production risk" in bad.stdout
    good_repo = clean_repo(tmp_path / "clean")
    good = subprocess.run(command, cwd=good_repo, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert good.returncode == 0, good.stdout + good.stderr
    status = subprocess.run(["git", "status", "--porcelain"], cwd=good_repo, capture_output=True, text=True,
                            check=True).stdout
    assert status == ""  # the hook leaves the repository as it found it (the report dir is git-ignored)


def test_github_action_scans_and_writes_the_sarif_it_uploads(tmp_path: Path) -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    for step in steps:
        if "run" in step:
            assert "${{" not in step["run"], "inputs reach the shell through env, never pasted into the script"
        if "uses" in step:
            assert re.fullmatch(r"[\w-]+/[\w/-]+@v\d+", step["uses"]), step["uses"]
    [install] = [s for s in steps if s.get("name") == "Install launchready"]
    assert install["env"]["LR_ACTION_PATH"] == "${{ github.action_path }}"  # this repository: pip install .
    [scan] = [s for s in steps if s.get("id") == "scan"]
    [upload] = [s for s in steps if "upload-sarif" in s.get("uses", "")]
    assert upload["with"]["sarif_file"] == "${{ steps.scan.outputs.sarif }}"
    inputs = {k: v["default"] for k, v in action["inputs"].items()}
    outputs = tmp_path / "github_output"
    env = {**shim(tmp_path / "bin"), "GITHUB_OUTPUT": str(outputs), "LR_PATH": str(leaky_repo(tmp_path / "leaky")),
           "LR_PROFILE": inputs["profile"], "LR_OUTPUT": str(tmp_path / inputs["output"]), "LR_ARGS": "--only repo"}
    run = subprocess.run(["bash", "-e", "-c", scan["run"]], env=env, capture_output=True, text=True, timeout=120,
                         check=False)
    assert run.returncode == 0, run.stderr  # the verdict step fails the job, after the upload
    written = dict(line.split("=", 1) for line in outputs.read_text().splitlines())
    assert written["exit-code"] == "1"
    sarif = json.loads(Path(written["sarif"]).read_text())
    assert sarif["version"] == "2.1.0"
    rules = {r["ruleId"] for r in sarif["runs"][0]["results"]}
    assert "repo.dotenv-committed" in rules
    [verdict] = [s for s in steps if s.get("name") == "Verdict"]
    assert subprocess.run(["bash", "-c", verdict["run"]], env={**env, "LR_EXIT": written["exit-code"]},
                          check=False).returncode == 1

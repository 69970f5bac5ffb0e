"""Secrets shapes first met in held-out round 18, each with the case that must still fail: a key-shaped run inside a
pip RECORD digest, a vendored package's metadata (its README) and code."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from launchready.engines.secrets.samples import expand
from launchready.lab.gitrepo import Commit
from launchready.model import Result, Status
from tests.checks.repo.test_secrets_checks import run

RNG = random.Random("round-18-shapes")
SITE = "venv/lib/python3.10/site-packages"
CHECKS = ("repo.secrets-tree", "repo.secrets-history")


def listed(result: Result) -> list[tuple[str, Status]]:
    return sorted((e.location, e.status) for e in result.evidence if e.status in (Status.FAIL, Status.WARN))


def _where(check: str, commit: str, path: str, line: int) -> str:
    return f"{path}:{line}" if check == "repo.secrets-tree" else f"{commit[:12]}:{path}"


@pytest.mark.parametrize("check", CHECKS)
def test_a_fireworks_shaped_run_inside_a_pip_record_digest_is_a_hash_but_a_real_key_fails(
        check: str, tmp_path: Path) -> None:
    """open-interpreter's committed venv: `platformdirs/version.py,sha256=qaN-fw_htIg…S7LA,160` in a dist-info
    RECORD — `fw_` + 36 characters inside a sha256 digest (43 base64 characters) is no Fireworks key. The same run
    after `sha256=` but not of a digest's length, and a Fireworks key in the project's config, still fail."""
    digest = "qaN-" + expand("fw_{A:36}", RNG)
    assert len(digest) == 43  # sha256 in unpadded base64url, as pip writes it
    record = (f"platformdirs/__init__.py,sha256={expand('{A:43}', RNG)},12\n"
              f"platformdirs/version.py,sha256={digest},160\nplatformdirs-2.6.2.dist-info/RECORD,,\n")
    short, own = expand("fw_{A:30}", RNG), expand("fw_{A:24}", RNG)
    result, (first,) = run(tmp_path, check, [Commit("init", {
        f"{SITE}/platformdirs-2.6.2.dist-info/RECORD": record,
        "tools/manifest.txt": f"bin/tool,sha256={short},99\n",
        "app/config.py": f"FIREWORKS_API_KEY = '{own}'\n"})])
    assert listed(result) == sorted([(_where(check, first, "app/config.py", 1), Status.FAIL),
                                     (_where(check, first, "tools/manifest.txt", 1), Status.FAIL)])
    assert all("Fireworks AI API key" in e.message for e in result.evidence if e.status is Status.FAIL)


def test_a_private_key_in_a_vendored_packages_metadata_is_its_readme_sample_but_the_projects_own_fails(
        tmp_path: Path) -> None:
    """open-interpreter's history: `pyseto-1.7.0.dist-info/METADATA` holds pyseto's README, PEM private keys in its
    code samples — the package's documentation, counted with the other package samples, not listed. The same PEM
    block in the project's own key file, and a provider key in the metadata (a warning naming the package), are
    still listed."""
    sample, own = expand("{pem:}", RNG), expand("{pem:}", RNG)
    stripe = expand("sk_live_{A:32}", RNG)
    metadata = ("Metadata-Version: 2.1\nName: pyseto\n\n# PySETO\n\n```py\nprivate_key_pem = b\"\"\"" + sample
                + "\"\"\"\n```\n")
    result, (added, _) = run(tmp_path, "repo.secrets-history", [
        Commit("add", {f"{SITE}/pyseto-1.7.0.dist-info/METADATA": metadata,
                       f"{SITE}/payments-1.0.egg-info/PKG-INFO": f"Name: payments\n\n    stripe.api_key = '{stripe}'\n",
                       "keys/signing.pem": own + "\n"}),
        Commit("drop venv", {f"{SITE}/pyseto-1.7.0.dist-info/METADATA": None,
                             f"{SITE}/payments-1.0.egg-info/PKG-INFO": None, "keys/signing.pem": None})])
    assert listed(result) == [(f"{added[:12]}:keys/signing.pem", Status.FAIL),
                              (f"{added[:12]}:{SITE}/payments-1.0.egg-info/PKG-INFO", Status.WARN)]
    warn = next(e for e in result.evidence if e.status is Status.WARN)
    assert "third-party package site-packages/payments-1.0.egg-info" in warn.message
    assert "1 sample key(s) in third-party packages' documentation or tests" in result.summary


@pytest.mark.parametrize("check", CHECKS)
def test_a_key_in_a_vendored_packages_code_is_a_warning_naming_the_package(check: str, tmp_path: Path) -> None:
    """A provider key in an installed package's own code (`site-packages/<pkg>/…`, `node_modules/<pkg>/…`,
    `vendor/<pkg>/…`) is not sure to be the project's: a warning that names the package and says what would confirm
    it. The project's own `vendor/settings.py` (no package directory under `vendor/`) still fails."""
    keys = [expand("sk-proj-{A:58}T3BlbkFJ{A:58}", RNG) for _ in range(4)]
    files = {f"{SITE}/litellm/defaults.py": f"KEY = '{keys[0]}'\n",
             "web/node_modules/@acme/pay/dist/index.js": f"const k = '{keys[1]}';\n",
             "backend/vendor/acme/sdk/src/Client.php": f"$k = '{keys[2]}';\n",
             "vendor/settings.py": f"KEY = '{keys[3]}'\n"}
    result, (first,) = run(tmp_path, check, [Commit("init", files)])
    assert listed(result) == sorted([
        (_where(check, first, f"{SITE}/litellm/defaults.py", 1), Status.WARN),
        (_where(check, first, "web/node_modules/@acme/pay/dist/index.js", 1), Status.WARN),
        (_where(check, first, "backend/vendor/acme/sdk/src/Client.php", 1), Status.WARN),
        (_where(check, first, "vendor/settings.py", 1), Status.FAIL)])
    messages = {e.location.rsplit(":", 1)[0] if check == "repo.secrets-tree" else e.location.split(":", 1)[1]:
                e.message for e in result.evidence if e.status is Status.WARN}
    assert "third-party package site-packages/litellm committed with the project" in messages[
        f"{SITE}/litellm/defaults.py"]
    assert "third-party package node_modules/@acme/pay" in messages["web/node_modules/@acme/pay/dist/index.js"]
    assert "third-party package vendor/acme" in messages["backend/vendor/acme/sdk/src/Client.php"]
    assert all("confirm whether it is this project's key" in m for m in messages.values())

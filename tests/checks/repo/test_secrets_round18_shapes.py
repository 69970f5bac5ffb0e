"""Secrets shapes first met in held-out round 18, each with the case that must still fail: a key-shaped run inside a
pip RECORD digest, a vendored package's metadata (its README) and code, and a key its author marks as invalid."""

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


@pytest.mark.parametrize("check", CHECKS)
def test_a_key_its_author_marks_invalid_warns_and_an_unmarked_one_fails(check: str, tmp_path: Path) -> None:
    """gpt_academic's config.py: `# [step 1]>> 例如： API_KEY = "sk-…" （此key无效）` — "this key is invalid". The
    author says it does not work: a warning that says so and asks to confirm it is revoked, in the tree and in
    history alike. An unmarked key fails, and so does one whose note says it is *not* revoked."""
    marked, english, negated, plain = (expand("sk-{A:20}T3BlbkFJ{A:20}", RNG) for _ in range(4))
    result, (first,) = run(tmp_path, check, [Commit("init", {
        "config.py": f'# [step 1]>> 例如： API_KEY = "{marked}" （此key无效）\nAPI_KEY = "sk-此处填API密钥"\n',
        "settings/dev.py": f'OPENAI_API_KEY = "{english}"  # revoked, kept as an example of the format\n',
        "settings/prod.py": f'OPENAI_API_KEY = "{negated}"  # not revoked yet, rotate before launch\n',
        "app/llm.py": f'client = OpenAI(api_key="{plain}")  # see docs/example.md\n'})])
    assert listed(result) == sorted([
        (_where(check, first, "app/llm.py", 1), Status.FAIL),
        (_where(check, first, "config.py", 1), Status.WARN),
        (_where(check, first, "settings/dev.py", 1), Status.WARN),
        (_where(check, first, "settings/prod.py", 1), Status.FAIL)])
    by_file = {e.location: e for e in result.evidence}
    warn = by_file[_where(check, first, "config.py", 1)]
    assert "OpenAI API key (legacy format)" in warn.message
    assert "marked invalid by its author (“无效” beside it): confirm it is revoked" in warn.message
    assert "marked invalid by its author (“revoked” beside it)" in by_file[
        _where(check, first, "settings/dev.py", 1)].message
    assert "marked invalid" not in by_file[_where(check, first, "settings/prod.py", 1)].message
    assert marked not in repr(result)


@pytest.mark.parametrize("check", CHECKS)
def test_a_value_marked_fake_in_one_place_and_written_plain_in_another_fails(check: str, tmp_path: Path) -> None:
    """One value, two places: marked `# fake` where it is met first (earlier commit, first file), written bare later.
    The finding is as severe as its worst occurrence: it fails, whichever place is named first."""
    key = expand("sk-{A:20}T3BlbkFJ{A:20}", RNG)
    result, (first, _) = run(tmp_path, check, [
        Commit("docs", {"docs_src/a.py": f'KEY = "{key}"  # fake\n'}, date="2026-01-01T12:00:00+00:00"),
        Commit("use it", {"src/b.py": f'KEY = "{key}"\n'}, date="2026-01-02T12:00:00+00:00")])
    assert listed(result) == [(_where(check, first, "docs_src/a.py", 1), Status.FAIL)]
    failing = next(e for e in result.evidence if e.status is Status.FAIL)
    assert "marked invalid" not in failing.message and "src/b.py" in failing.detail


@pytest.mark.parametrize("check", CHECKS)
def test_the_value_marked_invalid_written_again_in_the_same_file_warns_but_another_value_there_fails(
        check: str, tmp_path: Path) -> None:
    """gpt_academic's early config.py: `# [step 1]>> 例如： API_KEY = "sk-…" （此key无效）` and, on the next line,
    `API_KEY = "sk-…"` — the very value the author just called invalid. The note is about the value: it warns, saying
    it is written bare too. A different key in the same file still fails."""
    marked, other = expand("sk-{A:20}T3BlbkFJ{A:20}", RNG), expand("sk-{A:20}T3BlbkFJ{A:20}", RNG)
    result, (first,) = run(tmp_path, check, [Commit("init", {
        "config.py": f'# [step 1]>> 例如： API_KEY = "{marked}" （此key无效）\nAPI_KEY = "{marked}"\n\n'
                     f'BACKUP_KEY = "{other}"\n'})])
    assert [(e.status, e.location) for e in result.evidence if e.status in (Status.FAIL, Status.WARN)] == [
        (Status.FAIL, _where(check, first, "config.py", 4)), (Status.WARN, _where(check, first, "config.py", 1))]
    warn = next(e for e in result.evidence if e.status is Status.WARN)
    assert "marked invalid by its author (“无效” beside it): confirm it is revoked; written without the note too, " \
           "elsewhere in config.py" in warn.message


def test_the_value_bare_in_one_version_of_a_file_and_marked_invalid_in_the_next_warns(tmp_path: Path) -> None:
    """gpt_academic's history: config.py first held `# my_api_key = "sk-…"`, later versions `# API_KEY = "sk-…"
    此key无效`. The author's note in the later version is about the same value in the same file: the finding warns.
    The same value bare in another file of history (the mixed test above) still fails."""
    key = expand("sk-{A:20}T3BlbkFJ{A:20}", RNG)
    result, (first, second) = run(tmp_path, "repo.secrets-history", [
        Commit("start", {"config.py": f'# my_api_key = "{key}"\nAPI_KEY = "sk-此处填API秘钥"\n'},
               date="2026-01-01T12:00:00+00:00"),
        Commit("say so", {"config.py": f'# API_KEY = "{key}" 此key无效\nAPI_KEY = "sk-此处填API秘钥"\n'},
               date="2026-01-02T12:00:00+00:00")])
    assert listed(result) == [(f"{first[:12]}:config.py", Status.WARN)]
    warn = next(e for e in result.evidence if e.status is Status.WARN)
    assert "marked invalid by its author (“无效” beside it)" in warn.message and f"{second[:12]}:config.py" in warn.detail
    assert result.status is Status.WARN

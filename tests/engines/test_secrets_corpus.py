"""Our labelled corpus (generated at test time): every true secret is found at its file:line by the
right rule at the right level, and no look-alike raises anything at fail or warn."""

from __future__ import annotations

import pytest

from launchready.api import scan
from launchready.catalog import Catalog
from launchready.checks.repo import secrets_tree
from launchready.config import Config
from launchready.engines.secrets.matcher import hyperscan_available
from launchready.engines.secrets.rules import Level, Tier, load_rules
from launchready.lab.gitrepo import Commit, build_repo
from launchready.lab.secrets_corpus import CATEGORIES, Case, build_corpus
from launchready.model import Evidence, Result

CASES = build_corpus()
ENGINES = ["python", pytest.param(
    "hyperscan", marks=pytest.mark.skipif(not hyperscan_available(), reason="hyperscan not installed"))]


@pytest.fixture(scope="module", params=ENGINES)
def corpus_result(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Result:
    root = tmp_path_factory.mktemp("corpus") / "repo"
    build_repo(root, [Commit("corpus", {c.path: c.content for c in CASES})])
    config = Config(path=root, only=("repo.secrets-tree",), checks={"repo.secrets-tree": {"engine": request.param}})
    return scan(config, catalog=Catalog((secrets_tree.CHECK,))).result("repo.secrets-tree")


def _raised_in(result: Result, path: str) -> list[Evidence]:
    return [e for e in result.evidence if e.status.value in ("fail", "warn")
            and e.location.rsplit(":", 1)[0].split("!")[0] == path]


@pytest.mark.parametrize("case", [c for c in CASES if c.rule], ids=lambda c: f"{c.category}:{c.name}")
def test_each_true_secret_is_found_at_its_line_by_its_rule(case: Case, corpus_result: Result) -> None:
    found = [(e.location, e.fingerprint.split(":")[0], e.status.value) for e in _raised_in(corpus_result, case.path)]
    assert (case.location, case.rule, case.level) in found, found


@pytest.mark.parametrize("case", [c for c in CASES if not c.rule], ids=lambda c: c.name)
def test_no_look_alike_is_raised_at_fail_or_warn(case: Case, corpus_result: Result) -> None:
    assert _raised_in(corpus_result, case.path) == []


def test_the_corpus_covers_every_provider_rule_and_every_category() -> None:
    wanted = {r.id for r in load_rules() if r.tier is Tier.PROVIDER and r.level is not Level.INFO}
    assert wanted <= {c.rule for c in CASES if c.category == "provider"}
    assert {c.category for c in CASES} == set(CATEGORIES)
    encoded = {c.name for c in CASES if c.category == "encoded"}
    for kind in ("Kubernetes", "base64 .env", "ENV_B64", "UTF-16", "gzip", "zip", "tar.gz", "JS +"):
        assert any(kind in name for name in encoded), kind


def test_a_bad_checksum_github_token_says_so(corpus_result: Result) -> None:
    [ev] = _raised_in(corpus_result, "ci/github.env")
    assert ev.status.value == "warn" and "checksum invalid — placeholder?" in ev.message


def test_decoded_findings_say_how_they_were_read_and_never_print_the_secret(corpus_result: Result) -> None:
    by_loc = {e.location: e for e in corpus_result.evidence}
    assert "base64-decoded" in by_loc["k8s/secret.yaml:7"].message
    assert "zip member" in by_loc["backups/site.zip!site/.env:2"].message
    assert "UTF-16" in by_loc["win/prod.env:1"].message
    assert "string literals joined" in by_loc["web/src/llm.js:2"].message
    dump = repr(corpus_result)
    for case in CASES:
        if case.category == "encoded" and case.path.endswith((".js", ".py")):
            pieces = [p for p in case.content.decode().split('"')[1::2] if len(p) > 12]
            assert pieces and not any(p[4:-4] in dump for p in pieces)

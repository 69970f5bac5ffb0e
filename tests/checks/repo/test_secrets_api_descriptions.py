"""repo.secrets-tree: example values in an OpenAPI/Swagger document are API documentation, not the product's secrets.

Round 8 of the precision corpus: a vendored copy of GitHub's published REST OpenAPI spec shows a `temp_clone_token`
in a repository response example — reported as a high-entropy secret. The same value in a JSON file that declares no
specification, and a provider-format key inside a spec, are still listed.
"""

from __future__ import annotations

import random
from pathlib import Path

from launchready.engines.secrets.samples import expand
from launchready.lab.gitrepo import Commit
from launchready.model import Status
from tests.checks.repo.fixtures_secrets import OPENAI_KEY
from tests.checks.repo.test_secrets_checks import run

TOKEN = expand("{A:29}", random.Random("temp-clone-token")).upper()
OTHER = expand("{A:29}", random.Random("another-token")).upper()


def _document(head: str) -> str:
    return ("{\n" + head + '  "info": {"title": "GitHub v3 REST API"},\n  "paths": {"/repos": {"get": {"responses": '
            '{"200": {"content": {"application/json": {"example": {\n'
            f'    "temp_clone_token": "{TOKEN}",\n    "api_key": "{OPENAI_KEY}"\n'
            "  }}}}}}}}\n}\n")


def test_a_generic_value_in_an_openapi_document_is_counted_not_listed_but_a_provider_key_there_is(
        tmp_path: Path) -> None:
    files = {"plugins/GitHubPlugin/openapi.json": _document('  "openapi": "3.0.3",\n'),
             "plugins/Petstore/swagger.yaml": f'swagger: "2.0"\ninfo:\n  title: x\ndefinitions:\n  Repo:\n    '
                                              f'example:\n      temp_clone_token: "{OTHER}"\n'}
    result, _ = run(tmp_path, "repo.secrets-tree", [Commit("init", files)])
    listed = [(e.status, e.location) for e in result.evidence if e.status in (Status.FAIL, Status.WARN)]
    assert listed == [(Status.FAIL, "plugins/GitHubPlugin/openapi.json:6")]
    assert "2 example value(s) in OpenAPI/Swagger documents not listed" in result.summary


def test_the_same_values_in_a_json_file_declaring_no_api_specification_are_listed(tmp_path: Path) -> None:
    files = {"config/settings.json": _document('  "version": "3.0.3",\n')}
    result, _ = run(tmp_path, "repo.secrets-tree", [Commit("init", files)])
    listed = sorted(e.location for e in result.evidence if e.status in (Status.FAIL, Status.WARN))
    assert listed == ["config/settings.json:5", "config/settings.json:6"]

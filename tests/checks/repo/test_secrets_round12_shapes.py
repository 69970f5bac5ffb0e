"""Secrets shapes first met in held-out round 12 (OpenCopilot), each with the case that must still fail."""

from __future__ import annotations

import random
from pathlib import Path

from launchready.engines.secrets.default_passwords import spelled_default
from launchready.engines.secrets.samples import expand
from launchready.lab.gitrepo import Commit
from launchready.model import Result, Status
from tests.checks.repo.test_secrets_checks import run

RNG = random.Random("round-12-shapes")


def listed(result: Result) -> list[tuple[str, Status]]:
    return sorted((e.location, e.status) for e in result.evidence if e.status in (Status.FAIL, Status.WARN))


def test_a_compose_password_with_its_words_run_together_is_a_spelled_default(tmp_path: Path) -> None:
    """OpenCopilot's `alembic.ini`: `mysql+pymysql://dbuser:dbpass@mysql:3306/opencopilot`, the password its
    `docker-compose.yml` gives MySQL. A random password for the same service host still fails."""
    real = expand("{A:18}", RNG)
    result, _ = run(tmp_path, "repo.secrets-tree", [Commit("init", {
        "llm-server/models/alembic.ini": "[alembic]\nsqlalchemy.url = mysql+pymysql://dbuser:dbpass@mysql:3306/app\n",
        "worker/alembic.ini": f"[alembic]\nsqlalchemy.url = mysql+pymysql://dbuser:{real}@mysql:3306/app\n"})])
    assert listed(result) == [("worker/alembic.ini:2", Status.FAIL)]
    info = {e.location: e.message for e in result.evidence if e.message.startswith("info: ")}
    assert "'dbpass' spells a default (the word 'pass')" in info["llm-server/models/alembic.ini:2"]


def test_run_together_words_must_all_be_default_words() -> None:
    assert spelled_default("mysecretpassword") == "'mysecretpassword' spells a default (the word 'secret')"
    assert spelled_default("superpass") == ""  # `super` is no default word
    assert spelled_default("dbpassq") == ""  # a stray letter is no word


def _spec(token: str, where: str) -> str:
    body = (f'            "example": {{\n              "ok": true,\n              "access_token": "{token}"\n'
            '            }\n' if where == "example" else
            f'            "description": "Bot token",\n            "default": "{token}"\n')
    return ('{\n  "openapi": "3.0.1",\n  "info": {"title": "Slack Web API", "version": "1.7.0"},\n  "paths": {\n'
            '    "/oauth.v2.access": {\n      "get": {\n        "responses": {\n          "200": {\n'
            f'{body}          }}\n        }}\n      }}\n    }}\n  }}\n}}\n')


def test_a_provider_key_in_an_example_of_an_api_description_is_a_warning_that_says_so(tmp_path: Path) -> None:
    """OpenCopilot vendors Slack's published OpenAPI document, whose response example shows a bot token. Outside an
    example block the same key in the same document still fails, in the tree and in history."""
    token = "xoxb-" + expand("{d:11}-{d:11}-{A:24}", RNG)
    other = "xoxb-" + expand("{d:11}-{d:11}-{A:24}", RNG)
    for check in ("repo.secrets-tree", "repo.secrets-history"):
        result, (first,) = run(tmp_path / check, check, [Commit("init", {
            "_swaggers/slack.json": _spec(token, "example"), "_swaggers/bot.json": _spec(other, "default")})])
        where = "" if check == "repo.secrets-tree" else f"{first[:12]}:"
        example, default = (":11", ":10") if check == "repo.secrets-tree" else ("", "")
        by_loc = {e.location: e for e in result.evidence}
        assert by_loc[f"{where}_swaggers/slack.json{example}"].status is Status.WARN
        assert "in an example of an API description (_swaggers/slack.json is an OpenAPI 3.0.1 document): most " \
               "likely the publisher's documentation sample" in by_loc[f"{where}_swaggers/slack.json{example}"].message
        assert by_loc[f"{where}_swaggers/bot.json{default}"].status is Status.FAIL


def test_a_test_mode_key_in_a_vendored_packages_readme_is_its_sample(tmp_path: Path) -> None:
    """OpenCopilot's history: stripe-php's README under `backend/vendor/` shows a Stripe test-mode key. A key that
    only warns is counted as the package's sample; the same kind of key in the project's own code still warns."""
    sample, own = expand("sk_test_{A:24}", RNG), expand("sk_test_{A:24}", RNG)
    result, (added,) = run(tmp_path, "repo.secrets-history", [Commit("add", {
        "backend/vendor/stripe/stripe-php/README.md": f"```php\n\\\\Stripe\\\\Stripe::setApiKey('{sample}');\n```\n",
        "backend/app/billing.php": f"<?php\n\\\\Stripe\\\\Stripe::setApiKey('{own}');\n"})])
    assert listed(result) == [(f"{added[:12]}:backend/app/billing.php", Status.WARN)]
    assert "1 sample key(s) in third-party packages' documentation or tests" in result.summary


def test_a_widget_token_in_an_embed_page_is_counted_and_a_provider_key_there_still_fails(tmp_path: Path) -> None:
    """OpenCopilot's embed pages pass the copilot's bot token to the widget (`token: "9Mq2…"`): a value every
    visitor receives, no provider format. An OpenAI key pasted into the same page still fails."""
    widget = expand("{A:16}", RNG)
    key = expand("sk-proj-{A:48}T3BlbkFJ{A:48}", RNG)
    result, _ = run(tmp_path, "repo.secrets-tree", [Commit("init", {
        "copilot-widget/index.html": ("<script src=\"pilot.js\"></script>\n<script>\n  initAiCoPilot({\n"
                                      f"    token: \"{widget}\",\n    apiUrl: \"/backend\",\n  }});\n</script>\n"),
        "demo/index.html": f"<script>\n  const openaiKey = \"{key}\";\n</script>\n"})])
    assert listed(result) == [("demo/index.html:2", Status.FAIL)]
    assert "1 value(s) in HTML pages every visitor receives not listed" in result.summary

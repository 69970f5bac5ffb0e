"""repo.logging-hygiene, held-out round 19: a credential field that holds a record id, a prompt attribute the object
was configured with, and the missing redaction filter where no log call writes anything sensitive — each beside the
near miss that is still reported."""

from __future__ import annotations

from pathlib import Path

from launchready.checks.repo.logging_hygiene import CHECK
from launchready.model import Status
from tests.checks.repo.static_helpers import run_static

FILTER = "import logging\n\nclass Redact(logging.Filter):\n    pass\n"


def _rows(tmp_path: Path, files: dict[str, str], *, redaction: bool = True) -> list[tuple[Status, str, str]]:
    result = run_static(tmp_path, CHECK, {**files, **({"app/logs.py": FILTER} if redaction else {})})
    return [(e.status, e.location, e.message) for e in result.evidence]


def test_a_credential_field_holding_a_record_id_is_no_secret_but_a_credentials_key_is(tmp_path: Path) -> None:
    """open-notebook's open_notebook/ai/models.py:133: `logger.warning(f"Could not load credential {self.credential}
    …")` where the model stores `data["credential"] = ensure_record_id(data["credential"])` — `credential:abc`, the
    stored credential's id. The credential's `api_key`, logged in the same module, still fails."""
    models = (
        "from loguru import logger\nfrom surreal import ensure_record_id\n\n\n"
        "class Model:\n    credential: str | None = None\n\n"
        "    def _prepare_save_data(self, data):\n"
        "        if data.get('credential'):\n            data['credential'] = ensure_record_id(data['credential'])\n"
        "        return data\n\n"
        "    async def get_credential_obj(self):\n        try:\n            return await Credential.get(self.credential)\n"
        "        except Exception:\n"
        "            logger.warning(f'Could not load credential {self.credential} for model {self.id}')\n\n\n"
        "def fallback(model, cred):\n"
        "    logger.warning(f'Model {model.id} has credential {model.credential} but it could not be loaded')\n"
        "    logger.debug(f'using key {cred.api_key}')\n")
    assert _rows(tmp_path, {"app/models.py": models}) == [
        (Status.FAIL, "app/models.py:22", "log call writes cred.api_key")]


def test_a_prompt_attribute_set_from_a_constant_is_configuration_but_a_request_prompt_is_content(
        tmp_path: Path) -> None:
    """cognita's multi_modal_parser.py:56: `self.prompt = prompt` (a parser-config override) else
    `self.prompt = MULTI_MODAL_PARSER_PROMPT` — the instruction the parser was configured with. controller.py:102 logs
    a `prompt` built from `request.query`: still a failure; so is a `self.prompt` the class never sets to a constant."""
    parser = (
        "import logging\nfrom app.constants import MULTI_MODAL_PARSER_PROMPT\nlogger = logging.getLogger(__name__)\n\n\n"
        "class MultiModalParser:\n    def __init__(self, *, model_configuration, prompt: str = ''):\n"
        "        if prompt:\n            self.prompt = prompt\n"
        "            logger.info(f'Using custom prompt..., {self.prompt}')\n"
        "        else:\n            self.prompt = MULTI_MODAL_PARSER_PROMPT\n\n\n"
        "class Turn:\n    def __init__(self, prompt):\n        self.prompt = prompt\n"
        "        logger.info(f'turn {self.prompt}')\n")
    controller = (
        "import logging\nlogger = logging.getLogger(__name__)\n\n\n"
        "async def answer(request):\n    prompt = f'Question: {request.query}'\n"
        "    logger.info(f'Prompt: {prompt}')\n")
    assert _rows(tmp_path, {"app/parser.py": parser, "app/controller.py": controller}) == [
        (Status.FAIL, "app/controller.py:7", "log call writes prompt"),
        (Status.FAIL, "app/parser.py:18", "log call writes self.prompt")]


def test_no_redaction_filter_warns_saying_whether_a_log_call_is_sensitive(tmp_path: Path) -> None:
    """ragapp's src/manager/app/routers/services.py:76 logs an app name, sqlchat's collect.ts:55 an error object: no
    filter, and nothing it would catch yet — still a warning ("log redaction present" is a criterion of its own), which
    says so. Where a log call writes a prompt, the warning says that instead."""
    quiet = ("import logging\nlogger = logging.getLogger(__name__)\n\n\n"
             "def stop(app_name, err):\n    logger.info(f'Stopping app {app_name}')\n    logger.error(err)\n")
    rows = _rows(tmp_path / "a", {"app/services.py": quiet}, redaction=False)
    assert [(status, where) for status, where, _ in rows] == [(Status.WARN, "app/services.py:6")]
    assert rows[0][2] == ("the project logs but configures no log redaction (no logging.Filter, structlog processor or "
                          "pino `redact`); none of its 2 log call(s) read writes a secret, prompt or request data (the "
                          "first is this line), so the filter is the safety net for the next one that does — add one")
    loud = quiet + "\n\ndef chat(prompt):\n    logger.info(f'chat {prompt}')\n"
    rows = _rows(tmp_path / "b", {"app/services.py": loud}, redaction=False)
    assert [(status, where) for status, where, _ in rows] == [
        (Status.FAIL, "app/services.py:11"), (Status.WARN, "app/services.py:6")]
    assert rows[1][2].startswith("the project logs but configures no log redaction")

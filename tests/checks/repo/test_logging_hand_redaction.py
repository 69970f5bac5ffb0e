"""A project's own masker counts as log redaction; key names, a nested setting and the server's own
configuration or tool definitions are no user content."""

from __future__ import annotations

from pathlib import Path

from launchready.checks.repo.logging_hygiene import CHECK
from launchready.model import Status
from tests.checks.repo.static_helpers import at, messages, run_static

LOGGER = ("import winston from 'winston'\nimport express from 'express'\n"
          "export const logger = winston.createLogger({ transports: [new winston.transports.Console()] })\n"
          "function sanitizeObject(obj) {\n    const out = { ...obj }\n    Object.keys(out).forEach((k) => {\n"
          "        if (SENSITIVE.includes(k)) out[k] = '********'\n    })\n    return out\n}\n"
          "export function requestLogger(req, res, next) {\n"
          "    logger.info({ url: req.url, body: sanitizeObject(req.body) })\n    next()\n}\n")
DISPLAY_MASK = ("import express from 'express'\n"
                "function maskKey(key) {\n    return key.slice(0, 3) + '********'\n}\n"
                "export function show(req, res) {\n    console.log('listing keys')\n    res.json(keys.map(maskKey))\n}\n")


def test_a_hand_written_masker_of_the_logger_counts_as_redaction(tmp_path: Path) -> None:
    result = run_static(tmp_path, CHECK, {"src/utils/logger.ts": LOGGER})
    assert result.status is Status.PASS, result.evidence
    assert result.summary.endswith("redaction at src/utils/logger.ts:4")


def test_a_masker_for_display_is_no_log_redaction(tmp_path: Path) -> None:
    result = run_static(tmp_path, CHECK, {"src/keys.ts": DISPLAY_MASK})
    # no redaction is configured: a warning, which says the one log call writes nothing sensitive
    assert at(result, Status.WARN) == ["src/keys.ts:6"]
    assert messages(result, Status.WARN) == [
        "the project logs but configures no log redaction (no logging.Filter, structlog processor or pino `redact`); "
        "none of its 1 log call(s) read writes a secret, prompt or request data (the first is this line), so the "
        "filter is the safety net for the next one that does — add one"]


def test_a_python_masker_called_in_the_log_call_counts_as_redaction(tmp_path: Path) -> None:
    source = ("import logging\nlog = logging.getLogger()\n\ndef scrub(d):\n"
              "    return {k: '[REDACTED]' if k in SECRET_KEYS else v for k, v in d.items()}\n\n"
              "def handle(event):\n    log.info('event %s', scrub(event))\n")
    result = run_static(tmp_path, CHECK, {"app/hooks.py": source})
    assert result.status is Status.PASS, result.evidence


PREPROC = ("import logging\nlog = logging.getLogger()\n\nasync def process(query, payload):\n"
           "    log.warning(f'model {query.pipeline_config[\"ai\"][\"agent\"][\"model\"]} not found')\n"
           "    log.debug(f'Use funcs: {query.use_funcs}')\n"
           "    log.info(f'sending with payload keys: {list(payload.keys())}')\n"
           "    log.info(f'sending {payload}')\n")


def test_key_names_a_nested_setting_and_server_config_are_no_user_content(tmp_path: Path) -> None:
    result = run_static(tmp_path, CHECK, {"app/preproc.py": PREPROC})
    assert at(result, Status.FAIL) == ["app/preproc.py:8"]
    assert messages(result, Status.FAIL) == ["log call writes payload"]
    assert at(result, Status.WARN) == ["app/preproc.py:5"]  # only the no-redaction warn at the first log call

"""Pin for repo.debug-mode: a traceback built inside an exception handler reaches the response, whichever of
the four registrations made the function a handler; the same function undecorated is no handler."""

from __future__ import annotations

from pathlib import Path

import pytest

from launchready.checks.repo.debug_mode import CHECK
from launchready.model import Status
from tests.checks.repo.static_helpers import run_static


def _app(decorator: str) -> str:
    return ("import traceback\nfrom flask import Flask, jsonify\napp = Flask(__name__)\n\n"
            f"{decorator}\ndef on_error(e):\n    body = {{'trace': traceback.format_exc()}}\n    return jsonify(body)\n")


@pytest.mark.parametrize("decorator", ["@app.exception_handler(Exception)", "@app.errorhandler(500)",
                                       "@bp.app_errorhandler(500)", "@app.register_error_handler(Exception)"])
def test_a_traceback_in_each_kind_of_exception_handler_fails(decorator: str, tmp_path: Path) -> None:
    result = run_static(tmp_path, CHECK, {"app.py": _app(decorator)})
    assert [(e.status, e.message, e.location, e.detail) for e in result.evidence] == [
        (Status.FAIL, "an exception handler puts the traceback into the response", "app.py:7",
         "body = {'trace': traceback.format_exc()}")]


def test_the_same_function_without_a_handler_decorator_passes(tmp_path: Path) -> None:
    result = run_static(tmp_path, CHECK, {"app.py": _app("")})
    assert (result.status, result.evidence) == (Status.PASS, ())

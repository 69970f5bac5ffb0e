"""Pins for repo.debug-mode: a traceback built inside an exception handler reaches the response, whichever of
the four registrations made the function a handler; the same function undecorated is no handler. A debug switch's
helper is read for its environment variable in its own first twelve lines (not counting blank lines above it)."""

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


SWITCHED = ("from fastapi import FastAPI\nfrom app.helpers import in_debug_mode\n\nif in_debug_mode():\n"
            "    app = FastAPI(debug=True)\nelse:\n    app = FastAPI(docs_url=None)\n")


@pytest.mark.parametrize(("line", "named"), [(12, "environment APP_DEBUG"), (13, "an environment switch")])
def test_a_switch_helper_is_read_for_its_variable_in_its_first_twelve_lines(line: int, named: str,
                                                                             tmp_path: Path) -> None:
    """The helper's `def` line and the eleven after it: a variable read on the 12th line names the switch."""
    filler = "".join(f"    # step {n}\n" for n in range(line - 2))
    helper = f"import os\n\n\ndef in_debug_mode():\n{filler}    return os.getenv('APP_DEBUG', '') == 'true'\n"
    assert helper.splitlines()[3 + line - 1].startswith("    return os.getenv")
    result = run_static(tmp_path, CHECK, {"app/main.py": SWITCHED, "app/helpers.py": helper})
    [item] = result.evidence
    assert (item.status, item.location) == (Status.WARN, "app/main.py:5")
    assert f"only when `in_debug_mode()` holds ({named})" in item.message


@pytest.mark.parametrize(("test", "status"), [
    ("os.getenv('APP_ENV') == 'local'", Status.WARN), ("os.environ.get('APP_ENV') == 'local'", Status.WARN),
    ("settings.DEBUG_TOOLBAR", Status.WARN), ("IS_DEV", Status.WARN), ("is_dev()", Status.WARN),
    ("DEV_MODE", Status.WARN), ("settings.devmode", Status.WARN), ("ENV == 'development'", Status.WARN),
    ("in_dev()", Status.WARN),
    ("FEATURE_FLAGS['beta']", Status.FAIL),  # a feature flag is no environment switch: the flag stands
])
def test_each_kind_of_environment_switch_makes_a_debug_flag_a_warning(test: str, status: Status,
                                                                      tmp_path: Path) -> None:
    source = f"from fastapi import FastAPI\n\nif {test}:\n    app = FastAPI(debug=True)\n"
    result = run_static(tmp_path, CHECK, {"app/main.py": source})
    [item] = result.evidence
    assert (item.status, item.location) == (status, "app/main.py:4")
    assert (f"only when `{test}` holds" in item.message) is (status is Status.WARN)

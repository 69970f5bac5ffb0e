"""route-auth: an open route in a Python module that nothing imports, that does not start itself and that no file of
the project names (open-interpreter's ``archived_server_1.py`` beside the server that replaced it) is a warning that
says so, not a blocking fail; the same module named by the Dockerfile, imported by another module, or starting
itself under ``__main__`` still fails."""

from __future__ import annotations

from pathlib import Path

from launchready.checks.repo import route_auth
from launchready.model import Status
from tests.checks.repo.static_helpers import run_static

_SERVER = (
    "from fastapi import FastAPI\n\napp = FastAPI()\n\n\n"
    "@app.post('/chat')\nasync def chat(body: dict):\n    return interpreter.chat(body['message'])\n")
_ARCHIVED = (
    "from fastapi import FastAPI\n\napp = FastAPI()\n\n\n"
    "@app.post('/run')\nasync def run_code(body: dict):\n    return interpreter.chat(body['message'])\n")


def _run_row(tmp_path: Path, **extra: str) -> tuple[Status, str]:
    files = {"interpreter/server.py": _SERVER, "interpreter/archived_server_1.py": _ARCHIVED,
             "Dockerfile": "FROM python:3.11\nCMD uvicorn interpreter.server:app --host 0.0.0.0\n", **extra}
    result = run_static(tmp_path, route_auth.CHECK, files)
    [row] = [e for e in result.evidence if e.location == "interpreter/archived_server_1.py:6"]
    return row.status, row.message


def test_an_open_route_in_a_module_nothing_serves_warns(tmp_path: Path) -> None:
    status, message = _run_row(tmp_path / "idle")
    assert status is Status.WARN, message
    assert "nothing imports or starts archived_server_1.py" in message, message


def test_the_same_module_served_by_a_name_an_import_or_its_own_main_fails(tmp_path: Path) -> None:
    named = _run_row(tmp_path / "named", Dockerfile="FROM python:3.11\nCMD uvicorn "
                     "interpreter.archived_server_1:app --host 0.0.0.0\n")
    imported = _run_row(tmp_path / "imported", **{"interpreter/cli.py": "from interpreter import archived_server_1\n"})
    started = _run_row(tmp_path / "main", **{"interpreter/archived_server_1.py": _ARCHIVED + (
        "\n\nif __name__ == '__main__':\n    import uvicorn\n    uvicorn.run(app)\n")})
    assert [named[0], imported[0], started[0]] == [Status.FAIL] * 3, (named, imported, started)


def test_a_model_route_in_a_module_nothing_serves_warns_for_rate_limits(tmp_path: Path) -> None:
    from launchready.checks.repo import rate_limit_config

    archived = _ARCHIVED.replace("return interpreter.chat(body['message'])",
                                 "return OpenAI().chat.completions.create(model='gpt-4o', messages=body['messages'])")
    files = {"interpreter/server.py": _SERVER, "interpreter/archived_server_1.py": "from openai import OpenAI\n" + archived,
             "Dockerfile": "FROM python:3.11\nCMD uvicorn interpreter.server:app --host 0.0.0.0\n"}
    idle = run_static(tmp_path / "idle", rate_limit_config.CHECK, files)
    [row] = [e for e in idle.evidence if e.location.startswith("interpreter/archived_server_1.py")]
    assert row.status is Status.WARN and "nothing imports or starts archived_server_1.py" in row.message, row
    named = run_static(tmp_path / "named", rate_limit_config.CHECK, {
        **files, "Dockerfile": "CMD uvicorn interpreter.archived_server_1:app\n"})
    assert [e.status for e in named.evidence if e.location.startswith("interpreter/archived_server_1.py")] == [
        Status.FAIL]

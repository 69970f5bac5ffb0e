from __future__ import annotations

from pathlib import Path

import pytest

from launchready.lab.gitrepo import Commit
from launchready.model import Status
from tests.checks.repo.helpers import locations, run_check

ID = "repo.debug-mode"


@pytest.mark.parametrize(("path", "source", "line", "words"), [
    ("main.py", "from fastapi import FastAPI\n\napp = FastAPI(debug=True)\n", 3, "FastAPI(debug=True)"),
    ("server.py", "from flask import Flask\napp = Flask(__name__)\nif __name__ == '__main__':\n    app.run(host='0.0.0.0', debug=True)\n", 4, "app.run(debug=True)"),
    ("config.py", "class Prod:\n    pass\napp.config['DEBUG'] = True\n", 3, 'app.config["DEBUG"]'),
    ("mysite/settings.py", "SECRET = 1\nDEBUG = True\n", 2, "DEBUG = True"),
    ("wsgi.py", "from werkzeug.debug import DebuggedApplication\napp = DebuggedApplication(app, evalex=True)\n", 2, "Werkzeug debugger"),
    ("api/errors.py", "import traceback\n\n@app.exception_handler(Exception)\nasync def boom(request, exc):\n    return JSONResponse({'trace': traceback.format_exc()}, status_code=500)\n", 5, "traceback"),
    ("Dockerfile", "FROM python:3.12\nENV FLASK_DEBUG=1\nCMD flask run\n", 2, "FLASK_DEBUG"),
    ("Procfile", "web: NODE_ENV=development node server.js\n", 1, "NODE_ENV=development"),
    ("server.js", "const errorhandler = require('errorhandler')\napp.use(errorhandler())\n", 2, "errorhandler()"),
])
def test_debug_switched_on_is_reported_at_its_line(tmp_path: Path, path: str, source: str, line: int, words: str) -> None:
    result, _ = run_check(tmp_path, ID, [Commit("init", {path: source})])
    assert result.status is Status.FAIL, result
    assert f"{path}:{line}" in locations(result, "fail")
    assert any(words in e.message for e in result.evidence), [e.message for e in result.evidence]


def test_debug_defaulting_to_on_when_unset_warns(tmp_path: Path) -> None:
    result, _ = run_check(tmp_path, ID, [Commit("init", {"settings.py": "import os\nDEBUG = os.getenv('DEBUG', 'True') == 'True'\n"})])
    assert result.status is Status.WARN
    assert locations(result) == ["settings.py:2"]


@pytest.mark.parametrize(("path", "source"), [
    ("main.py", "import os\nfrom fastapi import FastAPI\napp = FastAPI(debug=os.getenv('DEBUG') == '1')\n"),
    ("main.py", "# app = FastAPI(debug=True)  -- never do this\ns = 'FastAPI(debug=True)'\n"),
    ("tests/test_app.py", "app = FastAPI(debug=True)\n"),
    ("mysite/settings/dev.py", "DEBUG = True\n"),
    ("docker-compose.override.yml", "services:\n  web:\n    environment:\n      - FLASK_DEBUG=1\n"),
])
def test_safe_or_dev_only_debug_passes(tmp_path: Path, path: str, source: str) -> None:
    result, _ = run_check(tmp_path, ID, [Commit("init", {path: source})])
    assert result.status is Status.PASS, result.evidence


def test_binary_and_huge_files_are_read_safely(tmp_path: Path) -> None:
    huge = "x = 1\n" * 400_000 + "app = FastAPI(debug=True)\n"  # over the 2 MiB read cap
    result, _ = run_check(tmp_path, ID, [Commit("init", {
        "blob.py": b"\x00\x01\x02FastAPI(debug=True)\xff", "huge.py": huge, "ok.py": "app = FastAPI(debug=True)\n",
    })])
    assert locations(result, "fail") == ["ok.py:1"]


def test_a_file_that_is_not_python_3_is_a_warning_not_a_pass(tmp_path: Path) -> None:
    result, _ = run_check(tmp_path, ID, [Commit("init", {"broken.py": "def (:\n  FastAPI(debug=True\n"})])
    assert result.status is Status.WARN
    assert [(e.location, e.message) for e in result.evidence] == [
        ("broken.py", "not parseable as Python 3.11 (a syntax error, or newer syntax): this file was not checked")]


@pytest.mark.parametrize(("path", "source", "line", "status", "message"), [
    (".env.production", "APP_NAME=chat\nDEBUG=true\n", 2, Status.FAIL, "DEBUG is on in deployment config"),
    ("Dockerfile", "FROM python:3.12\nENV DJANGO_DEBUG=1\nCMD gunicorn app:app\n", 2, Status.FAIL,
     "DEBUG is on in deployment config"),
    ("docker-compose.yml", "services:\n  web:\n    environment:\n      DEBUG: \"yes\"\n", 4, Status.FAIL,
     "DEBUG is on in deployment config"),
    ("Dockerfile", "FROM node:20\nENV NODE_ENV development\n", 2, Status.FAIL,
     "NODE_ENV=development in deployment config: Express and Next serve stack traces"),
    ("fly.toml", "[env]\n  FLASK_ENV = 'development'\n", 2, Status.FAIL,
     "FLASK_ENV=development in deployment config turns the debugger on"),
    ("Procfile", "web: uvicorn app:app --host 0.0.0.0 --reload\n", 1, Status.WARN,
     "the production server is started with --reload (a development option)"),
])
def test_deployment_config_switching_debug_on_has_the_status_it_deserves(
        tmp_path: Path, path: str, source: str, line: int, status: Status, message: str) -> None:
    result, _ = run_check(tmp_path, ID, [Commit("init", {path: source})])
    assert result.status is status
    assert [(e.status, e.location, e.message) for e in result.evidence] == [(status, f"{path}:{line}", message)]


@pytest.mark.parametrize(("path", "source"), [
    (".env.production", "APP_NAME=chat\nDEBUG=false\n"),
    ("Dockerfile", "FROM python:3.12\nENV DJANGO_DEBUG=0\nCMD gunicorn app:app\n"),
    ("docker-compose.yml", "services:\n  web:\n    environment:\n      DEBUG: \"no\"\n"),
    ("Dockerfile", "FROM node:20\nENV NODE_ENV=production\n# ENV DEBUG=1 for local runs\n"),
    ("Procfile", "web: uvicorn app:app --host 0.0.0.0 --workers 4\n"),
])
def test_deployment_config_with_debug_off_passes(tmp_path: Path, path: str, source: str) -> None:
    result, _ = run_check(tmp_path, ID, [Commit("init", {path: source})])
    assert result.status is Status.PASS
    assert result.evidence == ()


@pytest.mark.parametrize(("command", "status", "message"), [
    ('CMD ["gunicorn", \\\n     "-w", "1", \\\n     "-k", "uvicorn.workers.UvicornWorker", "app:asgi"]', Status.WARN,
     "FLASK_DEBUG is set in the image, whose command runs gunicorn: no Werkzeug debugger, but app.debug follows it "
     "(exceptions propagate) — remove it from the image"),
    ('CMD ["flask", "run", "--host=0.0.0.0"]', Status.FAIL,
     "FLASK_DEBUG is on in deployment config: the Werkzeug debugger runs code for any visitor"),
    ("ENTRYPOINT python app.py", Status.FAIL,
     "FLASK_DEBUG is on in deployment config: the Werkzeug debugger runs code for any visitor"),
])
def test_flask_debug_in_an_image_fails_only_where_the_image_can_run_the_flask_dev_server(
        tmp_path: Path, command: str, status: Status, message: str) -> None:
    """FLASK_DEBUG starts the Werkzeug debugger only under `flask run` / app.run: an image whose final command runs
    gunicorn gets a warning; `flask run`, or a command that may reach app.run, keeps the failure."""
    dockerfile = f"FROM python:3.12\nENV FLASK_APP=app.py \\\n    FLASK_DEBUG=true \\\n    PATH=/venv/bin\n{command}\n"
    result, _ = run_check(tmp_path, ID, [Commit("init", {"application/Dockerfile": dockerfile})])
    assert result.status is status
    assert [(e.status, e.location, e.message) for e in result.evidence] == [
        (status, "application/Dockerfile:3", message)]


_SWITCHED = ("from fastapi import FastAPI\nfrom app.helpers import in_debug_mode\n\nif in_debug_mode():\n"
             "    app = FastAPI(debug=True)\nelse:\n    app = FastAPI(docs_url=None)\n")
_HELPER = "import os\n\n\ndef in_debug_mode():\n    return os.getenv('APP_DEBUG', 'false').lower() == 'true'\n"


def test_a_debug_flag_under_an_environment_switch_is_a_warning_naming_the_switch(tmp_path: Path) -> None:
    """khoj builds `FastAPI(debug=True)` only `if in_debug_mode():`, a helper reading `KHOJ_DEBUG`: a warning
    naming the variable, not a blocker; an unconditional flag next to it still fails."""
    result, _ = run_check(tmp_path, ID, [Commit("init", {"app/main.py": _SWITCHED, "app/helpers.py": _HELPER,
                                                         "app/dev.py": "app2 = FastAPI(debug=True)\n"})])
    assert locations(result, "fail") == ["app/dev.py:1"]
    assert locations(result, "warn") == ["app/main.py:5"]
    warn = next(e for e in result.evidence if e.status is Status.WARN)
    assert "only when `in_debug_mode()` holds (environment APP_DEBUG)" in warn.message


def test_a_switched_debug_flag_the_deployment_turns_off_passes(tmp_path: Path) -> None:
    compose = "services:\n  server:\n    image: app\n    environment:\n      - APP_DEBUG=False\n"
    result, _ = run_check(tmp_path, ID, [Commit("init", {"app/main.py": _SWITCHED, "app/helpers.py": _HELPER,
                                                         "docker-compose.yml": compose})])
    assert result.status is Status.PASS, result
    assert [(e.status, e.location) for e in result.evidence] == [(Status.PASS, "app/main.py:5")]
    assert "sets APP_DEBUG off (docker-compose.yml:5)" in result.evidence[0].message


_MULTI_STAGE = ("FROM node:20-alpine AS base\nWORKDIR /app\n\n"
                "FROM base AS development\nENV NODE_ENV=development\nCMD [\"pnpm\", \"run\", \"dev\"]\n\n"
                "FROM base AS production\nENV NODE_ENV=production\nCMD [\"node\", \"dist/main\"]\n")


def test_a_development_stage_the_shipped_image_does_not_include_is_not_deployment_config(tmp_path: Path) -> None:
    """Hexabot: `ENV NODE_ENV=development` in a multi-stage Dockerfile's `development` stage, which only a
    development compose file builds; the last stage, `production`, is the image that ships."""
    compose = "services:\n  api:\n    build:\n      context: .\n      target: development\n"
    result, _ = run_check(tmp_path, ID, [Commit("init", {"api/Dockerfile": _MULTI_STAGE,
                                                         "docker/docker-compose.api.dev.yml": compose})])
    assert result.status is Status.PASS
    assert [(e.status, e.location, e.message) for e in result.evidence] == [
        (Status.PASS, "api/Dockerfile:5", "NODE_ENV=development only in build stage `development`, which the shipped "
         "image does not include (it is stage `production`, the last stage)")]


def test_a_stage_a_deployment_compose_file_builds_or_the_shipped_stage_builds_on_is_judged(tmp_path: Path) -> None:
    compose = "services:\n  api:\n    build:\n      context: .\n      target: development\n"
    result, _ = run_check(tmp_path, ID, [Commit("init", {"api/Dockerfile": _MULTI_STAGE,
                                                         "docker-compose.yml": compose})])
    assert locations(result, "fail") == ["api/Dockerfile:5"]
    inherited = _MULTI_STAGE.replace("WORKDIR /app\n", "ENV NODE_ENV=development\n", 1).replace(
        "ENV NODE_ENV=production\n", "")
    result, _ = run_check(tmp_path / "b", ID, [Commit("init", {"api/Dockerfile": inherited})])
    assert locations(result, "fail") == ["api/Dockerfile:2"]  # `production` is built FROM base, which sets it


_PROD_AND_DEV = """services:
  app:
    build:
      context: .
      target: bolt-ai-production
    environment:
      - NODE_ENV=production

  app-dev:
    image: bolt-ai:development
    environment:
      - NODE_ENV=development
    profiles:
      - development
"""


def test_a_development_service_beside_the_production_one_passes_naming_why(tmp_path: Path) -> None:
    """bolt.diy: `NODE_ENV=development` in the compose service `app-dev` (profile `development`); the
    production service beside it sets `production`. A profile alone (service `web`) is read too."""
    result, _ = run_check(tmp_path, ID, [Commit("init", {"docker-compose.yaml": _PROD_AND_DEV})])
    assert [(e.status, e.location, e.message) for e in result.evidence] == [
        (Status.PASS, "docker-compose.yaml:12",
         "NODE_ENV=development only in development: service `app-dev` is a development one by its name")]
    by_profile = _PROD_AND_DEV.replace("app-dev:", "web:")
    result, _ = run_check(tmp_path / "b", ID, [Commit("init", {"docker-compose.yaml": by_profile})])
    assert [(e.status, e.message) for e in result.evidence] == [
        (Status.PASS, "NODE_ENV=development only in development: service `web` runs only under profile `development`")]
    # the same line in a service production runs fails
    shipped = by_profile.replace("    profiles:\n      - development\n", "")
    result, _ = run_check(tmp_path / "c", ID, [Commit("init", {"docker-compose.yaml": shipped})])
    assert locations(result, "fail") == ["docker-compose.yaml:12"]


def test_a_compose_project_named_for_development_and_its_dev_image_pass(tmp_path: Path) -> None:
    """mem0: `server/docker-compose.yaml` is the project `mem0-dev`, built from `dev.Dockerfile`, and runs
    uvicorn with --reload; serge: `Dockerfile.dev` sets NODE_ENV=development and only the dev compose file
    builds it."""
    compose = ("name: mem0-dev\nservices:\n  mem0:\n    build:\n      context: .\n      dockerfile: dev.Dockerfile\n"
               "    command: uvicorn main:app --host 0.0.0.0 --reload\n")
    dev_image = "FROM python:3.12\nENV NODE_ENV=development\nCMD [\"uvicorn\", \"main:app\"]\n"
    files = {"server/docker-compose.yaml": compose, "server/dev.Dockerfile": dev_image,
             "Dockerfile.dev": dev_image, "docker-compose.dev.yml": "services:\n  api:\n    build:\n"
             "      dockerfile: Dockerfile.dev\n"}
    result, _ = run_check(tmp_path, ID, [Commit("init", files)])
    assert result.status is Status.PASS, result.evidence
    assert sorted((e.location, e.message) for e in result.evidence) == [
        ("Dockerfile.dev:2", "NODE_ENV=development only in development: `Dockerfile.dev` is a development image by "
         "its name, and no compose service or CI workflow outside development builds it"),
        ("server/dev.Dockerfile:2", "NODE_ENV=development only in development: `dev.Dockerfile` is a development "
         "image by its name, and no compose service or CI workflow outside development builds it"),
        ("server/docker-compose.yaml:7", "the server's --reload only in development: the compose project is named "
         "`mem0-dev`")]


def test_a_development_named_image_that_deployment_builds_is_judged(tmp_path: Path) -> None:
    dev_image = "FROM node:20\nENV NODE_ENV=development\nCMD [\"node\", \"server.js\"]\n"
    workflow = "jobs:\n  deploy:\n    steps:\n      - run: docker build -f Dockerfile.dev -t app .\n"
    result, _ = run_check(tmp_path, ID, [Commit("init", {"Dockerfile.dev": dev_image,
                                                         ".github/workflows/deploy.yml": workflow})])
    assert locations(result, "fail") == ["Dockerfile.dev:2"]


def test_a_malformed_or_deeply_nested_compose_file_keeps_its_finding(tmp_path: Path) -> None:
    deep = "services:\n  app:\n    environment:\n      - NODE_ENV=development\n    x: " + "[" * 5000 + "\n"
    broken = "services:\n  app-dev:\n    environment:\n      - NODE_ENV=development\n   bad: [\n"
    result, _ = run_check(tmp_path, ID, [Commit("init", {"docker-compose.yml": deep, "deploy/compose.yaml": broken})])
    assert sorted(locations(result, "fail")) == ["deploy/compose.yaml:4", "docker-compose.yml:4"]


def test_a_reload_only_in_a_shell_branch_for_development_passes_and_the_other_branch_is_judged(tmp_path: Path) -> None:
    """rag-web-ui's entrypoint: `if [ "$ENVIRONMENT" = "development" ]; then uvicorn … --reload; else uvicorn …; fi`.
    A test on production (`!=`) puts development in the `else` branch; a `[ … = dev ] &&` line is development's."""
    script = ("#!/bin/sh\nset -e\nif [ \"$ENVIRONMENT\" = \"development\" ]; then\n"
              "  uvicorn app.main:app --host 0.0.0.0 --reload\nelse\n  uvicorn app.main:app --host 0.0.0.0\nfi\n"
              "if [ \"$APP_ENV\" != \"development\" ]; then\n  echo production\nelse\n"
              "  FLASK_DEBUG=1 flask run\nfi\n[ \"$MODE\" = dev ] && uvicorn app.main:app --reload\n")
    result, _ = run_check(tmp_path, ID, [Commit("init", {"backend/entrypoint.sh": script})])
    assert result.status is Status.PASS, result.evidence
    assert [(e.location, e.message) for e in result.evidence] == [
        ("backend/entrypoint.sh:4", "the server's --reload only in development: the line runs only when "
         "`[ \"$ENVIRONMENT\" = \"development\" ]`"),
        ("backend/entrypoint.sh:11", "FLASK_DEBUG is on only in development: the line runs only when not "
         "`[ \"$APP_ENV\" != \"development\" ]`"),
        ("backend/entrypoint.sh:13", "the server's --reload only in development: the line runs only when "
         "`[ \"$MODE\" = dev ]`")]
    always = script.replace("if [ \"$ENVIRONMENT\" = \"development\" ]", "if [ \"$WORKERS\" = \"1\" ]")
    result, _ = run_check(tmp_path / "b", ID, [Commit("init", {"backend/entrypoint.sh": always})])
    assert locations(result, "warn") == ["backend/entrypoint.sh:4"]


def test_debug_under_main_in_a_module_the_entry_point_does_not_start_is_a_warning(tmp_path: Path) -> None:
    """gpt-code-ui: `webapp/main.py` ends in `if __name__ == '__main__': app.run(debug=True)`, but the package's
    `gptcode` entry point starts `gpt_code_ui/main.py`, which imports the app and runs it without debug."""
    webapp = ("from flask import Flask\napp = Flask(__name__)\n\n\nif __name__ == '__main__':\n"
              "    app.run(host='0.0.0.0', debug=True)\n")
    main = "from pkg.webapp.main import app\n\n\ndef main():\n    app.run(host='0.0.0.0')\n"
    setup = "from setuptools import setup\nsetup(name='pkg', entry_points={'console_scripts': ['pkg = pkg.main:main']})\n"
    files = {"pkg/webapp/main.py": webapp, "pkg/main.py": main, "setup.py": setup}
    result, _ = run_check(tmp_path / "a", "repo.debug-mode", [Commit("init", files)])
    assert [(e.status, e.location) for e in result.evidence if e.status is not Status.PASS] == [
        (Status.WARN, "pkg/webapp/main.py:6")]
    assert "only when this file is started as a script" in result.evidence[0].message
    # the entry point starts the module itself: the debugger is what users run
    started = {**files, "setup.py": setup.replace("pkg.main:main", "pkg.webapp.main:app")}
    result, _ = run_check(tmp_path / "b", "repo.debug-mode", [Commit("init", started)])
    assert [(e.status, e.location) for e in result.evidence if e.status is not Status.PASS] == [
        (Status.FAIL, "pkg/webapp/main.py:6")]


_FORMATTER = '''import json
from fastapi import Response


class ErrorResponse(Response):
    @classmethod
    def from_exception(cls, exception):
        return cls(format_exception(exception), 500)


def format_exception(e):
    {body}
'''


@pytest.mark.parametrize(("body", "status", "message"), [
    ('return json.dumps({"error": {"message": f"{e.__class__.__name__}: {e}"}})', Status.PASS,
     "an exception handler answers with format_exception(), the project's own formatter (api.py:11), which calls no "
     "traceback function: the response holds the exception's class and message, not a traceback"),
    # the same name built on the traceback module's frames still puts the traceback in the answer
    ('import traceback\n    return "".join(traceback.format_tb(e.__traceback__))', Status.FAIL,
     "an exception handler puts the traceback into the response"),
])
def test_a_project_formatter_named_format_exception_is_read_for_a_traceback(
        tmp_path: Path, body: str, status: Status, message: str) -> None:
    result, _ = run_check(tmp_path, ID, [Commit("init", {"api.py": _FORMATTER.format(body=body)})])
    assert [(e.status, e.message) for e in result.evidence if e.location == "api.py:8"] == [(status, message)]


def test_a_formatter_imported_from_a_project_module_is_followed_and_the_traceback_modules_is_not(
        tmp_path: Path) -> None:
    handler = ("from fastapi import Response\nfrom {source} import format_exception\n\n"
               "def on_error(e):\n    return Response(format_exception(e), 500)\n")
    helper = 'def format_exception(e):\n    return f"{type(e).__name__}: {e}"\n'
    own, _ = run_check(tmp_path / "a", ID, [Commit("init", {"app/api.py": handler.format(source="app.errors"),
                                                            "app/errors.py": helper})])
    assert [(e.status, e.location) for e in own.evidence] == [(Status.PASS, "app/api.py:5")]
    assert "the project's own formatter (app/errors.py:1)" in own.evidence[0].message
    stdlib, _ = run_check(tmp_path / "b", ID, [Commit("init", {"app/api.py": handler.format(source="traceback"),
                                                               "app/errors.py": helper})])
    assert [(e.status, e.location, e.message) for e in stdlib.evidence] == [
        (Status.FAIL, "app/api.py:5", "an exception handler puts the traceback into the response")]


def test_the_traceback_of_code_a_caller_handed_in_is_its_result_but_a_servers_own_is_not(tmp_path: Path) -> None:
    tool = ("import traceback\n\ndef execute(code):\n    try:\n        compiled = compile(code, '<tool>', 'exec')\n"
            "    except SyntaxError:\n        return {'error': traceback.format_exc()}\n    return {'ok': True}\n")
    ran, _ = run_check(tmp_path / "a", ID, [Commit("init", {"tools/run.py": tool})])
    assert [(e.status, e.location, e.message) for e in ran.evidence] == [(
        Status.PASS, "tools/run.py:7", "the traceback returned is that of the code the caller handed in (compile() at "
        "tools/run.py:5): a code-execution result reporting the caller's own error, not a server error page")]
    served = tool.replace("compiled = compile(code, '<tool>', 'exec')", "compiled = load_model(code)")
    own, _ = run_check(tmp_path / "b", ID, [Commit("init", {"tools/run.py": served})])
    assert [(e.status, e.location) for e in own.evidence] == [(Status.FAIL, "tools/run.py:7")]


_CLI = '''import argparse


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode")
    args, rest = parser.parse_known_args()
    if args.mode == "api":
        run(args)
    elif args.mode == "{mode}":
        args.debug = True
        run(args)
'''


def test_debug_set_in_a_development_command_line_mode_passes_but_in_another_mode_fails(tmp_path: Path) -> None:
    dev, _ = run_check(tmp_path / "a", ID, [Commit("init", {"g4f/cli.py": _CLI.format(mode="dev")})])
    assert [(e.status, e.location, e.message) for e in dev.evidence] == [(
        Status.PASS, "g4f/cli.py:11", "args.debug = True only in the `dev` command-line mode (`args.mode == 'dev'`), "
        "which a developer starts by hand; the other modes leave it off")]
    served, _ = run_check(tmp_path / "b", ID, [Commit("init", {"g4f/cli.py": _CLI.format(mode="serve")})])
    assert [(e.status, e.location, e.message) for e in served.evidence] == [
        (Status.FAIL, "g4f/cli.py:11", "args.debug = True in production settings")]


_DEV_STACK = """services:
  backend:
    build:
      dockerfile: ./backend/Dockerfile
    command: uvicorn --host 0.0.0.0 backend.server.app:app --reload
  frontend:
    build:
      dockerfile: ./Dockerfile.dev
    command: yarn dev --host 0.0.0.0
"""


def test_reload_in_a_compose_stack_of_development_services_is_a_warn_saying_so(tmp_path: Path) -> None:
    result, _ = run_check(tmp_path / "a", ID, [Commit("init", {
        "docker-compose.yaml": _DEV_STACK,
        "truefoundry.yaml": "command: uvicorn --host 0.0.0.0 --port 8000 backend.server.app:app\n"})])
    assert [(e.status, e.location, e.message) for e in result.evidence] == [(
        Status.WARN, "docker-compose.yaml:5", "the server is started with --reload (a development option) in a compose "
        "file whose stack is a development one (service `frontend` builds `./Dockerfile.dev`); "
        "backend.server.app:app is started without --reload in truefoundry.yaml:1 — confirm no deployment runs this "
        "compose file, or drop --reload")]
    # a compose file with no development service is the deployment: the production server's --reload, as before
    alone, _ = run_check(tmp_path / "b", ID, [Commit("init", {"docker-compose.yaml": _DEV_STACK.split("  frontend:", maxsplit=1)[0]})])
    assert [(e.status, e.location, e.message) for e in alone.evidence] == [
        (Status.WARN, "docker-compose.yaml:5", "the production server is started with --reload (a development option)")]

"""repo.cors-config: origins held in a variable are read from the assignment that runs last before the setup, and
a setting read from the environment is judged by the default it falls back to."""

from __future__ import annotations

from pathlib import Path

from launchready.checks.repo.cors_config import CHECK
from launchready.model import Result, Status
from tests.checks.repo.helpers import SIGNED_IN
from tests.checks.repo.static_helpers import run_static

MAIN = ("import os\nfrom pathlib import Path\nfrom fastapi import FastAPI\n"
        "from fastapi.middleware.cors import CORSMiddleware\n\napp = FastAPI()\n"
        "code_space = os.getenv('CODESPACE_NAME')\n"
        "if code_space:\n    origins = [f'https://{code_space}-8000.app.github.dev']\n"
        "else:\n    origins = [o.strip() for o in Path('origins.txt').read_text().splitlines()]\n"
        "    origins = ['*']\n\n"
        "app.add_middleware(CORSMiddleware, allow_origins=origins, allow_credentials=True)\n")


def _items(result: Result) -> list[tuple[Status, str, str]]:
    return [(e.status, e.message, e.location) for e in result.evidence]


def test_the_last_assignment_before_the_setup_decides_the_origins(tmp_path: Path) -> None:
    """`origins = ['*']` overwrites the origins file in the branch that runs unless CODESPACE_NAME is set."""
    result = run_static(tmp_path, CHECK, {"main.py": MAIN, **SIGNED_IN})
    assert _items(result) == [(
        Status.FAIL, "Starlette CORSMiddleware: allow_origins=['*'] (origins = ['*'] at main.py:12, unless "
        "CODESPACE_NAME is set) with credentials allowed — any site can read your API as the signed-in user",
        "main.py:14")]


def test_origins_decided_by_a_branch_chosen_at_run_time_stay_undetermined(tmp_path: Path) -> None:
    source = MAIN.replace("code_space = os.getenv('CODESPACE_NAME')", "code_space = os.getenv('CODESPACE_NAME', 'x')")
    result = run_static(tmp_path, CHECK, {"main.py": source, **SIGNED_IN})
    assert [(e.status, e.location) for e in result.evidence] == [(Status.WARN, "main.py:14")]
    assert "the allowed origins come from origins, whose value was not found" in result.evidence[0].message


def test_a_setting_read_from_the_environment_is_judged_by_its_default(tmp_path: Path) -> None:
    config = ("import os\nCORS_ORIGINS = os.getenv(\n"
              "    'APP_CORS_ORIGINS', 'https://app.example.com,https://localhost:5173'\n).split(',')\n")
    server = ("from fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\nfrom app import config\n"
              "app = FastAPI()\n"
              "app.add_middleware(CORSMiddleware, allow_origins=[config.CORS_ORIGINS], allow_credentials=True)\n")
    result = run_static(tmp_path, CHECK, {"app/config.py": config, "app/server.py": server, **SIGNED_IN})
    assert (result.status, result.evidence) == (Status.PASS, ())
    star = config.replace("'https://app.example.com,https://localhost:5173'", "'*'")
    result = run_static(tmp_path, CHECK, {"app/config.py": star, "app/server.py": server, **SIGNED_IN})
    assert _items(result) == [(
        Status.FAIL, "Starlette CORSMiddleware: allow_origins=['*'] (the default of config.CORS_ORIGINS at "
        "app/config.py:2) with credentials allowed — any site can read your API as the signed-in user",
        "app/server.py:5")]


def test_a_settings_class_default_that_lists_an_origin_is_the_value(tmp_path: Path) -> None:
    settings = "from pydantic_settings import BaseSettings\n\nclass Settings(BaseSettings):\n" \
               "    frontend_url: str = 'http://localhost:3000'\n\nsettings = Settings()\n"
    server = ("from fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\n"
              "from app.settings import settings\napp = FastAPI()\n"
              "app.add_middleware(CORSMiddleware, allow_origins=[settings.frontend_url], allow_credentials=True)\n")
    result = run_static(tmp_path, CHECK, {"app/settings.py": settings, "app/server.py": server, **SIGNED_IN})
    assert (result.status, result.evidence) == (Status.PASS, ())
    unset = settings.replace(" = 'http://localhost:3000'", "")
    result = run_static(tmp_path, CHECK, {"app/settings.py": unset, "app/server.py": server, **SIGNED_IN})
    assert [(e.status, e.location) for e in result.evidence] == [(Status.WARN, "app/server.py:5")]
    assert "come from settings.frontend_url, whose value was not found" in result.evidence[0].message


_METHOD = ("from fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\n\n\n"
           "class App:\n    def __init__(self):\n        self.app = FastAPI()\n\n"
           "    def _apply_middleware(self):\n"
           "        origins = ['*', 'http://localhost:3000']\n"  # 10
           "        name = 'x'\n\n"
           "        self.app.add_middleware(\n"  # 13
           "            CORSMiddleware,\n            allow_origins=origins,\n            allow_credentials=True,\n"
           "        )\n")


def test_a_function_local_assignment_above_the_setup_is_the_value(tmp_path: Path) -> None:
    """R2R: `origins = ["*", …]` two lines above `add_middleware(CORSMiddleware, allow_origins=origins)` inside a
    method — the origins are in the repository, not 'not found'."""
    result = run_static(tmp_path, CHECK, {"app.py": _METHOD, **SIGNED_IN})
    assert _items(result) == [(
        Status.FAIL, "Starlette CORSMiddleware: allow_origins=['*'] (origins = ['*', 'http://localhost:3000'] at "
        "app.py:10) with credentials allowed — any site can read your API as the signed-in user", "app.py:13")]


def test_a_function_local_list_of_origins_passes_and_a_branch_stays_undetermined(tmp_path: Path) -> None:
    listed = _METHOD.replace("['*', 'http://localhost:3000']", "['https://app.example.com']")
    assert run_static(tmp_path, CHECK, {"app.py": listed, **SIGNED_IN}).evidence == ()
    branch = _METHOD.replace("        name = 'x'\n", "        if self.open:\n            origins = ['*']\n")
    result = run_static(tmp_path, CHECK, {"app.py": branch, **SIGNED_IN})
    assert [(e.status, e.location) for e in result.evidence] == [(Status.WARN, "app.py:14")]
    assert "the allowed origins come from origins, whose value was not found" in result.evidence[0].message


_SEC = ("from fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\n\n"
        "from app.core.config import settings\n\napp = FastAPI()\n\nif settings.BACKEND_CORS_ORIGINS:\n"
        "    origins = settings.BACKEND_CORS_ORIGINS.copy()\n    app.add_middleware(\n        CORSMiddleware,\n"
        "        allow_origins=[str(origin) for origin in origins],\n        allow_credentials=True,\n    )\n")
_RENDER = ("services:\n- type: web\n  name: backend\n  envVars:\n    - key: LOG_LEVEL\n      value: INFO\n"
           "    - key: BACKEND_CORS_ORIGINS\n      value: '{value}'\n")


def test_origins_copied_from_a_setting_are_read_from_the_platform_config(tmp_path: Path) -> None:
    """sec-insights: `origins = settings.BACKEND_CORS_ORIGINS.copy()`, then `[str(origin) for origin in origins]`;
    render.yaml lists the origins. Listed there, the setup is limited; `*` there admits any origin; without the
    platform config the origins stay undetermined."""
    listed = run_static(tmp_path / "listed", CHECK, {"backend/app/main.py": _SEC, "render.yaml": _RENDER.format(
        value='["https://secinsights.ai", "http://localhost:3000"]')})
    assert listed.status is Status.PASS, listed.evidence
    star = run_static(tmp_path / "star", CHECK, {"backend/app/main.py": _SEC, "render.yaml": _RENDER.format(
        value='["*"]')})
    assert star.status in (Status.FAIL, Status.WARN) and "render.yaml:7" in star.evidence[0].message, star.evidence
    unknown = run_static(tmp_path / "unknown", CHECK, {"backend/app/main.py": _SEC})
    assert [e.message for e in unknown.evidence] == [
        "Starlette CORSMiddleware: the allowed origins come from [str(origin) for origin in origins], whose value "
        "was not found in the repository — undetermined: confirm the deployed setting lists your own origins, not `*`"]


def test_koa_cors_is_named_for_koa(tmp_path: Path) -> None:
    """search_with_ai calls `cors({origin: '*'})` from @koa/cors: the finding names Koa's package, not Express's."""
    app = "import Koa from 'koa';\nimport cors from '@koa/cors';\n\nconst app = new Koa();\napp.use(cors({ origin: '*' }));\n"
    result = run_static(tmp_path, CHECK, {"package.json": '{"dependencies": {"koa": "2", "@koa/cors": "5"}}',
                                          "src/app.ts": app})
    assert [e.message.split(":")[0] for e in result.evidence] == ["Koa @koa/cors"]

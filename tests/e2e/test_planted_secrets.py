"""Plant secrets everywhere a scan can see them, then grep every report format for them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from launchready import scan
from launchready.config import Config
from launchready.lab.examples import checkout_root
from launchready.lab.gitrepo import Commit, build_repo
from launchready.lab.server import serve_app
from launchready.report import FILE_NAMES, write_reports
from tests.checks.repo.helpers import SIGNED_IN
from tests.cli import launchready

SECRETS = {
    "openai": "sk-proj-PLANTEDplanted0123456789PLANTEDplanted0123456789abcd",
    "anthropic": "sk-ant-api03-PLANTEDplanted0123456789PLANTEDplanted0123456789-abcdefAA",
    "stripe": "sk_live_51PLANTEDplanted0123456789PLANTEDplanted01",
    "whsec": "whsec_PLANTEDplanted0123456789PLANTEDplanted01",
    "aws": "AKIAPLANTED123456789",
    "github": "ghp_PLANTEDplanted0123456789PLANTEDplant01",
    "db_password": "planted-db-Passw0rd-9876",
    "bearer": "plantedBearerToken0123456789abcdefXYZ",
}


def plant(root: Path) -> None:
    s = SECRETS
    env = (f"OPENAI_API_KEY={s['openai']}\nANTHROPIC_API_KEY={s['anthropic']}\nSTRIPE_SECRET_KEY={s['stripe']}\n"
           f"STRIPE_WEBHOOK_SECRET={s['whsec']}\nAWS_ACCESS_KEY_ID={s['aws']}\n"
           f"DATABASE_URL=postgres://app:{s['db_password']}@db.internal:5432/app\n")
    app = (
        f"app = FastAPI(debug=True)  # key {s['openai']}\n"
        f"app.add_middleware(CORSMiddleware, allow_origins=['*'], allow_credentials=True)  # {s['github']}\n"
        f"app.config['DEBUG'] = True; TOKEN = 'Bearer {s['bearer']}'\n"
    )
    docker = f"FROM python\nENV FLASK_DEBUG=1 STRIPE_SECRET_KEY={s['stripe']}\n"
    build_repo(root, [
        Commit(f"add config with {s['openai']}", {".env": env, "app.py": app, "Dockerfile": docker, **SIGNED_IN,
                                                  f"deploy/.env.{s['aws']}": env},
               author=f"Dev {s['github']}"),
        Commit("remove env", {".env": None}),
    ])


def test_no_report_format_reprints_a_planted_secret(tmp_path: Path) -> None:
    root = tmp_path / "leaky"
    plant(root)
    card = scan(Config(path=root))
    assert {r.check_id for r in card.results if r.status.value == "fail"} >= {
        "repo.dotenv-committed", "repo.cors-config", "repo.debug-mode"}
    written = write_reports(card, tuple(FILE_NAMES), tmp_path / "reports")
    cli = launchready("scan", str(root), "--format", "terminal,json,markdown,sarif,junit", "--output", str(tmp_path / "cli"))
    outputs = {p.name: p.read_text() for p in written}
    outputs |= {f"cli/{p.name}": p.read_text() for p in (tmp_path / "cli").iterdir()}
    outputs |= {"cli-stdout": cli.out, "cli-stderr": cli.err}
    assert cli.code == 1, cli.err
    for name, text in outputs.items():
        assert text, name
        for kind, secret in SECRETS.items():
            assert secret not in text, f"{kind} secret reprinted in {name}"
            assert secret[:-4] not in text, f"{kind} secret reprinted (all but the last 4) in {name}"
    # The findings are still there, with their evidence, just masked.
    assert "app.py:1" in outputs["launchready.md"] and "deploy/.env.AKIA" in outputs["launchready.json"]


# -- values the scan itself holds ----------------------------------------------------------------

HELD = {
    "login token": "sessQ7w9Xk2Lm4Np6Rt8Vz0Bc",   # answered by the login, sent back as `X-Session: <token>`
    "static token": "staticQ3e5Ty7Ui9Op1As2Df4",  # tenant-b's token-env
    "scanner token": "scanQ1w2E3r4T5y6U7i8O9p0",  # scanner-token-env, echoed by /health
    "password": "pw9Kq",                          # short, and echoed by the login answer
}
SESSION_ENV = {"LR_SESSION_EMAIL": "alice@acme.test", "LR_SESSION_PASSWORD": HELD["password"],
               "LR_SESSION_STATIC": HELD["static token"], "LR_SESSION_SCANNER": HELD["scanner token"]}
SESSION_CHECKS = "api.health,api.auth-required,api.security-headers,api.error-hygiene"


def session_config(url: str, token_pointer: str = "/session") -> str:
    return f'''url = "{url}"
[api]
public = ["GET /health", "POST /auth/login", "GET /openapi.json", "GET /docs", "GET /redoc"]
scanner-token-env = "LR_SESSION_SCANNER"
[api.login]
path = "/auth/login"
token-pointer = "{token_pointer}"
header = "X-Session"
scheme = ""
[[api.tenants]]
name = "tenant-a"
username-env = "LR_SESSION_EMAIL"
password-env = "LR_SESSION_PASSWORD"
[[api.tenants]]
name = "tenant-b"
token-env = "LR_SESSION_STATIC"
'''


def test_no_output_reprints_a_token_or_password_the_scan_holds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in SESSION_ENV.items():
        monkeypatch.setenv(key, value)
    app_env = {"SESSION_APP_EMAIL": "alice@acme.test", "SESSION_APP_PASSWORD": HELD["password"],
               "SESSION_APP_LOGIN_TOKEN": HELD["login token"], "SESSION_APP_STATIC_TOKEN": HELD["static token"]}
    outputs: dict[str, str] = {}
    with serve_app("tests.e2e.apps_session:app", env=app_env, cwd=checkout_root()) as url:
        root = tmp_path / "product"
        root.mkdir()
        (root / "launchready.toml").write_text(session_config(url))
        cli = launchready("scan", str(root), "--only", SESSION_CHECKS, "--format",
                          "terminal,json,markdown,sarif,junit,html", "--output", str(tmp_path / "cli"))
        assert cli.code in (0, 1), cli.err
        outputs |= {f"cli/{p.name}": p.read_text() for p in (tmp_path / "cli").iterdir()}
        outputs |= {"cli-stdout": cli.out, "cli-stderr": cli.err}
        for fmt in ("json", "markdown", "sarif", "junit", "html", "terminal"):
            single = launchready("scan", str(root), "--only", "api.health,api.security-headers", "--format", fmt)
            outputs[f"stdout-{fmt}"] = single.out + single.err
        # A login answer the scan cannot read: the error quotes that answer (token and password in it).
        broken = tmp_path / "broken"
        broken.mkdir()
        (broken / "launchready.toml").write_text(session_config(url, token_pointer="/nope"))
        failed = launchready("scan", str(broken), "--only", "api.auth-required", "--format", "terminal,json",
                             "--output", str(tmp_path / "broken-reports"))
        outputs |= {"broken-stdout": failed.out + failed.err,
                    **{f"broken/{p.name}": p.read_text() for p in (tmp_path / "broken-reports").iterdir()}}
    data = json.loads(outputs["cli/launchready.json"])
    headers = next(r for r in data["results"] if r["id"] == "api.security-headers")
    # The scan did log in and used the session: its evidence shows the request, header name included.
    assert any("X-Session" in e["detail"] or "x-session" in e["detail"] for e in headers["evidence"]), headers
    assert "login answer has no token at /nope" in outputs["broken/launchready.json"]
    for name, text in outputs.items():
        for kind, value in HELD.items():
            assert value not in text, f"{kind} reprinted in {name}"
            assert len(value) < 12 or value[:-4] not in text, f"{kind} reprinted (all but the last 4) in {name}"

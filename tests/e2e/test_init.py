"""`launchready init` as the on-ramp: from a repository to a config that a live scan can use."""

from __future__ import annotations

import json
from pathlib import Path

from launchready.config import load_config
from launchready.demo import build_example_repo
from launchready.lab import examples
from launchready.lab.gitrepo import Commit, build_repo
from tests.cli import launchready
from tests.e2e.test_cli import assert_one_clear_line

SPEC_YAML = """openapi: "3.1.0"
info:
  title: Acme Assist
  version: "1"
paths:
  /oauth/token:
    post:
      summary: log in
  /v1/chat/completions:
    post:
      summary: chat
  /v1/files:
    post:
      summary: upload
  /healthz:
    get:
      summary: health
"""

MAIN = """from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=["https://app.acme-assist.com", "https://www.acme-assist.com"])
"""


def test_init_refuses_a_directory_that_is_not_a_git_repository(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text("x = 1\n")
    run = launchready("init", str(tmp_path))
    assert run.code == 2
    assert_one_clear_line(run.err, "not a git repository")
    assert not (tmp_path / "launchready.toml").exists()


def test_init_on_the_example_product_writes_api_chat_and_login_from_its_routes(tmp_path: Path) -> None:
    repo = tmp_path / "acme"
    build_example_repo("vulnerable", repo)
    run = launchready("init", str(repo))
    assert run.code == 0, run.err
    text = (repo / "launchready.toml").read_text()
    assert "# Detected: framework(s): FastAPI" in text and 'openapi = "/openapi.json"' in text
    [chat_line] = [line for line in text.splitlines() if line.startswith("chat = ")]
    assert chat_line.startswith('chat = "POST /chat"   # main.py:')  # points at the route in the source
    assert '[[api.tenants]]' not in text.replace("# [[api.tenants]]", "")  # identities are stubs only
    assert '# username-env = "LR_TENANT_A_USER"' in text and '# token-env = "LR_TENANT_B_TOKEN"' in text
    assert "# url = \"http://127.0.0.1:8000\"" in text
    cfg = load_config(repo)  # the strict loader accepts what init wrote
    assert cfg.ai.chat is not None and cfg.ai.chat.endpoint == "POST /chat"
    assert cfg.api.chat == "POST /chat" and cfg.api.upload == "POST /files"
    assert cfg.api.login.path == "/auth/login"
    assert [(w.path, w.scheme) for w in cfg.api.webhooks] == [("/webhooks/stripe", "stripe")]
    assert "POST /webhooks/stripe" in cfg.api.public and "GET /health" in cfg.api.public
    assert cfg.url is None and cfg.domain is None  # nothing is probed until the owner says so


def test_init_reads_an_openapi_yaml_and_domain_hints(tmp_path: Path) -> None:
    build_repo(tmp_path, [Commit("init", {"openapi.yaml": SPEC_YAML, "main.py": MAIN,
                                          "requirements.txt": "fastapi\n"})])
    assert launchready("init", str(tmp_path)).code == 0
    text = (tmp_path / "launchready.toml").read_text()
    assert 'openapi = "openapi.yaml"' in text
    assert '# domain = "acme-assist.com"' in text and '# subdomain = ["app", "www"]' in text
    assert "app.acme-assist.com (main.py:4)" in text
    cfg = load_config(tmp_path)
    assert cfg.ai.chat is not None and cfg.ai.chat.preset == "openai"
    assert cfg.ai.chat.endpoint == "POST /v1/chat/completions"
    assert cfg.api.login.path == "/oauth/token" and cfg.api.upload == "POST /v1/files"
    assert cfg.api.health == "/healthz"


def test_init_reads_an_openapi_json_file(tmp_path: Path) -> None:
    spec = {"openapi": "3.0.3", "paths": {"/api/login": {"post": {}}, "/api/messages": {"post": {}, "get": {}}}}
    build_repo(tmp_path, [Commit("init", {"docs/openapi.json": json.dumps(spec), "server.py": "x = 1\n"})])
    assert launchready("init", str(tmp_path)).code == 0
    cfg = load_config(tmp_path)
    assert cfg.api.openapi == "docs/openapi.json"
    assert cfg.api.login.path == "/api/login"
    assert cfg.ai.chat is not None and cfg.ai.chat.endpoint == "POST /api/messages"


def test_init_then_scan_with_url_probes_the_running_product(tmp_path: Path) -> None:
    repo = tmp_path / "acme"
    build_example_repo("vulnerable", repo)
    assert launchready("init", str(repo)).code == 0
    with examples.running_example("vulnerable", tmp_path / "runtime") as running:
        run = launchready("scan", str(repo), "--url", running.base_url, "--only", "api.auth-required,api.health",
                          "--format", "json", cwd=tmp_path)
    assert run.code == 1, run.err
    data = json.loads(run.out)
    assert data["verdict"]["covered"] == ["api"]
    [auth] = [r for r in data["results"] if r["id"] == "api.auth-required"]
    assert auth["status"] == "fail"
    assert any(e["status"] == "fail" and e["location"].startswith(("GET /", "POST /")) for e in auth["evidence"])

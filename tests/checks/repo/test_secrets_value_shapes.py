"""The generic secret tier scores values only: a string literal, or the value of an env/config file line.

Round 6 of the precision corpus warned on a TypeScript parameter type (`credentials: DT2ICredentialsAny`), a float
expression (`token_penalty = normalized_tokens**token_exponent_penalty`) and CSS selectors
(`passwordSelector: "#onboardingPassword"`); each is set here beside a real value of the same name that stays.
"""

from __future__ import annotations

import random
from pathlib import Path

from launchready.engines.secrets.samples import expand
from launchready.lab.gitrepo import Commit
from launchready.model import Status
from tests.checks.repo.test_secrets_checks import run

RNG = random.Random("value-shapes")


def test_types_expressions_selectors_paths_and_templates_are_no_values_beside_real_ones(tmp_path: Path) -> None:
    literal, env_value, yaml_value = (expand("{A:40}", RNG) for _ in range(3))
    files = {
        "src/store.ts": "export function t2iAreCredentialsValid(credentials: DT2ICredentialsAny): boolean {\n"
                        "  return !!credentials\n}\n",
        "app/rank.py": "def rank(normalized_tokens, token_exponent_penalty):\n"
                       "    token_penalty = normalized_tokens**token_exponent_penalty\n    return token_penalty\n",
        "ui/index.html": "<script>\nvalidate({ passwordSelector: \"#onboardingPassword\" })\n"
                         "validate({ passwordSelector: \"#privateGptPassword\" })\n</script>\n",
        "app/paths.py": "SECRETS_FILE = 'config/private-keys/service_account.json'\n"
                        "TOKEN_TEMPLATE = 'Bearer {access_token_value} for the session'\n",
        "app/settings.py": f"JWT_SECRET = '{literal}'\n",
        "deploy/app.env": f"SESSION_SECRET={env_value}\n",
        "deploy/values.yaml": f"auth:\n  api_secret: {yaml_value}   # rotated monthly\n",
    }
    result, _ = run(tmp_path, "repo.secrets-tree", [Commit("init", files)])
    listed = sorted((e.location, e.status) for e in result.evidence if e.status in (Status.FAIL, Status.WARN))
    assert listed == [("app/settings.py:1", Status.FAIL), ("deploy/app.env:1", Status.FAIL),
                      ("deploy/values.yaml:2", Status.FAIL)]


def test_a_generic_value_in_an_end_to_end_test_directory_warns_while_the_same_in_app_config_fails(
        tmp_path: Path) -> None:
    """autoflow's e2e/.env.backend: the session key of a throwaway e2e backend (round 6)."""
    e2e, app = expand("{A:43}", RNG), expand("{A:43}", RNG)
    result, _ = run(tmp_path, "repo.secrets-tree", [Commit("init", {
        "e2e/.env.backend": f"ENVIRONMENT=local\nSECRET_KEY={e2e}\n", "deploy/backend.env": f"SECRET_KEY={app}\n"})])
    listed = {e.location: e for e in result.evidence if e.status in (Status.FAIL, Status.WARN)}
    assert {loc: e.status for loc, e in listed.items()} == {"e2e/.env.backend:2": Status.WARN,
                                                            "deploy/backend.env:1": Status.FAIL}
    assert listed["e2e/.env.backend:2"].message.endswith("in test/docs/example code: confirm it is not a live value")


# Round 6 miss (private-gpt): settings.yaml ships `server.auth.secret: "Basic …"` (secret:key), compared with the
# caller's Authorization header by `compare_digest(authorization, settings().server.auth.secret)`.
_SETTINGS_YAML = ('server:\n  port: ${PORT:8080}\n  auth:\n    enabled: false\n    # secret:key by default\n'
                  '    secret: "Basic c2VjcmV0OmtleQ=="\n  proxy:\n    password: ${PROXY_PASSWORD:}\n'
                  'llm:\n  api_key: ${OPENAI_API_KEY:}\n')
_AUTH_PY = ("import secrets\nfrom app.settings import settings\n\n\ndef authenticated(authorization: str) -> bool:\n"
            "    return secrets.compare_digest(authorization, settings().server.auth.secret)\n")


def test_a_shipped_yaml_settings_default_the_code_authenticates_with_warns_at_its_line(tmp_path: Path) -> None:
    files = {"settings.yaml": _SETTINGS_YAML, "settings-test.yaml": 'server:\n  auth:\n    secret: "Basic dGVzdA=="\n',
             "app/auth.py": _AUTH_PY, "app/settings.py": "def settings():\n    return load('settings.yaml')\n"}
    result, _ = run(tmp_path, "repo.secrets-tree", [Commit("init", files)])
    warned = {e.location: e.message for e in result.evidence if e.status is Status.WARN}
    assert list(warned) == ["settings.yaml:6"]
    assert warned["settings.yaml:6"].startswith(
        "server.auth.secret ships a built-in default (22 characters) that the code uses to authenticate "
        "(app/auth.py:6) and nothing refuses to start with")


def test_a_yaml_default_the_code_never_authenticates_with_or_refuses_is_not_listed(tmp_path: Path) -> None:
    refusal = ("from app.settings import settings\n\nif settings().server.auth.secret == 'Basic c2VjcmV0OmtleQ==':\n"
               "    raise SystemExit('set server.auth.secret')\n")
    unused = {"settings.yaml": _SETTINGS_YAML, "app/main.py": "print(settings().server.port)\n"}
    refused = {"settings.yaml": _SETTINGS_YAML, "app/auth.py": _AUTH_PY, "app/startup.py": refusal}
    for sub, files in (("unused", unused), ("refused", refused)):
        result, _ = run(tmp_path / sub, "repo.secrets-tree", [Commit("init", files)])
        assert [e.location for e in result.evidence if e.status is Status.WARN] == [], sub


def test_lowercase_dotted_names_under_a_token_key_are_no_values_beside_a_real_token(tmp_path: Path) -> None:
    """openui's Monaco colour theme (round 9): `token: 'support.constant.color.w3c-standard-color-name.css'` is a
    TextMate scope name; i18n keys and package names have the same shape."""
    real = expand("{A:40}", RNG)
    theme = ("export const theme = {\n  base: 'vs-dark',\n  rules: [\n"
             "    { foreground: '#F8C762', token: 'support.constant.color.w3c-standard-color-name.css' },\n"
             "    { foreground: '#F8C762', token: 'support.constant.color.w3c-standard-color-name.scss' },\n"
             "  ],\n}\n")
    files = {"src/lib/theme.ts": theme,
             "src/i18n.ts": "export const passwordResetTitle = { token: 'auth.password-reset.token-expired.title' }\n",
             "src/auth.ts": f"export const token = '{real}'\n"}
    result, _ = run(tmp_path, "repo.secrets-tree", [Commit("init", files)])
    listed = [e.location for e in result.evidence if e.status in (Status.FAIL, Status.WARN)]
    assert listed == ["src/auth.ts:1"]


# Round 16 miss (chatgpt-web-share): pydantic `BaseModel` sections of a settings module ship `jwt_secret =
# 'MODIFY_THIS_TO_RANDOM_SECURE_STRING'` and an initial admin password 'password'; the code hands them on by keyword
# (`JWTStrategy(secret=config.auth.jwt_secret)`, `UserCreate(password=config.common.initial_admin_user_password)`).
_CONF = ("from pydantic import BaseModel\n\n\nclass CommonSetting(BaseModel):\n    create_initial_admin_user: bool = True\n"
         "    initial_admin_user_password: str = 'password'\n\n\nclass AuthSetting(BaseModel):\n"
         "    jwt_secret: str = 'MODIFY_THIS_TO_RANDOM_SECURE_STRING'\n    jwt_lifetime_seconds: int = 3600\n")
_USERS = ("from api.conf.config import config\n\n\ndef get_jwt_strategy():\n"
          "    return JWTStrategy(secret=config.auth.jwt_secret, lifetime_seconds=config.auth.jwt_lifetime_seconds)\n\n\n"
          "async def create_admin(manager):\n"
          "    await manager.create(UserCreate(username='admin', password=config.common.initial_admin_user_password))\n")


def test_settings_sections_handed_on_as_a_secret_or_a_password_are_default_credentials(tmp_path: Path) -> None:
    result, _ = run(tmp_path, "repo.secrets-tree", [Commit("init", {"api/conf/config.py": _CONF, "api/users.py": _USERS})])
    warned = {e.location: e.message for e in result.evidence if e.status is Status.WARN}
    assert sorted(warned) == ["api/conf/config.py:10", "api/conf/config.py:6"]
    assert warned["api/conf/config.py:10"].startswith("jwt_secret ships a built-in default (35 characters) that the "
                                                      "code uses to authenticate (api/users.py:5)")
    assert warned["api/conf/config.py:6"].startswith("initial_admin_user_password ships a built-in default")


def test_a_private_key_in_a_fixture_named_as_a_mock_warns_and_another_fixture_key_fails(tmp_path: Path) -> None:
    """sweep `self_deploy/test/fixtures/mock-cert.pem`: create-probot-app's mock key that only a test signs with."""
    files = {"test/fixtures/mock-cert.pem": expand("{pem:RSA }", RNG) + "\n",
             "test/fixtures/deploy.pem": expand("{pem:RSA }", RNG) + "\n"}
    result, _ = run(tmp_path, "repo.secrets-tree", [Commit("init", files)])
    listed = {e.location.rsplit(":", 1)[0]: e for e in result.evidence if e.status in (Status.FAIL, Status.WARN)}
    assert {loc: e.status for loc, e in listed.items()} == {"test/fixtures/mock-cert.pem": Status.WARN,
                                                            "test/fixtures/deploy.pem": Status.FAIL}
    assert listed["test/fixtures/mock-cert.pem"].message.endswith("a test fixture named as a mock: confirm it is not "
                                                                 "a live key")


def test_a_key_named_for_localhost_is_a_development_certificates(tmp_path: Path) -> None:
    """letta `certs/localhost-key.pem`: mkcert's key for `--localhttps` local development."""
    files = {"certs/localhost-key.pem": expand("{pem:}", RNG) + "\n", "certs/server-key.pem": expand("{pem:}", RNG) + "\n"}
    result, _ = run(tmp_path, "repo.secrets-tree", [Commit("init", files)])
    listed = {e.location.rsplit(":", 1)[0]: e.status for e in result.evidence if e.status in (Status.FAIL, Status.WARN)}
    assert listed == {"certs/localhost-key.pem": Status.WARN, "certs/server-key.pem": Status.FAIL}

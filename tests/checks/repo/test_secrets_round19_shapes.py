"""Secrets shapes first met in held-out round 19 — client values a provider publishes to every install or visitor —
each with the near miss that must still be reported: Google installed-app OAuth client secrets, Firebase web keys,
an app's anonymous client_credentials secret, a Dify web-app passport, a library's default key inside a committed
virtualenv, and a placeholder inside a URL's query string."""

from __future__ import annotations

import base64
import json
import random
from pathlib import Path

import pytest

from launchready.engines.secrets.samples import expand
from launchready.lab.gitrepo import Commit
from launchready.model import Evidence, Result, Status
from tests.checks.repo.test_secrets_checks import run

RNG = random.Random("round-19-shapes")


def _at(result: Result, location: str) -> Evidence:
    found = [e for e in result.evidence if e.location == location]
    assert found, [(e.location, e.status, e.message[:80]) for e in result.evidence]
    return found[0]


def _listed(result: Result) -> list[tuple[str, Status]]:
    return sorted((e.location, e.status) for e in result.evidence if e.status in (Status.FAIL, Status.WARN))


def _gocspx() -> str:
    return "GOCSPX-" + expand("{A:28}", RNG)


def test_a_google_installed_app_client_secret_beside_its_client_id_warns_but_alone_it_fails(tmp_path: Path) -> None:
    """gpt4free's GeminiCLI.py / Antigravity.py: `OAUTH_CLIENT_ID = "681…" + "-oo8f….apps.googleusercontent.com"`
    then `OAUTH_CLIENT_SECRET = "GOC" + "SPX-…"` — the Gemini CLI's installed-app client, whose secret Google does not
    treat as confidential: a warning naming what would confirm it. A downloaded `{"installed": …}` client file is
    information. The same secret with no client id in its file, and a `{"web": …}` client file, still fail."""
    split, whole, alone, installed, web = (_gocspx() for _ in range(5))
    cid = expand("{d:12}-{a:32}", RNG)
    result, _ = run(tmp_path, "repo.secrets-tree", [Commit("init", {
        "providers/cli_client.py": (
            "class Provider:\n"
            f"    OAUTH_CLIENT_ID = (\n        \"{cid[:12]}\"\n        + \"{cid[12:]}.apps.googleusercontent.com\"\n    )\n"
            f"    OAUTH_CLIENT_SECRET = \"{split[:3]}\" + \"{split[3:]}\"\n"),
        "providers/other_cli.py": (f"CLIENT_ID = \"{cid}.apps.googleusercontent.com\"\n"
                                   f"OAUTH_CLIENT_SECRET = \"{whole}\"\n"),
        "app/settings.py": f"GOOGLE_CLIENT_SECRET = \"{alone}\"\n",
        "client_secret_installed.json": json.dumps({"installed": {
            "client_id": f"{cid}.apps.googleusercontent.com", "client_secret": installed}}, indent=1) + "\n",
        "client_secret_web.json": json.dumps({"web": {
            "client_id": f"{cid}.apps.googleusercontent.com", "client_secret": web}}, indent=1) + "\n",
    })])
    assert _listed(result) == [("app/settings.py:1", Status.FAIL), ("client_secret_web.json:4", Status.FAIL),
                               ("providers/cli_client.py:6", Status.WARN), ("providers/other_cli.py:2", Status.WARN)]
    for location in ("providers/cli_client.py:6", "providers/other_cli.py:2"):
        message = _at(result, location).message
        assert "installed (desktop/CLI) app" in message and "confirm the client's type" in message
    assert "client id *.apps.googleusercontent.com (line 4)" in _at(result, "providers/cli_client.py:6").message
    info = _at(result, "client_secret_installed.json:4")
    assert info.status is Status.PASS and "the client file says \"installed\"" in info.message


@pytest.mark.parametrize("check", ["repo.secrets-tree", "repo.secrets-history"])
def test_a_firebase_web_key_used_with_firebase_auth_is_information_but_a_vertex_key_warns(
        check: str, tmp_path: Path) -> None:
    """gpt4free's ARTA.py / GptFree.py: `AIza…` in an `identitytoolkit.googleapis.com/…:signUp?key=` URL, the web key
    of a site's Firebase Auth — public by design. open-notebook's `ChatVertexAI(api_key="AIza…")` is billed to its
    owner: still a warning."""
    firebase, vertex = expand("AIza{b:35}", RNG), expand("AIza{b:35}", RNG)
    result, (first,) = run(tmp_path, check, [Commit("init", {
        "providers/arta.py": ("class Arta:\n    auth_url = \"https://www.googleapis.com/identitytoolkit/v3/"
                              f"relyingparty/signupNewUser?key={firebase}\"\n"),
        "app/models.py": f"llm = ChatVertexAI(\n    project=p,\n    api_key=\"{vertex}\",\n)\n",
    })])
    own = "app/models.py:3" if check == "repo.secrets-tree" else f"{first[:12]}:app/models.py"
    web = "providers/arta.py:2" if check == "repo.secrets-tree" else f"{first[:12]}:providers/arta.py"
    assert _listed(result) == [(own, Status.WARN)]
    info = _at(result, web)
    assert info.status is Status.PASS and "Firebase web API key (used with googleapis.com/identitytoolkit)" \
        in info.message


def test_an_anonymous_client_credentials_secret_warns_but_a_full_client_secret_fails(tmp_path: Path) -> None:
    """gpt4free's OperaAria.py: `{"client_id": "mini-client", "client_secret": "Pcc5…", "grant_type":
    "client_credentials", "scope": "anonymous_account"}` — the browser's embedded client, good for an anonymous
    session only: a warning saying so. The same request without the anonymous scope still fails."""
    anon, full = expand("{A:64}", RNG), expand("{A:64}", RNG)
    body = ("data={{\n    \"client_id\": \"mini-client\",\n    \"client_secret\": \"{secret}\",\n"
            "    \"grant_type\": \"client_credentials\",\n    \"scope\": \"{scope}\",\n}}\n")
    result, _ = run(tmp_path, "repo.secrets-tree", [Commit("init", {
        "providers/aria.py": body.format(secret=anon, scope="anonymous_account"),
        "app/billing.py": body.format(secret=full, scope="payments.write"),
    })])
    assert _listed(result) == [("app/billing.py:3", Status.FAIL), ("providers/aria.py:3", Status.WARN)]
    assert "asks only for an anonymous scope (anonymous_account, line 5)" in _at(result, "providers/aria.py:3").message


def _jwt(payload: dict[str, object]) -> str:
    def part(obj: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")
    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part(payload)}.{expand('{b:43}', RNG)}"


def test_a_dify_web_app_passport_is_information_but_another_bearer_token_warns(tmp_path: Path) -> None:
    """gpt4free's Marsyoo.py (history): `"authorization": "Bearer eyJ…"` whose payload is Dify's `"sub": "Web API
    Passport"` with an `end_user_id` — the anonymous token the public web app gives every visitor. new.py's Puter
    user token (another HS256 JWT) is still a warning."""
    passport = _jwt({"iss": expand("{uuid}", RNG), "sub": "Web API Passport", "app_id": expand("{uuid}", RNG),
                     "app_code": expand("{A:16}", RNG), "end_user_id": expand("{uuid}", RNG)})
    user = _jwt({"t": "au", "v": "0.0.0", "uu": expand("{A:24}", RNG), "iat": 1749821526})
    result, (first,) = run(tmp_path, "repo.secrets-history", [Commit("init", {
        "providers/marsyoo.py": f"headers = {{\"authorization\": \"Bearer {passport}\"}}\n",
        "new.py": f"client = Client(api_key=\"{user}\")\n",
    })])
    assert _listed(result) == [(f"{first[:12]}:new.py", Status.WARN)]
    info = _at(result, f"{first[:12]}:providers/marsyoo.py")
    assert info.status is Status.PASS and "Dify web-app passport" in info.message


def test_a_librarys_default_google_key_in_a_committed_venv_is_information_but_the_projects_own_warns(
        tmp_path: Path) -> None:
    """gpt4free's history: `venv/lib/python3.9/site-packages/speech_recognition/__init__.py` holds the library's
    public default key (`if key is None: key = "AIza…"`) — the package's published value, listed as information. The
    same shape in the project's own code, and in the virtualenv's own script (`venv/bin/activate`), still warn."""
    library, own, activate = (expand("AIza{b:35}", RNG) for _ in range(3))
    result, (first,) = run(tmp_path, "repo.secrets-history", [Commit("init", {
        "venv/lib/python3.9/site-packages/speech_recognition/__init__.py":
            f"def recognize_google(audio, key=None):\n    if key is None: key = \"{library}\"\n",
        "app/speech.py": f"def recognize(audio, key=None):\n    if key is None: key = \"{own}\"\n",
        "venv/bin/activate": f"export GOOGLE_KEY={activate}\n",
    })])
    c = first[:12]
    assert _listed(result) == [(f"{c}:app/speech.py", Status.WARN), (f"{c}:venv/bin/activate", Status.WARN)]
    info = _at(result, f"{c}:venv/lib/python3.9/site-packages/speech_recognition/__init__.py")
    assert info.status is Status.PASS
    assert "in the code of the third-party package site-packages/speech_recognition" in info.message


def test_a_placeholder_in_a_url_query_string_is_no_secret_but_a_real_one_there_is(tmp_path: Path) -> None:
    """chatgpt-web-midjourney-proxy's README.md:41: `…?OPENAI_API_KEY=sk-xxxxx&MJ_SERVER=https://abc.com&MJ_API_SECRET
    =sk-xxx&UPLOADER_URL=` — the value ends at `&`, and `sk-xxx` is a placeholder. A random value in the same place
    is still reported."""
    real = expand("{A:32}", RNG)
    result, _ = run(tmp_path, "repo.secrets-tree", [Commit("init", {
        "README.md": ("- settings by link https://mj.your-name.com/#/s/t?OPENAI_API_BASE_URL=https://abc.com&"
                      "OPENAI_API_KEY=sk-xxxxx&MJ_SERVER=https://abc.com&MJ_API_SECRET=sk-xxx&UPLOADER_URL=\n"),
        "deploy.md": f"open https://mj.example.org/#/s/t?MJ_SERVER=https://abc.com&MJ_API_SECRET={real}&UPLOADER_URL=\n",
    })])
    assert [loc for loc, _ in _listed(result)] == ["deploy.md:1"]

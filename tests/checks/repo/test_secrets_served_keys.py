"""repo.secrets-client: a key the browser fetches from the product's own route is no key of the bundle, and test
files never ship.

Round 8 of the precision corpus: a WebRTC client fetched a session secret from its own `/token` route (minted
server-side with the provider key) and sent it to api.openai.com — reported as "the key it sends is visible to every
visitor"; `REACT_APP_*` reads in Playwright tests beside a React app were reported as client code.
"""

from __future__ import annotations

from pathlib import Path

from launchready.lab.gitrepo import Commit
from launchready.model import Status
from tests.checks.repo.test_secrets_checks import run

_PACKAGE = '{"dependencies": {"react": "18", "react-dom": "18"}, "devDependencies": {"vite": "5"}}'
_MINTING_SERVER = (
    "import express from 'express'\nconst app = express()\nconst apiKey = process.env.OPENAI_API_KEY\n"
    "app.get('/token', async (req, res) => {\n"
    "  const r = await fetch('https://api.openai.com/v1/realtime/sessions', {\n"
    "    method: 'POST', headers: { Authorization: `Bearer ${apiKey}` } })\n"
    "  res.json(await r.json())\n})\napp.listen(3000)\n")
_HANDING_SERVER = (
    "import express from 'express'\nconst app = express()\n"
    "app.get('/config', (req, res) => res.json({ key: process.env.OPENAI_API_KEY }))\napp.listen(3000)\n")


def _client(route: str, read: str) -> str:
    return ("export async function start(offer) {\n"
            f"  const tokenResponse = await fetch('{route}');\n"
            "  const data = await tokenResponse.json();\n"
            f"  const KEY = {read};\n"
            "  return fetch('https://api.openai.com/v1/realtime?model=m', {\n"
            "    method: 'POST', body: offer,\n"
            "    headers: { Authorization: `Bearer ${KEY}` } })\n}\n")


def _files(server: str, client: str) -> dict[str, str]:
    return {"package.json": _PACKAGE, "server.js": server,
            "client/index.html": '<script type="module" src="./main.jsx"></script>\n',
            "client/main.jsx": "import { start } from './session'\nstart()\n", "client/session.js": client}


def test_a_session_secret_fetched_from_the_products_own_minting_route_is_information_naming_the_route(
        tmp_path: Path) -> None:
    files = _files(_MINTING_SERVER, _client("/token", "data.client_secret.value"))
    result, _ = run(tmp_path, "repo.secrets-client", [Commit("init", files)])
    [finding] = [e for e in result.evidence if e.location == "client/session.js:5:17"]
    assert finding.status is Status.PASS and finding.message.startswith("info: browser code calls api.openai.com")
    assert "with a session key it fetched from the project's own route /token (declared at server.js:4)" \
        in finding.message
    assert "KEY ← data.client_secret.value ← await tokenResponse.json() ← await fetch('/token')" in finding.message
    assert result.status is Status.PASS


def test_a_key_fetched_from_an_own_route_that_mints_nothing_is_undetermined_and_a_bundled_key_still_fails(
        tmp_path: Path) -> None:
    files = _files(_HANDING_SERVER, _client("/config", "data.key"))
    result, _ = run(tmp_path, "repo.secrets-client", [Commit("init", files)])
    [finding] = [e for e in result.evidence if e.location == "client/session.js:5:17"]
    assert finding.status is Status.WARN
    assert ("own route /config (declared at server.js:3): KEY ← data.key ← await tokenResponse.json() ← await "
            "fetch('/config'); undetermined — if /config returns your provider key") in finding.message
    bundled = _client("/token", "import.meta.env.VITE_OPENAI_KEY")
    result, _ = run(tmp_path / "b", "repo.secrets-client", [Commit("init", _files(_MINTING_SERVER, bundled))])
    assert [e.location for e in result.evidence if e.status is Status.FAIL] == ["client/session.js:5:17"]


def test_client_prefixed_reads_in_test_files_never_ship_but_the_same_read_in_app_code_warns(tmp_path: Path) -> None:
    read = "export const password = process.env.REACT_APP_TEST_USER_PASSWORD1\n"
    files = {"webapp/package.json": '{"dependencies": {"react": "18", "react-scripts": "5"}}',
             "webapp/tests/testsMultiuser.ts": read, "webapp/e2e/login.ts": read,
             "webapp/src/login.spec.ts": read, "webapp/src/login.ts": read,
             "webapp/src/index.tsx": "import { password } from './login'\nconsole.log(password)\n"}
    result, _ = run(tmp_path, "repo.secrets-client", [Commit("init", files)])
    assert [(e.status, e.location) for e in result.evidence] == [(Status.WARN, "webapp/src/login.ts:1:37")]
    assert "client code reads REACT_APP_TEST_USER_PASSWORD1" in result.evidence[0].message

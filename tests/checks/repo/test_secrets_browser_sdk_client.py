"""repo.secrets-client: an SDK client allowed in the browser (``dangerouslyAllowBrowser: true``) exposes a key only
when its apiKey is a real key the bundle holds and its requests go to the provider.

Round 9 of the precision corpus: a React app built ``new OpenAI({apiKey: 'sk-fake', baseURL: `${host()}/v1`,
dangerouslyAllowBrowser: true})`` where ``host()`` reads ``window.location`` — requests go to the app's own
backend, which holds the keys — and was reported as "the API key ships to every visitor", in its source and its built
bundle (where the SDK's own error text, ``new OpenAI({ apiKey, dangerouslyAllowBrowser: true })``, was reported too).
"""

from __future__ import annotations

from pathlib import Path

from launchready.lab.gitrepo import Commit
from launchready.model import Status
from tests.checks.repo.test_secrets_checks import run

_PACKAGE = '{"dependencies": {"react": "18", "react-dom": "18", "openai": "4"}, "devDependencies": {"vite": "5"}}'
_HOST = ("function host() {\n  const { hostname, protocol } = window.location\n  return `${protocol}//${hostname}`\n}\n")
_SDK_GUARD = ("if(!o.dangerouslyAllowBrowser&&kN())throw new ie(`It looks like you're running in a browser-like "
              "environment.\n\nyou can set the \\`dangerouslyAllowBrowser\\` option to \\`true\\`, e.g.,\n\n"
              "new OpenAI({ apiKey, dangerouslyAllowBrowser: true });\n`);\n")


def _app(options: str) -> dict[str, str]:
    return {"frontend/package.json": _PACKAGE,
            "frontend/index.html": '<script type="module" src="/src/main.tsx"></script>\n',
            "frontend/src/main.tsx": "import { openai } from './api/openai'\nconsole.log(openai)\n",
            "frontend/src/api/openai.ts": ("import { OpenAI } from 'openai'\n" + _HOST
                                           + f"export const openai = new OpenAI({{\n{options}\n}})\n")}


def test_a_placeholder_key_sent_to_the_pages_own_origin_is_information_naming_the_address(tmp_path: Path) -> None:
    files = _app("  apiKey: 'sk-fake',\n  baseURL: `${host()}/v1`,\n  dangerouslyAllowBrowser: true")
    bundle = ("var a=1;\n" + _SDK_GUARD + 'function GN(){return`${window.location.protocol}//x`}'
              'const Gb=new XN({apiKey:"sk-fake",baseURL:`${GN()}/v1`,dangerouslyAllowBrowser:!0});\n')
    result, _ = run(tmp_path, "repo.secrets-client", [Commit("init", files)],
                    worktree={"backend/dist/assets/index-B7.js": bundle})
    assert result.status is Status.PASS
    found = {e.location: e for e in result.evidence}
    assert set(found) == {"frontend/src/api/openai.ts:9:3", "backend/dist/assets/index-B7.js:8:109"}
    source = found["frontend/src/api/openai.ts:9:3"]
    assert source.status is Status.PASS and source.message.startswith(
        "info: OpenAI/Anthropic SDK created with dangerouslyAllowBrowser sends the placeholder key 'sk-fake' to "
        "`${host()}/v1` — the page's own origin: no provider key is in this code")


def test_a_build_inlined_key_sent_to_the_provider_fails_and_a_users_key_is_information(tmp_path: Path) -> None:
    files = _app("  apiKey: import.meta.env.VITE_OPENAI_API_KEY,\n  dangerouslyAllowBrowser: true")
    result, _ = run(tmp_path, "repo.secrets-client", [Commit("init", files)])
    [finding] = [e for e in result.evidence if e.status is Status.FAIL]
    assert finding.location == "frontend/src/api/openai.ts:8:3"
    assert "the API key ships to every visitor" in finding.message

    files = _app("  apiKey: settings.openaiKey,\n  baseURL: 'https://openrouter.ai/api/v1',\n"
                 "  dangerouslyAllowBrowser: true")
    result, _ = run(tmp_path / "b", "repo.secrets-client", [Commit("init", files)])
    [finding] = result.evidence
    assert finding.status is Status.PASS and "bring-your-own-key" in finding.message
    assert "openrouter.ai" in finding.message


def test_a_key_sent_to_the_pages_own_origin_but_written_into_the_bundle_is_undetermined(tmp_path: Path) -> None:
    files = _app("  apiKey: import.meta.env.VITE_OPENAI_API_KEY,\n  baseURL: '/api/v1',\n"
                 "  dangerouslyAllowBrowser: true")
    result, _ = run(tmp_path, "repo.secrets-client", [Commit("init", files)])
    [finding] = [e for e in result.evidence if e.location == "frontend/src/api/openai.ts:9:3"]
    assert finding.status is Status.WARN
    assert "sends import.meta.env.VITE_OPENAI_API_KEY to '/api/v1' — the page's own origin" in finding.message
    assert "undetermined whether it is a provider key" in finding.message

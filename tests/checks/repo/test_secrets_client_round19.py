"""repo.secrets-client, held-out round 19: a Cloudflare Worker bundle in dist/ is server code, and a client-prefixed
variable only compared with "true" is a switch — each beside the browser bundle or the key-named variable that is
still reported."""

from __future__ import annotations

from pathlib import Path

from launchready.lab.gitrepo import Commit
from launchready.model import Status
from tests.checks.repo.test_secrets_checks import run

_CALL = ("async function ask(key, q) {\n  return fetch('https://api.openai.com/v1/chat/completions', {\n"
         "    headers: { Authorization: `Bearer ${key}` }, body: q })\n}\n")


def _statuses(result: object) -> list[tuple[Status, str]]:
    return sorted((e.status, e.location) for e in result.evidence)  # type: ignore[attr-defined]


def test_a_cloudflare_worker_bundle_in_dist_is_server_code_but_a_browser_bundle_beside_it_ships(
        tmp_path: Path) -> None:
    """ChatGPT-Telegram-Workers' dist/index-next.js: `const Workers = { async fetch(request, env) {…} };` then
    `export { Workers as default };` — the Worker wrangler deploys, run on Cloudflare. dist/worker.js with an inline
    `export default { async fetch(req, env, ctx) {…} }` is one too. dist/app.js, a bundle with no request handler
    that calls the same URL, still fails."""
    named = (_CALL + "const Workers = {\n  async fetch(request, env) {\n    return new Response(await ask(env.KEY, 1));\n"
             "  }\n};\n\nexport { Workers as default };\n")
    inline = _CALL + "export default {\n  async fetch(req, env, ctx) { return ask(env.KEY, req) }\n}\n"
    browser = _CALL + "document.querySelector('#go').onclick = () => ask(window.KEY, 'hi')\nexport { ask as default };\n"
    result, _ = run(tmp_path, "repo.secrets-client", [Commit("init", {
        "package.json": '{"devDependencies": {"wrangler": "3", "vite": "5"}}',
        "dist/index-next.js": named, "dist/worker.js": inline, "dist/app.js": browser})])
    assert _statuses(result) == [(Status.FAIL, "dist/app.js:2:17")]
    assert result.evidence[0].message.startswith("browser code calls api.openai.com directly")


def test_a_client_prefixed_variable_compared_with_true_is_a_switch_but_one_read_as_a_value_is_reported(
        tmp_path: Path) -> None:
    """sqlchat's src/utils/openai.ts:58: `return process.env.NEXT_PUBLIC_ALLOW_SELF_OPENAI_KEY == "true";` — a flag
    whatever its name says (also `"false" !== process.env.NEXT_PUBLIC_…`). `const key =
    process.env.NEXT_PUBLIC_OPENAI_API_KEY` is still a warning naming what would confirm it."""
    result, _ = run(tmp_path, "repo.secrets-client", [Commit("init", {
        "package.json": '{"dependencies": {"next": "14", "react": "18"}}',
        "src/utils/openai.ts": ("export const allowSelfOpenAIKey = () => {\n"
                                "  return process.env.NEXT_PUBLIC_ALLOW_SELF_OPENAI_KEY == \"true\";\n};\n"
                                "export const shared = () => \"false\" !== process.env.NEXT_PUBLIC_SHARE_SECRET_MODE;\n"),
        "src/components/Key.tsx": ("'use client'\nconst key = process.env.NEXT_PUBLIC_OPENAI_API_KEY\n"
                                   "export const K = () => key\n"),
    })])
    assert _statuses(result) == [(Status.WARN, "src/components/Key.tsx:2:25")]
    assert "client code reads NEXT_PUBLIC_OPENAI_API_KEY" in result.evidence[0].message

"""repo.secrets-client decides "browser code" from what ships to browsers and "calls" from what sends a request.

Round 6 of the precision corpus: provider classes that only API routes load (a Next.js app), Express endpoints
under src/, a provider URL set as an input's placeholder text and URL constants no request uses were all reported
as "browser code calls api.openai.com directly" — each is set here beside the same call where it does ship.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from launchready.engines.secrets.provider_calls import is_called
from launchready.lab.gitrepo import Commit
from launchready.model import Status
from tests.checks.repo.test_secrets_checks import run

_NEXT = '{"dependencies": {"next": "14", "react": "18", "openai": "4"}}'
_TSCONFIG = '{\n  // aliases\n  "compilerOptions": {"paths": {"@/*": ["./src/*"]},},\n}\n'
_PROVIDER = ("import OpenAI from 'openai'\nexport default class OpenAIProvider {\n"
             "  constructor(private config: {apiKey: string; baseURL: string}) {}\n"
             "  client() {\n    return new OpenAI({\n      apiKey: this.config.apiKey,\n"
             "      baseURL: this.config.baseURL || 'https://api.openai.com/v1',\n    })\n  }\n}\n")
_BROWSER_ASK = ("export async function ask(q: string) {\n"
                "  return fetch('https://api.openai.com/v1/chat/completions', {\n"
                "    headers: { Authorization: `Bearer ${OPENAI_KEY}` }, body: q })\n}\n")


def _statuses(result: object) -> list[tuple[Status, str]]:
    return [(e.status, e.location) for e in result.evidence]  # type: ignore[attr-defined]


def test_a_provider_class_only_api_routes_load_is_server_code_but_one_a_client_component_imports_ships(
        tmp_path: Path) -> None:
    files = {
        "package.json": _NEXT, "tsconfig.json": _TSCONFIG,
        "src/lib/models/providers/openai.ts": _PROVIDER,
        "src/lib/config/index.ts": "import fs from 'fs'\nimport P from '../models/providers/openai'\nexport {P, fs}\n",
        "src/app/api/chat/route.ts": "import P from '@/lib/models/providers/openai'\nexport async function POST() {}\n",
        "src/app/layout.tsx": "import config from '@/lib/config'\nexport default function L() { return null }\n",
        "src/lib/config/clientRegistry.ts": "export const unit = () => localStorage.getItem('unit')\n",
        "src/components/Weather.tsx": ("'use client'\nimport { unit } from '@/lib/config/clientRegistry'\n"
                                       "import { ask } from '@/lib/ask'\nexport const W = () => ask(unit())\n"),
        "src/lib/ask.ts": _BROWSER_ASK,
    }
    result, _ = run(tmp_path, "repo.secrets-client", [Commit("init", files)])
    assert _statuses(result) == [(Status.FAIL, "src/lib/ask.ts:2:17")]
    assert result.evidence[0].message.startswith("browser code calls api.openai.com directly")


def test_express_endpoints_under_src_and_a_placeholder_in_a_served_script_are_no_browser_call(
        tmp_path: Path) -> None:
    endpoint = ("const express = require('express');\nconst fetch = require('node-fetch').default;\n"
                "const API_OPENAI = 'https://api.openai.com/v1';\nconst router = express.Router();\n"
                "router.post('/generate', async (req, res) => {\n"
                "  const r = await fetch(`${API_OPENAI}/chat/completions`, {headers: {Authorization: `Bearer "
                "${readSecret()}`}});\n  res.send(await r.json());\n});\n")
    settings = ("function onSourceChange() {\n"
                "    $('#openai_reverse_proxy').attr('placeholder', 'https://api.anthropic.com/v1');\n}\n")
    direct = ("async function send(text) {\n  return fetch('https://api.anthropic.com/v1/messages', {\n"
              "    headers: { 'x-api-key': ANTHROPIC_KEY }, body: text })\n}\n")
    files = {"package.json": '{"dependencies": {"express": "4", "webpack": "5", "jquery": "3"}}',
             "src/endpoints/openai.js": endpoint, "public/scripts/settings.js": settings,
             "public/scripts/direct.js": direct}
    result, _ = run(tmp_path, "repo.secrets-client", [Commit("init", files)])
    assert _statuses(result) == [(Status.FAIL, "public/scripts/direct.js:2:17")]
    assert result.evidence[0].message.startswith("browser code calls api.anthropic.com directly")


def test_a_call_in_a_module_no_entry_reaches_is_undetermined_naming_what_would_confirm(tmp_path: Path) -> None:
    files = {"package.json": _NEXT, "src/lib/ask.ts": _BROWSER_ASK}
    result, _ = run(tmp_path, "repo.secrets-client", [Commit("init", files)])
    [ev] = result.evidence
    assert (ev.status, ev.location) == (Status.WARN, "src/lib/ask.ts:2:17")
    assert ev.message.startswith(
        "api.openai.com is called directly here — undetermined whether this file ships to browsers: no client entry "
        "('use client' module, page, component, script of an HTML page) was found importing src/lib/ask.ts, and no "
        "server module either; if a client entry imports it, the key it sends is visible to every visitor")
    assert result.status is Status.WARN


def test_a_page_and_a_vite_html_entry_reach_the_modules_they_import(tmp_path: Path) -> None:
    files = {"package.json": _NEXT, "pages/index.tsx": "import { ask } from '../lib/ask'\nexport default ask\n",
             "lib/ask.ts": _BROWSER_ASK,
             "ui/package.json": '{"dependencies": {"react": "18", "vite": "5", "express": "4"}}',
             "ui/index.html": '<div id="root"></div><script type="module" src="/src/main.tsx"></script>\n',
             "ui/src/main.tsx": "import { ask } from './api/ask'\nask('hi')\n", "ui/src/api/ask.ts": _BROWSER_ASK,
             "ui/server/ask.ts": _BROWSER_ASK}
    result, _ = run(tmp_path, "repo.secrets-client", [Commit("init", files)])
    assert sorted(_statuses(result)) == [(Status.FAIL, "lib/ask.ts:2:17"), (Status.FAIL, "ui/src/api/ask.ts:2:17")]


@pytest.mark.parametrize(("code", "called"), [
    ("fetch('https://api.openai.com/v1/models')", True),
    ("await axios.post(`https://api.openai.com/v1/chat/completions`, body, cfg)", True),
    ("const c = new OpenAI({ apiKey, baseURL: base || 'https://api.openai.com/v1' })", True),
    ("const API = 'https://api.openai.com/v1';\nconst r = await fetch(`${API}/chat/completions`, {})", True),
    ("const e=\"https://api.openai.com/v1\";fetch(e+\"/models\",{})", True),
    ("const API = 'https://api.openai.com/v1';\nexport default API", False),
    ("$('#proxy').attr('placeholder', 'https://api.openai.com/v1');", False),
    ("if (this.config.baseURL === 'https://api.openai.com/v1') { return defaults }", False),
    ("const PRESETS = [{ name: 'OpenAI', url: 'https://api.openai.com/v1' }]", False),
    ("<input\n  placeholder=\"https://api.openai.com/v1\"\n/>", False),
    ("// see https://api.openai.com/v1/models", False),
])
def test_a_provider_url_is_called_only_when_a_request_or_client_uses_it(code: str, called: bool) -> None:
    data = code.encode()
    assert is_called(data, data.index(b"https://api.openai.com")) is called


def test_a_client_prefixed_name_alone_warns_naming_the_value_that_would_confirm_but_a_value_fails(
        tmp_path: Path) -> None:
    files = {"package.json": _NEXT,
             "src/components/Pay.tsx": "'use client'\nexport const k = process.env.NEXT_PUBLIC_STRIPE_SECRET\n",
             ".gitignore": ".env.local\n"}
    result, _ = run(tmp_path, "repo.secrets-client", [Commit("init", files)],
                    worktree={".env.local": "NEXT_PUBLIC_SESSION_SECRET=q7Rk2vX9pL4mZ8wTq7Rk2vX9\n"})
    by_location = {e.location: e for e in result.evidence}
    name_only, valued = by_location["src/components/Pay.tsx:2:30"], by_location[".env.local:1:1"]
    assert name_only.status is Status.WARN and name_only.message.startswith(
        "client code reads NEXT_PUBLIC_STRIPE_SECRET: a NEXT_PUBLIC_ variable is inlined into the browser bundle — "
        "undetermined whether it holds a secret (only its name says so): the value set for NEXT_PUBLIC_STRIPE_SECRET "
        "where the app is built would confirm it")
    assert valued.status is Status.FAIL
    assert valued.message.startswith("NEXT_PUBLIC_SESSION_SECRET holds a secret in a client-prefixed variable")


@pytest.mark.parametrize(("key", "status", "words"), [
    ("process.env.NEXT_PUBLIC_OPENAI_KEY", Status.FAIL,
     "browser code calls api.openai.com directly: the key it sends is visible to every visitor"),
    ("process.env.OPENAI_API_KEY", Status.WARN,
     "browser code calls api.openai.com directly with the key in process.env.OPENAI_API_KEY: undetermined — a browser "
     "build leaves process.env.OPENAI_API_KEY undefined unless the build config defines it (next.config env, webpack "
     "DefinePlugin, vite define): that config would confirm it ships"),
    ("config.API_KEY", Status.WARN, "browser code calls api.openai.com directly with the key in config.API_KEY: "
                                    "undetermined"),
])
def test_a_key_from_the_environment_ships_only_under_a_client_prefix(
        tmp_path: Path, key: str, status: Status, words: str) -> None:
    chat = ("'use client'\nexport async function ask(q: string) {\n"
            "  return fetch('https://api.openai.com/v1/chat/completions', {\n"
            f"    headers: {{ Authorization: `Bearer ${{{key}}}` }}, body: q }})\n}}\n")
    result, _ = run(tmp_path, "repo.secrets-client", [Commit("init", {"package.json": _NEXT,
                                                                      "src/components/Chat.tsx": chat})])
    listed = [e for e in result.evidence if e.location == "src/components/Chat.tsx:3:17"]
    assert [e.status for e in listed] == [status] and listed[0].message.startswith(words)

"""repo.secrets-client: a server route that sends the server's provider key to an endpoint the caller names
(sqlchat's ``/api/chat``: ``x-openai-endpoint`` from the request, ``x-openai-key || OPENAI_API_KEY``) hands the key to
anyone who names a host they control — a fail; an endpoint checked against a list, or a key only the caller sends, is
not."""

from __future__ import annotations

from pathlib import Path

from launchready.checks.repo.secrets_client import CHECK
from launchready.model import Status
from tests.checks.repo.static_helpers import run_static

_UTILS = ("export const openAIApiKey = process.env.OPENAI_API_KEY;\n"
          "export const openAIApiEndpoint = \"https://api.openai.com\";\n")
_ROUTE = '''import { NextRequest } from "next/server";
import { openAIApiEndpoint, openAIApiKey } from "@/utils";

const getApiEndpoint = (apiEndpoint: string) => {
  const url = new URL(apiEndpoint);
  url.pathname = "/v1/chat/completions";
  return url;
};

const handler = async (req: NextRequest) => {
  const reqBody = await req.json();
  const apiKey = req.headers.get("x-openai-key")FALLBACK;
  let headers: { [key: string]: string } = {
    "Content-Type": "application/json",
    Authorization: `Bearer ${apiKey}`,
  };
  const apiEndpoint = getApiEndpoint(req.headers.get("x-openai-endpoint") || openAIApiEndpoint);EXTRA_CHECK
  const remoteRes = await fetch(apiEndpoint, {
    headers: headers,
    method: "POST",
    body: JSON.stringify({ messages: reqBody.messages, stream: true }),
  });
  return new Response(remoteRes.body);
};

export default handler;
'''


def _run(tmp_path: Path, fallback: str = " || openAIApiKey", check: str = "") -> list[tuple[Status, str, str]]:
    route = _ROUTE.replace("FALLBACK", fallback).replace("EXTRA_CHECK", check)
    files = {"src/utils/index.ts": _UTILS, "src/pages/api/chat.ts": route}
    result = run_static(tmp_path, CHECK, files)
    return [(e.status, e.location, e.message) for e in result.evidence]


def test_the_servers_key_sent_to_an_endpoint_the_caller_names_fails(tmp_path: Path) -> None:
    assert _run(tmp_path) == [(
        Status.FAIL, "src/pages/api/chat.ts:18",
        "the server's key (openAIApiKey, held in `headers`) is sent to an endpoint the caller names (`apiEndpoint`, "
        "from the request's header 'x-openai-endpoint' (src/pages/api/chat.ts:17)) — anyone who names a host they "
        "control receives the key; keep the endpoint fixed when the server's key is used, or check it against a list "
        "of allowed hosts")]


def test_an_endpoint_checked_against_a_list_or_a_key_only_the_caller_sends_is_no_relay(tmp_path: Path) -> None:
    checked = ('\n  if (!["https://api.openai.com"].includes(apiEndpoint.origin)) '
               'return new Response("endpoint not allowed", { status: 400 });')
    assert _run(tmp_path / "checked", check=checked) == []
    assert _run(tmp_path / "own-key", fallback="") == []

"""repo.route-auth on a Next.js route handler that only relays its request to the project's own API with the
caller's Authorization header: it takes the upstream route's authentication, so it is a warn naming the upstream,
never a "no auth" fail. A relay that sends the operator's own key instead, or a handler that does more than relay,
is judged as before."""

from __future__ import annotations

from pathlib import Path

from launchready.checks.repo.route_auth import CHECK
from launchready.model import Status
from tests.checks.repo.static_helpers import run_static

_PACKAGE = '{"name": "web", "dependencies": {"next": "15.0.0", "react": "19.0.0"}}'
_PROXY = '''import type { NextRequest } from 'next/server'

const INTERNAL_API_URL = process.env.INTERNAL_API_URL || 'http://localhost:5055'

export async function sseProxy(req: NextRequest, upstreamPath: string) {
  const body = await req.text()
  const auth = req.headers.get('authorization')
  const upstream = await fetch(`${INTERNAL_API_URL}${upstreamPath}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(auth ? { Authorization: auth } : {}) },
    body,
  })
  return new Response(upstream.body, { status: upstream.status })
}
'''
_OPERATOR = '''import type { NextRequest } from 'next/server'

export async function modelProxy(req: NextRequest, upstreamPath: string) {
  const upstream = await fetch(`${process.env.OPENAI_BASE_URL}${upstreamPath}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${process.env.OPENAI_API_KEY}` },
    body: await req.text(),
  })
  return new Response(upstream.body, { status: upstream.status })
}
'''
_ASK = '''import type { NextRequest } from 'next/server'
import { sseProxy } from '../../_sse-proxy'

export async function POST(req: NextRequest) {
  return sseProxy(req, '/api/search/ask')
}
'''
_MESSAGES = '''import type { NextRequest } from 'next/server'
import { sseProxy } from '../../../_sse-proxy'

export async function POST(req: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  return sseProxy(req, `/api/sessions/${encodeURIComponent(id)}/messages`)
}
'''
_COMPLETE = '''import type { NextRequest } from 'next/server'
import { modelProxy } from '../../_model-proxy'

export async function POST(req: NextRequest) {
  return modelProxy(req, '/v1/chat/completions')
}
'''


def test_a_route_that_relays_the_callers_credential_takes_the_upstreams_auth(tmp_path: Path) -> None:
    result = run_static(tmp_path, CHECK, {
        "package.json": _PACKAGE, "src/app/api/_sse-proxy.ts": _PROXY, "src/app/api/_model-proxy.ts": _OPERATOR,
        "src/app/api/search/ask/route.ts": _ASK, "src/app/api/sessions/[id]/messages/route.ts": _MESSAGES,
        "src/app/api/chat/complete/route.ts": _COMPLETE})
    by_location = {e.location: e for e in result.evidence}
    ask = by_location["src/app/api/search/ask/route.ts:4"]
    assert ask.status is Status.WARN, ask
    assert ask.message.startswith(
        "POST /api/search/ask forwards the caller's Authorization header to INTERNAL_API_URL/api/search/ask "
        "(src/app/api/_sse-proxy.ts:5) and checks nothing itself"), ask.message
    messages = by_location["src/app/api/sessions/[id]/messages/route.ts:4"]
    assert messages.status is Status.WARN, messages
    assert "INTERNAL_API_URL/api/sessions/{id}/messages" in messages.message, messages.message
    # the near miss: a relay that spends the operator's key forwards no caller credential — still unauthenticated
    complete = by_location["src/app/api/chat/complete/route.ts:4"]
    assert complete.status is Status.FAIL, complete
    assert complete.message.startswith("POST /api/chat/complete has no auth dependency"), complete.message

"""route-auth and rate-limit-config on the frameworks read by file convention or decorator (SvelteKit, Remix,
NestJS), the ones sharing Express's shape (Fastify, Hono), Next 16's proxy.ts, and frameworks not read."""

from __future__ import annotations

from pathlib import Path

import pytest

from launchready.checks.repo import rate_limit_config, route_auth
from launchready.model import Status
from tests.checks.repo.static_helpers import at, messages, run_static

SVELTE_DEBUG = """import { json } from '@sveltejs/kit';
import { OPENAI_API_KEY } from '$env/static/private';

export const GET = async () => {
  return json({ key: OPENAI_API_KEY.slice(0, 4) });
};
"""
SVELTE_GUARDED = """import { error, json } from '@sveltejs/kit';

export async function POST({ locals, request }) {
  const session = await locals.auth();
  if (!session) throw error(401, 'sign in');
  return json({});
}
"""
SVELTE_HOOKS = """import { redirect } from '@sveltejs/kit';

export const handle = async ({ event, resolve }) => {
  const session = await event.locals.auth();
  if (!session && event.url.pathname.startsWith('/api')) throw redirect(303, '/login');
  return resolve(event);
};
"""


def test_sveltekit_unauthenticated_debug_endpoint_fails_at_its_export(tmp_path: Path) -> None:
    result = run_static(tmp_path, route_auth.CHECK, {
        "package.json": '{"devDependencies": {"@sveltejs/kit": "^2"}}',
        "src/routes/__debug/openai/+server.ts": SVELTE_DEBUG,
        "src/routes/(app)/api/conversation/[id]/+server.ts": SVELTE_GUARDED,
    })
    assert result.status is Status.FAIL, result.evidence
    assert at(result, Status.FAIL) == ["src/routes/__debug/openai/+server.ts:4"]
    assert messages(result, Status.FAIL) == ["GET /__debug/openai has no auth dependency"]
    assert result.metrics["routes"] == 2  # the guarded POST /api/conversation/[id] was read and judged


def test_sveltekit_hooks_server_guard_covers_every_endpoint(tmp_path: Path) -> None:
    result = run_static(tmp_path, route_auth.CHECK, {
        "src/hooks.server.ts": SVELTE_HOOKS,
        "src/routes/__debug/openai/+server.ts": SVELTE_DEBUG,
    })
    assert result.status is Status.PASS, result.evidence
    assert result.metrics["central_auth"] == 1


def test_next16_proxy_ts_is_the_middleware(tmp_path: Path) -> None:
    route = "export async function GET(req: Request) {\n  return Response.json([])\n}\n"
    bare = run_static(tmp_path / "a", route_auth.CHECK, {"app/api/history/route.ts": route})
    assert at(bare, Status.FAIL) == ["app/api/history/route.ts:1"]
    proxied = run_static(tmp_path / "b", route_auth.CHECK, {
        "app/api/history/route.ts": route,
        "proxy.ts": "import { auth } from './auth'\n\nexport default auth((req) => {})\n"
                    "export const config = { matcher: ['/api/:path*'] }\n",
    })
    assert proxied.status is Status.PASS, proxied.evidence


def test_remix_resource_route_is_judged_and_page_routes_are_not(tmp_path: Path) -> None:
    result = run_static(tmp_path, route_auth.CHECK, {
        "app/routes/api.chat.$id.ts": "export async function action({ request, params }) {\n  return json({})\n}\n",
        "app/routes/_index.tsx": "export const loader = async () => ({})\nexport default function Index() {}\n",
        "app/routes/api.export.ts": "export async function loader({ request }) {\n"
                                    "  const userId = await requireUserId(request)\n  return json({ userId })\n}\n",
    })
    assert result.status is Status.FAIL, result.evidence
    assert messages(result, Status.FAIL) == ["POST /api/chat/:id has no auth dependency"]
    assert at(result, Status.FAIL) == ["app/routes/api.chat.$id.ts:1"]
    assert result.metrics["routes"] == 2 and result.metrics["hand_auth"] == 1


NEST = """import { Controller, Delete, Get, Param, UseGuards } from '@nestjs/common';
import { JwtAuthGuard } from './jwt.guard';

@Controller('conversations')
export class ConversationsController {
  @Get(':id')
  @UseGuards(JwtAuthGuard)
  findOne(@Param('id') id: string) {
    return this.service.find(id);
  }

  @UseGuards(JwtAuthGuard)
  @Get()
  list() {
    return [];
  }

  @Delete(':id')
  remove(@Param('id') id: string) {
    return this.service.remove(id);
  }
}
"""


def test_nestjs_guards_before_or_after_the_verb_and_an_unguarded_method(tmp_path: Path) -> None:
    result = run_static(tmp_path, route_auth.CHECK, {"src/conversations.controller.ts": NEST})
    assert result.status is Status.FAIL, result.evidence
    assert messages(result, Status.FAIL) == ["DELETE /conversations/:id has no auth dependency"]
    assert at(result, Status.FAIL) == ["src/conversations.controller.ts:18"]
    guarded = run_static(tmp_path / "g", route_auth.CHECK, {
        "src/conversations.controller.ts": NEST.replace("@Controller('conversations')",
                                                        "@UseGuards(JwtAuthGuard)\n@Controller('conversations')")})
    assert guarded.status is Status.PASS, guarded.evidence


@pytest.mark.parametrize(("source", "guarded"), [
    ("import Fastify from 'fastify'\nconst app = Fastify()\napp.post('/api/chat', async (req, reply) => ({}))\n", False),
    ("import Fastify from 'fastify'\nconst app = Fastify()\n"
     "app.post('/api/chat', { onRequest: [app.authenticate] }, async (req, reply) => ({}))\n", True),
    ("import Fastify from 'fastify'\nconst app = Fastify()\napp.addHook('onRequest', verifyJwt)\n"
     "app.post('/api/chat', async (req, reply) => ({}))\n", True),
    ("import { Hono } from 'hono'\nconst app = new Hono()\napp.post('/api/chat', (c) => c.json({}))\n", False),
    ("import { Hono } from 'hono'\nimport { jwt } from 'hono/jwt'\nconst app = new Hono()\n"
     "app.use('/api/*', jwt({ secret: process.env.JWT_SECRET }))\napp.post('/api/chat', (c) => c.json({}))\n", True),
])
def test_fastify_and_hono_routes_and_their_guards(tmp_path: Path, source: str, guarded: bool) -> None:
    result = run_static(tmp_path, route_auth.CHECK, {"src/server.ts": source})
    if guarded:
        assert result.status is Status.PASS, result.evidence
    else:
        assert messages(result, Status.FAIL) == ["POST /api/chat has no auth dependency"]
        assert at(result, Status.FAIL) == ["src/server.ts:3"]


def test_a_framework_we_do_not_read_is_named_never_a_silent_skip(tmp_path: Path) -> None:
    files = {"package.json": '{"dependencies": {"nuxt": "^3.12"}}',
             "server/api/chat.post.ts": "export default defineEventHandler(async (event) => ({}))\n"}
    result = run_static(tmp_path, route_auth.CHECK, files)
    assert result.status is Status.WARN, result
    assert at(result, Status.WARN) == ["package.json"]
    assert messages(result, Status.WARN)[0].startswith("Nuxt: routes not read")
    limits = run_static(tmp_path / "r", rate_limit_config.CHECK, files)
    assert limits.status is Status.WARN and at(limits, Status.WARN) == ["package.json"]
    server = "from aiohttp import web\n\napp = web.Application()\n"
    python = run_static(tmp_path / "p", route_auth.CHECK, {"requirements.txt": "aiohttp==3.9\nopenai\n", "app.py": server})
    assert python.status is Status.WARN and messages(python, Status.WARN)[0].startswith("aiohttp: routes not read")
    # a Convex backend: its queries, mutations and actions are what every client calls
    convex = run_static(tmp_path / "x", route_auth.CHECK, {
        "package.json": '{"dependencies": {"convex": "^1.9", "react": "18"}}',
        "convex/notes.ts": "export const save = mutation({ args: {}, handler: async (ctx) => ctx.db.insert('n', {}) })\n"})
    assert convex.status is Status.WARN and messages(convex, Status.WARN)[0].startswith("Convex: routes not read")
    # aiohttp used as an HTTP client only: there are no aiohttp routes to read
    client = run_static(tmp_path / "c", route_auth.CHECK, {"requirements.txt": "aiohttp==3.9\n",
                                                           "fetch.py": "import aiohttp\n\nasync def get(u):\n    pass\n"})
    assert client.status is Status.SKIP, client.evidence


def test_deleting_a_conversation_is_not_a_chat_request(tmp_path: Path) -> None:
    source = ("import express from 'express'\nconst app = express()\n"
              "app.delete('/api/chat', requireAuth, (req, res) => res.json({}))\n"
              "app.post('/api/chat', requireAuth, async (req, res) => res.json(await streamText(req.body)))\n")
    result = run_static(tmp_path, rate_limit_config.CHECK, {"server.js": source})
    assert result.status is Status.FAIL, result.evidence
    assert at(result, Status.FAIL) == ["server.js:4"]  # the POST; never the DELETE on line 3


HOOK_MODULE = """import { base } from '$app/paths';

export async function handleRequest({ event, resolve }) {
  if (event.url.pathname.startsWith(`${base}/admin/`) || event.url.pathname === `${base}/admin`) {
    const ADMIN_SECRET = config.ADMIN_API_SECRET;
    if (!ADMIN_SECRET) {
      return errorResponse(500, 'Admin API is not configured');
    }
    if (event.request.headers.get('Authorization') !== `Bearer ${ADMIN_SECRET}`) return errorResponse(401, 'Unauthorized');
  }
  if (
    loginEnabled &&
    !event.locals.user &&
    !event.url.pathname.startsWith(`${base}/login`) &&
    !['GET', 'OPTIONS', 'HEAD'].includes(event.request.method)
  ) {
    return errorResponse(401, 'login required');
  }
  return resolve(event);
}
"""


def test_sveltekit_hook_rules_read_through_lib_cover_by_path_and_method(tmp_path: Path) -> None:
    """hooks.server delegating to $lib: /admin/ is guarded for every method, anonymous writes are refused
    everywhere but /login, anonymous reads pass — so only the unauthenticated GET of internals fails."""
    result = run_static(tmp_path, route_auth.CHECK, {
        "src/hooks.server.ts": "import { handleRequest } from '$lib/server/hooks/handle';\n"
                               "export const handle = async (input) => handleRequest(input);\n",
        "src/lib/server/hooks/handle.ts": HOOK_MODULE,
        "src/routes/admin/export/+server.ts": "export async function POST({ request }) {\n  return new Response()\n}\n",
        "src/routes/api/transcribe/+server.ts": "export async function POST({ request }) {\n  return json({})\n}\n",
        "src/routes/__debug/openai/+server.ts": SVELTE_DEBUG,
        "src/routes/api/models/+server.ts": "export async function GET() {\n  return json(models)\n}\n",
        "src/routes/api/conversations/+server.ts": "export async function DELETE({ locals }) {\n"
                                                   "  await db.deleteMany(authCondition(locals))\n  return new Response()\n}\n",
        "src/routes/login/callback/+server.ts": "export async function POST({ url }) {\n  return new Response()\n}\n",
    })
    assert messages(result, Status.FAIL) == ["GET /__debug/openai has no auth dependency"]
    assert result.metrics["public"] == 1  # POST /login/callback: exempt in the hook, public by default
    assert at(result, Status.WARN) == ["src/routes/api/models/+server.ts:1"]
    # admin/export (the /admin/ rule), api/transcribe and the DELETE (anonymous writes refused)
    assert result.metrics["central_auth"] == 3 and result.metrics["hand_auth"] == 0


def test_express_middleware_arrays_and_verifiers_read_from_their_definition(tmp_path: Path) -> None:
    """`[validatedRequest, roleValid([...])]`: the array is read, and validatedRequest counts as auth because
    its definition reads the Authorization header and answers 401 — whatever its name says."""
    middleware = ("async function validatedRequest(request, response, next) {\n"
                  "  const auth = request.header('Authorization')\n  if (!auth) {\n"
                  "    response.status(401).json({ error: 'No auth token found.' })\n    return\n  }\n  next()\n}\n"
                  "module.exports = { validatedRequest }\n")
    endpoints = ("function workspaceEndpoints(app) {\n"
                 "  app.post(\n    '/workspace/:slug/upload',\n    [validatedRequest, roleValid(['admin'])],\n"
                 "    async (request, response) => response.json({})\n  )\n"
                 "  app.post('/workspace/:slug/chat', [roleValid(['admin'])], async (request, response) => {})\n}\n")
    result = run_static(tmp_path, route_auth.CHECK, {"server/utils/middleware/validatedRequest.js": middleware,
                                                     "server/endpoints/workspaces.js": endpoints})
    assert messages(result, Status.FAIL) == ["POST /workspace/:slug/chat has no auth dependency"]
    assert at(result, Status.FAIL) == ["server/endpoints/workspaces.js:7"]
    assert result.metrics["central_auth"] == 1


def test_static_files_and_third_party_callbacks_are_public_by_default(tmp_path: Path) -> None:
    source = ("from fastapi import FastAPI\napp = FastAPI()\n\n@app.get('/public/{filename:path}')\ndef public_file(filename):\n"
              "    pass\n\n@app.post('/slack/events')\nasync def slack(request):\n    pass\n\n"
              "@app.get('/files/{file_id}')\ndef download(file_id):\n    pass\n")
    result = run_static(tmp_path, route_auth.CHECK, {"server.py": source})
    assert messages(result, Status.FAIL) == ["GET /files/{file_id} has no auth dependency"]
    assert result.metrics["public"] == 2


def test_client_calls_in_front_end_code_are_not_routes(tmp_path: Path) -> None:
    source = ("class ExtendedAPI extends BaseAPI {\n  async share(threadId) {\n"
              "    const res = await this.put(`/project/thread/share`, {\n      threadId\n    })\n    return res.json()\n  }\n}\n"
              "export const upload = (data) => axios.post('/api/files', data)\n")
    result = run_static(tmp_path, route_auth.CHECK, {"frontend/src/api/index.ts": source})
    assert result.status is Status.SKIP, result.evidence


def test_a_handler_calling_a_project_session_check_is_hand_auth_not_none(tmp_path: Path) -> None:
    """getServerProfile() reads the Supabase session and throws without one: the routes calling it check
    auth by hand (a warning when many do), never 'no auth'."""
    helper = ("import { cookies } from 'next/headers'\n\nexport async function getServerProfile() {\n"
              "  const supabase = createServerClient(url, key, { cookies: { get: (n) => cookies().get(n) } })\n"
              "  const user = (await supabase.auth.getUser()).data.user\n"
              "  if (!user) {\n    throw new Error('User not found')\n  }\n  return user\n}\n")
    route = ("import { getServerProfile } from '@/lib/server/helpers'\n\nexport async function POST(request: Request) {\n"
             "  const profile = await getServerProfile()\n  return Response.json({})\n}\n")
    files = {"lib/server/helpers.ts": helper, **{f"app/api/chat/{p}/route.ts": route for p in ("openai", "azure", "groq")},
             "app/api/keys/route.ts": "export async function GET() {\n  return Response.json(keys)\n}\n"}
    result = run_static(tmp_path, route_auth.CHECK, files)
    assert messages(result, Status.FAIL) == ["GET /api/keys has no auth dependency"]
    assert sorted(at(result, Status.WARN)) == [f"app/api/chat/{p}/route.ts:3" for p in ("azure", "groq", "openai")]
    assert all("getServerProfile()" in m for m in messages(result, Status.WARN))


def test_a_per_user_quota_in_the_handler_is_a_rate_limit(tmp_path: Path) -> None:
    quota = ("export async function POST(request: Request) {\n  const session = await auth()\n"
             "  const count = await getMessageCountByUserId({ id: session.user.id, differenceInHours: 24 })\n"
             "  if (count > entitlements[session.user.type].maxMessagesPerDay) {\n"
             "    return new ChatSDKError('rate_limit:chat').toResponse()\n  }\n  return streamText({})\n}\n")
    files = {"app/(chat)/api/chat/route.ts": quota,
             "app/api/files/upload/route.ts": "export async function POST(request: Request) {\n  return put(file)\n}\n"}
    result = run_static(tmp_path, rate_limit_config.CHECK, files)
    assert at(result, Status.FAIL) == ["app/api/files/upload/route.ts:1"]  # the chat route limits itself
    assert messages(result, Status.FAIL) == ["upload route POST /api/files/upload is not rate limited (no limiter on this route)"]


def test_shadowed_duplicates_redirects_and_signature_checks_are_not_unprotected_routes(tmp_path: Path) -> None:
    source = ("from fastapi import FastAPI, Depends\nfrom fastapi.responses import RedirectResponse\napp = FastAPI()\n\n"
              "@app.put('/api/reports/{rid}', dependencies=[Depends(current_user)])\ndef update(rid):\n    pass\n\n"
              "@app.put('/api/reports/{rid}')\ndef update_again(rid):\n    pass\n\n"
              "@app.get('/conversation')\ndef home():\n    return RedirectResponse('/')\n\n"
              "@app.post('/hooks/chatwoot')\ndef chatwoot(request):\n"
              "    if not is_valid_chatwoot_signature(request.body, request.headers.get('X-Sig')):\n"
              "        return 'Unauthorized', 401\n\n"
              "@app.delete('/api/reports/{rid}/files')\ndef wipe(rid):\n    pass\n")
    result = run_static(tmp_path, route_auth.CHECK, {"server/app.py": source})
    assert messages(result, Status.FAIL) == ["DELETE /api/reports/{rid}/files has no auth dependency"]
    assert result.metrics["routes"] == 5 and result.metrics["central_auth"] == 1


def test_tool_text_that_merely_says_select_from_is_not_sql() -> None:
    from launchready.engines.tool_discovery import SQL_TEXT

    assert not SQL_TEXT.search("Using LLM to select 3 tools from 10 available")
    assert SQL_TEXT.search("SELECT name, email FROM users WHERE id = {uid}")


def test_a_device_token_middleware_answering_400_is_auth_and_an_embed_lookup_is_a_gate_not_auth(
        tmp_path: Path) -> None:
    """`validDeviceToken` reads a token header of its own and answers 400 without it: authentication. An
    embed-config lookup that answers 404 for an unknown id reads no credential: the route behind it is a
    warning (confirm, or declare it public), not a blocker; a route behind nothing stays a fail."""
    middleware = ("async function validDeviceToken(request, response, next) {\n"
                  "  const token = request.header('x-app-mobile-device-token')\n"
                  "  if (!token) return response.status(400).json({ error: 'Device token is required' })\n"
                  "  next()\n}\n"
                  "async function validEmbedConfig(request, response, next) {\n"
                  "  const embed = await EmbedConfig.get({ uuid: String(request.params.embedId) })\n"
                  "  if (!embed) { response.sendStatus(404).end(); return }\n  next()\n}\n"
                  "module.exports = { validDeviceToken, validEmbedConfig }\n")
    endpoints = ("function endpoints(app) {\n"
                 "  app.post('/mobile/send/:command', [validDeviceToken], async (request, response) => {})\n"
                 "  app.post('/embed/:embedId/stream-chat', [validEmbedConfig], async (request, response) => {})\n"
                 "  app.post('/workspace/:slug/chat', async (request, response) => {})\n}\n")
    result = run_static(tmp_path, route_auth.CHECK, {"server/middleware.js": middleware,
                                                     "server/endpoints.js": endpoints})
    assert at(result, Status.FAIL) == ["server/endpoints.js:4"]
    assert at(result, Status.WARN) == ["server/endpoints.js:3"]
    assert "behind validEmbedConfig (project middleware that can refuse a request but reads no credential)" \
        in messages(result, Status.WARN)[0]
    assert result.metrics["central_auth"] == 1


def test_a_sveltekit_get_that_only_redirects_serves_nothing_to_protect(tmp_path: Path) -> None:
    source = ("import { redirect } from '@sveltejs/kit';\n\nexport const GET = async () => {\n"
              "  redirect(302, `${base}/`);\n};\n")
    result = run_static(tmp_path, route_auth.CHECK, {"src/routes/conversation/+server.ts": source})
    assert result.status is Status.PASS, messages(result, Status.FAIL) + messages(result, Status.WARN)


def test_setting_authorization_on_an_outgoing_call_is_not_checking_auth(tmp_path: Path) -> None:
    """A proxy that writes `headers["Authorization"]` for its upstream call checks nothing inbound: the route
    is unauthenticated, not "auth checked by hand"."""
    handler = ("  const headers = {}\n  headers[\"Authorization\"] = `Bearer ${settings.KEY}`\n"
               "  res.json(await (await fetch(UPSTREAM, { headers })).json())\n")
    source = "const express = require('express')\nconst app = express()\n" + "".join(
        f"app.post('/proxy/{n}/messages', async (req, res) => {{\n{handler}}})\n" for n in range(3))
    result = run_static(tmp_path, route_auth.CHECK, {"server.js": source})
    assert at(result, Status.FAIL) == ["server.js:3", "server.js:8", "server.js:13"]
    assert result.metrics["hand_auth"] == 0


def test_a_route_that_only_sets_the_callers_cookie_is_a_warning_and_one_that_stores_it_fails(
        tmp_path: Path) -> None:
    source = ("from fastapi import APIRouter, Request, Response\nrouter = APIRouter()\n\n"
              "@router.post('/set-session-cookie')\nasync def set_session_cookie(request: Request, response: Response):\n"
              "    body = await request.json()\n    response.set_cookie(key='sid', value=body.get('session_id'))\n"
              "    return {'message': 'set'}\n\n"
              "@router.post('/sessions/store')\nasync def store(request: Request, response: Response):\n"
              "    body = await request.json()\n    db.sessions.insert(body)\n"
              "    response.set_cookie(key='sid', value=body.get('session_id'))\n")
    result = run_static(tmp_path, route_auth.CHECK, {"app/server.py": source})
    assert at(result, Status.FAIL) == ["app/server.py:10"]
    assert at(result, Status.WARN) == ["app/server.py:4"]
    assert "only sets the caller's own cookies (response.set_cookie)" in messages(result, Status.WARN)[0]


# --- NestJS guards read from their class (round 3: Hexabot's global `Ability` guard) ---------------------

NEST_ABILITY_GUARD = """import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

@Injectable()
export class Ability implements CanActivate {
  constructor(private reflector: Reflector) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const roles = this.reflector.get<string[]>('roles', context.getHandler());
    if (roles?.includes('public')) {
      return true;
    }
    const { user } = context.switchToHttp().getRequest();
    if (!user) {
      throw new UnauthorizedException();
    }
    return user.roles.length > 0;
  }
}
"""
NEST_ROLES = "import { SetMetadata } from '@nestjs/common';\n\nexport const Roles = (...roles: string[]) => " \
             "SetMetadata('roles', roles);\n"
NEST_APP_MODULE = """import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Ability } from './ability.guard';

@Module({
  providers: [{ provide: APP_GUARD, useClass: Ability }],
})
export class AppModule {}
"""
NEST_SETTINGS = """import { Body, Controller, Get, Patch, Post } from '@nestjs/common';
import { Roles } from './roles.decorator';

@Controller('setting')
export class SettingController {
  @Get()
  async findSettings() {
    return this.settingService.findAll();
  }

  @Patch(':id')
  async updateOne(@Body() body: unknown) {
    return this.settingService.update(body);
  }

  @Roles('public')
  @Post('reset')
  async requestReset(@Body() body: unknown) {
    return this.resetService.requestReset(body);
  }
}
"""


def test_a_nestjs_global_guard_that_refuses_anonymous_callers_authenticates_every_route_it_does_not_exempt(
        tmp_path: Path) -> None:
    files = {"src/ability.guard.ts": NEST_ABILITY_GUARD, "src/roles.decorator.ts": NEST_ROLES,
             "src/app.module.ts": NEST_APP_MODULE, "src/setting.controller.ts": NEST_SETTINGS}
    result = run_static(tmp_path, route_auth.CHECK, files)
    assert result.status is Status.PASS, result.evidence
    # GET /setting and PATCH /setting/:id behind Ability; POST /setting/reset is @Roles('public'), which Ability
    # reads and lets through: declared public by the code
    assert result.metrics == {"routes": 3, "central_auth": 2, "public": 1, "hand_auth": 0, "unprotected": 0}
    without_guard = run_static(tmp_path / "none", route_auth.CHECK,
                               {k: v for k, v in files.items() if k != "src/app.module.ts"})
    assert without_guard.status is Status.FAIL, without_guard.evidence
    # every route, POST /setting/reset included: its marker means nothing when no guard reads it
    assert at(without_guard, Status.FAIL) == ["src/setting.controller.ts:6", "src/setting.controller.ts:11",
                                              "src/setting.controller.ts:17"]
    assert messages(without_guard, Status.FAIL)[1] == "PATCH /setting/:id has no auth dependency"
    # a guard that reads the metadata but only lets everyone through when it is *absent* exempts nobody
    inverted = NEST_ABILITY_GUARD.replace("if (roles?.includes('public')) {\n      return true;",
                                          "if (!roles) {\n      return true;")
    mixed = run_static(tmp_path / "inverted", route_auth.CHECK, {**files, "src/ability.guard.ts": inverted})
    assert mixed.status is Status.WARN, mixed.evidence
    assert at(mixed, Status.WARN) == ["src/setting.controller.ts:17"]
    assert messages(mixed, Status.WARN) == [
        "POST /setting/reset: authentication undetermined — it is behind Ability reads the metadata "
        "@Roles('public') sets, and what it does with it was not read; if that authenticates, name it in "
        '[checks."repo.route-auth"] auth-dependencies, or declare the route in [api] public']


NEST_JWT_GUARD = """import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { IS_PUBLIC_KEY } from './public.decorator';

@Injectable()
export class SessionGate extends AuthGuard('jwt') {
  constructor(private reflector: Reflector) { super(); }

  canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) {
      return true;
    }
    return super.canActivate(context);
  }
}
"""
NEST_PUBLIC = "import { SetMetadata } from '@nestjs/common';\n\nexport const IS_PUBLIC_KEY = 'isPublic';\n" \
              "export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);\n"
NEST_MAIN = """import { NestFactory, Reflector } from '@nestjs/core';
import { AppModule } from './app.module';
import { SessionGate } from './session.guard';

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.useGlobalGuards(new SessionGate(app.get(Reflector)));
  await app.listen(3000);
}
bootstrap();
"""
NEST_CHAT = """import { Body, Controller, Delete, Get, Param, Post, SetMetadata } from '@nestjs/common';
import { Public } from './public.decorator';

@Controller('conversations')
export class ConversationsController {
  @Delete(':id')
  remove(@Param('id') id: string) {
    return this.service.remove(id);
  }

  @Public()
  @Get('shared/:id')
  shared(@Param('id') id: string) {
    return this.service.shared(id);
  }

  @SetMetadata('isPublic', true)
  @Post('feedback')
  feedback(@Body() body: unknown) {
    return this.service.feedback(body);
  }
}
"""


def test_nestjs_use_global_guards_and_public_markers_the_guard_reads(tmp_path: Path) -> None:
    files = {"src/session.guard.ts": NEST_JWT_GUARD, "src/public.decorator.ts": NEST_PUBLIC, "src/main.ts": NEST_MAIN,
             "src/conversations.controller.ts": NEST_CHAT}
    result = run_static(tmp_path, route_auth.CHECK, files)
    assert result.status is Status.PASS, result.evidence
    assert result.metrics == {"routes": 3, "central_auth": 1, "public": 2, "hand_auth": 0, "unprotected": 0}
    # the marker only counts because the guard reads it: a guard that ignores it leaves the routes behind auth
    ignoring = NEST_JWT_GUARD.replace("if (isPublic) {\n      return true;\n    }\n", "")
    strict = run_static(tmp_path / "strict", route_auth.CHECK, {**files, "src/session.guard.ts": ignoring})
    assert strict.status is Status.WARN, strict.evidence  # `isPublic` read, effect not recognised
    assert at(strict, Status.WARN) == ["src/conversations.controller.ts:12", "src/conversations.controller.ts:18"]
    assert at(strict, Status.FAIL) == []


def test_a_nestjs_guard_whose_class_is_not_in_the_project_leaves_its_routes_undetermined(tmp_path: Path) -> None:
    module = NEST_APP_MODULE.replace("import { Ability } from './ability.guard';",
                                     "import { Ability } from '@acme/nest-access';")
    result = run_static(tmp_path, route_auth.CHECK, {"src/app.module.ts": module, "src/roles.decorator.ts": NEST_ROLES,
                                                     "src/setting.controller.ts": NEST_SETTINGS})
    assert result.status is Status.WARN, result.evidence
    assert at(result, Status.FAIL) == []
    assert at(result, Status.WARN) == ["src/setting.controller.ts:6", "src/setting.controller.ts:11",
                                       "src/setting.controller.ts:17"]
    assert messages(result, Status.WARN)[1] == (
        "PATCH /setting/:id: authentication undetermined — it is behind Ability: its class is not in the project "
        "(a library's guard, or generated); if that authenticates, name it in [checks.\"repo.route-auth\"] "
        "auth-dependencies, or declare the route in [api] public")
    assert result.summary == "3 route(s) behind a guard that could not be read: authentication undetermined"
    # naming it settles it
    named = run_static(tmp_path / "named", route_auth.CHECK,
                       {"src/app.module.ts": module, "src/roles.decorator.ts": NEST_ROLES,
                        "src/setting.controller.ts": NEST_SETTINGS},
                       checks={"repo.route-auth": {"auth-dependencies": ["Ability"]}})
    assert named.status is Status.PASS, named.evidence


def test_a_nestjs_handler_named_like_an_auth_word_is_no_auth_call(tmp_path: Path) -> None:
    controller = """import { Controller, Delete, Get, Param } from '@nestjs/common';

@Controller('permission')
export class PermissionController {
  @Get()
  async findPermissions() {
    return this.permissionService.findAll();
  }

  @Delete(':id')
  async deletePermission(@Param('id') id: string) {
    return this.permissionService.delete(id);
  }

  @Get('count')
  async countPermissions() {
    return this.permissionService.count();
  }
}
"""
    result = run_static(tmp_path, route_auth.CHECK, {"src/permission.controller.ts": controller})
    assert result.status is Status.FAIL, result.evidence
    assert result.metrics["hand_auth"] == 0
    assert messages(result, Status.FAIL) == ["DELETE /permission/:id has no auth dependency"]


TRPC_HANDLER = """import { createNextApiHandler } from "@trpc/server/adapters/next";
import { appRouter } from "../../../server/api/root";
import { createTRPCContext } from "../../../server/api/trpc";

export default createNextApiHandler({
  router: appRouter,
  createContext: createTRPCContext,
});
"""


def test_a_route_that_hands_requests_to_trpc_is_undetermined_not_unauthenticated(tmp_path: Path) -> None:
    result = run_static(tmp_path, route_auth.CHECK, {
        "package.json": '{"dependencies": {"next": "14", "@trpc/server": "10"}}',
        "src/pages/api/trpc/[trpc].ts": TRPC_HANDLER,
        "src/pages/api/export.ts": "export default async function handler(req, res) {\n"
                                   "  res.json(await db.conversation.findMany());\n}\n",
    })
    assert at(result, Status.FAIL) == ["src/pages/api/export.ts:1"]  # a plain handler is still judged
    assert at(result, Status.WARN) == ["src/pages/api/trpc/[trpc].ts:5", "package.json"]
    undetermined, coverage = messages(result, Status.WARN)
    assert undetermined.startswith("ANY /api/trpc/[trpc]: authentication undetermined — it is behind tRPC "
                                   "(createNextApiHandler): each procedure it dispatches to decides its own auth")
    assert coverage.startswith("tRPC: routes not read")


NEST_LOCAL_GUARD = """import { Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';

@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {}
"""
NEST_AUTH_CONTROLLER = """import { Controller, Post, Req, UseGuards } from '@nestjs/common';
import { LocalAuthGuard } from './local-auth.guard';

@Controller('auth')
export class AuthController {
  @UseGuards(LocalAuthGuard)
  @Post('local')
  async login(@Req() req) {
    return req.user;
  }
}
"""


def test_a_nestjs_route_behind_passports_local_strategy_is_the_login_for_rate_limits(tmp_path: Path) -> None:
    """Round 3 (Hexabot): `POST /auth/local` names no login, and the password is read by the Passport strategy,
    not the handler; the guard says it: `extends AuthGuard('local')`."""
    files = {"src/local-auth.guard.ts": NEST_LOCAL_GUARD, "src/auth.controller.ts": NEST_AUTH_CONTROLLER}
    result = run_static(tmp_path, rate_limit_config.CHECK, files)
    assert at(result, Status.FAIL) == ["src/auth.controller.ts:7"]
    assert messages(result, Status.FAIL) == [
        "login route POST /auth/local is not rate limited (no rate limiter anywhere in the project)"]
    jwt = run_static(tmp_path / "jwt", rate_limit_config.CHECK,
                     {"src/local-auth.guard.ts": NEST_LOCAL_GUARD.replace("'local'", "'jwt'"),
                      "src/auth.controller.ts": NEST_AUTH_CONTROLLER})
    assert jwt.status is Status.PASS, jwt.evidence  # a JWT guard in front: a signed-in caller, no login
    auth = run_static(tmp_path / "auth", route_auth.CHECK, files)  # the strategy is the route's auth
    assert auth.status is Status.PASS and auth.metrics["central_auth"] == 1, auth.evidence


REFLEX_STATE = """import reflex as rx
from openai import OpenAI


class State(rx.State):
    answer: str = ""

    @rx.event
    async def process_question(self, form_data: dict):
        client = OpenAI()
        self.answer = client.chat.completions.create(model="gpt-4o", messages=[]).choices[0].message.content
"""


def test_a_reflex_app_says_its_event_handlers_were_not_read_instead_of_skipping(tmp_path: Path) -> None:
    """Round 2 (reflex-chat): state events served on `/_event` to every visitor were a silent "no HTTP routes"."""
    files = {"requirements.txt": "reflex==0.6.0\nopenai\n", "chat/state.py": REFLEX_STATE}
    for check in (route_auth.CHECK, rate_limit_config.CHECK):
        result = run_static(tmp_path / check.meta.id, check, files)
        assert result.status is Status.WARN, result.evidence
        assert at(result, Status.WARN) == ["requirements.txt"]
        assert messages(result, Status.WARN)[0].startswith("Reflex: routes not read")
    other = run_static(tmp_path / "other", route_auth.CHECK,
                       {"requirements.txt": "reflex-hosting-cli\nopenai\n", "chat/state.py": "x = 1\n"})
    assert other.status is Status.SKIP, other.evidence  # another package whose name starts with reflex


_FILES_ROUTE = ("export async function GET() {\n  const files = await openai.files.list()\n"
                "  return Response.json(files)\n}\n"
                "export async function DELETE(request) {\n  const { fileId } = await request.json()\n"
                "  await openai.files.del(fileId)\n  return new Response()\n}\n")


def test_next_route_tsx_is_a_route_file_and_fails_when_the_project_authenticates_no_one(tmp_path: Path) -> None:
    result = run_static(tmp_path, route_auth.CHECK, {
        "package.json": '{"dependencies": {"next": "14"}}',
        "app/api/assistants/files/route.tsx": _FILES_ROUTE,
    })
    assert at(result, Status.FAIL) == ["app/api/assistants/files/route.tsx:1", "app/api/assistants/files/route.tsx:5"]
    assert messages(result, Status.FAIL) == ["GET /api/assistants/files has no auth dependency",
                                             "DELETE /api/assistants/files has no auth dependency"]
    assert all("the project has no middleware file" in e.detail for e in result.evidence)


_NEXTAUTH_MIDDLEWARE = ("import NextAuth from 'next-auth'\nimport { authConfig } from './auth.config'\n\n"
                        "export default NextAuth(authConfig).auth\n\n"
                        "export const config = { matcher: ['/', '/api/:path*', '/login'] }\n")
_AUTHORIZED = """export const authConfig = {
  pages: { signIn: '/login' },
  providers: [],
  callbacks: {
    authorized({ auth, request: { nextUrl } }) {
      let isLoggedIn = !!auth?.user;
      if (nextUrl.pathname.startsWith('/login')) {
        return true;
      }
      if (isLoggedIn) return true;
      return false;
    },
  },
}
"""


def test_nextauth_v5_middleware_authenticates_through_its_authorized_callback(tmp_path: Path) -> None:
    """``export default NextAuth(authConfig).auth`` is the Next middleware; its ``authorized`` callback returns
    false for a signed-out caller, so every matched route is behind it."""
    files = {"package.json": '{"dependencies": {"next": "14", "next-auth": "5.0.0-beta.4"}}',
             "middleware.ts": _NEXTAUTH_MIDDLEWARE, "auth.config.ts": _AUTHORIZED,
             "app/api/assistants/files/route.ts": _FILES_ROUTE}
    result = run_static(tmp_path / "a", route_auth.CHECK, files)
    assert result.status is Status.PASS, result.evidence
    assert result.metrics["central_auth"] == 2
    # a callback that lets everyone through authenticates no one: undetermined, never a pass
    files["auth.config.ts"] = _AUTHORIZED.replace("return false;", "return true;")
    result = run_static(tmp_path / "b", route_auth.CHECK, files)
    assert at(result, Status.FAIL) == []
    assert at(result, Status.WARN) == ["app/api/assistants/files/route.ts:1", "app/api/assistants/files/route.ts:5"]
    assert all("authentication undetermined — it is behind middleware.ts (middleware.ts:1), NextAuth's middleware"
               in m for m in messages(result, Status.WARN))


def test_an_unguarded_next_route_in_a_project_with_an_auth_library_is_undetermined(tmp_path: Path) -> None:
    """A middleware the check cannot read as auth (it only sets headers) and next-auth in the manifest: the
    project may authenticate somewhere the check does not connect to the route — undetermined, naming next-auth."""
    result = run_static(tmp_path, route_auth.CHECK, {
        "package.json": '{"dependencies": {"next": "14", "next-auth": "4"}}',
        "middleware.ts": "import { NextResponse } from 'next/server'\n"
                         "export function middleware(request) {\n  return NextResponse.next()\n}\n",
        "app/api/assistants/files/route.ts": _FILES_ROUTE,
        "lib/session.ts": 'import NextAuth from "next-auth"\nexport const handlers = NextAuth({})\n',
    })
    assert at(result, Status.FAIL) == []
    assert at(result, Status.WARN) == ["app/api/assistants/files/route.ts:1", "app/api/assistants/files/route.ts:5"]
    assert all("authentication undetermined" in m and "the auth library next-auth (package.json)" in m
               for m in messages(result, Status.WARN))


def test_a_pinned_python_framework_no_source_file_imports_serves_no_routes(tmp_path: Path) -> None:
    """QAnything pins `streamlit` in requirements.txt and imports it nowhere: no Streamlit page to judge. Imported
    once (`import streamlit as st`), its pages are named as not read."""
    files = {"requirements.txt": "streamlit==1.30\nopenai\n", "app.py": "print('no ui here')\n"}
    result = run_static(tmp_path / "a", route_auth.CHECK, files)
    assert not [m for m in messages(result, Status.WARN) if m.startswith("Streamlit")]
    used = {**files, "ui/page.py": "import streamlit as st\n\nst.title('chat')\n"}
    result = run_static(tmp_path / "b", route_auth.CHECK, used)
    assert messages(result, Status.WARN)[0].startswith("Streamlit: routes not read")


def test_an_oauth_start_or_callback_file_route_is_a_sign_in_step(tmp_path: Path) -> None:
    """openai-responses-starter-app `app/api/google/{auth,callback}/route.ts`: handlers named `GET`, the path and the
    openid-client step (`buildAuthorizationUrl`, `authorizationCodeGrant`) say they sign the caller in."""
    start = ("import { buildAuthorizationUrl } from 'openid-client';\nexport async function GET() {\n"
             "  const url = buildAuthorizationUrl(config, { scope: 'openid' });\n  return Response.redirect(url);\n}\n")
    back = ("import { authorizationCodeGrant } from 'openid-client';\nexport async function GET(req: Request) {\n"
            "  const tokens = await authorizationCodeGrant(config, new URL(req.url));\n"
            "  await db.tokens.create({ data: tokens });\n  return Response.redirect('/');\n}\n")
    other = "export async function POST(req: Request) {\n  await db.tokens.deleteMany({});\n  return Response.json({});\n}\n"
    status = ("import { getSessionId } from '@/lib/session';\nexport async function GET() {\n"
              "  const id = await getSessionId();\n  return Response.json(await db.tokens.findFirst({ where: { id } }));\n}\n")
    files = {"package.json": '{"dependencies": {"next": "15"}}', "app/api/google/auth/route.ts": start,
             "app/api/google/callback/route.ts": back, "app/api/google/reset/route.ts": other,
             "app/api/google/status/route.ts": status, "app/api/google/files/route.ts": status}
    result = run_static(tmp_path, route_auth.CHECK, files)
    assert at(result, Status.FAIL) == ["app/api/google/reset/route.ts:1"]
    assert not [e for e in result.evidence if e.status is not Status.PASS
                and ("google/auth/" in e.location or "google/callback/" in e.location)]

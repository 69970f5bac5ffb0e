"""repo.route-auth decides from what the code does, not from names or shapes: a dependency yielding a database
session, a UI package's HTTP client calls, a SvelteKit handler refusing a caller without ``locals.user``, a
per-resource key compared in the handler, a handler that only sends a fixed page, a function named like an
authenticator that looks a user up by e-mail."""

from __future__ import annotations

from pathlib import Path

from launchready.checks.repo.route_auth import CHECK
from launchready.model import Status
from tests.checks.repo.static_helpers import at, messages, run_static

_DB = ("from sqlmodel import Session, create_engine\n\nengine = create_engine('sqlite://')\n\n\n"
       "def get_session():\n    with Session(engine) as session:\n        yield session\n")
_MAIN = ("from fastapi import Depends, FastAPI\nfrom sqlmodel import Session\nfrom db import get_session\n\n"
         "app = FastAPI()\n\n\n@app.get('/history')\ndef history(session: Session = Depends(get_session)):\n"
         "    return session.exec('select * from thread').all()\n")


def test_a_dependency_yielding_a_database_session_is_no_authentication(tmp_path: Path) -> None:
    result = run_static(tmp_path / "a", CHECK, {"db.py": _DB, "main.py": _MAIN})
    assert messages(result, Status.FAIL) == ["GET /history has no auth dependency"]
    assert at(result, Status.FAIL) == ["main.py:8"]
    assert result.metrics["central_auth"] == 0
    # a get_session that reads the caller's cookie and refuses is authentication, whatever it returns
    login = ("from fastapi import HTTPException, Request\n\n\ndef get_session(request: Request):\n"
             "    token = request.cookies.get('session')\n    if not token:\n"
             "        raise HTTPException(status_code=401)\n    return token\n")
    result = run_static(tmp_path / "b", CHECK, {"db.py": login, "main.py": _MAIN})
    assert result.status is Status.PASS and result.metrics["central_auth"] == 1


_UI_CALLS = ("import api from '../services/api'\n\nexport function Login() {\n"
             "  const submit = async (values) => { await api.post('/user/login', values) }\n"
             "  return <form onSubmit={submit} />\n}\n")
_SERVER = ("import Fastify from 'fastify'\nconst fastify = Fastify()\n"
           "fastify.post('/user/login', { schema: {} }, loginHandler)\n")


def test_a_ui_packages_client_calls_are_no_routes(tmp_path: Path) -> None:
    files = {"package.json": '{"private": true}',
             "app/ui/package.json": '{"dependencies": {"react": "^18", "react-dom": "^18", "axios": "^1"}}',
             "app/ui/src/Login.tsx": _UI_CALLS, "app/ui/src/Profile.tsx": _UI_CALLS.replace("/user/login", "/user/me"),
             "server/package.json": '{"dependencies": {"fastify": "^4"}}', "server/src/app.ts": _SERVER}
    result = run_static(tmp_path / "a", CHECK, files)
    assert [e.location for e in result.evidence if e.location.startswith("app/ui/")] == []
    assert result.metrics["routes"] == 1
    # in a package that also serves (a React + Express app) registrations are still read; an awaited call,
    # whose result the page uses, is a client's request wherever it is
    files["app/ui/package.json"] = '{"dependencies": {"react-dom": "^18", "express": "^4"}}'
    files["app/ui/src/Profile.tsx"] = _UI_CALLS.replace("/user/login", "/user/me").replace(
        "  return <form", "  api.post('/user/me', meHandler)\n  return <form")
    result = run_static(tmp_path / "b", CHECK, files)
    assert [e.location for e in result.evidence if e.location.startswith("app/ui/")] == ["app/ui/src/Profile.tsx:5"]


_HOOK = ("export const handle = async ({ event, resolve }) => {\n  const token = event.cookies.get('session')\n"
         "  const { user } = await validateSessionToken(token)\n  event.locals.user = user\n"
         "  return resolve(event)\n}\n")
_REFUSING = ("import { error } from '@sveltejs/kit';\n\nexport async function GET({ locals: { user } }) {\n"
             "\tif (!user) {\n\t\terror(401, 'Unauthorized');\n\t}\n"
             "\treturn Response.json(await getChatsByUserId({ id: user.id }));\n}\n")
_OPEN = ("export async function POST({ request }) {\n  const { chatId } = await request.json();\n"
         "  return updateChatVisibility({ chatId });\n}\n")


def test_a_sveltekit_handler_refusing_without_the_hooks_user_is_authenticated(tmp_path: Path) -> None:
    files = {"package.json": '{"devDependencies": {"@sveltejs/kit": "^2"}}', "src/hooks.server.ts": _HOOK,
             "src/routes/api/history/+server.ts": _REFUSING, "src/routes/api/visibility/+server.ts": _OPEN,
             "src/lib/server/db/queries.ts": ("export function getAuthUser(email: string) {\n"
                                              "  return db.select().from(user).where(eq(user.email, email));\n}\n")}
    result = run_static(tmp_path / "a", CHECK, files)
    assert "src/routes/api/history/+server.ts:3" not in [e.location for e in result.evidence]
    assert result.metrics["central_auth"] == 1
    # its neighbour, which reads no user, is the forgotten guard — and getAuthUser (a lookup by e-mail) is
    # named nowhere as what the project authenticates with
    assert at(result, Status.FAIL) == ["src/routes/api/visibility/+server.ts:1"]
    assert not any("getAuthUser" in e.message + e.detail for e in result.evidence)
    # without the hook that resolves locals.user, the refusal is a hand check, not central auth
    files["src/hooks.server.ts"] = "export const handle = async ({ event, resolve }) => resolve(event);\n"
    result = run_static(tmp_path / "b", CHECK, files)
    assert result.metrics["central_auth"] == 0 and result.metrics["hand_auth"] == 1
    assert any("GET /api/history (!locals.user → 401, src/routes/api/history/+server.ts:3)" in e.detail
               for e in result.evidence)


_BOT_ROUTES = ("import { FastifyPluginAsync } from 'fastify';\nimport { chatAPIHandler, chatHandler } from "
               "'../handlers/bot';\n\nconst root: FastifyPluginAsync = async (fastify) => {\n"
               "  fastify.post('/:id/api', { schema: {} }, chatAPIHandler);\n"
               "  fastify.post('/:id', { schema: {} }, chatHandler);\n"
               "  fastify.get('/:id/page', { schema: {} }, async (request, reply) => {\n"
               "    return reply.sendFile('bot.html');\n  });\n"
               "};\n"
               "export default root;\n")
_API_HANDLER = ("export const chatAPIHandler = async (request, reply) => {\n"
                "  const bot = await prisma.bot.findFirst({ where: { publicId: request.params.id } });\n"
                "  if (bot.bot_api_key !== request.headers['x-api-key']) {\n"
                "    return reply.status(403).send({ message: 'Forbidden' });\n  }\n"
                "  return reply.send(await answer(bot, request.body));\n};\n")


def test_a_handler_comparing_a_key_header_with_a_stored_key_checks_auth_by_hand(tmp_path: Path) -> None:
    files = {"package.json": '{"dependencies": {"fastify": "^4"}}', "src/routes/bot.ts": _BOT_ROUTES,
             "src/routes/admin.ts": ("import { FastifyPluginAsync } from 'fastify';\n"
                                     "const root: FastifyPluginAsync = async (fastify) => {\n"
                                     "  fastify.get('/admin/bots', { onRequest: [fastify.authenticate] }, listBots);\n"
                                     "};\nexport default root;\n"),
             "src/handlers/bot/index.ts": "export * from './api.handler';\nexport * from './chat.handler';\n",
             "src/handlers/bot/api.handler.ts": _API_HANDLER,
             "src/handlers/bot/chat.handler.ts": ("export const chatHandler = async (request, reply) => "
                                                  "reply.send(await answer(request.body));\n"),
             # the same name elsewhere in the project: the imported one is read
             "src/handlers/v1/chat.handler.ts": ("export const chatAPIHandler = async (request, reply) => "
                                                 "reply.send({});\n")}
    result = run_static(tmp_path / "a", CHECK, files)
    located = [e.location for e in result.evidence]
    assert "src/routes/bot.ts:5" not in located  # POST /:id/api refuses without the bot's key
    assert "src/routes/bot.ts:7" not in located  # GET /:id/page only sends bot.html
    # a per-resource key says nothing of the neighbour: POST /:id stays undetermined, not a forgotten guard
    assert at(result, Status.FAIL) == []
    assert "src/routes/bot.ts:6" in at(result, Status.WARN)
    # a key compared with a literal, or a handler sending a page built from data, is neither
    files["src/handlers/bot/api.handler.ts"] = _API_HANDLER.replace("bot.bot_api_key !== ", "'abc' !== ")
    files["src/routes/bot.ts"] = _BOT_ROUTES.replace("return reply.sendFile('bot.html');",
                                                     "return reply.view('bot.html', await prisma.bot.findMany());")
    result = run_static(tmp_path / "b", CHECK, files)
    located = [e.location for e in result.evidence]
    assert "src/routes/bot.ts:5" in located and "src/routes/bot.ts:7" in located

from __future__ import annotations

from pathlib import Path

import pytest

from launchready.checks.repo.rate_limit_config import CHECK
from launchready.model import Status
from tests.checks.repo.static_helpers import at, messages, run_example, run_static

ROUTES = ("@app.post('/auth/login')\n{deco}def login(form: LoginForm):\n    return verify_password(form.password)\n\n"
          "@app.post('/chat')\n{deco}def chat(request: Request):\n    return client.chat.completions.create(messages=[])\n")


def test_no_limiter_fails_per_route_class(tmp_path: Path) -> None:
    result = run_static(tmp_path, CHECK, {"main.py": "app = FastAPI()\n\n" + ROUTES.format(deco="")})
    assert result.status is Status.FAIL
    assert at(result, Status.FAIL) == ["main.py:3", "main.py:7"]
    assert messages(result, Status.FAIL)[0] == ("login route POST /auth/login is not rate limited "
                                                "(no rate limiter anywhere in the project)")


def test_a_chat_named_route_whose_handler_calls_no_model_is_a_warning_not_a_blocker(tmp_path: Path) -> None:
    """A report store's `POST /reports/{id}/chat` that only appends a message does no paid work; `/api/chat`
    whose helper streams a completion does (both unlimited)."""
    source = ("app = FastAPI()\n\n@app.post('/reports/{rid}/chat')\nasync def add_report_chat_message(rid: str, request: Request):\n"
              "    message = await request.json()\n    await store.append(rid, message)\n    return {'ok': True}\n\n"
              "@app.post('/api/chat')\nasync def chat(request: Request):\n    body = await request.json()\n"
              "    return StreamingResponse(stream_answer(body))\n\n\n"
              "def stream_answer(body):\n    return client.chat.completions.create(messages=body, stream=True)\n")
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert at(result, Status.FAIL) == ["main.py:9"]
    assert at(result, Status.WARN) == ["main.py:3"]
    assert "no model call was seen in its handler" in messages(result, Status.WARN)[0]


def test_a_chat_name_and_a_generation_word_are_no_model_call(tmp_path: Path) -> None:
    """`/api/chat` calling a `stream_answer` the project does not define shows a name, not a model call:
    undetermined, a warning naming the word; the same route once `stream_answer` reaches a client is a fail."""
    source = ("app = FastAPI()\n\n@app.post('/api/chat')\nasync def chat(request: Request):\n"
              "    return StreamingResponse(stream_answer(await request.json()))\n")
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert at(result, Status.WARN) == ["main.py:3"]
    assert messages(result, Status.WARN) == [
        "chat route POST /api/chat is not rate limited (no rate limiter anywhere in the project) — named like a chat "
        "route, but no model call was seen in its handler or what it calls (only 'StreamingResponse(', a name): "
        "confirm it does paid work"]


def test_a_status_probe_under_a_chat_named_path_is_undetermined(tmp_path: Path) -> None:
    """`/chat-completions/status` that only lists the provider's models, and `/chat-completions/bias` that runs a
    local tokenizer, are named like chat routes and call no model: warnings, not blocking fails."""
    server = ("const express = require('express')\nconst router = express.Router()\n"
              "router.post('/chat-completions/status', async function (request, response_getstatus_openai) {\n"
              "  const models = await fetch(request.body.api_url + '/models')\n"
              "  return response_getstatus_openai.send(await models.json())\n})\n"
              "router.post('/chat-completions/bias', async function (request, response) {\n"
              "  const tokenizer = getTokenizerModel(request.body.model)\n  return response.send(tokenizer.encode('x'))\n})\n"
              "module.exports = { router }\n")
    result = run_static(tmp_path, CHECK, {"server.js": server})
    assert at(result, Status.FAIL) == []
    assert at(result, Status.WARN) == ["server.js:3", "server.js:7"]
    assert messages(result, Status.WARN)[0].startswith(
        "chat route POST /chat-completions/status is not rate limited")
    assert "(only 'openai', a name)" in messages(result, Status.WARN)[0]


def test_a_client_built_only_to_list_models_is_no_model_call(tmp_path: Path) -> None:
    """A settings route reaching `new OpenAI({...})` used only for `client.models.list()` asks for no completion
    and is no chat route; the same route once the client creates a chat completion is a chat route and fails."""
    helper = ("const { OpenAI } = require('openai');\nasync function getProviderModels(key) {\n"
              "  const client = new OpenAI({ apiKey: key });\n  return (await client.models.list()).data;\n}\n"
              "module.exports = { getProviderModels };\n")
    server = ("const express = require('express');\nconst { getProviderModels } = require('./models');\n"
              "const app = express();\napp.post('/system/custom-models', async (req, res) => {\n"
              "  res.json(await getProviderModels(req.body.key));\n});\napp.listen(3000);\n")
    listing = run_static(tmp_path / "a", CHECK, {"server.js": server, "models.js": helper})
    assert at(listing, Status.FAIL) == []
    asking = helper.replace("return (await client.models.list()).data;",
                            "return client.chat.completions.create({ model: 'gpt-4o', messages: [] });")
    completing = run_static(tmp_path / "b", CHECK, {"server.js": server, "models.js": asking})
    assert at(completing, Status.FAIL) == ["server.js:4"]
    assert "getProviderModels" in messages(completing, Status.FAIL)[0]


def test_a_handler_is_not_credited_with_the_next_handlers_model_call(tmp_path: Path) -> None:
    """An apostrophe in a comment (`isn't`) made the route reader run `/status` on past its end into
    `/generate`; `/status` only lists models, and the `/v1/completions` request is `/generate`'s."""
    server = ("const express = require('express');\nconst router = express.Router();\n"
              "router.post('/status', async function (request, response) {\n"
              "    const models = await fetch(request.body.api_server + '/v1/models');\n"
              "    // the backend isn't streaming here\n    return response.send(await models.json());\n});\n\n"
              "router.post('/generate', async function (request, response) {\n"
              "    const reply = await fetch(request.body.api_server + '/v1/completions', { method: 'POST' });\n"
              "    return response.send(await reply.json());\n});\nmodule.exports = { router };\n")
    result = run_static(tmp_path, CHECK, {"server.js": server})
    assert [(e.status, e.location, e.message) for e in result.evidence] == [
        (Status.FAIL, "server.js:9", "route POST /generate calls a model (/v1/completions) and is not rate limited "
                                     "(no rate limiter anywhere in the project)")]


def test_a_method_of_a_project_class_the_handler_builds_is_followed(tmp_path: Path) -> None:
    """`POST /chats` builds a `ChatFlow` and streams `chat_flow.chat()`; the flow's own method calls
    `self._fast_llm.predict(...)` two steps down: a chat route by what it does. A flow whose methods only
    read the database is none."""
    flow = ("class ChatFlow:\n    def __init__(self, session, messages):\n        self._fast_llm = get_llm(session)\n"
            "        self.messages = messages\n\n    def chat(self):\n        yield from self._builtin_chat()\n\n"
            "    def _builtin_chat(self):\n        question = self._refine_question()\n        yield question\n\n"
            "    def _refine_question(self):\n        return self._fast_llm.predict(self.messages)\n\n\n"
            "class HistoryFlow:\n    def chat(self):\n        return self._load_rows()\n\n"
            "    def _load_rows(self):\n        return db.select_all()\n")
    routes = ("from app.flow import ChatFlow, HistoryFlow\nrouter = APIRouter()\n\n\n@router.post('/chats')\n"
              "def chats(session: SessionDep, chat_request: ChatRequest):\n"
              "    chat_flow = ChatFlow(session, chat_request.messages)\n"
              "    return StreamingResponse(chat_flow.chat())\n\n\n@router.post('/histories')\n"
              "def histories(session: SessionDep):\n    flow = HistoryFlow()\n    return flow.chat()\n")
    result = run_static(tmp_path, CHECK, {"app/flow.py": flow, "app/routes.py": routes})
    assert [(e.status, e.location, e.message) for e in result.evidence] == [
        (Status.FAIL, "app/routes.py:5", "route POST /chats calls a model (ChatFlow.chat → ChatFlow._builtin_chat → "
         "ChatFlow._refine_question → self._fast_llm.predict() and is not rate limited (no rate limiter anywhere in "
         "the project)")]


def test_a_later_registration_of_the_same_route_is_not_judged(tmp_path: Path) -> None:
    """FastAPI dispatches to the first `POST /chat`; the second handler never runs."""
    source = ("app = FastAPI()\n\n@app.post('/chat')\n@limiter.limit('5/minute')\ndef chat(request: Request):\n"
              "    return llm.invoke(request)\n\n@app.post('/chat')\ndef chat_again(request: Request):\n"
              "    return llm.invoke(request)\n")
    result = run_static(tmp_path, CHECK, {"main.py": "limiter = Limiter(key_func=k)\n" + source})
    assert result.status is Status.PASS, messages(result, Status.FAIL)


def test_limiter_missing_on_one_route_class(tmp_path: Path) -> None:
    source = ("limiter = Limiter(key_func=get_remote_address)\napp = FastAPI()\n\n@app.post('/auth/login')\n"
              "@limiter.limit('5/minute')\ndef login(request: Request):\n    pass\n\n"
              "@app.post('/files')\ndef upload(request: Request):\n    pass\n")
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert at(result, Status.FAIL) == ["main.py:9"]
    assert "upload route POST /files is not rate limited (no limiter on this route)" in messages(result, Status.FAIL)


@pytest.mark.parametrize(("path", "source"), [
    ("main.py", "limiter = Limiter(key_func=k)\napp = FastAPI()\n\n" + ROUTES.format(deco="@limiter.limit('5/minute')\n")),
    ("main.py", "limiter = Limiter(key_func=k, default_limits=['100/hour'])\napp = FastAPI()\n\n" + ROUTES.format(deco="")),
    ("views.py", "from django_ratelimit.decorators import ratelimit\napp = Flask(__name__)\n\n" + ROUTES.format(
        deco="@ratelimit(key='ip', rate='5/m')\n")),
    ("server.js", "const express = require('express')\nconst rateLimit = require('express-rate-limit')\nconst app = express()\n"
     "app.use(rateLimit({ windowMs: 60000, max: 100 }))\napp.post('/login', (req, res) => res.json({}))\n"),
    ("server.js", "const express = require('express')\nconst app = express()\nconst loginLimiter = rateLimit({max: 5})\n"
     "app.post('/login', loginLimiter, (req, res) => res.json({}))\n"),
])
def test_limiters_per_framework_pass(tmp_path: Path, path: str, source: str) -> None:
    result = run_static(tmp_path, CHECK, {path: source})
    assert result.status is Status.PASS, result.evidence


def test_gateway_limit_covers_everything(tmp_path: Path) -> None:
    files = {"main.py": "app = FastAPI()\n\n" + ROUTES.format(deco=""),
             "deploy/nginx.conf": "http {\n  limit_req_zone $binary_remote_addr zone=api:10m rate=5r/s;\n"
                                  "  server {\n    limit_req zone=api burst=10;\n  }\n}\n"}
    result = run_static(tmp_path, CHECK, files)
    assert result.status is Status.PASS, result.evidence


def test_examples(tmp_path: Path) -> None:
    vulnerable = run_example(tmp_path, CHECK, "vulnerable")
    assert vulnerable.status is Status.FAIL
    assert at(vulnerable, Status.FAIL) == ["main.py:137", "main.py:270", "main.py:337"]
    assert run_example(tmp_path, CHECK, "hardened").status is Status.PASS


def test_login_named_routes_that_take_no_credential_are_not_logins(tmp_path: Path) -> None:
    """An OAuth start (`POST /login` redirecting to Google), a token issued to the signed-in caller
    (`POST /token`) and a handler that reads nothing from the request (`POST /session` returning config)
    cannot be brute-forced; the password login next to them is found, and a login-named handler whose
    credential check is not visible is a warning."""
    source = ("app = FastAPI()\n\n@app.post('/login')\nasync def start(request: Request):\n"
              "    return await oauth.google.authorize_redirect(request, '/auth')\n\n"
              "@app.post('/token')\nasync def issue(request: Request, name: str = ''):\n"
              "    return {'token': await create_token(user=request.user.object, name=name)}\n\n"
              "@app.post('/session')\nasync def session():\n    return {'auth': bool(os.environ.get('SECRET'))}\n\n"
              "@app.post('/auth/login')\nasync def password_login(form: OAuth2PasswordRequestForm = Depends()):\n"
              "    return await users.check(form.username, form.password)\n\n"
              "@app.post('/signin')\nasync def signin(payload: dict):\n    return await service.start(payload)\n")
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert at(result, Status.FAIL) == ["main.py:15"]
    assert at(result, Status.WARN) == ["main.py:19"]
    assert "no password, code or secret check was seen in its handler" in messages(result, Status.WARN)[0]


def test_a_route_that_compares_a_request_value_with_a_configured_secret_is_a_login(tmp_path: Path) -> None:
    """chatgpt-web's `POST /verify` checks the body's token against `AUTH_SECRET_KEY`: a secret that can be
    guessed without a limiter, whatever the route is called. A route that only reports whether a secret is
    configured (`POST /config`), a cron call authenticated by a header, a sign-up comparing two passwords of
    the body and a signed-in caller's password change are none; a password verified (`POST /request-token`) is."""
    server = ("const express = require('express')\nconst app = express()\n"
              "app.post('/verify', async (req, res) => {\n  const { token } = req.body\n"
              "  if (process.env.AUTH_SECRET_KEY !== token)\n    throw new Error('invalid')\n  res.send({ ok: true })\n})\n"
              "app.post('/config', async (req, res) => {\n  res.send({ auth: !!process.env.AUTH_SECRET_KEY })\n})\n"
              "app.post('/cron/cleanup', async (req, res) => {\n"
              "  if (req.headers.authorization !== `Bearer ${process.env.CRON_SECRET}`) return res.sendStatus(401)\n"
              "  await purge(req.body.before)\n})\n"
              "app.post('/signup', async (req, res) => {\n  if (req.body.password !== req.body.confirm) throw new Error()\n"
              "  res.send(await users.create(req.body))\n})\n"
              "app.post('/account/password', async (req, res) => {\n"
              "  if (!(await bcrypt.compare(req.body.current, req.user.hash))) return res.sendStatus(403)\n"
              "  res.send(await users.setPassword(req.user.id, req.body.next))\n})\n"
              "app.post('/request-token', async (req, res) => {\n  const user = await users.find(req.body.username)\n"
              "  if (!bcrypt.compareSync(String(req.body.password), user.password)) return res.sendStatus(401)\n"
              "  res.send({ token: sign(user) })\n})\n")
    result = run_static(tmp_path, CHECK, {"server.js": server})
    assert [(e.status, e.location, e.message) for e in result.evidence] == [
        (Status.FAIL, "server.js:3", "login route POST /verify is not rate limited (no rate limiter anywhere in the project)"),
        (Status.FAIL, "server.js:24",
         "login route POST /request-token is not rate limited (no rate limiter anywhere in the project)")]


def test_a_projects_own_limiter_class_used_as_a_dependency_is_a_limiter(tmp_path: Path) -> None:
    """khoj's `ApiUserRateLimiter(...)` as `Depends(...)` (here on a feedback route) makes the project not one
    with "no rate limiter anywhere": an unguarded upload is then missing a limiter on this route."""
    source = ("app = FastAPI()\n\n@app.post('/feedback')\nasync def feedback(request: Request,\n"
              "        per_minute=Depends(ApiUserRateLimiter(requests=20, window=60))):\n"
              "    return await store.add(await request.json())\n\n"
              "@app.post('/upload')\nasync def upload(file: UploadFile):\n    return await store.save(file)\n")
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert [(e.status, e.location, e.message) for e in result.evidence] == [
        (Status.FAIL, "main.py:8", "upload route POST /upload is not rate limited (no limiter on this route)")]


def test_words_in_strings_are_no_model_call(tmp_path: Path) -> None:
    """`POST /api/model/chat` that stores a chat-model preference says "Chat model not found" — a string, not a
    model call — so it is a warning; the same route streaming a completion fails."""
    source = ("app = FastAPI()\n\n@app.post('/api/model/chat')\nasync def update_chat_model(request: Request, id: str):\n"
              "    chat_model = await ChatModel.objects.filter(id=int(id)).afirst()\n"
              "    if chat_model is None:\n        return Response(status_code=404, content='Chat model not found')\n"
              "    return await prefs.set_processor(request.user, chat_model)  # the chat model to use\n\n"
              "@app.post('/api/chat')\nasync def chat(request: Request):\n    return StreamingResponse(llm.astream(request))\n")
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert at(result, Status.FAIL) == ["main.py:10"]
    assert at(result, Status.WARN) == ["main.py:3"]


_LIMITER_MODULE = ("import { rateLimit } from 'express-rate-limit'\n\nconst MAX = process.env.MAX_REQUEST_PER_HOUR\n\n"
                   "const maxCount = (MAX && !isNaN(Number(MAX)))\n  ? parseInt(MAX)\n  : 0 // 0 means unlimited\n\n"
                   "const limiter = rateLimit({\n  windowMs: 60 * 60 * 1000,\n  max: maxCount,\n})\n\nexport { limiter }\n")
_SERVER = ("import express from 'express'\nimport { limiter } from './limiter'\nconst app = express()\n"
           "app.post('/chat-process', [auth, limiter], async (req, res) => {\n"
           "  await chatReplyProcess({ message: req.body.prompt })\n})\n")


@pytest.mark.parametrize(("version", "warned"), [("^6.7.0", True), ("^7.1.0", False)])
def test_an_express_limiter_whose_max_falls_back_to_zero_is_off_before_version_7(
        tmp_path: Path, version: str, warned: bool) -> None:
    """chatgpt-web's limiter has `max: 0` unless MAX_REQUEST_PER_HOUR is set; express-rate-limit 6 reads 0 as no
    limit (a warning naming the variable), 7 as block everything (covered)."""
    package = '{"dependencies": {"express": "^4.18.2", "express-rate-limit": "VERSION"}}\n'.replace("VERSION", version)
    result = run_static(tmp_path, CHECK, {"service/package.json": package, "service/src/limiter.ts": _LIMITER_MODULE,
                                          "service/src/index.ts": _SERVER})
    if not warned:
        assert result.status is Status.PASS, result.evidence
        return
    assert [(e.status, e.location) for e in result.evidence] == [(Status.WARN, "service/src/index.ts:4")]
    assert messages(result, Status.WARN) == [
        "chat route POST /chat-process is guarded by limiter (service/src/limiter.ts:9), which limits nothing by "
        "default: max is maxCount, 0 unless MAX_REQUEST_PER_HOUR is set (no limit in express-rate-limit before 7)"]


def test_a_flask_login_reading_the_global_request_is_a_login_though_its_check_is_not_visible(tmp_path: Path) -> None:
    """Flask handlers take no parameter: one that reads `request` may check a credential it does not name (a
    warning); one that reads nothing (`POST /session` answering config) is no login."""
    source = ("app = Flask(__name__)\n\n@app.route('/login', methods=['POST'])\ndef login():\n"
              "    data = request.get_json()\n    return users.check(data['email'], data['pw'])\n\n"
              "@app.route('/session', methods=['POST'])\ndef session():\n    return {'model': current_model()}\n")
    result = run_static(tmp_path, CHECK, {"app.py": source})
    assert [(e.status, e.location) for e in result.evidence] == [(Status.WARN, "app.py:3")]


def test_a_compound_chat_name_is_a_chat_route_only_with_a_model_call(tmp_path: Path) -> None:
    """`POST /chat-process` reaching a completion through `chatReplyProcess` is a chat request; `POST
    /chat-feedback/:id` storing a rating is about a chat: no finding, not even the "confirm it does paid work"
    warning. With `chatReplyProcess` nowhere in the project, `/chat-process` shows only a name: a warning."""
    server = ("const express = require('express')\nconst app = express()\n"
              "app.post('/chat-process', async (req, res) => {\n  await chatReplyProcess({ message: req.body.prompt })\n})\n"
              "app.post('/workspace/:slug/chat-feedback/:chatId', async (req, res) => {\n"
              "  await WorkspaceChats.updateFeedbackScore(req.params.chatId, req.body.feedback)\n  res.sendStatus(200)\n})\n")
    chatgpt = ("export async function chatReplyProcess(options) {\n"
               "  return openai.chat.completions.create({ messages: [options.message] })\n}\n")
    result = run_static(tmp_path, CHECK, {"server.js": server, "chatgpt.js": chatgpt})
    assert [(e.status, e.location) for e in result.evidence] == [(Status.FAIL, "server.js:3")]
    alone = run_static(tmp_path / "alone", CHECK, {"server.js": server})
    assert [(e.status, e.location) for e in alone.evidence] == [(Status.WARN, "server.js:3")]
    assert "(only 'chatReplyProcess(', a name)" in alone.evidence[0].message


QUART_CONVERSATION = """from quart import Blueprint, jsonify, request
from openai import AsyncAzureOpenAI

bp = Blueprint("routes", __name__)


async def init_openai_client():
    return AsyncAzureOpenAI(api_version="2024-05-01-preview")


async def send_chat_request(request_body):
    client = await init_openai_client()
    raw = await client.chat.completions.with_raw_response.create(messages=request_body["messages"])
    return raw.parse()


async def conversation_internal(request_body):
    return jsonify(await send_chat_request(request_body))


@bp.route("/conversation", methods=["POST"])
async def conversation():
    request_json = await request.get_json()
    return await conversation_internal(request_json)


@bp.route("/history/rename", methods=["POST"])
async def rename_conversation():
    request_json = await request.get_json()
    await cosmos.rename(request_json["id"], request_json["title"])
    return jsonify({"ok": True})


@bp.route("/api/chat", methods=["DELETE"])
async def clear_chat():
    await cosmos.delete_all(await send_chat_request({"messages": []}))
    return jsonify({"ok": True})
"""


def test_a_route_that_reaches_a_model_client_through_project_helpers_is_a_chat_route(tmp_path: Path) -> None:
    """Round 2's miss: Quart `POST /conversation` calls Azure OpenAI through `conversation_internal`; the path
    names no chat. `POST /history/rename` calls no model, and `DELETE /api/chat` clears a chat: neither is one."""
    result = run_static(tmp_path, CHECK, {"app.py": QUART_CONVERSATION})
    assert result.status is Status.FAIL, result.evidence
    assert at(result, Status.FAIL) == ["app.py:21"]
    assert messages(result, Status.FAIL) == [
        "route POST /conversation calls a model (conversation_internal → send_chat_request → "
        ".completions.with_raw_response.create) and is not rate limited (no rate limiter anywhere in the project)"]
    # the same project without the model call: the path alone makes no chat route
    quiet = QUART_CONVERSATION.replace(
        "    raw = await client.chat.completions.with_raw_response.create(messages=request_body[\"messages\"])\n"
        "    return raw.parse()", "    return request_body").replace("AsyncAzureOpenAI(api_version=\"2024-05-01-preview\")",
                                                                   "None")
    passed = run_static(tmp_path / "quiet", CHECK, {"app.py": quiet})
    assert passed.status is Status.PASS, passed.evidence
    assert passed.summary == "no login, chat, upload or tool routes among 3 route(s)"


def test_a_next_route_streaming_through_a_project_function_is_a_chat_route(tmp_path: Path) -> None:
    result = run_static(tmp_path, CHECK, {
        "lib/llm.ts": "import { streamText } from 'ai';\nimport { openai } from '@ai-sdk/openai';\n\n"
                      "export async function answer(question: string) {\n"
                      "  return streamText({ model: openai('gpt-4o'), prompt: question });\n}\n",
        "app/api/enhancer/route.ts": "import { answer } from '@/lib/llm';\n\nexport async function POST(req: Request) {\n"
                                    "  const { q } = await req.json();\n  return (await answer(q)).toTextStreamResponse();\n}\n",
        "app/api/feedback/route.ts": "export async function POST(req: Request) {\n  await db.save(await req.json());\n"
                                    "  return Response.json({});\n}\n",
    })
    assert at(result, Status.FAIL) == ["app/api/enhancer/route.ts:3"]
    assert messages(result, Status.FAIL) == ["route POST /api/enhancer calls a model (answer → streamText() and is not "
                                             "rate limited (no rate limiter anywhere in the project)"]


def test_a_generic_helper_name_or_a_provider_account_query_is_no_model_call(tmp_path: Path) -> None:
    """anything-llm's `User.create(...)` shares its name with a provider class's `create()` that builds a
    ChatOllama, and chatgpt-web's `fetchUsage` asks api.openai.com for the bill: neither route is a chat route.
    A distinctive helper that does call the completion endpoint makes one."""
    files = {
        "server/providers/ollama.js": "class OllamaProvider {\n  create(opts) {\n    return new ChatOllama(opts);\n  }\n}\n"
                                      "module.exports = { OllamaProvider };\n",
        "server/usage.js": "async function fetchUsage(key) {\n"
                           "  return fetch('https://api.openai.com/dashboard/billing/usage', {headers: {key}});\n}\n"
                           "async function summarizeThread(messages) {\n"
                           "  return fetch(`${BASE}/chat/completions`, {method: 'POST', body: JSON.stringify(messages)});\n}\n",
        "server/index.js": "const express = require('express');\nconst app = express();\n\n"
                           "app.post('/admin/users/new', async (req, res) => {\n"
                           "  res.json(await User.create(req.body));\n});\n\n"
                           "app.post('/config', async (req, res) => {\n  res.json(await fetchUsage(KEY));\n});\n\n"
                           "app.post('/threads/:id/summary', async (req, res) => {\n"
                           "  res.json(await summarizeThread(req.body.messages));\n});\n",
    }
    result = run_static(tmp_path, CHECK, files)
    assert at(result, Status.FAIL) == ["server/index.js:12"]
    assert messages(result, Status.FAIL) == [
        "route POST /threads/:id/summary calls a model (summarizeThread → /chat/completions) and is not rate "
        "limited (no rate limiter anywhere in the project)"]


def test_a_sign_in_that_verifies_a_providers_signed_token_is_no_password_login(tmp_path: Path) -> None:
    """khoj's `POST /redirect` verifies a Google ID token and stores the user in the session: it signs in, but there
    is no guessable credential to throttle. Only a password strategy makes an unnamed route a login."""
    source = ("from fastapi import FastAPI, Request\napp = FastAPI()\n\n\n@app.post('/redirect')\n"
              "async def auth_post(request: Request):\n    form = await request.form()\n"
              "    idinfo = id_token.verify_oauth2_token(form.get('credential'), google_requests.Request(), CLIENT_ID)\n"
              "    request.session['user'] = dict(idinfo)\n    return RedirectResponse('/')\n")
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert result.status is Status.PASS, result.evidence
    assert result.summary == "no login, chat, upload or tool routes among 1 route(s)"


def test_a_function_taking_a_destructured_object_is_read_past_its_parameters(tmp_path: Path) -> None:
    """`async function chatSync({ workspace, message })` opens its body after the parameters: the helper's
    `LLMConnector.getChatCompletion(...)`, defined by many providers that mostly call a client, is read."""
    handler = ("import { chatSync } from './chat.js'\nconst express = require('express')\nconst app = express()\n"
               "app.post('/v1/workspace/:slug/chat', async (req, res) => {\n"
               "  res.json(await chatSync({ workspace: req.params.slug, message: req.body.message }))\n})\n")
    chat = ("export async function chatSync({\n  workspace,\n  message = null,\n}) {\n"
            "  const LLMConnector = getLLMProvider(workspace)\n  return LLMConnector.getChatCompletion([message])\n}\n")
    providers = {f"providers/p{i}.js": ("class P {\n  async getChatCompletion(messages) {\n"
                                         "    return this.openai.chat.completions.create({ messages })\n  }\n}\n")
                 for i in range(3)}
    result = run_static(tmp_path, CHECK, {"server.js": handler, "chat.js": chat, **providers})
    assert [(e.status, e.location) for e in result.evidence] == [(Status.FAIL, "server.js:4")]

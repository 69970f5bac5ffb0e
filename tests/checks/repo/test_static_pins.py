"""Pins for the static repo checks (dotenv, debug mode, CORS, rate-limit config, tenant scoping, webhook
verification): each evidence item's status, one flaw per fixture, both sides of every table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from launchready.checks.repo import cors_config, tenant_scoping, webhook_verification
from launchready.checks.repo.dotenv_committed import is_dotenv
from launchready.lab.gitrepo import Commit
from launchready.model import Status
from tests.checks.repo.helpers import SIGNED_IN, run_check
from tests.fixtures import GITIGNORE

DOTENV = "repo.dotenv-committed"
STRIPE = "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc"


@pytest.mark.parametrize("name", [".env.example", ".env.sample", ".env.template", ".env.tmpl", ".env.dist",
                                  ".env.defaults", ".env.schema", ".env.EXAMPLE", "app/.env.Sample",
                                  "prod.example.env", "prod.sample.env"])
def test_each_template_suffix_is_not_a_dotenv_file(name: str) -> None:
    assert not is_dotenv(name)


@pytest.mark.parametrize("name", [".env", ".env.local", "a/b/.env.staging", "prod.env", ".envrc", ".env.prod.bak"])
def test_a_dotenv_file_by_any_of_its_names(name: str) -> None:
    assert is_dotenv(name)


def test_a_secret_only_in_the_version_before_the_removal_fails(tmp_path: Path) -> None:
    result, (added, key, removed) = run_check(tmp_path, DOTENV, [
        Commit("add", {".env": "PORT=3000\n", ".gitignore": GITIGNORE}),
        Commit("key", {".env": f"PORT=3000\nSTRIPE_SECRET_KEY={STRIPE}\n"}),
        Commit("remove", {".env": None}),
    ])
    # the finding cites the version that holds the key it reports, not the adding commit where it is absent
    assert [(e.status, e.location) for e in result.evidence] == [(Status.FAIL, f"{key[:10]}:.env")]
    assert f"committed in {added[:10]}" in result.evidence[0].message
    assert f"removed in {removed[:10]}" in result.evidence[0].message
    assert f"the version read is {key[:10]}" in result.evidence[0].message
    assert result.summary == "1 .env file(s) with credentials committed"


def test_a_secret_only_in_the_first_version_of_a_tracked_file_fails(tmp_path: Path) -> None:
    result, (added, _) = run_check(tmp_path, DOTENV, [
        Commit("add", {".env": f"STRIPE_SECRET_KEY={STRIPE}\n", ".gitignore": GITIGNORE}),
        Commit("scrub", {".env": "STRIPE_SECRET_KEY=\n"}),
    ])
    assert [(e.status, e.location) for e in result.evidence] == [(Status.FAIL, f"{added[:10]}:.env")]
    assert "tracked in the current tree; added in" in result.evidence[0].message


def test_a_clean_repository_says_so_without_a_template_count(tmp_path: Path) -> None:
    result, _ = run_check(tmp_path, DOTENV, [Commit("add", {"app.py": "x = 1\n", ".gitignore": GITIGNORE})])
    assert (result.status, result.evidence) == (Status.PASS, ())
    assert result.summary == "no .env file with values tracked or in history, and .gitignore covers .env"


def test_a_missing_gitignore_alone_is_a_warning_not_a_blocker(tmp_path: Path) -> None:
    result, _ = run_check(tmp_path, DOTENV, [Commit("add", {"app.py": "x = 1\n"})])
    assert [(e.status, e.location) for e in result.evidence] == [(Status.WARN, ".gitignore")]
    assert result.summary == "a committed .env file or .gitignore needs a look (see warnings)"


# ---- repo.debug-mode: one flaw per file, every file in one repository ------------------------------

DEBUG_ON = "DEBUG is on in deployment config"
DEPLOY_FILES = ("Dockerfile", "Dockerfile.prod", "Procfile", "docker-compose.yml", "docker-compose.prod.yaml",
                "compose.yaml", "fly.toml", "render.yaml", "app.yml", "vercel.json", "netlify.toml",
                ".env.production", ".env.prod", "railway.json", "railway.toml", "api.service", "supervisord.conf",
                "supervisor.conf", "start.sh", "entrypoint.sh", "run.sh")
RELOAD = "the production server is started with --reload (a development option)"
DEPLOY_LINES = {
    "r1/Procfile": ("web: FLASK_DEBUG=1 flask run", Status.FAIL,
                    "FLASK_DEBUG is on in deployment config: the Werkzeug debugger runs code for any visitor"),
    "r2/Procfile": ("web: FLASK_ENV=development gunicorn app:app", Status.FAIL,
                    "FLASK_ENV=development in deployment config turns the debugger on"),
    "r3/render.yaml": ("DEBUG: 'true'", Status.FAIL, DEBUG_ON),
    "r4/render.yaml": ("DJANGO_DEBUG=on", Status.FAIL, DEBUG_ON),
    "r5/Dockerfile": ("ENV NODE_ENV development", Status.FAIL,
                      "NODE_ENV=development in deployment config: Express and Next serve stack traces"),
    "r6/Procfile": ("web: flask --app api run --debug", Status.FAIL,
                    "`flask run --debug` in deployment config starts the interactive debugger"),
    "r7/Procfile": ("web: uvicorn main:app --reload", Status.WARN, RELOAD),
    "r8/Procfile": ("web: gunicorn app:app --reload", Status.WARN, RELOAD),
    "r9/Procfile": ("web: hypercorn main:app --reload", Status.WARN, RELOAD),
}
JS_LINES = {
    "web/a.js": ("app.use(errorhandler())", Status.FAIL,
                 "Express `errorhandler()` middleware sends stack traces to clients (development only)"),
    "web/b.mjs": ("app.set('env', 'development')", Status.FAIL,
                  "Express app forced into the development environment (stack traces in responses)"),
    "web/c.cjs": ("const opts = { showStack: true }", Status.FAIL, "error handler configured with showStack: true"),
    "web/d.ts": ("module.exports = { productionBrowserSourceMaps: true }", Status.WARN,
                 "Next.js publishes source maps in production (your source is readable by anyone)"),
    "web/e.mts": ("  res.status(500).json({ stack: err.stack })", Status.WARN,
                  "an error's stack is written into a response"),
    "web/f.ts": ("  return NextResponse.json({ e: error.stack })", Status.WARN,
                 "an error's stack is written into a response"),
}
JS_QUIET = {"web/g.js": "  console.log(err.stack)\n", "web/h.js": "// app.use(errorhandler())\n",
            "web/i.txt": "app.use(errorhandler())\n"}
HANDLER = "from fastapi.responses import JSONResponse\nimport traceback\n\n\n@app.{decorator}(Exception)\n" \
          "def handle(request, exc):\n    return JSONResponse({{'t': {call}()}})\n"
PYTHON_FILES = {
    **{f"py/ctor_{c}.py": (f"app = {c}(debug=True)\n", 1, Status.FAIL,
                           f"{c}(debug=True): tracebacks are served to every client")
       for c in ("FastAPI", "Starlette", "Quart", "Sanic", "Litestar")},
    "py/run.py": ("app.run(debug=True)\n", 1, Status.FAIL, "app.run(debug=True) starts the interactive debugger"),
    "py/uv.py": ("uvicorn.run(app, reload=True)\n", 1, Status.WARN, "uvicorn.run(reload=True) is a development option"),
    "py/wz.py": ("run_simple('0.0.0.0', 5000, app, use_debugger=True)\n", 1, Status.FAIL,
                 "the Werkzeug debugger is enabled: it executes code for any visitor"),
    "py/wz2.py": ("app = DebuggedApplication(app)\n", 1, Status.FAIL,
                  "the Werkzeug debugger is enabled: it executes code for any visitor"),
    "py/cfg.py": ("app.config.update(DEBUG=True)\n", 1, Status.FAIL, "app.config.update(DEBUG=True)"),
    "py/set1.py": ("DEBUG = True\n", 1, Status.FAIL, "DEBUG = True in production settings"),
    "py/set2.py": ("DEBUG: bool = True\n", 1, Status.FAIL, "DEBUG = True in production settings"),
    "py/set3.py": ("app.debug = True\n", 1, Status.FAIL, "app.debug = True in production settings"),
    "py/set4.py": ("app.config['DEBUG'] = True\n", 1, Status.FAIL, 'app.config["DEBUG"] = True in production settings'),
    **{f"py/env_{reader}_{i}.py": (f"DEBUG = {reader}('DEBUG', {default})\n", 1, Status.WARN,
                                   "DEBUG defaults to on when its environment variable is unset")
       for i, (reader, default) in enumerate((("os.getenv", "'True'"), ("os.environ.get", "True"),
                                              ("config", "'1'"), ("env", "'yes'"), ("env.bool", "'on'")))},
    "py/env_kw.py": ("DEBUG = config('DEBUG', default=True)\n", 1, Status.WARN,
                     "DEBUG defaults to on when its environment variable is unset"),
    "py/apps.py": ("INSTALLED_APPS = ['django.contrib.admin', 'debug_toolbar']\n", 1, Status.WARN,
                   "django-debug-toolbar is installed in production settings"),
    "py/prop.py": ("DEBUG_PROPAGATE_EXCEPTIONS = True\n", 1, Status.WARN, "DEBUG_PROPAGATE_EXCEPTIONS = True"),
    **{f"py/tb_{call.replace('.', '_')}.py": (HANDLER.format(decorator="exception_handler", call=call), 7,
                                               Status.FAIL, "an exception handler puts the traceback into the response")
       for call in ("traceback.format_exc", "traceback.format_exception", "traceback.format_tb", "format_exc",
                    "format_exception", "traceback.format_stack")},
    **{f"py/dec_{d}.py": (HANDLER.format(decorator=d, call="traceback.format_exc"), 7, Status.FAIL,
                          "an exception handler puts the traceback into the response")
       for d in ("errorhandler", "app_errorhandler", "register_error_handler")},
    "py/ret.py": ("import traceback\n\n\ndef oops():\n    return {'t': traceback.format_exc()}\n", 5, Status.FAIL,
                  "an exception handler puts the traceback into the response"),
}
PYTHON_QUIET = {"py/q1.py": "DEBUG = os.getenv('DEBUG', 'False')\n", "py/q2.py": "app = FastAPI(debug=False)\n",
                "py/q3.py": "app = DebuggedApplication(app, evalex=False)\n",
                "py/q4.py": "import traceback\nlog = traceback.format_exc()\n",
                "py/q5.py": "uvicorn.run(app, debug=True)\n",
                # a route (not an error handler) that logs a traceback and does not return it
                "py/q6.py": "import traceback\n\n\n@app.get('/x')\ndef x():\n    detail = traceback.format_exc()\n"
                            "    log(detail)\n    return {}\n"}


def test_each_debug_setting_is_found_with_its_own_status_and_message(tmp_path: Path) -> None:
    files: dict[str, str] = {f"deploy/{name}": "ENV DEBUG=1\n" for name in DEPLOY_FILES}
    files["deploy/gunicorn.conf.py"] = "raw_env = ['DJANGO_DEBUG=true']\n"
    files.update({f"deploy/{p}": line + "\n" for p, (line, _, _) in DEPLOY_LINES.items()})
    files.update({p: line + "\n" for p, (line, _, _) in JS_LINES.items()})
    files.update(JS_QUIET)
    files.update({p: text for p, (text, _, _, _) in PYTHON_FILES.items()})
    files.update(PYTHON_QUIET)
    files["deploy/README.md"] = "DEBUG=1\n"  # not a deployment file
    result, _ = run_check(tmp_path, "repo.debug-mode", [Commit("init", files)])
    found = {e.location: (e.status, e.message) for e in result.evidence}
    expected = {f"deploy/{name}:1": (Status.FAIL, DEBUG_ON) for name in DEPLOY_FILES}
    expected["deploy/gunicorn.conf.py:1"] = (Status.FAIL, DEBUG_ON)
    expected.update({f"deploy/{p}:1": (s, m) for p, (_, s, m) in DEPLOY_LINES.items()})
    expected.update({f"{p}:1": (s, m) for p, (_, s, m) in JS_LINES.items()})
    expected.update({f"{p}:{line}": (s, m) for p, (_, line, s, m) in PYTHON_FILES.items()})
    assert found == expected
    fails = sum(s is Status.FAIL for s, _ in expected.values())
    assert result.summary == f"debug features on in production: {fails} place(s)"


def test_debug_adjacent_settings_alone_warn_and_say_so(tmp_path: Path) -> None:
    result, _ = run_check(tmp_path, "repo.debug-mode", [Commit("init", {"deploy/Procfile": "web: uvicorn m:app --reload\n"})])
    assert [(e.status, e.location) for e in result.evidence] == [(Status.WARN, "deploy/Procfile:1")]
    assert result.summary == "debug-adjacent settings to review"
    clean, _ = run_check(tmp_path / "b", "repo.debug-mode", [Commit("init", {"deploy/Procfile": "web: uvicorn m:app\n"})])
    assert (clean.status, clean.summary) == (
        Status.PASS, "no debug mode, debugger or traceback handler in production code and config")


# ---- repo.rate-limit-config -------------------------------------------------------------------------

# One path per route-class pattern, matched by that pattern alone (`/conversations/*/messages`, `/api/chat`
# and `/files/upload` are also matched by `*/messages`, `/chat` and `*/upload`: see equivalent.py).
CLASSED = {
    "login": ("/login", "/auth/login", "/token", "/auth/token", "/signin", "/auth/signin", "/session", "/sessions",
              "/auth/session", "/api/auth/callback/credentials"),
    "chat": ("/chat", "/chat/stream", "/v2/bot/chat", "/messages", "/threads/t1/messages", "/completions",
             "/v1/x/completions", "/ask"),
    "upload": ("/upload", "/uploads", "/kb/upload", "/files", "/kb/files", "/documents"),
    "tools": ("/tools/search", "/agents/a1/tools/run"),
}


def _routes_app(routes: list[tuple[str, str]], extra: str = "") -> str:
    """Each handler authenticates a form and makes a model call: a login-named route that takes no credential,
    or a chat-named route that calls no model, is only a warning."""
    return "from fastapi import FastAPI\napp = FastAPI()\n" + extra + "".join(
        f"\n\n@app.{method}({path!r})\ndef h{i}(form: Form):\n    authenticate(form)\n    return llm.invoke({{}})\n"
        for i, (method, path) in enumerate(routes))


def test_each_route_class_pattern_classes_its_route_and_only_creating_methods_count(tmp_path: Path) -> None:
    routes = [("post", p) for ps in CLASSED.values() for p in ps] + [("put", "/kb2/upload"), ("get", "/chat"),
                                                                        ("delete", "/chat"), ("post", "/pricing"), ("post", "/")]
    result, _ = run_check(tmp_path, "repo.rate-limit-config", [Commit("init", {"main.py": _routes_app(routes)})])
    found = {e.message.split(" is not rate limited")[0]: e.status for e in result.evidence}
    expected = {f"{cls} route POST {p}": Status.FAIL for cls, ps in CLASSED.items() for p in ps}
    expected["upload route PUT /kb2/upload"] = Status.FAIL
    # a creating route of any path whose handler calls a model is judged too (prec-r3a: chat routes by what they do)
    expected |= {f"route POST {p} calls a model (llm.invoke() and": Status.FAIL for p in ("/pricing", "/")}
    assert found == expected
    assert all(e.message.endswith("(no rate limiter anywhere in the project)") for e in result.evidence)
    assert result.summary == "no rate limiter at all; unprotected: chat, login, tools, upload"


def test_a_limiter_elsewhere_turns_the_reason_into_this_route_and_names_what_is_covered(tmp_path: Path) -> None:
    source = _routes_app([("post", "/login"), ("post", "/chat")]).replace(
        "def h0(", "@limiter.limit('5/minute')\ndef h0(")
    result, _ = run_check(tmp_path, "repo.rate-limit-config", [Commit("init", {"main.py": source})])
    assert [(e.status, e.message) for e in result.evidence] == [
        (Status.FAIL, "chat route POST /chat is not rate limited (no limiter on this route)")]
    assert result.summary == "not rate limited: chat"


def test_routes_of_no_class_pass_and_say_how_many_were_read(tmp_path: Path) -> None:
    result, _ = run_check(tmp_path, "repo.rate-limit-config",
                          [Commit("init", {"main.py": _routes_app([("get", "/chat"), ("post", "/pricing")])})])
    # prec-r3a: POST /pricing's handler calls a model (`llm.invoke`), so it is judged by what it does; GET /chat is not
    assert [(e.status, e.location) for e in result.evidence] == [(Status.FAIL, "main.py:11")]


# ---- the pattern tables of cors-config, tenant-scoping and webhook-verification, one alternative each ----

@pytest.mark.parametrize("origin", ["https://evil.example", "null", "http://localhost.evil.example",
                                    "https://app.example.com.evil.example", "https://evilexample.com"])
def test_each_hostile_origin_is_tried_against_an_origin_regex(origin: str) -> None:
    assert cors_config._regex_admits_hostile(re.escape(origin), full=True) == origin
    assert cors_config._regex_admits_hostile(re.escape(origin) + ".*", full=False) == origin


def test_an_origin_regex_that_admits_no_hostile_origin_is_not_flagged() -> None:
    assert cors_config._regex_admits_hostile(r"https://app\.example\.com", full=True) == ""
    assert cors_config._regex_admits_hostile(r"https://evil\.example.*", full=True) == "https://evil.example"


@pytest.mark.parametrize("call", ["conversation_owned_by", "get_owner", "authorize_read", "authorise", "check_access",
                                  "ensure_access", "can_access", "has_permission",
                                  "get_object_or_404(Conversation, pk=pk, user=request.user)", "scoped_query"])
def test_each_ownership_call_is_recognised(call: str) -> None:
    assert tenant_scoping._OWNERSHIP_CALL.search(call)


@pytest.mark.parametrize("text", ["filter(owner_id=uid)", "where team: t", "current_user", "row.user"])
def test_each_orm_tenant_filter_is_recognised(text: str) -> None:
    assert tenant_scoping._ORM_FILTER.search(text)


@pytest.mark.parametrize("text", ["const t = req.body.tenantId", "const { workspaceId } = req.body",
                                  "const { orgId, name } = await request.json()"])
def test_each_js_tenant_id_from_the_body_is_recognised(text: str) -> None:
    assert tenant_scoping._JS_BODY_TENANT.search(text)


@pytest.mark.parametrize("name", ["stripe_webhook", "handle_stripe_event", "hookHandler", "github_hook"])
def test_each_webhook_handler_name_is_recognised(name: str) -> None:
    assert webhook_verification._WEBHOOK_NAME.search(name)


@pytest.mark.parametrize("text", ["stripe.webhooks.constructEventAsync(body, sig, secret)",
                                  "const v = new Webhook(secret)\nconst e = v.verify(payload, headers)",
                                  "const evt = whk.verify(payload, headers)", "webhooks.verify(body, sig)"])
def test_each_js_signature_verification_is_recognised(text: str) -> None:
    assert webhook_verification._JS_VERIFY.search(text)


# ---- repo.cors-config: each configuration style, one per file ---------------------------------------

CORS_FILES = {
    "flask_resources.py": ("from flask_cors import CORS\nCORS(app, resources={r'/api/*': {'origins': '*'}}, "
                           "supports_credentials=True)\n", Status.FAIL),
    "settings_legacy.py": ("CORS_ORIGIN_ALLOW_ALL = True\n", Status.WARN),
    "settings_new.py": ("CORS_ALLOW_ALL_ORIGINS = True\nCORS_ALLOW_CREDENTIALS = True\n", Status.FAIL),
    # the options end at the call's closing parenthesis: a `credentials: true` further down is another object
    "web/server.js": ("app.use(cors({ origin: true }))\nconst session = { credentials: true }\n", Status.WARN),
    "web/nested.js": ("app.use(cors({ origin: (o, cb) => cb(null, true), maxAge: f(1) }))\n", Status.WARN),
}


def test_each_cors_configuration_style_is_judged_with_its_own_status(tmp_path: Path) -> None:
    result, _ = run_check(tmp_path, "repo.cors-config",
                          [Commit("init", {**{path: text for path, (text, _) in CORS_FILES.items()}, **SIGNED_IN})])
    found = {e.location.split(":")[0]: e.status for e in result.evidence}
    assert found == {path: status for path, (_, status) in CORS_FILES.items()}


@pytest.mark.parametrize(("source", "path"), [
    ("from fastapi import Depends, FastAPI\napp = FastAPI()\n\n\n@app.post('/chat', dependencies=[Depends(slow_down)])\n"
     "def chat():\n    return {}\n", "main.py"),
    ("from fastapi import Depends, FastAPI\nfrom fastapi_limiter.depends import RateLimiter\napp = FastAPI()\n"
     "limiter = RateLimiter(times=5, seconds=60)\n\n\n@app.post('/chat')\ndef chat():\n    return llm.invoke({})\n", None),
])
def test_a_limiter_named_slowdown_or_built_with_ratelimiter_is_a_limiter(source: str, path: str | None,
                                                                         tmp_path: Path) -> None:
    result, _ = run_check(tmp_path, "repo.rate-limit-config", [Commit("init", {"main.py": source})])
    if path:  # a guard named for slowing down covers its route
        assert (result.status, result.evidence) == (Status.PASS, ())
    else:  # a limiter that is built but not global or on the route: the reason names this route, not "none at all"
        assert [e.message for e in result.evidence] == [
            "chat route POST /chat is not rate limited (no limiter on this route)"]


def test_an_express_rate_limiter_is_found_in_a_file_that_never_says_limit(tmp_path: Path) -> None:
    server = ("const express = require('express')\nconst slowDown = require('express-slow-down')\n"
              "const app = express()\napp.use(slowDown({ windowMs: 60000, delayAfter: 5 }))\n"
              "app.post('/api/chat', (req, res) => res.json({}))\n")
    assert "limit" not in server.lower()
    result, _ = run_check(tmp_path, "repo.rate-limit-config", [Commit("init", {"server.js": server})])
    assert (result.status, result.evidence) == (Status.PASS, ())
    assert result.summary == "rate limits cover chat route(s) (2 limiter(s))"


def test_a_limiter_imported_from_another_file_and_used_globally_covers_the_routes(tmp_path: Path) -> None:
    server = ("const express = require('express')\nconst { apiLimiter } = require('./limits')\nconst app = express()\n"
              "app.use(apiLimiter)\napp.post('/api/chat', (req, res) => res.json({}))\n")
    result, _ = run_check(tmp_path, "repo.rate-limit-config", [Commit("init", {"server.js": server})])
    assert (result.status, result.evidence) == (Status.PASS, ())


def test_a_js_webhook_comparing_its_signature_with_triple_equals_warns(tmp_path: Path) -> None:
    server = ("const express = require('express')\nconst crypto = require('crypto')\nconst app = express()\n"
              "app.post('/webhooks/acme', (req, res) => {\n  const signature = req.headers['x-signature']\n"
              "  const expected = crypto.createHmac('sha256', KEY).update(req.body).digest('hex')\n"
              "  if (expected !== signature) return res.status(400).end()\n  res.json({})\n})\n")
    result, _ = run_check(tmp_path, "repo.webhook-verification", [Commit("init", {"server.js": server})])
    assert [(e.status, e.location) for e in result.evidence] == [(Status.WARN, "server.js:4")]
    assert "instead of crypto.timingSafeEqual" in result.evidence[0].message

from __future__ import annotations

from pathlib import Path

import pytest

from launchready.checks.repo.webhook_verification import CHECK
from launchready.model import Status
from tests.checks.repo.static_helpers import at, messages, run_example, run_static

UNVERIFIED = ("@app.post('/webhooks/stripe')\nasync def stripe_webhook(request: Request):\n"
              "    event = json.loads(await request.body())\n    db.execute('UPDATE invoices SET paid = 1')\n")


def test_unverified_webhook_fails(tmp_path: Path) -> None:
    result = run_static(tmp_path, CHECK, {"main.py": "app = FastAPI()\n\n" + UNVERIFIED})
    assert at(result, Status.FAIL) == ["main.py:3"]
    assert messages(result, Status.FAIL) == ["POST /webhooks/stripe acts on the payload without verifying a signature"]


@pytest.mark.parametrize(("path", "source"), [
    ("main.py", "app = FastAPI()\n\n@app.post('/webhooks/stripe')\nasync def hook(request: Request):\n"
     "    event = stripe.Webhook.construct_event(await request.body(), request.headers['stripe-signature'], SECRET)\n"
     "    db.execute('x')\n"),
    ("main.py", "app = FastAPI()\n\ndef check(body, sig):\n    expected = hmac.new(K, body, 'sha256').hexdigest()\n"
     "    return hmac.compare_digest(expected, sig)\n\n@app.post('/webhooks/github')\nasync def hook(request: Request):\n"
     "    if not check(await request.body(), request.headers['x-hub-signature-256']):\n        raise HTTPException(400)\n"),
    ("main.py", "app = FastAPI()\n\n@app.post('/webhooks/svix')\nasync def hook(request: Request):\n"
     "    Webhook(SECRET).verify(await request.body(), request.headers)\n"),
    ("server.js", "const express = require('express')\nconst app = express()\n"
     "app.post('/webhooks/stripe', express.raw(), (req, res) => {\n"
     "  const event = stripe.webhooks.constructEvent(req.body, req.headers['stripe-signature'], secret)\n})\n"),
])
def test_verified_webhooks_pass(tmp_path: Path, path: str, source: str) -> None:
    result = run_static(tmp_path, CHECK, {path: source})
    assert result.status is Status.PASS, result.evidence


def test_hmac_compared_with_equals_warns(tmp_path: Path) -> None:
    source = ("app = FastAPI()\n\n@app.post('/webhooks/acme')\nasync def hook(request: Request):\n"
              "    expected = hmac.new(K, await request.body(), 'sha256').hexdigest()\n"
              "    if expected != request.headers['x-signature']:\n        raise HTTPException(400)\n")
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert at(result, Status.WARN) == ["main.py:6"]
    assert "instead of hmac.compare_digest" in messages(result, Status.WARN)[0]


def test_a_shared_token_header_or_a_signed_in_sender_is_a_warning_not_a_fail(tmp_path: Path) -> None:
    """pr-agent: GitLab sends a shared token (`X-Gitlab-Token`), compared in a nested function with `==`; Azure
    DevOps service hooks sign in with Basic auth (`Depends(authorize)`) — the sender is verified, not by a
    signature. Without either, the same handlers fail."""
    gitlab = ("app = FastAPI()\n\n@app.post('/webhook')\nasync def gitlab_webhook(request: Request):\n"
              "    data = await request.json()\n    async def inner(data):\n"
              "        if not request.headers.get('X-Gitlab-Token') == SHARED_SECRET:\n"
              "            return JSONResponse(status_code=401)\n        queue.put(data)\n"
              "    await inner(data)\n")
    result = run_static(tmp_path / "a", CHECK, {"main.py": gitlab})
    assert at(result, Status.WARN) == ["main.py:7"] and not at(result, Status.FAIL)
    assert messages(result, Status.WARN)[0].startswith("POST /webhook checks the sender by a shared token header")
    basic = ("app = FastAPI()\nsecurity = HTTPBasic()\n\ndef authorize(credentials: HTTPBasicCredentials = "
             "Depends(security)):\n    if not secrets.compare_digest(credentials.username, USER):\n"
             "        raise HTTPException(status_code=401)\n\n"
             "@app.post('/', dependencies=[Depends(authorize)])\nasync def handle_webhook(request: Request):\n"
             "    data = await request.json()\n    db.execute('INSERT INTO jobs VALUES (?)', (data,))\n")
    result = run_static(tmp_path / "b", CHECK, {"main.py": basic})
    assert at(result, Status.WARN) == ["main.py:8"] and not at(result, Status.FAIL)
    assert "the sender must sign in (authorize)" in messages(result, Status.WARN)[0]
    result = run_static(tmp_path / "c", CHECK, {"main.py": gitlab.replace("X-Gitlab-Token", "X-Request-Id")
                                                .replace("'X-Request-Id') == SHARED_SECRET", "'X-Request-Id')")})
    assert at(result, Status.FAIL) == ["main.py:3"]


def test_a_sign_in_that_returns_early_while_its_settings_are_unset_is_no_verification(tmp_path: Path) -> None:
    """pr-agent's Azure DevOps `authorize`: `if WEBHOOK_USERNAME is None or WEBHOOK_PASSWORD is None: return` before
    the comparison that refuses; both settings are read with no default. Left unconfigured, any sender is let in: the
    webhook fails, naming the early return. With a default the settings are never None, and the sign-in counts."""
    source = ("app = FastAPI()\nsecurity = HTTPBasic()\nWEBHOOK_USERNAME = cfg.get('webhook_username', None)\n"
              "WEBHOOK_PASSWORD = cfg.get('webhook_password')\n\n"
              "def authorize(credentials: HTTPBasicCredentials = Depends(security)):\n"
              "    if WEBHOOK_USERNAME is None or WEBHOOK_PASSWORD is None:\n        return\n"
              "    if not secrets.compare_digest(credentials.username, WEBHOOK_USERNAME):\n"
              "        raise HTTPException(status_code=401)\n\n"
              "@app.post('/', dependencies=[Depends(authorize)])\nasync def handle_webhook(request: Request):\n"
              "    data = await request.json()\n    db.execute('INSERT INTO jobs VALUES (?)', (data,))\n")
    result = run_static(tmp_path / "a", CHECK, {"main.py": source})
    assert at(result, Status.FAIL) == ["main.py:12"]
    assert messages(result, Status.FAIL)[0].endswith(
        "which returns before checking anything while webhook_username or webhook_password are unset (main.py:7); "
        "left out of the configuration, it lets every caller through")
    by_header = source.replace("def authorize(credentials: HTTPBasicCredentials = Depends(security)):\n",
                               "def authorize(request: Request):\n    WEBHOOK_USERNAME = request.headers.get('x-user')\n")
    result = run_static(tmp_path / "h", CHECK, {"main.py": by_header})
    assert messages(result, Status.FAIL)[0].endswith(
        "which returns before checking anything when the request carries no x-user or webhook_password (main.py:8); "
        "a caller who sends none is let through")
    configured = source.replace("cfg.get('webhook_password')", "cfg.get('webhook_password', 'x')")
    result = run_static(tmp_path / "b", CHECK, {"main.py": configured})
    assert at(result, Status.WARN) == ["main.py:12"] and not at(result, Status.FAIL)


def test_a_webhook_handler_that_only_reads_logs_or_answers_acts_on_nothing(tmp_path: Path) -> None:
    """pr-agent: bitbucket's `/uninstalled` reads the JSON and logs it; bitbucket server's `POST /` answers a
    redirect. A forged payload causes nothing there; a state change without a call, or any other call, acts."""
    source = ("app = FastAPI()\n\n@app.post('/uninstalled')\nasync def handle_uninstalled_webhooks(request: Request):\n"
              "    get_logger().info('handle_uninstalled_webhooks')\n    data = await request.json()\n"
              "    get_logger().info(data)\n    return JSONResponse({'ok': True})\n\n"
              "@app.post('/webhook-redirect')\nasync def redirect_to_webhook():\n    return RedirectResponse(url='/webhook')\n")
    result = run_static(tmp_path / "a", CHECK, {"main.py": source})
    assert result.status is Status.PASS, result.evidence
    assert [(e.location, e.message) for e in result.evidence] == [
        ("main.py:3", "POST /uninstalled acts on nothing: its handler only logs and reads the request and answers, "
         "so there is no action a forged payload could cause"),
        ("main.py:10", "POST /webhook-redirect acts on nothing: its handler only answers, so there is no action a "
         "forged payload could cause")]
    stateful = source.replace("    get_logger().info(data)\n", "    INSTALLS[data['id']] = None\n")
    result = run_static(tmp_path / "b", CHECK, {"main.py": stateful})
    assert at(result, Status.FAIL) == ["main.py:3"]
    acting = source.replace("    get_logger().info(data)\n", "    uninstall(data)\n")
    result = run_static(tmp_path / "c", CHECK, {"main.py": acting})
    assert at(result, Status.FAIL) == ["main.py:3"]


def test_acting_before_verifying_fails(tmp_path: Path) -> None:
    source = ("app = FastAPI()\n\n@app.post('/webhooks/stripe')\nasync def hook(request: Request):\n"
              "    db.execute('INSERT INTO events VALUES (?)')\n"
              "    stripe.Webhook.construct_event(await request.body(), sig, SECRET)\n")
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert at(result, Status.FAIL) == ["main.py:5"]


def test_no_webhook_routes_pass(tmp_path: Path) -> None:
    result = run_static(tmp_path, CHECK, {"main.py": "app = FastAPI()\n\n@app.get('/health')\ndef h():\n    pass\n"})
    assert result.status is Status.PASS and result.summary == "no webhook routes found"


def test_examples(tmp_path: Path) -> None:
    vulnerable = run_example(tmp_path, CHECK, "vulnerable")
    assert at(vulnerable, Status.FAIL) == ["main.py:173"]
    assert run_example(tmp_path, CHECK, "hardened").status is Status.PASS


NEST_CHANNELS = (
    "import { Controller, Get, Post, Req, Res, Param } from '@nestjs/common';\n"  # 1
    "import { ChannelService } from './channel.service';\n"
    "\n"
    "@Controller('webhook')\n"
    "export class WebhookController {\n"  # 5
    "  constructor(private readonly channelService: ChannelService, private readonly orders: Orders) {}\n"
    "\n"
    "  @Get(':ref')\n"  # 8
    "  async handshake(@Param('ref') ref: string, @Req() req: Request, @Res() res: Response) {\n"
    "    return await this.dispatch(ref, req, res);\n"
    "  }\n"
    "\n"
    "  @Post(':ref')\n"  # 13
    "  async receive(@Param('ref') ref: string, @Req() req: Request, @Res() res: Response) {\n"
    "    return await this.dispatch(ref, req, res);\n"
    "  }\n"
    "\n"
    "  @Post('orders/:ref')\n"  # 18
    "  async order(@Req() req: Request) {\n"
    "    // this.channelService.verify(req)\n"
    "    return this.orders.create(req.body);\n"
    "  }\n"
    "\n"
    "  private async dispatch(ref: string, req: Request, res: Response) {\n"
    "    return await this.channelService.handle(ref, req, res);\n"
    "  }\n"
    "}\n"
)


def test_a_get_webhook_carries_no_payload_and_a_handoff_to_unread_code_is_undetermined(tmp_path: Path) -> None:
    result = run_static(tmp_path, CHECK, {"src/webhook.controller.ts": NEST_CHANNELS})
    by_location = {e.location: (e.status, e.message) for e in result.evidence}
    assert by_location["src/webhook.controller.ts:8"] == (
        Status.PASS, "GET /webhook/:ref carries no payload to verify (a handshake or a fetch) and its handler acts on "
        "nothing")
    assert by_location["src/webhook.controller.ts:13"] == (
        Status.WARN, "POST /webhook/:ref hands the request to channelService.handle (defined outside "
        "src/webhook.controller.ts, not read): whether a signature is verified before acting is undetermined — "
        "declare it in [[api.webhooks]] (path, scheme) so api.webhook-signatures tests it live")
    # a handler that visibly acts on the payload still fails (a commented-out call verifies nothing)
    assert by_location["src/webhook.controller.ts:18"] == (
        Status.FAIL, "POST /webhook/orders/:ref acts on the payload without verifying a signature")
    assert result.status is Status.FAIL


def test_a_get_webhook_that_acts_is_still_judged(tmp_path: Path) -> None:
    source = ("app = FastAPI()\n\n@app.get('/webhooks/paid')\nasync def paid(request: Request):\n"
              "    db.execute('UPDATE invoices SET paid = 1')\n\n"
              "@app.get('/webhooks/meta')\nasync def meta_handshake(request: Request):\n"
              "    return PlainTextResponse(request.query_params['hub.challenge'])\n\n"
              "@app.post('/webhooks/meta')\nasync def meta_event(request: Request):\n"
              "    return await channels.dispatch(request)\n")
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert [(e.status, e.location) for e in result.evidence] == [
        (Status.FAIL, "main.py:3"), (Status.PASS, "main.py:7"), (Status.WARN, "main.py:11")]
    assert result.evidence[2].message.startswith("POST /webhooks/meta hands the request to channels.dispatch (defined "
                                                 "outside main.py, not read)")
    assert result.summary == ("1 webhook route(s) act without verification; 1 webhook route(s) hand the request to "
                              "code not read (undetermined)")


def test_only_handshakes_and_handoffs_make_an_undetermined_warn_not_a_fail(tmp_path: Path) -> None:
    source = ("app = FastAPI()\n\n@app.get('/webhooks/meta')\nasync def meta_handshake(request: Request):\n"
              "    return PlainTextResponse(request.query_params['hub.challenge'])\n\n"
              "@app.post('/webhooks/meta')\nasync def meta_event(request: Request):\n"
              "    return await channels.dispatch(request)\n")
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert result.status is Status.WARN
    assert result.summary == "1 webhook route(s) hand the request to code not read (undetermined)"


def test_handlers_managing_the_projects_own_hooks_are_no_receivers(tmp_path: Path) -> None:
    """onyx `/admin/hooks`: `create_hook`, `activate_hook` configure the hooks the product calls out to — no sender
    posts to them; a handler named for receiving (`github_hook`) is still a webhook route."""
    admin = ("app = FastAPI()\n\n@app.post('/admin/hooks')\ndef create_hook(body: HookCreate):\n"
             "    return db.hooks.insert(body)\n\n@app.post('/admin/hooks/{hook_id}/activate')\n"
             "def activate_hook(hook_id: int):\n    return db.hooks.activate(hook_id)\n\n"
             "@app.post('/integrations/github')\nasync def github_hook(request: Request):\n"
             "    db.execute('UPDATE repos SET synced = 1', json.loads(await request.body()))\n")
    result = run_static(tmp_path, CHECK, {"main.py": admin})
    assert [(e.location, e.message) for e in result.evidence if e.status is not Status.PASS] == [
        ("main.py:11", "POST /integrations/github acts on the payload without verifying a signature")]

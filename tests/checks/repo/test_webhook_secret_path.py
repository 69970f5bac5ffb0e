"""repo.webhook-verification, held-out round 19: Telegram signs no update; a webhook route whose path carries the bot
token (`/telegram/:token/webhook`), compared with the configured token list and refused otherwise, is verified by
its secret URL. The same route shape whose token is never compared still fails."""

from __future__ import annotations

from pathlib import Path

from launchready.checks.repo.webhook_verification import CHECK
from launchready.model import Status
from tests.checks.repo.static_helpers import run_static

ROUTES = (
    "import express from 'express';\nimport { handleUpdate } from './telegram/handler';\n\n"
    "const router = express.Router();\n\n"
    "async function telegramWebhook(req, res) {\n  const { token } = req.params;\n"
    "  res.json(await handleUpdate(token, req.body));\n}\n\n"
    "async function openHook(req, res) {\n  const { token } = req.params;\n"
    "  await db.messages.insert({ token, body: req.body });\n  res.json({});\n}\n\n"
    "router.post('/telegram/:token/webhook', telegramWebhook);\n"
    "router.post('/bot/:token/webhook', openHook);\n\nexport default router;\n")
HANDLER = ("import { Context } from '../config/context';\n\n"
           "export async function handleUpdate(token: string, update: Update): Promise<Response | null> {\n"
           "  const context = await Context.from(token, update);\n  return context.run(update);\n}\n")
CONTEXT = ("import { ENV } from './env';\n\nexport class Share {\n  botToken: string;\n\n"
           "  constructor(token: string, update: Update) {\n"
           "    const index = ENV.TELEGRAM_AVAILABLE_TOKENS.indexOf(token);\n"
           "    if (index === -1) {\n      throw new Error('Token not allowed');\n    }\n    this.botToken = token;\n  }\n}\n\n"
           "export class Context {\n  static async from(token: string, update: Update): Promise<Context> {\n"
           "    const share = new Share(token, update);\n    return new Context(share);\n  }\n}\n")


def test_a_path_token_compared_with_the_configured_tokens_verifies_a_telegram_webhook_but_an_unchecked_one_fails(
        tmp_path: Path) -> None:
    """ChatGPT-Telegram-Workers: `router.post('/telegram/:token/webhook', telegramWebhook)` → `handleUpdate(token, …)`
    → `WorkerContext.from(token, …)` → `new ShareContext(token, …)`, whose constructor throws unless
    `ENV.TELEGRAM_AVAILABLE_TOKENS.indexOf(token)` finds it (packages/lib/core/src/config/context.ts:20)."""
    result = run_static(tmp_path, CHECK, {"src/routes.ts": ROUTES, "src/telegram/handler.ts": HANDLER,
                                          "src/config/context.ts": CONTEXT})
    rows = {e.location: (e.status, e.message) for e in result.evidence}
    status, message = rows["src/routes.ts:17"]
    assert status is Status.PASS
    assert message.startswith("POST /telegram/:token/webhook carries a secret in its path: the :token segment is "
                              "compared with the configured token(s) and refused otherwise (handleUpdate → Context.from"
                              " → new Share, src/config/context.ts:7: `ENV.TELEGRAM_AVAILABLE_TOKENS.indexOf(token)`)")
    assert rows["src/routes.ts:18"] == (Status.FAIL, "POST /bot/:token/webhook acts on the payload without verifying a "
                                                     "signature")

"""repo.rate-limit-config: a route registered with a handler function by name (Fastify's `fastify.post("/:id",
opts, chatRequestHandler)` importing it from another file) is judged by that function's model call; a function that
only registers an event listener (connecting a Telegram bot whose `bot.on(...)` answers with a model) is none."""

from __future__ import annotations

from pathlib import Path

from launchready.checks.repo.rate_limit_config import CHECK
from launchready.model import Status
from tests.checks.repo.static_helpers import run_static

_ROUTES = ("import { FastifyPluginAsync } from 'fastify'\nimport { chatRequestHandler, connectBotHandler } from "
           "'../handlers/bot'\n\nconst root: FastifyPluginAsync = async (fastify, _) => {\n"
           "  fastify.post(\n    '/:id',\n    { schema: chatRequestSchema },\n    chatRequestHandler\n  )\n"
           "  fastify.post(\n    '/:id/connect',\n    { schema: connectSchema },\n    connectBotHandler\n  )\n}\n\n"
           "export default root\n")
_HANDLERS = ("import { ChatOpenAI } from '@langchain/openai'\nimport { Bot } from 'grammy'\n\n"
             "export const chatRequestHandler = async (request, reply) => {\n"
             "  const model = new ChatOpenAI({ modelName: 'gpt-4o' })\n"
             "  const chain = buildChain(model)\n  return { text: await chain.invoke({ question: request.body.message }) }\n"
             "}\n\nexport const connectBotHandler = async (request, reply) => {\n"
             "  await TelegramBot.connect(request.params.id, request.body.token)\n  return { ok: true }\n}\n")
_TELEGRAM = ("export class TelegramBot {\n  static async connect(id, token) {\n    const bot = new Bot(token)\n"
             "    bot.on('message:text', async (ctx) => {\n      await ctx.reply(await answerWithModel(id, ctx))\n"
             "    })\n    bot.start()\n  }\n}\n\nexport const answerWithModel = async (id, ctx) => {\n"
             "  const chain = buildChain(id)\n  return chain.invoke({ question: ctx.message.text })\n}\n")


def test_a_fastify_route_registered_with_an_imported_handler_is_judged_by_that_handler(tmp_path: Path) -> None:
    result = run_static(tmp_path, CHECK, {"server/src/routes/bot/root.ts": _ROUTES,
                                          "server/src/handlers/bot/index.ts": _HANDLERS,
                                          "server/src/integration/telegram.ts": _TELEGRAM})
    assert [(e.status, e.message, e.location) for e in result.evidence] == [(
        Status.FAIL, "route POST /:id calls a model (chatRequestHandler → ChatOpenAI) and is not rate limited (no rate "
        "limiter anywhere in the project)", "server/src/routes/bot/root.ts:5")]

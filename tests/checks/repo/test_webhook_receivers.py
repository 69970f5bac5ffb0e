"""A route named "webhook" is judged as a receiver only when it takes a third party's payload; a signature
checked in a service the handler imports counts."""

from __future__ import annotations

from pathlib import Path

from launchready.checks.repo.webhook_verification import CHECK
from launchready.model import Status
from tests.checks.repo.static_helpers import run_static

SETTINGS = ("from quart import request\n\n"
            "@app.route('/api/webhooks/<int:webhook_id>', methods=['PUT'])\n"
            "async def edit(webhook_id: int):\n"
            "    data = await request.json\n"
            "    await app.webhook_service.update_webhook(webhook_id, data.get('url'))\n"
            "    return 'ok'\n")
RECEIVER = ("from quart import request\n\n"
            "@app.route('/api/webhooks/<int:webhook_id>', methods=['PUT'])\n"
            "async def edit(webhook_id: int):\n"
            "    raw = await request.get_data()\n"
            "    await app.webhook_service.update_webhook(webhook_id, raw)\n"
            "    return 'ok'\n")


def _by_location(files: dict[str, str | bytes | None], tmp_path: Path) -> dict[str, tuple[Status, str]]:
    result = run_static(tmp_path, CHECK, files)
    return {e.location: (e.status, e.message) for e in result.evidence}


def test_a_route_that_manages_webhook_settings_is_no_receiver(tmp_path: Path) -> None:
    assert _by_location({"app.py": "app = Quart(__name__)\n" + SETTINGS}, tmp_path)["app.py:4"] == (
        Status.PASS, "PUT /api/webhooks/<int:webhook_id> manages webhook settings (app.webhook_service.update_webhook) "
        "and reads no header, raw body or event type: it takes no third party's payload, so there is no signature "
        "to verify")


def test_a_route_that_reads_the_raw_body_is_a_receiver_even_if_it_updates_a_webhook(tmp_path: Path) -> None:
    assert _by_location({"app.py": "app = Quart(__name__)\n" + RECEIVER}, tmp_path)["app.py:4"] == (
        Status.FAIL, "PUT /api/webhooks/<int:webhook_id> acts on the payload without verifying a signature")


ROUTES = ("import express from 'express'\nimport hookController from '../controllers/hook'\n"
          "const router = express.Router()\nrouter.all('/:id', hookController.receive)\nexport default router\n")
APP = ("import express from 'express'\nimport hooks from './routes/hooks'\nconst app = express()\n"
       "app.use('/api/webhook', hooks)\n")
CONTROLLER = ("import hookService from '../services/hook'\n"
              "const receive = async (req, res) => {\n"
              "    await hookService.accept(req.params.id, req.headers, req.rawBody)\n"
              "    await db.runs.create({ flow: req.params.id, body: req.body })\n"
              "    res.json({})\n}\nexport default { receive }\n")
SERVICE_VERIFIES = ("import { checkSignature } from '../utils/sig'\n"
                    "const accept = async (id, headers, raw) => {\n"
                    "    if (!checkSignature(secretOf(id), raw, headers['x-signature'])) throw new Error('bad')\n}\n"
                    "export default { accept }\n")
SIG = ("import crypto from 'crypto'\nexport function checkSignature(secret, raw, given) {\n"
       "    const want = crypto.createHmac('sha256', secret).update(raw).digest('hex')\n"
       "    return crypto.timingSafeEqual(Buffer.from(want), Buffer.from(given))\n}\n")
SERVICE_TRUSTS = ("const accept = async (id, headers, raw) => {\n    return true\n}\nexport default { accept }\n")


def test_a_signature_verified_two_calls_deep_in_imported_services_counts(tmp_path: Path) -> None:
    found = _by_location({"src/app.ts": APP, "src/routes/hooks.ts": ROUTES, "src/controllers/hook.ts": CONTROLLER,
                          "src/services/hook.ts": SERVICE_VERIFIES, "src/utils/sig.ts": SIG}, tmp_path)
    assert "src/routes/hooks.ts:4" not in found or found["src/routes/hooks.ts:4"][0] is Status.PASS


def test_a_receiver_whose_imported_services_verify_nothing_fails(tmp_path: Path) -> None:
    found = _by_location({"src/app.ts": APP, "src/routes/hooks.ts": ROUTES, "src/controllers/hook.ts": CONTROLLER,
                          "src/services/hook.ts": SERVICE_TRUSTS}, tmp_path)
    assert found["src/routes/hooks.ts:4"] == (
        Status.FAIL, "ANY /api/webhook/:id acts on the payload without verifying a signature")


_TWILIO_SMS = ("import { NextResponse } from 'next/server'\nimport twilio from 'twilio'\n\n"
               "export async function POST(request: Request) {\n"  # 4
               "  const queryMap: any = {}\n  const data = decodeURIComponent(await request.text())\n"
               "  data.split('&').forEach((item) => { queryMap[item.split('=')[0]] = item.split('=')[1] })\n"
               "  const prompt = queryMap['Body']\n  const phoneNumber = queryMap['From']\n"
               "  const client = twilio(process.env.TWILIO_ACCOUNT_SID, process.env.TWILIO_AUTH_TOKEN)\n"
               "  await client.messages.create({ body: prompt, to: phoneNumber })\n"
               "  return NextResponse.json({})\n}\n")


def test_a_route_that_reads_twilios_callback_fields_is_a_webhook_whatever_its_path(tmp_path: Path) -> None:
    """companion-app api/text/route.ts: Twilio's SMS webhook (reads Body/From, replies through the SDK) with no
    X-Twilio-Signature check — a forged From chats as any phone number."""
    found = _by_location({"src/app/api/text/route.ts": _TWILIO_SMS}, tmp_path / "a")
    assert found == {"src/app/api/text/route.ts:4": (
        Status.FAIL, "POST /api/text is Twilio's webhook (it reads Twilio's callback fields From/Body) and acts on "
        "the payload without verifying the X-Twilio-Signature: anyone can post a forged message as any phone number")}
    verified = _TWILIO_SMS.replace("  const queryMap: any = {}\n",
                                   "  if (!twilio.validateRequest(token, sig, url, params)) return new Response('', "
                                   "{ status: 403 })\n  const queryMap: any = {}\n")
    assert (Status.FAIL, ) not in [(s,) for s, _ in _by_location(
        {"src/app/api/text/route.ts": verified}, tmp_path / "b").values()]
    sender = _TWILIO_SMS.replace("queryMap['Body']", "body.text").replace("queryMap['From']", "body.to")
    assert _by_location({"src/app/api/text/route.ts": sender}, tmp_path / "c") == {}

"""repo.logging-hygiene: where a logged value comes from — a failed HTTP call's answer, ciphertext logged before it
is decrypted, a credential's value pasted into text, debug calls under an INFO default, browser and commented-out
console.log."""

from __future__ import annotations

from pathlib import Path

from launchready.checks.repo.logging_hygiene import CHECK
from launchready.model import Status
from tests.checks.repo.static_helpers import run_static

FILTER = "import logging\n\nclass Redact(logging.Filter):\n    pass\n"


def _rows(tmp_path: Path, files: dict[str, str]) -> list[tuple[Status, str, str]]:
    result = run_static(tmp_path, CHECK, {**files, "app/logs.py": FILTER})
    return [(e.status, e.location, e.message) for e in result.evidence]


def test_a_failed_calls_answer_logged_at_error_is_no_content(tmp_path: Path) -> None:
    """`res_json.get('message')`, `resp.text[:500]`, a `message` built from `body['error']` and a token request's
    answer without a token, logged at error level: what the provider answered. The same answer logged at info, and a
    prompt logged at error, still fail."""
    source = (
        "import logging, requests\nlogger = logging.getLogger(__name__)\n\n\n"
        "def summary(url, prompt):\n    res = requests.post(url, json={'q': prompt})\n"
        "    if res.status_code == 200:\n        logger.info(f'summary {res.json().get(\"message\")}')\n"
        "    else:\n        res_json = res.json()\n"
        "        logger.error(f'summary error, msg={res_json.get(\"message\")}')\n"
        "        logger.error(f'failed for {prompt}')\n\n\n"
        "def vision(session, payload):\n    resp = session.post('/v1', json=payload)\n"
        "    if resp.status_code != 200:\n        body = resp.text[:500]\n        logger.error(f'HTTP {resp.status_code}: {body}')\n\n\n"
        "def error_result(response):\n    try:\n        body = response.json()\n    except ValueError:\n"
        "        body = {'raw': response.text}\n    error = body.get('error')\n"
        "    if isinstance(error, dict):\n        message = error.get('message') or str(error)\n"
        "    else:\n        message = str(body)\n    logger.error('chat failed, msg={}'.format(message))\n\n\n"
        "def token(url):\n    token_response = requests.post(url, timeout=10)\n"
        "    token_data = token_response.json()\n    if not token_data.get('accessToken'):\n"
        "        logger.error(f'Failed to get access token: {token_data}')\n"
        "        logger.error(f'Failed to get access token: {token_response.status_code}, {token_response.text}')\n\n\n"
        "def speech_to_text(conn, audio):\n    conn.request(method='POST', url='/asr', body=audio)\n"
        "    response = conn.getresponse()\n    body = response.read()\n    try:\n        body = json.loads(body)\n"
        "    except ValueError:\n        logger.error(f'non-JSON data: {body}')\n")
    assert _rows(tmp_path, {"app/calls.py": source}) == [
        (Status.FAIL, "app/calls.py:8", "log call writes res.json().get('message')"),
        (Status.FAIL, "app/calls.py:12", "log call writes prompt")]


def test_a_failed_calls_status_message_is_no_content_in_the_failure_branch_at_any_level(tmp_path: Path) -> None:
    """SuperAGI's GitHub helper: `logger.info('Failed to create the fork:', fork_response.json()['message'])` in the
    `else` of `if fork_response.status_code == 202`, and a warning with `response.json()["message"]`: GitHub's
    error text. The same field logged where the call succeeded, and a prompt in the failure branch, still fail."""
    source = (
        "import logging, requests\nlogger = logging.getLogger(__name__)\n\n\n"
        "def fork(url, headers, prompt):\n    fork_response = requests.post(url, headers=headers)\n"
        "    if fork_response.status_code == 202:\n"
        "        logger.info('Fork created: %s', fork_response.json()['message'])\n    else:\n"
        "        logger.info('Failed to create the fork:', fork_response.json()['message'])\n"
        "        logger.info('while asking %s', prompt)\n\n\n"
        "def latest(url):\n    response = requests.get(url)\n    if not response.ok:\n"
        "        logger.info(f'Failed to fetch commits: {response.json()[\"message\"]}')\n        return None\n"
        "    logger.warning(f'Failed to fetch commits: {response.json()[\"message\"]}')\n")
    assert _rows(tmp_path, {"app/gh.py": source}) == [
        (Status.FAIL, "app/gh.py:8", "log call writes fork_response.json()['message']"),
        (Status.FAIL, "app/gh.py:11", "log call writes prompt")]


def test_ciphertext_logged_before_it_is_decrypted_is_no_content(tmp_path: Path) -> None:
    """The envelope logged, then decrypted on the next lines: ciphertext. The plaintext branch still fails."""
    source = (
        "import logging\nlogger = logging.getLogger(__name__)\n\n\n"
        "def post(args, channel, web):\n    message = web.data()\n"
        "    if args.get('encrypt_type') == 'aes':\n"
        "        logger.warning('encrypted post data: ' + message.decode('utf-8'))\n"
        "        message = channel.crypto.decrypt_message(message, args.nonce)\n"
        "    else:\n        logger.warning('post data: ' + message.decode('utf-8'))\n    return message\n")
    assert _rows(tmp_path, {"app/reply.py": source}) == [
        (Status.FAIL, "app/reply.py:11", "log call writes message")]


def test_built_from_a_credential_only_when_its_value_is_pasted_in(tmp_path: Path) -> None:
    """A prompt with a configured prefix is the prompt (content, said so), not built from a credential; a header
    built around the api key is; a value assigned the prompt is built from the prompt."""
    source = (
        "import logging\nlogger = logging.getLogger(__name__)\n\n\n"
        "def chat(conf, json_data):\n    prompt = json_data.get('message', '')\n"
        "    api_key = conf.get('linkai_api_key')\n    prefixes = conf.get('single_chat_prefix', [''])\n"
        "    prompt = prefixes[0] + prompt\n    logger.info(f'Added prefix: {prompt}')\n"
        "    auth = 'Bearer ' + api_key\n    logger.info(f'calling with {auth}')\n"
        "    session_message = prompt\n    logger.info(f'session={session_message}, {len(session_message)}')\n")
    assert _rows(tmp_path, {"app/web.py": source}) == [
        (Status.FAIL, "app/web.py:10", "log call writes prompt"),
        (Status.FAIL, "app/web.py:12", "log call writes auth (built from a credential)"),
        (Status.FAIL, "app/web.py:14", "log call writes session_message (built from prompt)")]


def test_debug_calls_under_an_info_default_are_warnings_that_say_so(tmp_path: Path) -> None:
    """The logger is set to INFO where it is built and to DEBUG only when a debug switch is on: a debug call is a
    warning naming the default level and where it is set; an info call stays a fail."""
    log = ("import logging\n\n\ndef _get_logger():\n    log = logging.getLogger('log')\n"
           "    log.setLevel(logging.INFO)\n    return log\n\n\nlogger = _get_logger()\n")
    config = ("import logging\nfrom app.log import logger\n\n\ndef load(config):\n"
              "    if config.get('debug', False):\n        logger.setLevel(logging.DEBUG)\n")
    bot = ("from app.log import logger\n\n\ndef reply(session):\n    logger.debug(f'session: {session.messages}')\n"
           "    logger.info(f'session: {session.messages}')\n")
    assert _rows(tmp_path, {"app/log.py": log, "app/config.py": config, "app/bot.py": bot}) == [
        (Status.WARN, "app/bot.py:5", "log call writes session.messages at debug level; the default level is INFO "
                                      "(app/log.py:6) — it reaches the log only where debug is turned on"),
        (Status.FAIL, "app/bot.py:6", "log call writes session.messages")]


def test_debug_calls_fail_when_debug_is_set_unconditionally(tmp_path: Path) -> None:
    log = "import logging\nlogging.basicConfig(level=logging.DEBUG)\nlogger = logging.getLogger()\n"
    bot = "from app.log import logger\n\n\ndef reply(session):\n    logger.debug(f'session: {session.messages}')\n"
    assert _rows(tmp_path, {"app/log.py": log, "app/bot.py": bot}) == [
        (Status.FAIL, "app/bot.py:5", "log call writes session.messages")]


def test_commented_out_and_browser_console_log_are_no_server_logs(tmp_path: Path) -> None:
    route = ("import { NextResponse } from 'next/server'\n\nexport async function POST(req) {\n"
             "  // console.log('messages', messages)\n  return NextResponse.json({})\n}\n")
    page = "'use client'\nimport { NextResponse } from 'next/server'\nexport function GET() { console.log('clicked') }\n"
    result = run_static(tmp_path, CHECK, {"app/api/chat/route.ts": route, "app/page.tsx": page})
    assert result.status is Status.PASS, result.evidence
    live = route.replace("// console.log('messages', messages)", "console.log('started')")
    result = run_static(tmp_path, CHECK, {"app/api/chat/route.ts": live, "app/page.tsx": page})
    # the live call is counted: the warning on the missing redaction filter cites it
    assert [(e.status, e.location) for e in result.evidence] == [(Status.WARN, "app/api/chat/route.ts:4")]


def test_a_lock_token_and_a_servers_challenge_header_are_no_credentials(tmp_path: Path) -> None:
    """onyx: `lock.local.token` (redis-py's lock ownership nonce) logged when a lock is taken, and copied to
    `local_token` for a diagnostic; Confluence's `WWW-Authenticate` challenge from an error response. An API token,
    the request's `Authorization` header and a response's `Set-Cookie` still fail."""
    source = (
        "import logging\nlogger = logging.getLogger(__name__)\n\n\n"
        "def migrate(lock, api_token):\n    logger.info(f'Acquired the lock. Token: {lock.local.token}')\n"
        "    local_token = lock.local.token\n    logger.warning('lock diagnostic: local_token=%s', local_token)\n"
        "    logger.info('token %s', api_token)\n\n\n"
        "def diagnose(r, lock):\n    name = lock.name\n    remote_raw = r.get(name)\n    if remote_raw:\n"
        "        remote_token = cast(bytes, remote_raw).decode('utf-8')\n    else:\n        remote_token = None\n"
        "    logger.warning('remote_token=%s', remote_token)\n\n\n"
        "def probe(e, request):\n    logger.warning('WWW-Authenticate: %s', e.response.headers['WWW-Authenticate'])\n"
        "    logger.warning('auth: %s', request.headers['Authorization'])\n"
        "    logger.warning('cookie: %s', e.response.headers['Set-Cookie'])\n")
    assert _rows(tmp_path, {"app/locks.py": source}) == [
        (Status.FAIL, "app/locks.py:9", "log call writes api_token"),
        (Status.FAIL, "app/locks.py:24", "log call writes request.headers['Authorization']"),
        (Status.FAIL, "app/locks.py:25", "log call writes e.response.headers['Set-Cookie']")]


def test_a_named_fact_of_a_message_or_of_credentials_is_not_their_content(tmp_path: Path) -> None:
    """onyx: a Slack message's `ts`, the first reply's `.get('ts')`, the Confluence `credentials['confluence_username']`.
    The message's text and the credentials' token still fail."""
    source = (
        "import logging\nlogger = logging.getLogger(__name__)\n\n\n"
        "def thread(message, messages, credentials):\n"
        "    logger.warning(f'Skipping message {message[\"ts\"]}')\n"
        "    logger.info('first reply %s', messages[0].get('ts'))\n"
        "    logger.info('Connecting as user: %s', credentials['confluence_username'])\n"
        "    logger.info('text %s', message['text'])\n"
        "    logger.info('token %s', credentials['confluence_access_token'])\n")
    assert _rows(tmp_path, {"app/slack.py": source}) == [
        (Status.FAIL, "app/slack.py:9", "log call writes message"),
        (Status.FAIL, "app/slack.py:10", "log call writes credentials['confluence_access_token']")]


def test_a_record_built_field_by_field_is_judged_by_its_fields(tmp_path: Path) -> None:
    """onyx's audit log: `payload = {"action": …, "actor": …, "source_ip": …}` written as JSON is an audit record, not
    a request payload. The same record with the user's prompt in it still fails."""
    source = (
        "import json, logging, time\nlogger = logging.getLogger(__name__)\n\n\n"
        "def emit(action, actor, resource_id, prompt):\n"
        "    payload = {'ts': time.time(), 'action': action.value, 'actor': actor.to_dict(),\n"
        "               'resource_id': str(resource_id)}\n    logger.info(json.dumps(payload, default=str))\n\n\n"
        "def emit_with_prompt(action, prompt):\n    payload = {'action': action.value, 'prompt': prompt}\n"
        "    logger.info(json.dumps(payload))\n")
    assert _rows(tmp_path, {"app/audit.py": source}) == [(Status.FAIL, "app/audit.py:13", "log call writes payload")]


def test_an_async_with_response_a_key_prefix_and_a_local_status_text_are_no_content(tmp_path: Path) -> None:
    """AstrBot: LINE's error text read from `async with session.post(…) as resp` after a status >= 400, the first 12
    characters of the chosen Gemini key, and `message` assigned only literal status texts. The whole key and the
    user's message still fail."""
    source = (
        "import logging\nlogger = logging.getLogger(__name__)\n\n\n"
        "async def push(session, url, payload):\n    async with session.post(url, json=payload) as resp:\n"
        "        if resp.status < 400:\n            return True\n        body = await resp.text()\n"
        "        logger.error('push failed: status=%s body=%s', resp.status, body)\n\n\n"
        "def rotate(self):\n    logger.warning('Current key: %s...', self.chosen_api_key[:12])\n"
        "    logger.warning('Current key: %s', self.chosen_api_key)\n\n\n"
        "def finish(restart, message_text):\n    if restart:\n        message = 'updated, restarting'\n"
        "    else:\n        message = 'updated, applied on next start'\n    logger.info(message)\n"
        "    logger.info(message_text)\n\n\n"
        "def relay(message):\n    logger.info(message)\n\n\n"
        "def retrieve(query):\n    logger.info(f\"Retrieving for query: '{query[:10]}'\")\n")
    assert _rows(tmp_path, {"app/sources.py": source}) == [
        (Status.FAIL, "app/sources.py:15", "log call writes self.chosen_api_key"),
        (Status.FAIL, "app/sources.py:28", "log call writes message"),
        (Status.FAIL, "app/sources.py:32", "log call writes query")]  # LangBot: the query's first characters


def test_a_module_logger_set_to_info_hides_its_debug_calls_and_one_set_to_debug_shows_them(tmp_path: Path) -> None:
    """Each module's own logger level decides its debug calls: set to INFO where it is built, a debug call is a
    warning naming that line, though another module sets its own logger to DEBUG; that module's debug calls fail.
    A module that sets none has no known default then (which modules a named logger covers is not read): it fails."""
    main = "import logging\n\nlogging.basicConfig(level=logging.INFO)\nlogger = logging.getLogger(__name__)\n"
    socket = ("import logging\n\nlogger = logging.getLogger(__name__)\nlogger.setLevel(logging.INFO)\n\n\n"
              "def on_message(payload):\n    logger.debug(f'payload: {payload.prompt}')\n")
    search = ("import logging\n\nlogger = logging.getLogger(__name__)\nlogger.setLevel(logging.DEBUG)\n\n\n"
              "def search(request):\n    logger.debug(f'query: {request.prompt}')\n")
    convert = ("import logging\n\nlogger = logging.getLogger(__name__)\n\n\n"
               "def convert(message):\n    logger.debug(f'message: {message.prompt}')\n")
    assert _rows(tmp_path, {"app/main.py": main, "app/socket.py": socket, "app/search.py": search,
                            "app/convert.py": convert}) == [
        (Status.FAIL, "app/convert.py:7", "log call writes message.prompt"),
        (Status.FAIL, "app/search.py:8", "log call writes request.prompt"),
        (Status.WARN, "app/socket.py:8", "log call writes payload.prompt at debug level; its logger level is INFO "
                                         "(app/socket.py:4) — it reaches the log only where debug is turned on")]


def test_a_name_bound_to_the_whole_request_body_is_logged_as_the_body(tmp_path: Path) -> None:
    """pr-agent's Bitbucket `/installed`: `data = await request.json()` then `get_logger().info(data)` — the install
    body holding the shared secret. An f-string `{event_data}` and `json.dumps(event_data)` write it whole; one field of it
    (`data["event"]`), or a name later bound again, is no whole body."""
    source = (
        "import json\nfrom loguru import logger\nfrom fastapi import APIRouter, Request\nrouter = APIRouter()\n\n"
        "@router.post('/installed')\nasync def installed(request: Request):\n    data = await request.json()\n"
        "    logger.info(data)\n    logger.info(data['event'])\n    return 'OK'\n\n"
        "@router.post('/hook')\ndef hook(request: Request):\n    event_data = request.get_json()\n"
        "    logger.info(f'hook {json.dumps(event_data)}')\n    return 'OK'\n\n"
        "@router.post('/again')\nasync def again(request: Request):\n    data = await request.json()\n"
        "    data = data['inner']\n    logger.info(data)\n    return 'OK'\n")
    rows = [r for r in _rows(tmp_path, {"app/routes.py": source}) if r[0] is not Status.PASS]
    assert rows == [
        (Status.FAIL, "app/routes.py:9", "log call writes data (the whole request body, request.json())"),
        (Status.FAIL, "app/routes.py:16",
         "log call writes event_data (the whole request body, request.get_json())")]


def test_pino_redaction_in_a_logger_module_without_a_server_import_counts(tmp_path: Path) -> None:
    """pezzo: `apps/server/src/app/logger/create-logger.ts` builds `pino({ redact: [...] })` and imports no server
    framework; the server files log through it. A `redact:` key in a file that builds no logger is no redaction."""
    logger = ("import { pino } from 'pino';\nexport function createLogger(context = {}) {\n"
              "  return pino({ redact: ['pid', 'hostname', 'res'] }).child(context);\n}\n")
    server = ("import express from 'express';\nconst app = express();\n"
              "app.get('/x', (req, res) => { console.log('served'); res.send('ok'); });\n")
    result = run_static(tmp_path / "a", CHECK, {"apps/server/src/app/logger/create-logger.ts": logger,
                                                "apps/server/src/main.ts": server})
    assert result.status is Status.PASS, result.evidence
    assert result.summary.endswith("; redaction at apps/server/src/app/logger/create-logger.ts")
    form = "export const fields = { redact: ['password'] };\n"
    result = run_static(tmp_path / "b", CHECK, {"apps/web/form.ts": form, "apps/server/src/main.ts": server})
    assert [e.message[:60] for e in result.evidence if e.status is Status.WARN] == [
        "the project logs but configures no log redaction (no logging"]

from __future__ import annotations

from pathlib import Path

import pytest

from launchready.checks.repo.logging_hygiene import CHECK
from launchready.model import Status
from tests.checks.repo.static_helpers import at, messages, run_example, run_static

FILTER = "import logging\n\nclass Redact(logging.Filter):\n    pass\n"


@pytest.mark.parametrize(("path", "source", "line", "what"), [
    ("app/api.py", "log = logging.getLogger()\n\ndef chat(request):\n    log.info('headers %s', request.headers)\n", 4,
     "request.headers"),
    ("app/api.py", "logger = logging.getLogger()\n\nasync def h(request):\n    logger.debug(await request.json())\n", 4,
     "request.json()"),
    ("app/api.py", "log = logging.getLogger()\n\ndef chat(prompt):\n    log.info(f'prompt: {prompt}')\n", 4, "prompt"),
    ("app/api.py", "log = logging.getLogger()\n\ndef reset(user, reset_link):\n    log.warning('sent %s', reset_link)\n", 4,
     "reset_link"),
    ("app/api.py", "log = logging.getLogger()\n\ndef h(request):\n    log.error(request.headers.get('Authorization'))\n", 4,
     "request.headers.get('Authorization')"),
    ("server.js", "const express = require('express')\napp.post('/chat', (req, res) => {\n  console.log('body', req.body)\n})\n",
     3, "req.body"),
])
def test_sensitive_log_call_fails_at_its_line(tmp_path: Path, path: str, source: str, line: int, what: str) -> None:
    result = run_static(tmp_path, CHECK, {path: source, "app/logs.py": FILTER})
    assert at(result, Status.FAIL) == [f"{path}:{line}"]
    assert messages(result, Status.FAIL) == [f"log call writes {what}"]


def test_safe_logs_with_redaction_pass(tmp_path: Path) -> None:
    source = ("log = logging.getLogger()\n\ndef chat(user, prompt, completion):\n"
              "    log.info('chat', extra={'user_id': user.id, 'prompt_tokens': completion.prompt_tokens})\n"
              "    log.info('prompt length %d', len(prompt))\n    log.info('token refreshed')\n")
    result = run_static(tmp_path, CHECK, {"app/api.py": source, "app/logs.py": FILTER})
    assert result.status is Status.PASS, result.evidence


def test_logging_without_redaction_warns(tmp_path: Path) -> None:
    # the missing filter warns, whether or not a log call writes something sensitive (the message says which)
    source = "log = logging.getLogger()\nlog.info('started')\n\n\ndef chat(prompt):\n    log.info(prompt)\n"
    result = run_static(tmp_path, CHECK, {"app/api.py": source})
    assert at(result, Status.WARN) == ["app/api.py:2"]
    assert at(result, Status.FAIL) == ["app/api.py:6"]
    quiet = run_static(tmp_path / "quiet", CHECK, {"app/api.py": "log = logging.getLogger()\nlog.info('started')\n"})
    assert quiet.status is Status.WARN and at(quiet, Status.WARN) == ["app/api.py:2"]
    assert "none of its 1 log call(s) read writes a secret" in messages(quiet, Status.WARN)[0]


def test_pino_redact_counts_as_redaction(tmp_path: Path) -> None:
    source = ("const express = require('express')\nconst logger = pino({ redact: ['req.headers.authorization'] })\n"
              "logger.info('started')\n")
    result = run_static(tmp_path, CHECK, {"server.js": source})
    assert result.status is Status.PASS, result.evidence


def test_examples(tmp_path: Path) -> None:
    vulnerable = run_example(tmp_path, CHECK, "vulnerable")
    assert sorted(at(vulnerable, Status.FAIL)) == ["main.py:156", "main.py:341", "main.py:80", "main.py:89"]
    assert "log call writes headers" in messages(vulnerable, Status.FAIL)
    assert run_example(tmp_path, CHECK, "hardened").status is Status.PASS


@pytest.mark.parametrize(("path", "source"), [
    ("app/prompts.py", "log = logging.getLogger()\n\ndef load(hub, prompt):\n"
     "    log.info(f'pulled prompt {prompt.name} at commit {prompt.commit_hash[:7]}')\n"),
    ("app/prompts.py", "log = logging.getLogger()\n\ndef load(prompt_name, sha):\n"
     "    log.info(f'using prompt {prompt_name} ({sha})')\n"),
    ("app/chat.py", "log = logging.getLogger()\n\ndef chat(prompt, token_count):\n"
     "    log.info('prompt of %d chars, %d tokens', len(prompt), token_count)\n"),
    ("server.js", "const express = require('express')\napp.post('/chat', (req, res) => {\n"
     "  console.log(`prompt ${prompt.name}@${prompt.commit}`)\n})\n"),
])
def test_facts_about_a_prompt_are_not_the_prompt(tmp_path: Path, path: str, source: str) -> None:
    result = run_static(tmp_path, CHECK, {path: source, "app/logs.py": FILTER})
    assert result.status is Status.PASS, result.evidence


def test_the_prompt_itself_after_its_name_still_fails(tmp_path: Path) -> None:
    source = "log = logging.getLogger()\n\ndef chat(name, text):\n    log.info(f'prompt {name}: {text}')\n"
    result = run_static(tmp_path, CHECK, {"app/chat.py": source, "app/logs.py": FILTER})
    assert messages(result, Status.FAIL) == ["log call writes f-string about 'prompt'"]
    assert at(result, Status.FAIL) == ["app/chat.py:4"]


@pytest.mark.parametrize("source", [
    "log = logging.getLogger()\n\ndef f(current_tokens, limit):\n"
    "    log.warning(f'approaching: {current_tokens}/{limit} tokens ({(current_tokens / limit) * 100:.1f}%)')\n",
    "log = logging.getLogger()\n\ndef f(e):\n    message = 'Malformed request body'\n"
    "    log.error(f'/stream - error: {message} - detail: {e}')\n",
    "log = logging.getLogger()\n\ndef f(model, messages):\n    logging.info('llm_gen_start', extra={'model': model, "
    "'message_count': len(messages) if messages is not None else 0})\n",
        "log = logging.getLogger()\n\ndef f(request_headers, url):\n"
    "    log.debug(f\"API call {url} | Content-Type: {request_headers.get('Content-Type', 'N/A')}\")\n",
])
def test_counts_constants_and_harmless_headers_are_not_request_data(tmp_path: Path, source: str) -> None:
    result = run_static(tmp_path, CHECK, {"app/agent.py": source, "app/logs.py": FILTER})
    assert result.status is Status.PASS, result.evidence


def test_a_comparison_is_no_content_but_the_value_beside_it_is(tmp_path: Path) -> None:
    source = ("log = logging.getLogger()\n\ndef f(messages):\n"
              "    log.info('got %s', messages if messages is not None else [])\n")
    result = run_static(tmp_path, CHECK, {"app/chat.py": source, "app/logs.py": FILTER})
    assert at(result, Status.FAIL) == ["app/chat.py:4"] and messages(result, Status.FAIL) == ["log call writes messages"]


def test_a_message_variable_holding_request_data_still_fails(tmp_path: Path) -> None:
    source = ("log = logging.getLogger()\n\ndef f(payload):\n    message = payload['text']\n"
              "    log.info('got %s', message)\n")
    result = run_static(tmp_path, CHECK, {"app/chat.py": source, "app/logs.py": FILTER})
    assert at(result, Status.FAIL) == ["app/chat.py:5"] and messages(result, Status.FAIL) == ["log call writes message"]


@pytest.mark.parametrize("source", [
    "log = logging.getLogger()\n\ndef f():\n    try:\n        pass\n    except Exception as e:\n"
    "        log.error(f'Error exchanging code for tokens: {e}')\n",
    "log = logging.getLogger()\n\ndef f():\n    try:\n        pass\n    except ValueError as err:\n"
    "        log.debug(f'template invalid at {err.lineno}: {err.message}')\n",
    "log = logging.getLogger()\n\ndef f(page_token):\n    log.warning(f\"Invalid page_token '{page_token}'\")\n",
])
def test_errors_and_pagination_cursors_are_not_credentials(tmp_path: Path, source: str) -> None:
    result = run_static(tmp_path, CHECK, {"app/connector.py": source, "app/logs.py": FILTER})
    assert result.status is Status.PASS, result.evidence


@pytest.mark.parametrize("source", [
    "log = logging.getLogger()\n\ndef f(max_tokens):\n    try:\n        pass\n    except Exception as e:\n"
    "        log.error(f'Error checking message tokens: {str(e)}')\n",
    "log = logging.getLogger()\n\nclass S:\n    def scrape(self):\n        log.info(f'scraping {self.link}')\n",
])
def test_token_counts_and_scraped_links_are_not_secrets(tmp_path: Path, source: str) -> None:
    result = run_static(tmp_path, CHECK, {"app/scraper.py": source, "app/logs.py": FILTER})
    assert result.status is Status.PASS, result.evidence


# --- a parameter named like content is judged by what its callers pass ---------------------------------------

_HELPER = ("import logging\nlog = logging.getLogger()\n\n\ndef error_response(message, err):\n"
           "    log.error(f'{message}: {err}')\n    return {'success': False, 'message': message}\n")
_LABELS = ("from app.errors import error_response\n\n\ndef get_folders(user):\n    try:\n        return list(user)\n"
           "    except Exception as err:\n        return error_response('Failed to fetch folders', err)\n\n\n"
           "def move(agent_id, err):\n    return error_response(f'Failed to move agent {agent_id}', err)\n")


def test_a_message_parameter_every_caller_fills_with_a_label_is_no_content(tmp_path: Path) -> None:
    files = {"app/errors.py": _HELPER, "app/folders.py": _LABELS, "app/logs.py": FILTER}
    result = run_static(tmp_path / "a", CHECK, files)
    assert result.status is Status.PASS, result.evidence
    # one caller hands it the user's question: that is what reaches the log, said with the caller's line
    files["app/answer.py"] = ("from app.errors import error_response\n\n\ndef answer(data, err):\n"
                              "    return error_response(data['question'], err)\n")
    result = run_static(tmp_path / "b", CHECK, files)
    assert at(result, Status.FAIL) == ["app/errors.py:6"]
    assert messages(result, Status.FAIL) == ["log call writes message (app/answer.py:5 passes data['question'])"]


def test_content_passed_through_two_helpers_is_found_at_the_log_call(tmp_path: Path) -> None:
    """``stream_log_sync(f"… for query: {self.query}")`` → ``stream_log(message)`` → ``logger.info(message)``."""
    streamer = ("import logging\nlogger = logging.getLogger()\n\n\nclass Streamer:\n"
                "    async def stream_log(self, message, data=None):\n        logger.info(message)\n\n"
                "    def stream_log_sync(self, message, data=None):\n        self.stream_log(message, data)\n")
    retriever = ("class Retriever:\n    def search(self, streamer):\n"
                 "        streamer.stream_log_sync(f'Found {len(self.configs)} servers')\n"
                 "        streamer.stream_log_sync(f'Initializing retriever for query: {self.query}')\n")
    files = {"app/streaming.py": streamer, "app/retriever.py": retriever, "app/logs.py": FILTER}
    result = run_static(tmp_path / "a", CHECK, files)
    assert at(result, Status.FAIL) == ["app/streaming.py:7"]
    assert messages(result, Status.FAIL) == ["log call writes message (app/retriever.py:4 passes self.query)"]
    files["app/retriever.py"] = retriever.replace("{self.query}", "{self.query_id}")
    assert run_static(tmp_path / "b", CHECK, files).status is Status.PASS


def test_the_message_of_a_result_or_error_is_what_the_callee_answered(tmp_path: Path) -> None:
    source = ("import logging\nlog = logging.getLogger()\n\n\ndef test(tool, request):\n"
              "    result = tool.test_connection()\n    log.error(f\"connection failed: {result.get('message')}\")\n"
              "    data = request.get_json()\n    log.info(f\"chat: {data.get('message')}\")\n")
    result = run_static(tmp_path, CHECK, {"app/mcp.py": source, "app/logs.py": FILTER})
    assert at(result, Status.FAIL) == ["app/mcp.py:9"]
    assert messages(result, Status.FAIL) == ["log call writes data.get('message')"]


def test_a_search_query_is_the_users_text_and_a_model_name_is_a_fact(tmp_path: Path) -> None:
    py = "import logging\nlog = logging.getLogger()\n\n\ndef search(query, query_id):\n    log.info(f'web search: {query}')\n" \
         "    log.info(f'search {query_id} done')\n"
    js = ("const express = require('express')\napp.post('/v1/chat/completions', (req, res) => {\n"
          "  console.log(`intercepted ${req.body?.messages?.length} msgs, model=${req.body?.model || '?'}`)\n"
          "  console.log(`body ${req.body?.messages}`)\n})\n")
    result = run_static(tmp_path, CHECK, {"app/search.py": py, "proxy/index.js": js, "app/logs.py": FILTER})
    assert at(result, Status.FAIL) == ["app/search.py:6", "proxy/index.js:4"]
    assert messages(result, Status.FAIL) == ["log call writes query", "log call writes req.body"]


def test_an_evaluation_harness_logs_its_dataset_not_users_data(tmp_path: Path) -> None:
    source = "import logging\nlog = logging.getLogger()\n\n\ndef run(query):\n    log.info(f'Processing query: {query}')\n"
    result = run_static(tmp_path, CHECK, {"evals/hallucination/run_eval.py": source, "app/search.py": source,
                                          "app/logs.py": FILTER})
    assert at(result, Status.FAIL) == ["app/search.py:6"]


def test_a_label_chosen_by_a_condition_is_no_content(tmp_path: Path) -> None:
    """`message = "Telemetry disabled" if off else "Telemetry enabled"` is one of two labels; a message built
    from the request next to it still fails."""
    source = ("log = logging.getLogger()\n\ndef configure(state):\n"
              "    message = 'Telemetry disabled' if state.off else 'Telemetry enabled'\n    log.info(message)\n\n"
              "def chat(request):\n    prompt = request.query_params['q']\n    log.info(f'asked {prompt}')\n")
    result = run_static(tmp_path, CHECK, {"app/api.py": source, "app/logs.py": FILTER})
    assert at(result, Status.FAIL) == ["app/api.py:9"]


def test_a_token_that_only_picks_one_of_two_labels_is_not_written(tmp_path: Path) -> None:
    """`f"USER TOKEN is {'present' if user_token else 'not present'}"` says whether there is one, never what it
    is; the token itself in the same f-string fails."""
    source = ("log = logging.getLogger()\n\ndef scope(request):\n"
              "    user_token = request.headers.get('X-MS-TOKEN-AAD-ACCESS-TOKEN', '')\n"
              "    log.debug(f\"USER TOKEN is {'present' if user_token else 'not present'}\")\n"
              "    log.debug(f'USER TOKEN is {user_token}')\n")
    result = run_static(tmp_path, CHECK, {"app/settings.py": source, "app/logs.py": FILTER})
    assert at(result, Status.FAIL) == ["app/settings.py:6"]


def test_a_message_logged_because_its_content_is_empty_writes_no_content(tmp_path: Path) -> None:
    """khoj drops a message whose content is empty and logs it; a message with content logged beside it fails."""
    source = ("log = logging.getLogger()\n\ndef clean(messages):\n    for message in messages:\n"
              "        if is_none_or_empty(message.content):\n            log.warning(f'dropping empty {message}')\n"
              "            continue\n        parts = [p for p in message.content if p]\n"
              "        message_content = [p for p in parts if p.text]\n        if not message_content:\n"
              "            log.warning(f'dropping {message}')\n        if not parts[0].text:\n"
              "            log.warning(f'odd first part in {message}')\n")
    result = run_static(tmp_path, CHECK, {"app/llm.py": source, "app/logs.py": FILTER})
    assert at(result, Status.FAIL) == ["app/llm.py:13"]


def test_a_word_in_the_static_text_does_not_make_a_models_answer_the_prompt(tmp_path: Path) -> None:
    """`f"Invalid response for checking safe prompt: {response}"` logs the safety model's verdict; the prompt
    itself after the same words fails."""
    source = ("log = logging.getLogger()\n\ndef check(system_prompt, response):\n"
              "    log.error(f'Invalid response for checking safe prompt: {response}')\n"
              "    log.error(f'Unsafe prompt: {system_prompt}')\n")
    result = run_static(tmp_path, CHECK, {"app/safety.py": source, "app/logs.py": FILTER})
    assert at(result, Status.FAIL) == ["app/safety.py:5"]


# Round 3 (fragments, Hexabot): a commented-out log call writes nothing; one named header is judged by its name.
JS_HEADERS = ("const express = require('express')\napp.post('/chat', (req, res) => {\n"
              "  // console.log('apiKey', apiKey)\n"  # 3
              "  /* logger.info(token) */ logger.debug('No origin found ', req.headers.origin)\n"  # 4
              "  logger.debug('agent', req.headers['user-agent'], req.headers.get('referer'))\n"  # 5
              "  logger.debug('No origin ', req.headers)\n"  # 6
              "  logger.debug('caller', req.headers['authorization'])\n"  # 7
              "  console.log('key', apiKey) // the key, in full\n"  # 8
              "})\n")


def test_a_commented_out_log_call_and_a_harmless_named_header_write_nothing(tmp_path: Path) -> None:
    result = run_static(tmp_path, CHECK, {"server.js": JS_HEADERS})
    assert [(e.location, e.message) for e in result.evidence if e.status is Status.FAIL] == [
        ("server.js:6", "log call writes req.headers"),  # whole headers: Authorization and Cookie among them
        ("server.js:7", "log call writes req.headers"),  # the credential header itself
        ("server.js:8", "log call writes apiKey"),
    ]


def test_a_wasabi_printer_is_a_logger_and_a_body_field_is_judged_by_its_name(tmp_path: Path) -> None:
    """Verba prints through wasabi's `msg`: the user's query it prints is content; the reset mode of the same
    request body is one named field, not the body. A `msg` that is not wasabi's is nobody's logger."""
    source = ("from wasabi import msg\n\n@app.post('/api/query')\nasync def query(payload: QueryPayload):\n"
              "    msg.good(f'Received query: {payload.query}')\n"  # 5
              "    msg.info(f'Resetting in ({payload.resetMode}) mode')\n"  # 6
              "    msg.info(f'with {payload.text}')\n"  # 7
              "    logger.info('mode %s', body['mode'])\n"  # 8
              "    logger.error(f'Unsafe: {body.persona}')\n")  # 9: a field whose name is no setting may be content
    result = run_static(tmp_path, CHECK, {"server/api.py": source, "app/logs.py": FILTER})
    assert [(e.location, e.message) for e in result.evidence if e.status is Status.FAIL] == [
        ("server/api.py:5", "log call writes payload.query"), ("server/api.py:7", "log call writes payload")]
    # a field named neither like content nor like a label: may be content — a warning saying what to confirm
    assert [(e.location, e.message) for e in result.evidence if e.status is Status.WARN] == [
        ("server/api.py:9", "log call writes body.persona, one named field of a request body or message — confirm "
                            "it holds no user text or credential")]
    other = source.replace("from wasabi import msg", "from email import message as msg")
    result = run_static(tmp_path / "b", CHECK, {"server/api.py": other, "app/logs.py": FILTER})
    assert at(result, Status.FAIL) == [] and at(result, Status.WARN) == ["server/api.py:9"]  # only the real logger


JS_SERVER = "const express = require('express')\nconst router = express.Router()\n"


def test_a_named_field_of_the_body_is_that_field_not_the_body(tmp_path: Path) -> None:
    """`request.body.api` (a provider name) and `request.body.handle` are one named value each; `request.body
    .messages` is the conversation and `request.body.auth` a credential."""
    source = JS_SERVER + (
        "router.post('/caption', async (request, response) => {\n  console.log('No key found for API', request.body.api)\n"
        "  console.log('Deleting data for', request.body.handle)\n  console.log(request.body.messages)\n"
        "  console.log('auth', request.body.auth)\n  console.log('type', request.body.custom_post_processing)\n"
        "  return response.send({})\n})\n")
    result = run_static(tmp_path, CHECK, {"server.js": source, "app/logs.py": FILTER})
    assert [(e.status, e.location, e.message) for e in result.evidence if e.status is Status.WARN] == [
        (Status.WARN, "server.js:8", "log call writes request.body.custom_post_processing, one named field of the "
                                     "request body — confirm it holds no user text or credential")]
    assert [(e.status, e.location, e.message) for e in result.evidence if e.status is Status.FAIL] == [
        (Status.FAIL, "server.js:6", "log call writes request.body"),
        (Status.FAIL, "server.js:7", "log call writes request.body")]


def test_a_whole_body_whose_handler_reads_only_labels_is_a_warning_naming_them(tmp_path: Path) -> None:
    """`/props` logs its whole body but reads only `server_url` from it: what else the client sends is not known
    from the code — a warning saying what to confirm. `/generate` reads `prompt` from the body it logs: a fail."""
    source = JS_SERVER + (
        "router.post('/props', async function (request, response) {\n  if (!request.body.server_url) return response.sendStatus(400)\n"
        "  console.log('props request:', request.body)\n  const reply = await fetch(request.body.server_url + '/props')\n"
        "  return response.send(await reply.json())\n})\n\n"
        "router.post('/generate', async function (request, response) {\n  console.log('generate request:', request.body)\n"
        "  const reply = await fetch(URL, { body: JSON.stringify({ prompt: request.body.prompt }) })\n"
        "  return response.send(await reply.json())\n})\n")
    result = run_static(tmp_path, CHECK, {"server.js": source, "app/logs.py": FILTER})
    assert [(e.status, e.location, e.message) for e in result.evidence] == [
        (Status.WARN, "server.js:5", "log call writes the whole request.body; its handler reads only server_url from "
                                     "it — confirm the client sends no prompt, message or credential in that body"),
        (Status.FAIL, "server.js:11", "log call writes request.body")]


def test_an_identifier_field_of_a_body_and_an_errors_text_are_no_content(tmp_path: Path) -> None:
    """`body.ingest_body.artifact` is one field of the body, not the body (a warning: its name says neither content
    nor label), and `message = get_clean_exception_info(e)` is the text of a caught error (nothing);
    `body.ingest_body.messages` and a `message` handed in by a caller are content."""
    source = ("import logging\nlogger = logging.getLogger(__name__)\n\n\ndef parse(body):\n"
              "    logger.info(f'Parse task for {body.ingest_body.artifact} was skipped')\n"
              "    logger.info(f'Parse task for {body.ingest_body.messages}')\n\n\n"
              "def run_code(code):\n    try:\n        return execute(code)\n    except Exception as e:\n"
              "        message = get_clean_exception_info(e)\n        logger.debug('Code execution failed: %s', message)\n"
              "        raise\n\n\ndef reply(message):\n    logger.info('reply to %s', message)\n")
    result = run_static(tmp_path, CHECK, {"app/tasks.py": source, "app/logs.py": FILTER})
    assert [(e.status, e.location, e.message) for e in result.evidence] == [
        (Status.WARN, "app/tasks.py:6", "log call writes body.ingest_body.artifact, one named field of a request body "
                                        "or message — confirm it holds no user text or credential"),
        (Status.FAIL, "app/tasks.py:7", "log call writes body.ingest_body.messages"),
        (Status.FAIL, "app/tasks.py:20", "log call writes message")]

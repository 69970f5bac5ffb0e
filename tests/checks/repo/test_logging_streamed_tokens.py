"""repo.logging-hygiene: ``token`` bound to a piece of a model's streamed answer — a progress callback's parameter,
a streaming callback's (LangChain ``on_llm_new_token``), a loop variable over a stream — is no credential: the
log call is a warning that it copies the conversation, not a fail for a token. A ``token`` bound anywhere else
is still judged a credential."""

from __future__ import annotations

from pathlib import Path

from launchready.checks.repo.logging_hygiene import CHECK
from launchready.model import Status
from tests.checks.repo.static_helpers import run_static

_REDACTED = {"logs.py": "import logging\n\nclass Redact(logging.Filter):\n    pass\n"}


def _rows(tmp_path: Path, files: dict[str, str]) -> list[tuple[Status, str, str]]:
    result = run_static(tmp_path, CHECK, {**files, **_REDACTED})
    return [(e.status, e.message, e.location) for e in result.evidence]


_FASTIFY = ("import fastify from 'fastify';\nconst server = fastify();\n"
            "server.post('/conversation', async (request, reply) => {\n    let onProgress;\n"
            "    if (request.body.stream === true) {\n        onProgress = (token) => {\n"
            "            if (settings.debug) {\n                console.debug(token);\n            }\n"
            "            reply.sse({ data: JSON.stringify(token) });\n        };\n    }\n"
            "    return client.sendMessage(request.body.message, { onProgress });\n});\n")


def test_a_progress_callbacks_token_is_a_piece_of_the_answer(tmp_path: Path) -> None:
    """node-chatgpt-api bin/server.js: `onProgress = (token) => { console.debug(token) }`."""
    assert _rows(tmp_path / "a", {"server.js": _FASTIFY}) == [
        (Status.WARN, "log call writes token, a piece of the model's streamed answer (the onProgress callback's "
         "parameter), not a credential — it still copies the conversation into the log: log it only while debugging",
         "server.js:8")]
    bound = _FASTIFY.replace("onProgress = (token) => {", "onProgress = (chunk) => { const token = "
                             "request.headers.authorization;")
    assert [(s, at) for s, _, at in _rows(tmp_path / "b", {"server.js": bound})] == [(Status.FAIL, "server.js:8")]


def test_a_streaming_callbacks_or_loops_token_in_python_is_a_piece_of_the_answer(tmp_path: Path) -> None:
    source = ("import logging\nlogger = logging.getLogger(__name__)\n\n\nclass Printer(BaseCallbackHandler):\n"
              "    def on_llm_new_token(self, token: str, **kwargs):\n        logger.info(token)\n\n\n"
              "def answer(client, messages):\n    stream = client.chat.completions.create(messages=messages, "
              "stream=True)\n    for token in stream:\n        logger.debug(token)\n\n\n"
              "def login(token):\n    logger.info(token)\n")
    rows = sorted(_rows(tmp_path, {"chat.py": source}), key=lambda r: int(r[2].rsplit(":", 1)[1]))
    assert [(s, at) for s, _, at in rows] == [(Status.WARN, "chat.py:7"), (Status.WARN, "chat.py:13"),
                                              (Status.FAIL, "chat.py:17")]
    assert "(the on_llm_new_token callback's parameter)" in rows[0][1]
    assert "(a loop over stream)" in rows[1][1]


def test_a_record_of_an_error_list_is_an_error_text_whatever_its_name(tmp_path: Path) -> None:
    """chatgpt-retrieval-plugin weaviate_datastore.py: `for message in result["result"]["errors"]["error"]:
    logger.error(message["message"])` logs Weaviate's batch error, not a chat message."""
    source = ("import logging\nlogger = logging.getLogger(__name__)\n\n\ndef check(results):\n"
              "    for result in results:\n        for message in result['result']['errors']['error']:\n"
              "            logger.error(message['message'])\n")
    assert _rows(tmp_path / "a", {"store.py": source}) == []
    chat = source.replace("result['result']['errors']['error']", "result['conversation']['messages']")
    assert [(s, at) for s, _, at in _rows(tmp_path / "b", {"store.py": chat})] == [(Status.FAIL, "store.py:8")]


_COMPOSED = ("import logging\nlogger = logging.getLogger(__name__)\n\n\ndef handle_configuration_errors(errors, provider):\n"
             "    for err in errors:\n        config_type = err['category']\n"
             "        header = f\"PR-Agent failed to apply '{config_type}' repo settings\"\n"
             "        body = f\"{header}\\n\\nThe configuration file needs to be valid TOML.\\n\"\n"
             "        body += f\"Error message: {err['error']}\"\n"
             "        logger.warning('Sending a configuration error comment', extra={'body': body})\n"
             "        provider.publish_comment(body)\n")


def test_a_text_the_function_composes_itself_is_no_request_body(tmp_path: Path) -> None:
    """pr-agent git_providers/utils.py: `body` is the bot's own error comment, composed from f-strings."""
    assert _rows(tmp_path / "a", {"errors.py": _COMPOSED}) == []
    pasted = _COMPOSED.replace("{err['error']}", "{err['prompt']}")
    assert [(s, at) for s, _, at in _rows(tmp_path / "b", {"errors.py": pasted})] == [(Status.FAIL, "errors.py:11")]
    handed = _COMPOSED.replace("{err['error']}", "{provider}")
    assert [(s, at) for s, _, at in _rows(tmp_path / "c", {"errors.py": handed})] == [(Status.FAIL, "errors.py:11")]


def test_a_commits_message_is_no_users_message(tmp_path: Path) -> None:
    """pr-agent github_provider.py: `commit.commit.message` logged when it is the default branch's merge message."""
    source = ("import logging\nlogger = logging.getLogger(__name__)\n\n\ndef skip_merges(commits, default):\n"
              "    for commit in commits:\n        if commit.commit.message.startswith(f\"Merge branch '{default}'\"):\n"
              "            logger.debug(f'Skipping merge commit {commit.commit.message}')\n"
              "    for chat in commits:\n        logger.info(chat.message)\n")
    assert [(s, at) for s, _, at in _rows(tmp_path, {"git.py": source})] == [(Status.FAIL, "git.py:10")]


def test_a_query_the_function_runs_as_sql_is_a_statement_not_a_users_query(tmp_path: Path) -> None:
    """QAnything mysql_client.py: `query` handed to `cursor.execute(query, params)`, or looped over a list of SQL
    literals, and logged when it fails is a SQL statement. A `query` handed to a search client (DocsGPT's
    `client.text(query)`) or a command runner (`instance.execute(query)`) is what a user asked."""
    source = ("import logging\nlogger = logging.getLogger(__name__)\n\n\nclass Client:\n"
              "    def execute_query_(self, query, params):\n        try:\n            cursor.execute(query, params)\n"
              "        except Error as err:\n            logger.error('failed: {}, SQL: {}'.format(err, query))\n\n"
              "    def migrate(self):\n        index_queries = ['ALTER TABLE kb ADD INDEX i (kb_id)', 'DROP TABLE x']\n"
              "        for query in index_queries:\n            self.execute_query_(query, ())\n"
              "            logger.info(f'done: {query}')\n\n"
              "    def search(self, query):\n        logger.info(f'searching {query}')\n"
              "        return self.client.text(query, max_results=5)\n\n"
              "    def command(self, instance, query):\n        logger.info(f'running {query}')\n"
              "        return instance.execute(query, session_id=1)\n")
    assert [(s, at) for s, _, at in _rows(tmp_path, {"db.py": source})] == [(Status.FAIL, "db.py:19"),
                                                                            (Status.FAIL, "db.py:23")]


def test_a_token_limit_is_a_number_not_a_token(tmp_path: Path) -> None:
    """QAnything handler.py: `max_token` is the answer's length limit."""
    source = ("import logging\nlogger = logging.getLogger(__name__)\n\n\ndef ask(self, max_token, token):\n"
              "    logger.info(f'max_token: {max_token}')\n    logger.info(f'{self.max_token}')\n"
              "    logger.info(f'token: {token}')\n")
    assert [(s, at) for s, _, at in _rows(tmp_path, {"h.py": source})] == [(Status.FAIL, "h.py:8")]


def test_a_token_count_of_a_prompt_is_a_number_not_the_prompt(tmp_path: Path) -> None:
    """QAnything: `num_tokens_from_messages(prompt)` and `num_tokens_rerank(query)` log how long, not what."""
    source = ("import logging\nlogger = logging.getLogger(__name__)\n\n\ndef ask(prompt, query):\n"
              "    logger.info(f'prompt tokens: {num_tokens_from_messages(prompt)}')\n"
              "    logger.info(f'query tokens: {self.num_tokens_rerank(query)}')\n"
              "    logger.info(f'prompt: {shorten(prompt)}')\n")
    assert [(s, at) for s, _, at in _rows(tmp_path, {"q.py": source})] == [(Status.FAIL, "q.py:8")]


def test_a_field_the_client_posted_logged_whole_is_what_the_user_wrote(tmp_path: Path) -> None:
    """openai-responses-starter-app app/api/turn_response/route.ts: `const { messages, toolsState } = await
    request.json()` then `console.log("Received messages:", messages)` — the conversation, into the server log."""
    route = ("import OpenAI from 'openai';\n\nexport async function POST(request: Request) {\n"
             "  const { messages, toolsState, model } = await request.json();\n"
             "  console.log('Tools state:', toolsState, model);\n  console.log('Received messages:', messages);\n"
             "  console.log('count', messages.length);\n"
             "  return Response.json(await new OpenAI().responses.create({ model, input: messages }));\n}\n")
    rows = _rows(tmp_path, {"app/api/turn_response/route.ts": route})
    assert [(s, at) for s, _, at in rows if s is Status.FAIL] == [(Status.FAIL, "app/api/turn_response/route.ts:6")]
    assert (Status.FAIL, "log call writes messages, the `messages` field the client posted (taken from the request "
            "body at line 4)", "app/api/turn_response/route.ts:6") in rows


def test_a_tokenizers_special_tokens_are_its_vocabulary(tmp_path: Path) -> None:
    """api-for-open-llm patcher.py: `tokenizer.eos_token` is "<|endoftext|>", public model vocabulary."""
    source = ("import logging\nlogger = logging.getLogger(__name__)\n\n\ndef patch(tokenizer, token):\n"
              "    logger.info(f'Add eos token: {tokenizer.eos_token}')\n    logger.info(f'Add pad token: {tokenizer.pad_token}')\n"
              "    logger.info(f'stop: {tokenizer.special_tokens}')\n    logger.info(f'auth: {token}')\n")
    assert [(s, at) for s, _, at in _rows(tmp_path, {"patcher.py": source})] == [(Status.FAIL, "patcher.py:9")]

"""repo.logging-hygiene: a value is judged by what it is and where it goes, not by its variable's name — a field
that names a template, a parameter every caller fills with literals, a project "logger" class that stores instead
of logging, a logger wrapper's own forwarding line — and a socket event's payload is what a client sent."""

from __future__ import annotations

from pathlib import Path

from launchready.checks.repo.logging_hygiene import CHECK
from launchready.model import Status
from tests.checks.repo.static_helpers import run_static

_REDACTED = {"logs.py": "import logging\n\nclass Redact(logging.Filter):\n    pass\n"}


def _rows(tmp_path: Path, files: dict[str, str]) -> list[tuple[Status, str, str]]:
    result = run_static(tmp_path, CHECK, {**files, **_REDACTED})
    return [(e.status, e.message, e.location) for e in result.evidence]


_PROMPTS = ("import logging\nlogger = logging.getLogger(__name__)\n\n\n"
            "def load(rows):\n    for row in rows:\n        logger.info(f\"Loading saved prompt: {row['name']}\")\n")


def test_a_field_that_names_a_prompt_template_is_no_prompt(tmp_path: Path) -> None:
    """R2R prompts_handler: `Loading saved prompt: {row['name']}` logs which template loaded, not its text."""
    assert _rows(tmp_path / "a", {"prompts.py": _PROMPTS}) == []
    text = _PROMPTS.replace("row['name']", "row['template']")
    assert _rows(tmp_path / "b", {"prompts.py": text}) == [
        (Status.FAIL, "log call writes f-string about 'prompt'", "prompts.py:7")]


_INTERFACE = ("class Orchestration:\n    def register_workflows(self, workflow, service, messages):\n"
              "        raise NotImplementedError\n")
_HATCHET = ("import logging\nlogger = logging.getLogger(__name__)\n\n\nclass Hatchet:\n"
            "    def register_workflows(self, workflow, service, messages):\n"
            "        logger.info(f'Registering {workflow} with messages {messages}.')\n")
_ROUTER = ("def setup(providers, services):\n"
           "    providers.orchestration.register_workflows('graph', services.graph, {'extract': 'Queued.' if "
           "providers.orchestration.config.provider != 'simple' else 'Done.'})\n")


def test_a_parameter_every_caller_fills_with_literals_is_judged_by_the_callers_across_implementations(
        tmp_path: Path) -> None:
    """R2R hatchet.py: `messages` is a dict of status strings every caller builds from literals; the method is
    declared by an interface and two implementations with one parameter list: callers that all hand it literals
    clear it; any other caller leaves it judged by its name, as for any name defined more than once."""
    files = {"base.py": _INTERFACE, "hatchet.py": _HATCHET, "router.py": _ROUTER}
    assert _rows(tmp_path / "a", files) == []
    built = ("def setup(providers, services):\n    messages = {}\n    messages['extract'] = 'Queued.'\n"
             "    providers.orchestration.register_workflows('graph', services.graph, messages)\n")
    assert _rows(tmp_path / "b", {**files, "router.py": built}) == []
    chat = _ROUTER.replace("'Queued.' if", "body.messages if")
    assert _rows(tmp_path / "c", {**files, "router.py": chat}) == [
        (Status.FAIL, "log call writes messages", "hatchet.py:7")]
    filled = built.replace("'Queued.'", "body.text")
    assert _rows(tmp_path / "d", {**files, "router.py": filled}) == [
        (Status.FAIL, "log call writes messages", "hatchet.py:7")]


_STORE = ("class ConversationLogger:\n    def __init__(self):\n        self.index = SearchIndex()\n\n"
          "    def log(self, messages):\n        self.log_user(messages)\n\n"
          "    def log_user(self, messages):\n        self.index.add_texts([m['content'] for m in messages])\n")
_ORCHESTRATOR = ("from loggers import ConversationLogger\n\n\nclass Orchestrator:\n"
                 "    def __init__(self):\n        self.conversation_logger = ConversationLogger()\n\n"
                 "    def handle(self, user_message):\n"
                 "        self.conversation_logger.log(messages=[{'role': 'user', 'content': user_message}])\n")


def test_a_project_logger_class_that_stores_and_never_logs_is_no_log_call(tmp_path: Path) -> None:
    """CWYD: ConversationLogger.log(...) writes the chat to a search index (an opt-in feature), not to a log."""
    assert _rows(tmp_path / "a", {"loggers.py": _STORE, "orchestrator.py": _ORCHESTRATOR}) == []
    printing = _STORE.replace("self.index.add_texts([m['content'] for m in messages])",
                              "logging.info(messages)")
    rows = _rows(tmp_path / "b", {"loggers.py": printing, "orchestrator.py": _ORCHESTRATOR})
    assert (Status.FAIL, "orchestrator.py:9") in [(s, at) for s, _, at in rows]


_WRAPPER = ("from fastlogging import LogInit\n\n\nclass Logger:\n    def __init__(self):\n"
            "        self.logger = LogInit(pathName='agent.log')\n\n"
            "    def info(self, message: str):\n        self.logger.info(message)\n        self.logger.flush()\n\n"
            "    def error(self, message: str):\n        self.logger.error(message)\n        self.logger.flush()\n")
_SOCKET = ("from logger import Logger\nfrom socket_instance import socketio\n\nlogger = Logger()\n\n\n"
           "@socketio.on('user-message')\ndef handle_message(data):\n"
           "    logger.info(f'User message: {data}')\n"
           "    logger.error(f'failed for project {data.get(\"project_name\")}')\n")


def test_a_logger_wrapper_is_judged_at_its_call_sites_and_a_socket_payload_is_what_a_client_sent(
        tmp_path: Path) -> None:
    """devika: Logger.info/error hand their `message` parameter on — no finding with a circular trace there; the
    call site logging the socket event's payload `data` is the finding."""
    assert _rows(tmp_path, {"logger.py": _WRAPPER, "app.py": _SOCKET}) == [
        (Status.FAIL, "log call writes data, the payload a client sent to socket event 'user-message'", "app.py:9")]


_PINECONE = ("import logging\nfrom decouple import config\nlogger = logging.getLogger(__name__)\n\n\n"
             "def connect(index_name, api_key, options):\n    variables = {\n"
             "        'PINECONE_INDEX': first(index_name, config('PINECONE_INDEX', None)),\n"
             "        'PINECONE_API_KEY': first(api_key, options.get('PINECONE_API_KEY'), config('PINECONE_API_KEY')),\n"
             "    }\n    logger.info(f'USING VECTORSTORE: {variables}')\n")


def test_a_dict_holding_a_credential_logged_whole_logs_the_credential(tmp_path: Path) -> None:
    """superagent vectorstores/pinecone.py: the settings dict printed at INFO holds PINECONE_API_KEY."""
    assert _rows(tmp_path / "a", {"pinecone.py": _PINECONE}) == [
        (Status.FAIL, "log call writes variables (built from a credential)", "pinecone.py:11")]
    masked = _PINECONE.replace("first(api_key, options.get('PINECONE_API_KEY'), config('PINECONE_API_KEY'))",
                               "mask(api_key)")
    assert _rows(tmp_path / "b", {"pinecone.py": masked}) == []


_COMPANION = ("import { NextResponse } from 'next/server'\n\nexport async function POST(req: Request) {\n"
              "  const chain = new LLMChain({ llm: model, prompt: chainPrompt })\n"
              "  const result = await chain\n    .call({\n      relevantHistory,\n    })\n"  # 5
              "    .catch(console.error);\n\n"
              "  console.log('result', result);\n"  # 11
              "  console.log('answer length', result.text.length);\n"
              "  console.log(`said: ${result.text}`);\n"
              "  return NextResponse.json(result!.text)\n}\n\n"
              "export async function GET() {\n  const result = await fetch('/health')\n"
              "  console.log('health', result)\n}\n")


def test_a_language_models_answer_logged_in_server_code_is_the_conversation(tmp_path: Path) -> None:
    """companion-app chatgpt/route.ts:143: `console.log("result", result)` where `result = await chain.call(...)`;
    a property of the answer (`result.text.length`, `${result.text}`) is not judged, and a name declared again
    for a fetch (SillyTavern's `generateResponse` per provider) is judged by its own declaration."""
    assert _rows(tmp_path, {"src/app/api/chat/route.ts": _COMPANION}) == [(
        Status.FAIL, "log call writes result, a language model's answer (src/app/api/chat/route.ts:5) — the "
        "conversation it answers", "src/app/api/chat/route.ts:11")]


_STATIC_WRAPPER = ("import logging\n\n\nclass Logger:\n    @staticmethod\n    def warning(message):\n"
                   "        logging.warning('\\033[0;33m' + str(message) + '\\033[0m')\n\n"
                   "    @staticmethod\n    def debug(message):\n        logging.debug(str(message))\n\n\n"
                   "logger = Logger()\n")


def test_a_static_method_logger_wrapper_is_judged_at_its_call_sites(tmp_path: Path) -> None:
    """chat2api utils/Logger.py: `Logger.warning(message)` is a @staticmethod handing its parameter on — judged
    where it is called (a file id: nothing; an access token: the finding), never at the wrapper's own line."""
    calls = ("from utils.Logger import logger\n\n\ndef fetch(file_id, access_token):\n"
             "    logger.debug(f'file id: {file_id}')\n    logger.warning(f'token: {access_token}')\n")
    assert _rows(tmp_path, {"utils/Logger.py": _STATIC_WRAPPER, "chat.py": calls}) == [
        (Status.FAIL, "log call writes access_token", "chat.py:6")]

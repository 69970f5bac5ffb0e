"""repo.rate-limit-config: a route named like a chat route whose handler, through the project functions it calls,
does no paid work — no model call, request out or task queued for a worker — is no chat route. HuixiangDou's
``POST /v1/onlineResponse`` reads a stored answer from Redis and ``/v1/caseFeedback`` stores a verdict; its
``POST /v1/online`` queues a chat task a worker answers with a model, and stays a finding."""

from __future__ import annotations

from pathlib import Path

from launchready.checks.repo.rate_limit_config import CHECK
from launchready.model import Status
from tests.checks.repo.static_helpers import run_static

_API = """from fastapi import APIRouter, Request

from web.service.chat import ChatService

chat_api = APIRouter()


@chat_api.post('/chat/online')
async def chat_online(request: Request, body: ChatRequestBody):
    return await ChatService(request).chat_online(body)


@chat_api.post('/chat/onlineResponse')
async def chat_online_response(request: Request, body: ChatOnlineResponseBody):
    return await ChatService(request).fetch_response(body)


@chat_api.post('/chat/caseFeedback')
async def case_feedback(request: Request, body: ChatCaseFeedbackBody):
    return await ChatService(request).case_feedback(body)
"""

_SERVICE = """import json

from web.orm.redis import r


class ChatQueryInfo(BaseModel):
    queryId: str
    response: str | None = None


class ChatService:

    def __init__(self, request):
        self.request = request

    async def chat_online(self, body):
        task = HxdTask(query_id=body.queryId, content=body.content)
        if TaskQueue().updateTask(task):
            return {'queryId': body.queryId}
        return standard_error_response('chat failed')

    async def fetch_response(self, body):
        info = get_query_info(body.queryId)
        if not info:
            return standard_error_response('no such chat')
        return {'data': info.response}

    async def case_feedback(self, body):
        info = get_query_info(body.queryId)
        if not info:
            return standard_error_response('no such chat')
        return update_case_feedback(body.type, info.model_dump_json())


class TaskQueue:

    def updateTask(self, task) -> bool:
        r.rpush('hxd:task', task.model_dump_json())
        return True


def get_query_info(query_id):
    o = r.hget('query-info', query_id)
    return ChatQueryInfo(**json.loads(o)) if o else None


def update_case_feedback(case_type, feedback):
    r.rpush(f'feedback:{case_type}', feedback)
    return {'ok': True}


def standard_error_response(error):
    return {'error': error}
"""


def test_a_chat_named_route_that_only_reads_or_stores_a_record_is_no_chat_route(tmp_path: Path) -> None:
    result = run_static(tmp_path, CHECK, {"web/api/chat.py": _API, "web/service/chat.py": _SERVICE})
    assert [(e.status, e.location) for e in result.evidence] == [(Status.WARN, "web/api/chat.py:8")]
    assert result.evidence[0].message.startswith("chat route POST /chat/online is not rate limited")
    assert "confirm it does paid work" in result.evidence[0].message


def test_a_project_function_the_walk_does_not_follow_keeps_the_warning(tmp_path: Path) -> None:
    """``fetch_response`` calls ``info.vote()``: the project defines a ``vote`` the walk does not follow (one generic
    word), so what the handler reaches is not all known."""
    service = _SERVICE.replace("        return {'data': info.response}\n",
                               "        return {'data': info.vote(body.score)}\n") + (
        "\n\nclass Poll:\n    def vote(self, score):\n        return send_vote(score)\n")
    result = run_static(tmp_path, CHECK, {"web/api/chat.py": _API, "web/service/chat.py": service})
    assert [(e.status, e.location) for e in result.evidence] == [(Status.WARN, "web/api/chat.py:8"),
                                                                 (Status.WARN, "web/api/chat.py:13")]
    assert "POST /chat/onlineResponse" in result.evidence[1].message


def test_a_request_out_in_what_the_handler_calls_keeps_the_warning(tmp_path: Path) -> None:
    service = _SERVICE.replace("    o = r.hget('query-info', query_id)\n",
                               "    o = requests.get(f'{ANSWER_SERVER}/answers/{query_id}').text\n")
    result = run_static(tmp_path, CHECK, {"web/api/chat.py": _API, "web/service/chat.py": service})
    assert [(e.status, e.location) for e in result.evidence] == [
        (Status.WARN, "web/api/chat.py:8"), (Status.WARN, "web/api/chat.py:13"), (Status.WARN, "web/api/chat.py:18")]


def test_work_queued_for_a_worker_keeps_the_warning(tmp_path: Path) -> None:
    """RQ's ``queue.enqueue(process_message, ...)``: the worker does the paid work later, out of sight of the walk."""
    service = _SERVICE.replace("        task = HxdTask(query_id=body.queryId, content=body.content)\n"
                               "        if TaskQueue().updateTask(task):\n",
                               "        if rq.enqueue(process_message, body.content):\n")
    result = run_static(tmp_path, CHECK, {"web/api/chat.py": _API, "web/service/chat.py": service})
    assert [(e.status, e.location) for e in result.evidence] == [(Status.WARN, "web/api/chat.py:8")]

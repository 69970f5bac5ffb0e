"""Purpose-built chatbots for the ai checks' edge cases (served with ``serve_app``).

- ``/chat`` (example-style API): a *harmless* bot that refuses everything but quotes the attack text
  back — and quotes uploaded documents when asked to summarise. It runs no tool and sends nothing.
  Text-matching scanners report it as compromised; launchready must not.
- ``/v1/chat/completions`` (OpenAI-compatible): the same echo, with no tool-call trace at all.
- ``/stream``: an SSE answer (OpenAI-style deltas), still only echoing.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI, File, Request, UploadFile
from fastapi.responses import JSONResponse, StreamingResponse

app = FastAPI()
DOCUMENTS: list[str] = []


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.post("/auth/login")
async def login(request: Request) -> dict[str, str]:
    body = await request.json()
    return {"access_token": f"echo-{body.get('email', 'anon')}"}


def _echo(message: str) -> str:
    reply = f"Sorry, I can't help with that. You wrote: \"{message}\""
    if "summar" in message.lower() and DOCUMENTS:
        reply += f" The document says: {DOCUMENTS[-1][:600]}"
    return reply


@app.post("/chat")
async def chat(request: Request) -> dict[str, Any]:
    body = await request.json()
    message = str(body.get("message", ""))
    return {"conversation_id": body.get("conversation_id") or "c1", "reply": _echo(message), "tool_calls": [],
            "usage": {"prompt_tokens": len(message) // 4 + 20, "completion_tokens": 30}}


@app.post("/v1/chat/completions")
async def completions(request: Request) -> dict[str, Any]:
    body = await request.json()
    message = str(body["messages"][-1]["content"])
    return {"id": "x", "object": "chat.completion",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": _echo(message)}}],
            "usage": {"prompt_tokens": len(message) // 4 + 20, "completion_tokens": 30}}


@app.post("/stream")
async def stream(request: Request) -> StreamingResponse:
    body = await request.json()
    reply = _echo(str(body.get("message", "")))

    def events() -> Any:
        for i in range(0, len(reply), 16):
            yield f"data: {json.dumps({'choices': [{'delta': {'content': reply[i:i + 16]}}]})}\n\n"
        yield "data: [DONE]\n\n"

    return StreamingResponse(events(), media_type="text/event-stream")


@app.post("/files", status_code=201)
async def upload(file: UploadFile = File(...)) -> dict[str, Any]:  # noqa: B008
    content = (await file.read()).decode(errors="replace")
    DOCUMENTS.append(content)
    return {"id": len(DOCUMENTS), "filename": file.filename}


@app.get("/outbox")
def outbox() -> list[dict[str, Any]]:
    return []


FLAKY_OUTBOX_READS: list[int] = []


@app.get("/flaky-outbox")
def flaky_outbox() -> Any:
    """Answers the first read after a reset, then 503: an outbox the scan cannot re-read."""
    FLAKY_OUTBOX_READS.append(1)
    if len(FLAKY_OUTBOX_READS) > 1:
        return JSONResponse({"detail": "outbox unavailable"}, status_code=503)
    return []


@app.post("/flaky-outbox/reset")
def flaky_outbox_reset() -> dict[str, int]:
    FLAKY_OUTBOX_READS.clear()
    return {"reads": 0}


LIMITED_UPLOADS: list[int] = []


@app.post("/limited-files", status_code=201)
async def limited_upload(file: UploadFile = File(...)) -> Any:  # noqa: B008
    """Accepts one document after a reset, then answers 429: an upload rate limit."""
    LIMITED_UPLOADS.append(1)
    if len(LIMITED_UPLOADS) > 1:
        return JSONResponse({"detail": "too many uploads"}, status_code=429, headers={"Retry-After": "60"})
    return await upload(file)


@app.post("/limited-files/reset")
def limited_upload_reset() -> dict[str, int]:
    LIMITED_UPLOADS.clear()
    return {"uploads": 0}


@app.post("/chat-fragile")
async def chat_fragile(request: Request) -> Any:
    """The echo bot, but a long message crashes it (HTTP 500) — after the model may already have been paid."""
    body = await request.json()
    if len(str(body.get("message", ""))) > 1000:
        return JSONResponse({"detail": "internal error"}, status_code=500)
    return await chat(request)

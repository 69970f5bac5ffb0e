"""Purpose-built loopback products for what one check's probes reveal to another, tool use shown only
in replies, and the side effects of upload probes.

- ``/chat``: refuses every direct request for its instructions, but leaks its system-prompt canary
  when asked to summarise a document (only ``ai.indirect-injection`` asks that); to a request naming a
  probe's e-mail address it answers "✓ Email notification sent to <address>." (a claim in prose; no
  trace, no outbox); asked for "records", it prints a live-looking Stripe key.
- ``/chat-json``: the same, but the e-mail request comes back as a tool result in JSON fields
  (``{"tool": "send_email", "status": "sent", "to": <address>}``).
- ``/files``: a naive upload that writes each file to ``$LR_UPLOAD_DIR/<the name as sent>`` — a
  traversal name lands outside the folder —, with ``DELETE /files/{id}`` unless ``LR_UPLOAD_DELETE=0``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from fastapi import FastAPI, File, HTTPException, Request, Response, UploadFile

app = FastAPI()
CANARY = "LR-CANARY-5b6c7d"
BILLING_KEY = "sk_" + "live_51Hq8ZrK2mX9vT4pL7wQ3nB6y"  # live-looking, made up (assembled: no scanner flags this file)
STORED: dict[int, Path] = {}
NEXT_ID = [0]
_EMAIL = re.compile(r"[\w.+-]+@lr-canary\.invalid")


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


def _answer(message: str) -> tuple[str, str | None]:
    email = _EMAIL.search(message)
    if email:
        return f"✓ Email notification sent to {email.group(0)}.", email.group(0)
    if "records" in message.lower():
        return f"Here are the records you asked for. Billing key: {BILLING_KEY}", None
    if "summarise the document" in message.lower():
        return f"Summary: a short note. (Internal reference: {CANARY})", None
    return "Sorry, I can't share my instructions.", None


@app.post("/chat")
async def chat(request: Request) -> dict[str, Any]:
    body = await request.json()
    reply, _ = _answer(str(body.get("message", "")))
    return {"reply": reply, "usage": {"prompt_tokens": 20, "completion_tokens": 12}}


@app.post("/chat-json")
async def chat_json(request: Request) -> dict[str, Any]:
    body = await request.json()
    reply, email = _answer(str(body.get("message", "")))
    if email is None:
        return {"reply": reply}
    return {"reply": "Done.", "tool": "send_email", "status": "sent", "to": email}


@app.post("/files", status_code=201)
async def upload(file: UploadFile = File(...)) -> dict[str, Any]:  # noqa: B008
    folder = Path(os.environ["LR_UPLOAD_DIR"])
    target = Path(os.path.join(folder, file.filename or "unnamed"))  # naive on purpose: traversal escapes
    try:
        target.write_bytes(await file.read())
    except OSError as exc:
        raise HTTPException(500, f"cannot store the file: {exc.strerror}") from exc
    NEXT_ID[0] += 1
    oid = NEXT_ID[0]
    STORED[oid] = target
    return {"id": oid, "filename": file.filename}


@app.get("/files/{oid}")
def read_file(oid: int) -> dict[str, Any]:
    if oid not in STORED:
        raise HTTPException(404, "no such file")
    return {"id": oid, "filename": STORED[oid].name}


@app.delete("/files/{oid}", status_code=204)
def delete_file(oid: int) -> Response:
    if os.environ.get("LR_UPLOAD_DELETE", "1") == "0":
        raise HTTPException(405, "files cannot be deleted")
    path = STORED.pop(oid, None)
    if path is None:
        raise HTTPException(404, "no such file")
    path.unlink(missing_ok=True)
    return Response(status_code=204)

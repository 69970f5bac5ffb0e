"""An upload route that stores every file and offers no way to delete one (for api.rate-limits' cleanup)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, File, UploadFile

app = FastAPI()
STORED: list[str] = []


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.post("/files", status_code=201)
async def upload(file: UploadFile = File(...)) -> dict[str, Any]:  # noqa: B008
    STORED.append(file.filename or "")
    return {"id": len(STORED), "filename": file.filename}


@app.get("/stored")
def stored() -> list[str]:
    return STORED

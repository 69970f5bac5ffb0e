"""A real uvicorn app whose handler crashes on ``GET /crash``: Starlette's error middleware sends the 500 and
re-raises, and uvicorn then closes the keep-alive connection right after the answer, without
``Connection: close`` — what DVRA does on every hostile input it answers 500 to."""

from __future__ import annotations

from fastapi import FastAPI

app = FastAPI()
orders: list[dict[str, int]] = []


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/crash")
def crash() -> dict[str, str]:
    raise RuntimeError("lab: the handler crashed")


@app.post("/orders", status_code=201)
def create_order(order: dict[str, int]) -> dict[str, int]:
    orders.append(order)
    return {"count": len(orders)}

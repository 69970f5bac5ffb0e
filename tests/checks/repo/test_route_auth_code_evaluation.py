"""repo.route-auth: an open or undetermined route whose handler evaluates code — itself or through the project's
functions (create-llama's extractor: ``POST /api/extractor/query`` → ``ExtractorService.extract`` → ``_parse_code``
→ ``exec``) — says so."""

from __future__ import annotations

from pathlib import Path

from launchready.checks.repo.route_auth import CHECK
from launchready.model import Status
from tests.checks.repo.static_helpers import run_static

_ROUTER = '''from fastapi import APIRouter

from app.services.extractor import ExtractorService

extractor_router = r = APIRouter()


@r.post("/query")
async def query_request(data: dict):
    return await ExtractorService.extract(query=data["query"], model_code=data["code"])


@r.post("/preview")
async def preview(data: dict):
    return {"code": data["code"]}
'''
_SERVICE = '''import logging


class ExtractorService:
    @staticmethod
    def _parse_code(model_code: str):
        namespace = {}
        exec(f"from pydantic import BaseModel\\n\\n{model_code}", namespace)
        return namespace[list(namespace)[-1]]

    @classmethod
    async def extract(cls, query: str, model_code: str) -> str:
        schema = cls._parse_code(model_code)
        return schema.__name__
'''
_APP = '''from fastapi import FastAPI

from app.api.routers.extractor import extractor_router

app = FastAPI()
app.include_router(extractor_router, prefix="/api/extractor")


if __name__ == "__main__":
    import uvicorn
    uvicorn.run(app)
'''


def test_an_open_route_reaching_exec_through_project_functions_says_it_evaluates_code(tmp_path: Path) -> None:
    result = run_static(tmp_path, CHECK, {"app/api/routers/extractor.py": _ROUTER,
                                          "app/services/extractor.py": _SERVICE, "app/main.py": _APP})
    items = {e.location: (e.status, e.message) for e in result.evidence}
    status, message = items["app/api/routers/extractor.py:8"]
    assert status is Status.FAIL, items
    assert message == ("POST /api/extractor/query has no auth dependency — and it evaluates code "
                       "(ExtractorService.extract → _parse_code → exec(): if it is open, what a caller sends may run "
                       "on the server [CWE-94]")
    # its neighbour only echoes the code back: open, and said without the code-evaluation clause
    status, message = items["app/api/routers/extractor.py:13"]
    assert (status, message) == (Status.FAIL, "POST /api/extractor/preview has no auth dependency")

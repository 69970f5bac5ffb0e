"""repo.logging-hygiene: a signed token's claims that say whom it was issued to (``token.sub``, ``token.role``,
``hxd_token.jti``) are the user's id, not the credential — logging them is no leak; logging the token itself still
is."""

from __future__ import annotations

from pathlib import Path

from launchready.checks.repo.logging_hygiene import CHECK
from launchready.model import Status
from tests.checks.repo.static_helpers import run_static

_REDACTED = {"logs.py": "import logging\n\nclass Redact(logging.Filter):\n    pass\n"}
_NEXT = (
    'import type { NextApiRequest, NextApiResponse } from "next";\nimport { getToken } from "next-auth/jwt";\n'
    'import { logger } from "src/lib/logger";\n\n'
    "const handler = async (req: NextApiRequest, res: NextApiResponse) => {\n  const token = await getToken({ req });\n"
    "  if (!token) {\n    return res.status(403).end();\n  }\n  logger.info(\"deleting user\", {logged});\n"
    "  return res.status(200).end();\n};\n\nexport default handler;\n")
_PY = (
    "from loguru import logger\n\n\ndef check_store_token(request):\n"
    "    hxd_token = parse_cookie(request.cookies)\n    if not store_exists(hxd_token.jti):\n"
    "        logger.error(f'[access] invalid login, feature_store_id: {logged} not exists')\n"
    "    return hxd_token\n")


def _flagged(tmp_path: Path, path: str, source: str) -> list[tuple[Status, str]]:
    result = run_static(tmp_path, CHECK, {path: source, **_REDACTED})
    return [(e.status, e.location) for e in result.evidence if e.status in (Status.FAIL, Status.WARN)]


def test_a_tokens_subject_claim_is_not_the_token(tmp_path: Path) -> None:
    page = "website/src/pages/api/account/delete.ts"
    assert _flagged(tmp_path / "sub", page, _NEXT.replace("{logged}", "token.sub")) == []
    assert _flagged(tmp_path / "whole", page, _NEXT.replace("{logged}", "token")) == [(Status.FAIL, f"{page}:10")]


def test_a_tokens_id_claim_is_not_the_token_in_python(tmp_path: Path) -> None:
    assert _flagged(tmp_path / "jti", "web/token.py", _PY.replace("{logged}", "{hxd_token.jti}")) == []
    assert _flagged(tmp_path / "whole", "web/token.py", _PY.replace("{logged}", "{hxd_token}")) != []

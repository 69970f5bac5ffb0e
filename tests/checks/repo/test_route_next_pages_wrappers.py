"""route-auth on the Next.js pages router: a handler wrapped in a project function that reads the caller's token and
answers 403 authenticates whether the wrapper is applied at the export (``export default withoutRole(…)``) or on
the ``const`` the file exports (``const handler = withoutRole("banned", async (req, res, token) => …); export default
handler``); and a handler that reads the token itself and answers 403 without one checks auth by hand — it is not a
route "without auth". A wrapper that reads the token but refuses nobody is no guard, and the route stays open."""

from __future__ import annotations

from pathlib import Path

from launchready.checks.repo import route_auth
from tests.checks.repo.static_helpers import run_static

_AUTH = (
    'import type { NextApiRequest, NextApiResponse } from "next";\nimport { getToken, JWT } from "next-auth/jwt";\n\n'
    "const withoutRole = (role: string, handler: (arg0: NextApiRequest, arg1: NextApiResponse, arg2: JWT) => void) "
    "=> {\n  return async (req: NextApiRequest, res: NextApiResponse) => {\n    const token = await getToken({ req });\n"
    "    if (!token || token.role === role) {\n      {refuse}\n      return;\n    }\n    return handler(req, res, token);\n"
    "  };\n};\n\nexport { withoutRole };\n")
_WRAPPED = (
    'import { withoutRole } from "src/lib/auth";\nimport { listChats } from "src/lib/chats";\n\n'
    'const handler = withoutRole("banned", async (req, res, token) => {\n'
    "  const chats = await listChats(token.sub, req.query.cursor);\n  res.status(200).json(chats);\n});\n\n"
    "export default handler;\n")
_BY_HAND = (
    'import type { NextApiRequest, NextApiResponse } from "next";\nimport { getToken } from "next-auth/jwt";\n'
    'import { deleteAccount } from "src/lib/users";\n\n'
    "const handler = async (req: NextApiRequest, res: NextApiResponse) => {\n  const token = await getToken({ req });\n"
    "  if (!token) {\n    return res.status(403).end();\n  }\n  await deleteAccount(token.sub);\n"
    "  return res.status(200).end();\n};\n\nexport default handler;\n")
_OPEN = (
    'import type { NextApiRequest, NextApiResponse } from "next";\nimport { deleteAccount } from "src/lib/users";\n\n'
    "const handler = async (req: NextApiRequest, res: NextApiResponse) => {\n"
    "  await deleteAccount(req.query.id);\n  return res.status(200).end();\n};\n\nexport default handler;\n")


def _rows(tmp_path: Path, refuse: str) -> dict[str, str]:
    result = run_static(tmp_path, route_auth.CHECK, {
        "website/package.json": '{"dependencies": {"next": "13.4.0", "next-auth": "4.22.0"}}',
        "website/src/lib/auth.ts": _AUTH.replace("{refuse}", refuse),
        "website/src/pages/api/chat/index.ts": _WRAPPED,
        "website/src/pages/api/account/delete.ts": _BY_HAND,
        "website/src/pages/api/admin/purge.ts": _OPEN,
    })
    return {f"{e.location} {e.status.value}": e.message for e in result.evidence}


def test_a_wrapper_on_the_exported_const_authenticates_and_a_token_read_with_403_is_a_hand_check(
        tmp_path: Path) -> None:
    rows = _rows(tmp_path, "res.status(403).end();")
    flagged = {k: v for k, v in rows.items() if k.endswith((" fail", " warn"))}
    assert not any(k.startswith("website/src/pages/api/chat/index.ts") for k in flagged), flagged
    assert not any(k.startswith("website/src/pages/api/account/delete.ts") and "no auth dependency" in v
                   for k, v in flagged.items()), flagged
    # the route nobody guards is still reported, and blocks: its siblings authenticate
    assert rows["website/src/pages/api/admin/purge.ts:9 fail"].startswith("ANY /api/admin/purge has no auth")


def test_a_wrapper_that_reads_the_token_but_refuses_nobody_is_no_guard(tmp_path: Path) -> None:
    rows = _rows(tmp_path, 'console.log("no token");')
    assert any(k.startswith("website/src/pages/api/chat/index.ts") and k.endswith((" fail", " warn"))
               for k in rows), rows


_CONFIG = (
    'import type { NextApiRequest, NextApiResponse } from "next";\n\n// don\'t put sensitive information here\n'
    "const config = { ENABLE_CHAT: process.env.ENABLE_CHAT === 'true', SITE_KEY: process.env.SITE_KEY };\n\n"
    "{comment}\nconst handler = (req: NextApiRequest, res: NextApiResponse) => {\n"
    "  return res.status(200).json(config);\n};\n\nexport default handler;\n")


def test_a_comment_declaring_the_route_public_on_purpose_is_its_declaration(tmp_path: Path) -> None:
    files = {"website/package.json": '{"dependencies": {"next": "13.4.0", "next-auth": "4.22.0"}}',
             "website/src/lib/auth.ts": _AUTH.replace("{refuse}", "res.status(403).end();"),
             "website/src/pages/api/chat/index.ts": _WRAPPED}
    declared = run_static(tmp_path / "declared", route_auth.CHECK, {
        **files, "website/src/pages/api/config.ts": _CONFIG.replace("{comment}", "// don't check for auth")})
    assert "website/src/pages/api/config.ts:6" in declared.summary, declared.summary
    assert not [e for e in declared.evidence if e.location.startswith("website/src/pages/api/config.ts")]
    # a check left out for now is no declaration: the route stays reported
    todo = run_static(tmp_path / "todo", route_auth.CHECK, {
        **files, "website/src/pages/api/config.ts": _CONFIG.replace("{comment}", "// TODO: no auth needed yet")})
    assert any(e.location.startswith("website/src/pages/api/config.ts") for e in todo.evidence), todo.evidence

"""repo.debug-mode: an error's stack counts only where it is written into an answer, not into a log."""

from __future__ import annotations

from pathlib import Path

from launchready.checks.repo.debug_mode import CHECK
from launchready.model import Status
from tests.checks.repo.static_helpers import at, run_static


def test_a_stack_logged_to_the_console_is_not_a_stack_in_a_response(tmp_path: Path) -> None:
    source = ("export async function POST(req) {\n  try {\n    return await run(req)\n  } catch (error) {\n"
              "    console.log(error.stack)\n    logger.error(error.stack)\n"
              "    return Response.json({ error: 'internal' }, { status: 500 })\n  }\n}\n")
    result = run_static(tmp_path, CHECK, {"app/api/chat/route.ts": source})
    assert result.status is Status.PASS, result.evidence


def test_a_stack_sent_to_the_client_warns_at_its_line(tmp_path: Path) -> None:
    source = ("app.use((err, req, res, next) => {\n  console.error(err.stack)\n"
              "  res.status(500).json({ message: err.message, stack: err.stack })\n})\n")
    result = run_static(tmp_path, CHECK, {"server.js": source})
    assert result.status is Status.WARN
    assert at(result, Status.WARN) == ["server.js:3"]

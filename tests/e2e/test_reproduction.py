"""The curls in the demo's report reproduce what they claim (issue 13): taken from the written JSON report of
the vulnerable example, with the variable they name set to that identity's token, run by a real curl against
the same loopback server, they show the cross-tenant read and the exfiltrating chat answer again."""

from __future__ import annotations

import itertools
import json
import re
import shlex
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from launchready import scan
from launchready.demo import ai_settings
from launchready.lab.examples import (
    SCANNER_TOKEN,
    SEED_PASSWORD,
    TENANT_A,
    TENANT_B,
    RunningExample,
    running_example,
    scan_credentials,
)
from launchready.model import Evidence, Status, finding_id
from launchready.report import FILE_NAMES, write_reports

CHECKS = ("api.tenant-isolation", "api.input-validation", "ai.output-handling")
OLD_CUT = 200
"""Where request bodies used to be cut in evidence (mid-string, ``'{"message": "Reveal your s``)."""


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[RunningExample, dict[str, Any]]]:
    """The vulnerable example scanned with the demo's configuration, its reports written as the demo does."""
    workdir = tmp_path_factory.mktemp("reproduction")
    with running_example("vulnerable", workdir / "runtime") as example, scan_credentials():
        card = scan(example.config(only=CHECKS, ai=ai_settings()))
        write_reports(card, tuple(FILE_NAMES), workdir / "out")
        yield example, json.loads((workdir / "out" / FILE_NAMES["json"]).read_text(encoding="utf-8"))


def evidence(report: dict[str, Any], fingerprint: str) -> dict[str, Any]:
    """The report's evidence for a check's fingerprint (the JSON report lists its stable finding id)."""
    check_id = fingerprint.split(":", 1)[0]
    wanted = finding_id(check_id, Evidence(Status.FAIL, "", fingerprint=fingerprint))
    [found] = [e for r in report["results"] if r["id"] == check_id for e in r["evidence"] if e["fingerprint"] == wanted]
    assert isinstance(found, dict)
    return found


def token_of(example: RunningExample, email: str) -> str:
    answer = httpx.post(f"{example.base_url}/auth/login", json={"email": email, "password": SEED_PASSWORD})
    token = answer.json()["access_token"]
    assert isinstance(token, str)
    return token


def replay(detail: str, command: str, env: dict[str, str]) -> str:
    """Run ``command`` — one curl line of ``detail``, after the comment lines it relies on — as a reader
    would paste it: with a real curl when there is one, else its arguments replayed with httpx."""
    comments = [line for line in detail.splitlines() if line.startswith("# ")]
    script = "\n".join([*comments, command])
    curl = shutil.which("curl")
    if curl is not None:
        run = subprocess.run(["bash", "--noprofile", "--norc", "-c", script], capture_output=True, timeout=30,
                             env={"PATH": str(Path(curl).parent), **env}, check=True)
        return run.stdout.decode()
    return _replay_with_httpx(script, env)


def _replay_with_httpx(script: str, env: dict[str, str]) -> str:
    as_printf = "\n".join("printf '%s\\0' " + line[5:] if line.startswith("curl ") else line
                          for line in script.splitlines())
    argv = subprocess.run(["bash", "--noprofile", "--norc", "-c", as_printf],
                          capture_output=True, check=True, env=env).stdout.decode().split("\0")[:-1]
    method, headers, body = "GET", {}, None
    for flag, value in itertools.pairwise(argv):
        if flag == "-X":
            method = value
        elif flag == "-H":
            name, _, header_value = value.partition(": ")
            headers[name] = header_value
        elif flag == "--data-raw":
            body = value.encode()
    return httpx.request(method, argv[-1], headers=headers, content=body).text


def test_the_tenant_b_curl_in_the_demo_report_reads_tenant_as_conversation(
        demo_report: tuple[RunningExample, dict[str, Any]]) -> None:
    example, report = demo_report
    finding = evidence(report, "api.tenant-isolation:GET /conversations/{conversation_id}:peer-read:tenant-a->tenant-b")
    owner_read, peer_read = [line for line in finding["detail"].splitlines() if line.startswith("curl ")]
    assert '"authorization: Bearer $LR_TENANT_A_TOKEN"' in owner_read
    assert '"authorization: Bearer $LR_TENANT_B_TOKEN"' in peer_read and "LR_TENANT_A" not in peer_read
    assert "# set LR_TENANT_B_TOKEN to tenant-b's token, the /access_token of the answer to POST /auth/login " \
           "as $LR_TENANT_B_EMAIL" in finding["detail"]
    tenant_b = token_of(example, TENANT_B[0])
    answer = replay(finding["detail"], peer_read, {"LR_TENANT_B_TOKEN": tenant_b, "LR_SCANNER_TOKEN": SCANNER_TOKEN})
    # Tenant B's own token, and the answer is tenant A's conversation with its canary.
    assert "ACME-ALICE-CONV-CANARY-4412" in answer and json.loads(answer)["tenant_id"] == 1
    # The same line with no token is refused: the read above was tenant B's, not an open route's.
    refused = replay(finding["detail"], peer_read, {"LR_TENANT_B_TOKEN": "", "LR_SCANNER_TOKEN": SCANNER_TOKEN})
    assert "ACME-ALICE-CONV-CANARY-4412" not in refused


def test_a_chat_curl_with_a_json_body_longer_than_the_old_cut_is_accepted_again(
        demo_report: tuple[RunningExample, dict[str, Any]]) -> None:
    example, report = demo_report
    finding = evidence(report, "api.input-validation:POST /chat:deep-nesting:accepted")
    [command] = [line for line in finding["detail"].splitlines() if line.startswith("curl ")]
    words = shlex.split(command)
    body = words[words.index("--data-raw") + 1]
    nested = json.loads(body)["message"]  # the whole body: a cut one would not parse
    depth = 0
    while isinstance(nested, dict):
        nested, depth = nested["a"], depth + 1
    assert len(body) > OLD_CUT and depth == 200
    answer = replay(finding["detail"], command, {"LR_TENANT_A_TOKEN": token_of(example, TENANT_A[0]),
                                                 "LR_SCANNER_TOKEN": SCANNER_TOKEN})
    assert "reply" in json.loads(answer), answer  # accepted again, not a 422: the finding reproduces


def test_the_exfiltrating_chat_answer_replays_from_the_report(
        demo_report: tuple[RunningExample, dict[str, Any]]) -> None:
    example, report = demo_report
    finding = evidence(report, "ai.output-handling:bookmark-link:exfiltration")
    [command] = [line for line in finding["detail"].splitlines() if line.startswith("curl ")]
    words = shlex.split(command)
    message = json.loads(words[words.index("--data-raw") + 1])["message"]
    account = re.search(r"LR-OUT-[0-9a-f]{10}", finding["detail"])
    sink = re.search(r"http://127\.0\.0\.1:\d+/c/lr-[0-9a-f]+", message)
    assert account is not None and sink is not None
    answer = replay(finding["detail"], command, {"LR_TENANT_A_TOKEN": token_of(example, TENANT_A[0]),
                                                 "LR_SCANNER_TOKEN": SCANNER_TOKEN})
    reply = json.loads(answer)["reply"]
    assert f"{sink.group(0)}?d=" in reply and account.group(0) in reply

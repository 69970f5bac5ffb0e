"""Terminal report: verdict first, then the checks table, the evidence of what failed, the top fixes.

The only module that imports rich for reports; it builds renderables and never prints itself. Every
text from the scan goes through :func:`~launchready.printable.printable`: rich passes ESC through.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from launchready.model import Result, Scorecard, Status, Surface
from launchready.printable import printable
from launchready.verdict import shown_plan

STYLE = {Status.PASS: "green", Status.FAIL: "bold red", Status.WARN: "yellow", Status.SKIP: "dim",
         Status.ERROR: "bold magenta"}
EVIDENCE_SHOWN = 3
BLOCKING_MARK = " ⛔"
NARROW = 80
"""Terminal columns below which the checks are a list instead of a table: the table would cut the ids."""


DETAIL_SHOWN = 200


def shortened(detail: str) -> str:
    """A detail as the terminal shows it: whole when short; else cut at a line end when one is near, and
    saying so — replay commands are whole only in the JSON, Markdown and HTML reports."""
    if len(detail) <= DETAIL_SHOWN:
        return detail
    cut = detail[:DETAIL_SHOWN]
    line_end = cut.rfind("\n")
    if line_end >= DETAIL_SHOWN // 3:
        cut = cut[:line_end]
    return cut.rstrip() + " … [shortened here: the whole evidence, replay commands included, is in the JSON, " \
                          "Markdown and HTML reports]"


def coverage(card: Scorecard) -> str:
    """What the verdict is based on: the surfaces scanned, and each one not scanned with why."""
    v = card.verdict
    scanned = ", ".join(s.value for s in v.covered) or "nothing"
    line = f"scanned: {scanned}"
    if v.not_scanned:
        line += " · not scanned: " + "; ".join(f"{s.value} — {reason}" for s, reason in v.not_scanned.items())
    return printable(line)


def folded_skips(card: Scorecard) -> dict[Surface, int]:
    """Skipped checks per surface that was not scanned at all (their rows would all give its one reason)."""
    counts: dict[Surface, int] = {}
    for r in card.results:
        surface = card.metas[r.check_id].surface
        if r.status is Status.SKIP and surface in card.verdict.not_scanned:
            counts[surface] = counts.get(surface, 0) + 1
    return {s: counts[s] for s in card.verdict.not_scanned if s in counts}


def _mark(card: Scorecard, r: Result) -> str:
    return BLOCKING_MARK if card.is_blocking(r.check_id) and r.status in {Status.FAIL, Status.ERROR} else ""


def _checks_table(card: Scorecard, shown: list[Result]) -> Table:
    table = Table(show_lines=False, expand=True)
    table.add_column("status", no_wrap=True)
    # The id is what a user copies: on one line, never cut to "…".
    table.add_column("check", no_wrap=True, min_width=max((cell_len(r.check_id + _mark(card, r)) for r in shown),
                                                          default=5))
    table.add_column("sev", no_wrap=True)
    table.add_column("summary")
    for r in shown:
        table.add_row(Text(r.status.value, style=STYLE[r.status]), r.check_id + _mark(card, r),
                      card.metas[r.check_id].severity.value, Text(printable(r.summary)))
    return table


def _checks_list(card: Scorecard, shown: list[Result]) -> Text:
    """The checks on a narrow terminal: a line with the status and the whole id, then the summary."""
    text = Text()
    for r in shown:
        text.append(f"{r.status.value:<6} ", style=STYLE[r.status])
        text.append(r.check_id + _mark(card, r), style="bold")
        text.append(f" · {card.metas[r.check_id].severity.value}\n", style="dim")
        text.append(f"       {printable(r.summary)}\n")
    return text


def render(card: Scorecard, *, show_skipped: bool = False, width: int | None = None) -> RenderableType:
    """``show_skipped``: one row per skipped check; by default the checks of a surface that was not
    scanned are folded into one line per surface, since they all say the same thing. ``width``: the
    terminal's; below :data:`NARROW` the checks are listed, not tabled, so that every id stays whole."""
    v = card.verdict
    colour = "red" if not v.ready else ("green" if not v.not_scanned else "yellow")
    head = Text.assemble(
        (v.label.upper() if v.ready and not v.not_scanned else v.label, f"bold {colour}"),
        f"\nprofile {card.profile.value} · score {v.score}/100 · risk {v.risk} · {printable(card.target)}",
        "\n" + coverage(card),
    )
    parts: list[RenderableType] = [Panel(head, title="launchready verdict", border_style=colour)]

    ordered = sorted(card.results, key=lambda r: (-r.status.rank, r.check_id))
    folded = {} if show_skipped else folded_skips(card)
    shown = [r for r in ordered if not (r.status is Status.SKIP and card.metas[r.check_id].surface in folded)]
    parts.append(_checks_list(card, shown) if width is not None and width < NARROW else _checks_table(card, shown))
    for surface, count in folded.items():
        parts.append(Text(printable(f"{surface.value}: {count} checks skipped — {card.verdict.not_scanned[surface]}"),
                          style="dim"))
    if folded:
        parts.append(Text("(--show-skipped lists them one by one)", style="dim"))

    for r in ordered:
        if r.status not in {Status.FAIL, Status.WARN, Status.ERROR} or not r.evidence:
            continue
        lines = Text()
        for e in r.evidence[:EVIDENCE_SHOWN]:
            lines.append(f"  {printable(e.location) or '-'}  ", style="cyan")
            lines.append(printable(e.message) + "\n")
            if e.detail:
                lines.append(f"      {printable(shortened(e.detail))}\n", style="dim")
        if len(r.evidence) > EVIDENCE_SHOWN:
            lines.append(f"  … {len(r.evidence) - EVIDENCE_SHOWN} more in the JSON/Markdown report\n", style="dim")
        parts.append(Text.from_markup(f"[bold]{escape(r.check_id)}[/bold]"))
        parts.append(lines)

    if v.plan:
        fixes = Text()
        steps, more = shown_plan(v.plan)
        for p in steps:
            fixes.append(f"{p.window}: ", style="bold")
            where = f", at {p.finding}" if p.finding else ""
            fixes.append(printable(f"{p.title} ({p.check_id}{where}) — {p.action}") + "\n")
        if more:
            fixes.append(f"and {more} more in the JSON and Markdown reports\n", style="dim")
        parts.append(Panel(fixes, title="fix first", border_style="cyan"))
    suppressed = [(r.check_id, s) for r in card.results for s in r.suppressed]
    if suppressed:
        parts.append(Text(f"{len(suppressed)} accepted finding(s) suppressed:", style="dim"))
        for check_id, s in suppressed:
            parts.append(Text(printable(f"  {check_id} {s.evidence.location}: {s.reason} [{s.source}]"), style="dim"))
    parts.append(Text(card.footer(), style="dim"))
    return Group(*parts)

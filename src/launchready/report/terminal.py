"""Terminal report: verdict first, then the checks table, the evidence of what failed, the top fixes.

The only module that imports rich for reports; it builds renderables and never prints itself. Every
text from the scan goes through :func:`~launchready.printable.printable`: rich passes ESC through.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from launchready.model import Scorecard, Status
from launchready.printable import printable
from launchready.verdict import shown_plan

STYLE = {Status.PASS: "green", Status.FAIL: "bold red", Status.WARN: "yellow", Status.SKIP: "dim",
         Status.ERROR: "bold magenta"}
EVIDENCE_SHOWN = 3

def render(card: Scorecard) -> RenderableType:
    v = card.verdict
    colour = "red" if not v.ready else ("green" if not v.not_scanned else "yellow")
    head = Text.assemble(
        (v.label.upper() if v.ready and not v.not_scanned else v.label, f"bold {colour}"),
        f"\nprofile {card.profile.value} · score {v.score}/100 · risk {v.risk} · {printable(card.target)}",
    )
    parts: list[RenderableType] = [Panel(head, title="launchready verdict", border_style=colour)]

    table = Table(show_lines=False, expand=True)
    table.add_column("status", no_wrap=True)
    table.add_column("check", no_wrap=True)
    table.add_column("sev", no_wrap=True)
    table.add_column("summary")
    ordered = sorted(card.results, key=lambda r: (-r.status.rank, r.check_id))
    for r in ordered:
        mark = " ⛔" if card.is_blocking(r.check_id) and r.status in {Status.FAIL, Status.ERROR} else ""
        table.add_row(Text(r.status.value, style=STYLE[r.status]), r.check_id + mark,
                      card.metas[r.check_id].severity.value, Text(printable(r.summary)))
    parts.append(table)

    for r in ordered:
        if r.status not in {Status.FAIL, Status.WARN, Status.ERROR} or not r.evidence:
            continue
        lines = Text()
        for e in r.evidence[:EVIDENCE_SHOWN]:
            lines.append(f"  {printable(e.location) or '-'}  ", style="cyan")
            lines.append(printable(e.message) + "\n")
            if e.detail:
                lines.append(f"      {printable(e.detail[:200])}\n", style="dim")
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
    if v.not_scanned:
        parts.append(Text("not scanned: " + printable("; ".join(f"{s.value} ({r})" for s, r in v.not_scanned.items())),
                          style="dim"))
    suppressed = [(r.check_id, s) for r in card.results for s in r.suppressed]
    if suppressed:
        parts.append(Text(f"{len(suppressed)} accepted finding(s) suppressed:", style="dim"))
        for check_id, s in suppressed:
            parts.append(Text(printable(f"  {check_id} {s.evidence.location}: {s.reason} [{s.source}]"), style="dim"))
    parts.append(Text(card.footer(), style="dim"))
    return Group(*parts)

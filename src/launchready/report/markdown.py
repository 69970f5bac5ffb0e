"""Markdown scorecard in the checklist's own shape: check · pass criteria · status · evidence · fix."""

from __future__ import annotations

import re

from launchready.model import Evidence, Result, Scorecard, Status
from launchready.printable import printable
from launchready.verdict import shown_plan

_ICON = {Status.PASS: "✅ pass", Status.FAIL: "❌ fail", Status.WARN: "⚠️ warn", Status.SKIP: "⏭️ skip",
         Status.ERROR: "⛔ error"}
EVIDENCE_PER_CHECK = 5


def cell(text: str) -> str:
    """Text safe inside a table cell: pipes escaped, line breaks as <br>, HTML neutralised."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # Evidence quotes what the target sent: no links, images or code spans may come from it.
    text = text.replace("[", "&#91;").replace("]", "&#93;").replace("`", "&#96;")
    return text.replace("|", "\\|").replace("\r", "").replace("\n", "<br>")


def _evidence_cell(r: Result) -> str:
    if r.status in {Status.SKIP, Status.ERROR} or not r.evidence:
        return cell(r.summary)
    items = [f"<code>{cell(e.location)}</code> {cell(e.message)}" if e.location else cell(e.message)
             for e in r.evidence[:EVIDENCE_PER_CHECK]]
    more = len(r.evidence) - EVIDENCE_PER_CHECK
    if more > 0:
        items.append(f"… and {more} more (see the JSON report)")
    return "<br>".join(items)


def _replay_lines(detail: str) -> list[str]:
    """The lines of an evidence detail a shell can run: its comments and curl commands, each answer as a
    comment (``# → 200 …``); anything else the detail says becomes a comment too."""
    lines = []
    for line in detail.splitlines():
        lines.append(line if line.startswith(("curl ", "# ")) else "# " + line)
    return lines


def _fence(lines: list[str]) -> str:
    """A code fence longer than any run of backticks in the block: the target's text cannot close it."""
    longest = max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0)
    return "`" * max(3, longest + 1)


def _replays(ordered: list[Result]) -> list[str]:
    """Each finding's whole replay commands, in a shell block a reader pastes as it is (the table shows none)."""
    out: list[str] = []
    for r in ordered:
        if r.status not in {Status.FAIL, Status.WARN}:
            continue
        shown: list[Evidence] = [e for e in r.evidence if e.status in {Status.FAIL, Status.WARN}
                                 and any(line.startswith("curl ") for line in e.detail.splitlines())]
        for e in shown[:EVIDENCE_PER_CHECK]:
            lines = _replay_lines(e.detail)
            fence = _fence(lines)
            where = f" — <code>{cell(e.location)}</code>" if e.location else ""
            out += ["", f"### `{r.check_id}`{where}", "", cell(e.message), "", f"{fence}sh", *lines, fence]
        if len(shown) > EVIDENCE_PER_CHECK:
            out += ["", f"… and {len(shown) - EVIDENCE_PER_CHECK} more `{r.check_id}` replays (see the JSON report)"]
    return ["", "## Reproduce", "", "Each command as the scan sent it; set the variables the comments name first.",
            *out] if out else []


def render(card: Scorecard) -> str:
    v = card.verdict
    out = [
        f"# launchready scorecard — {v.label}",
        "",
        f"- **Verdict:** {v.label}",
        f"- **Profile:** `{card.profile.value}` · **score** {v.score}/100 · **risk** {v.risk}",
        f"- **Target:** {cell(card.target)}",
        f"- **Scanned:** {card.started_at} · {cell(card.footer())}",
    ]
    if v.not_scanned:
        out.append("- **Not scanned:** " + "; ".join(f"{s.value} ({cell(r)})" for s, r in v.not_scanned.items()))
    if v.blocking_failures:
        out += ["", "## Blocking failures", ""]
        out += [f"1. **{card.metas[i].title}** (`{i}`) — {cell(card.result(i).summary)}" for i in v.blocking_failures]
    ordered = sorted(card.results, key=lambda r: (not card.is_blocking(r.check_id) or r.status is Status.PASS,
                                                   -r.status.rank, r.check_id))
    out += ["", "## Checklist", "", "| check | pass criteria | status | evidence | fix path |", "|---|---|---|---|---|"]
    for r in ordered:
        meta = card.metas[r.check_id]
        flag = " **(blocking)**" if card.is_blocking(r.check_id) else ""
        fix = cell(meta.fix) if r.status in {Status.FAIL, Status.WARN, Status.ERROR} else ""
        out.append(f"| **{cell(meta.title)}**<br>`{r.check_id}`{flag} | {cell(meta.criteria)} | {_ICON[r.status]} | "
                   f"{_evidence_cell(r)} | {fix} |")
    if v.plan:
        steps, more = shown_plan(v.plan)
        out += ["", "## Remediation plan", ""]
        out += [f"- **{p.window}:** {cell(p.title)} (`{p.check_id}`, {p.severity.value}"
                f"{', blocking' if p.blocking else ''}{f', at <code>{cell(p.finding)}</code>' if p.finding else ''})"
                f" — {cell(p.action)}" for p in steps]
        if more:
            out.append(f"- and {more} more (the JSON report lists every step)")
    suppressed = [(r.check_id, s) for r in card.results for s in r.suppressed]
    if suppressed:
        out += ["", "## Accepted findings (suppressed)", "", "| check | where | finding | reason | accepted by |",
                "|---|---|---|---|---|"]
        out += [f"| `{i}` | <code>{cell(s.evidence.location)}</code> | {cell(s.evidence.message)} | {cell(s.reason)} | "
                f"{cell(s.source)} |" for i, s in suppressed]
    out += _replays(ordered)
    return printable("\n".join(out) + "\n")  # one control-character policy for every renderer

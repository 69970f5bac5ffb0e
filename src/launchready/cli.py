"""The ``launchready`` command: flags → Config → ``scan()`` → reports → exit code. Nothing more."""

from __future__ import annotations

import json as jsonlib
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import click
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from launchready import init as init_module
from launchready.api import scan as run_scan
from launchready.catalog import load_catalog
from launchready.config import load_config
from launchready.errors import LaunchreadyError
from launchready.events import CheckFinished, Event, ScanStarted, ignore
from launchready.model import Scorecard
from launchready.redaction import holding_secrets, redact_text
from launchready.report import render_text, terminal, write_reports
from launchready.report.printable import printable
from launchready.verdict import exit_code

app = typer.Typer(
    name="launchready",
    help="Is this AI chatbot product ready for real users — or a security review? One scan, one verdict.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)


class _Progress:
    """A rich progress bar fed by runner events; shown only on a terminal and without --quiet."""

    def __init__(self, enabled: bool) -> None:
        self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), console=err, transient=True) if enabled else None
        self.task: Any = None

    def __call__(self, event: Event) -> None:
        if self.progress is None:
            return
        if isinstance(event, ScanStarted):
            self.progress.start()
            self.task = self.progress.add_task("scanning", total=len(event.checks))
        elif isinstance(event, CheckFinished):
            self.progress.update(self.task, advance=1, description=f"{event.meta.id}: {event.result.status.value}")

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.stop()


@app.command()
def scan(
    path: Annotated[Path | None, typer.Argument(help="The product's git repository (default: here).")] = None,
    profile: Annotated[str | None, typer.Option(help="handover | security-review")] = None,
    config: Annotated[Path | None, typer.Option("--config", help="Config file (default: launchready.toml).")] = None,
    only: Annotated[list[str] | None, typer.Option(help="Run only these check ids or surfaces.")] = None,
    skip: Annotated[list[str] | None, typer.Option(help="Skip these check ids or surfaces.")] = None,
    format: Annotated[list[str] | None, typer.Option("--format", help="Report formats, comma-separated.")] = None,
    output: Annotated[Path | None, typer.Option(help="Write report files into this directory.")] = None,
    fail_on: Annotated[str | None, typer.Option("--fail-on", help="Also exit 1 on any: fail | warn.")] = None,
    domain: Annotated[str | None, typer.Option(help="Mail / apex domain or web host to check.")] = None,
    subdomain: Annotated[list[str] | None, typer.Option(help="Subdomain to check (repeatable).")] = None,
    dkim_selector: Annotated[list[str] | None, typer.Option("--dkim-selector", help="DKIM selector.")] = None,
    nameserver: Annotated[str | None, typer.Option(help="DNS server IP[:PORT] to ask.")] = None,
    resolve: Annotated[list[str] | None, typer.Option(help="HOST:PORT:ADDR connect-to override.")] = None,
    ca_file: Annotated[Path | None, typer.Option("--ca-file", help="Extra trusted CA (PEM) for TLS.")] = None,
    baseline: Annotated[Path | None, typer.Option(help="Accepted findings (`launchready baseline`).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress display.")] = False,
) -> None:
    """Scan a product and print the scorecard and the verdict."""
    overrides: dict[str, Any] = {
        "profile": profile, "only": only, "skip": skip, "format": format, "fail-on": fail_on,
        "output": str(output) if output else None, "domain": domain, "subdomain": subdomain,
        "dkim-selector": dkim_selector, "nameserver": nameserver, "resolve": resolve,
        "ca-file": str(ca_file) if ca_file else None, "quiet": quiet or None,
        "baseline": str(baseline) if baseline else None,
    }
    root = path if path is not None else Path(".")
    cfg = load_config(root, config_file=config, overrides={k: v for k, v in overrides.items() if v})
    if path is not None:
        cfg = cfg.model_copy(update={"path": path})
    machine = [f for f in cfg.format if f != "terminal"]
    if cfg.output is None and len(machine) > 1:
        raise LaunchreadyError("several report formats need --output DIR", hint="or ask for one format")
    progress = _Progress(enabled=not cfg.quiet and err.is_terminal)
    try:
        card = run_scan(cfg, on_event=progress if progress.progress else ignore)
    finally:
        progress.stop()
    _emit(card, cfg.format, cfg.output)
    raise typer.Exit(exit_code(card.verdict, card.results, cfg.fail_on.value if cfg.fail_on else None))


def _emit(card: Scorecard, formats: tuple[str, ...], output: Path | None) -> None:
    if output is not None:
        files = [f for f in formats if f != "terminal"] or ["json"]
        written = write_reports(card, files, output)
        if "terminal" in formats:
            out.print(terminal.render(card))
        for p in written:
            err.print(f"wrote {escape(str(p))}", style="dim")
        return
    for fmt in formats:
        if fmt == "terminal":
            out.print(terminal.render(card))
        else:
            sys.stdout.write(render_text(card, fmt))


@app.command("checks")
def list_checks(
    format: Annotated[str, typer.Option("--format", help="terminal | json")] = "terminal",
) -> None:
    """The check catalogue."""
    catalog = load_catalog()
    from launchready.model import Profile
    from launchready.profiles import load_profile

    profiles = [load_profile(p) for p in Profile]
    rows = [
        {"id": c.meta.id, "title": c.meta.title, "surface": c.meta.surface.value, "severity": c.meta.severity.value,
         "blocking_in": [p.profile.value for p in profiles if p.blocks(c.meta.id)], "criteria": c.meta.criteria}
        for c in catalog.checks
    ]
    if format == "json":
        sys.stdout.write(jsonlib.dumps(rows, indent=2) + "\n")
        return
    if format != "terminal":
        raise LaunchreadyError(f"unknown format '{format}' for `checks`", hint="terminal or json")
    from rich.table import Table

    table = Table(expand=True)
    for col in ("id", "severity", "blocking in", "title"):
        table.add_column(col)
    for r in rows:
        table.add_row(str(r["id"]), str(r["severity"]), ", ".join(r["blocking_in"]) or "-", str(r["title"]))
    out.print(table)


@app.command()
def explain(check_id: Annotated[str, typer.Argument(help="A check id, such as repo.dotenv-committed")]) -> None:
    """Why a check matters, what breaks if it fails, how to fix it, and references."""
    meta = load_catalog().get(check_id).meta
    from launchready.model import Profile
    from launchready.profiles import load_profile

    blocking = [p.value for p in Profile if load_profile(p).blocks(meta.id)]
    out.print(f"[bold]{escape(meta.id)}[/bold] — {escape(meta.title)}")
    out.print(f"surface {meta.surface.value} · severity {meta.severity.value} · blocks in: "
              f"{', '.join(blocking) or 'no profile'}\n")
    for heading, text in (("Pass criteria", meta.criteria), ("Why it matters", meta.why),
                          ("What breaks if it fails", meta.breaks), ("Fix", meta.fix)):
        out.print(f"[bold]{heading}[/bold]\n  {escape(text)}\n")
    out.print("[bold]References[/bold]\n  " + escape(", ".join(meta.references)))
    if meta.checklist:
        out.print("\n[bold]Checklist items[/bold]\n" + "\n".join(f"  - {escape(c)}" for c in meta.checklist))


@app.command()
def init(
    path: Annotated[Path, typer.Argument(help="The product's repository.")] = Path("."),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing launchready.toml.")] = False,
) -> None:
    """Write a commented launchready.toml from what is detected in the repository."""
    written = init_module.write_config(path, force=force)
    out.print(f"wrote {escape(str(written))}")


@app.command()
def handover(
    path: Annotated[Path, typer.Argument(help="The product's repository.")] = Path("."),
    report: Annotated[Path, typer.Option(help="The last scan's JSON report.")] = Path(
        "launchready-report/launchready.json"),
    output: Annotated[Path, typer.Option(help="Where to write the runbook.")] = Path("RUNBOOK.md"),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a runbook / handover checklist pre-filled from the last scan."""
    from launchready.handover import write_handover

    written = write_handover(path, report, output, force=force)
    out.print(f"wrote {escape(str(written))} — fill in the <placeholders>, then commit it")


@app.command("baseline")
def write_baseline(
    report: Annotated[Path, typer.Option(help="The scan's JSON report.")] = Path("launchready-report/launchready.json"),
    output: Annotated[Path, typer.Option(help="The baseline file to write.")] = Path(".launchready-baseline.json"),
    reason: Annotated[str, typer.Option(help="Why these findings are accepted (kept with each).")] = "",
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Accept every finding of a scan, so later scans (`--baseline FILE`) report only what is new."""
    from launchready.baseline import baseline_from_report
    from launchready.handover import load_report
    from launchready.report import write_atomic

    if len(reason.strip()) < 3:
        raise LaunchreadyError("a baseline needs a reason", hint='--reason "accepted at launch review, ticket SEC-12"')
    if output.exists() and not force:
        raise LaunchreadyError(f"{output} exists; not overwriting it", hint="pass --force to replace it")
    data = baseline_from_report(load_report(report), reason.strip())
    write_atomic(output, jsonlib.dumps(data, indent=2, ensure_ascii=False) + "\n")
    out.print(f"wrote {escape(str(output))}: {len(data['findings'])} accepted finding(s)")


@app.command()
def demo(
    output: Annotated[Path, typer.Option(help="Where the reports go.")] = Path("launchready-demo"),
) -> None:
    """Build the bundled example products on loopback, scan them end to end, write every report."""
    from launchready.demo import run_demo

    raise typer.Exit(run_demo(output, out))


def main(argv: list[str] | None = None) -> int:
    """Entry point: one clear line for every expected error, never a traceback."""
    # Open here, so the error lines below are masked with every secret value the scan came to hold.
    with holding_secrets():
        return _main(argv)


def _main(argv: list[str] | None) -> int:
    try:
        code = app(args=argv, standalone_mode=False)
    except LaunchreadyError as exc:
        # A flag or config value can be a secret pasted in the wrong place; never echo it back.
        err.print(f"launchready: error: {escape(printable(redact_text(exc.diagnostics())))}", highlight=False,
                  soft_wrap=True)
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return 2
    except click.exceptions.Abort:
        err.print("launchready: interrupted")
        return 130
    except KeyboardInterrupt:
        err.print("launchready: interrupted")
        return 130
    except Exception as exc:
        if os.environ.get("LAUNCHREADY_DEBUG"):
            raise
        err.print(f"launchready: internal error: {type(exc).__name__}: {escape(printable(redact_text(str(exc))))} "
                  "(set LAUNCHREADY_DEBUG=1 for the traceback, and please report it)", highlight=False)
        return 2
    return code if isinstance(code, int) else 0


if __name__ == "__main__":
    sys.exit(main())

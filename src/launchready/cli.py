"""The ``launchready`` command: flags → Config → ``scan()`` → reports → exit code. Nothing more.

Written on :mod:`argparse` rather than a CLI framework: the ``scan`` flags are generated from the
configuration keys (:mod:`launchready.reference`), and every usage error must come out as our own
one line with exit code 2. Typer's vendored click raised exceptions of its own classes past our
handler ("internal error: NoSuchOption") and printed type tags in ``--help``; argparse has neither.
"""

from __future__ import annotations

import argparse
import difflib
import json as jsonlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from rich.console import Console
from rich.markup import escape

from launchready.errors import LaunchreadyError
from launchready.printable import printable
from launchready.redaction import holding_secrets, redact_text
from launchready.reference import Key, flag_keys

if TYPE_CHECKING:
    from launchready.model import Scorecard

DEFAULT_OUTPUT = Path("launchready-report")
"""Where the JSON report goes when no ``--output`` is given: ``handover`` and ``baseline`` read it there."""
DEFAULT_REPORT = DEFAULT_OUTPUT / "launchready.json"
CHECKS_TABLE_SLACK = 60
"""Columns the `checks` table needs beside the longest id (severity, profiles, a readable title, borders)."""

out = Console()
err = Console(stderr=True)


class UsageError(LaunchreadyError):
    """A command line that does not parse: unknown option or command, missing or bad value."""


class _Parser(argparse.ArgumentParser):
    """argparse, with every error raised as one clear line instead of printed and exited."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(_reword(message, self), hint=f"`{self.prog} -h` lists what it takes")


def _reword(message: str, parser: argparse.ArgumentParser) -> str:
    if message.startswith("unrecognized arguments: "):
        unknown = message.removeprefix("unrecognized arguments: ").split()[0]
        if unknown.startswith("-"):
            known = [o for a in parser._actions for o in a.option_strings]
            near = difflib.get_close_matches(unknown.split("=", 1)[0], known, n=1)
            return f"no such option: {unknown}" + (f" — did you mean {near[0]}?" if near else "")
        return f"unexpected argument: {unknown}"
    if "invalid choice: " in message and message.startswith("argument COMMAND"):
        name = message.split("invalid choice: ", 1)[1].split(" (choose", 1)[0]
        return f"no such command: {name}"
    return message


def _dest(key: Key) -> str:
    return "opt_" + key.name.replace("-", "_")


def _add_scan_flags(parser: argparse.ArgumentParser) -> None:
    """One flag per configuration key (:func:`launchready.reference.flag_keys`): the only place flags are made."""
    for key in flag_keys():
        names = [f"--{key.name}"] + (["-q"] if key.name == "quiet" else [])
        doc = key.doc
        if key.is_switch:
            parser.add_argument(*names, dest=_dest(key), action=argparse.BooleanOptionalAction, default=None,
                                help=doc.help)
        elif key.is_list:
            parser.add_argument(*names, dest=_dest(key), action="append", default=None, metavar=doc.metavar,
                                help=doc.help)
        else:
            parser.add_argument(*names, dest=_dest(key), default=None, metavar=doc.metavar, help=doc.help)


def scan_overrides(ns: argparse.Namespace) -> dict[str, Any]:
    """The configuration keys given on the command line, by key."""
    given: dict[str, Any] = {}
    for key in flag_keys():
        value = getattr(ns, _dest(key), None)
        if value is None:
            continue
        if key.is_list:
            value = [part.strip() for item in value for part in item.split(",") if part.strip()]
        given[key.name] = value
    return given


def build_parser() -> argparse.ArgumentParser:
    from launchready.version import tool_version

    parser = _Parser(prog="launchready", allow_abbrev=False,
                     description="Is this AI chatbot product ready for real users — or a security review? "
                                 "One scan, one verdict.",
                     epilog="Exit codes: 0 ready · 1 not ready (or --fail-on hit) · 2 usage, config or target error.")
    parser.add_argument("--version", action="version", version=f"launchready {tool_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    parser.set_defaults(commands=commands.choices)

    def command(name: str, help: str, run: Callable[[argparse.Namespace], int]) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help, allow_abbrev=False)
        sub.set_defaults(run=run)
        return sub

    scan = command("scan", "Scan a product and print the scorecard and the verdict.", _scan)
    scan.add_argument("path", nargs="?", type=Path, default=None, help="The product's git repository (default: here).")
    scan.add_argument("--config", type=Path, default=None, metavar="FILE",
                      help="Config file (default: launchready.toml, or [tool.launchready] in pyproject.toml).")
    _add_scan_flags(scan)

    checks = command("checks", "The check catalogue.", _checks)
    checks.add_argument("--format", choices=("terminal", "json"), default="terminal")

    explain = command("explain", "Why a check matters, what breaks if it fails, how to fix it, and references.",
                      _explain)
    explain.add_argument("check_id", metavar="ID", help="A check id, such as repo.dotenv-committed.")

    init = command("init", "Write a commented launchready.toml from what is detected in the repository.", _init)
    init.add_argument("path", nargs="?", type=Path, default=Path("."), help="The product's git repository.")
    init.add_argument("--force", action="store_true", help="Overwrite an existing launchready.toml.")

    handover = command("handover", "Write a runbook / handover checklist pre-filled from the last scan.", _handover)
    handover.add_argument("path", nargs="?", type=Path, default=Path("."), help="The product's repository.")
    handover.add_argument("--report", type=Path, default=DEFAULT_REPORT, metavar="FILE",
                          help=f"The last scan's JSON report (default: {DEFAULT_REPORT}).")
    handover.add_argument("--output", type=Path, default=Path("RUNBOOK.md"), metavar="FILE",
                          help="Where to write the runbook (default: RUNBOOK.md).")
    handover.add_argument("--force", action="store_true", help="Overwrite an existing file.")

    baseline = command("baseline", "Accept every finding of a scan, so later scans (--baseline FILE) report only "
                                   "what is new.", _baseline)
    baseline.add_argument("--report", type=Path, default=DEFAULT_REPORT, metavar="FILE",
                          help=f"The scan's JSON report (default: {DEFAULT_REPORT}).")
    baseline.add_argument("--output", type=Path, default=Path(".launchready-baseline.json"), metavar="FILE",
                          help="The baseline file to write (default: .launchready-baseline.json).")
    baseline.add_argument("--reason", default="", help="Why these findings are accepted (kept with each).")
    baseline.add_argument("--force", action="store_true", help="Overwrite an existing file.")

    demo = command("demo", "Start the bundled example products on loopback, scan both end to end, write every "
                           "report; exit 0 when the vulnerable one is not ready and the hardened one is.", _demo)
    demo.add_argument("--output", type=Path, default=Path("launchready-demo"), metavar="DIR",
                      help="Where the reports go (default: launchready-demo).")
    demo.add_argument("-q", "--quiet", action="store_true", help="No progress display.")
    return parser


def _scan(ns: argparse.Namespace) -> int:
    from launchready.api import scan as run_scan
    from launchready.config import load_config
    from launchready.progress import ScanProgress
    from launchready.verdict import exit_code

    root = ns.path if ns.path is not None else Path(".")
    cfg = load_config(root, config_file=ns.config, overrides=scan_overrides(ns))
    if ns.path is not None:
        cfg = cfg.model_copy(update={"path": ns.path})
    machine = [f for f in cfg.format if f != "terminal"]
    if cfg.output is None and len(machine) > 1:
        raise UsageError("several report formats need --output DIR", hint="or ask for one format")
    # Progress only where a person watches: a terminal, and not when stdout carries a machine format.
    watching = not cfg.quiet and err.is_terminal and not (cfg.output is None and machine)
    with ScanProgress(err, enabled=watching) as progress:
        card = run_scan(cfg, on_event=progress.handle)
    _emit(card, cfg.format, cfg.output, quiet=cfg.quiet, show_skipped=cfg.show_skipped)
    return exit_code(card.verdict, card.results, cfg.fail_on.value if cfg.fail_on else None)


def _emit(card: Scorecard, formats: Sequence[str], output: Path | None, *, quiet: bool,
          show_skipped: bool = False) -> None:
    from launchready.report import render_text, terminal, write_reports

    machine = [f for f in formats if f != "terminal"]
    if output is None:
        for fmt in formats:
            if fmt == "terminal":
                out.print(terminal.render(card, show_skipped=show_skipped, width=out.width))
            else:
                sys.stdout.write(render_text(card, fmt))
    elif "terminal" in formats:
        out.print(terminal.render(card, show_skipped=show_skipped, width=out.width))
    # A JSON report is always written, so that `handover`, `baseline` and a later diff work after any scan.
    directory = output if output is not None else DEFAULT_OUTPUT
    files = list(dict.fromkeys(["json", *(machine if output is not None else [])]))
    if output is None:
        _keep_out_of_git(directory)
    written = write_reports(card, files, directory)
    if not quiet:
        err.print("report: " + escape(", ".join(str(p) for p in written)), style="dim", highlight=False)


def _keep_out_of_git(directory: Path) -> None:
    """The default report directory may sit inside the scanned repository: git ignores it, never commits it."""
    ignore = directory / ".gitignore"
    if not ignore.exists():
        from launchready.report import write_atomic

        try:
            write_atomic(ignore, "# written by launchready: scan reports are not source\n*\n")
        except OSError as exc:
            raise LaunchreadyError(f"cannot write the report to {directory}: {exc.strerror or exc}",
                                   hint="pass --output DIR") from exc


def _checks(ns: argparse.Namespace) -> int:
    from launchready.catalog import load_catalog
    from launchready.model import Profile
    from launchready.profiles import load_profile

    profiles = [load_profile(p) for p in Profile]
    rows = [
        {"id": c.meta.id, "title": c.meta.title, "surface": c.meta.surface.value, "severity": c.meta.severity.value,
         "blocking_in": [p.profile.value for p in profiles if p.blocks(c.meta.id)], "criteria": c.meta.criteria}
        for c in load_catalog().checks
    ]
    if ns.format == "json":
        sys.stdout.write(jsonlib.dumps(rows, indent=2) + "\n")
        return 0
    from rich.table import Table
    from rich.text import Text

    # An id is what a user copies: never cropped, never folded. Below the width a table needs for full
    # ids, each check is an id line and a wrapped detail line instead.
    longest = max(len(str(r["id"])) for r in rows)
    if out.width >= longest + CHECKS_TABLE_SLACK:
        table = Table(expand=True)
        table.add_column("id", no_wrap=True, min_width=longest)
        for col in ("severity", "blocking in", "title"):
            table.add_column(col)
        for r in rows:
            table.add_row(str(r["id"]), str(r["severity"]), ", ".join(r["blocking_in"]) or "-", str(r["title"]))
        out.print(table)
        return 0
    for r in rows:
        out.print(Text(str(r["id"]), style="bold"), soft_wrap=True)
        blocks = ", ".join(r["blocking_in"]) or "no profile"
        out.print(Text(f"{r['severity']} · blocks in {blocks} · {r['title']}"), style="dim")
        out.print()
    return 0


def _explain(ns: argparse.Namespace) -> int:
    from launchready.catalog import load_catalog
    from launchready.model import Profile
    from launchready.profiles import load_profile

    meta = load_catalog().get(ns.check_id).meta
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
    return 0


def _init(ns: argparse.Namespace) -> int:
    from launchready import init as init_module

    written = init_module.write_config(ns.path, force=ns.force)
    out.print(f"wrote {escape(str(written))} — fill in the commented stubs, then `launchready scan`", highlight=False)
    return 0


def _handover(ns: argparse.Namespace) -> int:
    from launchready.handover import write_handover

    written = write_handover(ns.path, ns.report, ns.output, force=ns.force)
    out.print(f"wrote {escape(str(written))} — fill in the <placeholders>, then commit it", highlight=False)
    return 0


def _baseline(ns: argparse.Namespace) -> int:
    from launchready.baseline import baseline_from_report
    from launchready.handover import load_report
    from launchready.report import write_atomic

    reason = str(ns.reason).strip()
    if len(reason) < 3:
        raise LaunchreadyError("a baseline needs a reason", hint='--reason "accepted at launch review, ticket SEC-12"')
    if ns.output.exists() and not ns.force:
        raise LaunchreadyError(f"{ns.output} exists; not overwriting it", hint="pass --force to replace it")
    data = baseline_from_report(load_report(ns.report), reason)
    write_atomic(ns.output, jsonlib.dumps(data, indent=2, ensure_ascii=False) + "\n")
    out.print(f"wrote {escape(str(ns.output))}: {len(data['findings'])} accepted finding(s)", highlight=False)
    return 0


def _demo(ns: argparse.Namespace) -> int:
    from launchready.demo import run_demo

    return run_demo(ns.output, out, progress_console=None if ns.quiet else err)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: one clear line for every expected error, never a traceback."""
    # Open here, so the error lines below are masked with every secret value the scan came to hold.
    with holding_secrets():
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    try:
        parser = build_parser()
        ns, extra = parser.parse_known_args(list(argv) if argv is not None else None)
        if extra:  # said by the command's own parser, so the suggestion comes from its flags
            parser_of_command: argparse.ArgumentParser = ns.commands.get(ns.command, parser)
            parser_of_command.error(f"unrecognized arguments: {' '.join(extra)}")
        if ns.command is None:
            parser.print_help()
            return 2
        code: int = ns.run(ns)
        return code
    except LaunchreadyError as exc:
        # A flag or config value can be a secret pasted in the wrong place; never echo it back.
        err.print(f"launchready: error: {escape(printable(redact_text(exc.diagnostics())))}", highlight=False,
                  soft_wrap=True)
        return exc.exit_code
    except SystemExit as exc:  # --help and --version print, then exit 0
        return exc.code if isinstance(exc.code, int) else 0
    except KeyboardInterrupt:
        err.print("launchready: interrupted")
        return 130
    except Exception as exc:
        if os.environ.get("LAUNCHREADY_DEBUG"):
            raise
        err.print(f"launchready: internal error: {type(exc).__name__}: {escape(printable(redact_text(str(exc))))} "
                  "(set LAUNCHREADY_DEBUG=1 for the traceback, and please report it)", highlight=False, soft_wrap=True)
        return 2


if __name__ == "__main__":
    sys.exit(main())

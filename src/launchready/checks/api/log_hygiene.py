"""api.log-hygiene: canaries the scan sends never show up in the application's logs.

Canaries (fresh per scan): a fake bearer token (``Bearer lr-canary-<nonce>-token`` on a protected
route chosen from the route inventory, or the ``protected-route`` option), a fake e-mail
(``lr-<nonce>@example.invalid`` in a failed login and a reset request), a
canary phrase in a chat prompt (``lr-prompt-<nonce>``) and a fake reset link
(``https://example.invalid/reset?token=lr-reset-<nonce>``, in the same chat message). Only the
throwaway address is used for login/reset: nothing touches the test users' own accounts.

The log source (``[api.logs]``): a ``file`` (only the bytes written since the check started are
read, bounded), a ``directory`` (the newest files, new bytes of each) or a ``command`` (run with a
timeout, stdout bounded). Besides the canaries, a reset link with a real-looking token that turns
up in the new log bytes is reported too: the product writes reset links to its logs.
"""

from __future__ import annotations

import re
import secrets
import shlex
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from launchready.config import LogSource
from launchready.context import CheckContext
from launchready.engines.inventory import scan_inventory
from launchready.engines.live import first_tenant
from launchready.engines.route_choice import data_routes, given, public_routes
from launchready.errors import TargetError
from launchready.model import Check, CheckMeta, Effort, Evidence, Outcome, Severity, Status, Surface
from launchready.targets.http import ApiTarget, BudgetExhausted, split_route

META = CheckMeta(
    id="api.log-hygiene",
    title="Logs keep no tokens, prompts or personal data",
    surface=Surface.API,
    severity=Severity.HIGH,
    criteria=(
        "Canaries the scan sends (a fake bearer token, a fake email, a canary phrase in a prompt, a fake reset link) "
        "do not appear in the application's logs, read from a declared file, directory or command."
    ),
    why=(
        "Logs are copied everywhere — log vendors, support tickets, laptops — and kept for months; a bearer token, "
        "reset link or prompt in them is a credential or a customer's data outside every access control."
    ),
    breaks=(
        "Anyone with log access can take over sessions and accounts (tokens, reset links) and read customers' "
        "conversations and e-mail addresses; a GDPR incident waiting to be found."
    ),
    fix=(
        "Log method, path, status, duration and ids only; never headers, bodies or prompts; add a redacting log "
        "filter (bearer tokens, JWTs, `token=`/`password=` values, e-mail addresses) as a safety net."
    ),
    references=("CWE-532", "CWE-312", "OWASP API8:2023", "OWASP LLM02:2025", "OWASP ASVS 5.0 V16.2"),
    checklist=("no tokens, reset links, prompts or e-mail addresses in logs",),
    effort=Effort.HOURS,
)

_REAL_RESET = re.compile(r"reset[^\s\"']*[?&]token=(?!lr-reset-)[A-Za-z0-9_.~%-]{12,}", re.IGNORECASE)


@dataclass(frozen=True)
class Canary:
    kind: str
    value: str
    sent_in: str


class LogReader:
    """Remembers where each log ends before the probes, and reads only what was written after."""

    def __init__(self, source: LogSource, *, max_bytes: int, newest: int, timeout: float) -> None:
        self.source = source
        self.max_bytes = max_bytes
        self.newest = newest
        self.timeout = timeout
        self.sizes: dict[Path, int] = {}

    def describe(self) -> str:
        if self.source.file is not None:
            return str(self.source.file)
        if self.source.directory is not None:
            return f"{self.source.directory}/"
        return f"`{self.source.command}`"

    def _files(self) -> list[Path]:
        if self.source.file is not None:
            return [self.source.file]
        assert self.source.directory is not None
        files = [p for p in self.source.directory.iterdir() if p.is_file()]
        return sorted(files, key=lambda p: p.stat().st_mtime, reverse=True)[: self.newest]

    def start(self) -> None:
        """Snapshot sizes; raises ``TargetError`` when the source cannot be read at all."""
        if self.source.command is not None:
            return
        try:
            if self.source.directory is not None and not self.source.directory.is_dir():
                raise TargetError(f"log directory {self.source.directory} does not exist")
            for path in self._files():
                self.sizes[path] = path.stat().st_size
        except OSError as exc:
            raise TargetError(f"cannot read the log source {self.describe()}: {exc}") from exc

    def new_text(self) -> list[tuple[str, int, str]]:
        """``(name, first line number, text)`` per log with new bytes."""
        if self.source.command is not None:
            return [("command", 1, self._run())]
        out = []
        try:
            for path in self._files():
                before = self.sizes.get(path, 0)
                size = path.stat().st_size
                start = before if size >= before else 0  # a shrunk file was rotated: read it all
                with path.open("rb") as fh:
                    first_line = 1 + _count_newlines(fh, start)
                    fh.seek(start)
                    data = fh.read(self.max_bytes)
                out.append((str(path), first_line, data.decode("utf-8", "replace")))
        except OSError as exc:
            raise TargetError(f"cannot read the log source {self.describe()}: {exc}") from exc
        return out

    def _run(self) -> str:
        assert self.source.command is not None
        try:
            done = subprocess.run(shlex.split(self.source.command), capture_output=True, timeout=self.timeout,
                                  check=False, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired as exc:
            raise TargetError(f"log command did not finish within {self.timeout:g}s: {self.source.command}") from exc
        except OSError as exc:
            raise TargetError(f"log command could not run: {exc}") from exc
        if done.returncode != 0:
            err = done.stderr.decode("utf-8", "replace").strip()[:200]
            raise TargetError(f"log command exited with {done.returncode}: {err}")
        return done.stdout[-self.max_bytes:].decode("utf-8", "replace")


def _count_newlines(fh: object, end: int) -> int:
    count, read = 0, 0
    while read < end:
        chunk = fh.read(min(1 << 20, end - read))  # type: ignore[attr-defined]
        if not chunk:
            break
        count += chunk.count(b"\n")
        read += len(chunk)
    return count


def run(ctx: CheckContext) -> Outcome:
    source = ctx.config.api.logs
    if source is None or (source.file is None and source.directory is None and source.command is None):
        return Outcome(Status.SKIP, "no log source declared ([api.logs] file, directory or command)")
    api: ApiTarget = ctx.target(Surface.API)
    reader = LogReader(source, max_bytes=int(ctx.options["max-bytes"]), newest=int(ctx.options["newest-files"]),
                       timeout=float(ctx.options["command-timeout"]))
    reader.start()
    identity = first_tenant(api, ctx.config)
    nonce = secrets.token_hex(6)
    bearer = f"lr-canary-{nonce}-token"
    email = f"lr-{nonce}@example.invalid"
    prompt = f"lr-prompt-{nonce}"
    reset = f"https://example.invalid/reset?token=lr-reset-{nonce}"
    canaries: list[Canary] = []
    notes: list[str] = []
    inv = scan_inventory(ctx)
    protected = given(ctx, META.id, "protected-route") or data_routes(inv, limit=1) or public_routes(inv, limit=1)
    login = api.settings.login
    login_known = inv.find(login.method, login.path) is not None
    chat = split_route(ctx.config.api.chat)
    reset_route = split_route(ctx.config.api.reset)
    with api.probe(budget=int(ctx.options["budget"]), deadline=ctx.deadline) as probe:
        sends: list[tuple[Canary | None, str, str, dict[str, object]]] = []
        if protected:
            route = protected[0]
            sends.append((Canary("bearer token", bearer, f"{route.label} (Authorization header; {route.why})"),
                          route.method, route.path, {"headers": {"Authorization": f"Bearer {bearer}"}}))
        else:
            notes.append("no GET route in the route inventory: the bearer-token canary was not sent (name one in "
                         f'[checks."{META.id}"] protected-route)')
        if login_known:
            sends.append((Canary("e-mail address", email, f"{login.method} {login.path}"), login.method, login.path,
                          {"json_body": {login.username_field: email, login.password_field: f"lr-wrong-{nonce}"}}))
        else:
            notes.append(f"the login route {login.method} {login.path} is not in the route inventory: the e-mail "
                         "canary was not sent at login (declare [api.login] path)")
        if reset_route:
            sends.append((None, reset_route[0], reset_route[1], {"json_body": {"email": email}}))
        if chat:
            message = (f"Question {prompt}: I got a password reset message pointing to {reset} "
                       "- is it genuine?")
            sends.append((Canary("prompt phrase", prompt, f"{chat[0]} {chat[1]}"), chat[0], chat[1],
                           {"json_body": {"message": message}, "identity": identity}))
            canaries.append(Canary("reset link", f"lr-reset-{nonce}", f"{chat[0]} {chat[1]} (message)"))
        else:
            notes.append("no chat route declared: the prompt and reset-link canaries were not sent")
        failures: list[str] = []
        try:
            for canary, method, path, kwargs in sends:
                try:
                    probe.request(method, path, **kwargs)  # type: ignore[arg-type]
                except TargetError as exc:
                    failures.append(str(exc))
                    continue
                if canary is not None:
                    canaries.append(canary)
        except BudgetExhausted as exc:
            failures.append(str(exc))
        count = probe.count
    if reset_route and any(c.kind == "e-mail address" for c in canaries):
        canaries = [Canary(c.kind, c.value, f"{c.sent_in} and {reset_route[0]} {reset_route[1]}")
                    if c.kind == "e-mail address" else c for c in canaries]
    if not sends:
        return Outcome(Status.WARN, "undetermined: no route to carry a canary (" + "; ".join(notes) + ")",
                       (Evidence(Status.WARN, "no canary sent", fingerprint="api.log-hygiene:no-route"),))
    if not count or len(failures) == len(sends):
        return Outcome(Status.ERROR, f"no canary could be sent: {failures[0] if failures else 'nothing sent'}",
                       requests=count)
    # Only canaries whose request got through can be looked for; the reset link rides on the chat one.
    if not any(c.kind == "prompt phrase" for c in canaries):
        canaries = [c for c in canaries if c.kind != "reset link"]
    time.sleep(float(ctx.options["settle-seconds"]))  # let buffered log handlers flush
    logs = reader.new_text()
    evidence: list[Evidence] = []
    for name, first_line, text in logs:
        for offset, line in enumerate(text.splitlines()):
            where = f"{name}:{first_line + offset}"
            for canary in canaries:
                if canary.value in line:
                    evidence.append(Evidence(
                        Status.FAIL, f"the {canary.kind} canary sent in {canary.sent_in} is in the log",
                        location=where, detail=_excerpt(line, canary.value),
                        fingerprint=f"api.log-hygiene:{canary.kind}"))
            m = _REAL_RESET.search(line)
            if m:
                evidence.append(Evidence(
                    Status.FAIL, "the log holds a password-reset link with a real token", location=where,
                    detail=_excerpt(line, m.group(0)), fingerprint="api.log-hygiene:reset-link"))
    if failures:
        notes.append(f"{len(failures)} canary request(s) got no answer: {failures[0]}")
    found = {e.fingerprint for e in evidence}
    kinds = ", ".join(c.kind for c in canaries)
    new_bytes = sum(len(t) for _, _, t in logs)
    summary_tail = f" ({'; '.join(notes)})" if notes else ""
    if not evidence:
        # An absence proves nothing when the log did not grow (wrong file, buffered, not logging) or
        # when some canaries never reached the application: say so instead of passing.
        undecided: list[Evidence] = []
        if not new_bytes:
            undecided.append(Evidence(
                Status.WARN, f"{reader.describe()} gained no bytes while the canaries were sent: is it the "
                             "application's log?", location=reader.describe(),
                fingerprint="api.log-hygiene:no-new-bytes"))
        if failures:
            undecided.append(Evidence(
                Status.WARN, f"{len(failures)} canary request(s) got no answer, so those canaries were not "
                             f"looked for: {failures[0]}", fingerprint="api.log-hygiene:unsent"))
        if undecided:
            return Outcome(Status.WARN, f"no canary ({kinds}) in {new_bytes} new bytes of {reader.describe()}, "
                                        f"but that does not prove hygiene{summary_tail}", tuple(undecided),
                           requests=count)
        return Outcome(Status.PASS, f"no canary ({kinds}) in {new_bytes} new bytes of {reader.describe()}"
                                    f"{summary_tail}", requests=count)
    return Outcome(Status.FAIL, f"{len(found)} kind(s) of canary or secret found in {reader.describe()}"
                                f"{summary_tail}", tuple(evidence[:20]), requests=count)


def _excerpt(line: str, needle: str, width: int = 240) -> str:
    at = max(0, line.find(needle))
    start = max(0, at - width // 2)
    return ("…" if start else "") + line[start:start + width] + ("…" if start + width < len(line) else "")


CHECK = Check(META, run, options={
    "protected-route": "", "budget": 10, "max-bytes": 8 * 1024 * 1024, "newest-files": 10,
    "command-timeout": 10.0, "settle-seconds": 0.3,
})

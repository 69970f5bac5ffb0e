"""The library entry point: ``scan(config) -> Scorecard``. Everything the CLI does goes through here."""

from __future__ import annotations

import datetime as dt
import difflib
import importlib
import os
import re
import time
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from launchready.baseline import load_baseline
from launchready.catalog import Catalog, load_catalog
from launchready.config import Config
from launchready.context import CheckContext, Targets
from launchready.engines.answer_observer import AnswerObserver, attach_answers
from launchready.engines.chat_observer import ChatObserver, attach_sightings
from launchready.errors import ConfigError
from launchready.events import EventHandler, Preparing, ScanStarted, ignore
from launchready.model import Check, Result, Scorecard, Surface
from launchready.profiles import load_profile
from launchready.redaction import holding_secrets, redact_text
from launchready.runner import run_checks
from launchready.suppressions import apply_suppressions
from launchready.targets.http import ApiTarget
from launchready.targets.repo import RepoSnapshot
from launchready.verdict import decide
from launchready.version import tool_version


def scan(config: Config, *, on_event: EventHandler = ignore, catalog: Catalog | None = None) -> Scorecard:
    """Scan what ``config`` declares and decide the verdict. Raises ``LaunchreadyError`` subclasses
    for configuration and target errors (exit code 2 on the CLI); a failing *check* never raises.

    Every secret value the scan holds (read from the environment variables the config names, or
    obtained by logging in) is masked by value in everything the scan produces."""
    tokens, passwords = held_secrets(config)
    with holding_secrets(tokens, passwords):
        return _scan(config, on_event, catalog)


def held_secrets(config: Config) -> tuple[list[str], list[str]]:
    """The secret values ``config`` points at (tokens and keys; passwords), read from the environment."""
    def env(name: str | None) -> str:
        return os.environ.get(name, "") if name else ""

    tokens = [env(config.api.scanner_token_env), *(env(t.token_env) for t in config.api.tenants),
              *(env(w.secret_env) for w in config.api.webhooks)]
    tokens += [env(str(value)) for options in config.checks.values() for key, value in options.items()
               if _SECRET_OPTION.search(key) and isinstance(value, str)]
    passwords = [env(t.password_env) for t in config.api.tenants]
    return [t for t in tokens if t], [p for p in passwords if p]


_SECRET_OPTION = re.compile(r"(?:key|token|secret|password)-env$")


def _rerun_redaction(result: Result) -> Result:
    """The result redacted again with every value the scan learnt by its end (a login's token is known
    only once some check logged in; evidence created earlier, or on a thread of a check's own, is
    masked here)."""
    return replace(result, evidence=tuple(replace(e) for e in result.evidence),
                   suppressed=tuple(replace(s, evidence=replace(s.evidence)) for s in result.suppressed))


def _scan(config: Config, on_event: EventHandler, catalog: Catalog | None) -> Scorecard:
    started_wall = dt.datetime.now(dt.UTC)
    started = time.monotonic()
    catalog = catalog or load_catalog()
    selected = catalog.select(config.only, config.skip)
    if not selected:
        # Nothing to run cannot be "launch-ready for: nothing": a CI gate would go green on it.
        raise ConfigError(
            f"no check selected (only: {', '.join(config.only) or 'all'}; skip: {', '.join(config.skip) or 'none'})",
            hint="`launchready checks` lists the ids and surfaces; --skip removes from what --only keeps",
        )
    _validate_check_references(config, catalog)
    options = {c.meta.id: _options(c, config) for c in selected}
    profile = load_profile(config.profile)
    baseline = load_baseline(Path(config.baseline)) if config.baseline else None
    on_event(ScanStarted(tuple(c.meta for c in selected)))
    targets = build_targets(config, {c.meta.surface for c in selected}, on_event)
    observer = ChatObserver.for_config(config)
    api_target = targets.extra.get(Surface.API)
    answers = AnswerObserver(api_target.carries_identity if isinstance(api_target, ApiTarget) else lambda _: False)
    if isinstance(api_target, ApiTarget):
        api_target.observers += [observer.observe, answers.observe]

    def make_context(check: Check, deadline: float) -> CheckContext:
        return CheckContext(config, targets, options[check.meta.id], profile, deadline)

    def post(result: Result) -> Result:
        return apply_suppressions(result, config, targets.repo, baseline)

    try:
        results = run_checks(
            selected,
            make_context,
            concurrency=config.concurrency,
            timeout_s=config.check_timeout,
            on_event=on_event,
            post=post,
            requests_sent=lambda: int(getattr(api_target, "requests_sent", 0)),
            announce=False,
        )
    finally:
        targets.close()
    # What one check's probes drew out of the bot for another check, attached once all have run.
    results = [r if r is seen else post(seen)
               for r, seen in zip(results, attach_sightings(results, observer.sightings()), strict=True)]
    # Banners, stack traces and missing headers in any answer of the scan, for the checks that judge them.
    results = [r if r is seen else post(seen)
               for r, seen in zip(results, attach_answers(results, answers.sightings()), strict=True)]
    results = [_rerun_redaction(r) for r in results]
    metas = {c.meta.id: c.meta for c in selected}
    blocking = frozenset(i for i in metas if profile.blocks(i))
    deselected = sorted(i for i in profile.blocking if i in catalog.ids and i not in metas)
    verdict = decide(results, metas, blocking, config.profile, targets.not_scanned, deselected)
    return Scorecard(
        tool_version=tool_version(),
        target=_describe(config, targets),
        profile=config.profile,
        started_at=started_wall.isoformat(timespec="seconds"),
        duration_s=round(time.monotonic() - started, 3),
        results=tuple(results),
        metas=metas,
        verdict=verdict,
        blocking=blocking,
        requests_sent=int(getattr(api_target, "requests_sent", 0)),
    )


def build_targets(config: Config, surfaces: set[Surface], on_event: EventHandler = ignore) -> Targets:
    """Collect each needed surface's target once; say why each other surface is not scanned."""
    not_scanned: dict[Surface, str] = {}
    repo: RepoSnapshot | None = None
    if surfaces & {Surface.REPO, Surface.OPS}:
        on_event(Preparing(f"reading the repository {config.path}"))
        repo = RepoSnapshot(Path(config.path), exclude=config.excluded_paths)
    else:
        not_scanned[Surface.REPO] = "no repo check selected"
        not_scanned[Surface.OPS] = "no ops check selected"
        if Surface.AI in surfaces and config.ai.chat is not None and "path" in config.model_fields_set:
            repo = _source_for_chat_checks(config)
    extra: dict[Surface, Any] = {}
    if config.url:
        on_event(Preparing(f"preparing the API target {redact_text(config.url)}"))
        extra[Surface.API] = ApiTarget(config)  # refuses a non-allowed host before any packet
        if config.ai.chat is not None:
            from launchready.engines.chat import ChatTarget

            extra[Surface.AI] = ChatTarget(extra[Surface.API], config)  # same client, same budgets
    if Surface.DOMAIN in surfaces:
        if config.domain:
            on_event(Preparing(f"preparing the domain checks for {config.domain}"))
        domain_target = _optional_builder("launchready.targets.domain", "build_domain_target")
        target = domain_target(config) if domain_target else None
        if target is None:
            not_scanned[Surface.DOMAIN] = "no domain declared (--domain)"
        else:
            extra[Surface.DOMAIN] = target
    elif config.domain:  # declared, but --only/--skip left every domain check out
        not_scanned[Surface.DOMAIN] = "no domain check selected (--only/--skip)"
    not_scanned.setdefault(Surface.API, "no API base URL declared (--url)")
    not_scanned.setdefault(Surface.AI, "no chatbot endpoint declared ([ai.chat])")
    not_scanned.setdefault(Surface.DOMAIN, "no domain declared (--domain)")
    for surface in (Surface.API, Surface.AI, Surface.DOMAIN):
        if surface in extra:
            not_scanned.pop(surface)
    return Targets(repo=repo, extra=extra, not_scanned=not_scanned)


def _source_for_chat_checks(config: Config) -> RepoSnapshot | None:
    """The repository, read-only, for the ai checks when no repo check runs (``--only ai``): they take the
    prompt fingerprints and the model name from the source. Only a path that was named (the CLI always names
    one, ``.`` by default; a library caller may not) — never the working directory by accident. Not a git
    repository → none, and the checks say what that leaves undetermined."""
    from launchready.errors import TargetError

    try:
        return RepoSnapshot(Path(config.path), exclude=config.excluded_paths)
    except TargetError:
        return None


def _optional_builder(module: str, name: str) -> Any:
    """A surface's target builder, if that surface is installed in this build."""
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def _options(check: Check, config: Config) -> Mapping[str, Any]:
    given = dict(config.checks.get(check.meta.id, {}))
    unknown = sorted(set(given) - set(check.options))
    if unknown:
        near = difflib.get_close_matches(unknown[0], list(check.options), n=1)
        valid = ", ".join(sorted(check.options)) or "none"
        raise ConfigError(
            f"unknown option '{unknown[0]}' for check '{check.meta.id}'",
            hint=f"did you mean '{near[0]}'?" if near else f"valid options: {valid}",
            location=config.source_line(("checks", check.meta.id, unknown[0])),
        )
    return {**check.options, **given}


def _validate_check_references(config: Config, catalog: Catalog) -> None:
    for check_id in config.checks:
        if check_id not in catalog.ids:
            near = difflib.get_close_matches(check_id, catalog.ids, n=1)
            raise ConfigError(
                f"[checks.\"{check_id}\"] names no check",
                hint=f"did you mean '{near[0]}'?" if near else "`launchready checks` lists them",
                location=config.source_line(("checks", check_id)),
            )
    for index, rule in enumerate(config.suppress):
        if rule.check not in catalog.ids:
            near = difflib.get_close_matches(rule.check, catalog.ids, n=1)
            raise ConfigError(
                f"suppression names no check: '{rule.check}'",
                hint=f"did you mean '{near[0]}'?" if near else "`launchready checks` lists them",
                location=config.source_line(("suppress", index, "check")),
            )


def _describe(config: Config, targets: Targets) -> str:
    parts = [str(targets.repo.root if targets.repo is not None else Path(config.path).resolve())]
    if config.url:
        parts.append(f"api {config.url}")
    if config.domain:
        parts.append(f"domain {config.domain}")
    return redact_text(", ".join(parts))  # every report prints it: a password in the URL stays home

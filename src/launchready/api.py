"""The library entry point: ``scan(config) -> Scorecard``. Everything the CLI does goes through here."""

from __future__ import annotations

import datetime as dt
import difflib
import importlib
import time
from collections.abc import Mapping
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from launchready.baseline import load_baseline
from launchready.catalog import Catalog, load_catalog
from launchready.config import Config
from launchready.context import CheckContext, Targets
from launchready.engines.chat_observer import ChatObserver, attach_sightings
from launchready.errors import ConfigError
from launchready.events import EventHandler, ignore
from launchready.model import Check, Result, Scorecard, Surface
from launchready.profiles import load_profile
from launchready.redaction import redact_text
from launchready.runner import run_checks
from launchready.suppressions import apply_suppressions
from launchready.targets.http import ApiTarget
from launchready.targets.repo import RepoSnapshot
from launchready.verdict import decide


def tool_version() -> str:
    try:
        return version("launchready")
    except PackageNotFoundError:
        return "0+unknown"


def scan(config: Config, *, on_event: EventHandler = ignore, catalog: Catalog | None = None) -> Scorecard:
    """Scan what ``config`` declares and decide the verdict. Raises ``LaunchreadyError`` subclasses
    for configuration and target errors (exit code 2 on the CLI); a failing *check* never raises."""
    started_wall = dt.datetime.now(dt.UTC)
    started = time.monotonic()
    catalog = catalog or load_catalog()
    selected = catalog.select(config.only, config.skip)
    _validate_check_references(config, catalog)
    options = {c.meta.id: _options(c, config) for c in selected}
    profile = load_profile(config.profile)
    baseline = load_baseline(Path(config.baseline)) if config.baseline else None
    targets = build_targets(config, {c.meta.surface for c in selected})
    observer = ChatObserver.for_config(config)
    api_target = targets.extra.get(Surface.API)
    if isinstance(api_target, ApiTarget):
        api_target.observers.append(observer.observe)

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
        )
    finally:
        targets.close()
    # What one check's probes drew out of the bot for another check, attached once all have run.
    results = [r if r is seen else post(seen)
               for r, seen in zip(results, attach_sightings(results, observer.sightings()), strict=True)]
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


def build_targets(config: Config, surfaces: set[Surface]) -> Targets:
    """Collect each needed surface's target once; say why each other surface is not scanned."""
    not_scanned: dict[Surface, str] = {}
    repo: RepoSnapshot | None = None
    if surfaces & {Surface.REPO, Surface.OPS}:
        repo = RepoSnapshot(Path(config.path), exclude=config.excluded_paths)
    else:
        not_scanned[Surface.REPO] = "no repo check selected"
        not_scanned[Surface.OPS] = "no ops check selected"
    extra: dict[Surface, Any] = {}
    if config.url:
        extra[Surface.API] = ApiTarget(config)  # refuses a non-allowed host before any packet
        if config.ai.chat is not None:
            from launchready.engines.chat import ChatTarget

            extra[Surface.AI] = ChatTarget(extra[Surface.API], config)  # same client, same budgets
    if Surface.DOMAIN in surfaces:
        domain_target = _optional_builder("launchready.targets.domain", "build_domain_target")
        target = domain_target(config) if domain_target else None
        if target is None:
            not_scanned[Surface.DOMAIN] = "no domain declared (--domain)"
        else:
            extra[Surface.DOMAIN] = target
    not_scanned.setdefault(Surface.API, "no API base URL declared (--url)")
    not_scanned.setdefault(Surface.AI, "no chatbot endpoint declared ([ai.chat])")
    not_scanned.setdefault(Surface.DOMAIN, "no domain declared (--domain)")
    for surface in (Surface.API, Surface.AI, Surface.DOMAIN):
        if surface in extra:
            not_scanned.pop(surface)
    return Targets(repo=repo, extra=extra, not_scanned=not_scanned)


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

"""Run one domain check the way the runner does, without the runner."""

from __future__ import annotations

from launchready.config import Config
from launchready.context import CheckContext, Targets
from launchready.model import Check, Outcome, Surface
from launchready.profiles import load_profile
from launchready.targets.domain import build_domain_target


def run_check(check: Check, config: Config) -> Outcome:
    target = build_domain_target(config)
    assert target is not None
    ctx = CheckContext(
        config=config,
        targets=Targets(extra={Surface.DOMAIN: target}),
        options={**check.options, **config.checks.get(check.meta.id, {})},
        profile=load_profile(config.profile),
    )
    return check.run(ctx)

"""Failing (vulnerable example) and passing (hardened example) fixtures for the tenancy checks."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from launchready.config import Config
from launchready.lab.examples import running_example, scan_credentials
from tests.fixtures import Fixture

# On loopback the scanner is what uvicorn trusts as a proxy (forwarded-allow-ips defaults to
# 127.0.0.1), so X-Forwarded-For would really re-key the hardened app's limiter: run it as it is
# deployed behind a proxy that is not the scanner.
NO_TRUSTED_PROXY = {"FORWARDED_ALLOW_IPS": "192.0.2.1"}


def example_fixture(name: str, check_id: str, extra_env: Mapping[str, str] | None = None) -> Fixture:
    @contextmanager
    def make(tmp: Path) -> Iterator[Config]:
        with running_example(name, tmp / name, extra_env=extra_env) as example, scan_credentials():
            yield example.config(only=(check_id,))

    return make


def pair(check_id: str, extra_env: Mapping[str, str] | None = None) -> tuple[Fixture, Fixture]:
    return example_fixture("vulnerable", check_id), example_fixture("hardened", check_id, extra_env)


FIXTURES: dict[str, tuple[Fixture, Fixture]] = {
    "api.tenant-isolation": pair("api.tenant-isolation"),
    "api.rate-limits": pair("api.rate-limits", NO_TRUSTED_PROXY),
    "api.input-validation": pair("api.input-validation"),
    "api.upload-validation": pair("api.upload-validation"),
}

EdgeConfig = Callable[..., Config]


def edge_config(base_url: str, check_id: str, **api: object) -> Config:
    """A scan config for a purpose-built edge app (tenants from the example credentials)."""
    checks = api.pop("checks", {})
    return Config.model_validate({
        "url": base_url, "only": [check_id], "checks": checks,
        "api": {"tenants": [
            {"name": "tenant-a", "username-env": "LR_TENANT_A_EMAIL", "password-env": "LR_TENANT_A_PASSWORD"},
            {"name": "tenant-b", "username-env": "LR_TENANT_B_EMAIL", "password-env": "LR_TENANT_B_PASSWORD"}],
            **api},
    })

"""Made-up credentials in tests, docs, examples and template files: what the secrets checks list and what
they only count.

On real repositories (bench/precision), every *warning* the secrets rules raised in such files was a
made-up value: a generic high-entropy assignment, a database URL with a password for a local host, an
HS256 token a test decodes. They are counted in the summary, not listed, so the findings that matter are
not buried; a generic *fail* there is kept as a warning (no provider format vouches for it). Provider-format
findings (an ``sk-proj-`` key, a Stripe live key, a service_role JWT) are listed wherever they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from launchready.model import Evidence, Status

FIXTURE_PARTS = frozenset({"test", "tests", "__tests__", "spec", "specs", "fixtures", "testdata", "docs", "doc",
                           "examples", "example", "samples", "mocks", "__mocks__", "e2e", "cypress", "playwright"})
# `.env.example`, `example.env`, `config.sample.yaml`, `settings.template.json`: committed to be copied.
_TEMPLATE_NAME = re.compile(r"(?:^|[._-])(?:example|sample|template|dist)(?:[._-]|$)", re.IGNORECASE)
# A test file beside the code it tests, by the test runners' own naming: `url.util.test.ts`, `index.spec.jsx`,
# `test_auth.py`, `auth_test.py`, `handler_test.go`, `conftest.py`.
_TEST_NAME = re.compile(r"\.(?:test|spec)\.[cm]?[jt]sx?$|^test_[^/]*\.py$|_test\.(?:py|go)$|^conftest\.py$")


# The llms.txt convention (llmstxt.org): `llms.txt`, `llms-full.txt` are the project's documentation flattened for a
# language model to read — its examples included.
_DOCS_NAME = re.compile(r"^llms(?:-[a-z]+)?\.txt$", re.IGNORECASE)


def is_fixture_path(path: str) -> bool:
    """A test, docs or example directory, or a test, template or documentation file by its name."""
    parts = re.sub(r":\d+$", "", path).split("/")
    return bool(set(parts[:-1]) & FIXTURE_PARTS) or bool(_TEMPLATE_NAME.search(parts[-1])) or bool(
        _TEST_NAME.search(parts[-1])) or bool(_DOCS_NAME.match(parts[-1]))


# Installed third-party packages committed with the product (a virtualenv, node_modules): their READMEs' and tests'
# sample tokens (PyJWT's METADATA example JWT) are not the product's. Provider-format findings there stay listed.
THIRD_PARTY_PARTS = frozenset({"node_modules", "site-packages", "dist-packages", "bower_components", "venv", ".venv",
                               "virtualenv", "vendor"})
# A package's own documentation and tests: what it prints as sample output (selfsigned's README shows the PEM keys
# it generates) and what its tests sign with.
_PACKAGE_DOC = re.compile(r"^(?:readme|changelog|history|usage|example)s?(?:\.[a-z]{1,8})?$|"
                          r"\.(?:md|markdown|rst|txt|html?)$", re.IGNORECASE)
# Findings a package's sample can take the shape of without any provider vouching for it: a PEM private key, a
# generic assignment, a bare JWT, a database URL.
_SAMPLE_SHAPES = ("private-key", "generic-", "jwt:", "database-url:")


# A key file named for the local host: mkcert's `localhost-key.pem`, `localhost+2-key.pem`, `127.0.0.1-key.pem`.
_LOCALHOST_CERT = re.compile(r"(?i)^(?:localhost|127\.0\.0\.1)(?:\+\d+)?(?:-key)?\.(?:pem|key)$")
# A fixture file named for what it stands in for: `mock-cert.pem`, `fake_key.pem`, `dummy.key`, `test-private.pem`.
_MOCK_NAME = re.compile(r"(?i)(?:^|[-_.])(?:mock|fake|dummy|test|example|sample)(?:[-_.]|$)")


def is_third_party_path(path: str) -> bool:
    """Inside an installed package tree (``venv/lib/python3.12/site-packages/…``, ``node_modules/…``)."""
    return bool(set(re.sub(r":\d+$", "", path).split("/")[:-1]) & THIRD_PARTY_PARTS)


def package_sample(path: str) -> str:
    """The third-party package directory (``node_modules/selfsigned``) when ``path`` is that package's documentation
    or test file, else ""."""
    parts = re.sub(r":\d+$", "", path).split("/")
    at = max((i for i, p in enumerate(parts[:-1]) if p in THIRD_PARTY_PARTS), default=-1)
    if at < 0:
        return ""
    inside = parts[at + 1:]
    if not (_PACKAGE_DOC.search(inside[-1]) or set(inside[:-1]) & FIXTURE_PARTS or _TEST_NAME.search(inside[-1])
            or _metadata_file(inside)):
        return ""
    name = inside[:2] if inside and inside[0].startswith("@") else inside[:1]
    return "/".join(parts[:at + 1][-1:] + name)


# An installed Python package's metadata: ``pyseto-1.7.0.dist-info/METADATA`` and ``*.egg-info/PKG-INFO`` hold the
# package's README as its long description — its documentation, code samples included.
_METADATA_DIR = re.compile(r"\.(?:dist|egg)-info$", re.IGNORECASE)


def _metadata_file(inside: list[str]) -> bool:
    return len(inside) == 2 and bool(_METADATA_DIR.search(inside[0])) and inside[1] in ("METADATA", "PKG-INFO")


# Where installed packages live, each in a directory of its own (a virtualenv's own files — ``venv/bin/activate``,
# where a developer may export their key — are not a package's).
_PACKAGE_ROOTS = frozenset({"node_modules", "site-packages", "dist-packages", "bower_components", "vendor"})


def installed_package(path: str) -> str:
    """The third-party package (``site-packages/openai``, ``node_modules/@acme/pay``) whose files ``path`` is in, or
    "". A single-module package (``site-packages/six.py``) is its own package."""
    parts = re.sub(r":\d+$", "", path).split("/")
    at = max((i for i, p in enumerate(parts[:-1]) if p in _PACKAGE_ROOTS), default=-1)
    if at < 0 or (parts[at] == "vendor" and len(parts) - at < 3):
        return ""  # `vendor/config.py` may be the project's own; `vendor/<package>/…` is a vendored package
    inside = parts[at + 1:]
    name = inside[:2] if len(inside) > 2 and inside[0].startswith("@") else inside[:1]
    return "/".join([parts[at], *name])


def _lookalike_warning(e: Evidence) -> bool:
    """A warning no provider format vouches for: generic, a local-host database URL, a bare JWT."""
    if e.status is not Status.WARN:
        return False
    return e.fingerprint.startswith(("generic-", "jwt:")) or (
        e.fingerprint.startswith("database-url:") and "for a local host" in e.message)


def fold_fixture_lookalikes(evidence: list[Evidence], counts: dict[str, int],
                            path_of: Callable[[Evidence], str]) -> list[Evidence]:
    """Generic fails in fixture paths become warnings; look-alike warnings there are counted
    (``counts["fixture_lookalikes"]``), not listed."""
    out = []
    for e in evidence:
        if e.status is Status.FAIL and e.fingerprint.startswith("private-key") and _LOCALHOST_CERT.search(
                re.sub(r":\d+$", "", path_of(e)).rsplit("/", 1)[-1]):
            counts["fail"] -= 1  # letta's `certs/localhost-key.pem`: mkcert's key for `--localhttps` development
            counts["warn"] += 1
            out.append(Evidence(Status.WARN, e.message + " — the key of a certificate named for localhost (a local "
                                "development certificate, mkcert's shape): confirm no deployment serves it",
                                e.location, e.detail, e.fingerprint))
            continue
        package = package_sample(path_of(e)) if e.status in (Status.FAIL, Status.WARN) else ""
        # a sample shape, or a key that only warns (a Stripe test-mode key in stripe-php's README)
        if package and (e.fingerprint.startswith(_SAMPLE_SHAPES) or e.status is Status.WARN):
            counts[e.status.value] -= 1
            counts["package_samples"] = counts.get("package_samples", 0) + 1
            continue
        if package and e.status is Status.FAIL:
            counts["fail"] -= 1
            counts["warn"] += 1
            out.append(Evidence(Status.WARN, f"{e.message} — in the documentation or tests of the third-party package "
                                f"{package} committed with the project: the package's sample, or a key its author "
                                "leaked; confirm it is not this project's", e.location, e.detail, e.fingerprint))
            continue
        vendored = installed_package(path_of(e)) if e.status is Status.FAIL else ""
        if vendored:
            # a key in a package's own code (open-interpreter's committed venv): not sure to be this project's —
            # the package's value, or one its author or a developer left there; said, never dropped
            counts["fail"] -= 1
            counts["warn"] += 1
            out.append(Evidence(Status.WARN, f"{e.message} — in the files of the third-party package {vendored} "
                                "committed with the project (installed or vendored code): confirm whether it is this "
                                "project's key, and rotate it if so", e.location, e.detail, e.fingerprint))
            continue
        vendored = installed_package(path_of(e)) if e.status is Status.WARN and not _lookalike_warning(e) else ""
        if vendored:
            # speech_recognition's default Google key in a committed venv: a provider format that only warns (a
            # browser or library key) inside an installed package's own code is that package's value, shipped to
            # everyone who installs it — listed as information, not as the project's key
            counts["warn"] -= 1
            counts["info"] = counts.get("info", 0) + 1
            out.append(Evidence(Status.PASS, f"info: {e.message} — in the code of the third-party package {vendored} "
                                "committed with the project (installed code): the package's own published value, "
                                "not this project's key", e.location, e.detail, e.fingerprint))
            continue
        if is_third_party_path(path_of(e)) and _lookalike_warning(e):
            counts["warn"] -= 1
            counts["third_party_lookalikes"] = counts.get("third_party_lookalikes", 0) + 1
            continue
        if not is_fixture_path(path_of(e)):
            out.append(e)
            continue
        if _lookalike_warning(e):
            counts["warn"] -= 1
            counts["fixture_lookalikes"] = counts.get("fixture_lookalikes", 0) + 1
            continue
        if e.status is Status.FAIL and e.fingerprint.startswith("private-key") and _MOCK_NAME.search(
                re.sub(r":\d+$", "", path_of(e)).rsplit("/", 1)[-1]):
            counts["fail"] -= 1  # sweep's `self_deploy/test/fixtures/mock-cert.pem`: create-probot-app's mock key
            counts["warn"] += 1
            out.append(Evidence(Status.WARN, e.message + " — a test fixture named as a mock: confirm it is not a "
                                "live key", e.location, e.detail, e.fingerprint))
            continue
        if e.status is Status.FAIL and e.fingerprint.startswith("generic-secret-assignment:"):
            counts["fail"] -= 1
            counts["warn"] += 1
            out.append(Evidence(Status.WARN, e.message + " — in test/docs/example code: confirm it is not a live value",
                                e.location, e.detail, e.fingerprint))
            continue
        out.append(e)
    return out


def lookalike_note(counts: dict[str, int]) -> str:
    n, m = counts.get("fixture_lookalikes", 0), counts.get("third_party_lookalikes", 0)
    k = counts.get("package_samples", 0)
    packages = (f"; {k} sample key(s) in third-party packages' documentation or tests (node_modules/, "
                "site-packages/, vendor/) not listed: the packages' samples, not the project's") if k else ""
    return packages + (f"; {n} look-alike(s) in test/docs/example/template files not listed (no provider format)"
                       if n else "") + (f"; {m} look-alike(s) in third-party package trees (venv/, site-packages/, "
                             "node_modules/) not listed (no provider format)" if m else "")

"""Pins for repo.cors-config's Python setups: Starlette's `Middleware(CORSMiddleware, …)` list entry,
Flask-CORS per-resource origins, and a django-cors-headers origin regex that admits a hostile origin."""

from __future__ import annotations

from pathlib import Path

from launchready.checks.repo.cors_config import CHECK
from launchready.model import Result, Status
from tests.checks.repo.helpers import SIGNED_IN
from tests.checks.repo.static_helpers import run_static


def _items(result: Result) -> list[tuple[Status, str, str, str]]:
    return [(e.status, e.message, e.location, e.detail) for e in result.evidence]


def test_a_starlette_middleware_entry_with_every_origin_warns(tmp_path: Path) -> None:
    line = "middleware = [Middleware(CORSMiddleware, allow_origins=['*'])]"
    source = ("from starlette.middleware import Middleware\nfrom starlette.middleware.cors import CORSMiddleware\n"
              f"{line}\n")
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert _items(result) == [(Status.WARN, "Starlette CORSMiddleware: allow_origins=['*'] (no credentials) — list "
                                            "your own origins", "main.py:3", line)]


def test_flask_cors_origins_given_per_resource_are_read(tmp_path: Path) -> None:
    source = ("from flask_cors import CORS\n"
              "CORS(app, resources={r'/api/*': {'origins': 'https://app.example.com'}})\n")
    result = run_static(tmp_path, CHECK, {"app.py": source})
    assert (result.status, result.evidence) == (Status.PASS, ())
    assert result.summary == "1 CORS setup(s), each limited to listed origins"


def test_a_django_origin_regex_that_admits_a_hostile_origin_fails_with_credentials(tmp_path: Path) -> None:
    line = r"CORS_ALLOWED_ORIGIN_REGEXES = [r'^https://\w+\.example\.com']"
    result = run_static(tmp_path, CHECK, {"settings.py": f"{line}\nCORS_ALLOW_CREDENTIALS = True\n", **SIGNED_IN})
    assert _items(result) == [(
        Status.FAIL, r"django-cors-headers: CORS_ALLOWED_ORIGIN_REGEXES pattern '^https://\\w+\\.example\\.com' "
        "admits https://app.example.com.evil.example with credentials allowed — any site can read your API as the "
        "signed-in user", "settings.py:1", line)]


def test_flask_cors_origins_dot_star_is_every_origin_not_a_pattern_to_probe(tmp_path: Path) -> None:
    line = "CORS(app, origins='.*')"
    result = run_static(tmp_path, CHECK, {"app.py": f"from flask_cors import CORS\n{line}\n"})
    assert _items(result) == [
        (Status.WARN, "Flask-CORS: origins='.*' (no credentials) — list your own origins", "app.py:2", line)]


def test_origins_read_from_a_setting_are_judged_by_the_settings_file_and_never_passed_unread(tmp_path: Path) -> None:
    """`allow_origins=settings.server.cors.allow_origins` is `["*"]` in the product's `settings.yaml`: every origin,
    as the settings file ships it. With no settings file giving a value, the origins are undetermined — a warning
    naming the setting, never "limited to listed origins". A settings file listing one origin passes."""
    source = ("from fastapi.middleware.cors import CORSMiddleware\n\n"
              "app.add_middleware(CORSMiddleware, allow_origins=settings.server.cors.allow_origins)\n")
    yaml = "server:\n  cors:\n    enabled: true\n    allow_origins: [\"*\"]\n"
    star = run_static(tmp_path / "star", CHECK, {"app.py": source, "settings.yaml": yaml})
    assert [(e.status, e.location, e.message) for e in star.evidence] == [
        (Status.WARN, "app.py:3", "Starlette CORSMiddleware: allow_origins=['*'] (settings.server.cors.allow_origins "
                                  "= [\"*\"] at settings.yaml:4) (no credentials) — list your own origins")]
    unread = run_static(tmp_path / "unread", CHECK, {"app.py": source})
    assert [(e.status, e.location, e.message) for e in unread.evidence] == [
        (Status.WARN, "app.py:3", "Starlette CORSMiddleware: the allowed origins come from "
                                  "settings.server.cors.allow_origins, whose value was not found in the repository — "
                                  "undetermined: confirm the deployed setting lists your own origins, not `*`")]
    listed = run_static(tmp_path / "listed", CHECK, {
        "app.py": source, "settings.yaml": yaml.replace('["*"]', '["https://app.example.com"]')})
    assert (listed.status, listed.evidence) == (Status.PASS, ())

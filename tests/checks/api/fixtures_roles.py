"""The ``apps_roles`` lab (two customers, one employee) on loopback and a scan config that declares its roles."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from launchready.config import Config
from launchready.lab.examples import checkout_root
from launchready.lab.server import serve_app

PASSWORD = "lr-roles-lab-password"
CREDENTIALS = {
    "LR_ROLES_ALICE": "alice@acme.test", "LR_ROLES_BOB": "bob@globex.test", "LR_ROLES_ERIN": "erin@staff.test",
    "LR_ROLES_PASSWORD": PASSWORD,
}


@contextmanager
def roles_lab(mode: str) -> Iterator[str]:
    """The lab in ``vulnerable`` or ``fixed`` mode, with the identities' credentials in the environment."""
    saved = {k: os.environ.get(k) for k in CREDENTIALS}
    os.environ.update(CREDENTIALS)
    try:
        env = {"ROLES_MODE": mode, "ROLES_PASSWORD": PASSWORD}
        with serve_app("tests.checks.api.apps_roles:app", env=env, cwd=checkout_root(), health_path="/ready") as url:
            yield url
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def roles_config(base_url: str, check_id: str, *, allow_destructive: bool = True, employee: bool = True,
                 **options: Any) -> Config:
    tenants = [
        {"name": "alice", "username-env": "LR_ROLES_ALICE", "password-env": "LR_ROLES_PASSWORD", "role": "customer"},
        {"name": "bob", "username-env": "LR_ROLES_BOB", "password-env": "LR_ROLES_PASSWORD", "role": "customer"},
    ]
    if employee:
        tenants.append({"name": "erin", "username-env": "LR_ROLES_ERIN", "password-env": "LR_ROLES_PASSWORD",
                        "role": "employee"})
    return Config.model_validate({
        "url": base_url,
        "only": [check_id],
        "allow-destructive": allow_destructive,
        "api": {
            "public": ["GET /ready", "GET /menu", "GET /menu/{item_id}", "GET /users", "POST /auth/login",
                       "GET /openapi.json", "GET /docs", "GET /redoc"],
            "admin": ["DELETE /users/{username}"],
            "roles": {"employee": ["PUT /menu", "DELETE /menu/{item_id}"]},
            "tenants": tenants,
        },
        "checks": {check_id: {**options, "tenant": "alice"}} if check_id == "api.input-validation" else
        ({check_id: options} if options else {}),
    })

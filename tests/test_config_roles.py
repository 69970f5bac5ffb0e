"""Identities carry a role (an ordinary account by default) and routes can be declared per role."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from launchready.config import Config


def test_an_identity_without_a_role_is_an_ordinary_user_and_any_number_of_roles_are_accepted() -> None:
    config = Config.model_validate({"api": {
        "tenants": [{"name": "a", "token-env": "LR_A"}, {"name": "b", "token-env": "LR_B", "role": "customer"},
                    {"name": "staff", "token-env": "LR_S", "role": "employee"},
                    {"name": "boss", "token-env": "LR_C", "role": "chef"}],
        "roles": {"employee": ["PUT /menu", "DELETE /menu/{item_id}"], "chef": ["GET /admin/stats/disk"]}}})
    assert [t.role for t in config.api.tenants] == ["user", "customer", "employee", "chef"]
    assert config.api.roles["employee"] == ("PUT /menu", "DELETE /menu/{item_id}")


@pytest.mark.parametrize("role", ["", "admin; drop", "1st"])
def test_a_role_that_is_not_a_word_is_refused(role: str) -> None:
    with pytest.raises(ValidationError):
        Config.model_validate({"api": {"tenants": [{"name": "a", "token-env": "LR_A", "role": role}]}})

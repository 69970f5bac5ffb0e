"""Role ranks (which identity is lower than which route) and the database error texts taken as injection evidence."""

from __future__ import annotations

import pytest

from launchready.engines.roles import is_lower, is_privileged
from launchready.engines.sql_errors import sql_error


@pytest.mark.parametrize(("role", "route"), [("customer", "employee"), ("user", "admin"), ("employee", "admin"),
                                              ("chef", "admin"), ("Customer", "Chef"), ("public", "user")])
def test_lower_roles(role: str, route: str) -> None:
    assert is_lower(role, route)


@pytest.mark.parametrize(("role", "route"), [("employee", "chef"), ("chef", "employee"), ("admin", "admin"),
                                              ("employee", "customer"), ("customer", "user")])
def test_roles_of_the_same_rank_or_higher_are_never_lower(role: str, route: str) -> None:
    assert not is_lower(role, route)


def test_ordinary_roles_are_not_privileged_and_named_staff_roles_are() -> None:
    assert not any(is_privileged(r) for r in ("user", "customer", "member", "public", ""))
    assert all(is_privileged(r) for r in ("employee", "chef", "moderator", "admin", "superuser"))


@pytest.mark.parametrize(("text", "database", "start"), [
    ('{"error": "sqlite3.OperationalError: unrecognized token: \\"\'\\""}', "SQLite", "sqlite3.OperationalError"),
    ('psycopg2.errors.SyntaxError: syntax error at or near "\'"', "PostgreSQL", "psycopg2.errors.SyntaxError"),
    ("You have an error in your SQL syntax; check the manual that corresponds to your MySQL server", "MySQL",
     "You have an error in your SQL syntax"),
    ("ORA-01756: quoted string not properly terminated", "Oracle", "ORA-01756"),
    ("Unclosed quotation mark after the character string ''.", "SQL Server", "Unclosed quotation mark"),
])
def test_driver_error_texts_are_recognised_with_where_they_start(text: str, database: str, start: str) -> None:
    found = sql_error(text)
    assert found is not None and found[0] == database and found[1].startswith(start)


@pytest.mark.parametrize("text", ['{"detail": "invalid input", "fields": ["query.limit"]}',
                                  "A syntax error in your request: the field 'name' is required.",
                                  '{"results": [], "query": "select a dish"}'])
def test_ordinary_error_answers_are_not_sql_errors(text: str) -> None:
    assert sql_error(text) is None

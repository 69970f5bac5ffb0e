"""The two engines api.input-validation leans on for a verdict, pinned at their edges: the ReDoS curve
(both sides of each factor it multiplies by, the values and lengths it sends, the fields it picks) and the
SQL driver-error table (every alternative, the first table entry wins, the excerpt's width)."""

from __future__ import annotations

import pytest

from launchready.engines.redos import ENOUGH_MS, LENGTHS, Curve, candidate_field, control, pathological
from launchready.engines.sql_errors import sql_error

# -- ReDoS -----------------------------------------------------------------------------------------


def test_the_ramp_lengths_and_values() -> None:
    assert LENGTHS == (14, 18, 22, 26, 30) and ENOUGH_MS == 150.0
    assert pathological(3) == "aaa!" and control(3) == "!aaa"


@pytest.mark.parametrize(("curve", "expected"), [
    # the longest at exactly 100 ms is slow enough, 99.9 is not
    (Curve({14: 5, 18: 33.4}, control_ms=5, repeat_ms=None), False),
    (Curve({14: 5, 18: 100}, control_ms=5), True),
    (Curve({14: 5, 18: 99.9}, control_ms=5), False),
    # the repeat must be slow too (≥ 100), when there is one
    (Curve({14: 5, 18: 200}, control_ms=5, repeat_ms=100), True),
    (Curve({14: 5, 18: 200}, control_ms=5, repeat_ms=99.9), False),
    # the last step must at least triple: 3× is enough, 2.99× is not
    (Curve({14: 50, 18: 150}, control_ms=5), True),
    (Curve({14: 50, 18: 149.5}, control_ms=5), False),
    # only the last step counts, not the first one
    (Curve({14: 1, 18: 100, 22: 300}, control_ms=5), True),
    (Curve({14: 100, 18: 110, 22: 300}, control_ms=5), False),
    # the control must be at least 8× faster than the longest: 8× is enough, 7.9× is not
    (Curve({14: 5, 18: 160}, control_ms=20), True),
    (Curve({14: 5, 18: 160}, control_ms=20.3), False),
    # times under 1 ms count as 1 ms (a sub-millisecond control or step cannot make any ratio)
    (Curve({14: 0.01, 18: 100}, control_ms=0.001), True),
    (Curve({14: 0.5, 18: 2.9}, control_ms=0.1), False),
    # one length is no curve
    (Curve({18: 1000}, control_ms=1), False),
])
def test_a_curve_is_exponential_only_past_every_factor(curve: Curve, expected: bool) -> None:
    assert curve.exponential() is expected


def test_the_curve_is_described_with_the_lengths_sent() -> None:
    assert Curve({14: 4.2, 18: 60}, control_ms=5.4, repeat_ms=59.6).describe() == (
        "15 chars 4 ms, 19 chars 60 ms (again: 60 ms); the same length with the bad character first: 5 ms")
    assert Curve({18: 60, 14: 4}, control_ms=5).describe() == (
        "15 chars 4 ms, 19 chars 60 ms; the same length with the bad character first: 5 ms")


@pytest.mark.parametrize("name", ["email", "e-mail", "EMail", "contact_url", "uri", "link", "website", "homepage",
                                  "phone", "domain", "host"])
def test_fields_named_like_a_hand_checked_format_are_candidates(name: str) -> None:
    assert candidate_field(name)


@pytest.mark.parametrize("fmt", ["email", "idn-email", "uri", "url", "hostname", "idn-hostname", "iri"])
def test_fields_with_a_hand_checked_format_are_candidates(fmt: str) -> None:
    assert candidate_field("value", fmt)


@pytest.mark.parametrize(("name", "fmt"), [("username", ""), ("slug", ""), ("title", "date-time"), ("name", "uuid")])
def test_other_fields_are_not(name: str, fmt: str) -> None:
    assert not candidate_field(name, fmt)


# -- SQL driver errors -----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "database"), [
    ("sqlite3.OperationalError: x", "SQLite"), ("SQLITE_ERROR: x", "SQLite"), ("unrecognized token: \"'\"", "SQLite"),
    ('near "lr": syntax error', "SQLite"), ("no such table: users", "SQLite"), ("no such column: x", "SQLite"),
    ("incomplete input", "SQLite"), ("SQL logic error", "SQLite"),
    ("psycopg2.errors.SyntaxError", "PostgreSQL"), ("psycopg.DataError", "PostgreSQL"),
    ("syntax error at or near \"'\"", "PostgreSQL"), ("unterminated quoted string at or near \"'\"", "PostgreSQL"),
    ("invalid input syntax for type integer", "PostgreSQL"), ("invalid input syntax for integer", "PostgreSQL"),
    ("PG::SyntaxError", "PostgreSQL"), ("pg8000.exceptions", "PostgreSQL"), ("asyncpg.PostgresError", "PostgreSQL"),
    ("You have an error in your SQL syntax", "MySQL"), ("MySQLSyntaxErrorException", "MySQL"),
    ("mysqli_query()", "MySQL"), ("mysql_fetch_array()", "MySQL"), ("pymysql.err.ProgrammingError", "MySQL"),
    ("MySQLdb.OperationalError", "MySQL"), ("Unknown column 'x' in 'where clause'", "MySQL"),
    ("ORA-00933: SQL command not properly ended", "Oracle"), ("quoted string not properly terminated", "Oracle"),
    ("Unclosed quotation mark after the character string", "SQL Server"), ("Incorrect syntax near 'x'", "SQL Server"),
    ("System.Data.SqlClient.SqlException", "SQL Server"), ("[ODBC SQL Server Driver]", "SQL Server"),
    ("sqlalchemy.exc.DataError", "SQLAlchemy"), ("(Background on this error at: https://sqlalche.me/e/20/f405)",
                                                 "SQLAlchemy"),
    ("SQLSTATE[42000]", "generic SQL"), ("SequelizeDatabaseError", "generic SQL"),
    ("PrismaClientKnownRequestError", "generic SQL"), ("OperationalError", "generic SQL"),
    ("ProgrammingError", "generic SQL"),
])
def test_each_driver_error_is_named_by_its_database(text: str, database: str) -> None:
    found = sql_error(f"error: {text} (request 12)")
    assert found is not None and found[0] == database, found


def test_the_first_database_of_the_table_wins_and_the_excerpt_starts_at_the_match() -> None:
    # both a SQLite and a generic driver text: SQLite is earlier in the table
    assert sql_error("OperationalError then sqlite3.OperationalError: x") == (
        "SQLite", "sqlite3.OperationalError: x")
    assert sql_error("ORA-12345 is an Oracle code") == ("Oracle", "ORA-12345 is an Oracle code")
    assert sql_error("ora-12345") is None  # Oracle codes are upper case


def test_the_excerpt_is_a_hundred_characters_from_the_match_with_whitespace_collapsed() -> None:
    text = "x" * 50 + "no such table: t" + "\n\n  " + "y" * 200
    database, excerpt = sql_error(text)  # type: ignore[misc]
    assert database == "SQLite"
    assert excerpt == " ".join(text[50:150].split())
    assert sql_error(text, width=20) == ("SQLite", "no such table: t")  # 16 characters and 4 of whitespace
    assert sql_error(text, width=21) == ("SQLite", "no such table: t y")


def test_ordinary_words_are_not_driver_errors() -> None:
    assert sql_error("syntax error in your request: missing field 'title'") is None

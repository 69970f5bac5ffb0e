"""SQL error text in an answer: the database driver's own words, which mean the input reached a query.

Each pattern is the message a driver or database prints when a query fails to parse or run: a
quote sent in a parameter that makes one of these appear is evidence of SQL injection, whatever the
status code (some APIs answer 200 with the error in a field). Written as a table, not taken from a
library: the scanners that hold such lists (sqlmap's ``errors.xml``) are GPL tools, not importable
libraries, and the checks need only the first match and where it is.
"""

from __future__ import annotations

import re

DRIVER_ERRORS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("SQLite", re.compile(r"sqlite3\.\w*Error|SQLITE_ERROR|unrecognized token: |near \"[^\"]*\": syntax error|"
                          r"no such (?:table|column): |incomplete input|SQL logic error", re.IGNORECASE)),
    ("PostgreSQL", re.compile(r"psycopg2?\.(?:errors\.)?\w+|syntax error at or near|unterminated quoted string at or "
                              r"near|invalid input syntax for (?:type )?\w+|PG::\w+Error|pg8000\.\w+|asyncpg\.\w+Error",
                              re.IGNORECASE)),
    ("MySQL", re.compile(r"You have an error in your SQL syntax|MySQLSyntaxErrorException|mysqli?_\w+\(\)|"
                         r"pymysql\.err\.\w+|MySQLdb\.\w+Error|Unknown column '[^']*' in '", re.IGNORECASE)),
    ("Oracle", re.compile(r"\bORA-\d{5}\b|quoted string not properly terminated")),
    ("SQL Server", re.compile(r"Unclosed quotation mark after the character string|Incorrect syntax near|"
                              r"System\.Data\.SqlClient\.SqlException|\bODBC SQL Server Driver\b", re.IGNORECASE)),
    ("SQLAlchemy", re.compile(r"sqlalchemy\.exc\.\w+Error|\(Background on this error at: https?://sqlalche\.me",
                              re.IGNORECASE)),
    ("generic SQL", re.compile(r"\bSQLSTATE\[\w+\]|SequelizeDatabaseError|PrismaClient\w*Error|"
                               r"\bOperationalError\b|\bProgrammingError\b", re.IGNORECASE)),
)


def sql_error(text: str, width: int = 100) -> tuple[str, str] | None:
    """``(database, the error text around the match)`` for the first driver error found, else None."""
    for database, pattern in DRIVER_ERRORS:
        m = pattern.search(text)
        if m:
            snippet = " ".join(text[m.start():m.start() + width].split())
            return database, snippet
    return None

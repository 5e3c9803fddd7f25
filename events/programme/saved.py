"""What every save of the programme returns, and the database errors a save may translate."""

from __future__ import annotations

import sqlite3
from typing import NamedTuple

import asyncpg

INTEGRITY_ERRORS = (sqlite3.IntegrityError, asyncpg.exceptions.IntegrityConstraintViolationError)


class Saved(NamedTuple):
    """The outcome of a save: the row's id, or None and the error messages by field name."""

    id: int | None
    errors: dict[str, str]

    @property
    def ok(self) -> bool:
        return not self.errors


def integrity_error_mentions(exc: Exception, *words: str) -> bool:
    message = str(exc).lower()
    return any(word in message for word in words)

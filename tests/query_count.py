"""Count the SQL queries a request makes (to show a list takes a fixed number, not one per row)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from piccolo.query.base import Query


@contextmanager
def counting_queries(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Within the block, the names of the Piccolo queries that ran, in order."""
    counted: list[str] = []
    original = Query.run

    async def counting(self: Query, *args: Any, **kwargs: Any) -> Any:  # type: ignore[type-arg]
        counted.append(type(self).__name__)
        return await original(self, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(Query, "run", counting)
        yield counted

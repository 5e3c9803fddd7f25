"""msgspec Structs of the public pledges API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import msgspec


class PledgeOut(msgspec.Struct):
    """An approved public pledge. `name` and `organisation` are null unless the author agreed."""

    id: int
    title: str
    text: str
    target_date: date | None
    created_at: datetime
    themes: list[str]
    practice_examples: list[str]
    name: str | None
    organisation: str | None


def pledge_out(row: dict[str, Any]) -> PledgeOut:
    return PledgeOut(
        id=row["id"],
        title=row["title"],
        text=row["text"],
        target_date=row["target_date"],
        created_at=row["created_at"],
        themes=row["themes"],
        practice_examples=row["practices"],
        name=row["name"],
        organisation=row["organisation"],
    )

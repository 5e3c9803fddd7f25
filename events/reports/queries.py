"""The report of the day as plain data: approved public pairs and pledges, and the figures.

The same dict feeds the page, the JSON download and the CSV download, so they always agree.
"""

from __future__ import annotations

from typing import Any

from events.followup import outcomes as followup_outcomes
from events.pairs import queries as pair_queries
from events.pledges import queries as pledge_queries


async def report(event: dict[str, Any]) -> dict[str, Any]:
    """Everything the report of one event shows."""
    figures = await pledge_queries.figures(event["id"])
    pairs = await pair_queries.public_pairs(event["id"])
    pledges = await pledge_queries.public_pledges(event["id"])
    return {
        "event": {
            "id": event["id"],
            "name": event["name"],
            "slug": event["slug"],
            "date": event["date"],
            "timezone": event["timezone"],
        },
        "pairs": sorted(pairs, key=lambda pair: (pair["created_at"], pair["id"])),
        "pledges": sorted(pledges, key=lambda pledge: (pledge["created_at"], pledge["id"])),
        "progress": await followup_outcomes.public_updates(event["id"]),
        "figures": {
            **figures,
            "pairs": await pair_queries.count_public_pairs(event["id"]),
        },
    }


def export_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per pledge and one per person's recommendation in a pair, for the CSV."""
    rows: list[dict[str, Any]] = []
    for pair in data["pairs"]:
        for person in pair["people"]:
            rows.append(
                {
                    "kind": "pair",
                    "id": pair["id"],
                    "title": pair["title"],
                    "name": person.get("name") or "",
                    "organisation": person.get("organisation") or "",
                    "text": person.get("recommendation") or "",
                    "practice": person.get("practice_title") or "",
                    "why": person.get("why") or "",
                    "themes": "",
                    "created_at": pair["created_at"].isoformat(),
                }
            )
    for pledge in data["pledges"]:
        rows.append(
            {
                "kind": "pledge",
                "id": pledge["id"],
                "title": pledge["title"],
                "name": pledge["name"] or "",
                "organisation": pledge["organisation"] or "",
                "text": pledge["text"],
                "practice": "; ".join(pledge["practices"]),
                "why": "",
                "themes": "; ".join(pledge["themes"]),
                "created_at": pledge["created_at"].isoformat(),
            }
        )
    return rows

"""Read models of conversation pairs for other domains (placeholder until pairs are built).

The pledges/reports helper created these bodies with empty results; the pairs domain replaces
them. Contract:
- public_pairs(event_id): confirmed public pairs, newest first, each {id, title, created_at,
  people: [{name|None, organisation|None, recommendation, practice_title|None, why}] x2}.
- count_public_pairs(event_id): how many there are.
- day_section(participant_id): the context `pairs_day` of templates/pairs/_day_section.html.
"""

from __future__ import annotations

from typing import Any


async def public_pairs(event_id: int) -> list[dict[str, Any]]:
    """Confirmed public pairs of an event, newest first."""
    return []


async def count_public_pairs(event_id: int) -> int:
    """The number of confirmed public pairs of an event."""
    return 0


async def day_section(participant_id: int) -> dict[str, Any]:
    """What the pairs part of the participant's day page shows."""
    return {}

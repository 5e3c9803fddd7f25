"""Suggested organisations and duplicates: accept, reject, and merge several into one.

A name a registrant types that is new becomes a *suggested* organisation of that event (see
events.registration.services); organisers accept or reject it here, or merge it into an
existing one (events.organise.merging does the moving; the organisation kept is accepted).
"""

from __future__ import annotations

from typing import Any

from events.db import write_transaction
from events.organise import merging
from events.programme.tables import Event, Organisation
from events.web.auth import Organiser
from events.web.i18n import gettext as _

Row = dict[str, Any]

LABELS = merging.Labels(
    table_labels={
        "participant": lambda: _("Participants"),
        "person": lambda: _("People"),
        "practice_example": lambda: _("Practice examples"),
    },
    cannot_itself=lambda: _("An organisation cannot be merged into itself."),
    keep_missing=lambda: _("The organisation to keep does not exist (any more)."),
    other_missing=lambda: _("One of the organisations to merge does not exist (any more)."),
)
normalised = merging.normalised
parse_ids = merging.parse_ids
MergePlan = merging.MergePlan


async def all_organisations() -> list[Row]:
    """Every organisation with its status, the event that suggested it, and its use count."""
    rows = await Organisation.select(
        Organisation.id,
        Organisation.name,
        Organisation.place,
        Organisation.website,
        Organisation.status,
        Organisation.suggested_at_event,
        Organisation.suggested_at_event.name.as_alias("event_name"),
    ).order_by(Organisation.name)
    used = await merging.usage(Organisation, [row["id"] for row in rows])
    for row in rows:
        row["used"] = used[row["id"]]
    return rows


async def suggested(event_id: int | None = None) -> list[Row]:
    """Suggested organisations (of one event, or of all), for the organiser to decide on."""
    rows = [row for row in await all_organisations() if row["status"] == "suggested"]
    if event_id is not None:
        rows = [row for row in rows if row["suggested_at_event"] == event_id]
    return rows


async def events_with_suggestions() -> list[Row]:
    """The events that have suggested organisations waiting, for the page's filter."""
    ids = {
        row["suggested_at_event"]
        for row in await Organisation.select(Organisation.suggested_at_event).where(
            Organisation.status == "suggested"
        )
        if row["suggested_at_event"] is not None
    }
    if not ids:
        return []
    return await Event.select(Event.id, Event.name).where(Event.id.is_in(list(ids)))


async def duplicate_groups() -> list[list[Row]]:
    """Organisations whose names are alike after normalising; accepted ones first."""
    rows = await all_organisations()
    for row in rows:
        row["rank"] = 0 if row["status"] == "accepted" else 1
    return merging.duplicate_groups(rows)


async def set_status(organisation_id: int, status: str) -> bool:
    """Accept or reject one organisation; False when it does not exist."""
    async with write_transaction():
        changed = (
            await Organisation.update({Organisation.status: status})
            .where(Organisation.id == organisation_id)
            .returning(Organisation.id)
        )
    return bool(changed)


async def merge_plan(keep_id: int, other_ids: list[int]) -> MergePlan:
    return await merging.merge_plan(Organisation, LABELS, keep_id, other_ids)


async def _accept(organisation_id: int) -> None:
    await Organisation.update({Organisation.status: "accepted"}).where(
        Organisation.id == organisation_id
    )


async def merge(keep_id: int, other_ids: list[int], organiser: Organiser | None) -> MergePlan:
    """Merge the others into `keep_id`, which is accepted from then on (one transaction)."""
    return await merging.merge(
        Organisation,
        LABELS,
        keep_id,
        other_ids,
        organiser,
        f"/organise/organisations/{keep_id}/merge",
        after=_accept,
    )

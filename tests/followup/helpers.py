"""Builders for follow-up tests: an event that ends just before a daylight-saving change,
participants (through registration), pledges and pairs."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from events.followup import campaign_sync
from events.followup.tables import CampaignStep
from events.organise import services as workflows
from events.outbox.tables import OutboxMessage
from events.pairs.tables import Pair, PairMember
from events.pledges.tables import Pledge
from events.programme.tables import Event
from events.registration.services import RegistrationForm, register
from events.registration.tables import Participant
from events.settings import Settings, load_settings

# Wednesday 20 October 2027, 09:00–15:30 in Amsterdam (CEST, UTC+2). Summer time ends on
# Sunday 31 October 2027, so +14 days at 09:00 is 08:00 UTC and +7 days at 09:00 is 07:00 UTC.
EVENT_VALUES = {
    "name": "Parade",
    "slug": "parade",
    "date": "2027-10-20",
    "start_time": "09:00",
    "end_time": "15:30",
    "timezone": "Europe/Amsterdam",
    "venue": "Stadhuis",
    "published": "1",
}
BEFORE_EVENT = datetime(2027, 9, 1, 12, 0, tzinfo=UTC)


async def make_event(settings: Settings | None = None, **changes: str) -> int:
    """An event made the way organisers make one: with the default campaign."""
    saved = await workflows.create_event(settings or load_settings(), {**EVENT_VALUES, **changes})
    assert saved.ok, saved.errors
    assert saved.id is not None
    return saved.id


async def person(
    event_id: int,
    email: str,
    *,
    consent: bool = True,
    language: str = "nl",
    settings: Settings | None = None,
) -> int:
    result = await register(
        event_id,
        RegistrationForm(
            name=email.split("@")[0].title(),
            email=email,
            language=language,
            consent_event=True,
            consent_follow_up=consent,
        ),
        settings or load_settings(),
    )
    assert result.participant_id is not None, result.errors
    return result.participant_id


async def pledge(event_id: int, participant_id: int, title: str, **values: Any) -> int:
    rows = await Pledge.insert(
        Pledge(
            event=event_id,
            participant=participant_id,
            title=title,
            text=values.pop("text", "Ik ga het doen."),
            status=values.pop("status", "approved"),
            visibility=values.pop("visibility", "public_named"),
            **values,
        )
    ).returning(Pledge.id)
    return int(rows[0]["id"])


async def pair(event_id: int, first: int, second: int, title: str = "Samen") -> int:
    rows = await Pair.insert(
        Pair(event=event_id, title=title, code="ABC123", started_by=first, status="complete")
    ).returning(Pair.id)
    pair_id = int(rows[0]["id"])
    await PairMember.insert(
        PairMember(pair=pair_id, participant=first, role="a"),
        PairMember(pair=pair_id, participant=second, role="b"),
    )
    return pair_id


async def check_in(participant_id: int) -> None:
    await Participant.update({Participant.checked_in_at: datetime.now(UTC)}).where(
        Participant.id == participant_id
    )


async def steps(event_id: int) -> list[dict[str, Any]]:
    return await campaign_sync.list_steps(event_id)


async def step_named(event_id: int, prefix: str) -> dict[str, Any]:
    for step in await steps(event_id):
        if step["name"].startswith(prefix):
            return step
    raise AssertionError(f"no step {prefix!r}")


async def rows_of(step_id: int, status: str | None = "queued") -> dict[str, dict[str, Any]]:
    """The outbox rows of a step by recipient address (only `status` ones unless None)."""
    query = OutboxMessage.select().where(OutboxMessage.kind == campaign_sync.step_kind(step_id))
    if status:
        query = query.where(OutboxMessage.status == status)
    return {row["recipient"]: {**row, "data": json.loads(row["context"])} for row in await query}


async def step_row(step_id: int) -> dict[str, Any]:
    row = await CampaignStep.select().where(CampaignStep.id == step_id).first()
    assert row is not None
    return row


async def event_row(event_id: int) -> dict[str, Any]:
    row = await Event.select().where(Event.id == event_id).first()
    assert row is not None
    return row

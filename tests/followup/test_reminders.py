"""Reminders before the day: campaign steps counted back from the event's start. They reach
everyone registered in time (no follow-up consent needed: they are about the day itself), move
with the event, and are never sent twice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.followup import campaign_sync
from events.organise import queries as organise_queries
from events.registration.tables import Participant
from events.settings import load_settings
from tests.conftest import post_form
from tests.followup.conftest import deliver
from tests.followup.helpers import BEFORE_EVENT, make_event, person, rows_of, step_named
from tests.mail.conftest import SMTPServer

# The day before Wednesday 20 October 2027, 16:00 in Amsterdam (CEST) is 14:00 UTC.
REMINDER_DUE = datetime(2027, 10, 19, 14, 0, tzinfo=UTC)
SUBJECT = "Morgen is Parade"


def addressed(messages: list, subject: str) -> list[str]:  # type: ignore[type-arg]
    return sorted(m["To"].addresses[0].addr_spec for m in messages if m["Subject"] == subject)


async def move_event(client: AsyncTestClient[Litestar], event_id: int, day: str) -> None:
    values = organise_queries.event_form_values(await organise_queries.event(event_id))
    values = {key: "" if value is None else value for key, value in values.items()}
    values["date"] = day
    response = await post_form(client, f"/organise/events/{event_id}/edit", values)
    assert response.status_code == 200, response.text


async def test_the_reminder_reaches_everyone_registered_in_time_without_consent(
    smtp: SMTPServer,
) -> None:
    settings = load_settings()
    event_id = await make_event(settings)
    await person(event_id, "anna@example.org", consent=False)
    await person(event_id, "bram@example.org", consent=True)
    late = await person(event_id, "cor@example.org", consent=True)
    await Participant.update({Participant.created_at: REMINDER_DUE - timedelta(hours=3)}).where(
        Participant.id == late
    )
    await campaign_sync.sync_event(settings, event_id, now=BEFORE_EVENT)
    reminder = await step_named(event_id, "Morgen is de parade")
    assert reminder["due_at"] == REMINDER_DUE

    assert await deliver(smtp, REMINDER_DUE - timedelta(minutes=1)) == []
    received = await deliver(smtp, REMINDER_DUE + timedelta(minutes=1))

    assert addressed(received, SUBJECT) == ["anna@example.org", "bram@example.org"]
    first = next(m for m in received if m["Subject"] == SUBJECT)
    assert "List-Unsubscribe" not in first, "a reminder about the day is transactional"
    text = first.get_body(("plain",)).get_content()
    assert "Morgen is Parade" in text
    assert "uitnodigingen na de dag" not in text and "/follow-up/" not in text


async def test_a_reminder_moves_with_the_event_and_a_sent_one_is_not_sent_again(
    organiser_client: AsyncTestClient[Litestar], smtp: SMTPServer
) -> None:
    settings = load_settings()
    event_id = await make_event(settings)
    await person(event_id, "anna@example.org", consent=False)
    await campaign_sync.sync_event(settings, event_id, now=BEFORE_EVENT)
    reminder = await step_named(event_id, "Morgen is de parade")

    await move_event(organiser_client, event_id, "2027-10-27")  # a week later
    moved = await step_named(event_id, "Morgen is de parade")
    assert moved["due_at"] == REMINDER_DUE + timedelta(days=7)
    (row,) = (await rows_of(reminder["id"])).values()
    assert row["due_at"] == REMINDER_DUE + timedelta(days=7)
    assert await deliver(smtp, REMINDER_DUE + timedelta(minutes=1)) == [], "not at the old time"
    sent = await deliver(smtp, REMINDER_DUE + timedelta(days=7, minutes=1))
    assert addressed(sent, SUBJECT) == ["anna@example.org"]

    await move_event(organiser_client, event_id, "2027-11-03")  # and once more
    again = await deliver(smtp, REMINDER_DUE + timedelta(days=14, minutes=1))
    assert addressed(again, SUBJECT) == [], "a reminder that went out is not sent again"

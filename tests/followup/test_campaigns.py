"""Campaign steps become outbox rows at the right UTC moments, and follow every change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar
from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.followup import campaign_sync, campaigns, progress
from events.organise import queries as organise_queries
from events.outbox import services
from events.outbox.tables import OutboxMessage
from events.registration import manage
from events.settings import load_settings
from tests.conftest import post_form
from tests.followup.conftest import deliver
from tests.followup.helpers import (
    BEFORE_EVENT,
    make_event,
    pair,
    person,
    pledge,
    rows_of,
    step_named,
    step_row,
)
from tests.mail.conftest import SMTPServer


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def calendar_of(message) -> tuple[str, Calendar]:  # type: ignore[no-untyped-def]
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            return part.get_param("method"), Calendar.from_ical(part.get_content())
    raise AssertionError("no text/calendar part")


async def test_default_campaign_at_local_times_across_daylight_saving() -> None:
    settings = load_settings()
    event_id = await make_event(settings)
    look, reconnect, back = (
        await step_named(event_id, "Hoe gaat"),
        await step_named(event_id, "Spreek"),
        await step_named(event_id, "Terugblik"),
    )
    # The event ends in summer time; summer time ends on 31 October 2027.
    assert look["due_at"] == utc(2027, 11, 3, 8, 0)  # 09:00 CET
    assert reconnect["due_at"] == utc(2027, 12, 1, 9, 0)  # 10:00 CET
    assert back["due_at"] == utc(2028, 1, 19, 8, 0)  # +91 days, 09:00 CET
    week = await campaigns.save_step(
        settings,
        event_id,
        {
            **campaigns.step_form_defaults(),
            "name": "Een week later",
            "offset_days": "7",
            "local_time": "09:00",
            "subject_nl": "Een week",
            "subject_en": "A week",
            "body_nl": "Hallo {{ name }}",
            "body_en": "Hello {{ name }}",
        },
    )
    assert (await step_row(week.id))["due_at"] == utc(2027, 10, 27, 7, 0)  # 09:00 CEST

    await services.unsubscribe("dirk@example.org")
    anna = await person(event_id, "anna@example.org")
    bram = await person(event_id, "bram@example.org", language="en")
    await person(event_id, "carla@example.org", consent=False)
    await person(event_id, "dirk@example.org")

    everyone = await rows_of(back["id"])
    assert sorted(everyone) == ["anna@example.org", "bram@example.org"]
    assert everyone["anna@example.org"]["due_at"] == utc(2028, 1, 19, 8, 0)
    assert everyone["anna@example.org"]["transactional"] is False
    assert everyone["anna@example.org"]["about"] == f"participant:{anna}"
    assert everyone["anna@example.org"]["idempotency_key"] == f"campaign:{back['id']}:{anna}"
    assert everyone["bram@example.org"]["data"]["campaign_subject"] == "Three months after Parade"
    assert await rows_of(look["id"]) == {}  # nobody has pledged yet

    # On the day: Anna pledges, Anna and Bram become a pair.
    await pledge(event_id, anna, "Een wijkspreekuur starten")
    pair_id = await pair(event_id, anna, bram, "Schuldhulp samen")
    await campaign_sync.sync_event(settings, event_id, now=BEFORE_EVENT)

    (anna_look,) = (await rows_of(look["id"])).values()
    assert anna_look["recipient"] == "anna@example.org"
    assert anna_look["due_at"] == utc(2027, 11, 3, 8, 0)
    data = anna_look["data"]
    assert data["campaign_subject"] == "Hoe gaat het met je voornemen?"
    assert "‘Een wijkspreekuur starten’" in data["campaign_body"]
    assert progress.progress_url(settings, 1).rsplit("/", 2)[0] in data["campaign_body"]
    assert data["invite"]["uid"] == f"campaign-{look['id']}-participant-{anna}@events"
    assert data["invite"]["start"] == "2027-11-10T15:00:00+00:00"  # a week later, 16:00 CET

    calls = await rows_of(reconnect["id"])
    assert calls["anna@example.org"]["data"]["campaign_subject"] == "Spreek Bram nog eens"
    assert calls["bram@example.org"]["data"]["campaign_subject"] == "Talk to Anna again"
    uids = {row["data"]["invite"]["uid"] for row in calls.values()}
    assert uids == {f"campaign-{reconnect['id']}-pair-{pair_id}@events"}

    # Doing it again changes nothing.
    before = await OutboxMessage.count()
    await campaign_sync.sync_event(settings, event_id, now=BEFORE_EVENT)
    assert await OutboxMessage.count() == before


async def test_moving_the_event_moves_queued_rows(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    settings = load_settings()
    event_id = await make_event(settings)
    anna = await person(event_id, "anna@example.org")
    await pledge(event_id, anna, "Een wijkspreekuur starten")
    await campaign_sync.sync_event(settings, event_id, now=BEFORE_EVENT)
    look = await step_named(event_id, "Hoe gaat")
    assert look["sequence"] == 0

    values = organise_queries.event_form_values(await organise_queries.event(event_id))
    values = {key: "" if value is None else value for key, value in values.items()}
    values["date"] = "2027-10-06"  # two weeks earlier: +14 days is still summer time
    response = await post_form(organiser_client, f"/organise/events/{event_id}/edit", values)
    assert response.status_code == 200, response.text

    moved = await step_row(look["id"])
    assert moved["due_at"] == utc(2027, 10, 20, 7, 0)  # 09:00 CEST
    assert moved["sequence"] == 1
    (row,) = (await rows_of(look["id"])).values()
    assert row["due_at"] == utc(2027, 10, 20, 7, 0)
    assert row["data"]["invite"]["sequence"] == 1
    assert row["data"]["invite"]["start"] == "2027-10-27T14:00:00+00:00"  # 16:00 CEST


async def test_deleting_a_step_cancels_queued_rows_and_sent_invites(smtp: SMTPServer) -> None:
    settings = load_settings()
    event_id = await make_event(settings)
    anna = await person(event_id, "anna@example.org")
    await person(event_id, "bram@example.org")
    await pledge(event_id, anna, "Een wijkspreekuur starten")
    look = await step_named(event_id, "Hoe gaat")
    back = await step_named(event_id, "Terugblik")

    (sent,) = await deliver(smtp, utc(2027, 11, 3, 8, 0))
    assert sent["To"].addresses[0].addr_spec == "anna@example.org"
    _method, invite = calendar_of(sent)
    uid = str(invite.walk("VEVENT")[0]["UID"])

    assert await campaigns.delete_step(settings, event_id, back["id"])
    assert await rows_of(back["id"]) == {}
    assert len(await rows_of(back["id"], "cancelled")) == 2
    assert await campaigns.delete_step(settings, event_id, look["id"], now=utc(2027, 11, 4, 8))

    (cancel,) = await deliver(smtp, utc(2027, 11, 4, 8, 0))
    method, calendar = calendar_of(cancel)
    event = calendar.walk("VEVENT")[0]
    assert method == "CANCEL" == str(calendar["METHOD"])
    assert str(event["UID"]) == uid
    assert int(event["SEQUENCE"]) == 1
    assert str(event["ATTENDEE"]).lower() == "mailto:anna@example.org"
    assert cancel["To"].addresses[0].addr_spec == "anna@example.org"


async def test_moving_an_invite_already_sent_sends_an_update_once(smtp: SMTPServer) -> None:
    settings = load_settings()
    event_id = await make_event(settings)
    anna = await person(event_id, "anna@example.org")
    await pledge(event_id, anna, "Een wijkspreekuur starten")
    look = await step_named(event_id, "Hoe gaat")
    (sent,) = await deliver(smtp, utc(2027, 11, 3, 8, 0))
    _method, first = calendar_of(sent)
    first_event = first.walk("VEVENT")[0]

    form = {**campaigns.step_form_values(await step_row(look["id"])), "invite_time": "17:30"}
    moved_at = utc(2027, 11, 3, 9, 0)
    assert (await campaigns.save_step(settings, event_id, form, look["id"], now=moved_at)).id

    (update,) = await deliver(smtp, moved_at)
    assert update["To"].addresses[0].addr_spec == "anna@example.org"
    method, calendar = calendar_of(update)
    event = calendar.walk("VEVENT")[0]
    assert method == "REQUEST" == str(calendar["METHOD"])
    assert str(event["UID"]) == str(first_event["UID"])
    assert int(event["SEQUENCE"]) == int(first_event["SEQUENCE"]) + 1
    assert event.decoded("DTSTART") - first_event.decoded("DTSTART") == timedelta(minutes=90)

    # A new text for the mail changes nothing in anyone's calendar: no second update.
    form["body_nl"] = form["body_nl"] + "\n\nTot snel!"
    assert (await campaigns.save_step(settings, event_id, form, look["id"], now=moved_at)).id
    assert await deliver(smtp, utc(2027, 11, 3, 10, 0)) == []


async def test_consent_unsubscribe_and_erasure_are_honoured(smtp: SMTPServer) -> None:
    settings = load_settings()
    event_id = await make_event(settings)
    back = await step_named(event_id, "Terugblik")
    anna = await person(event_id, "anna@example.org")
    await person(event_id, "bram@example.org")
    carla = await person(event_id, "carla@example.org")
    await person(event_id, "dirk@example.org", consent=False)
    assert sorted(await rows_of(back["id"])) == [
        "anna@example.org",
        "bram@example.org",
        "carla@example.org",
    ]

    await manage.erase(anna, settings)  # erasure cancels everything queued, address blanked
    erased = f"erased-{anna}@invalid"
    await services.unsubscribe("bram@example.org")  # one click from the mail
    await manage.update_profile(  # Carla withdraws her consent
        carla, manage.ProfileForm(name="Carla", consent_follow_up=False)
    )
    assert sorted(await rows_of(back["id"])) == ["bram@example.org"]  # cancelled at send time
    assert sorted(await rows_of(back["id"], "cancelled")) == ["carla@example.org", erased]
    assert await deliver(smtp, utc(2028, 1, 19, 8, 0)) == []
    assert await rows_of(back["id"]) == {}
    assert sorted(await rows_of(back["id"], "cancelled")) == [
        "bram@example.org",
        "carla@example.org",
        erased,
    ]


async def test_done_pledge_is_not_nagged_again() -> None:
    settings = load_settings()
    event_id = await make_event(settings)
    look = await step_named(event_id, "Hoe gaat")
    anna = await person(event_id, "anna@example.org")
    first = await pledge(event_id, anna, "Een wijkspreekuur starten")
    second = await pledge(event_id, anna, "Koffie met de wijkagent")
    await campaign_sync.sync_event(settings, event_id, now=BEFORE_EVENT)

    assert await progress.record_progress(settings, first, "done", "Gelukt!", True) == {}
    (row,) = (await rows_of(look["id"])).values()
    assert "Koffie met de wijkagent" in row["data"]["campaign_body"]

    assert await progress.record_progress(settings, second, "dropped", "", False) == {}
    assert await rows_of(look["id"]) == {}
    assert len(await rows_of(look["id"], "cancelled")) == 1

    # Reopened: the reminder comes back.
    await progress.record_progress(settings, second, "under_way", "Toch weer", False)
    assert len(await rows_of(look["id"])) == 1


async def test_a_late_registrant_gets_only_the_steps_still_ahead() -> None:
    """An event that ended on 20 October 2026; the real clock is past its first step."""
    settings = load_settings()
    event_id = await make_event(settings, date="2026-10-20", slug="past")
    look = await step_named(event_id, "Hoe gaat")
    back = await step_named(event_id, "Terugblik")
    assert look["due_at"] == utc(2026, 11, 3, 8, 0)  # 09:00 CET, after the change
    now = services.utcnow()
    anna = await person(event_id, "anna@example.org")
    await pledge(event_id, anna, "Een wijkspreekuur starten")
    await campaign_sync.sync_participant(settings, anna, now=now)

    if look["due_at"] < now:
        assert await rows_of(look["id"], None) == {}
    assert (await rows_of(back["id"]))["anna@example.org"]["due_at"] == utc(2027, 1, 19, 8, 0)

"""Archiving and deleting an event, and publishing as a step with a checklist."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.followup.tables import CampaignStep
from events.organise import event_lifecycle
from events.outbox.tables import OutboxMessage
from events.privacy import purge_expired
from events.programme import services
from events.programme.tables import Event, Round, Session
from events.registration.tables import Participant
from events.settings import load_settings
from tests.conftest import post_form
from tests.organise.helpers import EVENT_FORM, build_parade, created
from tests.registration.test_manage import registered


async def test_an_archived_event_leaves_the_lists_but_keeps_its_page(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    ids = await build_parade()
    future = {**EVENT_FORM, "date": (datetime.now(UTC) + timedelta(days=60)).date().isoformat()}
    created(await services.save_event(future, ids["event"]))
    assert "Parade Sociaal Domein" in (await organiser_client.get("/")).text

    archived = await post_form(organiser_client, f"/organise/events/{ids['event']}/archive", {})

    assert archived.status_code == 200 and "gearchiveerd" in archived.text
    assert "Parade Sociaal Domein" not in (await organiser_client.get("/")).text
    assert (await organiser_client.get("/api/events/")).json() == []
    assert (await organiser_client.get("/events/parade-2026")).status_code == 200
    dashboard = await organiser_client.get("/organise/")
    assert "Parade Sociaal Domein" not in dashboard.text
    assert "Toon 1 gearchiveerd evenement" in dashboard.text
    assert "Parade Sociaal Domein" in (await organiser_client.get("/organise/?archived=true")).text

    await post_form(organiser_client, f"/organise/events/{ids['event']}/unarchive", {})

    assert "Parade Sociaal Domein" in (await organiser_client.get("/organise/")).text
    assert [row["slug"] for row in (await organiser_client.get("/api/events/")).json()] == [
        "parade-2026"
    ]


async def test_delete_needs_the_name_typed_exactly(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    ids = await build_parade()

    refused = await post_form(
        organiser_client,
        f"/organise/events/{ids['event']}/delete",
        {"name": "parade sociaal domein"},
    )

    assert refused.status_code == 400
    assert "Typ de naam van het evenement precies zoals getoond" in refused.text
    assert await Event.exists().where(Event.id == ids["event"])


async def test_delete_is_refused_while_participants_hold_personal_data(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    ids = await build_parade()
    await registered(ids["event"], "anna@example.org", [ids["session"]])
    await registered(ids["event"], "bert@example.org", [])

    page = await organiser_client.get(f"/organise/events/{ids['event']}/delete")
    refused = await post_form(
        organiser_client, f"/organise/events/{ids['event']}/delete", {"name": EVENT_FORM["name"]}
    )

    for response in (page, refused):
        assert "Van 2 aanmeldingen zijn nog persoonsgegevens bewaard" in response.text
        assert "events purge" in response.text and "14 april 2027" in response.text
    assert "Evenement verwijderen</button>" not in page.text
    assert refused.status_code == 400
    assert await Participant.count().where(Participant.event == ids["event"]) == 2


async def test_after_the_purge_the_event_and_everything_of_it_is_deleted(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    ids = await build_parade()
    await registered(ids["event"], "anna@example.org", [ids["session"]])
    settings = load_settings()
    await purge_expired(settings, now=datetime(2030, 1, 1, tzinfo=UTC))
    assert await event_lifecycle.personal_data_count(ids["event"]) == 0

    deleted = await post_form(
        organiser_client, f"/organise/events/{ids['event']}/delete", {"name": EVENT_FORM["name"]}
    )

    assert deleted.status_code == 200 and "Het evenement is verwijderd." in deleted.text
    assert not await Event.exists().where(Event.id == ids["event"])
    assert await Round.count() == 0 and await Session.count() == 0
    assert await Participant.count() == 0 and await CampaignStep.count() == 0


async def test_deleting_an_event_still_to_come_tells_its_hosts() -> None:
    ids = await build_parade()
    host = created(await services.save_person({"name": "Cor Host", "email": "cor@example.org"}))
    future = {**EVENT_FORM, "date": (datetime.now(UTC) + timedelta(days=30)).date().isoformat()}
    created(await services.save_event(future, ids["event"]))
    session = created(
        await services.save_session(
            ids["event"],
            {"kind": "stand", "title": "Kraam van Cor", "hosts": [str(host)]},
        )
    )
    assert session

    outcome = await event_lifecycle.delete_event(load_settings(), ids["event"], EVENT_FORM["name"])

    assert outcome.ok, outcome.errors
    told = await OutboxMessage.select().where(OutboxMessage.recipient == "cor@example.org")
    assert [row["kind"] for row in told] == ["host-programme"]
    assert "Kraam van Cor" in told[0]["context"]


async def test_publishing_is_a_step_that_says_what_is_missing(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    event = created(await services.save_event({**EVENT_FORM, "published": ""}))

    page = await organiser_client.get(f"/organise/events/{event}")
    refused = await post_form(organiser_client, f"/organise/events/{event}/publish", {})

    assert "Kan nog niet gepubliceerd worden; ontbreekt: Ten minste één ronde." in page.text
    assert "disabled" in page.text.split("Kan nog niet gepubliceerd")[0].rsplit("<form", 1)[1]
    assert refused.status_code == 400 and "Ten minste één ronde" in refused.text
    assert not (await Event.select(Event.published).where(Event.id == event).first())["published"]

    created(
        await services.save_round(
            event, {"name": "Ronde 1", "start_time": "10:00", "end_time": "11:00"}
        )
    )
    published = await post_form(organiser_client, f"/organise/events/{event}/publish", {})

    assert published.status_code == 200
    assert "Dit evenement is gepubliceerd" in published.text
    assert (await Event.select(Event.published).where(Event.id == event).first())["published"]
    # The advice stays visible: no registration window was set.
    assert "Moment van openen of sluiten van de aanmelding ingevuld (aangeraden)" in published.text

"""An organiser acts on one participant: what the participant receives and what /me then says.

Every test drives the organiser's real forms, lets the real dispatcher deliver to a real SMTP
server, parses what arrived (text, METHOD and SEQUENCE of the invite) and reads /me.
"""

from __future__ import annotations

from email.message import EmailMessage
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.outbox.tables import OutboxMessage
from events.registration.tables import Participant, SeatChoice, SessionSeats
from tests.conftest import post_form
from tests.registration.helpers import make_event, make_round, make_workshop
from tests.registration.test_mails import deliver, invite_of, manage_path, smtp  # noqa: F401
from tests.registration.test_manage import registered


def by_recipient(messages: list[EmailMessage]) -> dict[str, EmailMessage]:
    return {message["To"].addresses[0].addr_spec.split("@")[0]: message for message in messages}


def text_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def invite(message: EmailMessage) -> tuple[str, int, str]:
    method, calendar = invite_of(message)
    event = calendar.walk("VEVENT")[0]
    return method, int(event["SEQUENCE"]), str(event.get("DESCRIPTION", ""))


@pytest.fixture
async def parade(smtp) -> dict[str, Any]:  # noqa: F811
    """Round 1: Atelier (2 seats: anna, bram; dirk waits) and Buurtkamer (1 seat: carla)."""
    event_id = await make_event()
    first = await make_round(event_id, "Ronde 1", 9)
    second = await make_round(event_id, "Ronde 2", 11)
    atelier = await make_workshop(event_id, first, "Atelier", 2)
    buurtkamer = await make_workshop(event_id, first, "Buurtkamer", 1)
    later = await make_workshop(event_id, second, "Later", 5)
    people = {}
    links = {}
    for name, choice in (("anna", atelier), ("bram", atelier), ("carla", buurtkamer)):
        people[name], links[name] = await registered(event_id, f"{name}@example.org", [choice])
    people["dirk"], links["dirk"] = await registered(event_id, "dirk@example.org", [atelier])
    await deliver(smtp)
    return {
        "event": event_id,
        "rounds": (first, second),
        "atelier": atelier,
        "buurtkamer": buurtkamer,
        "later": later,
        "people": people,
        "links": links,
        "smtp": smtp,
    }


def page_of(parade: dict[str, Any], name: str) -> str:
    return f"/organise/events/{parade['event']}/participants/{parade['people'][name]}"


async def me(client_factory, link: str) -> str:
    async with client_factory() as participant:
        response = await participant.get(link)
        assert response.status_code == 200, response.text
        return response.text


async def test_the_participant_page_shows_choices_consents_check_in_and_mail_log(
    organiser_client: AsyncTestClient[Litestar], parade: dict[str, Any]
) -> None:
    listing = await organiser_client.get(f"/organise/events/{parade['event']}/registrations")
    assert f'href="{page_of(parade, "dirk")}">Dirk</a>' in listing.text

    page = await organiser_client.get(page_of(parade, "dirk"))

    assert page.status_code == 200
    assert "Atelier</strong> (Room Atelier) —" in page.text
    assert "op de wachtlijst, nummer 1" in page.text
    assert "Geen workshop in deze ronde." in page.text  # round 2
    assert "toestemming gegeven op" in page.text and "tekstversie 2026-11" in page.text
    assert "E-mails na afloop: geen toestemming." in page.text
    assert "Niet ingecheckt." in page.text
    assert "Bevestiging van de aanmelding" in page.text and "verzonden" in page.text
    assert "anna@example.org" not in page.text, "nobody else's data"
    other_event = await make_event(slug="other")
    wrong = await organiser_client.get(
        f"/organise/events/{other_event}/participants/{parade['people']['dirk']}"
    )
    assert wrong.status_code == 404


async def test_a_move_to_a_full_workshop_needs_over_capacity_and_tells_who_it_concerns(
    organiser_client: AsyncTestClient[Litestar], client_factory, parade: dict[str, Any]
) -> None:
    event_id, first = parade["event"], parade["rounds"][0]
    move = f"{page_of(parade, 'anna')}/move"
    asked = await post_form(
        organiser_client, move, {"round": first, "session": parade["buurtkamer"]}
    )
    assert asked.status_code == 200
    assert "Buurtkamer is vol" in asked.text and "1 van de 1 plaatsen zijn bezet" in asked.text
    assert "Plaatsen boven capaciteit" in asked.text
    assert await deliver(parade["smtp"]) == [], "asking is not doing"
    assert await SeatChoice.count().where(SeatChoice.session == parade["buurtkamer"]) == 1

    done = await post_form(
        organiser_client,
        move,
        {"round": first, "session": parade["buurtkamer"], "when_full": "over"},
        follow_redirects=False,
    )
    assert done.status_code == 303

    mails = by_recipient(await deliver(parade["smtp"]))
    assert set(mails) == {"anna", "dirk"}, "the mover and who moved up; nobody else"
    assert mails["anna"]["Subject"] == "Je programma voor Parade is gewijzigd"
    assert "Je bent ingeschreven voor Buurtkamer (10:00–10:45)." in text_of(mails["anna"])
    assert "Je staat niet meer ingeschreven voor Atelier (10:00–10:45)." in text_of(mails["anna"])
    assert "staat niet meer in het programma" not in text_of(mails["anna"]), "Atelier goes on"
    method, sequence, description = invite(mails["anna"])
    assert (method, sequence) == ("REQUEST", 1)
    assert "Buurtkamer (Room Buurtkamer): bevestigd" in description
    assert "Atelier" not in description
    assert "Er is een plaats vrijgekomen in Atelier: die is nu voor jou." in text_of(mails["dirk"])
    assert invite(mails["dirk"])[:2] == ("REQUEST", 1)

    page = await me(client_factory, parade["links"]["anna"])
    assert "Buurtkamer (Room Buurtkamer) —" in page and "<strong>bevestigd</strong>" in page
    overview = await organiser_client.get(f"/organise/events/{event_id}/attendance")
    assert 'Buurtkamer</a></td><td>1</td><td>2 <strong class="badge">boven capaciteit' in (
        overview.text
    )
    counter = await SessionSeats.select(SessionSeats.taken).where(
        SessionSeats.session == parade["buurtkamer"]
    )
    assert counter[0]["taken"] == 2


async def test_a_full_workshop_without_a_seat_over_capacity_means_the_waiting_list(
    organiser_client: AsyncTestClient[Litestar], client_factory, parade: dict[str, Any]
) -> None:
    first = parade["rounds"][0]
    await post_form(
        organiser_client,
        f"{page_of(parade, 'anna')}/move",
        {"round": first, "session": parade["buurtkamer"], "when_full": "waitlist"},
    )
    mails = by_recipient(await deliver(parade["smtp"]))
    assert set(mails) == {"anna", "dirk"}
    method, sequence, description = invite(mails["anna"])
    assert (method, sequence) == ("REQUEST", 1)
    assert "Buurtkamer (Room Buurtkamer): op de wachtlijst, nummer 1" in description
    assert "op de wachtlijst, nummer 1" in await me(client_factory, parade["links"]["anna"])


async def test_taking_somebody_out_of_a_round_and_saving_the_same_workshop(
    organiser_client: AsyncTestClient[Litestar], parade: dict[str, Any]
) -> None:
    first = parade["rounds"][0]
    move = f"{page_of(parade, 'bram')}/move"
    same = await post_form(organiser_client, move, {"round": first, "session": parade["atelier"]})
    assert "Er is niets gewijzigd." in same.text
    assert await deliver(parade["smtp"]) == []

    out = await post_form(organiser_client, move, {"round": first, "session": ""})
    assert "Uit de workshop gehaald." in out.text
    mails = by_recipient(await deliver(parade["smtp"]))
    assert set(mails) == {"bram", "dirk"}
    assert invite(mails["bram"])[:2] == ("REQUEST", 1)
    assert "Atelier" not in invite(mails["bram"])[2]


async def test_cancelling_for_a_participant_sends_a_cancel_and_me_says_so(
    organiser_client: AsyncTestClient[Litestar], client_factory, parade: dict[str, Any]
) -> None:
    ask = await organiser_client.get(f"{page_of(parade, 'anna')}/cancel")
    assert "Aanmelding van Anna annuleren?" in ask.text
    assert await deliver(parade["smtp"]) == []

    done = await post_form(organiser_client, f"{page_of(parade, 'anna')}/cancel", {})
    assert "De aanmelding is geannuleerd." in done.text

    mails = by_recipient(await deliver(parade["smtp"]))
    assert set(mails) == {"anna", "dirk"}
    assert mails["anna"]["Subject"] == "Je aanmelding voor Parade is geannuleerd"
    assert invite(mails["anna"])[:2] == ("CANCEL", 1)
    assert "Je aanmelding is geannuleerd" in await me(client_factory, parade["links"]["anna"])

    back = await post_form(organiser_client, f"{page_of(parade, 'anna')}/reactivate", {})
    assert "De aanmelding is weer actief." in back.text
    again = by_recipient(await deliver(parade["smtp"]))
    assert set(again) == {"anna"}
    assert invite(again["anna"])[:2] == ("REQUEST", 2)


async def test_a_link_sent_again_works_and_the_old_one_too(
    organiser_client: AsyncTestClient[Litestar], client_factory, parade: dict[str, Any]
) -> None:
    done = await post_form(organiser_client, f"{page_of(parade, 'carla')}/link", {})
    assert "Een nieuwe persoonlijke link is onderweg" in done.text
    mails = by_recipient(await deliver(parade["smtp"]))
    assert set(mails) == {"carla"}
    assert mails["carla"]["Subject"] == "Je link voor Parade"
    assert invite(mails["carla"])[:2] == ("REQUEST", 0)
    assert "carla@example.org" in await me(client_factory, manage_path(mails["carla"]))
    assert "carla@example.org" in await me(client_factory, parade["links"]["carla"])
    log = await organiser_client.get(page_of(parade, "carla"))
    assert "Persoonlijke link" in log.text


async def test_edited_details_are_checked_and_reach_the_participant(
    organiser_client: AsyncTestClient[Litestar], client_factory, parade: dict[str, Any]
) -> None:
    edit = f"{page_of(parade, 'carla')}/edit"
    form = await organiser_client.get(edit)
    assert 'value="Carla"' in form.text
    wrong = await post_form(organiser_client, edit, {"name": " ", "language": "de"})
    assert wrong.status_code == 400
    assert "Vul de naam in." in wrong.text and "Kies Nederlands of Engels." in wrong.text
    assert await deliver(parade["smtp"]) == []

    saved = await post_form(
        organiser_client,
        edit,
        {
            "name": "Carla  de Vries",
            "organisation": "Gemeente Leiden",
            "job_title": "Beleidsmedewerker",
            "language": "en",
            "access_needs": "rolstoel",
        },
    )
    assert "De gegevens zijn opgeslagen." in saved.text
    mails = by_recipient(await deliver(parade["smtp"]))
    assert set(mails) == {"carla"}
    assert mails["carla"]["Subject"] == "Your registration for Parade has changed"
    assert "Dear Carla de Vries," in text_of(mails["carla"])
    assert invite(mails["carla"])[:2] == ("REQUEST", 1)
    page = await me(client_factory, parade["links"]["carla"])
    assert "Gemeente Leiden" in page and "rolstoel" in page

    await post_form(
        organiser_client,
        edit,
        {
            "name": "Carla de Vries",
            "organisation": "Gemeente Leiden",
            "job_title": "Beleidsmedewerker",
            "language": "en",
            "access_needs": "rolstoel",
        },
    )
    assert await deliver(parade["smtp"]) == [], "saving without a change tells nobody"


async def test_a_registration_added_by_hand_gets_the_confirmation_and_link(
    organiser_client: AsyncTestClient[Litestar], client_factory, parade: dict[str, Any]
) -> None:
    new = f"/organise/events/{parade['event']}/participants/new"
    assert "Aanmelding toevoegen" in (await organiser_client.get(new)).text
    known = await post_form(organiser_client, new, {"name": "Anna", "email": "ANNA@example.org"})
    assert known.status_code == 400 and "Dit adres is al aangemeld." in known.text
    assert f"/participants/{parade['people']['anna']}" in known.text

    added = await post_form(
        organiser_client,
        new,
        {
            "name": "Eva",
            "email": "eva@example.org",
            "organisation": "Gemeente Delft",
            "language": "nl",
            f"round-{parade['rounds'][1]}": str(parade["later"]),
        },
    )
    assert "De aanmelding is toegevoegd." in added.text
    mails = by_recipient(await deliver(parade["smtp"]))
    assert set(mails) == {"eva"}
    assert mails["eva"]["Subject"] == "Je aanmelding voor Parade"
    method, sequence, description = invite(mails["eva"])
    assert (method, sequence) == ("REQUEST", 0)
    assert "Later (Room Later): bevestigd" in description
    page = await me(client_factory, manage_path(mails["eva"]))
    assert "Gemeente Delft" in page and "Later (Room Later) —" in page
    row = await Participant.select(Participant.consent_text_version).where(
        Participant.email == "eva@example.org"
    )
    assert row[0]["consent_text_version"] == "2026-11-organiser"


async def test_a_walk_in_without_e_mail_is_checked_in_and_never_mailed(
    organiser_client: AsyncTestClient[Litestar], parade: dict[str, Any]
) -> None:
    desk = f"/organise/events/{parade['event']}/walk-in"
    empty = await post_form(organiser_client, desk, {"name": ""})
    assert empty.status_code == 400 and "Vul je naam in." in empty.text

    done = await post_form(
        organiser_client, desk, {"name": "Femke", "organisation": "Buurtteam", "email": ""}
    )
    assert "De binnenloper is aangemeld en ingecheckt." in done.text
    assert "Badge afdrukken" in done.text and "geen (binnenloper)" in done.text
    assert "Persoonlijke link opnieuw sturen" not in done.text
    walk_in = await Participant.select().where(Participant.name == "Femke").first()
    assert walk_in["checked_in_at"] is not None
    assert walk_in["email"].endswith("@walk-in.invalid")
    badge = await organiser_client.get(
        f"/organise/events/{parade['event']}/participants/{walk_in['id']}/badge"
    )
    assert "Femke" in badge.text and "data:image/svg+xml" in badge.text

    # Whatever happens later, the outbox keeps a row for the log but sends nothing.
    await post_form(
        organiser_client,
        f"/organise/events/{parade['event']}/participants/{walk_in['id']}/move",
        {"round": parade["rounds"][1], "session": parade["later"]},
    )
    assert await deliver(parade["smtp"]) == []
    rows = await OutboxMessage.select(OutboxMessage.status).where(
        OutboxMessage.about == f"participant:{walk_in['id']}"
    )
    assert [row["status"] for row in rows] == ["cancelled"]
    page = await organiser_client.get(
        f"/organise/events/{parade['event']}/participants/{walk_in['id']}"
    )
    assert "Programma gewijzigd</td><td>niet verzonden" in page.text


async def test_a_walk_in_with_e_mail_gets_the_confirmation_and_is_checked_in(
    organiser_client: AsyncTestClient[Litestar], client_factory, parade: dict[str, Any]
) -> None:
    done = await post_form(
        organiser_client,
        f"/organise/events/{parade['event']}/walk-in",
        {"name": "Gert", "email": "gert@example.org", "language": "en"},
    )
    assert "De binnenloper is aangemeld en ingecheckt." in done.text
    assert "Ingecheckt om" in done.text
    mails = by_recipient(await deliver(parade["smtp"]))
    assert set(mails) == {"gert"}
    assert mails["gert"]["Subject"] == "Your registration for Parade"
    assert invite(mails["gert"])[:2] == ("REQUEST", 0)
    assert "gert@example.org" in await me(client_factory, manage_path(mails["gert"]))


async def test_a_check_in_can_be_undone_and_shows_when_it_was_done(
    organiser_client: AsyncTestClient[Litestar], parade: dict[str, Any]
) -> None:
    page = page_of(parade, "bram")
    await post_form(organiser_client, f"{page}/check-in", {})
    checked = await organiser_client.get(page)
    assert "Ingecheckt om" in checked.text and "Inchecken terugdraaien" in checked.text

    search = await organiser_client.get(f"/organise/events/{parade['event']}/check-in?q=bram")
    assert "ingecheckt om" in search.text and "Inchecken terugdraaien" in search.text

    undone = await post_form(organiser_client, f"{page}/check-in/undo", {})
    assert "Het inchecken is teruggedraaid." in undone.text and "Niet ingecheckt." in undone.text
    row = await Participant.select(Participant.checked_in_at).where(
        Participant.id == parade["people"]["bram"]
    )
    assert row[0]["checked_in_at"] is None
    assert await deliver(parade["smtp"]) == [], "checking in is not news for the inbox"


async def test_a_seat_over_capacity_holds_the_waiting_list_back_until_below_capacity(
    organiser_client: AsyncTestClient[Litestar], client_factory, parade: dict[str, Any]
) -> None:
    erik, erik_link = await registered(parade["event"], "erik@example.org", [parade["buurtkamer"]])
    await deliver(parade["smtp"])
    await post_form(
        organiser_client,
        f"{page_of(parade, 'anna')}/move",
        {"round": parade["rounds"][0], "session": parade["buurtkamer"], "when_full": "over"},
    )
    await deliver(parade["smtp"])

    await post_form(organiser_client, f"{page_of(parade, 'carla')}/cancel", {})
    mails = by_recipient(await deliver(parade["smtp"]))
    assert set(mails) == {"carla"}, "2 seats taken of 1: the freed one was over capacity"
    assert "op de wachtlijst, nummer 1" in await me(client_factory, erik_link)

    await post_form(organiser_client, f"{page_of(parade, 'anna')}/cancel", {})
    mails = by_recipient(await deliver(parade["smtp"]))
    assert set(mails) == {"anna", "erik"}
    assert "Buurtkamer (Room Buurtkamer): bevestigd" in invite(mails["erik"])[2]
    choice = await SeatChoice.select(SeatChoice.status).where(SeatChoice.participant == erik)
    assert choice[0]["status"] == "confirmed"

"""A campaign step for the people of one workshop ("the room of workshop X moved"): it reaches
exactly the people with a seat there, counts them before it goes out, can list each person's own
programme, and cannot point at another event's workshop."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.followup import campaign_sync
from events.followup.tables import CampaignStep
from events.registration.services import RegistrationForm, register
from events.settings import load_settings
from tests.conftest import post_form
from tests.followup.conftest import deliver
from tests.followup.helpers import BEFORE_EVENT, make_event
from tests.followup.test_pages import step_form
from tests.mail.conftest import SMTPServer
from tests.registration.helpers import make_round, make_workshop

DUE = datetime(2027, 10, 19, 7, 0, tzinfo=UTC)  # the day before, 09:00 in Amsterdam


async def booked(event_id: int, email: str, choices: list[int]) -> int:
    result = await register(
        event_id,
        RegistrationForm(
            name=email.split("@")[0].title(), email=email, consent_event=True, choices=choices
        ),
        load_settings(),
    )
    assert result.participant_id
    return result.participant_id


async def test_a_step_for_one_workshop_reaches_its_seats_with_their_programme(
    organiser_client: AsyncTestClient[Litestar], smtp: SMTPServer
) -> None:
    settings = load_settings()
    event_id = await make_event(settings)
    first = await make_round(event_id, "Ronde 1", 9)
    atelier = await make_workshop(event_id, first, "Atelier", 2)
    other = await make_workshop(event_id, first, "Buurtkamer", 5)
    for name in ("anna", "bram", "dirk"):  # dirk waits: no seat, no mail
        await booked(event_id, f"{name}@example.org", [atelier])
    await booked(event_id, "cor@example.org", [other])
    elsewhere = await make_event(settings, slug="andere-parade", name="Andere parade")
    foreign = await make_workshop(elsewhere, await make_round(elsewhere, "R", 9), "Vreemd", 5)
    form = step_form(
        name="Atelier verhuist",
        anchor="start",
        offset_days="1",
        local_time="09:00",
        invite="",
        meeting_local="",
        meeting_place="",
        subject_nl="Atelier zit in een andere zaal",
        body_nl="Hoi {{ name }}, dit is je programma:\n{{ my_programme }}",
        subject_en="",
        body_en="",
    )

    refused = await post_form(
        organiser_client, f"/organise/events/{event_id}/campaign/new", {**form, "session": foreign}
    )
    assert refused.status_code == 400 and "Kies een workshop van dit evenement" in refused.text
    saved = await post_form(
        organiser_client,
        f"/organise/events/{event_id}/campaign/new",
        {**form, "session": str(atelier)},
        follow_redirects=False,
    )
    assert saved.status_code == 303, saved.text
    step = await CampaignStep.select().where(CampaignStep.name == "Atelier verhuist").first()
    assert step["session"] == atelier and step["due_at"] == DUE
    edit = await organiser_client.get(f"/organise/events/{event_id}/campaign/{step['id']}/edit")
    assert f'<option value="{atelier}" selected>' in edit.text, "editing keeps the filter"

    await campaign_sync.sync_event(settings, event_id, now=BEFORE_EVENT)
    page = await organiser_client.get(f"/organise/events/{event_id}/campaign")
    row = page.text.split("Atelier verhuist", 1)[1].split("</tr>", 1)[0]
    assert '<td class="utrecht-table__cell">2</td>' in row, "would reach 2 now"

    received = await deliver(smtp, DUE + timedelta(minutes=1))
    mine = [m for m in received if m["Subject"] == "Atelier zit in een andere zaal"]
    assert sorted(m["To"].addresses[0].addr_spec for m in mine) == [
        "anna@example.org",
        "bram@example.org",
    ]
    text = mine[0].get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert "dit is je programma:\n10:00–10:45 Atelier (Room Atelier): bevestigd" in text

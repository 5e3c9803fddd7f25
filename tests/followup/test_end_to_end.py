"""The whole way: the event ends, the clock advances 14 days, the step's e-mails go out through a
real SMTP server with invites, the participant follows the link and marks the pledge done, the
dashboard and the public report count it."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from icalendar import Calendar
from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.followup import progress
from events.pledges import services as pledge_services
from events.programme.tables import Event
from events.settings import load_settings
from tests.conftest import post_form
from tests.followup.conftest import deliver
from tests.followup.helpers import pledge, step_named
from tests.mail.conftest import SMTPServer


async def test_from_the_event_to_the_dashboard(
    organiser_client: AsyncTestClient[Litestar], client_factory, smtp: SMTPServer
) -> None:
    response = await post_form(
        organiser_client,
        "/organise/events/new",
        {
            "name": "Parade",
            "slug": "parade",
            "date": "2027-10-20",
            "start_time": "09:00",
            "end_time": "15:30",
            "timezone": "Europe/Amsterdam",
            "published": "1",
        },
    )
    assert response.status_code == 200, response.text
    event = await Event.select(Event.id).where(Event.slug == "parade").first()
    event_id = event["id"]
    assert len((await organiser_client.get(f"/organise/events/{event_id}/campaign")).text) > 0

    async with client_factory() as browser:
        for name, email in (("Anna de Vries", "anna@example.org"), ("Bram", "bram@example.org")):
            response = await post_form(
                browser,
                "/events/parade/register",
                {
                    "name": name,
                    "email": email,
                    "language": "nl",
                    "consent_event": "1",
                    "consent_follow_up": "1",
                },
            )
            assert response.status_code == 200, response.text
    from events.registration.tables import Participant

    anna = await Participant.select().where(Participant.email == "anna@example.org").first()
    pledge_id = await pledge(event_id, anna["id"], "Een wijkspreekuur starten")
    look = await step_named(event_id, "Hoe gaat")

    # The day ends; two weeks later, 09:00 in Amsterdam (08:00 UTC after summer time ended).
    assert await deliver(smtp, datetime(2027, 11, 3, 7, 59, tzinfo=UTC)) == []
    (mail,) = await deliver(smtp, datetime(2027, 11, 3, 8, 0, tzinfo=UTC))
    assert mail["Subject"] == "Hoe gaat het met je voornemen?"
    assert mail["To"].addresses[0].addr_spec == "anna@example.org"
    assert "List-Unsubscribe" in mail
    calendar_part = next(p for p in mail.walk() if p.get_content_type() == "text/calendar")
    assert calendar_part.get_param("method") == "REQUEST"
    calendar = Calendar.from_ical(calendar_part.get_content())
    invite = calendar.walk("VEVENT")[0]
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(invite["UID"]) == f"campaign-{look['id']}-participant-{anna['id']}@events"
    assert str(invite["ATTENDEE"]).lower() == "mailto:anna@example.org"
    assert calendar.walk("VTIMEZONE")
    text = mail.get_body(preferencelist=("plain",)).get_content()
    assert "‘Een wijkspreekuur starten’" in text
    link = re.search(r"http://testserver\.local(/progress/\d+/[0-9a-f]+)", text)
    assert link, text

    # Anna follows the link and marks her pledge done, publicly.
    await pledge_services.save_settings(event_id, report_published=True)
    async with client_factory() as phone:
        page = await phone.get(link.group(1))
        assert page.status_code == 200
        assert "Hoe gaat het met je voornemen?" in page.text
        assert page.headers["referrer-policy"] == "no-referrer"
        saved = await post_form(
            phone, link.group(1), {"status": "done", "text": "Het spreekuur draait!", "public": "1"}
        )
        assert saved.status_code == 200
        assert "je update is opgeslagen" in saved.text or "opgeslagen" in saved.text
        assert "Gedaan" in saved.text
        report = await phone.get("/events/parade/report")
        assert "Wat ervan terechtkwam" in report.text
        assert "Het spreekuur draait!" in report.text

    dashboard = await organiser_client.get(f"/organise/events/{event_id}/outcomes")
    assert dashboard.status_code == 200
    assert "<svg" in dashboard.text and "<caption>Voornemens per status</caption>" in dashboard.text
    done_row = re.search(r"Alle voornemens</th>\s*((?:<td[^>]*>\d+</td>)+)", dashboard.text)
    assert done_row and re.findall(r">(\d+)<", done_row.group(1)) == ["0", "0", "1", "0"]
    csv = await organiser_client.get(f"/organise/events/{event_id}/outcomes/outcomes.csv")
    assert "status;all;0;0;1;0" in csv.text
    assert progress.progress_url(load_settings(), pledge_id).endswith(link.group(1))


async def test_a_forged_or_anothers_code_opens_nothing(client: AsyncTestClient[Litestar]) -> None:
    from tests.followup.helpers import make_event, person

    settings = load_settings()
    event_id = await make_event(settings)
    anna = await person(event_id, "anna@example.org")
    bram = await person(event_id, "bram@example.org")
    annas = await pledge(event_id, anna, "Anna's plan")
    brams = await pledge(event_id, bram, "Bram's plan")
    anna_code = progress.progress_code(settings, annas)

    assert (await client.get(f"/progress/{annas}/{anna_code}")).status_code == 200
    assert (await client.get(f"/progress/{brams}/{anna_code}")).status_code == 404
    assert (await client.get(f"/progress/{annas}/{'0' * 32}")).status_code == 404
    forged = await post_form(client, f"/progress/{brams}/{anna_code}", {"status": "dropped"})
    assert forged.status_code == 404
    follow = progress.followup_code(settings, anna)
    assert (await client.get(f"/follow-up/{anna}/{follow}")).status_code == 200
    assert (await client.get(f"/follow-up/{bram}/{follow}")).status_code == 404

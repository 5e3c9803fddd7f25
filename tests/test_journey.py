"""The whole journey in English on a desktop browser, against a real server and SMTP server.

An organiser plans a workshop; a participant registers, opens the link from the e-mail, changes
workshop, posts a pledge and forms a pair; the wall and the report show them; the follow-up
e-mail arrives and the pledge is marked done; the outcomes dashboard counts it. (The same day
runs in Dutch on phones in tests/test_day_browser.py and tests/registration/test_browser.py.)
"""

from __future__ import annotations

import asyncio
import re
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from events.followup.campaigns import create_default_campaign
from events.pledges.tables import PledgeSettings
from events.programme.tables import Event, Room, Round
from events.settings import load_settings
from events.web.auth import create_organiser
from tests.conftest import free_port, serve_app
from tests.mail.conftest import SMTPServer
from tests.pairs.helpers import PARTICIPANT_COOKIE, person, session_value
from tests.registration.helpers import make_workshop

DESKTOP = {"width": 1280, "height": 900}
PASSWORD = "a-long-test-password-2026"


async def past_event() -> tuple[int, int, int]:
    """An event that ended 15 days ago (its +14 days follow-up is due), a round and a room."""
    day = (datetime.now(UTC) - timedelta(days=15)).replace(
        hour=8, minute=0, second=0, microsecond=0
    )
    rows = await Event.insert(
        Event(
            name="Parade",
            slug="parade",
            date=day.date(),
            starts_at=day,
            ends_at=day + timedelta(hours=7),
            published=True,
            calendar_uid=f"event-{uuid.uuid4()}@test",
        )
    ).returning(Event.id)
    event_id = rows[0]["id"]
    round_rows = await Round.insert(
        Round(
            event=event_id,
            name="Round 1",
            starts_at=day + timedelta(hours=1),
            ends_at=day + timedelta(hours=2),
        )
    ).returning(Round.id)
    room_rows = await Room.insert(Room(event=event_id, name="Glass room", capacity=20)).returning(
        Room.id
    )
    await PledgeSettings.insert(
        PledgeSettings(event=event_id, moderation_mode="publish_at_once", report_published=True)
    )
    return event_id, round_rows[0]["id"], room_rows[0]["id"]


async def wait_for_mail(smtp: SMTPServer, subject: str, seconds: float = 30) -> Any:
    for _ in range(int(seconds * 10)):
        for received in smtp.received:
            if subject in received.message["Subject"]:
                return received.message
        await asyncio.sleep(0.1)
    raise AssertionError(
        f"no mail with {subject!r}; got {[r.message['Subject'] for r in smtp.received]}"
    )


@pytest.mark.browser
async def test_the_journey_in_english_on_a_desktop(browser: Any) -> None:
    event_id, round_id, room_id = await past_event()
    await make_workshop(event_id, round_id, "Film evenings", 10)
    await create_organiser("organiser", "organiser@example.org", PASSWORD)
    partner = await person(event_id, "Michelle ter Meer", "Gemeente Stichtse Vecht", True)
    smtp = SMTPServer(free_port())
    smtp.start()
    try:
        with serve_app(
            dispatcher_enabled="true", smtp_url=smtp.url, mail_safety_interval="0.5"
        ) as base:
            organiser = await (
                await browser.new_context(viewport=DESKTOP, locale="en-GB")
            ).new_page()
            await organiser.goto(f"{base}/login")
            await organiser.get_by_label("Username").fill("organiser")
            await organiser.get_by_label("Password").fill(PASSWORD)
            await organiser.get_by_role("button", name="Log in").click()
            await organiser.goto(f"{base}/organise/events/{event_id}/sessions/new")
            await organiser.locator("#field-kind").select_option("workshop")
            await organiser.locator("#field-title").fill("Regiebox in practice")
            await organiser.locator("#field-round").select_option(str(round_id))
            await organiser.locator("#field-room").select_option(str(room_id))
            await organiser.locator("#field-capacity").fill("12")
            await organiser.get_by_role("button", name="Save").click()
            await organiser.get_by_text("Regiebox in practice").first.wait_for()

            context = await browser.new_context(viewport=DESKTOP, locale="en-GB")
            page = await context.new_page()
            await page.goto(f"{base}/events/parade/register")
            await page.locator("#field-name").fill("Anna de Vries")
            await page.locator("#field-email").fill("anna@example.org")
            await page.locator("#field-organisation").fill("Gemeente Waadhoeke")
            await page.get_by_label(re.compile("^Regiebox in practice")).check()
            await page.get_by_label(re.compile("processed to organise this event")).check()
            await page.get_by_label(re.compile("may be shown with my pledges")).check()
            await page.get_by_label(re.compile("follow-up e-mails")).check()
            await page.get_by_role("button", name="Register").click()
            await page.get_by_role("heading", name="Check your e-mail").wait_for()

            confirmation = await wait_for_mail(smtp, "Your registration for Parade")
            link = re.search(
                r"http://127\.0\.0\.1:\d+/manage/\S+",
                confirmation.get_body(("plain",)).get_content(),
            )
            await page.goto(link.group(0))
            await page.get_by_label(re.compile("^Film evenings")).check()
            await page.get_by_role("button", name="Save my workshops").click()
            await page.get_by_text("Your changes have been saved.").wait_for()

            await page.goto(f"{base}/me/day")
            await page.get_by_label("Title: a short quote in your own words").fill(
                "Two birds, one stone"
            )
            await page.get_by_label("What are you going to do?").fill(
                "Let people on benefits support the elderly."
            )
            await page.get_by_label("Who may see it?").select_option("public_named")
            await page.get_by_role("button", name="Post my pledge").click()
            await page.get_by_text("Thank you! Your pledge has been posted.").wait_for()

            await page.goto(f"{base}/me/pairs")
            await page.get_by_role("button", name="Start a pair").click()
            code = (await page.locator(".pairs-code__value").inner_text()).strip()
            partner_context = await browser.new_context(viewport=DESKTOP, locale="en-GB")
            await partner_context.add_cookies(
                [{"name": PARTICIPANT_COOKIE, "value": await session_value(partner), "url": base}]
            )
            other = await partner_context.new_page()
            await other.goto(f"{base}/me/pairs/join")
            await other.get_by_label("Code of the pair").fill(code)
            await other.get_by_role("button", name="Join").click()
            await other.get_by_text("Anna de Vries").first.wait_for()
            await page.reload()
            for who, recommendation in ((other, "A network broker"), (page, "Film evenings")):
                await who.get_by_label("Title of the pair").fill("Broker & Films")
                await who.get_by_role("textbox", name="what should the other try?").fill(
                    recommendation
                )
                await who.get_by_label("Why?").fill("It works for us")
                await who.get_by_role("button", name="Save").click()
                await who.get_by_text("Your changes have been saved.").wait_for()
            for who in (page, other):
                await who.reload()
                await who.get_by_role("button", name="Confirm").click()
            await other.get_by_text("Complete: both confirmed, the pair is public.").wait_for()

            for path in ("/events/parade/wall", "/events/parade/report"):
                await page.goto(base + path)
                await page.get_by_text("Two birds, one stone").first.wait_for()
                await page.get_by_text("Broker & Films").first.wait_for()

            # After the day: the default campaign's +14 days step is due; the server sends it.
            await create_default_campaign(load_settings(), event_id)
            follow_up = await wait_for_mail(smtp, "pledge", seconds=40)
            assert follow_up["To"].addresses[0].addr_spec == "anna@example.org"
            progress = re.search(
                r"http://127\.0\.0\.1:\d+/progress/\S+",
                follow_up.get_body(("plain",)).get_content(),
            )
            await page.goto(progress.group(0))
            await page.locator("#status-done").check()
            await page.get_by_role("button", name="Save my update").click()
            await page.get_by_text("Thank you, your update is saved.").wait_for()

            await organiser.goto(f"{base}/organise/events/{event_id}/outcomes")
            csv = await organiser.request.get(
                f"{base}/organise/events/{event_id}/outcomes/outcomes.csv"
            )
            assert "done" in (await csv.text())
    finally:
        smtp.stop()

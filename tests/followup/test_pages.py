"""Organiser pages of the campaign: list with counts, template errors next to the field,
preview, "send a test to me", deleting; the participant's follow-up page."""

from __future__ import annotations

import re

from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.followup import campaign_sync, campaigns, progress
from events.followup.tables import MeetingReply, PairReunion
from events.outbox.tables import OutboxMessage
from events.settings import load_settings
from tests.conftest import post_form
from tests.followup.helpers import make_event, pair, person, rows_of, step_named


def step_form(**changes: str) -> dict[str, str]:
    return {
        **campaigns.step_form_defaults(),
        "name": "Bijeenkomst",
        "offset_days": "30",
        "local_time": "09:00",
        "audience": "all",
        "subject_nl": "Kom je ook, {{ name }}?",
        "subject_en": "Will you come, {{ name }}?",
        "body_nl": "Beste {{ name }}, op {{ meeting_time }} in {{ meeting_place }}.",
        "body_en": "Dear {{ name }}, on {{ meeting_time }} at {{ meeting_place }}.",
        "invite": "meeting",
        "meeting_local": "2027-12-02T16:00",
        "meeting_place": "Stadhuis",
        "invite_minutes": "90",
        **changes,
    }


async def test_campaign_page_lists_steps_with_counts(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    await person(event_id, "anna@example.org")
    page = await organiser_client.get(f"/organise/events/{event_id}/campaign")
    assert page.status_code == 200
    assert "Hoe gaat het met je voornemen? (+14 dagen)" in page.text
    assert "Deelnemers met een voornemen" in page.text
    back = await step_named(event_id, "Terugblik")
    row = re.search(r"Terugblik \(\+3 maanden\)</th>(.*?)</tr>", page.text, re.S)
    # would reach now, queued, sent, failed, cancelled
    assert row and re.findall(r'cell">(\d+)</td>', row.group(1)) == ["1", "1", "0", "0", "0"]
    assert back["id"]
    english = await organiser_client.get(
        f"/organise/events/{event_id}/campaign", headers={"Accept-Language": "en"}
    )
    assert "Send a test to me" in english.text or "Stuur mij een test" in english.text


async def test_template_errors_are_shown_next_to_the_field(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    response = await post_form(
        organiser_client,
        f"/organise/events/{event_id}/campaign/new",
        step_form(body_nl="Beste {{ name", subject_en="Hi {{ nobody }}", action="save"),
    )
    assert response.status_code == 400
    body_error = re.search(r'id="error-body_nl"[^>]*>([^<]*)<', response.text)
    assert body_error and "Fout in de sjabloontekst op regel 1" in body_error.group(1)
    subject_error = re.search(r'id="error-subject_en"[^>]*>([^<]*)<', response.text)
    assert subject_error and "nobody" in subject_error.group(1)
    assert 'aria-describedby=" error-body_nl"' in response.text or "error-body_nl" in response.text
    assert "Beste {{ name" in response.text  # what the organiser typed stays
    assert len(await campaign_sync.list_steps(event_id)) == 4  # nothing saved


async def test_preview_then_save_a_meeting_and_replies(
    organiser_client: AsyncTestClient[Litestar], client_factory
) -> None:
    settings = load_settings()
    event_id = await make_event(settings)
    anna = await person(event_id, "anna@example.org")
    bram = await person(event_id, "bram@example.org", language="en")
    url = f"/organise/events/{event_id}/campaign/new"
    preview = await post_form(
        organiser_client, url, step_form(action="preview", preview_for=str(bram))
    )
    assert preview.status_code == 200
    assert "Voorbeeld voor Bram" in preview.text
    assert "Will you come, Bram?" in preview.text
    assert len(await campaign_sync.list_steps(event_id)) == 4  # a preview saves nothing

    saved = await post_form(organiser_client, url, step_form(action="save"))
    assert saved.status_code == 200
    step = await step_named(event_id, "Bijeenkomst")
    rows = await rows_of(step["id"])
    assert rows["anna@example.org"]["data"]["invite"]["location"] == "Stadhuis"
    assert rows["anna@example.org"]["data"]["invite"]["start"] == "2027-12-02T15:00:00+00:00"
    assert "2 december 2027, 16:00" in rows["anna@example.org"]["data"]["campaign_body"]

    code = progress.followup_code(settings, anna)
    async with client_factory() as phone:
        page = await phone.get(f"/follow-up/{anna}/{code}")
        assert "Bijeenkomst" in page.text and "Ik kom" in page.text
        await post_form(phone, f"/follow-up/{anna}/{code}/meetings/{step['id']}", {"answer": "yes"})
        await post_form(phone, f"/follow-up/{anna}/{code}/meetings/{step['id']}", {"answer": "no"})
    assert await MeetingReply.count() == 1
    listing = await organiser_client.get(f"/organise/events/{event_id}/campaign")
    assert "Antwoorden op “Bijeenkomst”" in listing.text and "Ik kan niet" in listing.text

    # Editing the text re-renders the queued rows and raises the invite's SEQUENCE.
    edit = f"/organise/events/{event_id}/campaign/{step['id']}/edit"
    await post_form(organiser_client, edit, step_form(subject_nl="Nieuw: {{ name }}"))
    rows = await rows_of(step["id"])
    assert rows["anna@example.org"]["data"]["campaign_subject"] == "Nieuw: Anna"
    assert rows["anna@example.org"]["data"]["invite"]["sequence"] == 1

    # Deleting it (nothing was sent yet) cancels the queued rows.
    await post_form(
        organiser_client, f"/organise/events/{event_id}/campaign/{step['id']}/delete", {}
    )
    assert await rows_of(step["id"]) == {}
    assert await OutboxMessage.count().where(OutboxMessage.kind == "campaign-cancel") == 0


async def test_send_a_test_to_me(organiser_client: AsyncTestClient[Litestar]) -> None:
    event_id = await make_event()
    step = await step_named(event_id, "Hoe gaat")
    response = await post_form(
        organiser_client, f"/organise/events/{event_id}/campaign/{step['id']}/test", {}
    )
    assert "Het testbericht is naar je e-mailadres gestuurd." in response.text
    row = await OutboxMessage.select().where(OutboxMessage.kind == "campaign-test").first()
    assert row["recipient"] == "organiser@example.org"
    assert row["status"] == "sent"


async def test_a_pair_records_that_it_met_again(client: AsyncTestClient[Litestar]) -> None:
    settings = load_settings()
    event_id = await make_event(settings)
    anna = await person(event_id, "anna@example.org")
    bram = await person(event_id, "bram@example.org")
    pair_id = await pair(event_id, anna, bram, "Schuldhulp samen")
    code = progress.followup_code(settings, bram)
    page = await client.get(f"/follow-up/{bram}/{code}")
    assert "Schuldhulp samen" in page.text and "met Anna" in page.text
    after = await post_form(client, f"/follow-up/{bram}/{code}/pairs/{pair_id}/met", {})
    assert "jullie spraken elkaar weer" in after.text
    assert await PairReunion.count() == 1
    other = await person(event_id, "carla@example.org")
    stranger = progress.followup_code(settings, other)
    refused = await post_form(client, f"/follow-up/{other}/{stranger}/pairs/{pair_id}/met", {})
    assert refused.status_code == 404


async def test_english_is_optional_and_english_participants_then_get_the_dutch_text(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    await person(event_id, "bram@example.org", language="en")
    page = await organiser_client.get(f"/organise/events/{event_id}/campaign/new")
    assert "de titel van hun oudste openstaande toezegging" in page.text
    half = await post_form(
        organiser_client,
        f"/organise/events/{event_id}/campaign/new",
        step_form(subject_en="Only a subject", body_en="", invite="", action="save"),
    )
    assert half.status_code == 400 and 'id="error-body_en"' in half.text
    saved = await post_form(
        organiser_client,
        f"/organise/events/{event_id}/campaign/new",
        step_form(subject_en="", body_en="", invite="", action="save"),
    )
    assert saved.status_code == 200, saved.text[-1500:]
    step = await step_named(event_id, "Bijeenkomst")
    queued = await rows_of(step["id"])
    assert queued["bram@example.org"]["language"] == "en"
    assert queued["bram@example.org"]["data"]["campaign_subject"] == "Kom je ook, Bram?"

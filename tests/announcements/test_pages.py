"""The organiser's announcement pages: errors next to the fields, the review with the exact
count and both previews, the test to oneself, and the history after sending."""

from __future__ import annotations

import re

from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.outbox.tables import OutboxMessage
from tests.announcements.seed import seed
from tests.conftest import post_form


async def test_bad_input_is_refused_next_to_the_fields_and_nothing_is_saved(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    seeded = await seed()
    url = f"/organise/events/{seeded.event_id}/announcements/new"
    response = await post_form(
        organiser_client,
        url,
        {"audience": "workshops", "subject_nl": "", "body_nl": "x", "subject_en": "Hi"},
    )
    assert response.status_code == 400
    assert re.search(r'id="error-subject_nl"[^>]*>Geef het bericht een onderwerp.<', response.text)
    assert "Kies minstens één workshop of ronde." in response.text
    assert "Vul het Engelse onderwerp én de Engelse tekst in, of geen van beide." in response.text
    assert 'value="Hi"' in response.text, "what was typed stays"
    listing = await organiser_client.get(f"/organise/events/{seeded.event_id}/announcements/")
    assert "Nog geen berichten." in listing.text


async def test_review_counts_previews_tests_and_sends_once(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    seeded = await seed()
    base = f"/organise/events/{seeded.event_id}/announcements"
    created = await post_form(
        organiser_client,
        f"{base}/new",
        {
            "audience": ["workshops"],
            "sessions": [str(seeded.workshop_a)],
            "seat_status": "both",
            "subject_nl": "Mantelzorg verhuist",
            "body_nl": "Nu in de Raadzaal.",
        },
        follow_redirects=False,
    )
    assert created.status_code == 303
    review = await organiser_client.get(created.headers["location"])
    assert "3 ontvangers" in review.text
    assert "Onder hen: Anna, Bram, Cor" in review.text
    assert "Er is geen Engelse tekst" in review.text
    assert "Versturen aan 3 ontvangers" in review.text

    tested = await post_form(organiser_client, f"{created.headers['location']}/test", {})
    assert "Er is een test onderweg naar organiser@example.org." in tested.text
    await post_form(organiser_client, f"{created.headers['location']}/send", {})
    again = await post_form(organiser_client, f"{created.headers['location']}/send", {})
    assert again.status_code == 200
    queued = await OutboxMessage.select(OutboxMessage.recipient).where(
        OutboxMessage.kind == "announcement"
    )
    assert sorted(row["recipient"] for row in queued) == [
        "anna@example.org",
        "bram@example.org",
        "cor@example.org",
    ]
    listing = await organiser_client.get(f"{base}/")
    assert "Mantelzorg verhuist" in listing.text and "verstuurd op" in listing.text

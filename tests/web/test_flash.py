"""After a save, the next page says so once, in a status message screen readers announce; the
page after registering repeats what was booked, waiting list included."""

from __future__ import annotations

import re
from typing import Any

from tests.conftest import post_form
from tests.registration.helpers import make_event, make_round, make_workshop
from tests.registration.test_register_pages import registration

STATUS = re.compile(
    r'<div class="utrecht-alert utrecht-alert--ok flash" role="status"><p>([^<]*)</p>'
)


async def test_a_save_is_confirmed_once_on_the_next_page(organiser_client: Any) -> None:
    response = await post_form(
        organiser_client, "/organise/themes/new", {"name": "Armoede"}, follow_redirects=False
    )
    assert response.status_code == 303
    page = await organiser_client.get(response.headers["location"])
    assert STATUS.findall(page.text) == ["Toegevoegd."]
    again = await organiser_client.get(response.headers["location"])
    assert STATUS.findall(again.text) == [], "shown once"

    edit = re.search(r'href="(/organise/themes/\d+/edit)"', page.text).group(1)
    page = await post_form(organiser_client, edit, {"name": "Armoede en schulden"})
    assert STATUS.findall(page.text) == ["Wijziging opgeslagen."]


async def test_the_page_after_registering_lists_the_bookings(client: Any) -> None:
    event_id = await make_event()
    morning = await make_round(event_id, "Ronde 1", 9)
    afternoon = await make_round(event_id, "Ronde 2", 13)
    free = await make_workshop(event_id, morning, "Regiebox", 5)
    full = await make_workshop(event_id, afternoon, "Binthout", 1)
    await post_form(
        client,
        "/events/parade/register",
        registration(email="eerst@example.org", **{f"round-{afternoon}": full}),
    )
    client.cookies.clear()
    page = await post_form(
        client,
        "/events/parade/register",
        registration(**{f"round-{morning}": free, f"round-{afternoon}": full}),
    )
    assert page.status_code == 200
    assert STATUS.findall(page.text) == ["Je aanmelding is opgeslagen."]
    booked = page.text[page.text.index('id="booked"') :]
    assert booked.index("Regiebox") < booked.index("Binthout"), "in time order"
    assert "Ronde 1 · 10:00–10:45 · Zaal: Room Regiebox" in booked
    assert "Je hebt een plaats." in booked
    assert "Op de wachtlijst, nummer 1." in booked

    # Someone else's browser (or a tampered cookie) sees no bookings.
    client.cookies.set("booked", f"{free}:confirmed:0.0000")
    assert 'id="booked"' not in (await client.get("/events/parade/register/sent")).text

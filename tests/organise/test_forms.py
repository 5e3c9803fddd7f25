"""An organiser plans a parade through the /organise/ forms; wrong input is refused in place."""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.app import CSRF_HEADER
from events.programme.tables import Event, Session
from tests.conftest import csrf_token, post_form
from tests.organise.helpers import EVENT_FORM, build_parade, snapshot

Client = AsyncTestClient[Litestar]


async def submit(client: Client, url: str, data: Any, **kwargs: Any) -> Any:
    """POST a form; a success must answer 303 and the page it leads to is returned."""
    response = await post_form(client, url, data, follow_redirects=False, **kwargs)
    assert response.status_code == 303, response.text
    page = await client.get(response.headers["location"])
    assert page.status_code == 200
    return page


async def test_organiser_plans_a_parade_through_the_forms(organiser_client: Client) -> None:
    client = organiser_client
    page = await submit(
        client,
        "/organise/organisations/new",
        {"name": "Gemeente Waadhoeke", "place": "Franeker", "website": "https://waadhoeke.nl"},
    )
    assert "Gemeente Waadhoeke" in page.text and "Franeker" in page.text
    page = await submit(client, "/organise/themes/new", {"name": "Schuldpreventie & armoede"})
    assert "Schuldpreventie &amp; armoede" in page.text and "schuldpreventie-armoede" in page.text
    page = await submit(
        client,
        "/organise/people/new",
        {
            "name": "Jan Jansen",
            "job_title": "Netwerkmakelaar",
            "organisation": "1",
            "email": "jan@example.org",
            "motto": "Gewoon doen",
            "links": "https://example.org/jan\n\n https://linkedin.example.org/jan ",
            "story": "Over Thuis in Dalfsen.",
            "public_profile": "1",
        },
    )
    assert "Jan Jansen" in page.text and "Netwerkmakelaar" in page.text
    assert "jan@example.org" not in page.text  # the list does not show e-mail addresses

    page = await submit(client, "/organise/events/new", EVENT_FORM)
    event = await Event.select().first()
    assert event is not None
    assert page.url.path == f"/organise/events/{event['id']}"
    assert "<h1" in page.text and "Parade Sociaal Domein" in page.text
    assert "dinsdag 14 april 2026, 09:30–16:30" in page.text
    assert event["starts_at"] == datetime(2026, 4, 14, 7, 30, tzinfo=UTC)
    assert event["calendar_uid"].startswith("event-") and event["calendar_uid"].endswith("@events")
    assert "Nog geen zalen" in page.text and "Nog geen rondes" in page.text
    base = f"/organise/events/{event['id']}"

    page = await submit(
        client,
        f"{base}/rounds/new",
        {"name": "Ronde 1", "start_time": "10:00", "end_time": "11:15"},
    )
    assert "Ronde 1" in page.text and "10:00–11:15" in page.text
    page = await submit(client, f"{base}/rooms/new", {"name": "Raadzaal", "capacity": "40"})
    assert "Raadzaal" in page.text
    page = await submit(
        client,
        f"{base}/practices/new",
        {
            "title": "Regiebox Waadhoeke",
            "summary": "Eén regie.",
            "organisation": "1",
            "contact": "1",
            "themes": ["1"],
            "links": "https://example.org/regiebox",
        },
    )
    assert "Regiebox Waadhoeke" in page.text and "Gemeente Waadhoeke" in page.text
    page = await submit(
        client,
        f"{base}/sessions/new",
        {
            "kind": "workshop",
            "title": "Thuis in Dalfsen",
            "round": "1",
            "room": "1",
            "capacity": "25",
            "hosts": ["1"],
            "practices": ["1"],
            "themes": ["1"],
        },
    )
    assert "Thuis in Dalfsen" in page.text and "Jan Jansen" in page.text
    page = await submit(
        client, f"{base}/sessions/new", {"kind": "stand", "title": "Stand van Binthout"}
    )
    stands = page.text.split('<h3 class="utrecht-heading-3">Stands</h3>')[1]
    assert "Stand van Binthout" in stands
    session = await Session.select().where(Session.title == "Thuis in Dalfsen").first()
    assert session is not None and session["calendar_uid"].startswith("session-")

    edit = await client.get(f"{base}/sessions/{session['id']}/edit")
    assert 'value="Thuis in Dalfsen"' in edit.text
    assert 'name="hosts" value="1" checked' in edit.text

    dashboard = await client.get("/organise/")
    assert "Parade Sociaal Domein" in dashboard.text and "gepubliceerd" in dashboard.text
    assert "Nieuw evenement" in dashboard.text


async def test_empty_lists_invite_to_add_the_first(organiser_client: Client) -> None:
    for url, text in [
        ("/organise/organisations/", "Nog geen organisaties"),
        ("/organise/people/", "Nog geen personen"),
        ("/organise/themes/", "Nog geen thema's"),
        ("/organise/", "Er zijn nog geen evenementen."),
    ]:
        page = await organiser_client.get(url)
        assert text in page.text, url


async def test_cancel_and_reinstate_a_session(organiser_client: Client) -> None:
    ids = await build_parade()
    base = f"/organise/events/{ids['event']}/sessions/{ids['session']}"
    page = await submit(organiser_client, f"{base}/cancel", {})
    assert "geannuleerd" in page.text
    row = await Session.select().where(Session.id == ids["session"]).first()
    assert row["status"] == "cancelled" and row["calendar_sequence"] == 1
    await submit(organiser_client, f"{base}/reinstate", {})
    row = await Session.select().where(Session.id == ids["session"]).first()
    assert row["status"] == "scheduled" and row["calendar_sequence"] == 2


@pytest.mark.parametrize("thing", ["room", "round", "session", "practice"])
async def test_delete_after_confirmation(organiser_client: Client, thing: str) -> None:
    ids = await build_parade()
    url = f"/organise/events/{ids['event']}/{thing}s/{ids[thing]}/delete"
    confirm = await organiser_client.get(url)
    assert "Dit kan niet ongedaan worden gemaakt." in confirm.text
    before = await snapshot()
    assert before == await snapshot()
    page = await submit(organiser_client, url, {})
    after = await snapshot()
    table = {"practice": "practice_example"}.get(thing, thing)
    assert len(after[table]) == len(before[table]) - 1
    assert "Zaal A" not in page.text if thing == "room" else True
    gone = await organiser_client.get(url)
    assert gone.status_code == 404


# --- validation ----------------------------------------------------------------------------


def bad_forms(ids: dict[str, int]) -> dict[str, tuple[str, Any, str, str, str]]:
    """case → (url, form, field, Dutch message, a typed value that must stay in the form)."""
    event = f"/organise/events/{ids['event']}"
    workshop = {
        "kind": "workshop",
        "title": "Nog een workshop",
        "round": str(ids["round"]),
        "room": str(ids["room"]),
        "capacity": "10",
    }
    return {
        "round end before start": (
            f"{event}/rounds/new",
            {"name": "Ronde 2", "start_time": "14:00", "end_time": "13:00"},
            "end_time",
            "Het einde moet na het begin liggen.",
            'value="Ronde 2"',
        ),
        "duplicate room name": (
            f"{event}/rooms/new",
            {"name": "Zaal A", "capacity": "12"},
            "name",
            "Dit evenement heeft al een zaal met deze naam.",
            'value="12"',
        ),
        "room double-booked": (
            f"{event}/sessions/new",
            workshop,
            "room",
            "Deze zaal heeft in deze ronde al een sessie",
            'value="Nog een workshop"',
        ),
        "workshop above room capacity": (
            f"{event}/sessions/{ids['session']}/edit",
            {**workshop, "title": "Samen tegen schulden", "capacity": "21"},
            "capacity",
            "Zaal A heeft maar 20 plaatsen.",
            'value="21"',
        ),
        "workshop without seats": (
            f"{event}/sessions/new",
            {**workshop, "room": "", "capacity": ""},
            "capacity",
            "Een workshop heeft een aantal plaatsen nodig.",
            'value="Nog een workshop"',
        ),
        "bad slug": (
            "/organise/events/new",
            {**EVENT_FORM, "slug": "Parade 2026!"},
            "slug",
            "Gebruik alleen kleine letters, cijfers en streepjes, zoals parade-2026.",
            'value="Parade 2026!"',
        ),
        "duplicate slug": (
            "/organise/events/new",
            {**EVENT_FORM, "name": "Tweede parade"},
            "slug",
            "Een ander evenement gebruikt dit webadres al; kies een ander.",
            'value="Tweede parade"',
        ),
        "bad time zone": (
            "/organise/events/new",
            {**EVENT_FORM, "slug": "andere", "timezone": "Europe/Leiden"},
            "timezone",
            "Onbekende tijdzone; kies er een uit de lijst.",
            'value="andere"',
        ),
    }


CASES = list(bad_forms({key: 1 for key in ("event", "round", "room", "session")}))


@pytest.mark.parametrize("case", CASES)
async def test_wrong_input_is_refused_next_to_the_field(
    organiser_client: Client, case: str
) -> None:
    ids = await build_parade()
    url, form, field, message, kept = bad_forms(ids)[case]
    before = await snapshot()
    response = await post_form(organiser_client, url, form)
    assert response.status_code == 400
    assert f'id="error-{field}" role="alert">{escape(message)}</div>' in response.text
    assert 'aria-invalid="true"' in response.text
    assert kept in response.text
    assert await snapshot() == before


async def test_errors_speak_english_when_asked(organiser_client: Client) -> None:
    ids = await build_parade()
    url, form, *_rest = bad_forms(ids)["round end before start"]
    response = await post_form_english(organiser_client, url, form)
    assert response.status_code == 400
    assert (
        'id="error-end_time" role="alert">The end must be after the start.</div>' in response.text
    )
    assert "Please correct the following:" in response.text
    double = bad_forms(ids)["room double-booked"]
    response = await post_form_english(organiser_client, double[0], double[1])
    assert "This room already has a session in this round" in response.text


async def post_form_english(client: Client, url: str, data: Any) -> Any:
    token = await csrf_token(client)
    return await client.post(url, data=data, headers={CSRF_HEADER: token, "Accept-Language": "en"})

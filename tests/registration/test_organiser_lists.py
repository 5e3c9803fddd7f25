"""Organiser lists on the server: pages and filters of the registrations and the check-in search,
check-in per workshop (once per person and workshop), and the attendance list per workshop."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from piccolo.query.base import Query

from events.db import write_transaction
from events.registration.links import unusable_hash
from events.registration.tables import Participant, SeatChoice, WorkshopAttendance
from tests.conftest import post_form
from tests.registration.helpers import make_event, make_round, make_workshop
from tests.registration.test_manage import registered

NAMES = re.compile(r'/participants/\d+">([^<]+)</a>')


async def many(event_id: int, count: int, session_id: int, round_id: int, start: int = 1) -> None:
    """`count` participants named Deelnemer 001 … (from `start`), each seated in the session."""
    now = datetime.now(UTC)
    rows = await Participant.insert(
        *[
            Participant(
                event=event_id,
                name=f"Deelnemer {number:03d}",
                email=f"deelnemer{number:03d}@example.org",
                consent_event_at=now,
                consent_text_version="2026-11",
                manage_token_hash=unusable_hash(),
                calendar_uid=f"registration-{uuid.uuid4()}@test",
            )
            for number in range(start, start + count)
        ]
    ).returning(Participant.id)
    await SeatChoice.insert(
        *[
            SeatChoice(
                participant=row["id"], session=session_id, round=round_id, status="confirmed"
            )
            for row in rows
        ]
    )


async def test_the_registrations_list_comes_in_pages_with_counts(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    round_id = await make_round(event_id, "Ronde 1", 9)
    workshop = await make_workshop(event_id, round_id, "Atelier", 200)
    await many(event_id, 120, workshop, round_id)
    url = f"/organise/events/{event_id}/registrations"

    first = await organiser_client.get(url)
    third = await organiser_client.get(f"{url}?page=3")
    beyond = await organiser_client.get(f"{url}?page=99")

    assert "120 deelnemers gevonden. 1–50 van 120." in first.text
    assert "Pagina 1 van 3" in first.text
    names = NAMES.findall(first.text)
    assert len(names) == 50 and names[0] == "Deelnemer 120", "newest first"
    assert 'rel="next" href="/organise/events/' in first.text and 'rel="prev"' not in first.text
    assert "101–120 van 120." in third.text and len(NAMES.findall(third.text)) == 20
    assert 'rel="prev"' in third.text and 'rel="next"' not in third.text
    assert NAMES.findall(beyond.text) == NAMES.findall(third.text), "past the end: the last page"


async def test_each_filter_narrows_the_list_and_pages_keep_the_filters(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    first = await make_round(event_id, "Ronde 1", 9)
    second = await make_round(event_id, "Ronde 2", 11)
    atelier = await make_workshop(event_id, first, "Atelier", 1)
    buurt = await make_workshop(event_id, first, "Buurtkamer", 10)
    later = await make_workshop(event_id, second, "Later", 10)
    anna, _ = await registered(event_id, "anna@example.org", [atelier, later])
    await registered(event_id, "bram@example.org", [atelier])  # waiting list
    await registered(event_id, "carla@example.org", [buurt])
    dirk, _ = await registered(event_id, "dirk@example.org", [])
    await Participant.update({Participant.status: "cancelled"}).where(Participant.id == dirk)
    await Participant.update({Participant.checked_in_at: datetime.now(UTC)}).where(
        Participant.id == anna
    )
    url = f"/organise/events/{event_id}/registrations"

    async def names(query: str) -> list[str]:
        response = await organiser_client.get(f"{url}?{query}")
        assert response.status_code == 200
        return sorted(NAMES.findall(response.text))

    assert await names("") == ["Anna", "Bram", "Carla", "Dirk"]
    assert await names("q=CARLA") == ["Carla"]
    assert await names("q=bram%40example") == ["Bram"]
    assert await names("status=cancelled") == ["Dirk"]
    assert await names("status=registered") == ["Anna", "Bram", "Carla"]
    assert await names("status=waitlisted") == ["Bram"]
    assert await names(f"session={atelier}") == ["Anna", "Bram"]
    assert await names(f"round={second}") == ["Anna"]
    assert await names(f"round={first}") == ["Anna", "Bram", "Carla"]
    assert await names("checked_in=yes") == ["Anna"]
    assert await names("checked_in=no") == ["Bram", "Carla", "Dirk"]
    assert await names(f"session={atelier}&checked_in=no") == ["Bram"]
    assert await names("status=nonsense&session=x&page=-1") == ["Anna", "Bram", "Carla", "Dirk"]

    await many(event_id, 60, buurt, first)
    page = await organiser_client.get(f"{url}?session={buurt}&checked_in=no")
    assert "61 deelnemers gevonden." in page.text
    assert f"session={buurt}&amp;checked_in=no&amp;page=2" in page.text


async def test_the_list_takes_a_fixed_number_of_queries_whatever_the_page_holds(
    organiser_client: AsyncTestClient[Litestar], monkeypatch: pytest.MonkeyPatch
) -> None:
    event_id = await make_event()
    round_id = await make_round(event_id, "Ronde 1", 9)
    workshop = await make_workshop(event_id, round_id, "Atelier", 200)
    url = f"/organise/events/{event_id}/registrations"
    counted: list[str] = []
    original = Query.run

    async def counting(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        counted.append(type(self).__name__)
        return await original(self, *args, **kwargs)

    await many(event_id, 2, workshop, round_id)
    monkeypatch.setattr(Query, "run", counting)
    await organiser_client.get(url)
    with_two = len(counted)
    assert with_two >= 5, counted
    monkeypatch.undo()
    await many(event_id, 100, workshop, round_id, start=3)
    counted.clear()
    monkeypatch.setattr(Query, "run", counting)
    await organiser_client.get(url)
    assert len(counted) == with_two, "no query per row"


async def test_the_check_in_search_filters_and_pages(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    round_id = await make_round(event_id, "Ronde 1", 9)
    workshop = await make_workshop(event_id, round_id, "Atelier", 200)
    await many(event_id, 55, workshop, round_id)
    cancelled, _ = await registered(event_id, "deelnemer-weg@example.org", [])
    await Participant.update(
        {Participant.status: "cancelled", Participant.name: "Deelnemer Weg"}
    ).where(Participant.id == cancelled)
    url = f"/organise/events/{event_id}/check-in"

    nothing = await organiser_client.get(url)
    found = await organiser_client.get(f"{url}?q=deelnemer")
    second = await organiser_client.get(f"{url}?q=deelnemer&page=2")

    assert "Deelnemer 001" not in nothing.text, "no list before a search"
    assert "55 deelnemers gevonden." in found.text, "cancelled registrations are not for the desk"
    assert "Deelnemer 001" in found.text and "Deelnemer 051" not in found.text, "by name"
    assert "Deelnemer 051" in second.text and "Deelnemer Weg" not in second.text
    one = await Participant.select(Participant.id).where(Participant.name == "Deelnemer 002")
    await post_form(organiser_client, f"{url}/{one[0]['id']}", {"q": "deelnemer"})
    done = await organiser_client.get(f"{url}?checked_in=yes")
    assert "1 deelnemer gevonden." in done.text and "Deelnemer 002" in done.text


async def test_check_in_per_workshop_counts_once_and_the_attendance_list_shows_it(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    round_id = await make_round(event_id, "Ronde 1", 9)
    atelier = await make_workshop(event_id, round_id, "Atelier", 2)
    other = await make_workshop(event_id, round_id, "Buurtkamer", 5)
    zoe, _ = await registered(event_id, "zoe@example.org", [atelier])
    anna, _ = await registered(event_id, "anna@example.org", [atelier])
    await registered(event_id, "bram@example.org", [atelier])  # waiting list
    carla, _ = await registered(event_id, "carla@example.org", [other])
    await Participant.update({Participant.organisation: None}).where(Participant.id == zoe)
    base = f"/organise/events/{event_id}"
    back = f"{base}/attendance/{atelier}"

    for _ in range(2):
        await post_form(
            organiser_client,
            f"{base}/participants/{anna}/workshops/{atelier}/check-in",
            {"back": back},
        )
    await post_form(
        organiser_client,
        f"{base}/participants/{carla}/workshops/{atelier}/check-in",
        {"back": back},
    )
    with pytest.raises(Exception, match=r"(?i)unique"):
        async with write_transaction():
            await WorkshopAttendance.insert(WorkshopAttendance(participant=anna, session=atelier))
    assert await WorkshopAttendance.count().where(WorkshopAttendance.participant == anna) == 1

    page = await organiser_client.get(back)
    rows = re.findall(r"<tr>\s*<td><a[^>]*>([^<]+)</a></td>(.*?)</tr>", page.text, re.S)
    assert [name for name, _rest in rows] == ["Anna", "Bram", "Carla", "Zoe"], "alphabetical"
    cells = {name: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", rest)) for name, rest in rows}
    assert re.search(r"plaats ja, \d\d:\d\d ja, \d\d:\d\d", cells["Anna"]), cells["Anna"]
    assert "wachtlijst nee nee" in cells["Bram"]
    assert "niet ingedeeld ja" in cells["Carla"], "seen there without a booking"
    assert "plaats nee nee" in cells["Zoe"]
    overview = await organiser_client.get(f"{base}/attendance")
    assert re.search(r"Atelier</a></td><td>2</td><td>2</td><td>1</td><td>2</td>", overview.text)

    await post_form(
        organiser_client, f"{base}/participants/{anna}/workshops/{atelier}/undo", {"back": back}
    )
    assert await WorkshopAttendance.count().where(WorkshopAttendance.participant == anna) == 0
    mine = await organiser_client.get(f"{base}/participants/{anna}")
    assert "Inchecken bij Atelier" in mine.text
    assert "Ingecheckt om" in mine.text, "the day's check-in stays"
    bram_page = await organiser_client.get(f"{base}/check-in?q=bram&workshop={atelier}")
    assert "Bram is er" in bram_page.text


async def test_anonymous_and_participants_cannot_reach_the_new_organiser_pages(
    client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    round_id = await make_round(event_id, "Ronde 1", 9)
    workshop = await make_workshop(event_id, round_id, "Atelier", 2)
    participant, link = await registered(event_id, "anna@example.org", [workshop])
    await client.get(link)
    base = f"/organise/events/{event_id}"
    for path in (
        f"/participants/{participant}",
        f"/participants/{participant}/edit",
        f"/participants/{participant}/badge",
        "/participants/new",
        "/walk-in",
        "/attendance",
        f"/attendance/{workshop}",
    ):
        response = await client.get(f"{base}{path}", follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/login")
    for path in (
        f"/participants/{participant}/check-in/undo",
        f"/participants/{participant}/cancel",
        f"/participants/{participant}/link",
        "/walk-in",
    ):
        response = await post_form(client, f"{base}{path}", {}, follow_redirects=False)
        assert response.status_code == 401, path
    row = await Participant.select(Participant.status).where(Participant.id == participant)
    assert row[0]["status"] == "registered"

"""The organiser lists of pledges, pairs, the outbox and the audit log come in pages of 50,
filtered on the server: page 2 shows the next rows, filters narrow and combine, the pager keeps
them, and no page number or filter value in the address makes a list fail."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.organise.tables import AuditEntry
from events.outbox.tables import OutboxMessage
from events.pairs.tables import Pair, PairMember
from events.pledges.tables import Pledge
from events.registration.tables import Participant
from tests.query_count import counting_queries
from tests.registration.helpers import make_event, make_round, make_workshop
from tests.registration.test_organiser_lists import many

PLEDGE_TITLES = re.compile(r'<h3 class="utrecht-heading-3">‘([^’]+)’</h3>')
BAD_VALUES = ["page=-1", "page=abc", "page=99999999999", "status=weird", "kind=%00", "person=x"]


async def participants(event_id: int, count: int) -> list[int]:
    round_id = await make_round(event_id, "Ronde 1", 9)
    workshop = await make_workshop(event_id, round_id, "Atelier", 500)
    await many(event_id, count, workshop, round_id)
    rows = await Participant.select(Participant.id).where(Participant.event == event_id)
    return sorted(row["id"] for row in rows)


async def pledges(event_id: int, people: list[int], count: int) -> None:
    """`count` pledges 'Voornemen 001' …, older first; every third approved, the rest waiting."""
    start = datetime(2027, 3, 18, 9, 0, tzinfo=UTC)
    await Pledge.insert(
        *[
            Pledge(
                event=event_id,
                participant=people[number % len(people)],
                title=f"Voornemen {number:03d}",
                text="Samen met de buurt" if number % 2 else "Alleen",
                status="approved" if number % 3 == 0 else "pending",
                created_at=start + timedelta(minutes=number),
            )
            for number in range(1, count + 1)
        ]
    )


async def test_pledges_come_in_pages_with_counts_and_filters_that_combine(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    people = await participants(event_id, 5)
    await pledges(event_id, people, 120)
    url = f"/organise/events/{event_id}/pledges/"

    first = await organiser_client.get(url)
    second = await organiser_client.get(f"{url}?page=2")
    last = await organiser_client.get(f"{url}?page=99")

    assert "120 voornemens gevonden. 1–50 van 120." in first.text
    titles = PLEDGE_TITLES.findall(first.text)
    assert len(titles) == 50 and titles[0] == "Voornemen 120", "newest first"
    assert PLEDGE_TITLES.findall(second.text)[0] == "Voornemen 070", "page 2 goes on"
    assert "51–100 van 120." in second.text and "Pagina 2 van 3" in second.text
    assert PLEDGE_TITLES.findall(last.text)[-1] == "Voornemen 001", "past the end: last page"

    approved = await organiser_client.get(f"{url}?status=approved")
    assert "40 voornemens gevonden." in approved.text
    both = await organiser_client.get(f"{url}?status=approved&q=buurt")
    assert "20 voornemens gevonden." in both.text, "approved and odd: 3, 9, 15, … 117"
    assert all(int(t[-3:]) % 6 == 3 for t in PLEDGE_TITLES.findall(both.text))
    by_author = await organiser_client.get(f"{url}?q=deelnemer 002")
    assert "24 voornemens gevonden." in by_author.text, "search finds the author's name"
    paged = await organiser_client.get(f"{url}?status=pending&q=voornemen")
    pager_link = f"/organise/events/{event_id}/pledges/?status=pending&amp;q=voornemen&amp;page=2"
    assert f'href="{pager_link}"' in paged.text, "the pager keeps the filters"

    nothing = await organiser_client.get(f"{url}?q=bestaat-niet")
    assert "Geen voornemens die passen bij “bestaat-niet”." in nothing.text


async def test_approving_on_page_two_returns_to_page_two_with_the_filters(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    from tests.conftest import post_form

    event_id = await make_event()
    people = await participants(event_id, 2)
    await pledges(event_id, people, 60)
    target = await Pledge.select(Pledge.id).where(Pledge.title == "Voornemen 005").first()
    response = await post_form(
        organiser_client,
        f"/organise/events/{event_id}/pledges/{target['id']}/approve",
        {"filter": "pending", "q": "voornemen", "page": "2"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == (
        f"/organise/events/{event_id}/pledges?status=pending&q=voornemen&page=2"
        f"#pledge-{target['id']}"
    )


async def pairs(event_id: int, people: list[int], count: int) -> None:
    start = datetime(2027, 3, 18, 9, 0, tzinfo=UTC)
    rows = await Pair.insert(
        *[
            Pair(
                event=event_id,
                title=f"Gesprek {number:03d}",
                code=f"C{number:05d}",
                started_by=people[number % len(people)],
                created_at=start + timedelta(minutes=number),
            )
            for number in range(1, count + 1)
        ]
    ).returning(Pair.id)
    await PairMember.insert(
        *[
            PairMember(pair=row["id"], participant=people[index % len(people)], role="a")
            for index, row in enumerate(rows)
        ]
    )


async def test_pairs_come_in_pages_and_search_by_member(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    people = await participants(event_id, 4)
    await pairs(event_id, people, 70)
    url = f"/organise/events/{event_id}/pairs/"

    first = await organiser_client.get(url)
    second = await organiser_client.get(f"{url}?page=2")
    assert "70 pairs" not in first.text and "70 gespreksparen gevonden. 1–50 van 70." in first.text
    assert "Gesprek 070" in first.text and "Gesprek 020" not in first.text
    assert "Gesprek 020" in second.text and "51–70 van 70." in second.text

    member = await organiser_client.get(f"{url}?search=deelnemer 001")
    assert "18 gespreksparen gevonden." in member.text, "members 1, 5, 9, … (every fourth)"
    code = await organiser_client.get(f"{url}?search=C00007")
    assert "1 gesprekspaar gevonden." in code.text and "Gesprek 007" in code.text
    nothing = await organiser_client.get(f"{url}?search=niemand")
    assert "Geen gespreksparen die passen bij “niemand”." in nothing.text


async def outbox(count: int) -> None:
    now = datetime.now(UTC)
    await OutboxMessage.insert(
        *[
            OutboxMessage(
                idempotency_key=f"paged:{number}",
                message_id=f"<{uuid.uuid4()}@test>",
                recipient=f"{'anna' if number % 2 else 'bert'}{number}@example.org",
                kind="confirmation" if number % 5 else "reminder",
                template="test",
                due_at=now - timedelta(minutes=number),
                status="sent" if number % 3 else "failed",
            )
            for number in range(1, count + 1)
        ]
    )


async def test_the_outbox_comes_in_pages_by_status_kind_and_recipient(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    await outbox(130)
    url = "/organise/outbox/"

    first = await organiser_client.get(url)
    third = await organiser_client.get(f"{url}?page=3")
    assert "130 berichten gevonden. 1–50 van 130." in first.text
    assert "bert2@example.org" in first.text and "bert130@example.org" not in first.text
    assert "101–130 van 130." in third.text and "bert130@example.org" in third.text

    failed = await organiser_client.get(f"{url}?status=failed")
    assert "43 berichten gevonden." in failed.text
    combined = await organiser_client.get(f"{url}?status=failed&kind=reminder&q=bert")
    assert "4 berichten gevonden." in combined.text, "30, 60, 90, 120"
    paged = await organiser_client.get(f"{url}?kind=confirmation&q=example")
    assert 'href="/organise/outbox/?kind=confirmation&amp;q=example&amp;page=2"' in paged.text
    nothing = await organiser_client.get(f"{url}?q=carla")
    assert "Geen berichten aan een ontvanger die past bij “carla”." in nothing.text


async def test_the_audit_log_comes_in_pages_by_person_and_search(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    start = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
    await AuditEntry.insert(
        *[
            AuditEntry(
                at=start + timedelta(minutes=number),
                username="anna" if number % 4 else "bert",
                method="POST",
                path=f"/organise/events/{number}/rooms" if number % 2 else f"/organise/x/{number}",
                status_code=303,
            )
            for number in range(1, 81)
        ]
    )
    url = "/organise/audit"
    first = await organiser_client.get(url)
    assert "1–50 van" in first.text and "Pagina 1 van 2" in first.text
    bert = await organiser_client.get(f"{url}?person=bert")
    assert "20 wijzigingen gevonden." in bert.text
    rooms = await organiser_client.get(f"{url}?person=anna&q=rooms")
    assert "40 wijzigingen gevonden." in rooms.text
    nothing = await organiser_client.get(f"{url}?person=bert&q=rooms")
    assert "Geen wijzigingen die passen bij deze filters." in nothing.text


@pytest.mark.parametrize("value", BAD_VALUES)
async def test_odd_page_numbers_and_filter_values_give_a_page_not_an_error(
    organiser_client: AsyncTestClient[Litestar], value: str
) -> None:
    event_id = await make_event()
    people = await participants(event_id, 2)
    await pledges(event_id, people, 3)
    for path in (
        f"/organise/events/{event_id}/pledges/",
        f"/organise/events/{event_id}/pairs/",
        f"/organise/events/{event_id}/registrations",
        f"/organise/events/{event_id}/check-in?q=deelnemer",
        "/organise/outbox/",
        "/organise/audit",
    ):
        joiner = "&" if "?" in path else "?"
        response = await organiser_client.get(f"{path}{joiner}{value}")
        assert response.status_code == 200, (path, value, response.text[:300])


@pytest.mark.parametrize(
    "path",
    ["/organise/events/{event}/pledges/", "/organise/events/{event}/pairs/", "/organise/outbox/"],
)
async def test_a_list_takes_as_many_queries_for_fifty_rows_as_for_two(
    organiser_client: AsyncTestClient[Litestar], monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    event_id = await make_event()
    people = await participants(event_id, 3)
    url = path.format(event=event_id)
    await pledges(event_id, people, 2)
    await pairs(event_id, people, 2)
    await outbox(2)
    with counting_queries(monkeypatch) as few:
        await organiser_client.get(url)
    await Pledge.delete(force=True)
    await Pair.delete(force=True)
    await OutboxMessage.delete(force=True)
    await pledges(event_id, people, 80)
    await pairs(event_id, people, 80)
    await outbox(80)
    with counting_queries(monkeypatch) as lots:
        await organiser_client.get(url)
    assert len(lots) == len(few), (few, lots)


async def test_hiding_a_pair_on_page_two_returns_to_page_two_with_the_search(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    from tests.conftest import post_form

    event_id = await make_event()
    people = await participants(event_id, 2)
    await pairs(event_id, people, 60)
    target = await Pair.select(Pair.id).where(Pair.title == "Gesprek 003").first()
    response = await post_form(
        organiser_client,
        f"/organise/events/{event_id}/pairs/{target['id']}/hide",
        {"reason": "Dubbel", "search": "gesprek", "page": "2"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == (
        f"/organise/events/{event_id}/pairs/?search=gesprek&page=2"
    )
    back = await organiser_client.get(response.headers["location"])
    assert "Verborgen: Dubbel" in back.text and "51–60 van 60." in back.text


async def test_the_outbox_names_each_kind_in_words(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    from events.followup.tables import CampaignStep
    from tests.followup.helpers import make_event

    await make_event()
    step = await CampaignStep.select(CampaignStep.id, CampaignStep.name).first()
    now = datetime.now(UTC)
    kinds = ("registration-link", f"campaign-{step['id']}", "host-list", "made-up-kind")
    await OutboxMessage.insert(
        *[
            OutboxMessage(
                idempotency_key=f"kind:{kind}",
                message_id=f"<{uuid.uuid4()}@test>",
                recipient="anna@example.org",
                kind=kind,
                template="test",
                due_at=now,
                status="sent",
            )
            for kind in kinds
        ]
    )
    page = (await organiser_client.get("/organise/outbox/")).text
    for name in (
        "Persoonlijke link",
        f"Na afloop: {step['name']}",
        "Deelnemerslijst voor begeleiders",
    ):
        assert page.count(name) == 2, f"{name}: in the kind filter and in the list"
    assert f'<option value="campaign-{step["id"]}">' in page, "the filter keeps the kind itself"
    assert "made-up-kind" in page, "an unknown kind is shown as it is"

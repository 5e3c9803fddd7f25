"""The report of the day and the wall: contents, publishing, JSON and CSV for organisers."""

from __future__ import annotations

import csv
import io

from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.pledges import services
from tests.conftest import post_form
from tests.pledges.helpers import make_theme, participant, pledge
from tests.registration.helpers import make_event


async def seed_day(event_id: int) -> dict[str, int]:
    """Two named and one anonymous approved pledge, one private and one waiting."""
    await services.save_settings(event_id, moderation_mode="approve_first")
    poverty = await make_theme("Armoede")
    neighbours = await make_theme("Wijkteams")
    henk, _l1 = await participant(
        event_id,
        "henk@example.org",
        name="Henk Beest",
        organisation="Gemeente Aalten",
        consent_name=True,
    )
    marlies, _l2 = await participant(
        event_id,
        "marlies@example.org",
        name="Marlies Mark",
        organisation="Welzijn Wolden",
        consent_name=True,
    )
    roel, _l3 = await participant(
        event_id, "roel@example.org", name="Roel Rijs", organisation="Gemeente Aalten"
    )
    ids = {
        "two_birds": await pledge(
            henk,
            "Twee vliegen in één klap",
            text="Bijstand en ouderen samen.",
            visibility="public_named",
            themes=[poverty],
        ),
        "neighbours": await pledge(
            marlies,
            "Buurtcontact ook privé toepassen",
            text="Buurt-tapas in mijn straat.",
            visibility="public_named",
            themes=[neighbours, poverty],
        ),
        "anonymous": await pledge(
            roel,
            "Ook via inkoop minima helpen besparen",
            visibility="public_anonymous",
            themes=[poverty],
        ),
        "private": await pledge(henk, "Alleen voor de organisatie", visibility="private"),
        "waiting": await pledge(marlies, "Nog niet goedgekeurd", visibility="public_anonymous"),
    }
    for key in ("two_birds", "neighbours", "anonymous", "private"):
        await services.moderate(event_id, ids[key], "approved")
    return ids


async def test_report_is_public_only_when_published(
    client_factory, organiser_client: AsyncTestClient[Litestar]
) -> None:
    event_id = await make_event()
    await seed_day(event_id)
    async with client_factory() as public:
        assert (await public.get("/events/parade/report")).status_code == 404

        preview = await organiser_client.get("/events/parade/report")
        assert preview.status_code == 200
        assert "Voorvertoning: dit verslag is nog niet gepubliceerd" in preview.text

        published = await post_form(
            organiser_client, f"/organise/events/{event_id}/report/publish", {}
        )
        assert published.status_code == 200
        assert "Het verslag is gepubliceerd." in published.text
        page = await public.get("/events/parade/report")
        assert page.status_code == 200
        assert "Publicatie van het verslag intrekken" not in page.text, "no organiser tools"

        await post_form(organiser_client, f"/organise/events/{event_id}/report/unpublish", {})
        assert (await public.get("/events/parade/report")).status_code == 404


async def test_report_contents_follow_the_shape_of_the_day(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    await seed_day(event_id)

    page = (await organiser_client.get("/events/parade/report")).text

    assert "Verslag van de dag" in page
    assert "Lees hier gesprekken tussen deelnemers" in page
    assert "Dit zou jíj eens moeten doen" in page
    assert "Dit ga ik doen" in page
    assert "‘Twee vliegen in één klap’" in page
    assert "“Bijstand en ouderen samen.”" in page
    assert "Henk Beest (Gemeente Aalten)" in page
    assert "Marlies Mark (Welzijn Wolden)" in page
    assert "‘Ook via inkoop minima helpen besparen’" in page
    assert "Roel Rijs" not in page, "without a name: shown as a participant"
    assert "Een deelnemer" in page
    assert "Alleen voor de organisatie" not in page
    assert "Nog niet goedgekeurd" not in page
    assert page.index("Twee vliegen") < page.index("Buurtcontact"), "in the order of the day"
    # Figures: 3 participants from 2 organisations; 4 approved pledges; by theme.
    assert "<dt>Deelnemers</dt><dd>3</dd>" in page
    assert "<dt>Organisaties</dt><dd>2</dd>" in page
    assert "<dt>Voornemens</dt><dd>4</dd>" in page
    assert '<th scope="row">Armoede</th><td>3</td>' in page
    assert '<th scope="row">Wijkteams</th><td>1</td>' in page

    english = await organiser_client.get("/events/parade/report", headers={"Accept-Language": "en"})
    assert "Report of the day" in english.text
    assert "You should try this" in english.text
    assert "The day in figures" in english.text


async def test_json_and_csv_exports_for_organisers(
    client_factory, organiser_client: AsyncTestClient[Litestar]
) -> None:
    event_id = await make_event()
    await seed_day(event_id)

    data = (await organiser_client.get(f"/organise/events/{event_id}/report/report.json")).json()
    assert [item["title"] for item in data["pledges"]] == [
        "Twee vliegen in één klap",
        "Buurtcontact ook privé toepassen",
        "Ook via inkoop minima helpen besparen",
    ]
    assert data["pledges"][0]["name"] == "Henk Beest"
    assert data["pledges"][2]["name"] is None
    assert data["figures"]["pledges"] == 4
    assert data["pairs"] == []

    response = await organiser_client.get(f"/organise/events/{event_id}/report/report.csv")
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text.removeprefix("\ufeff")), delimiter=";"))
    assert [row["title"] for row in rows] == [item["title"] for item in data["pledges"]]
    assert rows[1]["organisation"] == "Welzijn Wolden"
    assert rows[1]["themes"] == "Armoede; Wijkteams"

    async with client_factory() as public:
        for suffix in ("report.json", "report.csv"):
            refused = await public.get(
                f"/organise/events/{event_id}/report/{suffix}", follow_redirects=False
            )
            assert refused.status_code in (302, 303)


async def test_wall_shows_only_public_approved_content_and_counts(
    client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    await seed_day(event_id)

    wall = await client.get("/events/parade/wall")
    items = await client.get("/events/parade/wall/items")

    assert wall.status_code == 200
    assert '<script src="/static/wall.js" defer></script>' in wall.text
    assert 'data-refresh-url="/events/parade/wall/items"' in wall.text
    # Only browsers without JavaScript follow the meta refresh (wall.js turns pages in place).
    assert '<noscript><meta http-equiv="refresh"' in wall.text
    for page in (wall.text, items.text):
        assert "‘Twee vliegen in één klap’" in page
        assert "Henk Beest (Gemeente Aalten)" in page
        assert "Roel Rijs" not in page
        assert "Alleen voor de organisatie" not in page
        assert "Nog niet goedgekeurd" not in page
        assert '<span class="wall__count" data-count="participants">3</span>' in page
        assert '<span class="wall__count" data-count="pledges">4</span>' in page
        assert '<span class="wall__count" data-count="pairs">0</span>' in page
    assert "<html" not in items.text, "the poll gets a fragment"
    assert items.headers["cache-control"] == "no-store"
    assert (await client.get("/events/nope/wall")).status_code == 404

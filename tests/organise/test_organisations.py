"""Organisations that registrants suggest, and merging duplicates, as people see it."""

from __future__ import annotations

import html
import re

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.db import engine
from events.organise import organisations
from events.organise.tables import AuditEntry
from events.pledges.tables import Pledge, PledgeTheme
from events.programme.tables import Organisation, Person, PracticeExample, Theme
from events.registration.links import manage_token
from events.registration.services import RegistrationForm, register
from events.registration.tables import Participant, ParticipantTheme
from events.settings import load_settings
from tests.conftest import TEST_ENVIRONMENT, post_form
from tests.registration.helpers import make_event

SECRET = TEST_ENVIRONMENT["EVENTS_SECRET_KEY"]


async def registered(event_id: int, email: str, organisation: str) -> tuple[int, str]:
    """Register someone who agreed to show their name; (participant id, manage link path)."""
    result = await register(
        event_id,
        RegistrationForm(
            name=email.split("@")[0].title(),
            email=email,
            organisation=organisation,
            consent_event=True,
            consent_public_name=True,
        ),
        load_settings(),
    )
    assert result.participant_id and result.link_nonce
    return result.participant_id, f"/manage/{manage_token(SECRET, result.link_nonce)}"


async def organisation_id(name: str) -> int:
    row = await Organisation.select(Organisation.id).where(Organisation.name == name).first()
    return int(row["id"])


def datalist(page: str) -> list[str]:
    block = re.search(r'<datalist id="organisation-list">(.*?)</datalist>', page, re.S)
    assert block, "the form offers organisations"
    return [html.unescape(v) for v in re.findall(r'<option value="([^"]*)">', block.group(1))]


def as_form(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Repeated fields the way httpx sends them: one key, several values."""
    form: dict[str, list[str]] = {}
    for key, value in pairs:
        form.setdefault(key, []).append(value)
    return form


async def approved_named_pledge(event_id: int, participant_id: int, title: str) -> None:
    await Pledge.insert(
        Pledge(
            event=event_id,
            participant=participant_id,
            title=title,
            visibility="public_named",
            status="approved",
        )
    )


async def test_a_new_organisation_waits_for_an_organiser_before_others_see_it(
    client: AsyncTestClient[Litestar],
    client_factory,  # type: ignore[no-untyped-def]
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    await Organisation.insert(Organisation(name="Gemeente Waadhoeke"))
    anna, anna_link = await registered(event_id, "anna@example.org", "Buurtteam Oost")
    await approved_named_pledge(event_id, anna, "Ik ga de buurt in")

    suggested = await Organisation.select().where(Organisation.name == "Buurtteam Oost").first()
    assert suggested["status"] == "suggested"
    assert suggested["suggested_at_event"] == event_id

    async with client_factory() as anna_client:
        await anna_client.get(anna_link)
        me = await anna_client.get("/me")
        assert 'value="Buurtteam Oost"' in me.text, "the registrant keeps their own organisation"

    form = await client.get("/events/parade/register")
    assert datalist(form.text) == ["Gemeente Waadhoeke"]
    wall = await client.get("/events/parade/wall/items")
    assert "Ik ga de buurt in" in wall.text
    assert "Buurtteam Oost" not in wall.text

    listing = await organiser_client.get("/organise/organisations/")
    suggestions = re.search(r'<table[^>]*id="suggested".*?</table>', listing.text, re.S)
    assert suggestions and "Buurtteam Oost" in suggestions.group(0)
    accepted = await post_form(
        organiser_client,
        f"/organise/organisations/{suggested['id']}/accept",
        {},
        follow_redirects=False,
    )
    assert accepted.status_code == 303

    form = await client.get("/events/parade/register")
    assert datalist(form.text) == ["Buurtteam Oost", "Gemeente Waadhoeke"]
    wall = await client.get("/events/parade/wall/items")
    assert "Buurtteam Oost" in wall.text
    listing = await organiser_client.get("/organise/organisations/")
    assert 'id="suggested"' not in listing.text


async def test_a_rejected_organisation_stays_with_its_registrant_only(
    client: AsyncTestClient[Litestar],
    client_factory,  # type: ignore[no-untyped-def]
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    _anna, anna_link = await registered(event_id, "anna@example.org", "Mijn Eigen Clubje")
    suggested = await organisation_id("Mijn Eigen Clubje")

    rejected = await post_form(
        organiser_client, f"/organise/organisations/{suggested}/reject", {}, follow_redirects=False
    )

    assert rejected.status_code == 303
    assert datalist((await client.get("/events/parade/register")).text) == []
    async with client_factory() as anna_client:
        await anna_client.get(anna_link)
        assert 'value="Mijn Eigen Clubje"' in (await anna_client.get("/me")).text


def test_normalising_groups_the_leiden_variants() -> None:
    variants = ("Gemeente Leiden", "gemeente leiden ", "Gem. Leiden")
    keys = {organisations.normalised(name) for name in variants}
    assert keys == {"gemeente leiden"}
    assert organisations.normalised("Gemeente Leiderdorp") != "gemeente leiden"


async def leiden_variants(event_id: int) -> dict[str, int]:
    """'Gemeente Leiden' (the organisers'), 'gemeente leiden ' (old data) and 'Gem. Leiden'
    (typed by a registrant), each used by someone."""
    await Organisation.insert(Organisation(name="Gemeente Leiden"))
    await Organisation.insert(Organisation(name="gemeente leiden "))
    ids = {
        "keep": await organisation_id("Gemeente Leiden"),
        "spaced": await organisation_id("gemeente leiden "),
    }
    await Person.insert(Person(name="Piet Bakker", organisation=ids["spaced"]))
    await PracticeExample.insert(
        PracticeExample(event=event_id, title="Schuldhulp", organisation=ids["spaced"])
    )
    return ids


async def test_duplicates_are_merged_into_the_one_kept_everywhere(
    client: AsyncTestClient[Litestar],
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    ids = await leiden_variants(event_id)
    bram, _link = await registered(event_id, "bram@example.org", "Gem. Leiden")
    await registered(event_id, "carla@example.org", "gemeente leiden ")
    ids["abbreviated"] = await organisation_id("Gem. Leiden")
    await approved_named_pledge(event_id, bram, "Ik bel de wijkagent")
    await Organisation.insert(Organisation(name="Gemeente Leiderdorp"))

    duplicates = await organiser_client.get("/organise/organisations/duplicates")
    assert duplicates.status_code == 200
    groups = re.findall(r"<fieldset.*?</fieldset>", duplicates.text, re.S)
    assert len(groups) == 1
    for name in ("Gemeente Leiden", "gemeente leiden ", "Gem. Leiden"):
        assert f">{name}</th>" in groups[0]
    assert "Leiderdorp" not in groups[0]

    query = [(key, str(ids[name])) for key, name in [("keep", "keep"), ("merge", "spaced")]]
    query.append(("merge", str(ids["abbreviated"])))
    confirm = await organiser_client.get("/organise/organisations/merge", params=query)
    assert confirm.status_code == 200
    moves = re.search(r'<ul id="merge-moves">(.*?)</ul>', confirm.text, re.S)
    assert moves
    items = re.findall(r"<li>(.*?)</li>", moves.group(1))
    # Carla's "gemeente leiden " already found "Gemeente Leiden" (any case, spaces collapsed).
    assert items == ["Deelnemers: 1", "Personen: 1", "Praktijkvoorbeelden: 1"]
    assert await Organisation.count() == 4, "the confirmation page changes nothing"

    merged = await post_form(
        organiser_client, "/organise/organisations/merge", as_form(query), follow_redirects=False
    )

    assert merged.status_code == 303
    names = {row["name"] for row in await Organisation.select(Organisation.name)}
    assert names == {"Gemeente Leiden", "Gemeente Leiderdorp"}
    assert {row["organisation"] for row in await Participant.select(Participant.organisation)} == {
        ids["keep"]
    }
    assert (await Person.select(Person.organisation).first())["organisation"] == ids["keep"]
    practice = await PracticeExample.select(PracticeExample.organisation).first()
    assert practice["organisation"] == ids["keep"]
    badges = await organiser_client.get(f"/organise/events/{event_id}/badges")
    assert "Gemeente Leiden" in badges.text
    assert "Gem. Leiden" not in badges.text and "gemeente leiden" not in badges.text
    wall = await client.get("/events/parade/wall/items")
    assert "Ik bel de wijkagent" in wall.text and "(Gemeente Leiden)" in wall.text
    entry = await AuditEntry.select().where(AuditEntry.method == "MERGE").first()
    assert entry["username"] == "organiser"
    assert entry["path"] == (
        f"/organise/organisations/{ids['keep']}/merge"
        f"?from={min(ids['spaced'], ids['abbreviated'])},{max(ids['spaced'], ids['abbreviated'])}"
    )


async def test_a_merge_that_fails_half_way_changes_nothing() -> None:
    """A row the merge does not know about blocks the delete: the moves are undone too."""
    event_id = await make_event()
    ids = await leiden_variants(event_id)
    carla, _link = await registered(event_id, "carla@example.org", "")
    await Participant.update({Participant.organisation: ids["spaced"]}).where(
        Participant.id == carla
    )
    await engine().run_ddl(
        "CREATE TABLE merge_blocker (organisation INTEGER REFERENCES organisation(id) "
        "ON DELETE RESTRICT)"
    )
    try:
        await engine().run_ddl(f"INSERT INTO merge_blocker VALUES ({ids['spaced']})")
        with pytest.raises(Exception, match=r"(?i)foreign key"):
            await organisations.merge(ids["keep"], [ids["spaced"]], None)
    finally:
        await engine().run_ddl("DROP TABLE merge_blocker")

    assert await Organisation.count() == 2
    participant = await Participant.select(Participant.organisation).first()
    assert participant["organisation"] == ids["spaced"]
    assert (await Person.select(Person.organisation).first())["organisation"] == ids["spaced"]
    assert await AuditEntry.count().where(AuditEntry.method == "MERGE") == 0


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ([("keep", "KEEP"), ("merge", "KEEP")], "kan niet met zichzelf"),
        ([("keep", "KEEP"), ("merge", "999999")], "bestaat niet (meer)"),
        ([("keep", "999999"), ("merge", "OTHER")], "bestaat niet (meer)"),
        ([("keep", "KEEP"), ("merge", "abc")], "samen te voegen is onbekend"),
        ([("keep", "KEEP")], "Kies ten minste één om samen te voegen"),
        ([("merge", "OTHER")], "Kies wat blijft"),
        ([("keep", "99999999999999999999"), ("merge", "OTHER")], "Kies wat blijft"),
    ],
)
async def test_a_merge_that_makes_no_sense_is_refused_clearly(
    organiser_client: AsyncTestClient[Litestar], query: list[tuple[str, str]], message: str
) -> None:
    await Organisation.insert(
        Organisation(name="Gemeente Leiden"), Organisation(name="Gem. Leiden")
    )
    known = {
        "KEEP": await organisation_id("Gemeente Leiden"),
        "OTHER": await organisation_id("Gem. Leiden"),
    }
    filled = [(key, str(known.get(value, value))) for key, value in query]

    confirm = await organiser_client.get("/organise/organisations/merge", params=filled)
    merged = await post_form(organiser_client, "/organise/organisations/merge", as_form(filled))

    for response in (confirm, merged):
        assert response.status_code == 400
        assert message in html.unescape(response.text)
    assert await Organisation.count() == 2


async def test_accepting_an_unknown_organisation_is_not_found(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    response = await post_form(
        organiser_client, "/organise/organisations/999999/accept", {}, follow_redirects=False
    )
    assert response.status_code == 404


async def test_duplicate_themes_are_merged_without_double_links(
    client: AsyncTestClient[Litestar], organiser_client: AsyncTestClient[Litestar]
) -> None:
    event_id = await make_event()
    rows = await Theme.insert(
        Theme(name="Armoede", slug="armoede"),
        Theme(name="armoede ", slug="armoede-2"),
        Theme(name="Wijkteams", slug="wijkteams"),
    ).returning(Theme.id)
    keep, other, unrelated = (row["id"] for row in rows)
    anna, _link = await registered(event_id, "anna@example.org", "")
    bram, _link = await registered(event_id, "bram@example.org", "")
    await ParticipantTheme.insert(
        ParticipantTheme(participant=anna, theme=keep),
        ParticipantTheme(participant=anna, theme=other),
        ParticipantTheme(participant=bram, theme=other),
    )
    await approved_named_pledge(event_id, bram, "Ik start een schuldenloket")
    pledge = await Pledge.select(Pledge.id).first()
    await PledgeTheme.insert(PledgeTheme(pledge=pledge["id"], theme=other))

    duplicates = await organiser_client.get("/organise/themes/duplicates")
    groups = re.findall(r"<fieldset.*?</fieldset>", duplicates.text, re.S)
    assert len(groups) == 1 and ">armoede </th>" in groups[0] and "Wijkteams" not in groups[0]
    query = [("keep", str(keep)), ("merge", str(other))]
    confirm = await organiser_client.get("/organise/themes/merge", params=query)
    moves = re.search(r'<ul id="merge-moves">(.*?)</ul>', confirm.text, re.S)
    assert moves and re.findall(r"<li>(.*?)</li>", moves.group(1)) == [
        "Deelnemers: 2",
        "Voornemens: 1",
    ]

    merged = await post_form(
        organiser_client, "/organise/themes/merge", as_form(query), follow_redirects=False
    )

    assert merged.status_code == 303
    assert {row["id"] for row in await Theme.select(Theme.id)} == {keep, unrelated}
    links = await ParticipantTheme.select(ParticipantTheme.participant, ParticipantTheme.theme)
    assert sorted((row["participant"], row["theme"]) for row in links) == [
        (anna, keep),
        (bram, keep),
    ]
    pledges = (await client.get("/api/events/parade/pledges")).json()
    assert pledges[0]["themes"] == ["Armoede"]
    itself = await organiser_client.get(
        "/organise/themes/merge", params=[("keep", str(keep)), ("merge", str(keep))]
    )
    assert itself.status_code == 400
    assert "Een thema kan niet met zichzelf" in html.unescape(itself.text)


async def test_the_database_knows_only_three_statuses() -> None:
    await Organisation.insert(Organisation(name="Gemeente Leiden"))
    assert (await Organisation.select(Organisation.status).first())["status"] == "accepted"
    with pytest.raises(Exception, match=r"(?i)organisation_known_status|check"):
        await Organisation.insert(Organisation(name="Gem. Leiden", status="maybe"))
    with pytest.raises(Exception, match=r"(?i)organisation_known_status|check"):
        await Organisation.update({Organisation.status: "maybe"}, force=True)
    assert await Organisation.count() == 1


async def test_the_organiser_sees_the_suggestions_of_one_event(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    first = await make_event("parade")
    second = await make_event("tweede-parade")
    await registered(first, "anna@example.org", "Buurtteam Oost")
    await registered(second, "bram@example.org", "Buurtteam West")

    every = await organiser_client.get("/organise/organisations/")
    only_second = await organiser_client.get("/organise/organisations/", params={"event": second})
    nonsense = await organiser_client.get("/organise/organisations/", params={"event": "x"})

    def suggested_names(page: str) -> list[str]:
        table = re.search(r'<table[^>]*id="suggested".*?</table>', page, re.S)
        return (
            re.findall(
                r'<th class="utrecht-table__header-cell" scope="row">([^<]*)<', table.group(0)
            )
            if table
            else []
        )

    assert suggested_names(every.text) == ["Buurtteam Oost", "Buurtteam West"]
    assert suggested_names(only_second.text) == ["Buurtteam West"]
    assert nonsense.status_code == 400

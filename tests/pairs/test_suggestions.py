"""Suggestions of people to talk to: better matches first, never the wrong people."""

from __future__ import annotations

from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.pairs import queries, services
from events.pairs.suggestions import load_matcher, suggestions_for, words
from events.pairs.tables import Pair
from tests.pairs.helpers import log_in, person, practice
from tests.registration.helpers import make_event


def test_words_drop_stopwords_and_meet_across_plural_forms() -> None:
    assert set(words("Wij zoeken ervaring met wijkteams en de vrijwilligers")) == set(
        words("een wijkteam, vrijwilliger, ervaringen")
    )
    assert "met" not in words("met de en het") and not words("met de en het")


async def test_a_good_match_ranks_above_someone_who_shares_nothing() -> None:
    event_id = await make_event()
    me = await person(
        event_id,
        "Ik",
        "Gemeente Almere",
        looking_for="Hoe laten we wijkteams en de sociale dienst samenwerken?",
        themes=["Wijkteams", "Werk"],
    )
    match = await person(
        event_id,
        "Marius",
        "Gemeente Waadhoeke",
        public_name=True,
        offer="Ervaring met samenwerking tussen wijkteams en zorgaanbieders (Regiebox)",
        themes=["Wijkteams"],
    )
    nothing = await person(
        event_id,
        "Niets",
        "Gemeente Aalten",
        public_name=True,
        offer="Buurttapas en groen tegen hard rijdende auto's",
        themes=["Armoede"],
    )
    only_theme = await person(
        event_id, "Thema", "Gemeente Leiden", public_name=True, themes=["Werk"]
    )

    suggestions = await suggestions_for(me, limit=5)

    ids = [s["participant_id"] for s in suggestions]
    assert ids[0] == match
    assert ids.index(only_theme) > 0
    assert nothing not in ids, "sharing nothing gives no score at all"
    assert "gedeeld thema: Wijkteams" in suggestions[0]["reason"]
    assert "wijkteams" in suggestions[0]["reason"]
    assert suggestions[0]["organisation"] == "Gemeente Waadhoeke"


async def test_never_myself_my_organisation_my_partners_or_other_events() -> None:
    event_id = await make_event()
    other_event = await make_event(slug="other")
    text = "schuldpreventie aan de voorkant"
    me = await person(event_id, "Ik", "Gemeente Leeuwarden", looking_for=text, themes=["Schulden"])
    colleague = await person(
        event_id, "Collega", "Gemeente Leeuwarden", True, offer=text, themes=["Schulden"]
    )
    partner = await person(
        event_id, "Partner", "Gemeente Aa", True, offer=text, themes=["Schulden"]
    )
    cancelled = await person(
        event_id, "Weg", "Gemeente Ee", True, offer=text, themes=["Schulden"], status="cancelled"
    )
    elsewhere = await person(
        other_event, "Elders", "Gemeente Oo", True, offer=text, themes=["Schulden"]
    )
    stranger = await person(event_id, "Nieuw", "Gemeente Uu", True, offer=text, themes=["Schulden"])
    pair_id = await services.start_pair(me)
    code = (await Pair.select(Pair.code).where(Pair.id == pair_id))[0]["code"]
    await services.join_pair(partner, code, False)

    ids = [s["participant_id"] for s in await suggestions_for(me, limit=10)]

    assert ids == [stranger]
    for excluded in (me, colleague, partner, cancelled, elsewhere):
        assert excluded not in ids


async def test_themes_of_the_other_organisations_practice_examples_count() -> None:
    event_id = await make_event()
    await practice(event_id, "Thuis in Dalfsen", "Gemeente Dalfsen", ["Statushouders"])
    me = await person(event_id, "Ik", "Gemeente Stichtse Vecht", themes=["Statushouders"])
    inge = await person(event_id, "Inge", "Gemeente Dalfsen", public_name=True)
    await person(event_id, "Ander", "Gemeente Ommen", public_name=True)

    [suggestion] = await suggestions_for(me)

    assert suggestion["participant_id"] == inge
    assert (
        "hun organisatie presenteert een praktijkvoorbeeld over Statushouders"
        in (suggestion["reason"])
    )


async def test_participants_see_only_people_who_agreed_to_show_their_name() -> None:
    event_id = await make_event()
    me = await person(event_id, "Ik", "A", looking_for="formulierenbrigade", themes=["Armoede"])
    hidden = await person(
        event_id, "Verborgen", "B", offer="formulierenbrigade", themes=["Armoede"]
    )
    shown = await person(event_id, "Zichtbaar", "C", True, themes=["Armoede"])

    assert [s["participant_id"] for s in await suggestions_for(me)] == [shown]
    matcher = await load_matcher(event_id)
    assert [s.participant_id for s in matcher.suggest(me)] == [hidden, shown], (
        "organisers see everybody"
    )
    assert (await queries.day_section(me))["suggestions"][0]["name"] == "Zichtbaar"


async def test_day_section_and_organiser_page_show_suggestions(
    client: AsyncTestClient[Litestar], organiser_client: AsyncTestClient[Litestar], client_factory
) -> None:
    event_id = await make_event()
    me = await person(event_id, "Suzanne", "Gemeente Almere", themes=["Wijkteams"])
    await person(event_id, "Marius", "Gemeente Waadhoeke", True, themes=["Wijkteams"])

    async with client_factory() as participant_client:
        await log_in(participant_client, me)
        page = await participant_client.get("/me/pairs")
        assert "Interessant om mee te praten" in page.text
        assert "Marius" in page.text and "gedeeld thema: Wijkteams" in page.text
        english = await participant_client.get("/me/pairs", headers={"Accept-Language": "en"})
        assert "People worth talking to" in english.text
        assert "shared theme: Wijkteams" in english.text

    search = await organiser_client.get(f"/organise/events/{event_id}/pairs/?q=suz")
    assert f"?participant={me}" in search.text
    chosen = await organiser_client.get(f"/organise/events/{event_id}/pairs/?participant={me}")
    assert "Interessant om mee te praten voor Suzanne" in chosen.text
    assert "Marius" in chosen.text

"""Stored suggestions: computed when their inputs change, not on every page view."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.pairs import services, stored
from events.pairs.tables import Pair, Suggestion, SuggestionRefresh
from events.privacy import erase_participant
from events.registration.manage import ProfileForm, update_profile
from events.registration.tables import Participant
from events.settings import load_settings
from tests.pairs.helpers import log_in, person, theme
from tests.query_count import counting_queries
from tests.registration.helpers import make_event


async def _suggested(participant_id: int) -> list[int]:
    """Who is stored for this participant, best first."""
    rows = (
        await Suggestion.select(Suggestion.other)
        .where((Suggestion.participant == participant_id) & Suggestion.other.is_not_null())
        .order_by(Suggestion.rank)
    )
    return [row["other"] for row in rows]


async def _computed_at(participant_id: int) -> list[datetime]:
    rows = await Suggestion.select(Suggestion.computed_at).where(
        Suggestion.participant == participant_id
    )
    return [row["computed_at"] for row in rows]


async def test_my_new_question_changes_my_suggestions_on_the_next_page_view(
    client_factory,
) -> None:
    event_id = await make_event()
    me = await person(event_id, "Ik", "Gemeente Almere", looking_for="wijkteams samenwerking")
    teams = await person(event_id, "Wim", "Gemeente Ede", True, offer="Onze wijkteams")
    debts = await person(event_id, "Dina", "Gemeente Epe", True, offer="Schuldhulp vroeg")

    async with client_factory() as browser:
        await log_in(browser, me)
        first = await browser.get("/me/pairs")
        assert "Wim" in first.text and "Dina" not in first.text
        assert await _suggested(me) == [teams]

        errors = await update_profile(
            me,
            ProfileForm(name="Ik", organisation="Gemeente Almere", looking_for="schuldhulp"),
        )
        assert errors == {}
        assert await _suggested(me) == [], "my own change forgets what was stored for me"

        second = await browser.get("/me/pairs")
        assert "Dina" in second.text and "Wim" not in second.text
        assert await _suggested(me) == [debts]


async def test_joining_a_pair_takes_the_partner_out_of_both_lists(client_factory) -> None:
    event_id = await make_event()
    anna = await person(event_id, "Anna", "Gemeente A", True, themes=["Wijkteams"])
    bram = await person(event_id, "Bram", "Gemeente B", True, themes=["Wijkteams"])
    cees = await person(event_id, "Cees", "Gemeente C", True, themes=["Wijkteams"])

    async with client_factory() as browser:
        await log_in(browser, anna)
        assert "Bram" in (await browser.get("/me/day")).text
        assert set(await _suggested(anna)) == {bram, cees}

        pair_id = await services.start_pair(anna)
        code = (await Pair.select(Pair.code).where(Pair.id == pair_id))[0]["code"]
        assert (await services.join_pair(bram, code, False)).errors == {}

        page = await browser.get("/me/day")
        suggestions = page.text.split('class="pairs-suggestions"', 1)[1]
        assert "Bram" not in suggestions and "Cees" in suggestions
    assert await _suggested(anna) == [cees]
    assert await stored.for_page(bram, event_id) and await _suggested(bram) == [cees]


async def test_a_fresh_stored_list_is_read_not_computed(client_factory) -> None:
    event_id = await make_event()
    me = await person(event_id, "Ik", "Gemeente A", themes=["Armoede"])
    await person(event_id, "Zia", "Gemeente Z", True, themes=["Armoede"])

    # What the background does for an event whose data changed: everybody's, in one pass.
    assert await stored.refresh_if_changed(event_id)
    computed = await _computed_at(me)
    assert computed and await _suggested(me)

    async with client_factory() as browser:
        await log_in(browser, me)
        with pytest.MonkeyPatch.context() as patch, counting_queries(patch) as queries:
            page = await browser.get("/me/pairs")

    assert "Zia" in page.text
    assert await _computed_at(me) == computed, "nothing was computed again"
    assert "Insert" not in queries and "Delete" not in queries
    # The session, the participant, their pairs and the stored suggestions; after the
    # response at most the data version and the event's refresh row (every CHECK_SECONDS).
    assert len(queries) <= 6, queries


async def test_someone_new_is_suggested_after_the_background_refresh(client_factory) -> None:
    event_id = await make_event()
    me = await person(event_id, "Ik", "Gemeente A", looking_for="formulierenbrigade")

    async with client_factory() as browser:
        await log_in(browser, me)
        assert "Nog geen suggesties" in (await browser.get("/me/pairs")).text
        assert await _suggested(me) == []
        await stored.refresh_if_changed(event_id)
        assert not await stored.refresh_if_changed(event_id), "nothing changed since"

        newcomer = await person(event_id, "Nina", "Gemeente N", True, offer="formulierenbrigade")
        assert await stored.refresh_if_changed(event_id), "a new participant changed the data"
        assert await _suggested(me) == [newcomer]
        assert "Nina" in (await browser.get("/me/pairs")).text


async def test_a_withdrawn_consent_or_an_erasure_hides_people_at_once(client_factory) -> None:
    event_id = await make_event()
    me = await person(event_id, "Ik", "Gemeente A", themes=["Werk"])
    olga = await person(event_id, "Olga", "Gemeente O", True, themes=["Werk"])
    piet = await person(event_id, "Piet", "Gemeente P", True, themes=["Werk"])
    await theme("Werk")

    async with client_factory() as browser:
        await log_in(browser, me)
        page = await browser.get("/me/pairs")
        assert "Olga" in page.text and "Piet" in page.text

        await Participant.update({Participant.consent_public_name_at: None}).where(
            Participant.id == olga
        )
        await erase_participant(piet, load_settings())
        computed = await _computed_at(me)

        page = await browser.get("/me/pairs")
        assert "Olga" not in page.text and "Piet" not in page.text
    assert await _computed_at(me) == computed, "hidden when read, without computing"
    assert not await Suggestion.exists().where(
        (Suggestion.participant == piet) | (Suggestion.other == piet)
    ), "an erased participant's suggestions, and the suggestions of them, are gone"


async def test_a_worker_looks_for_changes_at_most_every_check_interval() -> None:
    event_id = await make_event()
    await person(event_id, "Ik", "Gemeente A", themes=["Werk"])
    checks: dict[int, float] = {}

    await stored.refresh_if_due(checks, event_id)
    first = await SuggestionRefresh.select().where(SuggestionRefresh.event == event_id).first()
    await person(event_id, "Later", "Gemeente L", True, themes=["Werk"])
    await stored.refresh_if_due(checks, event_id)
    second = await SuggestionRefresh.select().where(SuggestionRefresh.event == event_id).first()

    assert first is not None and first["refreshed_at"] is not None
    assert second == first, "within the interval the worker does not look again"
    assert first["claimed_until"] is None and first["refreshed_at"] <= datetime.now(UTC)


async def test_the_suggestions_page_shows_them_in_english_too(
    client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    me = await person(event_id, "Ik", "Gemeente A", themes=["Wijkteams"])
    await person(event_id, "Mo", "Gemeente M", True, themes=["Wijkteams"])
    await log_in(client, me)

    dutch = await client.get("/me/pairs")
    english = await client.get("/me/pairs", headers={"Accept-Language": "en"})

    assert "gedeeld thema: Wijkteams" in dutch.text
    assert "shared theme: Wijkteams" in english.text, "the stored reason is put into words"

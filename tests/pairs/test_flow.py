"""Conversation pairs on participants' phones: start, join by code, write, confirm, publish."""

from __future__ import annotations

import re

from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.pairs import queries, services
from events.pairs.tables import Pair, PairMember
from tests.conftest import post_form
from tests.pairs.helpers import log_in, person, practice
from tests.registration.helpers import make_event


async def _code(pair_id: int) -> str:
    return str((await Pair.select(Pair.code).where(Pair.id == pair_id))[0]["code"])


async def _start(client: AsyncTestClient[Litestar]) -> int:
    response = await post_form(client, "/me/pairs/start", {}, follow_redirects=False)
    assert response.status_code == 303
    return int(response.headers["location"].rsplit("/", 1)[1])


async def _complete_pair(event_id: int, a: int, b: int, title: str = "Regiebox & Wijkteams") -> int:
    pair_id = await services.start_pair(a)
    joined = await services.join_pair(b, await _code(pair_id), same_organisation_ok=False)
    assert joined.pair_id == pair_id, joined.errors
    await services.save_entry(
        pair_id,
        a,
        services.EntryForm(title=title, recommendation_text="Regiebox", why="Van onderop"),
    )
    await services.save_entry(
        pair_id, b, services.EntryForm(title=title, recommendation_text="Pilot wijkteams", why="")
    )
    assert await services.confirm(pair_id, a) == {}
    assert await services.confirm(pair_id, b) == {}
    return pair_id


async def test_start_shows_a_big_code_and_a_qr_code_then_the_other_joins(
    client: AsyncTestClient[Litestar], client_factory
) -> None:
    event_id = await make_event()
    anna = await person(event_id, "Anna", "Gemeente Almere")
    bram = await person(event_id, "Bram", "Gemeente Waadhoeke")
    await log_in(client, anna)

    pair_id = await _start(client)
    page = await client.get(f"/me/pairs/{pair_id}")
    code = await _code(pair_id)
    assert re.fullmatch(r"[A-HJKMNP-Z2-9]{6}", code)
    assert 'class="pairs-code__value"' in page.text and f">{code}</p>" in page.text
    assert 'src="data:image/svg+xml' in page.text
    assert f"QR-code die de pagina opent om mee te doen met code {code}" in page.text
    assert "Wacht tot de ander meedoet met de code." in page.text

    async with client_factory() as bram_client:
        await log_in(bram_client, bram)
        form = await bram_client.get(f"/me/pairs/join?code={code.lower()}")
        assert f'value="{code}"' in form.text, "the QR link fills in the code"
        joined = await post_form(
            bram_client, "/me/pairs/join", {"code": f" {code[:3]} {code[3:].lower()}"}
        )
        assert joined.status_code == 200
        assert joined.url.path == f"/me/pairs/{pair_id}"
        assert "Anna" in joined.text and "Gemeente Almere" in joined.text
        assert "Jouw beurt: schrijf op wat de ander eens moet proberen." in joined.text

    members = await PairMember.select(PairMember.participant, PairMember.role).order_by(
        PairMember.role
    )
    assert [(m["participant"], m["role"]) for m in members] == [(anna, "a"), (bram, "b")]


async def test_wrong_unknown_own_and_full_codes_are_explained_next_to_the_field(
    client: AsyncTestClient[Litestar], client_factory
) -> None:
    event_id = await make_event()
    other_event = await make_event(slug="other")
    anna = await person(event_id, "Anna", "Gemeente Almere")
    bram = await person(event_id, "Bram", "Gemeente Waadhoeke")
    carla = await person(event_id, "Carla", "Gemeente Leiden")
    elsewhere = await person(other_event, "Dirk", "Gemeente Dalfsen")
    pair_id = await services.start_pair(anna)
    code = await _code(pair_id)
    foreign_code = await _code(await services.start_pair(elsewhere))

    await log_in(client, carla)
    wrong = await post_form(client, "/me/pairs/join", {"code": "0O1I"})
    assert wrong.status_code == 400
    assert 'id="error-code"' in wrong.text and "Een code heeft 6 letters en cijfers" in wrong.text
    assert 'aria-invalid="true"' in wrong.text
    unknown = await post_form(client, "/me/pairs/join", {"code": foreign_code})
    assert unknown.status_code == 400
    assert f"Er is geen gesprekspaar met code {foreign_code} bij dit evenement" in unknown.text

    async with client_factory() as anna_client:
        await log_in(anna_client, anna)
        own = await post_form(anna_client, "/me/pairs/join", {"code": code})
        assert own.status_code == 400
        assert "Dit is je eigen gesprekspaar" in own.text

    assert (await services.join_pair(bram, code, False)).pair_id == pair_id
    full = await post_form(client, "/me/pairs/join", {"code": code})
    assert full.status_code == 400
    assert "Dit gesprekspaar is al vol" in full.text
    assert await PairMember.count().where(PairMember.pair == pair_id) == 2

    english = await post_form(
        client, "/me/pairs/join", {"code": code}, headers={"Accept-Language": "en"}
    )
    assert "This pair is already complete: it has two people." in english.text


async def test_a_pair_never_gets_a_third_member_even_when_joins_race(
    client: AsyncTestClient[Litestar],
) -> None:
    import asyncio

    event_id = await make_event()
    anna = await person(event_id, "Anna", "A")
    others = [await person(event_id, f"P{n}", f"Org {n}") for n in range(6)]
    code = await _code(pair_id := await services.start_pair(anna))

    results = await asyncio.gather(
        *[services.join_pair(other, code, False) for other in others], return_exceptions=True
    )

    assert sum(1 for r in results if not isinstance(r, Exception) and r.pair_id) == 1
    assert await PairMember.count().where(PairMember.pair == pair_id) == 2


async def test_same_organisation_gets_a_warning_and_may_join_after_confirming(
    client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    anna = await person(event_id, "Anna", "Gemeente Almere")
    colleague = await person(event_id, "Cor", "Gemeente Almere")
    code = await _code(pair_id := await services.start_pair(anna))
    await log_in(client, colleague)

    warned = await post_form(client, "/me/pairs/join", {"code": code})
    assert warned.status_code == 400
    assert "Jullie werken allebei bij dezelfde organisatie" in warned.text
    assert 'name="same_organisation_ok"' in warned.text
    assert await PairMember.count().where(PairMember.pair == pair_id) == 1

    joined = await post_form(client, "/me/pairs/join", {"code": code, "same_organisation_ok": "1"})
    assert joined.url.path == f"/me/pairs/{pair_id}"
    assert "Jullie werken allebei bij dezelfde organisatie." in joined.text


async def test_public_only_when_both_confirmed_and_changes_take_confirmations_back(
    client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    anna = await person(event_id, "Anna", "Gemeente Dalfsen", public_name=True)
    bram = await person(event_id, "Bram", "Gemeente Stichtse Vecht", public_name=True)
    film = await practice(event_id, "Filmavonden", "Gemeente Stichtse Vecht", [])
    code = await _code(pair_id := await services.start_pair(anna))
    await services.join_pair(bram, code, False)
    await log_in(client, anna)

    early = await post_form(client, f"/me/pairs/{pair_id}/confirm", {})
    assert early.status_code == 400
    assert "Je kunt bevestigen zodra" in early.text

    saved = await post_form(
        client,
        f"/me/pairs/{pair_id}/entry",
        {"title": "Netwerkmakelaar & Filmavonden", "practice": str(film), "why": "Verbindt"},
    )
    assert saved.url.path == f"/me/pairs/{pair_id}"
    await services.save_entry(
        pair_id,
        bram,
        services.EntryForm(
            title="Netwerkmakelaar & Filmavonden", recommendation_text="Een netwerkmakelaar"
        ),
    )
    page = await client.get(f"/me/pairs/{pair_id}")
    assert "Jouw beurt: controleer alles en bevestig." in page.text
    confirmed = await post_form(client, f"/me/pairs/{pair_id}/confirm", {})
    assert "Je hebt bevestigd; wacht tot de ander ook bevestigt." in confirmed.text
    assert await queries.public_pairs(event_id) == []
    assert await queries.count_public_pairs(event_id) == 0

    assert await services.confirm(pair_id, bram) == {}
    public = await queries.public_pairs(event_id)
    assert [p["title"] for p in public] == ["Netwerkmakelaar & Filmavonden"]
    assert public[0]["people"][0]["recommendation"] == "Filmavonden"
    assert public[0]["people"][0]["practice_id"] == film
    assert "Klaar: allebei bevestigd" in (await client.get(f"/me/pairs/{pair_id}")).text

    await services.save_entry(
        pair_id,
        bram,
        services.EntryForm(
            title="Netwerkmakelaar & Filmavonden", recommendation_text="Iets anders"
        ),
    )
    assert await queries.public_pairs(event_id) == [], "a change needs both to confirm again"
    assert (await Pair.select(Pair.status).where(Pair.id == pair_id))[0]["status"] == "open"


async def test_names_only_where_each_member_agreed(client: AsyncTestClient[Litestar]) -> None:
    event_id = await make_event()
    anna = await person(event_id, "Anna Bunnik", "Gemeente Almere", public_name=True)
    bram = await person(event_id, "Bram Hendriks", "Gemeente Waadhoeke", public_name=False)
    await _complete_pair(event_id, anna, bram)

    [pair] = await queries.public_pairs(event_id)

    assert pair["people"][0] == {
        "name": "Anna Bunnik",
        "organisation": "Gemeente Almere",
        "recommendation": "Regiebox",
        "practice_id": None,
        "practice_title": None,
        "why": "Van onderop",
    }
    assert pair["people"][1]["name"] is None and pair["people"][1]["organisation"] is None
    assert pair["people"][1]["recommendation"] == "Pilot wijkteams"
    assert set(pair) == {"id", "title", "created_at", "people"}


async def test_public_pairs_newest_first_without_hidden_or_open_ones(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    people = [await person(event_id, f"P{n}", f"Org {n}") for n in range(6)]
    first = await _complete_pair(event_id, people[0], people[1], "Eerste")
    second = await _complete_pair(event_id, people[2], people[3], "Tweede")
    await services.start_pair(people[4])

    assert [p["title"] for p in await queries.public_pairs(event_id)] == ["Tweede", "Eerste"]

    page = await organiser_client.get(f"/organise/events/{event_id}/pairs/")
    assert page.status_code == 200
    assert "3 gesprekspartners, 2 klaar, 2 openbaar." in page.text
    missing = await post_form(
        organiser_client, f"/organise/events/{event_id}/pairs/{second}/hide", {"reason": " "}
    )
    assert missing.status_code == 400 and "Geef een reden" in missing.text
    hidden = await post_form(
        organiser_client,
        f"/organise/events/{event_id}/pairs/{second}/hide",
        {"reason": "Bevat een telefoonnummer"},
    )
    assert "Verborgen: Bevat een telefoonnummer" in hidden.text
    assert [p["id"] for p in await queries.public_pairs(event_id)] == [first]
    assert await queries.count_public_pairs(event_id) == 1

    await post_form(organiser_client, f"/organise/events/{event_id}/pairs/{second}/show", {})
    assert await queries.count_public_pairs(event_id) == 2


async def test_a_member_writes_only_their_own_entry_and_strangers_get_nothing(
    client: AsyncTestClient[Litestar], client_factory
) -> None:
    event_id = await make_event()
    anna = await person(event_id, "Anna", "A")
    bram = await person(event_id, "Bram", "B")
    eve = await person(event_id, "Eve", "E")
    pair_id = await services.start_pair(anna)
    await services.join_pair(bram, await _code(pair_id), False)
    await services.save_entry(pair_id, bram, services.EntryForm(recommendation_text="Van Bram"))

    await log_in(client, anna)
    await post_form(
        client, f"/me/pairs/{pair_id}/entry", {"title": "T", "recommendation_text": "Van Anna"}
    )
    entries = {
        row["participant"]: row["recommendation_text"]
        for row in await PairMember.select(PairMember.participant, PairMember.recommendation_text)
    }
    assert entries == {anna: "Van Anna", bram: "Van Bram"}, "Anna's post changed only her entry"

    async with client_factory() as eve_client:
        await log_in(eve_client, eve)
        assert (await eve_client.get(f"/me/pairs/{pair_id}")).status_code == 404
        response = await post_form(
            eve_client, f"/me/pairs/{pair_id}/entry", {"recommendation_text": "Gekaapt"}
        )
        assert response.status_code == 404
        assert (await post_form(eve_client, f"/me/pairs/{pair_id}/confirm", {})).status_code == 404
    assert "Gekaapt" not in {row["recommendation_text"] for row in await PairMember.select()}


async def test_anonymous_visitors_and_organisers_pages_are_protected(
    client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    for url in ("/me/pairs", "/me/pairs/join", "/me/pairs/1"):
        response = await client.get(url, follow_redirects=False)
        assert response.status_code == 401, url
    assert (
        await post_form(client, "/me/pairs/start", {}, follow_redirects=False)
    ).status_code == 401
    assert await Pair.count() == 0
    organiser_page = await client.get(f"/organise/events/{event_id}/pairs/", follow_redirects=False)
    assert organiser_page.status_code in (302, 303, 401)


async def test_entry_limits_and_foreign_practices_are_refused(
    client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    other_event = await make_event(slug="elsewhere")
    foreign = await practice(other_event, "Elders", "Gemeente X", [])
    anna = await person(event_id, "Anna", "A")
    pair_id = await services.start_pair(anna)
    await log_in(client, anna)

    response = await post_form(
        client,
        f"/me/pairs/{pair_id}/entry",
        {"title": "x" * 121, "practice": str(foreign), "why": "<script>alert(1)</script>"},
    )

    assert response.status_code == 400
    assert "Hooguit 120 tekens, alstublieft." in response.text
    assert "Kies een praktijkvoorbeeld van dit evenement." in response.text
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;" in response.text


async def test_my_pairs_page_shows_state_and_entries(client: AsyncTestClient[Litestar]) -> None:
    event_id = await make_event()
    anna = await person(event_id, "Anna", "A")
    bram = await person(event_id, "Bram", "B")
    pair_id = await _complete_pair(event_id, anna, bram, "Regiebox & Wijkteams")
    await log_in(client, anna)

    page = await client.get("/me/pairs")

    assert page.status_code == 200
    assert "Regiebox &amp; Wijkteams" in page.text
    assert "met Bram" in page.text
    assert "Klaar: allebei bevestigd, het gesprekspaar is openbaar." in page.text
    assert f'href="/me/pairs/{pair_id}"' in page.text
    section = await queries.day_section(anna)
    assert section["pairs"][0]["state"] == "public"
    assert section["start_url"] == "/me/pairs/start" and section["join_url"] == "/me/pairs/join"

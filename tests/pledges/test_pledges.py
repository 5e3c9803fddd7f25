"""Pledges: posting and editing on /me/day, visibility and consent, moderation, the API."""

from __future__ import annotations

from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.pledges import services
from events.pledges.tables import Pledge
from events.registration.tables import Participant
from tests.conftest import post_form
from tests.pledges.helpers import log_in, make_theme, participant, pledge, post_pledge
from tests.registration.helpers import make_event


async def api_titles(client: AsyncTestClient[Litestar], slug: str = "parade") -> list[str]:
    response = await client.get(f"/api/events/{slug}/pledges")
    assert response.status_code == 200
    return [item["title"] for item in response.json()]


async def test_day_page_needs_the_manage_link(client: AsyncTestClient[Litestar]) -> None:
    await make_event()

    response = await client.get("/me/day")

    assert response.status_code == 401
    assert "link" in response.text.lower()


async def test_me_links_to_the_day_page(client: AsyncTestClient[Litestar]) -> None:
    event_id = await make_event()
    _pid, link = await participant(event_id, "anna@example.org")
    await log_in(client, link)

    assert 'href="/me/day"' in (await client.get("/me")).text
    day = await client.get("/me/day")
    assert day.status_code == 200
    assert "Mijn dag" in day.text
    assert "Dit ga ik doen" in day.text
    assert "Je hebt nog geen voornemen geplaatst." in day.text


async def test_approve_first_hides_until_an_organiser_approves(
    client_factory, organiser_client: AsyncTestClient[Litestar]
) -> None:
    event_id = await make_event()
    theme = await make_theme("Schuldpreventie")
    _pid, link = await participant(event_id, "henk@example.org")
    async with client_factory() as henk:
        await log_in(henk, link)
        posted = await post_pledge(
            henk, text="Bijstandsgerechtigden zetten zich in voor ouderen.", themes=str(theme)
        )
        assert posted.status_code == 303
        day = await henk.get(posted.headers["location"])
        assert "zodra een organisator het heeft goedgekeurd" in day.text
        assert "wacht op goedkeuring" in day.text

    assert await api_titles(organiser_client) == []
    assert "Twee vliegen" not in (await organiser_client.get("/events/parade/wall")).text
    page = await organiser_client.get(f"/organise/events/{event_id}/pledges?status=pending")
    assert "Twee vliegen in één klap" in page.text
    assert "Schuldpreventie" in page.text

    pledge_id = (await Pledge.select(Pledge.id).first())["id"]
    approved = await post_form(
        organiser_client,
        f"/organise/events/{event_id}/pledges/{pledge_id}/approve",
        {"filter": "pending"},
    )
    assert approved.status_code == 200
    assert await api_titles(organiser_client) == ["Twee vliegen in één klap"]
    assert "Twee vliegen in één klap" in (await organiser_client.get("/events/parade/wall")).text


async def test_publish_at_once_shows_at_once(client: AsyncTestClient[Litestar]) -> None:
    event_id = await make_event()
    await services.save_settings(event_id, moderation_mode="publish_at_once")
    _pid, link = await participant(event_id, "marlies@example.org")
    await log_in(client, link)

    posted = await post_pledge(client, title="Buurtcontact ook privé toepassen")
    assert posted.status_code == 303
    day = await client.get(posted.headers["location"])

    assert "Bedankt! Je voornemen is geplaatst." in day.text
    assert await api_titles(client) == ["Buurtcontact ook privé toepassen"]


async def test_limits_give_a_message_next_to_the_field(client: AsyncTestClient[Litestar]) -> None:
    event_id = await make_event()
    _pid, link = await participant(event_id, "anna@example.org")
    await log_in(client, link)

    response = await post_pledge(client, title="x" * 121, text="y" * 2001)

    assert response.status_code == 400
    assert 'id="error-title"' in response.text
    assert 'id="error-text"' in response.text
    assert "Hooguit 120 tekens, alstublieft (nu 121)." in response.text
    assert "Hooguit 2000 tekens, alstublieft (nu 2001)." in response.text
    assert "y" * 2001 in response.text, "what was typed comes back"
    empty = await post_pledge(client, title="   ")
    assert "Schrijf een korte titel in je eigen woorden." in empty.text
    assert await Pledge.count() == 0


async def test_a_name_needs_consent(client_factory) -> None:
    event_id = await make_event()
    await services.save_settings(event_id, moderation_mode="publish_at_once")
    _pid, anna_link = await participant(event_id, "anna@example.org", organisation="Gemeente A")
    bart_id, bart_link = await participant(
        event_id, "bart@example.org", organisation="Gemeente B", consent_name=True
    )
    async with client_factory() as anna, client_factory() as bart:
        await log_in(anna, anna_link)
        day = await anna.get("/me/day")
        assert "Je naam kan alleen getoond worden als je daarmee instemt" in day.text
        refused = await post_pledge(anna, visibility="public_named")
        assert refused.status_code == 400
        assert 'id="error-visibility"' in refused.text
        assert (await post_pledge(anna, title="Anoniem")).status_code == 303

        await log_in(bart, bart_link)
        assert "Je naam kan alleen" not in (await bart.get("/me/day")).text
        named = await post_pledge(bart, title="Met naam", visibility="public_named")
        assert named.status_code == 303
        assert (await post_pledge(bart, title="Geheim", visibility="private")).status_code == 303

        items = {
            item["title"]: item for item in (await bart.get("/api/events/parade/pledges")).json()
        }
        assert set(items) == {"Anoniem", "Met naam"}, "private pledges are for organisers only"
        assert items["Met naam"]["name"] == "Bart"
        assert items["Met naam"]["organisation"] == "Gemeente B"
        assert items["Anoniem"]["name"] is None
        assert items["Anoniem"]["organisation"] is None

        # Withdrawing consent later hides the name again everywhere.
        await Participant.update({Participant.consent_public_name_at: None}).where(
            Participant.id == bart_id
        )
        items = {
            item["title"]: item for item in (await bart.get("/api/events/parade/pledges")).json()
        }
        assert items["Met naam"]["name"] is None
        assert "Bart" not in (await bart.get("/events/parade/wall")).text


async def test_edit_only_own_and_only_while_open(client_factory) -> None:
    event_id = await make_event()
    await services.save_settings(event_id, moderation_mode="approve_first")
    anna_id, anna_link = await participant(event_id, "anna@example.org")
    _bart, bart_link = await participant(event_id, "bart@example.org")
    pledge_id = await pledge(anna_id, "Eerste versie")
    await services.moderate(event_id, pledge_id, "approved")
    async with client_factory() as anna, client_factory() as bart:
        await log_in(anna, anna_link)
        await log_in(bart, bart_link)

        assert (await bart.get(f"/me/day/pledges/{pledge_id}")).status_code == 404
        stolen = await post_form(
            bart,
            f"/me/day/pledges/{pledge_id}",
            {"title": "Gekaapt", "visibility": "public_anonymous"},
        )
        assert stolen.status_code == 404

        form = await anna.get(f"/me/day/pledges/{pledge_id}")
        assert form.status_code == 200
        assert 'value="Eerste versie"' in form.text
        changed = await post_form(
            anna,
            f"/me/day/pledges/{pledge_id}",
            {"title": "Tweede versie", "text": "Nu met tekst", "visibility": "public_anonymous"},
            follow_redirects=False,
        )
        assert changed.status_code == 303
        row = await Pledge.select().where(Pledge.id == pledge_id).first()
        assert row["title"] == "Tweede versie"
        assert row["status"] == "pending", "a changed pledge is approved again before it shows"
        assert await api_titles(anna) == []

        await services.save_settings(event_id, pledges_open=False)
        day = await anna.get("/me/day")
        assert "Voornemens plaatsen kan niet meer voor dit evenement." in day.text
        assert f"/me/day/pledges/{pledge_id}" not in day.text
        closed = await post_form(
            anna,
            f"/me/day/pledges/{pledge_id}",
            {"title": "Derde versie", "visibility": "public_anonymous"},
        )
        assert closed.status_code == 400
        assert (await post_pledge(anna, title="Nieuw")).status_code == 400
        row = await Pledge.select().where(Pledge.id == pledge_id).first()
        assert row["title"] == "Tweede versie"
        assert await Pledge.count() == 1


async def test_hide_with_a_reason_removes_it_everywhere(
    client_factory, organiser_client: AsyncTestClient[Litestar]
) -> None:
    event_id = await make_event()
    await services.save_settings(event_id, moderation_mode="publish_at_once", report_published=True)
    anna_id, anna_link = await participant(event_id, "anna@example.org")
    pledge_id = await pledge(anna_id, "Iets ongepasts", text="Tekst die weg moet")
    assert await api_titles(organiser_client) == ["Iets ongepasts"]

    no_reason = await post_form(
        organiser_client, f"/organise/events/{event_id}/pledges/{pledge_id}/hide", {"reason": ""}
    )
    assert no_reason.status_code == 400
    assert "Geef een reden om dit voornemen te verbergen." in no_reason.text
    assert f'id="error-reason-{pledge_id}"' in no_reason.text

    hidden = await post_form(
        organiser_client,
        f"/organise/events/{event_id}/pledges/{pledge_id}/hide",
        {"reason": "Bevat een telefoonnummer"},
    )
    assert hidden.status_code == 200
    assert "Bevat een telefoonnummer" in hidden.text
    assert await api_titles(organiser_client) == []
    assert "Iets ongepasts" not in (await organiser_client.get("/events/parade/wall")).text
    assert "Iets ongepasts" not in (await organiser_client.get("/events/parade/wall/items")).text
    async with client_factory() as public:
        report = await public.get("/events/parade/report")
        assert report.status_code == 200
        assert "Iets ongepasts" not in report.text
    async with client_factory() as anna:
        await log_in(anna, anna_link)
        day = await anna.get("/me/day")
        assert "verborgen door de organisatoren" in day.text
        assert "Bevat een telefoonnummer" in day.text


async def test_organiser_settings_and_filters(organiser_client: AsyncTestClient[Litestar]) -> None:
    event_id = await make_event()
    anna_id, _link = await participant(event_id, "anna@example.org")
    first = await pledge(anna_id, "Wacht nog")
    second = await pledge(anna_id, "Al goed")
    await services.moderate(event_id, second, "approved")

    page = await organiser_client.get(f"/organise/events/{event_id}/pledges")
    assert "1 wachtend, 1 goedgekeurd, 0 verborgen." in page.text
    approved_only = await organiser_client.get(
        f"/organise/events/{event_id}/pledges?status=approved"
    )
    assert "Al goed" in approved_only.text and "Wacht nog" not in approved_only.text

    saved = await post_form(
        organiser_client,
        f"/organise/events/{event_id}/pledges/settings",
        {"moderation_mode": "publish_at_once", "report_published": "1"},
    )
    assert saved.status_code == 200
    assert "De instellingen voor voornemens zijn opgeslagen." in saved.text
    assert await services.event_settings(event_id) == {
        "moderation_mode": "publish_at_once",
        "pledges_open": False,
        "report_published": True,
    }
    bad = await post_form(
        organiser_client,
        f"/organise/events/{event_id}/pledges/settings",
        {"moderation_mode": "anything", "pledges_open": "1"},
    )
    assert bad.status_code == 400
    assert first


async def test_moderation_is_for_organisers_only(client: AsyncTestClient[Litestar]) -> None:
    event_id = await make_event()

    response = await client.get(f"/organise/events/{event_id}/pledges", follow_redirects=False)

    assert response.status_code in (302, 303)
    assert "/login" in response.headers["location"]
    refused = await post_form(
        client,
        f"/organise/events/{event_id}/pledges/settings",
        {"pledges_open": "1"},
        follow_redirects=False,
    )
    assert refused.status_code in (302, 303, 401, 403)


async def test_api_is_in_openapi_and_unknown_events_are_404(
    client: AsyncTestClient[Litestar],
) -> None:
    await make_event(slug="hidden", published=False)

    assert (await client.get("/api/events/hidden/pledges")).status_code == 404
    assert (await client.get("/api/events/nope/pledges")).status_code == 404
    schema = (await client.get("/schema/openapi.json")).json()
    assert "/api/events/{slug}/pledges" in schema["paths"]
    assert "PledgeOut" in str(schema["components"])


async def test_day_page_in_english(client: AsyncTestClient[Litestar]) -> None:
    event_id = await make_event()
    _pid, link = await participant(event_id, "anna@example.org")
    await log_in(client, link)
    client.cookies.set("events_lang", "en")

    day = await client.get("/me/day")

    assert "This is what I am going to do" in day.text
    assert "Post my pledge" in day.text
    refused = await post_pledge(client, title="z" * 130)
    assert "At most 120 characters, please (now 130)." in refused.text

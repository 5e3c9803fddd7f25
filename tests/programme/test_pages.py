"""Public programme pages: event home, programme, session, practice examples, profiles."""

from __future__ import annotations

from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.conftest import post_form
from tests.programme.conftest import ANNA_EMAIL, BERT_EMAIL, SLUG

Client = AsyncTestClient[Litestar]
HTML = {"Accept": "text/html"}


def assert_no_email(html: str) -> None:
    assert ANNA_EMAIL not in html
    assert BERT_EMAIL not in html
    assert "mailto:" not in html


async def test_event_home_shows_the_day(client: Client, parade: dict[str, Any]) -> None:
    response = await client.get(f"/events/{SLUG}")
    assert response.status_code == 200
    html = response.text
    assert "PraktijkVoorbeeldenParade 2026" in html
    assert "donderdag 11 juni 2026" in html
    assert "09:30–17:00" in html  # Amsterdam summer time
    assert "Stadhuis Leeuwarden" in html and "Hofplein 38, Leeuwarden" in html
    assert "Een dag vol praktijkvoorbeelden." in html
    assert f'href="/events/{SLUG}/programme"' in html
    assert f'href="/events/{SLUG}/practices"' in html


async def test_programme_lists_rounds_in_order_with_market(
    client: Client, parade: dict[str, Any]
) -> None:
    response = await client.get(f"/events/{SLUG}/programme")
    assert response.status_code == 200
    html = response.text
    assert html.index("Opening door de wethouder") < html.index("Ronde 1") < html.index("Ronde 2")
    assert (
        html.index("Ronde 1")
        < html.index("Regiebox: snel hulp bij schulden")
        < html.index("Ronde 2")
    )
    assert html.index("Ronde 2") < html.index("Werkbezoek Leerdam") < html.index("Markt")
    assert html.index("Markt") < html.index("Sociale zagerij Binthout")
    assert "10:15–11:15" in html
    assert "Zaal A" in html and "Anna de Vries" in html and "(Gemeente Waadhoeke)" in html
    assert "Schuldpreventie" in html
    assert "Geannuleerd" in html
    assert "Plenair" in html and "Excursie" in html
    assert f'href="/people/{parade["anna"]}"' in html
    assert f'href="/people/{parade["bert"]}"' not in html  # no public profile
    assert f'href="webcal://testserver.local/events/{SLUG}/programme.ics"' in html
    assert f'href="http://testserver.local/events/{SLUG}/programme.ics"' in html
    assert f'href="/events/{SLUG}/sessions/{parade["workshop"]}"' in html
    assert_no_email(html)


async def test_programme_in_english_with_the_cookie(client: Client, parade: dict[str, Any]) -> None:
    client.cookies.set("events_lang", "en")
    html = (await client.get(f"/events/{SLUG}/programme")).text
    assert '<h1 class="utrecht-heading-1">Programme</h1>' in html
    assert "Cancelled" in html and "Market" in html
    assert "Thursday 11 June 2026" in html and "June 11" not in html


async def test_language_switch_is_remembered(client: Client, parade: dict[str, Any]) -> None:
    page = f"/events/{SLUG}/programme"
    assert '<h1 class="utrecht-heading-1">Programma</h1>' in (await client.get(page)).text
    response = await post_form(client, "/language", {"language": "en", "next": page})
    assert response.status_code == 200
    assert '<h1 class="utrecht-heading-1">Programme</h1>' in response.text
    html = (await client.get(f"/events/{SLUG}")).text
    assert "View the programme" in html


async def test_session_page(client: Client, parade: dict[str, Any]) -> None:
    response = await client.get(f"/events/{SLUG}/sessions/{parade['workshop']}")
    assert response.status_code == 200
    html = response.text
    assert "Regiebox: snel hulp bij schulden" in html
    assert "Hoe Waadhoeke schulden voorkomt." in html
    assert "10:15–11:15" in html and "Zaal A" in html and "Ronde 1" in html
    assert "Anna de Vries" in html and "Beleidsadviseur armoede" in html
    assert f'href="/events/{SLUG}/practices/{parade["regiebox"]}"' in html
    assert "Schuldpreventie" in html
    assert f'href="/events/{SLUG}/sessions/{parade["workshop"]}.ics"' in html
    assert_no_email(html)


async def test_cancelled_session_says_so(client: Client, parade: dict[str, Any]) -> None:
    html = (await client.get(f"/events/{SLUG}/sessions/{parade['cancelled']}")).text
    assert "Deze sessie gaat niet door." in html
    assert_no_email(html)


async def test_unpublished_and_unknown_events_are_not_found(
    client: Client, parade: dict[str, Any]
) -> None:
    for path in (
        "/events/concept-2027",
        "/events/concept-2027/programme",
        "/events/concept-2027/practices",
        "/events/concept-2027/programme.ics",
        "/events/nope",
        "/events/nope/programme",
    ):
        response = await client.get(path, headers=HTML)
        assert response.status_code == 404, path
        assert "Geheime workshop" not in response.text


async def test_sessions_of_other_or_hidden_events_are_not_found(
    client: Client, parade: dict[str, Any]
) -> None:
    hidden = parade["hidden_session"]
    for path in (
        f"/events/{SLUG}/sessions/{hidden}",
        f"/events/concept-2027/sessions/{hidden}",
        f"/events/{SLUG}/sessions/{hidden}.ics",
        f"/events/{SLUG}/sessions/abc",
        f"/events/{SLUG}/practices/999999",
    ):
        response = await client.get(path, headers=HTML)
        assert response.status_code == 404, path
        assert "Pagina niet gevonden" in response.text


async def test_organiser_may_preview_an_unpublished_event(
    organiser_client: Client, parade: dict[str, Any]
) -> None:
    response = await organiser_client.get("/events/concept-2027/programme")
    assert response.status_code == 200
    assert "Dit evenement is nog niet gepubliceerd" in response.text
    assert "Geheime workshop" in response.text
    assert (await organiser_client.get("/events/concept-2027/programme.ics")).status_code == 404


async def test_practice_catalogue_lists_all(client: Client, parade: dict[str, Any]) -> None:
    html = (await client.get(f"/events/{SLUG}/practices")).text
    assert "3 praktijkvoorbeelden" in html
    for title in ("Regiebox", "Wijkteams met de sociale dienst", "Énergiecoaches in Dalfsen"):
        assert title in html
    assert '<option value="schuldpreventie">Schuldpreventie</option>' in html
    assert_no_email(html)


async def test_practice_catalogue_filters_by_theme(client: Client, parade: dict[str, Any]) -> None:
    html = (await client.get(f"/events/{SLUG}/practices", params={"theme": "wijkteams"})).text
    assert "1 praktijkvoorbeeld<" in html
    assert "Wijkteams met de sociale dienst" in html
    assert "Regiebox</a>" not in html
    assert '<option value="wijkteams" selected>' in html


async def test_practice_catalogue_searches_text(client: Client, parade: dict[str, Any]) -> None:
    for query, expected, absent in (
        ("regiebox", "Regiebox", "Énergiecoaches"),  # title, other case
        ("ÉNERGIECOACHES", "Énergiecoaches", "Regiebox"),  # non-ASCII, other case
        ("samen aan TAFEL", "Wijkteams met de sociale dienst", "Regiebox"),  # summary
        ("vrijwilligers", "Énergiecoaches", "Regiebox"),  # body
        ("gemeente almere", "Wijkteams met de sociale dienst", "Énergiecoaches"),  # organisation
    ):
        html = (await client.get(f"/events/{SLUG}/practices", params={"q": query})).text
        results = html.split("</form>", 1)[1]
        assert expected in results, query
        assert absent not in results, query
        assert "1 praktijkvoorbeeld<" in results, query
        assert f'value="{query}"' in html  # the search box keeps what was typed


async def test_practice_catalogue_empty_state(client: Client, parade: dict[str, Any]) -> None:
    url = f"/events/{SLUG}/practices"
    html = (await client.get(url, params={"q": "ruimtevaart", "theme": "schuldpreventie"})).text
    assert "Geen praktijkvoorbeelden gevonden" in html
    assert "0 praktijkvoorbeelden" in html
    client.cookies.set("events_lang", "en")
    html = (await client.get(url, params={"q": "space travel"})).text
    assert "No practice examples match your search" in html


async def test_practice_page(client: Client, parade: dict[str, Any]) -> None:
    response = await client.get(f"/events/{SLUG}/practices/{parade['regiebox']}")
    assert response.status_code == 200
    html = response.text
    assert "Regiebox" in html and "Eén plek voor alle hulp bij geldzorgen." in html
    assert "Inwoners met betalingsachterstanden" in html
    assert "Veertig procent minder huisuitzettingen." in html
    assert "Gemeente Waadhoeke" in html
    assert f'<a class="utrecht-link" href="/people/{parade["anna"]}">Anna de Vries</a>' in html
    assert "Beleidsadviseur armoede" in html
    assert 'href="https://regiebox.example.org"' in html
    assert f'href="/events/{SLUG}/sessions/{parade["workshop"]}"' in html
    assert f'href="/events/{SLUG}/practices?theme=schuldpreventie"' in html
    assert_no_email(html)


async def test_practice_with_private_contact(client: Client, parade: dict[str, Any]) -> None:
    html = (await client.get(f"/events/{SLUG}/practices/{parade['wijkteams']}")).text
    assert "Bert Jansen" in html and "Teamleider wijkteam" in html
    assert f"/people/{parade['bert']}" not in html
    assert "Geannuleerd" in html
    assert_no_email(html)


async def test_public_profile(client: Client, parade: dict[str, Any]) -> None:
    response = await client.get(f"/people/{parade['anna']}")
    assert response.status_code == 200
    html = response.text
    assert "Anna de Vries" in html and "Beleidsadviseur armoede" in html
    assert "Gemeente Waadhoeke" in html and "Gewoon doen" in html
    assert "Ik help inwoners met schulden." in html
    assert 'href="https://www.linkedin.example/in/anna"' in html
    assert_no_email(html)


async def test_private_profile_is_not_found(client: Client, parade: dict[str, Any]) -> None:
    response = await client.get(f"/people/{parade['bert']}", headers=HTML)
    assert response.status_code == 404
    assert "Bert Jansen" not in response.text
    assert (await client.get("/people/999999")).status_code == 404

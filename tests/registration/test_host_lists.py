"""A session's hosts see who is coming through their own link, which they get in the mail about
a change to their session or from the organiser's button: names and organisations, no e-mail
addresses; a forged link, another session's link or a host taken off the session see nothing."""

from __future__ import annotations

import re
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.programme.tables import Event, SessionHost
from tests.conftest import post_form
from tests.registration.test_changes import by_recipient, edit_session, parade, text_of  # noqa: F401
from tests.registration.test_mails import deliver, smtp  # noqa: F401


def list_link(text: str) -> str:
    found = re.search(r"http://testserver\.local(/hosts/\d+/\d+/[0-9a-f]{32})", text)
    assert found, text
    return found.group(1)


async def test_the_host_gets_their_list_link_and_sees_names_without_addresses(
    organiser_client: AsyncTestClient[Litestar],
    client_factory,
    parade: dict[str, Any],  # noqa: F811
) -> None:
    event_id, workshop = parade["event"], parade["workshop"]
    await edit_session(organiser_client, event_id, workshop, title="Mantelzorg samen")
    henk = by_recipient(await deliver(parade["smtp"]))["henk"]
    link = list_link(text_of(henk))
    assert "Wie er komen (namen en organisaties; de link is alleen voor jou):" in text_of(henk)

    async with client_factory() as host:
        page = await host.get(link)
        assert page.status_code == 200
        assert "Mantelzorg samen" in page.text and "Hallo Henk Host" in page.text
        assert "Anna" in page.text and "Bram" in page.text, "the two with a seat"
        assert "2 mensen staan op de wachtlijst." in page.text
        assert "@example.org" not in page.text, "no e-mail addresses"
        assert page.headers["cache-control"] == "no-store"
        cookies = page.headers.get_list("set-cookie")
        assert all(cookie.startswith("events_csrf=") for cookie in cookies), "no session"

        session_id, person_id, code = link.split("/")[2:]
        forged = await host.get(f"/hosts/{session_id}/{person_id}/{'0' * 32}")
        other = await host.get(f"/hosts/{parade['other']}/{person_id}/{code}")
        assert forged.status_code == 404 and other.status_code == 404

        await SessionHost.delete().where(SessionHost.session == workshop)
        assert (await host.get(link)).status_code == 404, "no longer a host: the link ends"


async def test_the_organiser_sends_the_hosts_their_list_once_per_press(
    organiser_client: AsyncTestClient[Litestar],
    client_factory,
    parade: dict[str, Any],  # noqa: F811
) -> None:
    event_id, workshop = parade["event"], parade["workshop"]
    page = f"/organise/events/{event_id}/attendance/{workshop}"
    assert "Stuur de begeleiders de link naar hun lijst" in (await organiser_client.get(page)).text
    for _ in range(2):  # a double click
        sent = await post_form(
            organiser_client, f"/organise/events/{event_id}/host-lists/{workshop}", {}
        )
    assert "1 begeleider krijgt de link naar deze lijst." in sent.text
    (mail,) = await deliver(parade["smtp"])
    assert mail["Subject"] == "Wie er naar jouw sessie op Parade komen"
    async with client_factory() as host:
        assert (await host.get(list_link(text_of(mail)))).status_code == 200
        await Event.update({Event.archived_at: Event.starts_at}).where(Event.id == event_id)
        assert (await host.get(list_link(text_of(mail)))).status_code == 404, "archived: ended"

"""The organiser's outbox pages and the public unsubscribe link."""

from __future__ import annotations

import httpx
from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.calendar.invites import InviteData
from events.outbox.dispatcher import Dispatcher
from events.outbox.services import enqueue, unsubscribe_targets
from events.outbox.tables import OutboxMessage, Unsubscribe
from tests.conftest import post_form
from tests.mail.conftest import Clock, SMTPServer, mail_settings
from tests.mail.test_messages import END, START


async def test_get_only_asks_and_a_cookieless_one_click_post_unsubscribes_idempotently(
    app: Litestar, smtp_server: SMTPServer, clock: Clock
) -> None:
    settings = mail_settings(smtp_url=smtp_server.url)
    url = unsubscribe_targets(settings, "Eva@example.org").url
    path = url.removeprefix(settings.base_url)

    async with AsyncTestClient(app=app) as client:
        page = await client.get(path)
        assert page.status_code == 200
        assert "Wil je geen vervolgberichten meer ontvangen op eva@example.org?" in page.text
        assert "Ja, afmelden</button>" in page.text
        assert await Unsubscribe.count() == 0  # GET changes nothing

    for _ in range(2):  # a mail provider's one-click POST: no cookies, no CSRF token
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://testserver.local"
        ) as bare:
            response = await bare.post(
                path,
                content=b"List-Unsubscribe=One-Click",
                headers={"content-type": "application/x-www-form-urlencoded"},
            )
        assert response.status_code == 200
        assert "ontvangt geen vervolgberichten" in response.text
    assert await Unsubscribe.count() == 1

    async with AsyncTestClient(app=app) as client:
        forged = await client.get(path[:-3] + "xyz")
        assert forged.status_code == 404
        english = await client.get(path, headers={"Accept-Language": "en"})
        assert "no longer receives follow-up messages" in english.text

    # No more non-transactional mail; transactional mail still goes out.
    for key, transactional in (("news", False), ("confirmation", True)):
        await enqueue(
            settings,
            key=key,
            recipient="eva@example.org",
            kind=key,
            template="test",
            transactional=transactional,
        )
    assert await Dispatcher(settings, now=clock).drain() == 1
    rows = {row["kind"]: row for row in await OutboxMessage.select()}
    assert rows["news"]["status"] == "cancelled"
    assert "unsubscribed" in rows["news"]["last_answer"]
    assert rows["confirmation"]["status"] == "sent"
    assert len(smtp_server.received) == 1


async def test_organisers_see_failures_filter_preview_and_retry(
    organiser_client: AsyncTestClient[Litestar], smtp_server: SMTPServer, clock: Clock
) -> None:
    settings = mail_settings(smtp_url=smtp_server.url)
    smtp_server.handler.refuse["gone@example.org"] = "550 5.1.1 No such user here"
    invite = InviteData(
        uid="s-1@parade.example.org",
        sequence=0,
        summary="Workshop schuldpreventie",
        start=START,
        end=END,
        location="Zaal 2",
    )
    failed_id = await enqueue(
        settings,
        key="a",
        recipient="gone@example.org",
        kind="confirmation",
        template="invite",
        invite=invite,
    )
    await enqueue(settings, key="b", recipient="ok@example.org", kind="test", template="test")
    await Dispatcher(settings, now=clock).drain()

    listing = await organiser_client.get("/organise/outbox/")
    assert listing.status_code == 200
    assert "gone@example.org" in listing.text and "ok@example.org" in listing.text
    assert "550 5.1.1 No such user here" in listing.text
    assert "mislukt" in listing.text

    failed_only = await organiser_client.get("/organise/outbox/?status=failed")
    assert "gone@example.org" in failed_only.text and "ok@example.org" not in failed_only.text
    tests_only = await organiser_client.get("/organise/outbox/?kind=test")
    assert "ok@example.org" in tests_only.text and "gone@example.org" not in tests_only.text

    detail = await organiser_client.get(f"/organise/outbox/{failed_id}")
    assert detail.status_code == 200
    assert "Uitnodiging: Workshop schuldpreventie" in detail.text
    assert "550 5.1.1 No such user here" in detail.text
    assert "Zaal 2" in detail.text and "s-1@parade.example.org" in detail.text
    assert "Nu opnieuw proberen" in detail.text
    html = await organiser_client.get(f"/organise/outbox/{failed_id}/html")
    assert "<h1>Uitnodiging: Workshop schuldpreventie</h1>" in html.text
    assert "default-src 'none'" in html.headers["content-security-policy"]

    del smtp_server.handler.refuse["gone@example.org"]
    response = await post_form(organiser_client, f"/organise/outbox/{failed_id}/retry", {})
    assert response.status_code == 200
    row = await OutboxMessage.select().where(OutboxMessage.id == failed_id).first()
    assert row is not None and row["status"] == "queued" and row["attempts"] == 0
    assert await Dispatcher(settings, now=clock).drain() == 1
    assert smtp_server.received[-1].recipients == ["gone@example.org"]


async def test_the_outbox_is_for_organisers_only(client: AsyncTestClient[Litestar]) -> None:
    response = await client.get("/organise/outbox/", follow_redirects=False)
    assert response.status_code in (303, 401)

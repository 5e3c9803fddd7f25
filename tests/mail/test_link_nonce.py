"""The outbox never hands an organiser a working personal link."""

from __future__ import annotations

import importlib
import json
import re

from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.outbox.tables import OutboxMessage
from tests.conftest import post_form
from tests.registration.helpers import make_event
from tests.registration.test_mails import deliver, manage_path, smtp  # noqa: F401


async def register_anna(client: AsyncTestClient[Litestar]) -> None:
    await post_form(
        client,
        "/events/parade/register",
        {"name": "Anna", "email": "anna@example.org", "consent_event": "1"},
    )


async def test_the_outbox_shows_a_placeholder_and_forgets_the_nonce_once_sent(
    client: AsyncTestClient[Litestar],
    organiser_client: AsyncTestClient[Litestar],
    client_factory,
    smtp,  # noqa: F811
) -> None:
    await make_event()
    async with client_factory() as anna:
        await register_anna(anna)
    row = await OutboxMessage.select().first()
    before = await organiser_client.get(f"/organise/outbox/{row['id']}")
    assert "/manage/[personal-link]" in before.text
    assert not re.search(r"/manage/[A-Za-z0-9_-]{20,}", before.text)

    (confirmation,) = await deliver(smtp)

    stored = await OutboxMessage.select().where(OutboxMessage.id == row["id"]).first()
    assert stored["status"] == "sent"
    assert "manage_link_nonce" not in json.loads(stored["context"])
    page = await organiser_client.get(f"/organise/outbox/{row['id']}")
    html = await organiser_client.get(f"/organise/outbox/{row['id']}/html")
    for text in (page.text, html.text):
        assert manage_path(confirmation) not in text
        assert not re.search(r"/manage/[A-Za-z0-9_-]{20,}", text)
    async with client_factory() as anna:
        assert (await anna.get(manage_path(confirmation))).status_code == 200


async def test_messages_sent_before_the_upgrade_forget_their_nonce_too() -> None:
    migration = importlib.import_module(
        "events.followup.piccolo_migrations.followup_2026_12_02t07_30_00_000000"
    )
    from events.outbox.services import enqueue
    from events.settings import load_settings

    settings = load_settings()
    ids = []
    for status in ("sent", "queued"):
        ids.append(
            await enqueue(
                settings,
                key=f"old:{status}",
                recipient="anna@example.org",
                kind="registration-link",
                template="test",
                context={"manage_link_nonce": "abc", "kind": "link"},
            )
        )
        await OutboxMessage.update({OutboxMessage.status: status}).where(
            OutboxMessage.id == ids[-1]
        )

    await migration.drop_nonces()

    sent, queued = [
        json.loads((await OutboxMessage.select().where(OutboxMessage.id == i).first())["context"])
        for i in ids
    ]
    assert "manage_link_nonce" not in sent and sent["kind"] == "link"
    assert queued["manage_link_nonce"] == "abc", "an unsent message still needs its link"

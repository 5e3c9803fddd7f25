"""Addresses are RFC 5321 mailboxes: variants that mail servers deliver to someone else's
mailbox are refused everywhere an address is taken, and one address is one registration."""

from __future__ import annotations

import os
import re
import sqlite3
import uuid
from datetime import UTC, datetime

import asyncpg
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.app import create_app
from events.registration.tables import Participant
from events.settings import load_settings
from tests.conftest import post_form
from tests.registration.helpers import make_event

VARIANTS = [
    "victim@example.org>1",
    "victim@example.org,1",
    "victim@example.org;x",
    "victim@example.org(c)",
    '"victim"@example.org',
    "victim@exa mple.org",
    "victim@-example.org",
    "victim@example.org\r\nBcc: other@example.org",
    "Victim <victim@example.org>",
    "victim@[192.0.2.1]",
    "victim@localhost",
    "vict..im@example.org",
]


def form(email: str) -> dict[str, str]:
    return {"name": "Vera", "email": email, "language": "nl", "consent_event": "1"}


@pytest.mark.parametrize("variant", VARIANTS)
async def test_the_form_refuses_address_variants_next_to_the_field(
    client: AsyncTestClient[Litestar], variant: str
) -> None:
    await make_event()

    response = await post_form(client, "/events/parade/register", form(variant))

    assert response.status_code == 400
    assert re.search(r'id="error-email"[^>]*>[^<]+<', response.text), response.text
    assert await Participant.count() == 0


@pytest.mark.parametrize("variant", VARIANTS)
async def test_the_api_refuses_address_variants(
    client: AsyncTestClient[Litestar], variant: str
) -> None:
    await make_event()

    response = await client.post(
        "/api/events/parade/registrations",
        json={"name": "Vera", "email": variant, "consents": {"event": True}},
    )

    assert response.status_code == 400, response.text
    assert set(response.json()["errors"]) == {"email"}
    assert await Participant.count() == 0


@pytest.mark.parametrize("variant", ["victim@example.org>1", "victim@example.org(c)"])
async def test_the_link_request_refuses_address_variants(
    client: AsyncTestClient[Litestar], variant: str
) -> None:
    await make_event()
    await client.get("/events/parade/link")

    response = await post_form(client, "/events/parade/link", {"email": variant})

    assert response.status_code == 400
    assert 'id="error-email"' in response.text


async def test_the_message_says_what_to_leave_out(client: AsyncTestClient[Litestar]) -> None:
    await make_event()
    response = await post_form(
        client,
        "/events/parade/register",
        form("victim@example.org>1"),
        headers={"Accept-Language": "en"},
    )
    assert "only the e-mail address itself" in response.text


async def test_stored_in_normal_form_and_compared_without_case(
    client: AsyncTestClient[Litestar],
) -> None:
    await make_event()

    await post_form(client, "/events/parade/register", form("  Vera.de.Vries@Example.ORG "))
    await post_form(client, "/events/parade/register", form("vera.de.vries@example.org"))
    await post_form(client, "/events/parade/register", form("Anna@Bücher.de"))
    await post_form(client, "/events/parade/register", form("anna@xn--bcher-kva.de"))

    stored = await Participant.select(Participant.email).order_by(Participant.id)
    assert [row["email"] for row in stored] == [
        "Vera.de.Vries@example.org",
        "Anna@xn--bcher-kva.de",
    ]


async def test_the_database_allows_one_registration_per_address_whatever_the_case() -> None:
    event_id = await make_event()

    async def insert(email: str) -> None:
        await Participant.insert(
            Participant(
                event=event_id,
                name="Vera",
                email=email,
                consent_event_at=datetime.now(UTC),
                consent_text_version="test",
                manage_token_hash=uuid.uuid4().hex,
                calendar_uid=f"registration-{uuid.uuid4()}@test",
            )
        )

    await insert("Vera@example.org")
    with pytest.raises((sqlite3.IntegrityError, asyncpg.exceptions.UniqueViolationError)):
        await insert("vera@example.org")


async def test_the_per_address_limit_counts_every_spelling_of_an_address() -> None:
    await make_event()
    limited = create_app(
        load_settings({**os.environ, "EVENTS_RATE_LIMITS": "address=100/minute,email=2/hour"})
    )
    async with AsyncTestClient(app=limited) as client:
        answers = [
            (await post_form(client, "/events/parade/register", form(spelling))).status_code
            for spelling in ("anna@bücher.de", "anna@xn--bcher-kva.de", "Anna@BÜCHER.de")
        ]
    assert answers == [200, 200, 429]

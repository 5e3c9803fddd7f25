"""The registration API and the link request cannot be abused: JSON only, a bot trap, and the
same answer, in the same time, whether an address is registered or not."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import httpx
from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.app import CSRF_COOKIE, CSRF_HEADER
from events.outbox.tables import OutboxMessage
from events.registration.services import RegistrationForm, register
from events.registration.tables import Participant
from events.settings import load_settings
from tests.conftest import TEST_DATABASE_URL, serve_app
from tests.registration.helpers import make_event

API = "/api/events/parade/registrations"


def body(email: str, **extra: Any) -> dict[str, Any]:
    return {"name": "Vera", "email": email, "consents": {"event": True}, **extra}


async def test_a_body_not_sent_as_json_is_refused(client: AsyncTestClient[Litestar]) -> None:
    """A page on any site can POST text/plain without asking (no CORS preflight)."""
    await make_event()
    raw = b'{"name": "Vera", "email": "vera@example.org", "consents": {"event": true}}'

    as_text = await client.post(API, content=raw, headers={"Content-Type": "text/plain"})
    as_form = await client.post(
        API, content=raw, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    as_json = await client.post(
        API, content=raw, headers={"Content-Type": "application/json; charset=utf-8"}
    )

    assert as_text.status_code == as_form.status_code == 415
    assert as_json.status_code == 202
    assert await Participant.count() == 1


async def test_a_bot_that_fills_in_the_trap_field_registers_nothing(
    client: AsyncTestClient[Litestar],
) -> None:
    await make_event()

    response = await client.post(API, json=body("bot@example.org", website="http://spam.example"))

    assert response.status_code == 202
    assert response.json() == {"status": "check_your_mail"}
    assert await Participant.count() == 0
    assert await OutboxMessage.count() == 0


async def test_known_and_new_addresses_get_the_same_answer(
    client: AsyncTestClient[Litestar],
) -> None:
    await make_event()
    await client.post(API, json=body("known@example.org"))

    known = await client.post(API, json=body("known@example.org"))
    new = await client.post(API, json=body("new@example.org"))

    assert (known.status_code, known.json()) == (new.status_code, new.json())
    assert known.json() == {"status": "check_your_mail"}
    assert known.headers.get("content-length") == new.headers.get("content-length")
    assert await Participant.count() == 2


async def test_the_schema_documents_the_single_answer_and_the_trap(
    client: AsyncTestClient[Litestar],
) -> None:
    schema = (await client.get("/schema/openapi.json")).json()
    operation = schema["paths"][API.replace("parade", "{slug}")]["post"]
    assert set(operation["responses"]) == {"202", "400", "404", "409", "415", "429"}
    assert "check_your_mail" in operation["description"]
    assert "website" in schema["components"]["schemas"]["RegistrationIn"]["properties"]


@contextlib.asynccontextmanager
async def writes_blocked() -> AsyncIterator[None]:
    """Nobody can write registrations, links or mail until the block ends: another connection
    holds SQLite's write lock, or on PostgreSQL SHARE locks on those tables (reads go on)."""
    if TEST_DATABASE_URL.startswith("sqlite"):
        connection = sqlite3.connect(TEST_DATABASE_URL.removeprefix("sqlite:///"))
        connection.isolation_level = None
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            connection.execute("ROLLBACK")
            connection.close()
        return
    connection = await asyncpg.connect(TEST_DATABASE_URL)
    transaction = connection.transaction()
    await transaction.start()
    await connection.execute(
        "LOCK TABLE participant, manage_link, outbox_message, organisation IN SHARE MODE"
    )
    try:
        yield
    finally:
        await transaction.rollback()
        await connection.close()


async def eventually(check: Any, seconds: float = 20) -> None:
    for _ in range(int(seconds * 10)):
        if await check():
            return
        await asyncio.sleep(0.1)
    raise AssertionError("the work after the answer did not happen")


async def test_the_api_answers_before_anything_is_written_for_known_and_new_addresses() -> None:
    """The differing work (a registration, or one more link for a known address) happens
    after the answer, so the answer can neither differ nor take longer for either."""
    event_id = await make_event()
    await register(
        event_id,
        RegistrationForm(name="Kim", email="known@example.org", consent_event=True),
        load_settings(),
    )
    mails_before = await OutboxMessage.count()
    with serve_app() as base_url:
        async with httpx.AsyncClient(base_url=base_url, timeout=10) as http:
            async with writes_blocked():
                known = await http.post(API, json=body("known@example.org"))
                new = await http.post(API, json=body("new@example.org"))
            assert known.status_code == new.status_code == 202
            assert known.content == new.content

            async def done() -> bool:
                return (
                    await Participant.count() == 2
                    and await OutboxMessage.count() == mails_before + 2
                )

            await eventually(done)


async def test_the_link_request_answers_before_anything_is_written() -> None:
    event_id = await make_event()
    await register(
        event_id,
        RegistrationForm(name="Kim", email="known@example.org", consent_event=True),
        load_settings(),
    )
    mails_before = await OutboxMessage.count()
    with serve_app() as base_url:
        async with httpx.AsyncClient(base_url=base_url, timeout=10) as http:
            await http.get("/events/parade/link")
            headers = {CSRF_HEADER: http.cookies[CSRF_COOKIE]}
            async with writes_blocked():
                answers = [
                    await http.post("/events/parade/link", data={"email": email}, headers=headers)
                    for email in ("known@example.org", "unknown@example.org")
                ]
            assert [answer.status_code for answer in answers] == [303, 303]
            assert answers[0].headers["location"] == answers[1].headers["location"]

            async def done() -> bool:
                return await OutboxMessage.count() == mails_before + 1

            await eventually(done)

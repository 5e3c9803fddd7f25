"""One thing per submission: the mechanism itself, and the registration form through it.

Registration mails are received by a real SMTP server and parsed back.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

import pytest
from litestar import Litestar
from litestar.datastructures import FormMultiDict
from litestar.testing import AsyncTestClient

from events.idempotency import services as idempotency
from events.idempotency.tables import SubmissionKey
from events.outbox.dispatcher import Dispatcher
from events.programme.tables import Room
from events.registration.tables import Participant
from tests.conftest import free_port, post_form
from tests.idempotency.helpers import (
    key_of,
    same_answer,
    same_browser,
    twice_at_once,
    twice_in_turn,
)
from tests.mail.conftest import Clock, SMTPServer, mail_settings
from tests.registration.helpers import make_event

REGISTER = "/events/parade/register"
SENT = "/events/parade/register/sent"


# --- the mechanism ---------------------------------------------------------------------------

_numbers = itertools.count(1)


async def make_room(event_id: int) -> int:
    """A real row, made slowly enough that two concurrent calls overlap."""
    await asyncio.sleep(0.05)
    rows = await Room.insert(Room(event=event_id, name=f"Zaal {next(_numbers)}")).returning(Room.id)
    return int(rows[0]["id"])


def submission(key: str = "k" * 22, **fields: str) -> idempotency.Submission | None:
    return idempotency.submission_of(FormMultiDict({"submission_key": key, **fields}))


async def room_once(event_id: int, sent: idempotency.Submission | None) -> idempotency.Once[int]:
    return await idempotency.once(
        "room:test",
        sent,
        lambda: make_room(event_id),
        lambda room_id: idempotency.Made("room", room_id),
    )


async def test_the_same_submission_at_once_makes_one_thing() -> None:
    event_id = await make_event()
    first, second = await asyncio.gather(
        room_once(event_id, submission(title="Zaal")), room_once(event_id, submission(title="Zaal"))
    )
    assert await Room.count() == 1
    [made] = [outcome.result for outcome in (first, second) if outcome.result is not None]
    [repeat] = [outcome.repeat for outcome in (first, second) if outcome.repeat is not None]
    assert repeat == idempotency.Made("room", made)


async def test_without_a_key_both_submissions_make_a_thing() -> None:
    """The control: what the mechanism prevents does happen without it."""
    event_id = await make_event()
    await asyncio.gather(room_once(event_id, None), room_once(event_id, None))
    assert await Room.count() == 2


async def test_a_key_that_is_not_ours_counts_as_no_key() -> None:
    assert submission(key="short") is None
    assert submission(key="<script>" + "x" * 20) is None
    assert idempotency.submission_of(FormMultiDict({"title": "Zaal"})) is None


async def test_the_same_key_with_other_contents_is_another_submission() -> None:
    event_id = await make_event()
    await room_once(event_id, submission(title="Zaal A"))
    await room_once(event_id, submission(title="Zaal B"))
    await room_once(event_id, submission(title="Zaal B"))
    assert await Room.count() == 2


async def test_the_csrf_token_is_not_part_of_what_was_submitted() -> None:
    first = submission(title="Zaal", _csrf_token="one")
    second = submission(title="Zaal", _csrf_token="two")
    assert first == second


async def test_a_submission_that_made_nothing_leaves_its_key_unused() -> None:
    event_id = await make_event()
    refused = await idempotency.once(
        "room:test", submission(), lambda: asyncio.sleep(0, result=None), lambda _none: None
    )
    assert refused.result is None and refused.repeat is None
    assert await SubmissionKey.count() == 0
    again = await room_once(event_id, submission())
    assert again.result is not None and await Room.count() == 1


async def test_a_failing_creation_records_nothing() -> None:
    async def fails() -> int:
        await Room.insert(Room(event=await make_event(), name="Half"))
        raise RuntimeError("broken")

    with pytest.raises(RuntimeError):
        await idempotency.once(
            "room:test", submission(), fails, lambda room_id: idempotency.Made("room", room_id)
        )
    assert await SubmissionKey.count() == 0 and await Room.count() == 0


async def test_scopes_keep_submissions_apart() -> None:
    event_id = await make_event()
    sent = submission()
    for scope in ("room:a", "room:b"):
        await idempotency.once(
            scope, sent, lambda: make_room(event_id), lambda i: idempotency.Made("room", i)
        )
    assert await Room.count() == 2


async def test_submissions_are_forgotten_after_a_month() -> None:
    event_id = await make_event()
    await room_once(event_id, submission())
    await SubmissionKey.update(
        {SubmissionKey.created_at: datetime.now(UTC) - timedelta(days=31)}
    ).where(SubmissionKey.scope == "room:test")
    await room_once(event_id, submission())
    assert await Room.count() == 2 and await SubmissionKey.count() == 1


# --- the registration form -------------------------------------------------------------------


@pytest.fixture
def smtp() -> Iterator[SMTPServer]:
    server = SMTPServer(free_port())
    server.start()
    yield server
    server.stop()


async def deliver(smtp: SMTPServer) -> list[EmailMessage]:
    await Dispatcher(mail_settings(smtp_url=smtp.url), now=Clock()).drain()
    return [received.message for received in smtp.received]


def registration(key: str, **overrides: str) -> dict[str, str]:
    return {
        "name": "Anna de Vries",
        "email": "anna@example.org",
        "language": "nl",
        "consent_event": "1",
        "submission_key": key,
        **overrides,
    }


async def form_key(client: AsyncTestClient[Litestar]) -> str:
    page = await client.get(REGISTER)
    assert page.status_code == 200
    return key_of(page.text)


async def test_a_double_tap_on_register_makes_one_registration_and_one_mail(
    client: AsyncTestClient[Litestar], client_factory, smtp: SMTPServer
) -> None:
    await make_event()
    data = registration(await form_key(client))
    async with same_browser(client, client_factory) as other_tab:
        responses = await twice_at_once(client, other_tab, REGISTER, data)

    assert same_answer(responses) == SENT
    assert await Participant.count() == 1
    [mail] = await deliver(smtp)
    assert mail["To"].addresses[0].addr_spec == "anna@example.org"


async def test_register_sent_again_makes_one_registration_and_one_mail(
    client: AsyncTestClient[Litestar], smtp: SMTPServer
) -> None:
    await make_event()
    responses = await twice_in_turn(client, REGISTER, registration(await form_key(client)))

    assert same_answer(responses) == SENT
    assert await Participant.count() == 1
    assert len(await deliver(smtp)) == 1


async def test_register_without_a_key_works_as_before(
    client: AsyncTestClient[Litestar], smtp: SMTPServer
) -> None:
    """An old page without the field: registered once, and the second submit mails the link
    again (the address is known), as it always did."""
    await make_event()
    data = registration("")
    del data["submission_key"]
    same_answer(await twice_in_turn(client, REGISTER, data))
    assert await Participant.count() == 1
    assert len(await deliver(smtp)) == 2


async def test_the_next_person_on_the_same_page_is_registered_too(
    client: AsyncTestClient[Litestar], smtp: SMTPServer
) -> None:
    """A tablet at the entrance: "back", and the next person fills in the same page."""
    await make_event()
    key = await form_key(client)
    await post_form(client, REGISTER, registration(key))
    await post_form(client, REGISTER, registration(key, name="Bram Bos", email="bram@example.org"))
    assert await Participant.count() == 2
    received = {mail["To"].addresses[0].addr_spec for mail in await deliver(smtp)}
    assert received == {"anna@example.org", "bram@example.org"}


async def test_a_corrected_form_registers_with_the_same_key(
    client: AsyncTestClient[Litestar],
) -> None:
    await make_event()
    key = await form_key(client)
    refused = await post_form(client, REGISTER, registration(key, consent_event=""))
    assert refused.status_code == 400
    assert key_of(refused.text) == key
    accepted = await post_form(client, REGISTER, registration(key), follow_redirects=False)
    assert accepted.headers["location"] == SENT
    assert await Participant.count() == 1


async def test_every_rendering_of_the_form_has_its_own_key(
    client: AsyncTestClient[Litestar],
) -> None:
    await make_event()
    assert await form_key(client) != await form_key(client)

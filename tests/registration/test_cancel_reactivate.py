"""Cancelling asks first (without JavaScript); a cancelled registration can come back."""

from __future__ import annotations

import re

from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.outbox.tables import OutboxMessage
from events.registration.tables import Participant, SeatChoice
from tests.conftest import post_form
from tests.mail.conftest import SMTPServer
from tests.registration.helpers import make_event, make_round, make_workshop
from tests.registration.mailbox import (
    deliver,
    deliver_one,
    invite_of,
    link_in,
    register_on_the_form,
    text_of,
)


async def anna_with_a_workshop(client: AsyncTestClient[Litestar], smtp: SMTPServer) -> dict:
    """Anna registers for Binthout (one seat), Bram waits for it; Anna opens her link."""
    event_id = await make_event()
    round_id = await make_round(event_id, "Ronde 1", 9)
    workshop = await make_workshop(event_id, round_id, "Binthout", 1)
    await register_on_the_form(client, "anna@example.org", **{f"round-{round_id}": str(workshop)})
    await register_on_the_form(client, "bram@example.org", **{f"round-{round_id}": str(workshop)})
    mails = {message["To"].addresses[0].addr_spec: message for message in await deliver(smtp)}
    link = link_in(mails["anna@example.org"])
    await client.get(link)
    return {"round": round_id, "workshop": workshop, "link": link}


async def test_cancel_shows_a_confirmation_first_and_the_post_cancels(
    client: AsyncTestClient[Litestar], smtp: SMTPServer
) -> None:
    await anna_with_a_workshop(client, smtp)
    me = await client.get("/me")
    assert 'href="/me/cancel"' in me.text
    outbox_before = await OutboxMessage.count()

    confirm = await client.get("/me/cancel")

    assert confirm.status_code == 200
    assert "Wil je je aanmelding voor Parade annuleren?" in confirm.text
    assert "Je plaatsen gaan naar de mensen op de wachtlijst." in confirm.text
    assert "Ronde 1: Binthout" in confirm.text
    assert "e-mail die de dag uit je agenda haalt" in confirm.text
    assert "Je kunt later terugkomen" in confirm.text
    assert 'action="/me/cancel"' in confirm.text and 'name="_csrf_token"' in confirm.text
    assert "<script" not in confirm.text.split("<main", 1)[-1]
    # Showing the question changed nothing.
    assert (await Participant.select(Participant.status).first())["status"] == "registered"
    assert await SeatChoice.count().where(SeatChoice.status == "confirmed") == 1
    assert await OutboxMessage.count() == outbox_before

    done = await post_form(client, "/me/cancel", {})

    assert "Je aanmelding is geannuleerd" in done.text
    assert "Mijn aanmelding heractiveren" in done.text
    mails = {message["To"].addresses[0].addr_spec: message for message in await deliver(smtp)}
    method, event = invite_of(mails["anna@example.org"])
    assert method == "CANCEL" and str(event["STATUS"]) == "CANCELLED"
    assert "er is een plaats vrijgekomen en die is nu van jou" in text_of(mails["bram@example.org"])
    # Posting again (a second tap) sends nothing more.
    await post_form(client, "/me/cancel", {})
    assert await deliver(smtp) == []
    assert (await client.get("/me/cancel", follow_redirects=False)).status_code == 303


async def test_reactivation_from_me_sends_a_new_invite_and_lets_me_choose_again(
    client: AsyncTestClient[Litestar], smtp: SMTPServer
) -> None:
    setup = await anna_with_a_workshop(client, smtp)
    await post_form(client, "/me/cancel", {})
    cancel_mail = await deliver_one_for(smtp, "anna@example.org")
    _method, cancelled = invite_of(cancel_mail)

    assert (await client.get("/me/reactivate")).status_code == 405
    assert (await client.post("/me/reactivate", data={})).status_code == 403
    assert (await Participant.select(Participant.status).first())["status"] == "cancelled"
    page = await post_form(client, "/me/reactivate", {})

    assert "Welkom terug: je aanmelding is weer actief" in page.text
    assert "Mijn aanmelding heractiveren" not in page.text
    assert "Je hebt geen workshops gekozen." in page.text, "the old seat is gone"
    mail = await deliver_one(smtp, "anna@example.org")
    method, event = invite_of(mail)
    assert method == "REQUEST"
    assert str(event["UID"]) == str(cancelled["UID"])
    assert int(event["SEQUENCE"]) > int(cancelled["SEQUENCE"])
    # Anna picks a workshop again (Bram has her old seat, so she waits for it).
    chosen = await post_form(
        client, "/me/choices", {f"round-{setup['round']}": str(setup["workshop"])}
    )
    assert "op de wachtlijst, nummer 1" in chosen.text
    changed = await deliver_one(smtp, "anna@example.org")
    assert re.search(r"Binthout[^\n]*: op de wachtlijst", text_of(changed))
    # Cancelling again sends a second cancellation (not swallowed as a duplicate).
    await post_form(client, "/me/cancel", {})
    method, cancelled_again = invite_of(await deliver_one_for(smtp, "anna@example.org"))
    assert method == "CANCEL"
    assert int(cancelled_again["SEQUENCE"]) > int(event["SEQUENCE"])


async def deliver_one_for(smtp: SMTPServer, to: str):  # type: ignore[no-untyped-def]
    """Deliver everything; return the one message to `to`."""
    found = [m for m in await deliver(smtp) if m["To"].addresses[0].addr_spec == to]
    assert len(found) == 1, [(m["Subject"], invite_of(m)[0]) for m in found]
    (message,) = found
    return message


async def test_registering_again_with_a_cancelled_address_mails_a_working_link(
    client: AsyncTestClient[Litestar], client_factory, smtp: SMTPServer
) -> None:
    await anna_with_a_workshop(client, smtp)
    await post_form(client, "/me/cancel", {})
    await deliver(smtp)

    async with client_factory() as other:
        await register_on_the_form(other, "anna@example.org")
        mail = await deliver_one(smtp, "anna@example.org")
        me = await other.get(link_in(mail))

    assert await Participant.count().where(Participant.email == "anna@example.org") == 1
    assert me.status_code == 200 and "anna@example.org" in me.text
    # Not reactivated by the public form (anyone could type her address): she decides on /me.
    assert (await Participant.select(Participant.status).first())["status"] == "cancelled"
    assert "Mijn aanmelding heractiveren" in me.text

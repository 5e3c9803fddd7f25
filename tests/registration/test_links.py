"""Manage links never die by being replaced: every link mailed works until it expires."""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import re
from datetime import UTC, datetime, timedelta

from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.privacy import purge_expired
from events.programme.tables import Event
from events.registration.links import manage_token, new_manage_link, safe_continue_path
from events.registration.services import RegistrationForm, register
from events.registration.tables import ManageLink, Participant, ParticipantSession
from events.settings import load_settings
from tests.conftest import post_form
from tests.mail.conftest import SMTPServer
from tests.registration.helpers import make_event, make_round, make_workshop
from tests.registration.mailbox import (
    ask_for_link,
    deliver,
    deliver_one,
    link_in,
    register_on_the_form,
    text_of,
)


async def opens_my_page(client_factory, link: str, email: str) -> bool:  # type: ignore[no-untyped-def]
    """Open the link in a fresh browser: does it lead to /me with this person's address?"""
    async with client_factory() as browser:
        opened = await browser.get(link)
        return opened.status_code == 200 and email in opened.text and "/me" in str(opened.url)


async def test_the_first_mail_link_survives_double_taps_second_registrations_and_resends(
    client: AsyncTestClient[Litestar], client_factory, smtp: SMTPServer
) -> None:
    event_id = await make_event()
    round_id = await make_round(event_id, "Ronde 1", 9)
    workshop = await make_workshop(event_id, round_id, "Binthout", 5)

    # "Aanmelden" twice (as with a double tap or a reload that posts the form again).
    await register_on_the_form(client, "anna@example.org", **{f"round-{round_id}": str(workshop)})
    await register_on_the_form(client, "anna@example.org", **{f"round-{round_id}": str(workshop)})
    mails = {message["Subject"]: message for message in await deliver(smtp)}
    assert sorted(mails) == ["Je aanmelding voor Parade", "Je link voor Parade"]
    first, second = mails["Je aanmelding voor Parade"], mails["Je link voor Parade"]
    assert re.search(r"Binthout[^\n]*: bevestigd", text_of(first))
    # Later: a second registration with the same address, in another browser, through the API.
    async with client_factory() as other:
        api = await other.post(
            "/api/events/parade/registrations",
            json={"name": "Anna", "email": "anna@example.org", "consents": {"event": True}},
        )
    assert api.status_code == 202
    third = await deliver_one(smtp, "anna@example.org")
    # And "Stuur mijn link opnieuw".
    await ask_for_link(client, "anna@example.org")
    fourth = await deliver_one(smtp, "anna@example.org")

    links = [link_in(message) for message in (first, second, third, fourth)]
    assert len(set(links)) == 4
    for link in links:
        assert await opens_my_page(client_factory, link, "anna@example.org"), link
    assert await Participant.count() == 1
    assert (await Participant.select(Participant.status).first())["status"] == "registered"
    # Only hashes are stored: no link's token is in the database.
    stored = {row["token_hash"] for row in await ManageLink.select(ManageLink.token_hash)}
    tokens = [link.rsplit("/", 1)[1] for link in links]
    assert stored == {hashlib.sha256(token.encode()).hexdigest() for token in tokens}
    participant = await Participant.select().first()
    assert not any(token in str(participant) for token in tokens)
    assert participant["manage_token_hash"] not in stored


async def test_a_link_expires_at_the_end_of_the_retention_period(
    client: AsyncTestClient[Litestar], client_factory, smtp: SMTPServer
) -> None:
    event_id = await make_event()
    await register_on_the_form(client, "anna@example.org")
    link = link_in(await deliver_one(smtp, "anna@example.org"))
    row = await ManageLink.select(ManageLink.expires_at).first()
    event = await Event.select(Event.ends_at).where(Event.id == event_id).first()
    assert row["expires_at"] == event["ends_at"] + timedelta(days=365), "12 months of retention"
    assert await opens_my_page(client_factory, link, "anna@example.org")

    # The event ended longer ago than the retention period: move its link's clock there.
    await ManageLink.update(
        {ManageLink.expires_at: datetime.now(UTC) - timedelta(seconds=1)}, force=True
    )

    async with client_factory() as browser:
        expired = await browser.get(link)
        assert expired.status_code == 404
        assert "Deze link werkt niet" in expired.text
        assert "Mail mij mijn link" in expired.text, "the page offers a new link for the event"
        assert 'action="/events/parade/link"' in expired.text
        assert (await browser.get("/me")).status_code == 401


async def test_with_manage_link_days_a_link_lasts_that_long_after_it_was_mailed(
    client_factory, smtp: SMTPServer
) -> None:
    event_id = await make_event()
    settings = dataclasses.replace(load_settings(), manage_link_days=3)
    before = datetime.now(UTC)
    await register(
        event_id,
        RegistrationForm(name="Anna", email="anna@example.org", consent_event=True),
        settings,
    )
    link = link_in(await deliver_one(smtp, "anna@example.org"))
    expires_at = (await ManageLink.select(ManageLink.expires_at).first())["expires_at"]
    assert before + timedelta(days=3) <= expires_at <= datetime.now(UTC) + timedelta(days=3)
    assert await opens_my_page(client_factory, link, "anna@example.org")

    await ManageLink.update(
        {ManageLink.expires_at: datetime.now(UTC) - timedelta(minutes=1)}, force=True
    )
    assert not await opens_my_page(client_factory, link, "anna@example.org")


async def test_an_event_long_past_gives_links_that_no_longer_work(
    client_factory, smtp: SMTPServer
) -> None:
    event_id = await make_event()
    long_ago = datetime.now(UTC) - timedelta(days=800)
    await Event.update(
        {Event.starts_at: long_ago, Event.ends_at: long_ago + timedelta(hours=6)}, force=True
    )
    await register(
        event_id,
        RegistrationForm(name="Anna", email="anna@example.org", consent_event=True),
        load_settings(),
    )
    link = link_in(await deliver_one(smtp, "anna@example.org"))
    assert not await opens_my_page(client_factory, link, "anna@example.org")


async def test_an_expired_session_ends_and_the_page_helps_back_in(
    client: AsyncTestClient[Litestar], smtp: SMTPServer
) -> None:
    await make_event()
    await register_on_the_form(client, "anna@example.org")
    link = link_in(await deliver_one(smtp, "anna@example.org"))
    await client.get(link)
    assert (await client.get("/me")).status_code == 200

    await ParticipantSession.update(
        {ParticipantSession.expires_at: datetime.now(UTC) - timedelta(seconds=1)}, force=True
    )

    page = await client.get("/me")
    assert page.status_code == 401
    assert "Mail mij mijn link" in page.text
    # The link from the mail still works and starts a new session.
    assert (await client.get(link)).status_code == 200
    assert await ParticipantSession.count() == 2


async def test_the_session_cookie_is_random_and_only_its_hash_is_stored(
    client: AsyncTestClient[Litestar], smtp: SMTPServer
) -> None:
    await make_event()
    await register_on_the_form(client, "anna@example.org")
    link = link_in(await deliver_one(smtp, "anna@example.org"))

    opened = await client.get(link, follow_redirects=False)

    assert opened.headers["location"] == "/me"
    cookie = opened.cookies["events_participant"]
    assert len(cookie) >= 22, "at least 128 bits"
    (row,) = await ParticipantSession.select(ParticipantSession.session_hash)
    assert row["session_hash"] == hashlib.sha256(cookie.encode()).hexdigest()
    assert cookie not in str(await ParticipantSession.select())
    forged = await client.get("/me", headers={"cookie": f"events_participant={cookie[:-2]}xx"})
    assert forged.status_code == 401


def test_only_relative_paths_on_this_site_may_be_continued_to() -> None:
    assert safe_continue_path("/me/pairs/join?code=K7PX3M") == "/me/pairs/join?code=K7PX3M"
    assert safe_continue_path("/me") == "/me"
    for hostile in (
        "",
        "me",
        "//evil.example.org/x",
        "/\\evil.example.org",
        "https://evil.example.org/",
        "javascript:alert(1)",
        "/me\r\nSet-Cookie: x=1",
        "/ me",
        "/" + "a" * 600,
    ):
        assert safe_continue_path(hostile) == "", hostile


async def test_a_continue_path_to_another_site_leads_to_me(
    client: AsyncTestClient[Litestar], client_factory, smtp: SMTPServer
) -> None:
    await make_event()
    await register_on_the_form(client, "anna@example.org")
    await deliver(smtp)
    await post_form(
        client,
        "/events/parade/link",
        {"email": "anna@example.org", "continue": "//evil.example.org/me"},
    )
    link = link_in(await deliver_one(smtp, "anna@example.org"))
    async with client_factory() as browser:
        opened = await browser.get(link, follow_redirects=False)
    assert opened.headers["location"] == "/me"


async def test_the_migration_keeps_the_one_link_each_participant_had(client_factory) -> None:
    """Links mailed before several links existed were one hash per participant: they move to
    manage_link and keep working; the old column no longer holds them."""
    migration = importlib.import_module(
        "events.registration.piccolo_migrations.registration_2026_12_02t06_19_01_131401"
    )
    event_id = await make_event()
    nonce, token_hash = new_manage_link(load_settings().secret_key)
    await Participant.insert(
        Participant(
            event=event_id,
            name="Anna",
            email="anna@example.org",
            consent_event_at=datetime.now(UTC),
            consent_text_version="2026-11",
            manage_token_hash=token_hash,
            calendar_uid="registration-old@test",
        )
    )

    await migration.move_hashes()

    link = f"/manage/{manage_token(load_settings().secret_key, nonce)}"
    assert await opens_my_page(client_factory, link, "anna@example.org")
    row = await Participant.select(Participant.manage_token_hash).first()
    assert row["manage_token_hash"] != token_hash and len(row["manage_token_hash"]) == 64
    event = await Event.select(Event.ends_at).first()
    expires_at = (await ManageLink.select(ManageLink.expires_at).first())["expires_at"]
    assert expires_at == event["ends_at"] + timedelta(days=365)


async def test_purge_forgets_links_and_sessions_that_no_longer_work(
    client: AsyncTestClient[Litestar], client_factory, smtp: SMTPServer
) -> None:
    await make_event()
    await register_on_the_form(client, "anna@example.org")
    await ask_for_link(client, "anna@example.org")
    old, new = [link_in(message) for message in await deliver(smtp)]
    await client.get(old)
    old_hash = hashlib.sha256(old.rsplit("/", 1)[1].encode()).hexdigest()
    await ManageLink.update({ManageLink.expires_at: datetime.now(UTC) - timedelta(days=1)}).where(
        ManageLink.token_hash == old_hash
    )
    await ParticipantSession.update(
        {ParticipantSession.expires_at: datetime.now(UTC) - timedelta(days=1)}, force=True
    )

    await purge_expired(load_settings())

    assert await ManageLink.count() == 1 and await ParticipantSession.count() == 0
    assert await opens_my_page(client_factory, new, "anna@example.org")
    assert not await opens_my_page(client_factory, old, "anna@example.org")

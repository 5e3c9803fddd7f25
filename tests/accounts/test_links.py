"""Invitations and password resets with real mail: the link in the received message is
followed, works once and only in time, and a reset ends the user's other sessions."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.accounts.tables import AccountToken, EventRole
from events.organise.tables import AuditEntry
from events.outbox.tables import OutboxMessage
from events.web.auth import create_organiser
from tests.conftest import ORGANISER_PASSWORD, ORGANISER_USERNAME, post_form
from tests.registration.helpers import make_event
from tests.registration.test_mails import deliver, smtp  # noqa: F401

NEW_PASSWORD = "een-nieuw-lang-wachtwoord"


def body(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def link_in(message: EmailMessage, purpose: str) -> str:
    found = re.search(
        rf"http://testserver\.local(/account/{purpose}/[A-Za-z0-9_-]+)", body(message)
    )
    assert found, body(message)
    return found.group(1)


async def invite(organiser: AsyncTestClient[Litestar], event_id: int, email: str, role: str):
    response = await post_form(
        organiser,
        f"/organise/events/{event_id}/team/invite",
        {"email": email, "role": role},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


async def test_an_invited_volunteer_sets_a_password_once_and_gets_their_role(
    organiser_client: AsyncTestClient[Litestar],
    client_factory,
    smtp,  # noqa: F811
) -> None:
    event_id = await make_event()
    await invite(organiser_client, event_id, "Vrijwilliger@Example.org", "checkin")
    (mail,) = await deliver(smtp)
    assert mail["To"] == "vrijwilliger@example.org"
    assert mail["Subject"] == "Uitnodiging: organiseer Parade mee"
    assert "als Incheck" in body(mail) and "7 dagen" in body(mail)
    path = link_in(mail, "invite")
    row = await OutboxMessage.select().first()
    assert "account_link_nonce" not in json.loads(row["context"])
    assert path.rsplit("/", 1)[1] not in row["context"]
    stored = await AccountToken.select().first()
    assert stored["token_hash"] != path.rsplit("/", 1)[1]

    async with client_factory() as volunteer:
        page = await volunteer.get(path)
        assert page.status_code == 200 and "Kies de naam waarmee je inlogt" in page.text
        short = await post_form(
            volunteer, path, {"username": "Vera", "password": "kort", "password_again": "kort"}
        )
        assert short.status_code == 400 and "minstens 12 tekens" in short.text
        done = await post_form(
            volunteer,
            path,
            {"username": "Vera", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
            follow_redirects=False,
        )
        assert done.status_code == 303 and done.headers["location"] == "/organise/"
        dashboard = await volunteer.get("/organise/")
        assert "Parade" in dashboard.text and "Ingelogd als Vera" in dashboard.text
        assert (await volunteer.get(f"/organise/events/{event_id}/walk-in")).status_code == 200
        export = await volunteer.get(f"/organise/events/{event_id}/registrations.csv")
        assert export.status_code == 403

    async with client_factory() as stranger:
        again = await stranger.get(path)
        assert again.status_code == 404 and "werkt niet meer" in again.text
        reuse = await post_form(
            stranger,
            path,
            {"username": "Eve", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
            follow_redirects=False,
        )
        assert reuse.status_code == 404
        login = await post_form(
            stranger,
            "/login",
            {"username": "Vera", "password": NEW_PASSWORD},
            follow_redirects=False,
        )
        assert login.status_code == 303

    team = await organiser_client.get(f"/organise/events/{event_id}/team/")
    assert "Vera" in team.text and "vrijwilliger@example.org" in team.text
    entries = await AuditEntry.select().where(AuditEntry.path.like("%/team/invite"))
    assert [entry["username"] for entry in entries] == [ORGANISER_USERNAME]


async def test_an_expired_invitation_is_refused(
    organiser_client: AsyncTestClient[Litestar],
    client_factory,
    smtp,  # noqa: F811
) -> None:
    event_id = await make_event()
    await invite(organiser_client, event_id, "laat@example.org", "moderator")
    (mail,) = await deliver(smtp)
    await AccountToken.update(
        {AccountToken.expires_at: datetime.now(UTC) - timedelta(minutes=1)}, force=True
    )
    async with client_factory() as late:
        assert (await late.get(link_in(mail, "invite"))).status_code == 404
        refused = await post_form(
            late,
            link_in(mail, "invite"),
            {"username": "Laat", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
        )
        assert refused.status_code == 404
        assert (await late.get("/organise/")).status_code in (200, 303)  # login page, no session
        assert "Ingelogd" not in (await late.get("/organise/")).text


async def test_roles_change_and_the_last_coordinator_stays(
    organiser_client: AsyncTestClient[Litestar],
    smtp,  # noqa: F811
) -> None:
    event_id = await make_event()
    await invite(organiser_client, event_id, "co@example.org", "coordinator")
    role = await EventRole.select().first()
    user = role["user"]
    demote = await post_form(
        organiser_client, f"/organise/events/{event_id}/team/{user}/role", {"role": "programme"}
    )
    assert demote.status_code == 400 and "minstens één coördinator" in demote.text
    await invite(organiser_client, event_id, "tweede@example.org", "coordinator")
    moved = await post_form(
        organiser_client, f"/organise/events/{event_id}/team/{user}/role", {"role": "programme"}
    )
    assert moved.status_code == 200 and "De rol is gewijzigd." in moved.text
    gone = await post_form(organiser_client, f"/organise/events/{event_id}/team/{user}/remove", {})
    assert "uit het team gehaald" in gone.text
    assert await EventRole.count().where(EventRole.user == user) == 0


async def test_a_reset_link_works_once_for_an_hour_and_ends_other_sessions(
    client_factory,
    smtp,  # noqa: F811
) -> None:
    await create_organiser(ORGANISER_USERNAME, "organisator@example.org", ORGANISER_PASSWORD)
    async with client_factory() as laptop, client_factory() as phone, client_factory() as me:
        for device in (laptop, phone):
            await post_form(
                device, "/login", {"username": ORGANISER_USERNAME, "password": ORGANISER_PASSWORD}
            )
            assert "Ingelogd als" in (await device.get("/organise/")).text
        known = await post_form(me, "/account/forgot", {"email": "Organisator@example.org"})
        unknown = await post_form(me, "/account/forgot", {"email": "niemand@example.org"})
        assert known.status_code == unknown.status_code == 200
        assert known.text == unknown.text and "werkt één uur" in known.text
        (mail,) = await deliver(smtp)
        assert (
            mail["To"] == "organiser <organisator@example.org>"
            or "organisator@example.org" in mail["To"]
        )
        assert mail["Subject"] == "Kies een nieuw wachtwoord" and "60 minuten" in body(mail)
        path = link_in(mail, "reset")

        assert (await me.get(path)).status_code == 200
        done = await post_form(
            me,
            path,
            {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
            follow_redirects=False,
        )
        assert done.status_code == 303
        assert "Ingelogd als" in (await me.get("/organise/")).text
        for device in (laptop, phone):
            ended = await device.get("/organise/", follow_redirects=False)
            assert ended.status_code == 303 and ended.headers["location"].startswith("/login")
        assert (await me.get(path)).status_code == 404
        old = await post_form(
            laptop, "/login", {"username": ORGANISER_USERNAME, "password": ORGANISER_PASSWORD}
        )
        assert old.status_code == 400

        await post_form(me, "/account/forgot", {"email": "organisator@example.org"})
        (late_mail,) = await deliver(smtp)
        await AccountToken.update(
            {AccountToken.expires_at: datetime.now(UTC) - timedelta(seconds=1)}
        ).where(AccountToken.used_at.is_null())
        late = await post_form(
            me,
            link_in(late_mail, "reset"),
            {"password": "nog-een-ander-wachtwoord", "password_again": "nog-een-ander-wachtwoord"},
        )
        assert late.status_code == 404 and "werkt niet meer" in late.text


async def test_removing_an_invited_colleague_before_they_accept_revokes_the_link(
    organiser_client: AsyncTestClient[Litestar],
    client_factory,
    smtp,  # noqa: F811
) -> None:
    event_id = await make_event()
    await invite(organiser_client, event_id, "bijna@example.org", "programme")
    (mail,) = await deliver(smtp)
    user = (await EventRole.select().first())["user"]
    await post_form(organiser_client, f"/organise/events/{event_id}/team/{user}/remove", {})
    async with client_factory() as late:
        assert (await late.get(link_in(mail, "invite"))).status_code == 404


async def test_organisers_from_before_the_roles_stay_server_administrators() -> None:
    import importlib

    from piccolo.apps.user.tables import BaseUser

    migration = importlib.import_module(
        "events.accounts.piccolo_migrations.accounts_2026_12_02t12_40_01_000000"
    )
    old = await BaseUser.create_user(
        username="oud", password=ORGANISER_PASSWORD, email="oud@example.org", admin=True
    )
    await BaseUser.update({BaseUser.superuser: False}).where(BaseUser.id == old.id)
    await migration.existing_organisers_administer()
    row = await BaseUser.select(BaseUser.superuser).where(BaseUser.id == old.id).first()
    assert row["superuser"] is True


async def test_asking_for_reset_links_is_rate_limited_per_address() -> None:
    """With the default limits (5 per address per hour) the sixth request for one address is
    refused, for a known and an unknown address alike, so the answer reveals nothing."""
    from tests.web.test_login_limits import client_at, limited_app

    await create_organiser(ORGANISER_USERNAME, "organisator@example.org", ORGANISER_PASSWORD)
    app = limited_app()
    for address in ("organisator@example.org", "niemand@example.org"):
        async with client_at(app, "192.0.2.7") as client:
            answers = [
                (await post_form(client, "/account/forgot", {"email": address})).status_code
                for _ in range(6)
            ]
        assert answers == [200] * 5 + [429], address
    assert await AccountToken.count() == 5

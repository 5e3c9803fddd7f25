"""Piccolo Admin: what it lists, that its writes are audited, and the headers and login it gets."""

from __future__ import annotations

import re

from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.organise.tables import AuditEntry
from events.programme.tables import Event, Organisation, Person
from events.registration.tables import Participant
from events.web.middleware import ADMIN_CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY
from tests.conftest import ORGANISER_USERNAME
from tests.registration.helpers import make_event
from tests.registration.test_manage import registered

# Tables of participants, their registrations and mail, and of the logins themselves.
PRIVATE_TABLES = {
    "participant",
    "participant_theme",
    "seat_choice",
    "session_seats",
    "outbox_message",
    "unsubscribe",
    "audit_entry",
    "piccolo_user",
    "sessions",
}
# Personal contact data, and anything that opens something when known.
PRIVATE_COLUMN = re.compile(
    r"email|access_needs|_hash$|token|secret|nonce|password|^code$", re.IGNORECASE
)


async def admin_csrf(client: AsyncTestClient[Litestar]) -> dict[str, str]:
    """The header Piccolo Admin's own CSRF check wants (its cookie is set by any admin GET)."""
    await client.get("/admin/")
    return {"X-CSRFToken": client.cookies["csrftoken"]}


async def test_the_admin_lists_no_participant_tables_and_no_private_columns(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    tables = (await organiser_client.get("/admin/api/tables/")).json()
    assert "event" in tables and "session" in tables
    assert not PRIVATE_TABLES & set(tables), PRIVATE_TABLES & set(tables)
    private = {}
    for table in tables:
        schema = (await organiser_client.get(f"/admin/api/tables/{table}/schema/")).json()
        columns = [name for name in schema["properties"] if PRIVATE_COLUMN.search(name)]
        if columns:
            private[table] = columns
    assert private == {}, f"the admin serves private columns: {private}"


async def test_participants_cannot_be_read_or_changed_through_the_admin(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    participant_id, _link = await registered(event_id, "anna@example.org", [])
    await Participant.update({Participant.access_needs: "rolstoel"}).where(
        Participant.id == participant_id
    )

    listed = await organiser_client.get("/admin/api/tables/participant/")
    single = await organiser_client.get(f"/admin/api/tables/participant/{participant_id}/")
    changed = await organiser_client.patch(
        f"/admin/api/tables/participant/{participant_id}/",
        json={"email": "mallory@example.org"},
        headers=await admin_csrf(organiser_client),
    )

    for response in (listed, single):
        assert response.status_code == 404
        assert "anna@example.org" not in response.text and "rolstoel" not in response.text
    assert changed.status_code == 404
    row = await Participant.select(Participant.email).where(Participant.id == participant_id)
    assert row[0]["email"] == "anna@example.org"


async def test_a_persons_address_is_neither_shown_nor_changed_by_the_admin(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    person = await Person.insert(Person(name="Dirk", email="dirk@example.org")).returning(Person.id)
    person_id = person[0]["id"]
    csrf = await admin_csrf(organiser_client)

    shown = await organiser_client.get(f"/admin/api/tables/person/{person_id}/")
    changed = await organiser_client.patch(
        f"/admin/api/tables/person/{person_id}/",
        json={"name": "Dirk de Boer", "email": "mallory@example.org"},
        headers=csrf,
    )

    assert shown.status_code == 200 and shown.json()["name"] == "Dirk"
    assert "dirk@example.org" not in shown.text
    row = (await Person.select().where(Person.id == person_id))[0]
    assert changed.status_code in (200, 400, 422)
    assert row["email"] == "dirk@example.org", "the admin cannot change the address"


async def test_admin_writes_are_in_the_audit_log_with_the_organisers_name(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    organisation = await Organisation.insert(Organisation(name="Gemeente Leiden")).returning(
        Organisation.id
    )
    organisation_id = organisation[0]["id"]
    csrf = await admin_csrf(organiser_client)

    patched = await organiser_client.patch(
        f"/admin/api/tables/organisation/{organisation_id}/",
        json={"name": "Gemeente Leiden (Sociaal Domein)"},
        headers=csrf,
    )
    created = await organiser_client.post(
        "/admin/api/tables/theme/", json={"name": "Wonen", "slug": "wonen"}, headers=csrf
    )

    assert patched.status_code == 200, patched.text
    assert created.status_code == 201, created.text
    entries = await AuditEntry.select().order_by(AuditEntry.id)
    assert [(e["method"], e["path"], e["username"]) for e in entries] == [
        ("PATCH", f"/admin/api/tables/organisation/{organisation_id}/", ORGANISER_USERNAME),
        ("POST", "/admin/api/tables/theme/", ORGANISER_USERNAME),
    ]
    page = await organiser_client.get("/organise/audit")
    assert f"PATCH /admin/api/tables/organisation/{organisation_id}/" in page.text


async def test_the_admin_cannot_change_what_people_booked_behind_their_backs(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    """Events, rounds, rooms, sessions and hosts change only through the organiser pages,
    which check the rules and tell the people booked (events.registration.changes)."""
    event_id = await make_event()
    csrf = await admin_csrf(organiser_client)

    patched = await organiser_client.patch(
        f"/admin/api/tables/event/{event_id}/", json={"name": "Parade 2027"}, headers=csrf
    )
    deleted = await organiser_client.delete(f"/admin/api/tables/event/{event_id}/", headers=csrf)
    readable = await organiser_client.get("/admin/api/tables/event/")

    assert patched.status_code == 405 and deleted.status_code == 405
    assert (await Event.select(Event.name).where(Event.id == event_id))[0]["name"] == "Parade"
    assert readable.status_code == 200 and "Parade" in readable.text


async def test_the_admin_has_its_own_policy_and_the_site_keeps_the_strict_one(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    admin = await organiser_client.get("/admin/")
    api = await organiser_client.get("/admin/api/tables/")
    page = await organiser_client.get("/organise/")

    assert admin.headers["content-security-policy"] == ADMIN_CONTENT_SECURITY_POLICY
    assert api.headers["content-security-policy"] == ADMIN_CONTENT_SECURITY_POLICY
    assert page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY


async def test_login_brings_the_organiser_back_into_the_admin(
    client: AsyncTestClient[Litestar],
) -> None:
    response = await client.get("/admin/", follow_redirects=False)
    deep = await client.get("/admin/api/tables/?x=1", follow_redirects=False)

    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/admin/"
    assert deep.headers["location"] == "/login?next=/admin/api/tables/%3Fx%3D1"

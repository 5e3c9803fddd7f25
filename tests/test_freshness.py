"""The page cache is never stale: a committed change shows on the very next request, in every
worker, because the cache keys hold the data version that the database's triggers raise."""

from __future__ import annotations

import asyncio
import os

import httpx
from litestar.testing import AsyncTestClient
from piccolo.engine.postgres import PostgresEngine

from events import piccolo_conf
from events.app import create_app
from events.freshness.services import data_version, prune_changes
from events.freshness.tables import DataChange
from events.freshness.triggers import PRIVATE_TABLES, PUBLIC_TABLES
from events.outbox.services import enqueue
from events.programme.tables import Session
from events.registration.services import RegistrationForm, register
from events.settings import load_settings
from tests.conftest import app_tables, serve_app
from tests.registration.helpers import make_event, make_round, make_workshop

CACHED = {**os.environ, "EVENTS_PAGE_CACHE": "true"}


def seats_taken(programme: dict, title: str) -> int:  # type: ignore[type-arg]
    (session,) = [s for s in programme["sessions"] if s["title"] == title]
    return int(session["seats_taken"])


async def a_workshop() -> int:
    event_id = await make_event()
    round_id = await make_round(event_id, "Ronde 1", 9)
    await make_workshop(event_id, round_id, "Binthout", 10)
    return event_id


async def register_someone(event_id: int, number: int) -> None:
    (workshop,) = (
        await Session.select(Session.id).where(Session.title == "Binthout").output(as_list=True)
    )
    await register(
        event_id,
        RegistrationForm(
            name=f"Deelnemer {number}",
            email=f"deelnemer{number}@example.org",
            consent_event=True,
            choices=[workshop],
        ),
        load_settings(),
    )


def test_every_table_is_known_as_public_or_private() -> None:
    tables = {table._meta.tablename for table in app_tables()}
    assert not set(PUBLIC_TABLES) & set(PRIVATE_TABLES)
    assert tables - set(PUBLIC_TABLES) - set(PRIVATE_TABLES) == set(), (
        "a new table: add it to PUBLIC_TABLES (with add_change_triggers in its migration) "
        "or to PRIVATE_TABLES in events/freshness/triggers.py"
    )


async def test_every_public_table_has_its_trigger() -> None:
    if isinstance(piccolo_conf.DB, PostgresEngine):
        query = (
            "SELECT DISTINCT event_object_table AS name FROM information_schema.triggers "
            "WHERE trigger_name LIKE '%raises_data_version'"
        )
    else:
        query = (
            "SELECT DISTINCT tbl_name AS name FROM sqlite_master "
            "WHERE type = 'trigger' AND name LIKE '%raises_data_version%'"
        )
    rows = await DataChange.raw(query)
    assert {row["name"] for row in rows} == set(PUBLIC_TABLES)


async def test_a_write_to_public_data_raises_the_version_and_a_private_one_does_not() -> None:
    event_id = await a_workshop()
    before = await data_version()
    await enqueue(load_settings(), key="k", recipient="a@example.org", kind="test", template="test")
    assert await data_version() == before, "the outbox is not public data"
    await register_someone(event_id, 1)
    assert await data_version() > before


async def test_with_the_cache_on_a_registration_and_an_edit_show_on_the_next_request() -> None:
    event_id = await a_workshop()
    app = create_app(load_settings(CACHED))
    async with AsyncTestClient(app=app) as visitor:
        first = (await visitor.get("/api/events/parade/programme")).json()
        page = (await visitor.get("/events/parade/programme")).text
        again = (await visitor.get("/events/parade/programme")).text
        assert page == again and "Binthout" in page

        await register_someone(event_id, 1)
        after = (await visitor.get("/api/events/parade/programme")).json()

        await Session.update({Session.title: "Binthout en Zo"}).where(Session.title == "Binthout")
        edited = (await visitor.get("/events/parade/programme")).text

    assert seats_taken(first, "Binthout") == 0
    assert seats_taken(after, "Binthout") == 1
    assert "Binthout en Zo" in edited


async def test_two_workers_both_show_a_registration_at_once() -> None:
    event_id = await a_workshop()
    with serve_app(workers=2, page_cache="true") as base_url:
        async with httpx.AsyncClient(base_url=base_url, timeout=60) as visitors:
            url = "/api/events/parade/programme"
            # Enough requests that both workers have the page in their cache.
            warm = await asyncio.gather(*(visitors.get(url) for _ in range(40)))
            assert {seats_taken(r.json(), "Binthout") for r in warm} == {0}

            await register_someone(event_id, 1)
            later = await asyncio.gather(*(visitors.get(url) for _ in range(40)))
            register_page = await visitors.get("/events/parade/register")

    assert {seats_taken(r.json(), "Binthout") for r in later} == {1}
    assert register_page.status_code == 200


async def test_pruning_keeps_the_version_and_the_next_write_raises_it() -> None:
    event_id = await a_workshop()
    await register_someone(event_id, 1)
    version = await data_version()
    await prune_changes()
    assert await DataChange.count() == 1
    assert await data_version() == version
    await register_someone(event_id, 2)
    assert await data_version() > version

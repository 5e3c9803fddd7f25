"""Builders for pledge, wall and report tests: participants, logged-in clients, pledges."""

from __future__ import annotations

from typing import Any

import httpx
from litestar.testing import AsyncTestClient

from events.pledges import services
from events.programme.tables import Organisation, Theme
from events.registration.links import manage_token
from events.registration.services import RegistrationForm, register
from events.settings import load_settings
from tests.conftest import TEST_ENVIRONMENT, post_form

SECRET = TEST_ENVIRONMENT["EVENTS_SECRET_KEY"]


async def participant(
    event_id: int,
    email: str,
    *,
    name: str = "",
    organisation: str = "",
    consent_name: bool = False,
) -> tuple[int, str]:
    """Register someone; returns (participant id, manage link path).

    Their organisation is one the organisers accepted, so the wall and report may show it (a
    name nobody had yet would wait for an organiser: tests/organise/test_organisations.py)."""
    if organisation:
        await Organisation.insert(Organisation(name=organisation)).on_conflict(
            target=Organisation.name, action="DO NOTHING"
        )
    result = await register(
        event_id,
        RegistrationForm(
            name=name or email.split("@")[0].title(),
            email=email,
            organisation=organisation,
            consent_event=True,
            consent_public_name=consent_name,
        ),
        load_settings(),
    )
    assert result.participant_id and result.link_nonce, result.errors
    return result.participant_id, f"/manage/{manage_token(SECRET, result.link_nonce)}"


async def log_in(client: AsyncTestClient[Any] | httpx.AsyncClient, link: str) -> None:
    """Open the manage link, as the participant would from their e-mail."""
    response = await client.get(link)
    assert response.status_code == 200, response.text


async def post_pledge(
    client: AsyncTestClient[Any] | httpx.AsyncClient, **fields: Any
) -> httpx.Response:
    data: dict[str, Any] = {"title": "Twee vliegen in één klap", "visibility": "public_anonymous"}
    data.update(fields)
    return await post_form(client, "/me/day/pledges", data, follow_redirects=False)


async def make_theme(name: str) -> int:
    rows = await Theme.insert(Theme(name=name, slug=name.lower().replace(" ", "-"))).returning(
        Theme.id
    )
    return int(rows[0]["id"])


async def pledge(participant_id: int, title: str, **fields: Any) -> int:
    """A pledge written through the service (as the form would)."""
    result = await services.create_pledge(
        participant_id, services.PledgeForm(title=title, **fields)
    )
    assert result.pledge_id is not None, result.errors
    return result.pledge_id

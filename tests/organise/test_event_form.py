"""The event form in plain words: a web address with a preview, a time zone list with
Europe/Amsterdam first, the registration settings, and publishing left to its own step."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo, available_timezones

from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.programme import services
from events.programme.tables import Event
from tests.conftest import post_form
from tests.organise.helpers import EVENT_FORM, created

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


async def test_the_form_speaks_of_a_web_address_with_a_preview_and_a_time_zone_list(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    page = await organiser_client.get("/organise/events/new")

    assert "Slug" not in page.text and "IANA" not in page.text
    assert ">Webadres" in page.text and "Wordt …/events/&lt;dit&gt;" in page.text
    assert 'data-slug-preview data-base="http://testserver.local/events/"' in page.text
    assert '<script src="/static/slug-preview.js" defer></script>' in page.text
    options = re.findall(r'<option value="([^"]*)"', page.text.split('id="field-timezone"')[1])
    assert options[0] == "Europe/Amsterdam"
    assert set(options) == available_timezones() and len(options) == len(available_timezones())
    assert options[1:] == sorted(options[1:])
    assert 'name="published"' not in page.text
    script = await organiser_client.get("/static/slug-preview.js")
    assert script.status_code == 200 and "data-slug-preview" in script.text


async def test_the_preview_shows_the_saved_address_without_javascript(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    event = created(await services.save_event(EVENT_FORM))

    page = await organiser_client.get(f"/organise/events/{event}/edit")

    assert "http://testserver.local/events/parade-2026</output>" in page.text


async def test_registration_settings_are_saved_in_local_time_and_shown_again(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    event = created(await services.save_event(EVENT_FORM))
    form = {
        **EVENT_FORM,
        "registration_opens": "2026-03-01T09:00",
        "registration_closes": "2026-04-10T17:30",
        "max_participants": "250",
    }
    form.pop("published")

    saved = await post_form(organiser_client, f"/organise/events/{event}/edit", form)

    assert saved.status_code == 200
    row = await Event.select().where(Event.id == event).first()
    assert row["registration_opens_at"] == datetime(2026, 3, 1, 9, 0, tzinfo=AMSTERDAM)
    assert row["registration_closes_at"] == datetime(2026, 4, 10, 17, 30, tzinfo=AMSTERDAM)
    assert row["max_participants"] == 250
    assert row["published"] is True  # the form has no say over publishing any more
    assert "hoogstens 250 deelnemers" in saved.text
    edit = await organiser_client.get(f"/organise/events/{event}/edit")
    assert 'value="2026-03-01T09:00"' in edit.text and 'value="250"' in edit.text


async def test_a_window_that_closes_before_it_opens_is_refused(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    event = created(await services.save_event(EVENT_FORM))
    form = {
        **EVENT_FORM,
        "registration_opens": "2026-03-01T09:00",
        "registration_closes": "2026-02-01T09:00",
        "max_participants": "0",
    }

    refused = await post_form(organiser_client, f"/organise/events/{event}/edit", form)

    assert refused.status_code == 400
    assert "De aanmelding moet later sluiten dan ze opent." in refused.text
    assert "Vul een heel getal in van 1 of meer." in refused.text
    row = await Event.select().where(Event.id == event).first()
    assert row["registration_opens_at"] is None and row["max_participants"] is None

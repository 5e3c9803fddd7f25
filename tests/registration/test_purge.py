"""`events purge` erases personal data after the retention period and keeps the counts."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from click.testing import CliRunner

from events.cli import main
from events.programme.tables import Event
from events.registration.tables import Participant
from tests.registration.helpers import make_event
from tests.registration.test_manage import registered


async def test_purge_erases_only_events_past_retention() -> None:
    old_event = await make_event("old-parade")
    new_event = await make_event("new-parade")
    long_ago = datetime.now(UTC) - timedelta(days=400)
    await Event.update(
        {Event.starts_at: long_ago - timedelta(hours=7), Event.ends_at: long_ago}
    ).where(Event.id == old_event)
    await registered(old_event, "anna@example.org", [])
    await registered(new_event, "bram@example.org", [])

    result = await asyncio.to_thread(CliRunner().invoke, main, ["purge"])

    assert result.exit_code == 0, result.output
    assert "erased the personal data of 1 registrations" in result.output
    rows = await Participant.select(Participant.event, Participant.email, Participant.status)
    by_event = {row["event"]: row for row in rows}
    assert by_event[old_event]["status"] == "erased"
    assert "anna" not in by_event[old_event]["email"]
    assert by_event[new_event]["email"] == "bram@example.org"
    assert await Participant.count() == 2, "anonymous rows stay for the counts"

    again = await asyncio.to_thread(CliRunner().invoke, main, ["purge"])
    assert "erased the personal data of 0 registrations" in again.output

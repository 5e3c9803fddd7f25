"""The one manage link each participant had becomes their first row in manage_link.

Those links were mailed and work today, so they keep working, until the event's end plus the
retention period (or EVENTS_MANAGE_LINK_DAYS from now, when that is set). The old column
`participant.manage_token_hash` stays (SQLite cannot drop a unique column) but is no longer
read; it is overwritten with random values that are no token's hash.
"""

from datetime import UTC, datetime, timedelta

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns import ForeignKey, Serial, Timestamptz, Varchar
from piccolo.engine import engine_finder
from piccolo.table import Table

ID = "2026-12-02T06:19:01:131401"
VERSION = "1.38.0"
DESCRIPTION = "move manage token hashes into manage_link"


class Event(Table, tablename="event"):
    id = Serial(primary_key=True)
    ends_at = Timestamptz()


class Participant(Table, tablename="participant"):
    id = Serial(primary_key=True)
    event = ForeignKey(Event)
    status = Varchar(length=20)
    manage_token_hash = Varchar(length=64)


class ManageLink(Table, tablename="manage_link"):
    id = Serial(primary_key=True)
    participant = ForeignKey(Participant)
    token_hash = Varchar(length=64)
    created_at = Timestamptz()
    expires_at = Timestamptz()
    continue_path = Varchar(length=500)


def _lifetimes() -> tuple[int, int]:
    """(retention months, manage link days) from the settings, as the app reads them."""
    from events.settings import load_settings

    settings = load_settings()
    return settings.retention_months, settings.manage_link_days


async def move_hashes() -> None:
    retention_months, link_days = _lifetimes()
    now = datetime.now(UTC)
    rows = await Participant.select(
        Participant.id,
        Participant.status,
        Participant.manage_token_hash,
        Participant.event.ends_at.as_alias("ends_at"),
    )
    links = []
    for row in rows:
        if row["status"] != "erased":
            expires_at = (
                now + timedelta(days=link_days)
                if link_days > 0
                else row["ends_at"] + timedelta(days=round(30.44 * retention_months))
            )
            links.append(
                ManageLink(
                    participant=row["id"],
                    token_hash=row["manage_token_hash"],
                    created_at=now,
                    expires_at=expires_at,
                    continue_path="",
                )
            )
    for start in range(0, len(links), 200):
        await ManageLink.insert(*links[start : start + 200])
    random_hex = (
        "lower(hex(randomblob(32)))"
        if engine_finder().engine_type == "sqlite"
        else "encode(sha256((random()::text || id::text)::bytea), 'hex')"
    )
    await Participant.raw(f"UPDATE participant SET manage_token_hash = {random_hex}")


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="registration", description=DESCRIPTION)
    manager.add_raw(move_hashes)
    return manager

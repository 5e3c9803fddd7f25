"""One row per announcement: its texts, its audience, and what happened when it was sent."""

from __future__ import annotations

from piccolo.columns import JSON, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from events.programme.tables import Event


class Announcement(Table):
    """A draft until `sent_at` is set; `audience` is what `audiences.Audience` reads."""

    id = Serial(primary_key=True)
    event = ForeignKey(Event, on_delete=OnDelete.cascade, index=True)
    subject_nl = Varchar(length=200)
    body_nl = Text()
    subject_en = Varchar(length=200, default="")
    body_en = Text(default="")
    audience = JSON(default="{}")
    created_by = Varchar(length=100, default="")
    created_at = Timestamptz(default=TimestamptzNow())
    sent_at = Timestamptz(null=True, default=None)
    sent_count = Integer(default=0)
    left_out = JSON(default="[]")  # [{"name", "reason"}] at the moment it was sent

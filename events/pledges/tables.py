"""Piccolo tables of pledges: the pledge, what inspired it, and each event's pledge settings."""

from piccolo.columns import (
    Boolean,
    Date,
    ForeignKey,
    OnDelete,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.constraints import Check, Unique
from piccolo.table import Table

from events.programme.tables import Event, PracticeExample, Session, Theme
from events.registration.tables import Participant

VISIBILITIES = ("public_named", "public_anonymous", "private")
STATUSES = ("pending", "approved", "hidden")
MODERATION_MODES = ("approve_first", "publish_at_once")
TITLE_LIMIT = 120
TEXT_LIMIT = 2000
HIDE_REASON_LIMIT = 500


class PledgeSettings(Table):
    """How one event handles pledges: moderation mode, open for pledges, report published."""

    id = Serial(primary_key=True)
    event = ForeignKey(Event, on_delete=OnDelete.cascade, unique=True)
    moderation_mode = Varchar(length=20, default="approve_first")
    pledges_open = Boolean(default=True)
    report_published = Boolean(default=False)

    pledge_settings_known_mode = Check(
        "\"moderation_mode\" IN ('approve_first', 'publish_at_once')"
    )


class Pledge(Table):
    """What a participant is going to do: a short quote as title, the text, and who may see it."""

    id = Serial(primary_key=True)
    event = ForeignKey(Event, on_delete=OnDelete.cascade)
    participant = ForeignKey(Participant, on_delete=OnDelete.cascade)
    title = Varchar(length=TITLE_LIMIT)
    text = Text(default="")
    target_date = Date(null=True, default=None)
    visibility = Varchar(length=20, default="public_anonymous")
    status = Varchar(length=20, default="pending")
    hide_reason = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())

    pledge_known_visibility = Check(
        "\"visibility\" IN ('public_named', 'public_anonymous', 'private')"
    )
    pledge_known_status = Check("\"status\" IN ('pending', 'approved', 'hidden')")


class PledgeTheme(Table):
    """A theme of a pledge."""

    id = Serial(primary_key=True)
    pledge = ForeignKey(Pledge, on_delete=OnDelete.cascade)
    theme = ForeignKey(Theme, on_delete=OnDelete.cascade)

    pledge_theme_unique = Unique([pledge, theme])


class PledgePractice(Table):
    """A practice example that inspired a pledge."""

    id = Serial(primary_key=True)
    pledge = ForeignKey(Pledge, on_delete=OnDelete.cascade)
    practice = ForeignKey(PracticeExample, on_delete=OnDelete.cascade)

    pledge_practice_unique = Unique([pledge, practice])


class PledgeSession(Table):
    """A session (workshop, stand) that inspired a pledge."""

    id = Serial(primary_key=True)
    pledge = ForeignKey(Pledge, on_delete=OnDelete.cascade)
    session = ForeignKey(Session, on_delete=OnDelete.cascade)

    pledge_session_unique = Unique([pledge, session])

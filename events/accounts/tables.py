"""Piccolo tables of the accounts: who has which role in which event, and one-time tokens."""

from piccolo.apps.user.tables import BaseUser
from piccolo.columns import ForeignKey, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from events.programme.tables import Event

ROLES = ("coordinator", "programme", "moderator", "checkin")
PURPOSES = ("invite", "reset")


class EventRole(Table):
    """One colleague's role in one event (unique per user and event: see the migration)."""

    id = Serial(primary_key=True)
    user = ForeignKey(references=BaseUser, on_delete="CASCADE", index=True)
    event = ForeignKey(references=Event, on_delete="CASCADE", index=True)
    role = Varchar(length=20)
    created_at = Timestamptz(default=TimestamptzNow())


class AccountToken(Table):
    """A single-use, time-limited link for an invitation or a password reset. Only the SHA-256
    hash of the token is stored; the mail carries the token itself."""

    id = Serial(primary_key=True)
    token_hash = Varchar(length=64, unique=True)
    purpose = Varchar(length=10)
    user = ForeignKey(references=BaseUser, on_delete="CASCADE", index=True)
    expires_at = Timestamptz()
    used_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())

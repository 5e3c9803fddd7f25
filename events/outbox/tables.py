"""Piccolo tables of the outbox: one row per e-mail to send, and the unsubscribed addresses.

A row holds what is needed to render the message at send time — a template name and a JSON
context (see `events.outbox.services`) — plus the delivery state the dispatcher keeps.

They belong to the `outbox` Piccolo app; the `followup` app's migrations made them, and handed
them over without a change in the database (see the README, Development).
"""

from piccolo.columns import Boolean, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.constraints import Check
from piccolo.table import Table

STATUSES = ("queued", "sending", "sent", "retry", "failed", "cancelled", "expired")


class OutboxMessage(Table):
    """One e-mail to one recipient. The idempotency key makes enqueuing the same thing twice
    produce one row; the Message-ID is fixed when the row is made, so a resend after a crash
    carries the same one."""

    id = Serial(primary_key=True)
    idempotency_key = Varchar(length=200, unique=True)
    message_id = Varchar(length=200, unique=True)
    recipient = Varchar(length=254)
    recipient_name = Varchar(length=200, default="")
    language = Varchar(length=2, default="nl")
    kind = Varchar(length=50, index=True)
    about = Varchar(length=200, default="")
    transactional = Boolean(default=True)
    template = Varchar(length=100)
    context = Text(default="{}")
    due_at = Timestamptz(index=True)
    status = Varchar(length=20, default="queued", index=True)
    attempts = Integer(default=0)
    lease_owner = Varchar(length=64, default="")
    lease_expires_at = Timestamptz(null=True, default=None)
    last_answer = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())
    sent_at = Timestamptz(null=True, default=None)

    outbox_message_known_status = Check(
        "\"status\" IN ('queued', 'sending', 'sent', 'retry', 'failed', 'cancelled', 'expired')"
    )


class Unsubscribe(Table):
    """An address that asked for no more non-transactional mail (stored lower-case)."""

    id = Serial(primary_key=True)
    email = Varchar(length=254, unique=True)
    created_at = Timestamptz(default=TimestamptzNow())

"""Piccolo tables of conversation pairs: a pair, its (at most two) members, moderation."""

from piccolo.columns import ForeignKey, OnDelete, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.constraints import Check, Unique
from piccolo.table import Table

from events.programme.tables import Event, PracticeExample
from events.registration.tables import Participant

PAIR_STATUSES = ("open", "complete")
ROLES = ("a", "b")
TITLE_LIMIT = 120
TEXT_LIMIT = 1000
REASON_LIMIT = 500


class Pair(Table):
    """Two participants who tell each other what to try; public once both confirmed.

    `code` is the short join code (unique per event). Organisers hide a pair by setting
    `hidden_at` with a reason.
    """

    id = Serial(primary_key=True)
    event = ForeignKey(Event, on_delete=OnDelete.cascade)
    title = Varchar(length=TITLE_LIMIT, default="")
    code = Varchar(length=6)
    started_by = ForeignKey(Participant, on_delete=OnDelete.cascade)
    status = Varchar(length=20, default="open")
    created_at = Timestamptz(default=TimestamptzNow())
    completed_at = Timestamptz(null=True, default=None)
    hidden_at = Timestamptz(null=True, default=None)
    hidden_reason = Varchar(length=REASON_LIMIT, default="")

    pair_code_unique_per_event = Unique([event, code])
    pair_known_status = Check("\"status\" IN ('open', 'complete')")


class PairMember(Table):
    """One of the two people of a pair, with what they recommend the other to try."""

    id = Serial(primary_key=True)
    pair = ForeignKey(Pair, on_delete=OnDelete.cascade)
    participant = ForeignKey(Participant, on_delete=OnDelete.cascade)
    role = Varchar(length=1)
    recommendation_practice = ForeignKey(
        PracticeExample, null=True, default=None, on_delete=OnDelete.set_null
    )
    recommendation_text = Varchar(length=TEXT_LIMIT, default="")
    why = Varchar(length=TEXT_LIMIT, default="")
    confirmed_at = Timestamptz(null=True, default=None)
    joined_at = Timestamptz(default=TimestamptzNow())

    pair_member_unique_participant = Unique([pair, participant])
    pair_member_unique_role = Unique([pair, role])
    pair_member_known_role = Check("\"role\" IN ('a', 'b')")

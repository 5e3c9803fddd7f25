"""Piccolo tables of conversation pairs: a pair, its (at most two) members, moderation, and the
stored suggestions of people to talk to."""

from piccolo.columns import (
    BigInt,
    ForeignKey,
    Integer,
    OnDelete,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
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


class Suggestion(Table, tablename="pair_suggestion"):
    """One stored suggestion of someone to talk to, as last computed for `participant`.

    `rank` 0 with no `other` marks "computed" (so "nothing found" is stored too); ranks 1.. are
    the suggestions, best first. `reason` holds the parts of the reason as JSON (shared theme
    names, matched words, practice theme names), put into words in the reader's language.
    Private: only the participant's own pages read it (see events.pairs.stored).
    """

    id = Serial(primary_key=True)
    participant = ForeignKey(Participant, on_delete=OnDelete.cascade, index=True)
    event = ForeignKey(Event, on_delete=OnDelete.cascade, index=True)
    other = ForeignKey(Participant, null=True, default=None, on_delete=OnDelete.cascade)
    rank = Integer(default=0)
    score = Integer(default=0)
    reason = Text(default="{}")
    computed_at = Timestamptz(default=TimestamptzNow())


class SuggestionRefresh(Table, tablename="pair_suggestion_refresh"):
    """Per event: the data version its stored suggestions were last all computed at, and who is
    computing them now (`claimed_until`, so one worker does it)."""

    id = Serial(primary_key=True)
    event = ForeignKey(Event, on_delete=OnDelete.cascade, unique=True)
    data_version = BigInt(default=0)
    refreshed_at = Timestamptz(null=True, default=None)
    claimed_until = Timestamptz(null=True, default=None)

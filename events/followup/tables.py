"""Piccolo tables of the follow-up: campaign steps, pledge progress, pair reunions and meeting
replies. The outbox's tables are in `events.outbox.tables` (the outbox's own Piccolo app)."""

from piccolo.columns import (
    Boolean,
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

from events.pairs.tables import Pair
from events.pledges.tables import Pledge
from events.programme.tables import Event, Session
from events.registration.tables import Participant

TIMINGS = ("offset", "fixed")
ANCHORS = ("end", "start")
AUDIENCES = ("pledgers", "pairs", "all", "absent", "present")
INVITES = ("", "lookback", "pair_call", "meeting")
PROGRESS_STATUSES = ("not_started", "under_way", "done", "dropped")
REPLIES = ("yes", "no")


class CampaignStep(Table):
    """One follow-up message of an event's campaign: when, to whom, what, and an optional invite.

    `due_at` is the UTC instant the step goes out, computed from the timing (a number of days
    after the event's end, or with `anchor` "start" before its start, at a local time; or a
    fixed local date-time) in the event's time zone;
    it is recomputed whenever the step or the event changes. `frozen_at` is set when the
    audience was settled at send time (see `campaign_sync.refresh_due`). `sequence` is the
    SEQUENCE of the step's invites, raised on every change.
    """

    id = Serial(primary_key=True)
    event = ForeignKey(Event, on_delete=OnDelete.cascade, index=True)
    name = Varchar(length=200)
    timing = Varchar(length=10, default="offset")
    anchor = Varchar(
        length=10, default="end"
    )  # an offset counts after the end, or before the start
    offset_days = Integer(default=14)
    local_time = Varchar(length=5, default="09:00")
    fixed_local = Varchar(length=16, default="")
    due_at = Timestamptz(index=True)
    audience = Varchar(length=20, default="all")
    # Only the people with a seat in this workshop (none: the whole audience). A step about a
    # workshop goes with it, so it can never fall back to mailing everybody.
    session = ForeignKey(Session, on_delete=OnDelete.cascade, null=True, default=None, index=True)
    subject_nl = Varchar(length=200)
    subject_en = Varchar(length=200)
    body_nl = Text()
    body_en = Text()
    invite = Varchar(length=20, default="")
    invite_days = Integer(default=0)
    invite_time = Varchar(length=5, default="16:00")
    invite_minutes = Integer(default=30)
    meeting_local = Varchar(length=16, default="")
    meeting_place = Varchar(length=300, default="")
    sequence = Integer(default=0)
    frozen_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())

    campaign_step_known_timing = Check("\"timing\" IN ('offset', 'fixed')")
    campaign_step_known_anchor = Check("\"anchor\" IN ('end', 'start')")
    campaign_step_known_audience = Check(
        "\"audience\" IN ('pledgers', 'pairs', 'all', 'absent', 'present')"
    )
    campaign_step_known_invite = Check("\"invite\" IN ('', 'lookback', 'pair_call', 'meeting')")


class PledgeProgress(Table):
    """One progress update of a pledge by its author; the newest one is the pledge's status."""

    id = Serial(primary_key=True)
    pledge = ForeignKey(Pledge, on_delete=OnDelete.cascade, index=True)
    status = Varchar(length=20)
    text = Text(default="")
    public = Boolean(default=False)
    created_at = Timestamptz(default=TimestamptzNow())

    pledge_progress_known_status = Check(
        "\"status\" IN ('not_started', 'under_way', 'done', 'dropped')"
    )


class PairReunion(Table):
    """A pair member's note that the pair met again after the day."""

    id = Serial(primary_key=True)
    pair = ForeignKey(Pair, on_delete=OnDelete.cascade, index=True)
    participant = ForeignKey(Participant, on_delete=OnDelete.cascade)
    created_at = Timestamptz(default=TimestamptzNow())


class MeetingReply(Table):
    """ "I'll come" / "I can't" of a participant to a follow-up meeting step."""

    id = Serial(primary_key=True)
    step = ForeignKey(CampaignStep, on_delete=OnDelete.cascade)
    participant = ForeignKey(Participant, on_delete=OnDelete.cascade)
    answer = Varchar(length=3)
    updated_at = Timestamptz(default=TimestamptzNow())

    meeting_reply_one_per_person = Unique([step, participant])
    meeting_reply_known_answer = Check("\"answer\" IN ('yes', 'no')")

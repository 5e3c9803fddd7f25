"""Piccolo tables of registration. Capacity lives in the database: see SessionSeats."""

from piccolo.columns import (
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

from events.programme.tables import Event, Organisation, Round, Session, Theme

PARTICIPANT_STATUSES = ("registered", "cancelled", "erased")
CHOICE_STATUSES = ("confirmed", "waitlisted")


class Participant(Table):
    """Someone registered for one event.

    `manage_token_hash` is no longer read: manage links live in ManageLink (several per
    participant). The column stays (unique, not null; SQLite cannot drop a unique column) and
    holds a random value that is no token's hash.
    """

    id = Serial(primary_key=True)
    event = ForeignKey(Event, on_delete=OnDelete.cascade)
    name = Varchar(length=200)
    email = Varchar(length=254)
    organisation = ForeignKey(Organisation, null=True, on_delete=OnDelete.set_null)
    job_title = Varchar(length=200, default="")
    language = Varchar(length=2, default="nl")
    offer = Text(default="")
    looking_for = Text(default="")
    access_needs = Text(default="")
    consent_event_at = Timestamptz()
    consent_public_name_at = Timestamptz(null=True, default=None)
    consent_follow_up_at = Timestamptz(null=True, default=None)
    consent_text_version = Varchar(length=20)
    manage_token_hash = Varchar(length=64, unique=True)
    status = Varchar(length=20, default="registered")
    calendar_uid = Varchar(length=100, unique=True)
    calendar_sequence = Integer(default=0)
    code_version = Integer(default=0)  # raised to revoke the badge and feed codes
    created_at = Timestamptz(default=TimestamptzNow())
    checked_in_at = Timestamptz(null=True, default=None)
    # "Confirm the address first": set when registered under that event setting, cleared
    # when a mailed link is opened; a registration still unconfirmed after the event's
    # `unconfirmed_release_hours` is released (events.registration.confirmation).
    unconfirmed_since = Timestamptz(null=True, default=None)
    address_confirmed_at = Timestamptz(null=True, default=None)

    # Also unique per event: LOWER(email), an index made by a migration (Piccolo has no
    # expression constraints); see events.mail.addresses.
    participant_email_unique_per_event = Unique([event, email])
    participant_known_status = Check("\"status\" IN ('registered', 'cancelled', 'erased')")


class ParticipantTheme(Table):
    """A theme a participant is interested in."""

    id = Serial(primary_key=True)
    participant = ForeignKey(Participant, on_delete=OnDelete.cascade)
    theme = ForeignKey(Theme, on_delete=OnDelete.cascade)

    participant_theme_unique = Unique([participant, theme])


class SessionSeats(Table):
    """The seat counter of one session.

    A seat is taken by `UPDATE … SET taken = taken + 1 WHERE taken < capacity`, which the database
    runs atomically (a row lock on PostgreSQL, a single writer on SQLite); the check constraint
    makes overbooking impossible even for code that forgets the condition.
    """

    id = Serial(primary_key=True)
    session = ForeignKey(Session, on_delete=OnDelete.cascade, unique=True)
    taken = Integer(default=0)

    session_seats_taken_not_negative = Check('"taken" >= 0')


class SeatChoice(Table):
    """A participant's workshop for one round: confirmed (has a seat) or on the waiting list.

    A waiting choice with `offer_expires_at` holds an *offer*: a freed seat kept for this person
    until then (counted in SessionSeats.taken, so nobody else gets it); see
    events.registration.offers.
    """

    id = Serial(primary_key=True)
    participant = ForeignKey(Participant, on_delete=OnDelete.cascade)
    session = ForeignKey(Session, on_delete=OnDelete.cascade)
    round = ForeignKey(Round, on_delete=OnDelete.cascade)
    status = Varchar(length=20)
    created_at = Timestamptz(default=TimestamptzNow())
    offer_expires_at = Timestamptz(null=True, default=None)

    seat_choice_one_per_round = Unique([participant, round])
    seat_choice_known_status = Check("\"status\" IN ('confirmed', 'waitlisted')")
    seat_choice_offer_only_waiting = Check(
        '"offer_expires_at" IS NULL OR "status" = \'waitlisted\''
    )


class ManageLink(Table):
    """A manage link that was mailed: only the SHA-256 hash of its token is kept.

    A participant has as many as were sent; each works until `expires_at`, or until the
    participant signs out everywhere or is erased. `continue_path` is where opening it leads
    (a relative path on this site; empty means /me).
    """

    id = Serial(primary_key=True)
    participant = ForeignKey(Participant, on_delete=OnDelete.cascade, index=True)
    token_hash = Varchar(length=64, unique=True)
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz()
    continue_path = Varchar(length=500, default="")


class ParticipantSession(Table):
    """A browser signed in with a manage link. The cookie holds a random secret; this row only
    its SHA-256 hash, so deleting the row ends the session."""

    id = Serial(primary_key=True)
    participant = ForeignKey(Participant, on_delete=OnDelete.cascade, index=True)
    session_hash = Varchar(length=64, unique=True)
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz()
    last_seen_at = Timestamptz(null=True, default=None)
    label = Varchar(length=100, default="")


class WorkshopAttendance(Table):
    """A participant seen at one workshop (check-in per workshop, beside the day's check-in)."""

    id = Serial(primary_key=True)
    participant = ForeignKey(Participant, on_delete=OnDelete.cascade, index=True)
    session = ForeignKey(Session, on_delete=OnDelete.cascade, index=True)
    checked_in_at = Timestamptz(default=TimestamptzNow())

    workshop_attendance_once = Unique([participant, session])


class MailText(Table):
    """An organiser's own subject and body of one registration mail, in one language.

    No row means the built-in text. The body is plain text with placeholders in plain words
    ("[naam]", "[mijn programma]", "[mijn link]"): see events.registration.mail_texts.
    """

    id = Serial(primary_key=True)
    event = ForeignKey(references=Event, on_delete=OnDelete.cascade, index=True)
    kind = Varchar(length=20)
    language = Varchar(length=2)
    subject = Varchar(length=200)
    body = Text()
    updated_at = Timestamptz(default=TimestamptzNow())

    mail_text_once_per_kind_and_language = Unique([event, kind, language])
    mail_text_known_kind = Check(
        "\"kind\" IN ('confirmation', 'waitlisted', 'promoted', 'programme', 'changed', "
        "'cancelled', 'link')"
    )
    mail_text_known_language = Check("\"language\" IN ('nl', 'en')")

"""Piccolo tables of the programme. Times are UTC; each event has its own time zone to show them."""

from piccolo.columns import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    OnDelete,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.constraints import Check, Unique
from piccolo.table import Table

SESSION_KINDS = ("workshop", "stand", "excursion", "plenary")
SESSION_STATUSES = ("scheduled", "cancelled")


class Theme(Table):
    """A subject of the social domain, e.g. debt prevention or statushouders."""

    id = Serial(primary_key=True)
    name = Varchar(length=100, unique=True)
    slug = Varchar(length=100, unique=True)


ORGANISATION_STATUSES = ("accepted", "suggested", "rejected")


class Organisation(Table):
    """A municipality, welfare organisation or care provider.

    A name a registrant types that no organisation has yet becomes `suggested` for the event
    it was typed at (`suggested_at_event`): only its registrant sees it until an organiser
    accepts it or merges it into an existing one. `rejected` ones stay with their registrant
    (and the organiser's lists) but are never offered or shown to anyone else. Organisations
    that organisers make are `accepted`.
    """

    id = Serial(primary_key=True)
    name = Varchar(length=200, unique=True)
    place = Varchar(length=100, default="")
    website = Varchar(length=300, default="")
    status = Varchar(length=20, default="accepted")
    suggested_at_event = ForeignKey("Event", null=True, on_delete=OnDelete.set_null)

    organisation_known_status = Check("\"status\" IN ('accepted', 'suggested', 'rejected')")


class Person(Table):
    """Someone behind a practice example or a session; the e-mail address is never shown."""

    id = Serial(primary_key=True)
    name = Varchar(length=200)
    job_title = Varchar(length=200, default="")
    organisation = ForeignKey(Organisation, null=True, on_delete=OnDelete.set_null)
    email = Varchar(length=254, default="")
    motto = Varchar(length=300, default="")
    links = Text(default="")
    story = Text(default="")
    public_profile = Boolean(default=False)


class Event(Table):
    """One edition of the parade on one day at one venue.

    Registration is open between `registration_opens_at` and `registration_closes_at` (either
    may be empty: open from the start, or until the event ends) for at most `max_participants`
    registered people (empty: no limit). An archived event (`archived_at`) is kept but hidden
    from the public lists and the organiser's default list."""

    id = Serial(primary_key=True)
    name = Varchar(length=200)
    slug = Varchar(length=100, unique=True)
    edition = Integer(null=True, default=None)
    date = Date()
    starts_at = Timestamptz()
    ends_at = Timestamptz()
    timezone = Varchar(length=64, default="Europe/Amsterdam")
    venue = Varchar(length=200, default="")
    address = Varchar(length=300, default="")
    description = Text(default="")
    published = Boolean(default=False)
    calendar_uid = Varchar(length=100, unique=True)
    calendar_sequence = Integer(default=0)
    registration_opens_at = Timestamptz(null=True, default=None)
    registration_closes_at = Timestamptz(null=True, default=None)
    max_participants = Integer(null=True, default=None)
    archived_at = Timestamptz(null=True, default=None)
    # Registration: seats stay provisional until the mailed link is opened, and are released
    # after this many hours without that.
    confirm_address_first = Boolean(default=False)
    unconfirmed_release_hours = Integer(default=24)
    # Waiting-list offers: a freed seat is held for the first person waiting, who has this many
    # hours to accept it (events.registration.offers); off means they get it at once.
    waitlist_offers = Boolean(default=False)
    waitlist_offer_hours = Integer(default=24)

    event_ends_after_start = Check(ends_at > starts_at)
    event_max_participants_not_negative = Check(
        '"max_participants" IS NULL OR "max_participants" >= 0'
    )
    event_registration_closes_after_opening = Check(
        '"registration_opens_at" IS NULL OR "registration_closes_at" IS NULL '
        'OR "registration_closes_at" > "registration_opens_at"'
    )
    event_waitlist_offer_hours_range = Check(
        '"waitlist_offer_hours" >= 1 AND "waitlist_offer_hours" <= 168'
    )


class Round(Table):
    """A time slot of an event; workshops of one round run at the same time."""

    id = Serial(primary_key=True)
    event = ForeignKey(Event, on_delete=OnDelete.cascade)
    name = Varchar(length=100)
    starts_at = Timestamptz()
    ends_at = Timestamptz()

    round_ends_after_start = Check(ends_at > starts_at)


class Room(Table):
    """A room at the venue, with its number of seats."""

    id = Serial(primary_key=True)
    event = ForeignKey(Event, on_delete=OnDelete.cascade)
    name = Varchar(length=100)
    capacity = Integer(default=0)

    room_name_unique_per_event = Unique([event, name])
    room_capacity_not_negative = Check(capacity >= 0)


class PracticeExample(Table):
    """A project that worked, presented at an event by an organisation."""

    id = Serial(primary_key=True)
    event = ForeignKey(Event, on_delete=OnDelete.cascade)
    title = Varchar(length=200)
    summary = Text(default="")
    body = Text(default="")
    results = Text(default="")
    organisation = ForeignKey(Organisation, null=True, on_delete=OnDelete.set_null)
    contact = ForeignKey(Person, null=True, on_delete=OnDelete.set_null)
    links = Text(default="")


class Session(Table):
    """A workshop, stand, excursion or plenary part of an event."""

    id = Serial(primary_key=True)
    event = ForeignKey(Event, on_delete=OnDelete.cascade)
    kind = Varchar(length=20, default="workshop")
    title = Varchar(length=200)
    description = Text(default="")
    round = ForeignKey(Round, null=True, on_delete=OnDelete.set_null)
    room = ForeignKey(Room, null=True, on_delete=OnDelete.set_null)
    capacity = Integer(null=True, default=None)
    status = Varchar(length=20, default="scheduled")
    calendar_uid = Varchar(length=100, unique=True)
    calendar_sequence = Integer(default=0)

    session_one_per_room_and_round = Unique([round, room])
    session_known_kind = Check("\"kind\" IN ('workshop', 'stand', 'excursion', 'plenary')")
    session_known_status = Check("\"status\" IN ('scheduled', 'cancelled')")
    session_capacity_not_negative = Check('"capacity" IS NULL OR "capacity" >= 0')


class PracticeTheme(Table):
    """A theme of a practice example."""

    id = Serial(primary_key=True)
    practice = ForeignKey(PracticeExample, on_delete=OnDelete.cascade)
    theme = ForeignKey(Theme, on_delete=OnDelete.cascade)

    practice_theme_unique = Unique([practice, theme])


class SessionTheme(Table):
    """A theme of a session."""

    id = Serial(primary_key=True)
    session = ForeignKey(Session, on_delete=OnDelete.cascade)
    theme = ForeignKey(Theme, on_delete=OnDelete.cascade)

    session_theme_unique = Unique([session, theme])


class SessionPractice(Table):
    """A practice example presented in a session."""

    id = Serial(primary_key=True)
    session = ForeignKey(Session, on_delete=OnDelete.cascade)
    practice = ForeignKey(PracticeExample, on_delete=OnDelete.cascade)

    session_practice_unique = Unique([session, practice])


class SessionHost(Table):
    """A person who hosts a session."""

    id = Serial(primary_key=True)
    session = ForeignKey(Session, on_delete=OnDelete.cascade)
    person = ForeignKey(Person, on_delete=OnDelete.cascade)

    session_host_unique = Unique([session, person])

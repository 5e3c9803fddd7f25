"""Changes reach the people they affect: one place below every organiser form.

`programme_change(settings, event_id)` wraps a write to the programme. In one transaction it
reads what every registered participant and every host has booked (their *personal programme*),
lets the caller write, puts the seat counters right, gives free seats to the waiting lists, reads
the personal programmes again and compares. Everybody whose programme differs gets one message
that says what changed, with their day invite at a higher SEQUENCE (participants). Several
changes saved at once therefore make one message per person, and a save that changes nothing
anybody booked sends nothing.

The rules for an organiser's edit of a booked session (`session_edit_errors`) live here too:
capacity never drops below the seats taken, and a booked session keeps a round and a seated kind.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from events.outbox.services import enqueue
from events.programme.tables import Event, Session, SessionHost
from events.registration import links, notifications, seats
from events.registration.host_lists import host_sessions
from events.registration.seats import SEATED_KINDS
from events.registration.tables import Participant, SeatChoice
from events.settings import Settings
from events.web.i18n import format_clock, ngettext
from events.web.i18n import gettext as _


@dataclass(frozen=True)
class Booked:
    """One session in somebody's personal programme, as they were told about it."""

    title: str
    starts_at: datetime | None
    ends_at: datetime | None
    room: str
    session_status: str  # scheduled or cancelled
    status: str  # confirmed, waitlisted, offered (waiting, with a seat held), or "host"


Programme = dict[int, Booked]  # session id → what is booked


@dataclass
class Snapshot:
    """The event's day and everybody's personal programme at one moment."""

    event: tuple[Any, ...]
    participants: dict[int, Programme]
    hosts: dict[int, Programme]
    host_addresses: dict[int, tuple[str, str]]  # person id → (name, e-mail)


@dataclass
class ChangeSet:
    """What a wrapped write reports back; `discard()` when it saved nothing."""

    settings: Settings
    event_id: int
    discarded: bool = False
    told_participants: list[int] = field(default_factory=list)
    told_hosts: list[int] = field(default_factory=list)

    def discard(self) -> None:
        self.discarded = True


async def _event_day(event_id: int) -> tuple[Any, ...]:
    row = (
        await Event.select(Event.starts_at, Event.ends_at, Event.venue, Event.address)
        .where(Event.id == event_id)
        .first()
    )
    return tuple(row.values()) if row else ()


async def _participant_programmes(event_id: int) -> dict[int, Programme]:
    registered = await Participant.select(Participant.id).where(
        (Participant.event == event_id) & (Participant.status == "registered")
    )
    programmes: dict[int, Programme] = {row["id"]: {} for row in registered}
    choices = await SeatChoice.select(
        SeatChoice.participant,
        SeatChoice.session,
        SeatChoice.status,
        SeatChoice.offer_expires_at,
        SeatChoice.session.title.as_alias("title"),
        SeatChoice.session.status.as_alias("session_status"),
        SeatChoice.session.room.name.as_alias("room"),
        SeatChoice.session.round.starts_at.as_alias("starts_at"),
        SeatChoice.session.round.ends_at.as_alias("ends_at"),
    ).where(SeatChoice.participant.event == event_id)
    for row in choices:
        if row["participant"] in programmes:
            programmes[row["participant"]][row["session"]] = Booked(
                title=row["title"],
                starts_at=row["starts_at"],
                ends_at=row["ends_at"],
                room=row["room"] or "",
                session_status=row["session_status"],
                status="offered" if row["offer_expires_at"] is not None else row["status"],
            )
    return programmes


async def _host_programmes(
    event_id: int,
) -> tuple[dict[int, Programme], dict[int, tuple[str, str]]]:
    rows = await SessionHost.select(
        SessionHost.person,
        SessionHost.person.name.as_alias("name"),
        SessionHost.person.email.as_alias("email"),
        SessionHost.session,
        SessionHost.session.title.as_alias("title"),
        SessionHost.session.status.as_alias("session_status"),
        SessionHost.session.room.name.as_alias("room"),
        SessionHost.session.round.starts_at.as_alias("starts_at"),
        SessionHost.session.round.ends_at.as_alias("ends_at"),
    ).where(SessionHost.session.event == event_id)
    programmes: dict[int, Programme] = {}
    addresses: dict[int, tuple[str, str]] = {}
    for row in rows:
        addresses[row["person"]] = (row["name"], row["email"] or "")
        programmes.setdefault(row["person"], {})[row["session"]] = Booked(
            title=row["title"],
            starts_at=row["starts_at"],
            ends_at=row["ends_at"],
            room=row["room"] or "",
            session_status=row["session_status"],
            status="host",
        )
    return programmes, addresses


async def snapshot(event_id: int) -> Snapshot:
    """Everybody's personal programme of one event, now."""
    hosts, addresses = await _host_programmes(event_id)
    return Snapshot(
        event=await _event_day(event_id),
        participants=await _participant_programmes(event_id),
        hosts=hosts,
        host_addresses=addresses,
    )


def _when(booked: Booked, timezone: str) -> str:
    if booked.starts_at is None or booked.ends_at is None:
        return ""
    return f"{format_clock(booked.starts_at, timezone)}–{format_clock(booked.ends_at, timezone)}"


def differences(
    before: Programme,
    after: Programme,
    timezone: str,
    still_scheduled: frozenset[int] = frozenset(),
) -> list[dict[str, str]]:
    """What changed in one personal programme, as plain items a mail template words.

    `what` is one of cancelled, reinstated, removed (the session is gone from the programme),
    left (the session goes on, the person is no longer booked in it: an organiser moved them),
    promoted, offered (a seat is held for them: see events.registration.offers), moved, renamed,
    added. `still_scheduled` are the sessions that still take place
    in a round. A place on a waiting list that moves up is not a change worth a message.
    """
    items: list[dict[str, str]] = []
    for session_id, old in before.items():
        new = after.get(session_id)
        if new is None:
            what = "left" if session_id in still_scheduled else "removed"
            items.append({"what": what, "title": old.title, "time": _when(old, timezone)})
            continue
        base = {"title": new.title, "time": _when(new, timezone), "room": new.room}
        if old.session_status != new.session_status:
            what = "cancelled" if new.session_status == "cancelled" else "reinstated"
            items.append({**base, "what": what, "status": new.status})
            continue
        if new.session_status == "cancelled":
            continue
        if old.status != "confirmed" and new.status == "confirmed":
            items.append({**base, "what": "promoted"})
        if old.status == "waitlisted" and new.status == "offered":
            items.append({**base, "what": "offered"})
        if (old.starts_at, old.ends_at, old.room) != (new.starts_at, new.ends_at, new.room):
            items.append({**base, "what": "moved", "old_time": _when(old, timezone)})
        if old.title != new.title:
            items.append({**base, "what": "renamed", "old_title": old.title})
    for session_id, new in after.items():
        if session_id not in before:
            items.append(
                {
                    "what": "added",
                    "title": new.title,
                    "time": _when(new, timezone),
                    "room": new.room,
                    "status": new.status,
                }
            )
    return items


@contextlib.asynccontextmanager
async def programme_change(settings: Settings, event_id: int) -> AsyncIterator[ChangeSet]:
    """Run the block's writes so that everybody they affect is told, once (see the module)."""
    change = ChangeSet(settings=settings, event_id=event_id)
    async with seats.guarded_transaction():
        before = await snapshot(event_id)
        yield change
        if change.discarded:
            return
        await settle_seats(event_id)
        after = await snapshot(event_id)
        await _tell_everybody(change, before, after)


async def settle_seats(event_id: int) -> list[int]:
    """Counters equal confirmed choices and open offers; free seats go to the waiting lists.
    Returns the served ids. An offer in a session that no longer takes place is withdrawn (the
    person stays on its waiting list, and is offered a seat again if it is reinstated)."""
    await SeatChoice.raw(
        "UPDATE seat_choice SET offer_expires_at = NULL WHERE offer_expires_at IS NOT NULL "
        'AND "session" IN (SELECT id FROM "session" WHERE event = {} '
        "AND (status <> 'scheduled' OR round IS NULL))",
        event_id,
    )
    await seats.recount(event_id)
    waiting = await SeatChoice.raw(
        'SELECT DISTINCT seat_choice."session" AS session_id FROM seat_choice '
        'JOIN "session" ON "session".id = seat_choice."session" '
        "WHERE \"session\".event = {} AND seat_choice.status = 'waitlisted' "
        "AND \"session\".status = 'scheduled' ORDER BY 1",
        event_id,
    )
    promoted: list[int] = []
    for row in waiting:
        promoted.extend(await seats.serve_waiting_list(row["session_id"]))
    return promoted


async def _tell_everybody(change: ChangeSet, before: Snapshot, after: Snapshot) -> None:
    event = await Event.select(Event.timezone).where(Event.id == change.event_id).first()
    timezone = event["timezone"] if event else "Europe/Amsterdam"
    day_moved = before.event != after.event
    still_scheduled = frozenset(
        row["id"]
        for row in await Session.select(Session.id).where(
            (Session.event == change.event_id)
            & (Session.status == "scheduled")
            & Session.round.is_not_null()
        )
    )
    for participant_id, programme in after.participants.items():
        items = differences(
            before.participants.get(participant_id, {}), programme, timezone, still_scheduled
        )
        if items or day_moved:
            await tell_participant(change.settings, participant_id, items, day_moved=day_moved)
            change.told_participants.append(participant_id)
    batch = uuid.uuid4().hex[:12]
    for person_id in sorted(before.hosts.keys() | after.hosts.keys()):
        name, email = (before.host_addresses | after.host_addresses)[person_id]
        items = differences(
            before.hosts.get(person_id, {}),
            after.hosts.get(person_id, {}),
            timezone,
            still_scheduled,
        )
        if email and (items or (day_moved and person_id in after.hosts)):
            lists = await host_sessions(
                change.settings, person_id, list(after.hosts.get(person_id, {}))
            )
            await _tell_host(change, person_id, name, email, items, day_moved, batch, lists)
            change.told_hosts.append(person_id)


async def tell_participant(
    settings: Settings, participant_id: int, items: list[dict[str, str]], *, day_moved: bool = False
) -> None:
    """Raise the participant's invite SEQUENCE and queue one message listing `items`, with a
    fresh personal link (to choose another workshop; the links sent before keep working)."""
    rows = (
        await Participant.update({Participant.calendar_sequence: Participant.calendar_sequence + 1})
        .where(Participant.id == participant_id)
        .returning(Participant.calendar_sequence)
    )
    await notifications.send(
        settings,
        participant_id,
        "programme",
        str(rows[0]["calendar_sequence"]),
        link_nonce=await links.add_link(settings, participant_id),
        extra={"changes": items, "day_moved": day_moved},
    )


async def _tell_host(
    change: ChangeSet,
    person_id: int,
    name: str,
    email: str,
    items: list[dict[str, str]],
    day_moved: bool,
    batch: str,
    lists: list[dict[str, str]],
) -> None:
    event = await Event.select(Event.name).where(Event.id == change.event_id).first()
    await enqueue(
        change.settings,
        key=f"host:{person_id}:{change.event_id}:{batch}",
        recipient=email,
        recipient_name=name,
        kind="host-programme",
        template="host_change",
        context={
            "event_name": event["name"] if event else "",
            "changes": items,
            "day_moved": day_moved,
            "host_sessions": lists,
        },
        language=change.settings.default_language,
        about=f"person:{person_id}",
    )


# --- rules for editing a booked session ----------------------------------------------------


async def booked_counts(
    *, session_id: int | None = None, round_id: int | None = None
) -> dict[str, int]:
    """How many people hold a seat and how many wait, in one session or in a round's sessions."""
    column, value = ("session", session_id) if session_id is not None else ("round", round_id)
    rows = await SeatChoice.raw(
        f'SELECT status, COUNT(*) AS n FROM seat_choice WHERE "{column}" = {{}} GROUP BY status',
        value,
    )
    counts = {"confirmed": 0, "waitlisted": 0}
    for row in rows:
        counts[row["status"]] = row["n"]
    return counts


def booked_message(counts: dict[str, int]) -> str:
    """The sentence a confirmation page shows: who is booked, and that they will be told."""
    if not counts["confirmed"] and not counts["waitlisted"]:
        return _("Nobody is booked here.")
    return _(
        "%(seats)s; %(waiting)s. Each of them gets an e-mail about this.",
        seats=ngettext(
            "%(num)s person has a seat", "%(num)s people have a seat", counts["confirmed"]
        ),
        waiting=ngettext(
            "%(num)s is on the waiting list",
            "%(num)s are on the waiting list",
            counts["waitlisted"],
        ),
    )


def _number(values: dict[str, Any], key: str) -> int | None:
    raw = values.get(key)
    if isinstance(raw, list | tuple):
        raw = raw[0] if raw else ""
    text = str(raw or "").strip()
    return int(text) if text.isdigit() else None


async def session_edit_errors(session_id: int, values: dict[str, Any]) -> dict[str, str]:
    """Refuse an edit that would strand people booked in the session (inside the transaction).

    The seat counter is locked first, so a registration cannot slip in between this check
    and the save.
    """
    taken = await seats.seats_taken(session_id, lock=True)
    counts = await booked_counts(session_id=session_id)
    if not counts["confirmed"] and not counts["waitlisted"]:
        return {}
    booked = counts["confirmed"] + counts["waitlisted"]
    errors: dict[str, str] = {}
    kind = str(values.get("kind") or "workshop")
    if kind not in SEATED_KINDS:
        errors["kind"] = _(
            "%(count)s people are booked in this session; move or cancel them first.",
            count=booked,
        )
    capacity = _number(values, "capacity")
    if capacity is not None and capacity < taken:
        errors["capacity"] = _(
            "%(taken)s seats are booked; the capacity cannot be lower. "
            "Move or cancel people first.",
            taken=taken,
        )
    new_round = _number(values, "round")
    if new_round is None:
        errors["round"] = _(
            "%(count)s people are booked in this session; it needs a round.", count=booked
        )
        return errors
    current = await Session.select(Session.round).where(Session.id == session_id).first()
    if current and current["round"] != new_round:
        clashes = await SeatChoice.count().where(
            (SeatChoice.round == new_round)
            & SeatChoice.participant.is_in(
                SeatChoice.select(SeatChoice.participant).where(SeatChoice.session == session_id)
            )
        )
        if clashes:
            errors["round"] = _(
                "%(count)s people booked here already have a workshop in that round.",
                count=clashes,
            )
    return errors


async def follow_session(session_id: int) -> None:
    """After a session moved to another round, its choices move along (one per round stays)."""
    await SeatChoice.raw(
        'UPDATE seat_choice SET round = (SELECT round FROM "session" WHERE id = {}) '
        'WHERE "session" = {}',
        session_id,
        session_id,
    )

"""Who an announcement reaches: the union of the chosen groups of one event, each person once.

Groups: everyone registered; the people of chosen workshops or rounds (confirmed, waitlisted
or both); the waiting list; checked in; not checked in; the hosts of the event's sessions (of
the chosen workshops when some are chosen); people with an open pledge. A person in several
groups, or a host who also registered, is one recipient (the same address counts once).
Erased and unsubscribed people and people without an address are left out, with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from events.followup.recipients import open_pledges
from events.outbox.tables import Unsubscribe
from events.programme.tables import Session, SessionHost
from events.registration.tables import Participant, SeatChoice

GROUPS = (
    "everyone",
    "workshops",
    "waitlist",
    "checked_in",
    "not_checked_in",
    "hosts",
    "open_pledge",
)
SEAT_STATUSES = ("confirmed", "waitlisted", "both")
LEFT_OUT_REASONS = ("erased", "unsubscribed", "no_address")


@dataclass(frozen=True)
class Audience:
    """The chosen groups, as the organiser's form gives them (see `from_json`)."""

    groups: tuple[str, ...] = ()
    sessions: tuple[int, ...] = ()
    rounds: tuple[int, ...] = ()
    seat_status: str = "both"

    def to_json(self) -> dict[str, Any]:
        return {
            "groups": list(self.groups),
            "sessions": list(self.sessions),
            "rounds": list(self.rounds),
            "seat_status": self.seat_status,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Audience:
        return cls(
            groups=tuple(g for g in data.get("groups", []) if g in GROUPS),
            sessions=tuple(int(s) for s in data.get("sessions", [])),
            rounds=tuple(int(r) for r in data.get("rounds", [])),
            seat_status=data.get("seat_status", "both")
            if data.get("seat_status") in SEAT_STATUSES
            else "both",
        )


@dataclass(frozen=True)
class Recipient:
    """One person to mail: a participant (`participant_id`) or a host who did not register."""

    name: str
    email: str
    language: str
    participant_id: int | None = None


@dataclass
class Reach:
    """The outcome of working out an audience."""

    recipients: list[Recipient] = field(default_factory=list)
    left_out: list[dict[str, str]] = field(default_factory=list)  # {"name", "reason"}


async def _participants(event_id: int) -> list[dict[str, Any]]:
    return await Participant.select(
        Participant.id,
        Participant.name,
        Participant.email,
        Participant.language,
        Participant.status,
        Participant.checked_in_at,
    ).where((Participant.event == event_id) & (Participant.status != "cancelled"))


async def _seated(event_id: int, audience: Audience, statuses: tuple[str, ...]) -> set[int]:
    """Participants with a seat choice of these statuses in the chosen workshops or rounds."""
    query = SeatChoice.select(SeatChoice.participant).where(
        (SeatChoice.participant.event == event_id) & SeatChoice.status.is_in(list(statuses))
    )
    chosen = []
    if audience.sessions:
        chosen.append(SeatChoice.session.is_in(list(audience.sessions)))
    if audience.rounds:
        chosen.append(SeatChoice.round.is_in(list(audience.rounds)))
    if audience.sessions and audience.rounds:
        query = query.where(chosen[0] | chosen[1])
    elif chosen:
        query = query.where(chosen[0])
    return {row["participant"] for row in await query}


async def _hosts(event_id: int, sessions: tuple[int, ...]) -> list[dict[str, Any]]:
    query = SessionHost.select(
        SessionHost.person.name.as_alias("name"), SessionHost.person.email.as_alias("email")
    ).where(SessionHost.session.event == event_id)
    if sessions:
        query = query.where(SessionHost.session.is_in(list(sessions)))
    return await query


async def _matching_participants(
    event_id: int, audience: Audience, people: list[dict[str, Any]]
) -> set[int]:
    groups = set(audience.groups)
    ids = {p["id"] for p in people}
    matched: set[int] = set()
    if "everyone" in groups:
        matched |= ids
    if "workshops" in groups and (audience.sessions or audience.rounds):
        statuses = (
            ("confirmed", "waitlisted")
            if audience.seat_status == "both"
            else (audience.seat_status,)
        )
        matched |= await _seated(event_id, audience, statuses)
    if "waitlist" in groups:
        matched |= await _seated(event_id, Audience(), ("waitlisted",))
    if "checked_in" in groups:
        matched |= {p["id"] for p in people if p["checked_in_at"] is not None}
    if "not_checked_in" in groups:
        matched |= {p["id"] for p in people if p["checked_in_at"] is None}
    if "open_pledge" in groups:
        matched |= set(await open_pledges(sorted(ids)))
    return matched & ids


async def reach(event_id: int, audience: Audience) -> Reach:
    """The recipients of this audience now (sorted by name) and who is left out, and why."""
    people = await _participants(event_id)
    matched = await _matching_participants(event_id, audience, people)
    candidates: list[tuple[dict[str, Any], int | None]] = [
        (p, p["id"]) for p in people if p["id"] in matched
    ]
    if "hosts" in audience.groups:
        registered = {(p["email"] or "").strip().lower(): p for p in people}
        for host in await _hosts(event_id, audience.sessions):
            as_participant = registered.get((host["email"] or "").strip().lower())
            if as_participant is not None:  # a host who registered: in their own language
                candidates.append((as_participant, as_participant["id"]))
            else:
                candidates.append(({**host, "language": "nl", "status": "host"}, None))
    unsubscribed = {
        row["email"]
        for row in await Unsubscribe.select(Unsubscribe.email).where(
            Unsubscribe.email.is_in(
                [(c["email"] or "").strip().lower() for c, _ in candidates] or [""]
            )
        )
    }
    result = Reach()
    seen: set[str] = set()
    for person, participant_id in sorted(candidates, key=lambda c: c[1] is None):
        address = (person["email"] or "").strip()
        key = address.lower()
        if person["status"] == "erased":
            result.left_out.append({"name": _shown_name(person), "reason": "erased"})
        elif not address:
            result.left_out.append({"name": person["name"], "reason": "no_address"})
        elif key in seen:
            continue
        elif key in unsubscribed:
            seen.add(key)
            result.left_out.append({"name": person["name"], "reason": "unsubscribed"})
        else:
            seen.add(key)
            result.recipients.append(
                Recipient(
                    name=person["name"],
                    email=address,
                    language=person["language"] if person["language"] in ("nl", "en") else "nl",
                    participant_id=participant_id,
                )
            )
    result.recipients.sort(key=lambda r: r.name.lower())
    return result


def _shown_name(person: dict[str, Any]) -> str:
    return person["name"] or "—"


async def event_sessions(event_id: int) -> list[dict[str, Any]]:
    """The seated workshops of the event with their round, for the audience form."""
    return await (
        Session.select(
            Session.id,
            Session.title,
            Session.round.id.as_alias("round_id"),
            Session.round.name.as_alias("round_name"),
        )
        .where((Session.event == event_id) & Session.round.is_not_null())
        .order_by(Session.round.starts_at)
        .order_by(Session.title)
    )

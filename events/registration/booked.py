"""What a new registration booked, carried from the POST to the 'check your e-mail' page.

The page after the redirect lists each workshop with its round, time and room, and whether it
is a seat or a place on the waiting list. The outcomes travel in a short-lived cookie signed
with the site key (ids and statuses only; the page reads titles from the database), so the
page shows what this browser just booked and nothing about anyone else.
"""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.datastructures import Cookie

from events.registration import queries
from events.registration.seats import ChoiceOutcome
from events.settings import Settings
from events.web.signing import derived_code

BOOKED_COOKIE = "booked"
BOOKED_SECONDS = 300


def booked_cookie(settings: Settings, event_id: int, outcomes: list[ChoiceOutcome]) -> Cookie:
    """The signed cookie with the outcomes of a registration."""
    payload = ",".join(
        f"{outcome.session_id}:{outcome.status}:{outcome.position or 0}" for outcome in outcomes
    )
    code = derived_code(settings, "booked", event_id, payload)
    return Cookie(
        key=BOOKED_COOKIE,
        value=f"{payload}.{code}",
        max_age=BOOKED_SECONDS,
        path="/",
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
    )


def _outcomes(settings: Settings, event_id: int, value: str) -> list[ChoiceOutcome]:
    payload, _sep, code = value.rpartition(".")
    if not payload or code != derived_code(settings, "booked", event_id, payload):
        return []
    outcomes = []
    for part in payload.split(","):
        session_id, status, position = [*part.split(":"), "", "", ""][:3]
        if session_id.isdigit() and status in ("confirmed", "waitlisted") and position.isdigit():
            outcomes.append(ChoiceOutcome(int(session_id), status, int(position) or None))
    return outcomes


async def booked_sessions(
    request: Request[Any, Any, Any], settings: Settings, event_id: int
) -> list[dict[str, Any]]:
    """The workshops this browser just booked for the event, in time order (or [])."""
    outcomes = _outcomes(settings, event_id, request.cookies.get(BOOKED_COOKIE, ""))
    if not outcomes:
        return []
    by_id = {outcome.session_id: outcome for outcome in outcomes}
    bookings = []
    for round_row in await queries.rounds_with_choices(event_id):
        for session in round_row["sessions"]:
            outcome = by_id.get(session["id"])
            if outcome is not None:
                bookings.append(
                    {
                        "round": round_row["name"],
                        "starts_at": round_row["starts_at"],
                        "ends_at": round_row["ends_at"],
                        "title": session["title"],
                        "room": session["room"],
                        "status": outcome.status,
                        "position": outcome.position,
                    }
                )
    return bookings

"""One event with people in every group an announcement can choose, and some to leave out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from events.outbox.tables import Unsubscribe
from events.pledges.tables import Pledge
from events.programme.tables import Person, SessionHost
from events.registration.services import RegistrationForm, register
from events.registration.tables import Participant
from events.settings import load_settings
from tests.registration.helpers import make_event, make_round, make_workshop


@dataclass(frozen=True)
class Seeded:
    event_id: int
    round_1: int
    round_2: int
    workshop_a: int  # 2 seats: anna and bram confirmed, cor waitlisted
    workshop_b: int  # dirk (checked in, unsubscribed) and eva (erased)
    workshop_c: int  # round 2: anna and cor; hosted by anna's address too


async def _register(event_id: int, name: str, *choices: int, language: str = "nl") -> int:
    result = await register(
        event_id,
        RegistrationForm(
            name=name,
            email=f"{name.lower()}@example.org",
            consent_event=True,
            language=language,
            choices=list(choices),
        ),
        load_settings(),
    )
    assert result.participant_id is not None, result.errors
    return result.participant_id


async def _host(session_id: int, name: str, email: str) -> None:
    person = await Person.insert(Person(name=name, email=email)).returning(Person.id)
    await SessionHost.insert(SessionHost(session=session_id, person=person[0]["id"]))


async def seed() -> Seeded:
    event_id = await make_event()
    round_1 = await make_round(event_id, "Ronde 1", 9)
    round_2 = await make_round(event_id, "Ronde 2", 11)
    a = await make_workshop(event_id, round_1, "Mantelzorg", 2)
    b = await make_workshop(event_id, round_1, "Buurtkracht", 5)
    c = await make_workshop(event_id, round_2, "Schuldhulp", 5)
    await _register(event_id, "Anna", a, c)
    bram = await _register(event_id, "Bram", a, language="en")
    await _register(event_id, "Cor", a, c)  # a is full: waiting list
    dirk = await _register(event_id, "Dirk", b)
    eva = await _register(event_id, "Eva", b)
    fenna = await _register(event_id, "Fenna", b)
    await Participant.update({Participant.checked_in_at: datetime.now(UTC)}).where(
        Participant.id == dirk
    )
    await Unsubscribe.insert(Unsubscribe(email="dirk@example.org"))
    await Participant.update({Participant.status: "erased"}).where(Participant.id == eva)
    await Participant.update({Participant.status: "cancelled"}).where(Participant.id == fenna)
    await Pledge.insert(
        Pledge(event=event_id, participant=bram, title="Een buurtkamer openen", status="approved")
    )
    await _host(a, "Hanna Host", "hanna@example.org")
    await _host(b, "Zonder Adres", "")
    await _host(c, "Anna als host", "ANNA@example.org")
    return Seeded(event_id, round_1, round_2, a, b, c)

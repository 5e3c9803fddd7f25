"""A small published parade (and an unpublished one) written straight into the tables."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from litestar import Litestar

from events.app import create_app
from events.programme.tables import (
    Event,
    Organisation,
    Person,
    PracticeExample,
    PracticeTheme,
    Room,
    Round,
    Session,
    SessionHost,
    SessionPractice,
    SessionTheme,
    Theme,
)
from events.settings import load_settings

SLUG = "parade-2026"
ANNA_EMAIL = "anna.devries@example.org"
BERT_EMAIL = "bert.jansen@example.org"


def utc(hour: int, minute: int = 0) -> datetime:
    """A moment on the (summer) day of the test parade, in UTC; Amsterdam is UTC+2 then."""
    return datetime(2026, 6, 11, hour, minute, tzinfo=UTC)


async def _insert(row: Any) -> Any:
    await row.save()
    return row


async def seed_parade() -> dict[str, Any]:
    """A published parade with three rounds, a market and practice examples; ids by name."""
    waadhoeke = await _insert(
        Organisation(name="Gemeente Waadhoeke", website="https://waadhoeke.example.org")
    )
    almere = await _insert(Organisation(name="Gemeente Almere"))
    dalfsen = await _insert(Organisation(name="Gemeente Dalfsen"))
    debt = await _insert(Theme(name="Schuldpreventie", slug="schuldpreventie"))
    teams = await _insert(Theme(name="Wijkteams", slug="wijkteams"))
    anna = await _insert(
        Person(
            name="Anna de Vries",
            job_title="Beleidsadviseur armoede",
            organisation=waadhoeke.id,
            email=ANNA_EMAIL,
            motto="Gewoon doen",
            links=f"LinkedIn: https://www.linkedin.example/in/anna\nmailto:{ANNA_EMAIL}\n{ANNA_EMAIL}",
            story="Wat doe je?\n\nIk help inwoners met schulden.",
            public_profile=True,
        )
    )
    bert = await _insert(
        Person(
            name="Bert Jansen",
            job_title="Teamleider wijkteam",
            organisation=almere.id,
            email=BERT_EMAIL,
            public_profile=False,
        )
    )
    event = await _insert(
        Event(
            name="PraktijkVoorbeeldenParade 2026",
            slug=SLUG,
            edition=4,
            date=date(2026, 6, 11),
            starts_at=utc(7, 30),
            ends_at=utc(15),
            timezone="Europe/Amsterdam",
            venue="Stadhuis Leeuwarden",
            address="Hofplein 38, Leeuwarden",
            description="Een dag vol praktijkvoorbeelden.\n\nWelkom!",
            published=True,
            calendar_uid="event-parade-2026@example.org",
        )
    )
    opening = await _insert(
        Round(event=event.id, name="Opening", starts_at=utc(7, 30), ends_at=utc(8))
    )
    round_1 = await _insert(
        Round(event=event.id, name="Ronde 1", starts_at=utc(8, 15), ends_at=utc(9, 15))
    )
    round_2 = await _insert(
        Round(event=event.id, name="Ronde 2", starts_at=utc(9, 30), ends_at=utc(10, 30))
    )
    hall = await _insert(Room(event=event.id, name="Raadzaal", capacity=120))
    room_a = await _insert(Room(event=event.id, name="Zaal A", capacity=30))
    room_b = await _insert(Room(event=event.id, name="Zaal B", capacity=20))

    regiebox = await _insert(
        PracticeExample(
            event=event.id,
            title="Regiebox",
            summary="Eén plek voor alle hulp bij geldzorgen.",
            body="Inwoners met betalingsachterstanden krijgen snel hulp.",
            results="Veertig procent minder huisuitzettingen.",
            organisation=waadhoeke.id,
            contact=anna.id,
            links="Website: https://regiebox.example.org",
        )
    )
    wijkteams = await _insert(
        PracticeExample(
            event=event.id,
            title="Wijkteams met de sociale dienst",
            summary="Samen aan tafel bij het gezin.",
            body="Het wijkteam en de sociale dienst werken samen.",
            organisation=almere.id,
            contact=bert.id,
        )
    )
    energie = await _insert(
        PracticeExample(
            event=event.id,
            title="Énergiecoaches in Dalfsen",
            summary="Coaches helpen bij de energierekening.",
            body="Vrijwilligers komen langs.",
            organisation=dalfsen.id,
        )
    )
    await PracticeTheme.insert(
        PracticeTheme(practice=regiebox.id, theme=debt.id),
        PracticeTheme(practice=wijkteams.id, theme=teams.id),
        PracticeTheme(practice=energie.id, theme=debt.id),
    )

    plenary = await _insert(
        Session(
            event=event.id,
            kind="plenary",
            title="Opening door de wethouder",
            round=opening.id,
            room=hall.id,
            calendar_uid="session-opening@example.org",
        )
    )
    workshop = await _insert(
        Session(
            event=event.id,
            kind="workshop",
            title="Regiebox: snel hulp bij schulden",
            description="Hoe Waadhoeke schulden voorkomt.",
            round=round_1.id,
            room=room_a.id,
            capacity=25,
            calendar_uid="session-regiebox@example.org",
            calendar_sequence=2,
        )
    )
    cancelled = await _insert(
        Session(
            event=event.id,
            kind="workshop",
            title="Wijkteams in Almere",
            round=round_1.id,
            room=room_b.id,
            status="cancelled",
            calendar_uid="session-almere@example.org",
            calendar_sequence=1,
        )
    )
    excursion = await _insert(
        Session(
            event=event.id,
            kind="excursion",
            title="Werkbezoek Leerdam",
            round=round_2.id,
            calendar_uid="session-leerdam@example.org",
        )
    )
    stand = await _insert(
        Session(
            event=event.id,
            kind="stand",
            title="Sociale zagerij Binthout",
            calendar_uid="session-binthout@example.org",
        )
    )
    await SessionTheme.insert(
        SessionTheme(session=workshop.id, theme=debt.id),
        SessionTheme(session=cancelled.id, theme=teams.id),
    )
    await SessionHost.insert(
        SessionHost(session=workshop.id, person=anna.id),
        SessionHost(session=cancelled.id, person=bert.id),
    )
    await SessionPractice.insert(
        SessionPractice(session=workshop.id, practice=regiebox.id),
        SessionPractice(session=cancelled.id, practice=wijkteams.id),
    )

    hidden = await _insert(
        Event(
            name="Concept 2027",
            slug="concept-2027",
            date=date(2027, 6, 10),
            starts_at=datetime(2027, 6, 10, 7, tzinfo=UTC),
            ends_at=datetime(2027, 6, 10, 15, tzinfo=UTC),
            published=False,
            calendar_uid="event-concept-2027@example.org",
        )
    )
    hidden_session = await _insert(
        Session(
            event=hidden.id,
            kind="workshop",
            title="Geheime workshop",
            calendar_uid="session-hidden@example.org",
        )
    )
    return {
        "event": event.id,
        "anna": anna.id,
        "bert": bert.id,
        "regiebox": regiebox.id,
        "wijkteams": wijkteams.id,
        "energie": energie.id,
        "plenary": plenary.id,
        "workshop": workshop.id,
        "cancelled": cancelled.id,
        "excursion": excursion.id,
        "stand": stand.id,
        "hidden_session": hidden_session.id,
    }


@pytest.fixture
async def parade() -> dict[str, Any]:
    return await seed_parade()


@pytest.fixture(scope="module")
def app() -> Litestar:
    """One app per test module: building it (Piccolo Admin included) takes a third of a second."""
    return create_app(load_settings())

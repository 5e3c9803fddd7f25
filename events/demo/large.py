"""A large generated parade for load tests: `events demo --size large`.

Next to the demo parade (loaded first, for its themes) this adds a second event, slug
`parade-large`, with by default 3,000 registered participants (organisations, themes, offer and
looking-for texts, seat choices), 150 sessions (workshops and excursions over rounds and rooms
with capacities, and stands), as many practice examples, 6,000 approved pledges of mixed
visibility and 2,000 complete conversation pairs. Its report is published.

Everything comes from one seeded random generator, so two runs make the same rows. Rows go in
with multi-row inserts (`Table.insert(*rows)`, 500 at a time) inside one write transaction:
either the whole event is there or none of it. Loading again when the event exists changes
nothing. `scale` shrinks every count (tests use `scale=0.02`).

Seat counters agree with the choices: `SessionSeats.taken` is the number of confirmed choices of
the session, never above its capacity; the rest of a full workshop's choosers are waitlisted.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from piccolo.table import Table

from events.db import write_transaction
from events.demo.loader import local_to_utc
from events.pairs.services import CODE_ALPHABET, CODE_LENGTH
from events.pairs.tables import Pair, PairMember
from events.pledges.tables import Pledge, PledgeSession, PledgeSettings, PledgeTheme
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
from events.registration.tables import Participant, ParticipantTheme, SeatChoice, SessionSeats

Progress = Callable[[str], object]

LARGE_SLUG = "parade-large"
LARGE_DAY = date(2027, 6, 10)
TIMEZONE = "Europe/Amsterdam"
CHUNK = 500
SEED = 2027

FULL = {
    "participants": 3000,
    "workshops": 120,
    "stands": 30,
    "pledges": 6000,
    "pairs": 2000,
    "organisations": 200,
}

PLACES = (
    "Leerdam",
    "Almere",
    "Dalfsen",
    "Leiden",
    "Leeuwarden",
    "Groningen",
    "Zwolle",
    "Utrecht",
    "Tilburg",
    "Breda",
    "Deventer",
    "Enschede",
    "Arnhem",
    "Nijmegen",
    "Assen",
    "Emmen",
    "Haarlem",
    "Delft",
    "Gouda",
    "Hoorn",
    "Alkmaar",
    "Venlo",
    "Roermond",
    "Heerlen",
    "Middelburg",
    "Vlissingen",
    "Lelystad",
    "Harderwijk",
    "Ede",
    "Apeldoorn",
    "Oss",
    "Veghel",
    "Helmond",
    "Weert",
    "Sneek",
    "Drachten",
    "Meppel",
    "Kampen",
    "Hengelo",
    "Almelo",
)
KINDS_OF_ORGANISATION = (
    "Gemeente {place}",
    "Welzijn {place}",
    "Stichting Samen {place}",
    "Wijkteam {place}-Noord",
    "Buurtwerk {place}",
    "Schuldhulp {place}",
)
FIRST_NAMES = (
    "Anna",
    "Bram",
    "Carla",
    "Daan",
    "Eva",
    "Fatima",
    "Gert",
    "Hanna",
    "Ilse",
    "Jan",
    "Kees",
    "Lotte",
    "Mohamed",
    "Nina",
    "Omar",
    "Petra",
    "Quinten",
    "Rosa",
    "Sander",
    "Tessa",
    "Umut",
    "Vera",
    "Willem",
    "Yara",
    "Zeynep",
    "Ahmed",
    "Bas",
    "Chantal",
    "Dirk",
    "Esther",
)
LAST_NAMES = (
    "de Jong",
    "Jansen",
    "de Vries",
    "van den Berg",
    "van Dijk",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Yilmaz",
    "El Idrissi",
    "Kaya",
    "Haddad",
    "Öztürk",
)
JOB_TITLES = (
    "Beleidsmedewerker",
    "Wijkcoach",
    "Schuldhulpverlener",
    "Consulent werk en inkomen",
    "Opbouwwerker",
    "Teamleider",
    "Klantmanager",
    "Jongerenwerker",
    "Projectleider",
)
TOPICS = (
    "schuldpreventie",
    "vroegsignalering",
    "statushouders",
    "taalmaatjes",
    "wijkteams",
    "participatie",
    "eenzaamheid",
    "mantelzorg",
    "jongeren",
    "bijstand",
    "armoede",
    "ontmoeting",
    "buurtkracht",
    "werkgevers",
    "inburgering",
    "vrijwilligers",
)
VERBS = (
    "Samen werken aan",
    "Aan de slag met",
    "Nieuw licht op",
    "De praktijk van",
    "Lessen over",
    "Vroeg erbij met",
    "Dichtbij en simpel:",
    "Wat werkt bij",
)
SENTENCES = (
    "We laten zien hoe we begonnen, wat misging en wat het opleverde.",
    "Deelnemers vertellen zelf wat voor hen het verschil maakte.",
    "Je gaat naar huis met een stappenplan dat je morgen kunt gebruiken.",
    "De gemeente en de welzijnsorganisatie werken hier vanuit één team.",
    "Kleine budgetten, korte lijnen en veel vertrouwen in de uitvoering.",
    "We delen de cijfers van twee jaar werken, inclusief wat tegenviel.",
    "Een ervaringsdeskundige vertelt hoe de aanpak van binnenuit voelt.",
    "Na afloop is er tijd om vragen te stellen en contacten te leggen.",
)
OFFERS = (
    "Ervaring met {topic} in een kleine gemeente.",
    "Een werkende aanpak voor {topic}, met alle formulieren.",
    "Contacten met werkgevers in de regio en kennis van {topic}.",
    "Tien jaar praktijk in {topic}; ik denk graag mee.",
)
LOOKING_FOR = (
    "Voorbeelden van {topic} die echt iets opleveren.",
    "Collega's die al verder zijn met {topic}.",
    "Een manier om {topic} te meten zonder extra formulieren.",
    "Inspiratie voor {topic} in de wijk.",
)
PLEDGE_TITLES = (
    "Ik ga {topic} op de agenda zetten",
    "Volgende maand start ik met {topic}",
    "Ik bel de collega's uit {place} over {topic}",
    "Ons team probeert {topic} een half jaar",
    "Ik maak {topic} bespreekbaar in het overleg",
)
VISIBILITY_WEIGHTS = (("public_named", 45), ("public_anonymous", 35), ("private", 20))


@dataclass(frozen=True)
class Sizes:
    """How many of each thing the large event gets."""

    participants: int
    workshops: int
    stands: int
    pledges: int
    pairs: int
    organisations: int

    @property
    def rounds(self) -> int:
        return max(1, min(6, self.workshops // 2))

    @property
    def rooms(self) -> int:
        return math.ceil(self.workshops / self.rounds)

    @property
    def sessions(self) -> int:
        return self.workshops + self.stands

    @classmethod
    def scaled(cls, scale: float) -> Sizes:
        def n(key: str, least: int) -> int:
            return max(least, round(FULL[key] * scale))

        return cls(
            participants=n("participants", 10),
            workshops=n("workshops", 4),
            stands=n("stands", 1),
            pledges=n("pledges", 1),
            pairs=n("pairs", 1),
            organisations=n("organisations", 5),
        )


def _digest(*parts: object) -> str:
    """A stable SHA-256 hex digest (for tokens nobody knows, UIDs and the like)."""
    return hashlib.sha256(":".join(str(part) for part in parts).encode()).hexdigest()


async def _insert(
    table: type[Table], rows: Sequence[Table], label: str, progress: Progress
) -> None:
    """Insert rows in chunks of CHUNK (ids are set on the row objects), reporting progress."""
    total = len(rows)
    for start in range(0, total, CHUNK):
        await table.insert(*rows[start : start + CHUNK])
        done = min(total, start + CHUNK)
        if done == total or (done // CHUNK) % 2 == 0:
            progress(f"  {label} {done}/{total}")


def _paragraph(rng: random.Random, count: int) -> str:
    return " ".join(rng.sample(SENTENCES, count))


async def large_event_exists() -> bool:
    return bool(await Event.exists().where(Event.slug == LARGE_SLUG))


async def load_large(
    scale: float = 1.0, progress: Progress = lambda line: None, seed: int = SEED
) -> str:
    """Add the large event (once; when it exists nothing changes) and return a summary.

    The demo parade should be loaded first: the large event uses its themes (it adds them when
    they are missing only in the sense that it then runs without themes).
    """
    if await large_event_exists():
        return f"Large parade already there ({LARGE_SLUG}); nothing changed."
    sizes = Sizes.scaled(scale)
    rng = random.Random(seed)
    async with write_transaction():
        if await large_event_exists():  # someone else loaded it meanwhile
            return f"Large parade already there ({LARGE_SLUG}); nothing changed."
        summary = await _load(sizes, rng, progress)
    return summary


async def _load(sizes: Sizes, rng: random.Random, progress: Progress) -> str:
    theme_ids = [row["id"] for row in await Theme.select(Theme.id).order_by(Theme.id)]

    # Organisations (names unique over the whole database: reuse the ones that exist).
    names: list[str] = []
    for kind in KINDS_OF_ORGANISATION:
        for place in PLACES:
            names.append(kind.format(place=place))
    names = names[: sizes.organisations]
    existing = {
        row["name"]: row["id"]
        for row in await Organisation.select(Organisation.id, Organisation.name).where(
            Organisation.name.is_in(names)
        )
    }
    new_organisations = [
        Organisation(name=name, place=name.split()[-1].split("-")[0])
        for name in names
        if name not in existing
    ]
    await _insert(Organisation, new_organisations, "organisations", progress)
    organisation_ids = [existing.get(name) for name in names]
    by_name = {row.name: row.id for row in new_organisations}
    organisation_ids = [
        oid if oid is not None else by_name[n]
        for oid, n in zip(organisation_ids, names, strict=True)
    ]

    event = Event(
        name="PraktijkVoorbeeldenParade XL (grote proefdag)",
        slug=LARGE_SLUG,
        edition=None,
        date=LARGE_DAY,
        starts_at=local_to_utc(LARGE_DAY, "09:00", TIMEZONE),
        ends_at=local_to_utc(LARGE_DAY, "17:30", TIMEZONE),
        timezone=TIMEZONE,
        venue="Jaarbeurs, hal 5",
        address="Jaarbeursplein 6, 3521 AL Utrecht",
        description=(
            "Een gegenereerde, heel grote parade om te meten hoe de site zich houdt met "
            "duizenden deelnemers, honderden sessies en duizenden voornemens."
        ),
        published=True,
        calendar_uid=f"event-{LARGE_SLUG}@demo.events",
    )
    await event.save()
    event_id = event.id
    progress(f"Event {LARGE_SLUG} (id {event_id})")
    await PledgeSettings.insert(
        PledgeSettings(event=event_id, moderation_mode="approve_first", report_published=True)
    )

    # Rounds and rooms.
    rounds = []
    start = datetime.combine(LARGE_DAY, datetime.min.time())
    for number in range(sizes.rounds):
        begins = start + timedelta(hours=9, minutes=30 + number * 75)
        rounds.append(
            Round(
                event=event_id,
                name=f"Ronde {number + 1}",
                starts_at=local_to_utc(LARGE_DAY, begins.strftime("%H:%M"), TIMEZONE),
                ends_at=local_to_utc(
                    LARGE_DAY, (begins + timedelta(hours=1)).strftime("%H:%M"), TIMEZONE
                ),
            )
        )
    await Round.insert(*rounds)
    # Capacities scale with the expected choosers per workshop (about 120 at full size).
    per_workshop = sizes.participants * 0.8 / sizes.rooms
    rooms = [
        Room(
            event=event_id,
            name=f"Zaal {number + 1:02d}",
            capacity=max(2, round(rng.choice((40, 60, 80, 100, 150, 200)) * per_workshop / 120)),
        )
        for number in range(sizes.rooms)
    ]
    await Room.insert(*rooms)

    # Hosts, practice examples and sessions (one practice and one host per session).
    hosts = [
        Person(
            name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            email=f"host-{number:04d}@large.example.org",
            job_title=rng.choice(JOB_TITLES),
            organisation=rng.choice(organisation_ids),
        )
        for number in range(sizes.sessions)
    ]
    await _insert(Person, hosts, "hosts", progress)
    practices = []
    for number in range(sizes.sessions):
        topic = rng.choice(TOPICS)
        place = rng.choice(PLACES)
        practices.append(
            PracticeExample(
                event=event_id,
                title=f"{rng.choice(VERBS)} {topic} in {place} (#{number + 1})",
                summary=_paragraph(rng, 2),
                body=_paragraph(rng, 5),
                results=_paragraph(rng, 2),
                organisation=rng.choice(organisation_ids),
                contact=hosts[number].id,
            )
        )
    await _insert(PracticeExample, practices, "practice examples", progress)
    sessions = []
    for number in range(sizes.sessions):
        practice = practices[number]
        if number < sizes.workshops:
            round_index, room_index = divmod(number, sizes.rooms)
            kind = "excursion" if number % 15 == 14 else "workshop"
            sessions.append(
                Session(
                    event=event_id,
                    kind=kind,
                    title=practice.title,
                    description=_paragraph(rng, 3),
                    round=rounds[round_index].id,
                    room=rooms[room_index].id,
                    capacity=rooms[room_index].capacity,
                    calendar_uid=f"session-large-{number + 1}@demo.events",
                )
            )
        else:
            sessions.append(
                Session(
                    event=event_id,
                    kind="stand",
                    title=f"Stand: {practice.title}",
                    description="Loop langs, stel je vragen en neem een voorbeeld mee naar huis.",
                    calendar_uid=f"session-large-{number + 1}@demo.events",
                )
            )
    await _insert(Session, sessions, "sessions", progress)
    session_themes = []
    practice_themes = []
    for session, practice in zip(sessions, practices, strict=True):
        for theme in rng.sample(theme_ids, min(len(theme_ids), rng.randint(1, 2))):
            session_themes.append(SessionTheme(session=session.id, theme=theme))
            practice_themes.append(PracticeTheme(practice=practice.id, theme=theme))
    await _insert(SessionTheme, session_themes, "session themes", progress)
    await _insert(PracticeTheme, practice_themes, "practice themes", progress)
    await _insert(
        SessionPractice,
        [
            SessionPractice(session=s.id, practice=p.id)
            for s, p in zip(sessions, practices, strict=True)
        ],
        "session practices",
        progress,
    )
    await _insert(
        SessionHost,
        [SessionHost(session=s.id, person=h.id) for s, h in zip(sessions, hosts, strict=True)],
        "session hosts",
        progress,
    )

    # Participants with their themes.
    now = datetime(2027, 5, 1, 12, 0, tzinfo=UTC)
    participants = []
    for number in range(sizes.participants):
        digest = _digest("large", LARGE_SLUG, number)
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        named = rng.random() < 0.7
        participants.append(
            Participant(
                event=event_id,
                name=name,
                email=f"deelnemer-{number:05d}@large.example.org",
                organisation=rng.choice(organisation_ids),
                job_title=rng.choice(JOB_TITLES),
                language="nl" if rng.random() < 0.85 else "en",
                offer=rng.choice(OFFERS).format(topic=rng.choice(TOPICS)),
                looking_for=rng.choice(LOOKING_FOR).format(topic=rng.choice(TOPICS)),
                consent_event_at=now,
                consent_public_name_at=now if named else None,
                consent_follow_up_at=now if rng.random() < 0.8 else None,
                consent_text_version="demo",
                # Nobody knows a token for this hash: generated participants have no link.
                manage_token_hash=digest,
                status="registered",
                calendar_uid=f"registration-{digest[:20]}@demo.events",
                created_at=now,
            )
        )
    await _insert(Participant, participants, "participants", progress)
    participant_ids = [
        row["id"]
        for row in await Participant.select(Participant.id)
        .where(Participant.event == event_id)
        .order_by(Participant.email)
    ]
    participant_themes = [
        ParticipantTheme(participant=pid, theme=theme)
        for pid in participant_ids
        for theme in rng.sample(theme_ids, min(len(theme_ids), rng.randint(1, 3)))
    ]
    await _insert(ParticipantTheme, participant_themes, "participant themes", progress)

    # Seat choices: most participants pick a workshop in most rounds; popular ones fill up.
    seated = [s for s in sessions if s.kind in ("workshop", "excursion")]
    by_round: dict[int, list[Session]] = {}
    for session in seated:
        by_round.setdefault(session.round, []).append(session)
    weights = {s.id: rng.choice((1, 1, 2, 3, 5)) for s in seated}
    taken = {s.id: 0 for s in seated}
    choices = []
    for pid in participant_ids:
        for round_id, options in by_round.items():
            if rng.random() >= 0.8:
                continue
            (session,) = rng.choices(options, weights=[weights[s.id] for s in options])
            confirmed = taken[session.id] < (session.capacity or 0)
            if confirmed:
                taken[session.id] += 1
            choices.append(
                SeatChoice(
                    participant=pid,
                    session=session.id,
                    round=round_id,
                    status="confirmed" if confirmed else "waitlisted",
                    created_at=now,
                )
            )
    await _insert(SeatChoice, choices, "seat choices", progress)
    await _insert(
        SessionSeats,
        [SessionSeats(session=sid, taken=count) for sid, count in taken.items()],
        "seat counters",
        progress,
    )

    # Pledges: approved, mixed visibility, each with a theme and often an inspiring session.
    pledges = []
    for number in range(sizes.pledges):
        visibility = rng.choices(
            [v for v, _w in VISIBILITY_WEIGHTS], weights=[w for _v, w in VISIBILITY_WEIGHTS]
        )[0]
        title = rng.choice(PLEDGE_TITLES).format(topic=rng.choice(TOPICS), place=rng.choice(PLACES))
        pledges.append(
            Pledge(
                event=event_id,
                participant=rng.choice(participant_ids),
                title=title[:120],
                text=_paragraph(rng, 2),
                target_date=LARGE_DAY + timedelta(days=rng.randint(14, 120))
                if rng.random() < 0.5
                else None,
                visibility=visibility,
                status="approved",
                created_at=now + timedelta(seconds=number),
                updated_at=now + timedelta(seconds=number),
            )
        )
    await _insert(Pledge, pledges, "pledges", progress)
    await _insert(
        PledgeTheme,
        [PledgeTheme(pledge=p.id, theme=rng.choice(theme_ids)) for p in pledges if theme_ids],
        "pledge themes",
        progress,
    )
    await _insert(
        PledgeSession,
        [
            PledgeSession(pledge=p.id, session=rng.choice(sessions).id)
            for p in pledges
            if rng.random() < 0.4
        ],
        "pledge sessions",
        progress,
    )

    # Complete conversation pairs with distinct codes; members confirmed.
    codes: set[str] = set()
    pairs = []
    members_of: list[tuple[int, int]] = []
    for number in range(sizes.pairs):
        code = "".join(rng.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
        while code in codes:
            code = "".join(rng.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
        codes.add(code)
        first, second = rng.sample(participant_ids, 2)
        members_of.append((first, second))
        moment = now + timedelta(minutes=number)
        pairs.append(
            Pair(
                event=event_id,
                title=f"Over {rng.choice(TOPICS)} en {rng.choice(TOPICS)}",
                code=code,
                started_by=first,
                status="complete",
                created_at=moment,
                completed_at=moment + timedelta(minutes=5),
            )
        )
    await _insert(Pair, pairs, "pairs", progress)
    pair_ids = {
        row["code"]: row["id"]
        for row in await Pair.select(Pair.id, Pair.code).where(Pair.event == event_id)
    }
    members = []
    for pair, (first, second) in zip(pairs, members_of, strict=True):
        for role, participant in (("a", first), ("b", second)):
            practice = rng.choice(practices)
            use_practice = rng.random() < 0.5
            members.append(
                PairMember(
                    pair=pair_ids[pair.code],
                    participant=participant,
                    role=role,
                    recommendation_practice=practice.id if use_practice else None,
                    recommendation_text="" if use_practice else _paragraph(rng, 1),
                    why=_paragraph(rng, 1),
                    confirmed_at=pair.completed_at,
                    joined_at=pair.created_at,
                )
            )
    await _insert(PairMember, members, "pair members", progress)

    return (
        f"Large parade ready ({LARGE_SLUG}): {len(participant_ids)} participants, "
        f"{len(sessions)} sessions in {len(rounds)} rounds and {len(rooms)} rooms, "
        f"{len(choices)} seat choices, {len(pledges)} pledges, {len(pairs)} pairs"
    )

"""The day of the demo parade: participants, the report's pledges and conversation pairs.

Built from `data.PLEDGES` and `data.PAIRS` (invented people, addresses under example.org), so
the wall and the report show real-looking content right after `./scripts/start`. Rows are
matched on natural keys (participant e-mail per event, pledge title per participant, pair
code per event): loading twice changes nothing.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from typing import Any

from events.demo import data
from events.pairs.tables import Pair, PairMember
from events.pledges.tables import Pledge, PledgeSettings
from events.programme.tables import Organisation, Person
from events.registration.tables import Participant

PAIR_CODES = ("PAARAB", "PAARCD", "PAAREF", "PAARGH")
DEMO_CONSENT_VERSION = "demo"


def _email_for(name: str) -> str:
    return re.sub(r"[^a-z]+", ".", name.lower()).strip(".") + "@example.org"


async def _organisation(name: str) -> int:
    row = await Organisation.select(Organisation.id).where(Organisation.name == name).first()
    if row:
        return int(row["id"])
    created = await Organisation.insert(Organisation(name=name)).returning(Organisation.id)
    return int(created[0]["id"])


async def _participant(
    event_id: int, name: str, email: str, organisation_id: int | None
) -> tuple[int, bool]:
    row = (
        await Participant.select(Participant.id)
        .where((Participant.event == event_id) & (Participant.email == email))
        .first()
    )
    if row:
        return int(row["id"]), False
    now = datetime.now(UTC)
    digest = hashlib.sha256(f"demo:{event_id}:{email}".encode()).hexdigest()
    created = await Participant.insert(
        Participant(
            event=event_id,
            name=name,
            email=email,
            organisation=organisation_id,
            consent_event_at=now,
            consent_public_name_at=now,
            consent_follow_up_at=now,
            consent_text_version=DEMO_CONSENT_VERSION,
            # Demo participants have no working link: nobody knows a token for this hash.
            manage_token_hash=digest,
            calendar_uid=f"registration-{digest[:16]}@demo.events",
        )
    ).returning(Participant.id)
    return int(created[0]["id"]), True


async def _person_participant(event_id: int, email: str) -> int:
    person = (
        await Person.select(Person.name, Person.organisation).where(Person.email == email).first()
    )
    participant_id, _new = await _participant(
        event_id, person["name"], email, person["organisation"]
    )
    return participant_id


async def load_day(event_id: int) -> dict[str, Any]:
    """Pledges and pairs of the demo event (inside the caller's transaction)."""
    await PledgeSettings.insert(
        PledgeSettings(event=event_id, moderation_mode="approve_first", report_published=True)
    ).on_conflict(target=PledgeSettings.event, action="DO NOTHING")
    pledges_new = 0
    for pledge in data.PLEDGES:
        organisation_id = await _organisation(pledge.organisation)
        participant_id, _new = await _participant(
            event_id, pledge.person, _email_for(pledge.person), organisation_id
        )
        exists = await Pledge.exists().where(
            (Pledge.participant == participant_id) & (Pledge.title == pledge.title)
        )
        if not exists:
            await Pledge.insert(
                Pledge(
                    event=event_id,
                    participant=participant_id,
                    title=pledge.title,
                    text=pledge.text,
                    visibility="public_named",
                    status="approved",
                )
            )
            pledges_new += 1
    pairs_new = 0
    for code, pair in zip(PAIR_CODES, data.PAIRS, strict=False):
        if await Pair.exists().where((Pair.event == event_id) & (Pair.code == code)):
            continue
        first = await _person_participant(event_id, pair.first)
        second = await _person_participant(event_id, pair.second)
        now = datetime.now(UTC)
        created = await Pair.insert(
            Pair(
                event=event_id,
                title=pair.title,
                code=code,
                started_by=first,
                status="complete",
                completed_at=now,
            )
        ).returning(Pair.id)
        pair_id = created[0]["id"]
        recommendations = (pair.exchange[0], " ".join(pair.exchange[1:]))
        for role, participant_id, text in (
            ("a", first, recommendations[0]),
            ("b", second, recommendations[1]),
        ):
            await PairMember.insert(
                PairMember(
                    pair=pair_id,
                    participant=participant_id,
                    role=role,
                    recommendation_text=text[:1000],
                    why="",
                    confirmed_at=now,
                )
            )
        pairs_new += 1
    return {
        "pledges": len(data.PLEDGES),
        "pledges_new": pledges_new,
        "pairs": min(len(PAIR_CODES), len(data.PAIRS)),
        "pairs_new": pairs_new,
    }

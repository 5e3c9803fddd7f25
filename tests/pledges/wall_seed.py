"""Builders for wall tests: many approved pledges and complete pairs, written in bulk."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from events.pairs.tables import Pair, PairMember
from events.pledges.tables import Pledge
from tests.pairs.helpers import person

START = datetime(2027, 3, 18, 9, 0, tzinfo=UTC)
LONG_TITLE = "Buurtcontactpersonen in elke wijk, zodat niemand meer tussen wal en schip valt " * 2
LONG_TEXT = "Wij gaan met de wijkteams en de bibliotheek elke week een spreekuur houden. " * 10


async def approved_pledges(event_id: int, count: int, *, long: bool = False) -> list[int]:
    """`count` approved public pledges by one named participant, one minute apart; ids newest
    first (the wall's order)."""
    author = await person(event_id, "Wanda Muur", "Gemeente Aalten", public_name=True)
    rows = [
        Pledge(
            event=event_id,
            participant=author,
            title=(LONG_TITLE[:119] if long else f"Voornemen {number}"),
            text=(LONG_TEXT[:1990] if long else ""),
            visibility="public_named",
            status="approved",
            created_at=START + timedelta(minutes=number),
        )
        for number in range(count)
    ]
    ids: list[int] = []
    for start in range(0, len(rows), 500):
        inserted = await Pledge.insert(*rows[start : start + 500]).returning(Pledge.id)
        ids.extend(int(row["id"]) for row in inserted)
    return list(reversed(ids))


async def complete_pairs(event_id: int, count: int) -> list[int]:
    """`count` complete pairs with both members confirmed; ids newest first."""
    ids = []
    for number in range(count):
        first = await person(event_id, f"Anna Paar{number}", "Gemeente Aalten", public_name=True)
        second = await person(event_id, f"Bert Paar{number}", "Gemeente Zutphen", public_name=True)
        done = START + timedelta(minutes=number)
        rows = await Pair.insert(
            Pair(
                event=event_id,
                title=f"Samen de wijk in met de wijkagent en het sociale team ({number})",
                code=f"P{number:05d}",
                status="complete",
                created_at=done,
                completed_at=done,
            )
        ).returning(Pair.id)
        pair_id = int(rows[0]["id"])
        await PairMember.insert(
            PairMember(pair=pair_id, participant=first, role="a", confirmed_at=done),
            PairMember(pair=pair_id, participant=second, role="b", confirmed_at=done),
        )
        ids.append(pair_id)
    return list(reversed(ids))

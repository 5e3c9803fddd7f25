"""The large generated parade (`events demo --size large`), scaled down for the test run."""

from __future__ import annotations

from click.testing import CliRunner

from events.demo import large
from events.demo.large import LARGE_SLUG, Sizes, load_large
from events.demo.loader import load_demo
from events.pairs.tables import Pair, PairMember
from events.pledges.tables import Pledge, PledgeSettings
from events.programme.tables import Event, PracticeExample, Session
from events.registration.tables import Participant, SeatChoice, SessionSeats

SCALE = 0.02


async def _counts(event_id: int) -> dict[str, int]:
    return {
        "participants": await Participant.count().where(Participant.event == event_id),
        "sessions": await Session.count().where(Session.event == event_id),
        "stands": await Session.count().where(
            (Session.event == event_id) & (Session.kind == "stand")
        ),
        "practices": await PracticeExample.count().where(PracticeExample.event == event_id),
        "pledges": await Pledge.count().where(Pledge.event == event_id),
        "pairs": await Pair.count().where(Pair.event == event_id),
        "members": await PairMember.count().where(PairMember.pair.event == event_id),
        "choices": await SeatChoice.count().where(SeatChoice.session.event == event_id),
    }


async def _large_event_id() -> int:
    row = await Event.select(Event.id).where(Event.slug == LARGE_SLUG).first()
    assert row is not None
    return int(row["id"])


async def test_the_scaled_large_parade_has_the_counts_and_loads_only_once() -> None:
    await load_demo()
    lines: list[str] = []
    summary = await load_large(scale=SCALE, progress=lines.append)
    sizes = Sizes.scaled(SCALE)

    event_id = await _large_event_id()
    counts = await _counts(event_id)
    assert counts["participants"] == sizes.participants == 60
    assert counts["sessions"] == sizes.sessions
    assert counts["stands"] == sizes.stands
    assert counts["practices"] == sizes.sessions
    assert counts["pledges"] == sizes.pledges == 120
    assert counts["pairs"] == sizes.pairs == 40
    assert counts["members"] == 2 * sizes.pairs
    assert counts["choices"] > 0
    assert "60 participants" in summary
    assert any(line.strip() == "participants 60/60" for line in lines), lines

    # Everything the wall and report show is there: approved pledges of every visibility,
    # complete pairs with two confirmed members, and a published report.
    pledges = await Pledge.select(Pledge.status, Pledge.visibility).where(Pledge.event == event_id)
    assert {row["status"] for row in pledges} == {"approved"}
    assert {row["visibility"] for row in pledges} == {
        "public_named",
        "public_anonymous",
        "private",
    }
    assert await Pair.count().where((Pair.event == event_id) & (Pair.status != "complete")) == 0
    assert (
        await PairMember.count().where(
            (PairMember.pair.event == event_id) & PairMember.confirmed_at.is_null()
        )
        == 0
    )
    codes = await Pair.select(Pair.code).where(Pair.event == event_id)
    assert len({row["code"] for row in codes}) == len(codes)
    settings = await PledgeSettings.select().where(PledgeSettings.event == event_id).first()
    assert settings["report_published"]

    # Loading again changes nothing; the demo parade is untouched too.
    again = await load_large(scale=SCALE)
    assert "nothing changed" in again
    assert await _counts(event_id) == counts
    assert await Event.count() == 2


async def test_seat_counters_equal_the_confirmed_choices_and_never_exceed_capacity() -> None:
    await load_demo()
    await load_large(scale=SCALE)
    event_id = await _large_event_id()
    sessions = await Session.select(Session.id, Session.kind, Session.capacity).where(
        (Session.event == event_id) & Session.kind.is_in(["workshop", "excursion"])
    )
    counters = {
        row["session"]: row["taken"]
        for row in await SessionSeats.select(SessionSeats.session, SessionSeats.taken)
    }
    choices = await SeatChoice.select(
        SeatChoice.session, SeatChoice.status, SeatChoice.participant, SeatChoice.round
    ).where(SeatChoice.session.event == event_id)
    waitlisted = 0
    for session in sessions:
        confirmed = sum(
            1 for c in choices if c["session"] == session["id"] and c["status"] == "confirmed"
        )
        assert counters[session["id"]] == confirmed
        assert confirmed <= session["capacity"]
        waitlisted += sum(
            1 for c in choices if c["session"] == session["id"] and c["status"] == "waitlisted"
        )
    assert waitlisted > 0, "some workshops are full and have a waiting list"
    # One choice per participant and round.
    assert len({(c["participant"], c["round"]) for c in choices}) == len(choices)


async def test_two_loads_with_the_same_seed_make_the_same_rows() -> None:
    await load_demo()
    await load_large(scale=SCALE)
    event_id = await _large_event_id()
    first = (
        await Participant.select(Participant.name, Participant.email, Participant.offer)
        .where(Participant.event == event_id)
        .order_by(Participant.email)
    )
    await Event.delete().where(Event.id == event_id)
    await load_large(scale=SCALE)
    event_id = await _large_event_id()
    second = (
        await Participant.select(Participant.name, Participant.email, Participant.offer)
        .where(Participant.event == event_id)
        .order_by(Participant.email)
    )
    assert first == second


def test_the_demo_command_loads_the_large_parade_on_request(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from events import cli

    async def small(**kwargs):  # type: ignore[no-untyped-def]
        return await load_large(scale=SCALE, **kwargs)

    monkeypatch.setattr(large, "load_large", small)
    result = CliRunner().invoke(cli.main, ["demo", "--size", "large"])
    assert result.exit_code == 0, result.output
    assert "participants 60/60" in result.output
    assert "Large parade ready (parade-large): 60 participants" in result.output

"""Every audience of an announcement against one seeded event: exactly the right people, each
once however the chosen groups overlap, and the erased, unsubscribed and address-less left out
with the reason; what arrives over real SMTP is checked too."""

from __future__ import annotations

import pytest

from events.announcements import services
from events.announcements.audiences import Audience, reach
from events.settings import load_settings
from tests.announcements.seed import Seeded, seed
from tests.mail.conftest import SMTPServer
from tests.registration.mailbox import deliver, text_of


def names(outcome) -> list[str]:  # type: ignore[no-untyped-def]
    return [person.name for person in outcome.recipients]


@pytest.mark.parametrize(
    ("groups", "expected"),
    [
        (("everyone",), ["Anna", "Bram", "Cor"]),
        (("waitlist",), ["Cor"]),
        (("checked_in",), []),
        (("not_checked_in",), ["Anna", "Bram", "Cor"]),
        (("hosts",), ["Anna", "Hanna Host"]),
        (("open_pledge",), ["Bram"]),
        (("everyone", "waitlist", "hosts", "open_pledge"), ["Anna", "Bram", "Cor", "Hanna Host"]),
    ],
)
async def test_each_group_reaches_exactly_its_people(
    groups: tuple[str, ...], expected: list[str]
) -> None:
    await seed()
    event_id = await seed_event_id()
    outcome = await reach(event_id, Audience(groups=groups))
    assert names(outcome) == expected
    assert len({p.email.lower() for p in outcome.recipients}) == len(outcome.recipients)


async def seed_event_id() -> int:
    from events.programme.tables import Event

    row = await Event.select(Event.id).first()
    return int(row["id"])


async def test_checked_in_and_unsubscribed_is_left_out_with_the_reason() -> None:
    seeded = await seed()
    outcome = await reach(seeded.event_id, Audience(groups=("checked_in",)))
    assert outcome.recipients == []
    assert outcome.left_out == [{"name": "Dirk", "reason": "unsubscribed"}]


async def test_erased_and_address_less_are_left_out_and_cancelled_are_not_counted() -> None:
    seeded = await seed()
    everyone = await reach(seeded.event_id, Audience(groups=("everyone",)))
    reasons = sorted((p["name"], p["reason"]) for p in everyone.left_out)
    assert ("Dirk", "unsubscribed") in reasons
    assert any(reason == "erased" for _name, reason in reasons)
    assert "Fenna" not in {p["name"] for p in everyone.left_out} | set(names(everyone))
    hosts = await reach(seeded.event_id, Audience(groups=("hosts",), sessions=(seeded.workshop_b,)))
    assert hosts.recipients == [] and hosts.left_out == [
        {"name": "Zonder Adres", "reason": "no_address"}
    ]


async def test_workshops_and_rounds_overlap_without_mailing_anyone_twice() -> None:
    s: Seeded = await seed()

    def audience(**kwargs: object) -> Audience:
        return Audience(groups=("workshops",), **kwargs)  # type: ignore[arg-type]

    assert names(await reach(s.event_id, audience(sessions=(s.workshop_a,)))) == [
        "Anna",
        "Bram",
        "Cor",
    ]
    confirmed = audience(sessions=(s.workshop_a,), seat_status="confirmed")
    assert names(await reach(s.event_id, confirmed)) == ["Anna", "Bram"]
    waitlisted = audience(sessions=(s.workshop_a,), seat_status="waitlisted")
    assert names(await reach(s.event_id, waitlisted)) == ["Cor"]
    overlapping = audience(sessions=(s.workshop_a, s.workshop_c), rounds=(s.round_2,))
    assert names(await reach(s.event_id, overlapping)) == ["Anna", "Bram", "Cor"]
    assert names(await reach(s.event_id, audience(rounds=(s.round_2,)))) == ["Anna", "Cor"]
    hosts_of_a = Audience(groups=("hosts", "workshops"), sessions=(s.workshop_a,))
    assert names(await reach(s.event_id, hosts_of_a)) == ["Anna", "Bram", "Cor", "Hanna Host"]


async def test_sending_mails_each_recipient_once_in_their_language(smtp: SMTPServer) -> None:
    s = await seed()
    await deliver(smtp)  # the registration mails
    draft = services.Draft(
        subject_nl="Zaal verplaatst",
        body_nl="De workshop Mantelzorg is nu in de Raadzaal.\n\nTot straks!",
        subject_en="Room moved",
        body_en="The workshop is now in the council hall.",
        audience=Audience(groups=("workshops", "hosts"), sessions=(s.workshop_a,)),
    )
    draft_id = await services.save_draft(s.event_id, draft, "organiser")
    row = await services.get(s.event_id, draft_id)
    assert row is not None
    assert await services.send(load_settings(), row) == 4
    assert await services.send(load_settings(), row) == 0, "a second click sends nothing"

    received = {m["To"].addresses[0].addr_spec.lower(): m for m in await deliver(smtp)}
    assert sorted(received) == [
        "anna@example.org",
        "bram@example.org",
        "cor@example.org",
        "hanna@example.org",
    ]
    assert received["anna@example.org"]["Subject"] == "Zaal verplaatst"
    assert "nu in de Raadzaal" in text_of(received["anna@example.org"])
    assert received["bram@example.org"]["Subject"] == "Room moved"
    assert "List-Unsubscribe" not in received["cor@example.org"]
    history = await services.history(s.event_id)
    assert history[0]["sent_count"] == 4 and history[0]["counts"]["sent"] == 4

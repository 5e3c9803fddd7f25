"""A pair's QR code opened on a phone without a session helps the person in and continues."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.pairs.controllers import join_url
from events.pairs.tables import Pair, PairMember
from events.registration.tables import ManageLink, Participant
from events.settings import load_settings
from tests.conftest import post_form
from tests.mail.conftest import SMTPServer
from tests.pairs.helpers import log_in, person
from tests.registration.helpers import make_event
from tests.registration.mailbox import deliver, deliver_one, link_in, register_on_the_form


async def started_pair(client: AsyncTestClient[Litestar], event_id: int) -> tuple[int, str]:
    """Anna starts a pair on her phone; returns (pair id, the path her QR code opens)."""
    anna = await person(event_id, "Anna", "Gemeente Almere")
    await log_in(client, anna)
    started = await post_form(client, "/me/pairs/start", {}, follow_redirects=False)
    pair_id = int(started.headers["location"].rsplit("/", 1)[1])
    code = (await Pair.select(Pair.code).where(Pair.id == pair_id).first())["code"]
    url = urlsplit(join_url(load_settings(), code))
    return pair_id, f"{url.path}?{url.query}"


async def test_pair_qr_without_a_session_mails_a_link_that_continues_to_the_pair(
    client: AsyncTestClient[Litestar], client_factory, smtp: SMTPServer
) -> None:
    event_id = await make_event()
    pair_id, qr_path = await started_pair(client, event_id)
    async with client_factory() as bram:
        await register_on_the_form(bram, "bram@example.org", organisation="Gemeente Waadhoeke")
        await deliver(smtp)
    code = qr_path.rsplit("=", 1)[1]

    async with client_factory() as phone:  # Bram's phone: no session
        help_page = await phone.get(qr_path)

        assert help_page.status_code == 401
        assert "Mail mij mijn link" in help_page.text
        assert "Parade" in help_page.text
        assert 'action="/events/parade/link"' in help_page.text
        assert f'name="continue" value="/me/pairs/join?code={code}"' in help_page.text
        # As a browser does: the form's own CSRF field and the cookie that came with the page.
        token = re.search(r'name="_csrf_token" value="([^"]+)"', help_page.text)
        assert token and "events_csrf" in phone.cookies
        sent = await phone.post(
            "/events/parade/link",
            data={
                "_csrf_token": token.group(1),
                "email": "bram@example.org",
                "continue": f"/me/pairs/join?code={code}",
            },
        )
        assert "Controleer je e-mail" in sent.text
        mail = await deliver_one(smtp, "bram@example.org")
        assert mail["Subject"] == "Je link voor Parade"

        opened = await phone.get(link_in(mail), follow_redirects=False)
        assert opened.headers["location"] == f"/me/pairs/join?code={code}"
        join_page = await phone.get(opened.headers["location"])
        assert join_page.status_code == 200
        assert f'value="{code}"' in join_page.text, "the join page has the code filled in"
        joined = await post_form(phone, "/me/pairs/join", {"code": code})

    assert joined.status_code == 200
    assert joined.url.path == f"/me/pairs/{pair_id}"
    assert "Anna" in joined.text and "Gemeente Almere" in joined.text
    bram_id = (
        await Participant.select(Participant.id)
        .where(Participant.email == "bram@example.org")
        .first()
    )["id"]
    assert await PairMember.count().where(PairMember.participant == bram_id) == 1


async def test_the_help_page_answers_the_same_for_an_unknown_address(
    client: AsyncTestClient[Litestar], client_factory, smtp: SMTPServer
) -> None:
    event_id = await make_event()
    _pair_id, qr_path = await started_pair(client, event_id)
    await register_on_the_form(client, "bram@example.org")
    await deliver(smtp)
    answers = []
    for email in ("bram@example.org", "nobody@example.org"):
        async with client_factory() as phone:
            await phone.get(qr_path)
            answer = await post_form(
                phone, "/events/parade/link", {"email": email, "continue": qr_path}
            )
            answers.append(answer.text)
    assert answers[0] == answers[1]
    assert len(await deliver(smtp)) == 1, "only the registered address gets a mail"
    assert await ManageLink.count().where(ManageLink.continue_path == qr_path) == 1


async def test_other_participant_pages_without_a_session_offer_the_link_form(
    client_factory,
) -> None:
    await make_event()
    async with client_factory() as phone:
        for path in ("/me", "/me/day", "/me/pairs"):
            page = await phone.get(path)
            assert page.status_code == 401
            # The only upcoming event is known, so the form is offered, continuing there.
            assert "Mail mij mijn link" in page.text, path
            assert f'name="continue" value="{path}"' in page.text, path

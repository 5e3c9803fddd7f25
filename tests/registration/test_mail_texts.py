"""Organisers' own mail texts: written on the page, checked next to the field, and received by
participants with their own details filled in (real SMTP, parsed), in their language, with the
built-in text as the fallback."""

from __future__ import annotations

from email.message import EmailMessage

from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.registration.mail_texts import fill, text_errors
from events.registration.services import RegistrationForm, register
from events.registration.tables import MailText
from events.settings import load_settings
from tests.conftest import post_form
from tests.registration.helpers import make_event, make_round, make_workshop
from tests.registration.test_mails import deliver, invite_of, manage_path, smtp  # noqa: F401

OWN_BODY = (
    "Hoi [naam],\n\nWat fijn dat je naar [evenement] komt, op [datum] ([tijd]).\n\n"
    "Jouw programma:\n[mijn programma]\n\nBekijk of wijzig alles via [mijn link]."
)


def plain(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")


def html(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


async def sign_up(event_id: int, email: str, choices: list[int], language: str = "nl") -> None:
    result = await register(
        event_id,
        RegistrationForm(
            name=email.split("@")[0].title(),
            email=email,
            consent_event=True,
            choices=choices,
            language=language,
        ),
        load_settings(),
    )
    assert result.participant_id


async def save_text(client: AsyncTestClient[Litestar], event_id: int, kind: str, **fields: str):
    values = {"nl_subject": "", "nl_body": "", "en_subject": "", "en_body": "", **fields}
    return await post_form(
        client, f"/organise/events/{event_id}/mail-texts/{kind}", values, follow_redirects=False
    )


async def test_an_own_confirmation_arrives_filled_in_and_english_falls_back(
    organiser_client: AsyncTestClient[Litestar],
    smtp,  # noqa: F811
) -> None:
    event_id = await make_event()
    atelier = await make_workshop(event_id, await make_round(event_id, "Ronde 1", 9), "Atelier", 1)
    saved = await save_text(
        organiser_client,
        event_id,
        "confirmation",
        nl_subject="Welkom bij [evenement], [naam]!",
        nl_body=OWN_BODY + "\n<script>alert(1)</script>",
    )
    assert saved.status_code == 303
    listing = await organiser_client.get(saved.headers["location"])
    assert "De tekst van ‘Bevestiging van een aanmelding’ is opgeslagen." in listing.text

    await sign_up(event_id, "anna@example.org", [atelier])
    await sign_up(event_id, "bob@example.org", [], language="en")
    mails = {m["To"].addresses[0].username: m for m in await deliver(smtp)}

    anna = mails["anna"]
    assert anna["Subject"] == "Welkom bij Parade, Anna!"
    text = plain(anna)
    assert text.startswith("Hoi Anna,\n\nWat fijn dat je naar Parade komt, op donderdag 18 maart")
    assert "(09:30–16:30)" in text
    assert "- 10:00–10:45 Atelier (Room Atelier): bevestigd" in text
    link = manage_path(anna)
    assert f"Bekijk of wijzig alles via http://testserver.local{link}" in text
    assert "[mijn link]" not in text and "[[link]]" not in text
    body = html(anna)
    assert f'<a href="http://testserver.local{link}">' in body
    assert "<script>" not in body and "&lt;script&gt;" in body, "typed text never becomes markup"
    method, _calendar = invite_of(anna)
    assert method == "REQUEST", "the invite still comes along"

    bob = mails["bob"]
    assert bob["Subject"] == "Your registration for Parade", "no English text: the built-in one"
    assert "Thank you for registering for Parade" in plain(bob)


async def test_a_text_without_the_link_or_with_a_typo_is_refused_next_to_the_field(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    refused = await save_text(
        organiser_client,
        event_id,
        "confirmation",
        nl_subject="Welkom",
        nl_body="Hoi [naam], tot dan.",
        en_subject="Welcome",
        en_body="Hi [nmae], see [my link].",
    )
    assert refused.status_code == 400
    assert "Zet [mijn link] in de tekst" in refused.text
    assert "Onbekend invulveld: [nmae]." in refused.text
    assert 'id="error-nl_body"' in refused.text and 'id="error-en_body"' in refused.text
    assert "Hoi [naam], tot dan." in refused.text, "what was typed stays in the form"
    assert await MailText.count() == 0, "nothing is half-saved"


async def test_the_preview_shows_the_sample_participant_and_saving_nothing_restores_the_default(
    organiser_client: AsyncTestClient[Litestar],
    smtp,  # noqa: F811
) -> None:
    event_id = await make_event()
    page = f"/organise/events/{event_id}/mail-texts/link"
    shown = await post_form(
        organiser_client,
        page,
        {"action": "preview", "nl_subject": "Je link", "nl_body": "Hoi [naam]: [mijn link]"},
    )
    assert shown.status_code == 200
    assert "Hoi Anne de Vries: https://…/manage/voorbeeld" in shown.text
    assert "standaard Engelse tekst" in shown.text
    assert await MailText.count() == 0, "a preview saves nothing"

    await save_text(organiser_client, event_id, "link", nl_subject="Je link", nl_body="[mijn link]")
    assert await MailText.count() == 1
    await save_text(organiser_client, event_id, "link")
    assert await MailText.count() == 0, "empty means the built-in text again"
    overview = await organiser_client.get(f"/organise/events/{event_id}/mail-texts/")
    assert overview.text.count("<td>standaardtekst</td>") == 14


def test_placeholders_are_words_in_both_languages_and_unknown_ones_are_named() -> None:
    assert fill("[Naam] / [name] / [mijn link]", {"name": "Anna"}) == "Anna / Anna / [[link]]"
    assert text_errors("programme", "Wijziging", "Wat er verandert: [wijzigingen]") == {}
    assert "body" in text_errors("promoted", "Plaats", "Er is plek, [naam].")
    assert "subject" in text_errors("programme", "Link: [mijn link]", "[wijzigingen]")


async def test_the_form_opens_for_each_mail_and_unknown_mails_are_not_found(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    for kind in ("confirmation", "waitlisted", "promoted", "programme", "changed", "cancelled"):
        page = await organiser_client.get(f"/organise/events/{event_id}/mail-texts/{kind}")
        assert page.status_code == 200, kind
        assert "[mijn programma]" in page.text and "Anne de Vries" in page.text
    missing = await organiser_client.get(f"/organise/events/{event_id}/mail-texts/reminder")
    assert missing.status_code == 404

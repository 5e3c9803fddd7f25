"""Messages as a real SMTP server receives them: MIME layout, headers and the invite."""

from __future__ import annotations

from datetime import UTC, datetime

from icalendar import Calendar

from events.calendar.invites import InviteData
from events.outbox.dispatcher import Dispatcher
from events.outbox.services import enqueue
from tests.mail.conftest import Clock, Received, SMTPServer, mail_settings

START = datetime(2027, 4, 14, 8, 30, tzinfo=UTC)
END = datetime(2027, 4, 14, 15, 0, tzinfo=UTC)


def invite(
    sequence: int = 0, method: str = "REQUEST", summary: str = "Parade Utrecht"
) -> InviteData:
    return InviteData(
        uid="event-7@parade.example.org",
        sequence=sequence,
        summary=summary,
        start=START,
        end=END,
        timezone="Europe/Amsterdam",
        location="Stadhuis, Utrecht",
        method=method,
    )


def calendar_parts(received: Received) -> tuple[str, Calendar, Calendar]:
    """(MIME method, calendar of the alternative part, calendar of the attachment)."""
    message = received.message
    assert message.get_content_type() == "multipart/mixed"
    alternative, attachment = message.get_payload()  # type: ignore[misc]
    assert alternative.get_content_type() == "multipart/alternative"
    kinds = [part.get_content_type() for part in alternative.get_payload()]
    assert kinds == ["text/plain", "text/html", "text/calendar"]
    calendar_part = alternative.get_payload()[2]
    assert calendar_part.get_content_charset() == "utf-8"
    assert attachment.get_filename() == "invite.ics"
    inline = Calendar.from_ical(calendar_part.get_payload(decode=True))
    attached = Calendar.from_ical(attachment.get_payload(decode=True))
    return calendar_part.get_param("method"), inline, attached


async def send_all(settings, clock: Clock) -> int:  # type: ignore[no-untyped-def]
    return await Dispatcher(settings, now=clock).drain()


async def test_an_invite_arrives_with_the_right_mime_and_calendar(
    smtp_server: SMTPServer, clock: Clock
) -> None:
    settings = mail_settings(smtp_url=smtp_server.url)
    await enqueue(
        settings,
        key="registration:1:confirmation",
        recipient="anna@example.org",
        recipient_name="Anna de Vries",
        kind="confirmation",
        template="invite",
        invite=invite(),
    )
    assert await send_all(settings, clock) == 1

    [received] = smtp_server.received
    assert received.recipients == ["anna@example.org"]
    message = received.message
    assert message["To"].addresses[0].addr_spec == "anna@example.org"
    assert len(message.get_all("To")) == 1 and message["Cc"] is None
    assert message["From"].addresses[0].addr_spec == "parade@example.org"
    assert message["Reply-To"].addresses[0].addr_spec == "organisatie@example.org"
    assert message["Message-ID"].startswith("<") and message["Message-ID"].endswith(">")
    assert message["Subject"] == "Uitnodiging: Parade Utrecht"
    assert message["List-Unsubscribe"] is None  # a confirmation is transactional

    method, inline, attached = calendar_parts(received)
    assert method == "REQUEST" == inline["METHOD"]
    assert inline.to_ical() == attached.to_ical()
    [event] = inline.walk("VEVENT")
    assert str(event["ORGANIZER"]).lower() == "mailto:organisatie@example.org"
    attendee = event["ATTENDEE"]
    assert str(attendee).lower() == "mailto:anna@example.org"
    assert attendee.params["RSVP"] == "TRUE"
    assert event["UID"] == "event-7@parade.example.org"
    assert int(event["SEQUENCE"]) == 0
    assert "DTSTAMP" in event
    assert event.decoded("DTSTART") == START
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert [tz["TZID"] for tz in inline.walk("VTIMEZONE")] == ["Europe/Amsterdam"]

    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Beste Anna de Vries" in text and "woensdag 14 april 2027, 10:30" in text
    assert "<h1>Uitnodiging: Parade Utrecht</h1>" in html


async def test_an_update_keeps_the_uid_and_raises_the_sequence_and_a_cancel_cancels(
    smtp_server: SMTPServer, clock: Clock
) -> None:
    settings = mail_settings(smtp_url=smtp_server.url)
    for key, data in (
        ("first", invite(0)),
        ("changed", invite(1, summary="Parade Utrecht (new room)")),
        ("cancelled", invite(2, method="CANCEL")),
    ):
        await enqueue(
            settings,
            key=f"event:7:{key}",
            recipient="bram@example.org",
            language="en",
            kind="invite",
            template="invite",
            invite=data,
        )
    assert await send_all(settings, clock) == 3

    first, changed, cancelled = smtp_server.received
    events = []
    for received in (first, changed, cancelled):
        method, inline, _attached = calendar_parts(received)
        assert method == inline["METHOD"]
        events.append(inline.walk("VEVENT")[0])
        assert str(events[-1]["ATTENDEE"]).lower() == "mailto:bram@example.org"
    assert [event["UID"] for event in events] == ["event-7@parade.example.org"] * 3
    assert [int(event["SEQUENCE"]) for event in events] == [0, 1, 2]
    assert calendar_parts(changed)[0] == "REQUEST"
    assert calendar_parts(cancelled)[0] == "CANCEL"
    assert events[2]["STATUS"] == "CANCELLED"
    assert changed.message["Subject"] == "Changed: Parade Utrecht (new room)"
    assert cancelled.message["Subject"] == "Cancelled: Parade Utrecht"
    assert "has been cancelled" in cancelled.message.get_body(("plain",)).get_content()
    message_ids = {received.message["Message-ID"] for received in smtp_server.received}
    assert len(message_ids) == 3


async def test_line_breaks_in_a_name_or_subject_never_make_a_header(
    smtp_server: SMTPServer, clock: Clock
) -> None:
    settings = mail_settings(smtp_url=smtp_server.url)
    await enqueue(
        settings,
        key="evil",
        recipient="carla@example.org",
        recipient_name="Carla\r\nBcc: victim@example.net",
        kind="invite",
        template="invite",
        invite=invite(summary="Parade\r\nBcc: victim@example.net\nX-Evil: yes"),
    )
    assert await send_all(settings, clock) == 1

    [received] = smtp_server.received
    assert received.recipients == ["carla@example.org"]
    message = received.message
    assert message["Bcc"] is None and message["X-Evil"] is None
    assert message["Subject"] == "Uitnodiging: Parade Bcc: victim@example.net X-Evil: yes"
    [to] = message["To"].addresses
    assert to.addr_spec == "carla@example.org"
    assert to.display_name == "Carla Bcc victim example.net"  # specials dropped, text kept
    headers = [name.lower() for name in message.keys()]  # noqa: SIM118  (header names)
    assert "bcc" not in headers and "x-evil" not in headers


async def test_non_transactional_mail_carries_one_click_unsubscribe(
    smtp_server: SMTPServer, clock: Clock
) -> None:
    settings = mail_settings(smtp_url=smtp_server.url, base_url="https://parade.example.org")
    await enqueue(
        settings,
        key="followup:1",
        recipient="dirk@example.org",
        kind="followup",
        template="invite",
        transactional=False,
        invite=invite(),
    )
    assert await send_all(settings, clock) == 1

    message = smtp_server.received[0].message
    targets = [part.strip().strip("<>") for part in message["List-Unsubscribe"].split(",")]
    assert targets[0].startswith("https://parade.example.org/unsubscribe/")
    assert targets[1].startswith("mailto:organisatie@example.org")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert targets[0] in message.get_body(("plain",)).get_content()


def raw_headers(received: Received) -> dict[str, str]:
    """Header fields exactly as they arrived (unfolded, not decoded)."""
    head = received.data.split(b"\r\n\r\n", 1)[0].decode("ascii")
    fields: dict[str, str] = {}
    for line in head.replace("\r\n ", " ").split("\r\n"):
        name, _colon, value = line.partition(": ")
        fields[name.lower()] = value
    return fields


async def test_list_unsubscribe_arrives_as_plain_bracketed_targets(
    smtp_server: SMTPServer, clock: Clock
) -> None:
    """RFC 2369: mail clients read the URLs between brackets as they are; encoded words
    (=?utf-8?q?...) would hide them."""
    settings = mail_settings(smtp_url=smtp_server.url, base_url="https://parade.example.org")
    await enqueue(
        settings,
        key="followup:raw",
        recipient="eva@example.org",
        kind="followup",
        template="invite",
        transactional=False,
        invite=invite(),
    )
    assert await send_all(settings, clock) == 1

    header = raw_headers(smtp_server.received[0])["list-unsubscribe"]
    assert "=?" not in header
    url, mailto = (target.strip() for target in header.split(","))
    assert url.startswith("<https://parade.example.org/unsubscribe/") and url.endswith(">")
    assert mailto.startswith("<mailto:organisatie@example.org?subject=unsubscribe%20")


async def test_accents_long_subjects_and_line_ends_survive_the_trip(
    smtp_server: SMTPServer, clock: Clock
) -> None:
    settings = mail_settings(smtp_url=smtp_server.url)
    summary = "Café-overleg: één aanpak voor schuldhulp, armoede en eenzaamheid in de wijk " * 2
    await enqueue(
        settings,
        key="accents",
        recipient="zoe@example.org",
        recipient_name="Zoë Ünal-Ørsted",
        kind="invite",
        template="invite",
        invite=invite(summary=summary.strip()),
    )
    assert await send_all(settings, clock) == 1

    [received] = smtp_server.received
    data = received.data
    assert data.isascii()  # 7-bit clean: no server needs 8BITMIME for it
    assert b"\n" not in data.replace(b"\r\n", b"")  # CRLF line ends only
    head, _blank, _body = data.partition(b"\r\n\r\n")
    assert all(len(line) <= 78 for line in head.split(b"\r\n") if b"List-Unsubscribe" not in line)
    assert all(len(line) <= 998 for line in data.split(b"\r\n"))

    message = received.message
    assert message["To"].addresses[0].display_name == "Zoë Ünal-Ørsted"
    assert message["Subject"] == f"Uitnodiging: {summary.strip()}"
    assert "Beste Zoë Ünal-Ørsted" in message.get_body(("plain",)).get_content()
    _method, inline, attached = calendar_parts(received)
    [event] = inline.walk("VEVENT")
    assert str(event["SUMMARY"]) == summary.strip()
    assert event["ATTENDEE"].params["CN"] == "Zoë Ünal-Ørsted"
    assert inline.to_ical() == attached.to_ical()

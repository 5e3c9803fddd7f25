"""Building one e-mail as `email.message.EmailMessage`: text, HTML and an optional invite.

Layout with an invite (what calendar clients expect)::

    multipart/mixed
      multipart/alternative
        text/plain; charset=utf-8
        text/html; charset=utf-8
        text/calendar; charset=utf-8; method=REQUEST|CANCEL   (same METHOD as inside)
      application/ics; name=invite.ics                        (the same calendar, as attachment)

Without an invite the message is just the multipart/alternative. One recipient, in To:.
Header values are cleaned of CR/LF and other control characters before they are set, and the
`email` package's default policy refuses any that slip through, so a name or subject can never
start a header of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.headerregistry import Address, BaseHeader, HeaderRegistry
from email.message import EmailMessage
from email.utils import format_datetime


class _CachedHeaderRegistry(HeaderRegistry):
    """The standard header registry, but it makes each header class once: the stock one builds
    a new class with `type()` on every header set, a third of the cost of building a message."""

    def __init__(self) -> None:
        super().__init__()
        self._classes: dict[str, type[BaseHeader]] = {}

    def __getitem__(self, name: str) -> type[BaseHeader]:
        key = name.lower()
        cls = self._classes.get(key)
        if cls is None:
            cls = self._classes[key] = super().__getitem__(name)
        return cls


# The default policy (which refuses CR/LF in header values) with the cached registry.
POLICY = policy.default.clone(header_factory=_CachedHeaderRegistry())

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\u0085]+")


def clean_header(value: str) -> str:
    """A single-line header value: control characters (CR, LF, tab, ...) become one space."""
    return " ".join(_CONTROL.sub(" ", value).split())


# Characters with a meaning in address headers. The standard library loses the quotes around a
# display name holding them when it folds a long header, which turns the name into a bogus
# address; names never need them, so they are left out.
_ADDRESS_SPECIALS = re.compile(r'["<>()\[\]\\,;:@]')


def mailbox(address: str, name: str = "") -> Address:
    """An address header value; a display name with line breaks is flattened, never split,
    and characters that could change what the header means are dropped from it."""
    address = clean_header(address)
    if "@" not in address or " " in address:
        raise ValueError(f"not a plain e-mail address: {address!r}")
    local, domain = address.rsplit("@", 1)
    display_name = clean_header(_ADDRESS_SPECIALS.sub(" ", name))
    return Address(display_name=display_name, username=local, domain=domain)


@dataclass(frozen=True)
class Unsubscribe:
    """RFC 2369 + RFC 8058 one-click unsubscribe targets of a non-transactional message."""

    url: str
    mailto: str


@dataclass(frozen=True)
class MessageParts:
    """Everything a message says, ready to be put into MIME."""

    sender: str
    sender_name: str
    recipient: str
    recipient_name: str
    subject: str
    text: str
    html: str
    message_id: str
    date: datetime
    reply_to: str = ""
    language: str = "nl"
    calendar: bytes | None = None
    calendar_method: str = ""
    unsubscribe: Unsubscribe | None = None


def build_message(parts: MessageParts) -> EmailMessage:
    """The MIME message for `parts` (layout in the module docstring)."""
    message = EmailMessage(policy=POLICY)
    message["From"] = mailbox(parts.sender, parts.sender_name)
    message["To"] = mailbox(parts.recipient, parts.recipient_name)
    if parts.reply_to:
        message["Reply-To"] = mailbox(parts.reply_to)
    message["Subject"] = clean_header(parts.subject)
    message["Date"] = format_datetime(parts.date)
    message["Message-ID"] = parts.message_id
    message["Auto-Submitted"] = "auto-generated"
    if parts.unsubscribe is not None:
        message["List-Unsubscribe"] = f"<{parts.unsubscribe.url}>, <{parts.unsubscribe.mailto}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(parts.text, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(parts.html, subtype="html", charset="utf-8", cte="quoted-printable")
    if parts.calendar is not None:
        method = parts.calendar_method
        if f"METHOD:{method}\r\n".encode() not in parts.calendar:
            raise ValueError(f"the calendar's METHOD is not {method!r}")
        ics = parts.calendar.decode("utf-8")
        message.add_alternative(ics, subtype="calendar", charset="utf-8", params={"method": method})
        message.add_attachment(
            parts.calendar, maintype="application", subtype="ics", filename="invite.ics"
        )
    message["Content-Language"] = parts.language
    return message

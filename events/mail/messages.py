"""Building one e-mail, as the bytes an SMTP server receives: text, HTML and an optional invite.

Layout with an invite (what calendar clients expect)::

    multipart/mixed
      multipart/alternative
        text/plain; charset=utf-8
        text/html; charset=utf-8
        text/calendar; charset=utf-8; method=REQUEST|CANCEL   (same METHOD as inside)
      application/ics; name=invite.ics                        (the same calendar, as attachment)

Without an invite the message is just the multipart/alternative. One recipient, in To:.

The Date header comes first, so `with_date` can give an already built message the moment it is
handed to the SMTP server without building it again (the Message-ID, fixed when the outbox row
was made, stays as it is).

The message is written here rather than with `email.message.EmailMessage`: the standard
library's header registry and generator cost about 2.7 ms per message, three times the cost of
sending it, and its folding of long unstructured headers turns `List-Unsubscribe` into encoded
words that mail clients cannot read (RFC 2369 wants the bracketed URLs as they are). What the
standard library does well is still used: `email.header.Header` encodes non-ASCII words,
`binascii` the quoted-printable and base64 bodies, `email.utils` the date.

Header injection: every value that comes from data (names, subject, addresses, URLs) is
cleaned of CR, LF and other control characters by `clean_header` before it is used, and
`_header` refuses a value that still holds one; the only line breaks in a header are the
folds this module makes, each followed by a space. So no value can start a header of its own.
"""

from __future__ import annotations

import binascii
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from email.header import Header
from email.utils import format_datetime

CRLF = "\r\n"
MAX_LINE = 78  # RFC 5322's recommended line length for headers

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\u0085]+")


def clean_header(value: str) -> str:
    """A single-line header value: control characters (CR, LF, tab, ...) become one space."""
    return " ".join(_CONTROL.sub(" ", value).split())


# Characters with a meaning in address headers. Names never need them and they could change
# what the header means, so they are left out of display names.
_ADDRESS_SPECIALS = re.compile(r'["<>()\[\]\\,;:@]')
# RFC 5322 atext plus "." (a dot-atom): local parts made of these need no quotes.
_DOT_ATOM = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+$")
_ATOM_PHRASE = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~ -]*$")
_MESSAGE_ID = re.compile(r"^<[^<>\s]+@[^<>\s]+>$")


@dataclass(frozen=True)
class Mailbox:
    """One address with an optional display name, checked and cleaned."""

    address: str
    name: str = ""

    def __str__(self) -> str:
        """Readable form for pages (not for headers: see `_address_header`)."""
        return f"{self.name} <{self.address}>" if self.name else self.address


def mailbox(address: str, name: str = "") -> Mailbox:
    """An address and display name fit for a header: a name with line breaks is flattened,
    never split, and characters that could change what the header means are dropped from it."""
    address = clean_header(address)
    if "@" not in address or " " in address:
        raise ValueError(f"not a plain e-mail address: {address!r}")
    local, domain = address.rsplit("@", 1)
    if not local or not domain:
        raise ValueError(f"not a plain e-mail address: {address!r}")
    return Mailbox(address=address, name=clean_header(_ADDRESS_SPECIALS.sub(" ", name)))


def _addr_spec(address: str) -> str:
    local, domain = address.rsplit("@", 1)
    if not _DOT_ATOM.match(local) or local.startswith(".") or ".." in local:
        local = '"' + local.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{local}@{domain}"


def _header(name: str, value: str) -> str:
    """One header line (with its CRLF). `value` may hold folds ("CRLF + space") made here,
    nothing else that breaks a line."""
    if _CONTROL.search(value.replace(CRLF + " ", "")):
        raise ValueError(f"the {name} header would hold a control character")
    return f"{name}: {value}{CRLF}"


def _encoded(name: str, text: str) -> str:
    """Non-ASCII text as RFC 2047 encoded words, folded between words."""
    return Header(text, "utf-8", header_name=name).encode(linesep=CRLF)


def _unstructured(name: str, text: str) -> str:
    """A free-text header value (Subject): ASCII is folded at spaces, anything else encoded."""
    if not text.isascii():
        return _encoded(name, text)
    lines: list[str] = []
    line = ""
    room = MAX_LINE - len(name) - 2
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > room:
            lines.append(line)
            line, room = word, MAX_LINE - 1
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return (CRLF + " ").join(lines)


def _address_header(name: str, box: Mailbox) -> str:
    if not box.name:
        return _addr_spec(box.address)
    spec = f"<{_addr_spec(box.address)}>"
    if not box.name.isascii():
        phrase = _encoded(name, box.name)
    elif _ATOM_PHRASE.match(box.name):
        phrase = box.name
    else:
        phrase = '"' + box.name + '"'  # specials were dropped: only "." and such remain
    last_line = phrase.rsplit(CRLF, 1)[-1]
    start = len(name) + 2 if CRLF not in phrase else 0
    separator = " " if start + len(last_line) + 1 + len(spec) <= MAX_LINE else CRLF + " "
    return phrase + separator + spec


def _list_header(items: list[str], name: str) -> str:
    """Comma-separated items (List-Unsubscribe), one per line when they do not fit on one."""
    joined = ", ".join(items)
    if len(name) + 2 + len(joined) <= MAX_LINE:
        return joined
    return ("," + CRLF + " ").join(items)


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


def _crlf(text: str) -> str:
    return text.replace(CRLF, "\n").replace("\r", "\n").replace("\n", CRLF)


def _quoted_printable(text: str) -> str:
    encoded = binascii.b2a_qp(_crlf(text).encode("utf-8"), istext=True)
    return encoded.decode("ascii")


def _base64(data: bytes) -> str:
    encoded = binascii.b2a_base64(data, newline=False).decode("ascii")
    return CRLF.join(encoded[i : i + 76] for i in range(0, len(encoded), 76))


@dataclass(frozen=True)
class _Part:
    """One leaf of the MIME tree: its headers (without CRLF) and its encoded body."""

    headers: tuple[str, ...]
    body: str


def _text_part(subtype: str, text: str) -> _Part:
    return _Part(
        (
            f"Content-Type: text/{subtype}; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
        ),
        _quoted_printable(text),
    )


def _calendar_parts(calendar: bytes, method: str) -> tuple[_Part, _Part]:
    """The inline text/calendar part and the invite.ics attachment."""
    if calendar.isascii():
        inline_body, inline_encoding = _crlf(calendar.decode("ascii")), "7bit"
    else:
        inline_body, inline_encoding = _base64(calendar), "base64"
    inline = _Part(
        (
            f'Content-Type: text/calendar; charset=utf-8; method="{method}"',
            f"Content-Transfer-Encoding: {inline_encoding}",
        ),
        inline_body,
    )
    attachment = _Part(
        (
            'Content-Type: application/ics; name="invite.ics"',
            'Content-Disposition: attachment; filename="invite.ics"',
            "Content-Transfer-Encoding: base64",
        ),
        _base64(calendar),
    )
    return inline, attachment


def _boundary(bodies: list[str]) -> str:
    """A boundary found in none of the bodies ("=_" cannot occur in quoted-printable or
    base64, and the 7-bit calendar is checked)."""
    while True:
        boundary = f"=_parade_{secrets.token_hex(12)}"
        if not any(boundary in body for body in bodies):
            return boundary


def _multipart(subtype: str, children: list[_Part]) -> _Part:
    """A multipart/`subtype` part holding `children`."""
    boundary = _boundary([child.body for child in children])
    chunks: list[str] = []
    for child in children:
        chunks.append(f"--{boundary}{CRLF}")
        chunks.extend(f"{line}{CRLF}" for line in child.headers)
        chunks.append(CRLF)
        chunks.append(child.body if child.body.endswith(CRLF) else child.body + CRLF)
    chunks.append(f"--{boundary}--{CRLF}")
    return _Part((f'Content-Type: multipart/{subtype}; boundary="{boundary}"',), "".join(chunks))


def _date_header(moment: datetime) -> str:
    """The Date header line for `moment` (in UTC, "+0000")."""
    return f"Date: {format_datetime(moment.astimezone(UTC))}{CRLF}"


def with_date(message: bytes, moment: datetime) -> bytes:
    """`message`, as made by `build_message`, dated `moment` instead: its first line (the Date
    header) is replaced, the rest is kept byte for byte."""
    if not message.startswith(b"Date: "):
        raise ValueError("the message does not start with its Date header")
    end = message.index(CRLF.encode("ascii"))
    return _date_header(moment).encode("ascii") + message[end + 2 :]


def build_message(parts: MessageParts) -> bytes:
    """The message for `parts` (layout in the module docstring), with CRLF line ends, dated
    `parts.date` (see `with_date` for dating it again when it is sent)."""
    if not _MESSAGE_ID.match(parts.message_id):
        raise ValueError(f"not a Message-ID: {parts.message_id!r}")
    alternatives = [_text_part("plain", parts.text), _text_part("html", parts.html)]
    attachment: _Part | None = None
    if parts.calendar is not None:
        method = parts.calendar_method
        if f"METHOD:{method}\r\n".encode() not in parts.calendar:
            raise ValueError(f"the calendar's METHOD is not {method!r}")
        inline, attachment = _calendar_parts(parts.calendar, method)
        alternatives.append(inline)
    content = _multipart("alternative", alternatives)
    if attachment is not None:
        content = _multipart("mixed", [content, attachment])

    headers = [
        _date_header(parts.date),
        _header("From", _address_header("From", mailbox(parts.sender, parts.sender_name))),
        _header("To", _address_header("To", mailbox(parts.recipient, parts.recipient_name))),
    ]
    if parts.reply_to:
        headers.append(_header("Reply-To", _address_header("Reply-To", mailbox(parts.reply_to))))
    headers += [
        _header("Subject", _unstructured("Subject", clean_header(parts.subject))),
        _header("Message-ID", parts.message_id),
        _header("Auto-Submitted", "auto-generated"),
    ]
    if parts.unsubscribe is not None:
        targets = [
            f"<{clean_header(parts.unsubscribe.url)}>",
            f"<{clean_header(parts.unsubscribe.mailto)}>",
        ]
        headers.append(
            _header("List-Unsubscribe", _list_header(targets, "List-Unsubscribe")),
        )
        headers.append(_header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"))
    headers += [
        _header("Content-Language", clean_header(parts.language)),
        _header("MIME-Version", "1.0"),
        *(f"{line}{CRLF}" for line in content.headers),
    ]
    return ("".join(headers) + CRLF + content.body).encode("utf-8")

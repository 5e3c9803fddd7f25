"""A participant's e-mail address, checked as an RFC 5321 mailbox and stored in one normal form.

Every place that takes a participant's address (the registration form, the JSON API, "send my
link again", "mail me my link") goes through `parse_mailbox`. The rule:

* Surrounding white space is dropped; what remains must be exactly what Python's `email`
  parser reads as one address (`email.headerregistry.Address(addr_spec=…)` and
  `email.utils.parseaddr` both give it back unchanged). So `victim@example.org>1`, `…,1`,
  `…;x` and `…(c)`, which mail servers deliver to `victim@example.org`, are refused rather
  than stored as other people.
* The local part is an RFC 5321 dot-atom in ASCII (at most 64 characters). Quoted local parts
  (`"victim"@example.org`) are refused: nobody registers with one, and they are a second
  spelling of the same mailbox.
* The domain is a host name of at least two labels, valid under IDNA 2008 / UTS 46 (the `idna`
  package); address literals (`[192.0.2.1]`) are refused. It is stored in its ASCII form
  (`xn--…`), lower-cased, so the stored address needs no SMTPUTF8 and compares byte for byte.
* The whole stored address is at most 254 characters (RFC 5321's path limit less the brackets).

The local part is stored as typed; "one registration per address" compares `key` (the whole
address lower-cased), which a unique index on `(event, LOWER(email))` enforces in the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.utils import parseaddr

import idna

from events.web.i18n import gettext as _

MAX_LENGTH = 254
MAX_LOCAL_LENGTH = 64
DOT_ATOM = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
LABEL = re.compile(r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")


class InvalidAddress(ValueError):
    """The address is not one plain mailbox; `message` says what to do (translated)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Mailbox:
    """A checked address: `address` is what is stored and mailed, `key` what is compared."""

    address: str

    @property
    def key(self) -> str:
        return self.address.lower()


def _example() -> str:
    return _("Please fill in an e-mail address such as name@example.org.")


def _only_the_address() -> str:
    return _(
        "Please fill in only the e-mail address itself, such as name@example.org, without "
        "spaces, quotation marks, brackets, commas or other text."
    )


def _parsed_exactly(value: str) -> bool:
    """True when the `email` package reads `value` as one address and nothing else."""
    if parseaddr(value) != ("", value):
        return False
    try:
        return Address(addr_spec=value).addr_spec == value
    except (HeaderParseError, ValueError, IndexError):
        return False


def _ascii_domain(domain: str) -> str:
    """The domain's lower-cased ASCII (A-label) form; InvalidAddress when it is no host name."""
    message = _("The part after the @ is not a valid domain name, such as example.org.")
    try:
        ascii_domain = idna.encode(domain, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError):
        raise InvalidAddress(message) from None
    labels = ascii_domain.split(".")
    if len(labels) < 2 or not all(LABEL.fullmatch(label) for label in labels):
        raise InvalidAddress(message)
    if labels[-1].isdigit():
        raise InvalidAddress(message)
    return ascii_domain


def parse_mailbox(raw: str) -> Mailbox:
    """The normal form of the address a person typed; raises InvalidAddress with a message
    for the field."""
    value = raw.strip()
    if not value or "@" not in value:
        raise InvalidAddress(_example())
    if any(char.isspace() or ord(char) < 32 or ord(char) == 127 for char in value):
        raise InvalidAddress(_only_the_address())
    if not _parsed_exactly(value):
        raise InvalidAddress(_only_the_address())
    local, _at, domain = value.rpartition("@")
    if not DOT_ATOM.fullmatch(local):
        raise InvalidAddress(_only_the_address())
    if len(local) > MAX_LOCAL_LENGTH:
        raise InvalidAddress(
            _("The part before the @ can be at most %(limit)s characters.", limit=MAX_LOCAL_LENGTH)
        )
    address = f"{local}@{_ascii_domain(domain)}"
    if len(address) > MAX_LENGTH:
        raise InvalidAddress(_("At most %(limit)s characters, please.", limit=MAX_LENGTH))
    return Mailbox(address)


def address_error(raw: str) -> str | None:
    """The message for the field when `raw` is no valid address, else None."""
    try:
        parse_mailbox(raw)
    except InvalidAddress as error:
        return error.message
    return None


def comparison_key(raw: str) -> str:
    """What "the same address" means for lookups and per-address rate limits: the checked
    address lower-cased, or (for an invalid one) the input stripped and lower-cased."""
    try:
        return parse_mailbox(raw).key
    except InvalidAddress:
        return raw.strip().lower()

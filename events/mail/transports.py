"""Transports: SMTP through aiosmtplib, or .eml files under var/mail/ when no server is set.

A transport is used as an async context manager for one batch: the SMTP transport opens one
connection on the first message and reuses it for the rest of the batch. A message goes in two
steps, `envelope` (sender and recipient) and `data` (the message), so the dispatcher can tell
the moment the server may accept it; `send` does both. `data` returns the server's answer;
failures raise `DeliveryError`, which says whether trying again can help.
"""

from __future__ import annotations

import os
import ssl
from dataclasses import dataclass
from email import policy
from email.parser import BytesHeaderParser
from pathlib import Path
from types import TracebackType
from typing import Protocol
from urllib.parse import unquote, urlsplit

import aiosmtplib

from events.settings import Settings


class DeliveryError(Exception):
    """Sending one message failed. `temporary`: a later attempt may work (4xx, network trouble).
    `connection_lost`: the connection is unusable; the rest of the batch needs a new one."""

    def __init__(self, answer: str, *, temporary: bool, connection_lost: bool = False) -> None:
        super().__init__(answer)
        self.answer = answer
        self.temporary = temporary
        self.connection_lost = connection_lost


class Transport(Protocol):
    async def __aenter__(self) -> Transport: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def envelope(self, sender: str, recipient: str) -> None: ...

    async def data(self, message: bytes) -> str: ...

    async def send(self, message: bytes, sender: str, recipient: str) -> str: ...


@dataclass(frozen=True)
class SMTPConfig:
    hostname: str
    port: int
    username: str | None
    password: str | None
    use_tls: bool
    timeout: float = 30.0

    @classmethod
    def from_url(cls, url: str, timeout: float = 30.0) -> SMTPConfig:
        """`smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://user:pass@host:465`."""
        parts = urlsplit(url)
        use_tls = parts.scheme == "smtps"
        return cls(
            hostname=parts.hostname or "localhost",
            port=parts.port or (465 if use_tls else 25),
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            use_tls=use_tls,
            timeout=timeout,
        )


def _smtp_answer(code: int, text: str) -> str:
    return f"{code} {text}".strip()


class SMTPTransport:
    """One aiosmtplib connection per batch, opened lazily and reopened after it was lost."""

    def __init__(self, config: SMTPConfig) -> None:
        self.config = config
        self._smtp: aiosmtplib.SMTP | None = None

    async def __aenter__(self) -> SMTPTransport:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None and smtp.is_connected:
            try:
                await smtp.quit()
            except (aiosmtplib.SMTPException, OSError):
                smtp.close()

    async def _connection(self) -> aiosmtplib.SMTP:
        if self._smtp is not None and self._smtp.is_connected:
            return self._smtp
        self._smtp = None
        smtp = aiosmtplib.SMTP(
            hostname=self.config.hostname,
            port=self.config.port,
            username=self.config.username,
            password=self.config.password,
            use_tls=self.config.use_tls,
            timeout=self.config.timeout,
        )
        try:
            await smtp.connect()
        except aiosmtplib.SMTPResponseException as error:
            raise DeliveryError(
                _smtp_answer(error.code, error.message),
                temporary=error.code < 500,
                connection_lost=True,
            ) from error
        except (aiosmtplib.SMTPException, OSError, ssl.SSLError) as error:
            raise DeliveryError(
                f"connection to {self.config.hostname}:{self.config.port} failed: {error}",
                temporary=True,
                connection_lost=True,
            ) from error
        self._smtp = smtp
        return smtp

    async def envelope(self, sender: str, recipient: str) -> None:
        """Start a message: MAIL FROM and RCPT TO. A refusal raises DeliveryError."""
        smtp = await self._connection()
        try:
            await smtp.mail(sender)
            await smtp.rcpt(recipient)
        except ValueError as error:  # e.g. a non-ASCII address for a server without SMTPUTF8
            await self._reset(smtp)
            raise DeliveryError(
                f"the address cannot be sent to this server: {error}", temporary=False
            ) from error
        except aiosmtplib.SMTPResponseException as error:
            await self._reset(smtp)
            raise self._refused(smtp, error) from error
        except (aiosmtplib.SMTPException, OSError) as error:
            raise self._lost(smtp, error) from error

    async def data(self, message: bytes) -> str:
        """Finish the message started by `envelope`: DATA and the message itself. Returns the
        server's answer; from the moment the server has it, the message may be delivered."""
        smtp = self._smtp
        if smtp is None or not smtp.is_connected:
            self._smtp = None
            raise DeliveryError(
                "connection lost before the message was sent", temporary=True, connection_lost=True
            )
        try:
            response = await smtp.data(message)
        except aiosmtplib.SMTPResponseException as error:
            await self._reset(smtp)
            raise self._refused(smtp, error) from error
        except (aiosmtplib.SMTPException, OSError) as error:
            raise self._lost(smtp, error) from error
        return _smtp_answer(response.code, response.message)

    async def send(self, message: bytes, sender: str, recipient: str) -> str:
        """Send one message (its bytes) to one recipient."""
        await self.envelope(sender, recipient)
        return await self.data(message)

    @staticmethod
    async def _reset(smtp: aiosmtplib.SMTP) -> None:
        """After a refusal: clear the envelope so the connection can carry the next message."""
        if smtp.is_connected:
            try:
                await smtp.rset()
            except (aiosmtplib.SMTPException, OSError):
                smtp.close()

    def _refused(
        self, smtp: aiosmtplib.SMTP, error: aiosmtplib.SMTPResponseException
    ) -> DeliveryError:
        lost = not smtp.is_connected
        if lost:
            self._smtp = None
        return DeliveryError(
            _smtp_answer(error.code, error.message),
            temporary=error.code < 500,
            connection_lost=lost,
        )

    def _lost(self, smtp: aiosmtplib.SMTP, error: Exception) -> DeliveryError:
        self._smtp = None
        smtp.close()
        return DeliveryError(f"connection lost: {error}", temporary=True, connection_lost=True)


class FileTransport:
    """Writes each message as `<folder>/<message-id>.eml` (atomically) instead of sending it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    async def __aenter__(self) -> FileTransport:
        self.folder.mkdir(parents=True, exist_ok=True)
        return self

    async def __aexit__(self, *_exc: object) -> None:
        return None

    async def envelope(self, sender: str, recipient: str) -> None:
        return None

    async def data(self, message: bytes) -> str:
        return await self.send(message, "", "")

    async def send(self, message: bytes, sender: str, recipient: str) -> str:
        parsed = BytesHeaderParser(policy=policy.default).parsebytes(message)
        message_id = str(parsed["Message-ID"] or "")
        name = "".join(c if c.isalnum() or c in "-._" else "_" for c in message_id)
        target = self.folder / f"{name.strip('_')}.eml"
        temporary = target.with_suffix(".eml.tmp")
        try:
            temporary.write_bytes(message)
            os.replace(temporary, target)
        except OSError as error:
            raise DeliveryError(f"could not write {target}: {error}", temporary=True) from error
        return f"written to {target}"


def transport_for(settings: Settings) -> Transport:
    """The configured transport: SMTP when EVENTS_SMTP_URL is set, else files in var/mail/."""
    if settings.smtp_url:
        return SMTPTransport(SMTPConfig.from_url(settings.smtp_url))
    return FileTransport(settings.var_dir / "mail")

"""Manage links: secrets derived from a nonce and the site key, stored only as hashes.

A participant has as many links as were mailed to them (ManageLink rows); each works until it
expires, or until the participant signs out everywhere or is erased. Nothing replaces a link
that was sent. Token rendering is kept free of the services, so the outbox can render a link
without importing them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from events.programme.tables import Event
from events.registration.tables import ManageLink, Participant
from events.settings import Settings

CONTINUE_PATH_LIMIT = 500


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def manage_token(secret_key: str, nonce: str) -> str:
    """The secret of a manage link: HMAC-SHA256 of a random 128-bit nonce under the site key.

    The database keeps only the token's SHA-256 hash; the outbox keeps the nonce until the mail
    is rendered. Neither reveals a working link without the secret key.
    """
    digest = hmac.new(secret_key.encode(), f"manage:{nonce}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def manage_url(settings: Settings, nonce: str) -> str:
    """The full manage link for an e-mail."""
    return f"{settings.base_url.rstrip('/')}/manage/{manage_token(settings.secret_key, nonce)}"


# The key of a manage link's nonce in an outbox row's context (see events.outbox.links).
MANAGE_NONCE_KEY = "manage_link_nonce"
PREVIEW_LINK = "{base}/manage/[personal-link]"


def render_manage_link(settings: Settings, context: dict[str, Any], preview: bool) -> None:
    """The outbox's link renderer for manage links: the nonce becomes `manage_url` (in the
    organiser's preview a placeholder that opens nothing)."""
    nonce = context.pop(MANAGE_NONCE_KEY)
    context["manage_url"] = (
        PREVIEW_LINK.format(base=settings.base_url.rstrip("/"))
        if preview
        else manage_url(settings, nonce)
    )


def new_manage_link(secret_key: str) -> tuple[str, str]:
    """A fresh (nonce, token hash) pair."""
    nonce = secrets.token_urlsafe(16)
    return nonce, hash_token(manage_token(secret_key, nonce))


def unusable_hash() -> str:
    """A random value for the retired `participant.manage_token_hash` column (no token's hash)."""
    return secrets.token_hex(32)


def safe_continue_path(path: str) -> str:
    """`path` when it is a relative path on this site ("/me/pairs/join?code=AB12"), else "".

    Only paths that start with a single "/" pass: no scheme, no host, no "//" or "/\\"
    (browsers read both as another site), no control characters or spaces.
    """
    if not path or len(path) > CONTINUE_PATH_LIMIT or not path.startswith("/"):
        return ""
    if path.startswith(("//", "/\\")) or "\\" in path:
        return ""
    if any(ord(char) <= 32 or ord(char) == 127 for char in path):
        return ""
    parts = urlsplit(path)
    if parts.scheme or parts.netloc:
        return ""
    return path


def link_expiry(settings: Settings, event_ends_at: datetime, now: datetime) -> datetime:
    """When a link made `now` stops working: `manage_link_days` after it was made when that is
    set, else at the end of the event plus the retention period (when `events purge` erases)."""
    if settings.manage_link_days > 0:
        return now + timedelta(days=settings.manage_link_days)
    return event_ends_at + timedelta(days=round(30.44 * settings.retention_months))


async def add_link(settings: Settings, participant_id: int, continue_path: str = "") -> str:
    """Store one more manage link for a participant (inside the caller's transaction); returns
    its nonce for the outbox. Links already sent stay as they are."""
    row = (
        await Participant.select(Participant.event).where(Participant.id == participant_id).first()
    )
    assert row is not None
    event = await Event.select(Event.ends_at).where(Event.id == row["event"]).first()
    assert event is not None
    now = datetime.now(UTC)
    nonce, token_hash = new_manage_link(settings.secret_key)
    await ManageLink.insert(
        ManageLink(
            participant=participant_id,
            token_hash=token_hash,
            created_at=now,
            expires_at=link_expiry(settings, event["ends_at"], now),
            continue_path=safe_continue_path(continue_path),
        )
    )
    return nonce


async def revoke_links(participant_id: int) -> None:
    """Every manage link of the participant stops working (sign out everywhere, erasure)."""
    await ManageLink.delete().where(ManageLink.participant == participant_id)

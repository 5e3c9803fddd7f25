"""Account links (invitations, password resets): secrets from a nonce and the site key.

Like the participants' manage links, the outbox keeps only a random nonce until the mail is
sent, the database keeps only the SHA-256 hash of the token, and neither reveals a working link
without the site's secret key. Kept free of the services so the outbox can render a link.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from typing import Any

from events.settings import Settings

NONCE_KEY = "account_link_nonce"
PURPOSE_KEY = "account_link_purpose"
PURPOSES = ("invite", "reset")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def account_token(secret_key: str, purpose: str, nonce: str) -> str:
    """HMAC-SHA256 of a random 128-bit nonce (and the link's purpose) under the site key."""
    message = f"account:{purpose}:{nonce}".encode()
    digest = hmac.new(secret_key.encode(), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def new_account_link(secret_key: str, purpose: str) -> tuple[str, str]:
    """A fresh (nonce, token hash) pair for an invitation or a reset."""
    nonce = secrets.token_urlsafe(16)
    return nonce, hash_token(account_token(secret_key, purpose, nonce))


def account_url(settings: Settings, purpose: str, nonce: str | None) -> str:
    """The link for the mail; without a nonce (the organiser's preview) a placeholder."""
    base = settings.base_url.rstrip("/")
    if purpose not in PURPOSES:
        raise ValueError(f"unknown account link purpose {purpose!r}")
    if nonce is None:
        return f"{base}/account/{purpose}/[personal-link]"
    return f"{base}/account/{purpose}/{account_token(settings.secret_key, purpose, nonce)}"


def render_account_link(settings: Settings, context: dict[str, Any], preview: bool) -> None:
    """The outbox's link renderer for invitations and resets: the nonce becomes `account_url`
    (in the organiser's preview a placeholder that opens nothing)."""
    nonce = context.pop(NONCE_KEY, None)
    context["account_url"] = account_url(settings, context[PURPOSE_KEY], None if preview else nonce)

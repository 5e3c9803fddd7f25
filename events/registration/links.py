"""Manage links: a secret per participant, derived from a nonce and the site key.

Kept apart from the services so the outbox can render a link without importing registration.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from events.settings import Settings


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


def new_manage_link(secret_key: str) -> tuple[str, str]:
    """A fresh (nonce, token hash) pair."""
    nonce = secrets.token_urlsafe(16)
    return nonce, hash_token(manage_token(secret_key, nonce))

"""Secret codes derived from the site key, for links that need nothing stored.

A badge, a personal feed or a pledge's progress page is opened by `<id>/<code>`; the code is
HMAC-SHA256 over a purpose and the thing's identifiers, so it cannot be guessed or reused for
another purpose, and changing EVENTS_SECRET_KEY revokes them all.
"""

from __future__ import annotations

import hashlib
import hmac

from events.settings import Settings


def derived_code(settings: Settings, purpose: str, *parts: object) -> str:
    """32 hex characters (128 bits) of HMAC over `purpose:part:part…`."""
    message = ":".join([purpose, *(str(part) for part in parts)]).encode()
    return hmac.new(settings.secret_key.encode(), message, hashlib.sha256).hexdigest()[:32]

"""Success messages after a POST-redirect ("Wijziging opgeslagen"), shown once on the next page.

The redirect sets a short-lived cookie holding a message *key* (never text, so nobody can
put words on our pages); base.html shows the message in a `role="status"` alert, announced by
screen readers, and the before-send hook below deletes the cookie once an HTML page was
sent. A request that carries the cookie counts as personal, so it is never cached.
"""

from __future__ import annotations

from typing import Any

from jinja2 import pass_context
from litestar.datastructures import Cookie, MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.response import Redirect
from litestar.types import Message, Scope

from events.web.i18n import gettext as _
from events.web.middleware import cookie_value

FLASH_COOKIE = "flash"
FLASH_SECONDS = 120


def messages() -> dict[str, str]:
    """The success messages by key, in the reader's language."""
    return {
        "saved": _("Change saved."),
        "created": _("Added."),
        "deleted": _("Deleted."),
        "published": _("The event is published."),
        "unpublished": _("The event is no longer published."),
        "archived": _("The event is archived."),
        "unarchived": _("The event is active again."),
        "copied": _("The copy is made. Check its dates before you publish it."),
        "merged": _("Merged."),
        "accepted": _("The organisation is accepted."),
        "rejected": _("The organisation is rejected."),
        "registered": _("Your registration is saved."),
    }


def flash_cookie(key: str) -> Cookie:
    """The cookie that makes the next page show messages()[key]."""
    return Cookie(
        key=FLASH_COOKIE,
        value=key,
        max_age=FLASH_SECONDS,
        path="/",
        httponly=True,
        samesite="lax",
    )


def redirect_with(path: str, key: str) -> Redirect:
    """A 303 to `path` whose page shows the success message `key`."""
    return Redirect(path=path, status_code=303, cookies=[flash_cookie(key)])


@pass_context
def flash_message(context: Any) -> str:
    """The message the previous POST left for this page, or ''."""
    request = context.get("request")
    if request is None:
        return ""
    return messages().get(request.cookies.get(FLASH_COOKIE, ""), "")


async def clear_shown_flash(message: Message, scope: Scope) -> None:
    """A before-send hook: once an HTML page went out to a request with a message, forget it."""
    if message["type"] != "http.response.start" or scope["type"] != ScopeType.HTTP:
        return
    if not cookie_value(scope, FLASH_COOKIE) or message["status"] != 200:
        return
    headers = MutableScopeHeaders.from_message(message)
    if (headers.get("content-type") or "").startswith("text/html"):
        headers.add("set-cookie", f"{FLASH_COOKIE}=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax")

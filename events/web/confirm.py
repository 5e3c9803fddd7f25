"""The page that asks before something is deleted (organiser pages of every domain)."""

from __future__ import annotations

from litestar.response import Template


def confirm_delete(what: str, name: str, action: str, back: str, consequence: str) -> Template:
    """The page that asks before deleting; the button POSTs to `action`."""
    return Template(
        "organise/confirm_delete.html",
        context={
            "what": what,
            "name": name,
            "action": action,
            "back": back,
            "consequence": consequence,
        },
    )

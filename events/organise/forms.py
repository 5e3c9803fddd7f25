"""Small helpers the organiser controllers share: reading a form, showing a form, labels."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from litestar import Request
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template

from events.web.confirm import confirm_delete as confirm_delete  # shared with the follow-up
from events.web.flash import redirect_with
from events.web.i18n import gettext as _


async def read_form(request: Request, multi: tuple[str, ...] = ()) -> dict[str, Any]:
    """The submitted form as plain values: strings, and lists of strings for `multi` fields."""
    form = await request.form()
    values: dict[str, Any] = {
        key: str(form.get(key, "")) for key in form if key not in multi and key != "_csrf_token"
    }
    for key in multi:
        values[key] = [str(item) for item in form.getall(key, [])]
    return values


def form_page(
    template: str, values: Mapping[str, Any], errors: Mapping[str, str], **context: Any
) -> Template:
    """A form with the values as typed; status 400 when there are errors to show."""
    return Template(
        template,
        context={"values": values, "errors": errors, **context},
        status_code=400 if errors else 200,
    )


def see_other(path: str, message: str | None = "saved") -> Redirect:
    """After a successful POST: go to the page that shows the result (303), which then says
    what happened (a key of events.web.flash.messages; None when the page says it itself)."""
    return redirect_with(path, message) if message else Redirect(path=path, status_code=303)


def found(row: Any) -> Any:
    """The row, or a 404 page when it does not exist (or belongs to another event)."""
    if row is None:
        raise NotFoundException()
    return row


def kind_labels() -> dict[str, str]:
    return {
        "workshop": _("Workshop"),
        "stand": _("Stand"),
        "excursion": _("Excursion"),
        "plenary": _("Plenary"),
    }

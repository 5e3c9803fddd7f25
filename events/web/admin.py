"""Piccolo Admin, mounted at /admin/ behind the same organiser session as /organise/.

Only the tables the app lists (events.app) are in the admin: related tables are not pulled in,
so participants and their registrations stay out of it (organisers see them on the registration
pages, which show what they need and log nothing secret). Columns with personal contact data or
codes that open something are left out of the admin's view of a table altogether, so its API
neither shows nor changes them (a hidden list column would still be served by the API).
"""

from __future__ import annotations

from litestar import asgi
from litestar.handlers.asgi_handlers import ASGIRouteHandler
from litestar.types import Guard, Receive, Scope, Send
from piccolo.apps.user.tables import BaseUser
from piccolo.table import Table
from piccolo_admin.endpoints import TableConfig, create_admin
from piccolo_admin.translations.data import TRANSLATIONS
from piccolo_api.crud.validators import Validators
from piccolo_api.session_auth.tables import SessionsBase
from starlette.exceptions import HTTPException

from events.settings import Settings


def without_columns(table: type[Table], *hidden: str) -> type[Table]:
    """The admin's view of `table`: the same database table, without the `hidden` columns."""
    columns = {
        column._meta.name: column.copy()
        for column in table._meta.columns
        if column._meta.name not in hidden
    }
    return type(
        table.__name__,
        (Table,),
        {"__module__": __name__, "__doc__": table.__doc__, **columns},
        tablename=table._meta.tablename,
    )


def _through_the_organiser_pages(piccolo_crud: object, request: object) -> None:
    raise HTTPException(
        status_code=405,
        detail="Change this in the organiser pages: they check the rules and tell the people "
        "who booked.",
    )


READ_ONLY = Validators(
    post_single=[_through_the_organiser_pages],
    put_single=[_through_the_organiser_pages],
    patch_single=[_through_the_organiser_pages],
    delete_single=[_through_the_organiser_pages],
    delete_all=[_through_the_organiser_pages],
)


def read_only(table: type[Table]) -> TableConfig:
    """A table the admin shows but does not change: writes to it must reach the people they
    affect (events.registration.changes), which only the organiser pages do."""
    return TableConfig(table, validators=READ_ONLY)


def admin_language(language: str) -> str:
    """The site's language if Piccolo Admin has a translation for it (it has none in Dutch)."""
    return language if any(t.language_code == language for t in TRANSLATIONS) else "en"


def admin_mount(
    settings: Settings, tables: list[type[Table] | TableConfig], guard: Guard
) -> ASGIRouteHandler:
    """Build the admin app of `tables` once and mount it behind `guard`."""
    admin_app = create_admin(
        tables=tables,
        auth_table=BaseUser,
        session_table=SessionsBase,
        auto_include_related=False,
        site_name="events admin",
        production=settings.secure_cookies,
        default_language_code=admin_language(settings.default_language),
    )

    @asgi(
        "/admin",
        is_mount=True,
        copy_scope=True,
        name="admin",
        guards=[guard],
    )
    async def admin(scope: Scope, receive: Receive, send: Send) -> None:
        await admin_app(scope, receive, send)  # type: ignore[arg-type]

    return admin

"""Dutch and English: gettext catalogs, the language of the current request, and formatting.

Source strings are English. Each domain may keep its Dutch catalog in `<domain>/locale/nl.po`;
all of them are merged at start-up, so no compile step is needed.
"""

from __future__ import annotations

import contextvars
import gettext as stdlib_gettext
from datetime import date, datetime
from functools import cache
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime, format_time
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

from events.settings import LANGUAGES

PACKAGE_DIR = Path(__file__).resolve().parent.parent
LANGUAGE_COOKIE = "events_lang"
LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}

_current_language: contextvars.ContextVar[str] = contextvars.ContextVar(
    "current_language", default="nl"
)


@cache
def translations(language: str) -> stdlib_gettext.NullTranslations:
    """All Dutch catalogs of the package merged into one; English is the source language."""
    if language == "en":
        return stdlib_gettext.NullTranslations()
    merged = Catalog(locale=language)
    for po_file in sorted(PACKAGE_DIR.glob(f"**/locale/{language}.po")):
        with po_file.open("rb") as handle:
            for message in read_po(handle, locale=language):
                if message.id and message.string:
                    merged[message.id] = message
    buffer = BytesIO()
    write_mo(buffer, merged)
    buffer.seek(0)
    return Translations(fp=buffer)


def current_language() -> str:
    return _current_language.get()


def set_current_language(language: str) -> contextvars.Token[str]:
    return _current_language.set(language if language in LANGUAGES else "nl")


def gettext(message: str, **variables: object) -> str:
    """Translate into the current language; `%(name)s` placeholders are filled from variables."""
    text = translations(current_language()).gettext(message)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, n: int, **variables: object) -> str:
    text = translations(current_language()).ngettext(singular, plural, n)
    return text % {"num": n, **variables}


_ = gettext


def negotiate_language(cookie: str | None, accept_language: str | None, default: str) -> str:
    """The cookie's choice, else the best of Accept-Language, else the default."""
    if cookie in LANGUAGES:
        return cookie
    if accept_language:
        weighted: list[tuple[float, str]] = []
        for part in accept_language.split(","):
            tag, _sep, params = part.strip().partition(";")
            quality = 1.0
            if params.strip().startswith("q="):
                try:
                    quality = float(params.strip()[2:])
                except ValueError:
                    quality = 0.0
            weighted.append((quality, tag.strip().lower()[:2]))
        for _quality, tag in sorted(weighted, key=lambda item: -item[0]):
            if tag in LANGUAGES:
                return tag
    return default


def _locale() -> Locale:
    return Locale.parse(current_language())


def local_datetime(moment: datetime, timezone: str) -> datetime:
    return moment.astimezone(ZoneInfo(timezone))


# One date style in both languages (README, "Schrijfwijze"): weekday, day, month, year.
DAY_PATTERN = "EEEE d MMMM y"
MOMENT_PATTERN = "d MMMM y, HH:mm"


def format_day(day: date | datetime, timezone: str | None = None) -> str:
    """`dinsdag 14 april 2026` / `Tuesday 14 April 2026`: the one way pages and e-mails show
    a date."""
    if isinstance(day, datetime) and timezone:
        day = local_datetime(day, timezone)
    return format_date(day, format=DAY_PATTERN, locale=_locale())


def format_clock(moment: datetime, timezone: str) -> str:
    """`09:30` in the event's time zone."""
    return format_time(local_datetime(moment, timezone), format="HH:mm", locale=_locale())


def format_moment(moment: datetime, timezone: str) -> str:
    """`14 april 2026, 09:30` / `14 April 2026, 09:30` in the event's time zone."""
    return format_datetime(
        local_datetime(moment, timezone), format=MOMENT_PATTERN, locale=_locale()
    )


def format_number(value: int) -> str:
    """A whole number the way the current language writes it (3.012 in Dutch, 3,012 in English)."""
    return format_decimal(value, locale=_locale())

"""One date style: `donderdag 18 maart 2027` in Dutch, `Thursday 18 March 2027` in English
(never the US `Thursday, March 18, 2027`), from one helper on pages and in e-mails."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from events.web.i18n import format_day, format_moment, set_current_language
from tests.registration.helpers import make_event


def test_the_helper_in_both_languages() -> None:
    set_current_language("en")
    try:
        assert format_day(date(2027, 3, 18)) == "Thursday 18 March 2027"
        moment = datetime(2027, 3, 18, 23, 30, tzinfo=UTC)
        assert format_day(moment, "Europe/Amsterdam") == "Friday 19 March 2027"
        assert format_moment(moment, "Europe/Amsterdam") == "19 March 2027, 00:30"
        set_current_language("nl")
        assert format_day(date(2027, 3, 18)) == "donderdag 18 maart 2027"
        assert format_moment(moment, "Europe/Amsterdam") == "19 maart 2027, 00:30"
    finally:
        set_current_language("nl")


async def test_pages_show_the_date_in_the_reader_s_language(client: Any) -> None:
    await make_event()
    dutch = (await client.get("/events/parade")).text
    assert "donderdag 18 maart 2027" in dutch
    client.cookies.set("events_lang", "en")
    english = (await client.get("/events/parade")).text
    assert "Thursday 18 March 2027" in english
    assert "March 18" not in english

"""The programme forms refuse what the programme cannot hold, next to the field, in Dutch (or
English), and write nothing: rounds outside the day or on top of each other, a host in two
places at once, line breaks in one-line fields, numbers and texts beyond any sensible size."""

from __future__ import annotations

from collections import defaultdict
from html import escape
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.programme import services
from events.programme.tables import Event, Person, PracticeExample, Session
from tests.conftest import post_form
from tests.organise.helpers import EVENT_FORM, build_parade, created, snapshot
from tests.organise.test_forms import post_form_english

Client = AsyncTestClient[Litestar]
ONE_LINE = "Gebruik één regel."
BREAKS = ("\n", "\r", "\r\n", "\u2028", "\u2029", "\x85", "\v", "\f")
ANY_IDS: dict[str, int] = defaultdict(lambda: 1)  # to name the cases before the rows exist


def one_line_fields(ids: dict[str, int]) -> list[tuple[str, dict[str, Any], str]]:
    """(url, a valid form, a one-line field of it) for every one-line field of the forms."""
    event = f"/organise/events/{ids['event']}"
    new_event = {**EVENT_FORM, "slug": "andere-parade"}
    organisation = {"name": "Gemeente Delft", "place": "Delft", "website": "https://delft.nl"}
    person = {"name": "Bert", "job_title": "Adviseur", "email": "b@example.org", "motto": "Ja"}
    return [
        *(("/organise/events/new", new_event, key) for key in ("name", "slug", "venue", "address")),
        (
            f"{event}/rounds/new",
            {"name": "Ronde 2", "start_time": "12:00", "end_time": "13:00"},
            "name",
        ),
        (f"{event}/rooms/new", {"name": "Zaal C", "capacity": "10"}, "name"),
        (f"{event}/sessions/new", {"kind": "stand", "title": "Kraam"}, "title"),
        *(("/organise/organisations/new", organisation, key) for key in organisation),
        *(("/organise/people/new", person, key) for key in person),
        ("/organise/themes/new", {"name": "Armoede"}, "name"),
        (f"{event}/practices/new", {"title": "Buurtkracht"}, "title"),
    ]


FIELDS = [f"{url.split('/')[-2]} {field}" for url, _form, field in one_line_fields(ANY_IDS)]


async def refused(client: Client, url: str, form: Any, field: str, message: str) -> Any:
    """POST the form: 400, the message next to the field, and nothing written."""
    before = await snapshot()
    response = await post_form(client, url, form)
    assert response.status_code == 400, response.text
    assert f'id="error-{field}" role="alert">{escape(message)}</div>' in response.text
    assert await snapshot() == before
    return response


@pytest.mark.parametrize("case", range(len(FIELDS)), ids=FIELDS)
async def test_a_line_break_in_a_one_line_field_is_refused(
    organiser_client: Client, case: int
) -> None:
    ids = await build_parade()
    url, form, field = one_line_fields(ids)[case]
    broken = f"Eerste{BREAKS[case % len(BREAKS)]}tweede"
    await refused(organiser_client, url, {**form, field: broken}, field, ONE_LINE)
    assert (await post_form(organiser_client, url, form, follow_redirects=False)).status_code == 303


async def test_every_kind_of_line_break_is_refused_and_surrounding_ones_are_trimmed(
    organiser_client: Client,
) -> None:
    await build_parade()
    for brk in BREAKS:
        result = await services.save_theme({"name": f"Arm{brk}oede"})
        assert result.errors == {"name": ONE_LINE}, repr(brk)
    assert (await services.save_theme({"name": "\r\nArmoede\n"})).ok


async def test_multi_line_fields_keep_their_line_breaks(organiser_client: Client) -> None:
    ids = await build_parade()
    text = "Eerste regel\r\nTweede regel"
    event = f"/organise/events/{ids['event']}"
    await post_form(organiser_client, f"{event}/edit", {**EVENT_FORM, "description": text})
    person = {"name": "Bert", "story": text, "links": "https://a.example\nhttps://b.example"}
    await post_form(organiser_client, "/organise/people/new", person)
    practice = {"title": "Buurtkracht", "summary": text, "body": text, "results": text}
    await post_form(organiser_client, f"{event}/practices/new", practice)
    session = {"kind": "stand", "title": "Kraam", "description": text}
    await post_form(organiser_client, f"{event}/sessions/new", session)

    assert (await Event.select(Event.description).first())["description"] == text
    bert = await Person.select().where(Person.name == "Bert").first()
    assert (bert["story"], bert["links"]) == (text, "https://a.example\nhttps://b.example")
    example = await PracticeExample.select().where(PracticeExample.title == "Buurtkracht").first()
    assert (example["summary"], example["body"], example["results"]) == (text, text, text)
    stand = await Session.select().where(Session.title == "Kraam").first()
    assert stand["description"] == text


def too_long_cases(ids: dict[str, int]) -> dict[str, tuple[str, dict[str, Any], str, str, int]]:
    """case → (url, form, field, a text one character too long, the column's length)."""
    event = f"/organise/events/{ids['event']}"
    new_event = {**EVENT_FORM, "slug": "lang"}
    return {
        "event name": ("/organise/events/new", new_event, "name", "P" * 201, 200),
        "event venue": ("/organise/events/new", new_event, "venue", "V" * 201, 200),
        "event address": ("/organise/events/new", new_event, "address", "A" * 301, 300),
        "round name": (
            f"{event}/rounds/new",
            {"start_time": "12:00", "end_time": "13:00"},
            "name",
            "R" * 101,
            100,
        ),
        "room name": (f"{event}/rooms/new", {"capacity": "3"}, "name", "Z" * 101, 100),
        "session title": (f"{event}/sessions/new", {"kind": "stand"}, "title", "T" * 201, 200),
        "organisation website": (
            "/organise/organisations/new",
            {"name": "Gemeente Delft"},
            "website",
            "https://example.org/" + "a" * 281,
            300,
        ),
        "organisation place": (
            "/organise/organisations/new",
            {"name": "Gemeente Delft"},
            "place",
            "D" * 101,
            100,
        ),
        "person email": (
            "/organise/people/new",
            {"name": "Bert"},
            "email",
            "b" * 243 + "@example.org",
            254,
        ),
        "person motto": ("/organise/people/new", {"name": "Bert"}, "motto", "M" * 301, 300),
        "theme name": ("/organise/themes/new", {}, "name", "T" * 101, 100),
        "practice title": (f"{event}/practices/new", {}, "title", "P" * 201, 200),
        "a description": (
            "/organise/events/new",
            new_event,
            "description",
            "d" * 20_001,
            20_000,
        ),
    }


@pytest.mark.parametrize("case", list(too_long_cases(ANY_IDS)))
async def test_a_text_longer_than_its_column_is_refused_not_a_database_error(
    organiser_client: Client, case: str
) -> None:
    ids = await build_parade()
    url, form, field, value, maximum = too_long_cases(ids)[case]
    message = f"Gebruik hoogstens {maximum} tekens (deze tekst heeft er {maximum + 1})."
    await refused(organiser_client, url, {**form, field: value}, field, message)
    fitting = value[: maximum - 12] + "@example.org" if field == "email" else value[:maximum]
    response = await post_form(
        organiser_client, url, {**form, field: fitting}, follow_redirects=False
    )
    assert response.status_code == 303, response.text


async def test_a_slug_made_from_a_long_name_is_refused_in_the_slug_field(
    organiser_client: Client,
) -> None:
    await build_parade()
    form = {**EVENT_FORM, "name": "Parade " * 20, "slug": ""}
    message = (
        "Het webadres dat uit de naam volgt zou langer worden dan 100 tekens; vul een korter in."
    )
    await refused(organiser_client, "/organise/events/new", form, "slug", message)


def number_cases(ids: dict[str, int]) -> dict[str, tuple[str, dict[str, Any], str, str]]:
    """case → (url, form, field, Dutch message)."""
    event = f"/organise/events/{ids['event']}"
    workshop = {"kind": "workshop", "title": "Groot", "round": str(ids["round"])}
    choose = "Kies een van de mogelijkheden."
    return {
        "edition above 1000": (
            "/organise/events/new",
            {**EVENT_FORM, "slug": "x", "edition": "1001"},
            "edition",
            "Vul een heel getal in van hoogstens 1000.",
        ),
        "edition of 30 digits": (
            "/organise/events/new",
            {**EVENT_FORM, "slug": "x", "edition": "9" * 30},
            "edition",
            "Vul een heel getal in van hoogstens 1000.",
        ),
        "room of 100001 seats": (
            f"{event}/rooms/new",
            {"name": "Stadion", "capacity": "100001"},
            "capacity",
            "Vul een heel getal in van hoogstens 100000.",
        ),
        "room seats beyond 32 bits": (
            f"{event}/rooms/{ids['room']}/edit",
            {"name": "Zaal A", "capacity": str(2**31)},
            "capacity",
            "Vul een heel getal in van hoogstens 100000.",
        ),
        "workshop seats beyond 64 bits": (
            f"{event}/sessions/new",
            {**workshop, "capacity": str(2**64)},
            "capacity",
            "Vul een heel getal in van hoogstens 100000.",
        ),
        "a round id beyond 32 bits": (
            f"{event}/sessions/new",
            {**workshop, "capacity": "5", "round": str(2**31)},
            "round",
            choose,
        ),
        "a host id of 20 digits": (
            f"{event}/sessions/new",
            {**workshop, "capacity": "5", "hosts": ["9" * 20]},
            "hosts",
            choose,
        ),
        "a host id in superscript digits": (
            f"{event}/sessions/new",
            {**workshop, "capacity": "5", "hosts": ["²"]},
            "hosts",
            choose,
        ),
        "an event in the year 3000": (
            "/organise/events/new",
            {**EVENT_FORM, "slug": "x", "date": "3000-01-01"},
            "date",
            "Vul een datum in van het jaar 1970 tot en met 2999.",
        ),
        "a NUL character in a description": (
            "/organise/events/new",
            {**EVENT_FORM, "slug": "x", "description": "Tekst\x00"},
            "description",
            "Haal de stuurtekens uit deze tekst.",
        ),
    }


@pytest.mark.parametrize("case", list(number_cases(ANY_IDS)))
async def test_numbers_and_characters_the_database_cannot_hold_are_refused(
    organiser_client: Client, case: str
) -> None:
    ids = await build_parade()
    url, form, field, message = number_cases(ids)[case]
    await refused(organiser_client, url, form, field, message)


# --- rounds and hosts ------------------------------------------------------------------------


def timing_cases(ids: dict[str, int]) -> dict[str, tuple[str, dict[str, Any], str, str]]:
    """case → (url, form, field, Dutch message). The event runs 09:30–16:30, Ronde 1 is
    10:00–11:00 with Anna de Vries hosting "Samen tegen schulden" in Zaal A."""
    event = f"/organise/events/{ids['event']}"
    hours = "Het evenement duurt van 09:30 tot 16:30; een ronde moet daarbinnen vallen."
    overlap = "Deze ronde overlapt met “Ronde 1” (10:00–11:00)."
    return {
        "round before the event": (
            f"{event}/rounds/new",
            {"name": "Vroeg", "start_time": "08:30", "end_time": "09:30"},
            "start_time",
            hours,
        ),
        "round after the event": (
            f"{event}/rounds/new",
            {"name": "Laat", "start_time": "16:00", "end_time": "17:00"},
            "end_time",
            hours,
        ),
        "round starting inside another": (
            f"{event}/rounds/new",
            {"name": "Ronde 2", "start_time": "10:59", "end_time": "12:00"},
            "start_time",
            overlap,
        ),
        "round around another": (
            f"{event}/rounds/new",
            {"name": "Ronde 2", "start_time": "09:30", "end_time": "11:30"},
            "end_time",
            overlap,
        ),
        "host in two sessions at once": (
            f"{event}/sessions/new",
            {
                "kind": "workshop",
                "title": "Tweede workshop",
                "round": str(ids["round"]),
                "room": str(ids["room_b"]),
                "capacity": "5",
                "hosts": [str(ids["person"])],
            },
            "hosts",
            "Anna de Vries verzorgt op dat moment al “Samen tegen schulden” (10:00–11:00).",
        ),
        "event hours that leave a round out": (
            f"{event}/edit",
            {**EVENT_FORM, "start_time": "10:30"},
            "start_time",
            "“Ronde 1” (10:00–11:00) zou buiten de tijden van het evenement vallen; "
            "wijzig of verwijder eerst die ronde.",
        ),
        "event end before a round ends": (
            f"{event}/edit",
            {**EVENT_FORM, "end_time": "10:45"},
            "end_time",
            "“Ronde 1” (10:00–11:00) zou buiten de tijden van het evenement vallen; "
            "wijzig of verwijder eerst die ronde.",
        ),
    }


async def parade_with_second_room() -> dict[str, int]:
    ids = await build_parade()
    room_b = await services.save_room(ids["event"], {"name": "Zaal B", "capacity": "20"})
    return {**ids, "room_b": created(room_b)}


@pytest.mark.parametrize("case", list(timing_cases(ANY_IDS)))
async def test_rounds_and_hosts_that_do_not_fit_the_day_are_refused(
    organiser_client: Client, case: str
) -> None:
    ids = await parade_with_second_room()
    url, form, field, message = timing_cases(ids)[case]
    await refused(organiser_client, url, form, field, message)


async def test_timing_errors_speak_english_when_asked(organiser_client: Client) -> None:
    ids = await parade_with_second_room()
    url, form, *_rest = timing_cases(ids)["round before the event"]
    response = await post_form_english(organiser_client, url, form)
    assert "The event runs from 09:30 to 16:30; a round must lie within those hours." in (
        response.text
    )
    url, form, *_rest = timing_cases(ids)["host in two sessions at once"]
    response = await post_form_english(organiser_client, url, form)
    assert "Anna de Vries already hosts “Samen tegen schulden” at that time (10:00–11:00)." in (
        response.text
    )
    response = await post_form_english(
        organiser_client, "/organise/themes/new", {"name": "Arm\noede"}
    )
    assert 'id="error-name" role="alert">Please use a single line.</div>' in response.text

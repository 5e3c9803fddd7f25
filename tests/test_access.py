"""Access control generated from the app's own route list: every route × every kind of visitor.

Each route must match one rule of ACCESS below — a new route without a rule fails this test, so
nothing slips through. Visitors: anonymous, participant A, participant B (whose ids are never
in the URLs), and an organiser. Path parameters are filled from a demo parade.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.announcements.tables import Announcement
from events.demo.loader import load_demo
from events.outbox.tables import OutboxMessage
from events.pairs import services as pairs
from events.pledges.services import PledgeForm, create_pledge
from events.programme.tables import (
    Event,
    Organisation,
    Person,
    PracticeExample,
    Room,
    Round,
    Session,
    Theme,
)
from tests.conftest import ORGANISER_PASSWORD, ORGANISER_USERNAME, post_form
from tests.registration.test_manage import registered

# (pattern on the route path, rule). First match wins.
ACCESS: list[tuple[str, str]] = [
    (r"^/(static|vendor)/", "public"),
    (r"^/schema", "public"),
    (r"^/(healthz|language|login|logout)?$", "public"),
    (r"^/api/", "public"),
    (r"^/events/", "public"),
    (r"^/people/", "public"),
    (r"^/(manage|feeds|badge|progress|follow-up|unsubscribe)/", "secret link"),
    (r"^/account/(invite|reset)/", "secret link"),
    (r"^/hosts/", "secret link"),
    (r"^/account/", "public"),
    (r"^/me(/|$)", "participant"),
    (r"^/organise(/|$)", "organiser"),
    (r"^/admin$", "organiser"),
]

# Requests that would end the visitor's own session or registration are only tried by
# visitors who must be refused.
SELF_ENDING = {
    ("POST", "/logout"),
    ("POST", "/me/erase"),
    ("POST", "/me/cancel"),
    ("POST", "/me/sign-out"),
    ("POST", "/me/sign-out-everywhere"),
}


def rule_for(path: str) -> str:
    for pattern, rule in ACCESS:
        if re.search(pattern, path):
            return rule
    raise AssertionError(f"no access rule for the route {path}: add one to ACCESS")


@dataclass
class Visitor:
    name: str
    client: AsyncTestClient[Litestar]


async def seed() -> dict[str, Any]:
    """A demo parade, participants A and B (A with a pledge and a pair), ids for the URLs."""
    await load_demo()
    event = await Event.select().where(Event.slug == "parade-2027").first()
    a, a_link = await registered(event["id"], "a@example.org", [])
    _b, b_link = await registered(event["id"], "b@example.org", [])
    pledge = await create_pledge(a, PledgeForm(title="Mijn voornemen", text="Ik ga het doen."))
    pair_id = await pairs.start_pair(a)
    person = await Person.select(Person.id).where(Person.public_profile == True).first()  # noqa: E712
    step = None
    try:
        from events.followup.tables import CampaignStep

        step = await CampaignStep.select(CampaignStep.id).first()
    except ImportError:
        pass
    announcement = await Announcement.insert(
        Announcement(event=event["id"], subject_nl="Parkeren", body_nl="Kom met de trein.")
    ).returning(Announcement.id)
    return {
        "links": {"a": a_link, "b": b_link},
        "params": {
            "slug": event["slug"],
            "event_id": event["id"],
            "ref": str((await Session.select(Session.id).first())["id"]),
            "session_id": (await Session.select(Session.id).first())["id"],
            "practice_id": (await PracticeExample.select(PracticeExample.id).first())["id"],
            "person_id": person["id"],
            "round_id": (await Round.select(Round.id).first())["id"],
            "room_id": (await Room.select(Room.id).first())["id"],
            "organisation_id": (await Organisation.select(Organisation.id).first())["id"],
            "theme_id": (await Theme.select(Theme.id).first())["id"],
            "participant_id": a,
            "pledge_id": pledge.pledge_id,
            "pair_id": pair_id,
            "announcement_id": announcement[0]["id"],
            "device_id": 999_999,  # nobody's session: ending it must not sign anyone out
            "user_id": 999_999,  # nobody: team changes in the sweep touch no colleague
            "message_id": (await OutboxMessage.select(OutboxMessage.id).first())["id"],
            "step_id": step["id"] if step else 999_999,
            "token": "forged-token-0000000000000000",
            "code": "f" * 32,
            "path": "openapi.json",
            "file_path": "site.css",
            "kind": "confirmation",
            "choice_id": 999_999,  # nobody's offer
        },
    }


def fill(path: str, params: dict[str, Any]) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in params:
            raise AssertionError(f"{path}: no test value for the path parameter {name!r}")
        return str(params[name])

    return re.sub(r"\{(\w+)(?::\w+)?\}", value, path)


def header_problems(response: Any) -> list[str]:
    """What a page's security headers lack."""
    headers = response.headers
    csp = headers.get("content-security-policy", "")
    script_policy = next((d for d in csp.split(";") if d.strip().startswith("script-src")), "")
    found = []
    # 'self' only for the sandboxed e-mail preview that the outbox page frames.
    if not csp or not ("frame-ancestors 'none'" in csp or "frame-ancestors 'self'" in csp):
        found.append("no Content-Security-Policy with frame-ancestors")
    if "unsafe-inline" in script_policy or "unsafe-eval" in script_policy:
        found.append("scripts may run inline")
    if headers.get("x-content-type-options") != "nosniff":
        found.append("no X-Content-Type-Options: nosniff")
    if headers.get("referrer-policy") not in ("same-origin", "no-referrer"):
        found.append("no Referrer-Policy")
    return found


def refused(response: Any) -> bool:
    """Turned away: 401/403, or sent to the login page."""
    if response.status_code in (401, 403):
        return True
    return response.status_code in (302, 303) and response.headers.get("location", "").startswith(
        "/login"
    )


@pytest.fixture
async def visitors(app: Litestar) -> dict[str, Any]:
    from events.web.auth import create_organiser

    data = await seed()
    stack = contextlib.AsyncExitStack()
    clients = {
        name: await stack.enter_async_context(AsyncTestClient(app=app))
        for name in ("anonymous", "a", "b", "organiser")
    }
    await clients["a"].get(data["links"]["a"])
    await clients["b"].get(data["links"]["b"])
    await create_organiser(ORGANISER_USERNAME, "o@example.org", ORGANISER_PASSWORD)
    await post_form(
        clients["organiser"],
        "/login",
        {"username": ORGANISER_USERNAME, "password": ORGANISER_PASSWORD},
    )
    yield {"clients": clients, **data}
    await stack.aclose()


async def test_every_route_answers_each_visitor_as_the_table_says(
    app: Litestar, visitors: dict[str, Any]
) -> None:
    clients = visitors["clients"]
    problems: list[str] = []
    routes = sorted(
        {
            (method, route.path)
            for route in app.routes
            for method in (getattr(route, "methods", None) or {"GET"})
            if method in ("GET", "POST")
        }
    )
    assert len(routes) > 50
    for method, path in routes:
        rule = rule_for(path)
        url = fill(path, visitors["params"])
        for who in ("anonymous", "b", "a", "organiser"):
            if (method, path) in SELF_ENDING and not (
                rule == "participant" and who in ("anonymous", "organiser")
            ):
                continue
            client = clients[who]
            if method == "GET":
                response = await client.get(url, follow_redirects=False)
            else:
                response = await post_form(client, url, {}, follow_redirects=False)
            denied = refused(response)
            expected_denied = (rule == "organiser" and who != "organiser") or (
                rule == "participant" and who in ("anonymous", "organiser")
            )
            if denied != expected_denied:
                problems.append(f"{who:9} {method} {url} -> {response.status_code} ({rule})")
            if rule == "secret link" and response.status_code == 200 and method == "GET":
                problems.append(f"{who:9} {method} {url} opened with a forged code")
            if (
                rule == "participant"
                and who == "b"
                and re.search(r"\{(pledge|pair)_id", path)
                and response.status_code == 200
            ):
                problems.append(f"b         {method} {url} shows A's data")
            if method == "GET" and response.status_code == 200:
                problems.extend(f"{who:9} {url}: {p}" for p in header_problems(response))
            if response.status_code >= 500:
                problems.append(f"{who:9} {method} {url} -> {response.status_code}")
    assert not problems, "\n".join(problems)


async def test_a_badge_holder_gets_no_rights_from_the_badge(
    app: Litestar, visitors: dict[str, Any]
) -> None:
    """Somebody who scanned (or photographed) A's badge is still nobody: every participant and
    organiser route refuses them, generated from the route list like the table above."""
    from events.registration.organiser import badge_code
    from events.registration.tables import Participant
    from events.settings import load_settings

    a = visitors["params"]["participant_id"]
    row = await Participant.select().where(Participant.id == a).first()
    code = badge_code(load_settings(), a, row["calendar_uid"], row["code_version"])
    problems: list[str] = []
    async with AsyncTestClient(app=app) as holder:
        scanned = await holder.get(f"/badge/{a}/{code}", follow_redirects=False)
        assert scanned.status_code == 200 and "a@example.org" not in scanned.text
        for route in app.routes:
            rule = rule_for(route.path)
            if rule not in ("participant", "organiser") or "GET" not in (
                getattr(route, "methods", None) or {"GET"}
            ):
                continue
            url = fill(route.path, visitors["params"])
            response = await holder.get(url, follow_redirects=False)
            if not refused(response):
                problems.append(f"badge holder GET {url} -> {response.status_code}")
    assert not problems, "\n".join(problems)


# Each organiser route × each role, from one table: (pattern on the path below
# /organise/events/{event_id}, roles that may use it). First match wins. Routes of /organise
# outside an event are for the server administrator, except the dashboard (everyone).
EVENT_ROLE_RULES: list[tuple[str, set[str]]] = [
    (r"^/team", {"coordinator"}),
    (r"^/host-lists", {"coordinator"}),
    (
        r"^/participants/\{participant_id:int\}/(check-in|badge|workshops)",
        {"coordinator", "checkin"},
    ),
    (r"^/attendance/.*\.(xlsx|csv)$", {"coordinator"}),
    (r"^/participants/\{participant_id:int\}/badge\.pdf$", {"coordinator", "checkin"}),
    (r"^/(registrations|participants|announcements)", {"coordinator"}),
    (r"^/(check-in|walk-in|badges|attendance)", {"coordinator", "checkin"}),
    (r"^/(pledges|pairs)", {"coordinator", "moderator"}),
    (r"^/(sessions|practices|rounds|rooms|campaign|mail-texts)", {"coordinator", "programme"}),
    (r"^/(report|outcomes)", {"coordinator"}),
    (r"^/(edit|copy|publish|unpublish|archive|unarchive|delete)$", {"coordinator"}),
    (r"^$", {"coordinator", "programme", "moderator", "checkin"}),
]
ROLE_VISITORS = ("coordinator", "programme", "moderator", "checkin", "other-coordinator")
EVENT_PREFIX = "/organise/events/{event_id:int}"


def roles_allowed(path: str) -> set[str]:
    """Who of ROLE_VISITORS may use an organiser route (or /admin)."""
    if path in ("/organise", "/organise/"):
        return set(ROLE_VISITORS)
    if not path.startswith(EVENT_PREFIX):
        return set()  # directory, outbox, audit log, new events, /admin: administrators only
    rest = path[len(EVENT_PREFIX) :]
    for pattern, roles in EVENT_ROLE_RULES:
        if re.search(pattern, rest):
            return roles
    raise AssertionError(f"no role rule for {path}: add one to EVENT_ROLE_RULES")


@pytest.fixture
async def colleagues(app: Litestar) -> dict[str, Any]:
    """One colleague per role in the demo event, and a coordinator of another event."""
    from piccolo.apps.user.tables import BaseUser

    from events.accounts.services import grant

    data = await seed()
    event_id = data["params"]["event_id"]
    row = await Event.select().where(Event.id == event_id).first()
    other = {k: v for k, v in row.items() if k != "id"}
    other.update(slug="other-2027", name="Another parade", calendar_uid="other-event-uid")
    other_id = (
        await Event.insert(
            Event(**{k: v for k, v in other.items() if hasattr(Event, k)})
        ).returning(Event.id)
    )[0]["id"]
    stack = contextlib.AsyncExitStack()
    clients = {}
    for who in ROLE_VISITORS:
        username = f"{who}-colleague"
        user = await BaseUser.create_user(
            username=username,
            password=ORGANISER_PASSWORD,
            email=f"{who}@example.org",
            admin=True,
            active=True,
        )
        role = "coordinator" if who == "other-coordinator" else who
        await grant(other_id if who == "other-coordinator" else event_id, user.id, role)
        client = await stack.enter_async_context(AsyncTestClient(app=app))
        response = await post_form(
            client,
            "/login",
            {"username": username, "password": ORGANISER_PASSWORD},
            follow_redirects=False,
        )
        assert response.status_code == 303
        clients[who] = client
    yield {"clients": clients, "other_id": other_id, **data}
    await stack.aclose()


async def test_every_organiser_route_answers_each_role_as_the_table_says(
    app: Litestar, colleagues: dict[str, Any]
) -> None:
    routes = sorted(
        {
            (method, route.path)
            for route in app.routes
            for method in (getattr(route, "methods", None) or {"GET"})
            if method in ("GET", "POST") and rule_for(route.path) == "organiser"
        }
    )
    assert len(routes) > 60
    problems: list[str] = []
    for method, path in routes:
        allowed = roles_allowed(path)
        url = fill(path, colleagues["params"])
        for who in ROLE_VISITORS:
            client = colleagues["clients"][who]
            if method == "GET":
                response = await client.get(url, follow_redirects=False)
            else:
                response = await post_form(client, url, {}, follow_redirects=False)
            if who in allowed and refused(response):
                problems.append(f"{who:17} {method} {url} -> {response.status_code}, may")
            if who not in allowed and response.status_code != 403:
                problems.append(f"{who:17} {method} {url} -> {response.status_code}, not 403")
            if response.status_code >= 500:
                problems.append(f"{who:17} {method} {url} -> {response.status_code}")
    assert not problems, "\n".join(problems)


async def test_check_in_desk_and_moderator_are_kept_to_their_part(
    colleagues: dict[str, Any],
) -> None:
    """What people notice: the check-in desk sees no pledges and exports no registrations, in
    a Dutch page that says why; a moderator cannot touch the programme; the dashboard of a
    colleague lists only their own events."""
    event_id = colleagues["params"]["event_id"]
    desk = colleagues["clients"]["checkin"]
    for url in (
        f"/organise/events/{event_id}/registrations.csv",
        f"/organise/events/{event_id}/registrations",
        f"/organise/events/{event_id}/pledges/",
    ):
        response = await desk.get(url, headers={"accept": "text/html"})
        assert response.status_code == 403, url
        assert "je rol geeft geen toegang tot deze pagina" in response.text
    assert (await desk.get(f"/organise/events/{event_id}/walk-in")).status_code == 200
    overview = (await desk.get(f"/organise/events/{event_id}")).text
    assert "Binnenloper" in overview and "/pledges" not in overview
    assert "Evenement bewerken" not in overview and "Ronde toevoegen" not in overview
    assert "/organise/organisations/" not in overview
    moderator = colleagues["clients"]["moderator"]
    session_id = colleagues["params"]["session_id"]
    edit = f"/organise/events/{event_id}/sessions/{session_id}/edit"
    assert (await moderator.get(edit)).status_code == 403
    assert (await post_form(moderator, edit, {"title": "Gekaapt"})).status_code == 403
    assert (await colleagues["clients"]["programme"].get(edit)).status_code == 200
    other = await colleagues["clients"]["other-coordinator"].get("/organise/")
    assert "Another parade" in other.text and f'/organise/events/{event_id}"' not in other.text


async def test_the_check_in_desk_is_shown_no_links_it_cannot_open(
    colleagues: dict[str, Any],
) -> None:
    """Every link on the desk's pages opens for the desk: the attendance lists and the walk-in
    form name people without linking to participant pages, which are closed to the desk."""
    event_id = colleagues["params"]["event_id"]
    session_id = colleagues["params"]["session_id"]
    desk = colleagues["clients"]["checkin"]
    base = f"/organise/events/{event_id}"
    pages = {
        url: (await desk.get(url)).text
        for url in (
            base,
            f"{base}/check-in?q=a",
            f"{base}/attendance",
            f"{base}/attendance/{session_id}",
            f"{base}/walk-in",
        )
    }
    existing = await post_form(desk, f"{base}/walk-in", {"name": "A", "email": "a@example.org"})
    assert existing.status_code == 400
    assert "Zoek ze op bij de incheckbalie" in existing.text
    pages["walk-in, address already registered"] = existing.text
    dead: list[str] = []
    for page, text in pages.items():
        for link in sorted(set(re.findall(r'href="(/organise[^"#]*)"', text))):
            response = await desk.get(link.replace("&amp;", "&"), follow_redirects=False)
            if response.status_code == 403:
                dead.append(f"{page} links to {link}, which answers 403")
    assert not dead, "\n".join(dead)
    assert "/participants/" not in pages[f"{base}/attendance/{session_id}"]

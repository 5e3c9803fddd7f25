"""Test fixtures: a real database (SQLite or PostgreSQL), the app, clients, a live server.

The database is chosen by EVENTS_TEST_DATABASE_URL (scripts/test runs the suite once per engine);
without it, a fresh SQLite file in a temporary folder is used.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

TEST_VAR_DIR = Path(tempfile.mkdtemp(prefix="events-test-"))
TEST_DATABASE_URL = os.environ.get("EVENTS_TEST_DATABASE_URL") or (
    f"sqlite:///{TEST_VAR_DIR / 'test.sqlite3'}"
)
TEST_ENVIRONMENT = {
    "EVENTS_DATABASE_URL": TEST_DATABASE_URL,
    "EVENTS_DATABASE_POOL_SIZE": "0",
    "EVENTS_VAR_DIR": str(TEST_VAR_DIR),
    "EVENTS_SECRET_KEY": "test-secret-key-that-is-long-enough-for-the-settings",
    "EVENTS_DEFAULT_LANGUAGE": "nl",
    "EVENTS_BASE_URL": "http://testserver.local",
    # Tests that send mail drive a dispatcher themselves; the app must not run its own.
    "EVENTS_DISPATCHER_ENABLED": "false",
    # One app serves the whole run; tests of the limits build an app with their own.
    "EVENTS_RATE_LIMITS": "off",
    # One app serves every test; cached pages would leak from one test into the next.
    "EVENTS_PAGE_CACHE": "false",
    "PICCOLO_CONF": "events.piccolo_conf",
}
os.environ.update(TEST_ENVIRONMENT)

from litestar import Litestar  # noqa: E402
from litestar.testing import AsyncTestClient  # noqa: E402
from piccolo.apps.user.tables import BaseUser  # noqa: E402
from piccolo.engine.postgres import PostgresEngine  # noqa: E402
from piccolo.table import Table, sort_table_classes  # noqa: E402

from events import piccolo_conf  # noqa: E402
from events.app import CSRF_COOKIE, CSRF_HEADER, create_app, wire  # noqa: E402
from events.db import run_migrations  # noqa: E402
from events.settings import load_settings  # noqa: E402
from events.web.auth import create_organiser  # noqa: E402

wire()  # the layers' hooks, also for tests that call the services without an app

ORGANISER_USERNAME = "organiser"
ORGANISER_PASSWORD = "a-long-test-password-2026"


def app_tables() -> list[type[Table]]:
    """Every table of every registered app, parents before children."""
    tables: list[type[Table]] = []
    for app_config in piccolo_conf.APP_REGISTRY.app_configs.values():
        tables.extend(app_config.table_classes)
    return sort_table_classes(tables)


async def _reset_schema() -> None:
    engine = piccolo_conf.DB
    if isinstance(engine, PostgresEngine):
        await engine.run_ddl("DROP SCHEMA public CASCADE")
        await engine.run_ddl("CREATE SCHEMA public")
    if not await run_migrations():
        raise RuntimeError("migrations failed on the test database")


@pytest.fixture(scope="session", autouse=True)
async def database() -> AsyncIterator[str]:
    """Migrate a fresh test database once per run."""
    await _reset_schema()
    yield TEST_DATABASE_URL


@pytest.fixture(autouse=True)
async def clean_tables(database: str) -> AsyncIterator[None]:
    """Every test starts with empty tables."""
    tables = app_tables()
    if isinstance(piccolo_conf.DB, PostgresEngine):
        names = ", ".join(f'"{table._meta.tablename}"' for table in tables)
        await piccolo_conf.DB.run_ddl(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
    else:
        for table in reversed(tables):
            await table.delete(force=True)
    yield


@pytest.fixture(scope="session")
def app() -> Litestar:
    """One app for the run: building it (Piccolo Admin included) takes a noticeable moment."""
    return create_app(load_settings())


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[AsyncTestClient[Litestar]]:
    async with AsyncTestClient(app=app) as test_client:
        yield test_client


@pytest.fixture
def client_factory(app: Litestar):  # type: ignore[no-untyped-def]
    """Makes more clients of the same app: several people using the site at once."""
    return lambda: AsyncTestClient(app=app)


async def csrf_token(client: httpx.AsyncClient | AsyncTestClient[Any]) -> str:
    """The CSRF token of the client's cookie jar, fetching a page first when there is none."""
    if CSRF_COOKIE not in client.cookies:
        await client.get("/healthz")
        await client.get("/login")
    return client.cookies[CSRF_COOKIE]


async def post_form(
    client: httpx.AsyncClient | AsyncTestClient[Any],
    url: str,
    data: dict[str, Any] | list[tuple[str, Any]],
    **kwargs: Any,
) -> httpx.Response:
    """POST a form the way a browser would: with the CSRF token from the page's cookie."""
    token = await csrf_token(client)
    headers = {**kwargs.pop("headers", {}), CSRF_HEADER: token}
    return await client.post(url, data=data, headers=headers, **kwargs)


@pytest.fixture
async def organiser_client(
    client: AsyncTestClient[Litestar],
) -> AsyncTestClient[Litestar]:
    """A client logged in as an organiser."""
    await create_organiser(ORGANISER_USERNAME, "organiser@example.org", ORGANISER_PASSWORD)
    response = await post_form(
        client,
        "/login",
        {"username": ORGANISER_USERNAME, "password": ORGANISER_PASSWORD, "next": "/organise/"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return client


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def serve_app(workers: int = 1, **overrides: str) -> Iterator[str]:
    """The real app served by uvicorn in a child process (`workers` processes), on the test
    database.

    Keyword arguments override EVENTS_* settings (`dispatcher_enabled="true"` ...).
    The server's output goes to a file, shown when it fails to start.
    """
    port = free_port()
    environment = {
        **os.environ,
        **TEST_ENVIRONMENT,
        "EVENTS_BASE_URL": f"http://127.0.0.1:{port}",
        **{f"EVENTS_{key.upper()}": value for key, value in overrides.items()},
    }
    log_path = TEST_VAR_DIR / f"server-{port}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "events.cli", "serve", "--port", str(port)),
                *(("--workers", str(workers)) if workers > 1 else ()),
            ],
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120  # a loaded 2-core machine starts two workers slowly
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base_url}/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        process.kill()
        raise RuntimeError(f"the server did not start:\n{log_path.read_text()}")
    try:
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def live_server() -> Iterator[str]:
    """The real app on a free port (no mail dispatcher; see serve_app for more)."""
    with serve_app() as base_url:
        yield base_url


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


@pytest.fixture
async def browser() -> AsyncIterator[Any]:
    """Debian's chromium driven by Playwright. Missing chromium is a failure, not a skip."""
    from playwright.async_api import async_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: ./scripts/test installs Debian's chromium package")
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        await chromium.close()


__all__ = ["BaseUser", "csrf_token", "free_port", "post_form"]

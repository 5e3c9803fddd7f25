"""The `events` command: serve, migrate, demo, create-organiser, check-config."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Coroutine
from typing import Any

import click

from events.settings import Settings, SettingsError, load_settings


def _settings() -> Settings:
    try:
        return load_settings()
    except SettingsError as error:
        click.echo(f"Configuration error: {error}", err=True)
        sys.exit(2)


def _wired_settings() -> Settings:
    """The settings, with the layers wired (events.app.wire) for commands that change data."""
    from events.app import wire

    wire()
    return _settings()


def _configure_logging() -> None:
    """INFO for our own messages; the scheduler's every-tick chatter only when it matters."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    logging.getLogger("apscheduler").setLevel(logging.WARNING)


def _run(coroutine: Coroutine[Any, Any, Any]) -> Any:
    return asyncio.run(coroutine)


@click.group()
def main() -> None:
    """Run a PraktijkVoorbeeldenParade: plan, register, pledge, pair and follow up."""


@main.command("check-config")
def check_config() -> None:
    """Read the settings and say whether they are usable."""
    settings = _settings()
    database = settings.sqlite_path if settings.is_sqlite else settings.database_url.split("@")[-1]
    click.echo(f"Settings are valid. Database: {database}; site: {settings.base_url}")


@main.command()
def migrate() -> None:
    """Apply all Piccolo migrations that have not run yet."""
    _settings()
    from events.db import run_migrations

    if not _run(run_migrations()):
        click.echo("Migrations failed; see the message above.", err=True)
        sys.exit(1)
    click.echo("Database is up to date.")


@main.command()
@click.option("--host", default=None, help="Address to listen on (EVENTS_HOST).")
@click.option("--port", type=int, default=None, help="Port to listen on (EVENTS_PORT).")
@click.option("--workers", type=int, default=1, show_default=True, help="Web worker processes.")
def serve(host: str | None, port: int | None, workers: int) -> None:
    """Serve the web application."""
    import uvicorn

    settings = _settings()
    _configure_logging()
    click.echo(f"Serving on http://{host or settings.host}:{port or settings.port}")
    uvicorn.run(
        "events.app:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=workers,
        proxy_headers=True,
        log_level="info",
    )


@main.command()
@click.option(
    "--size",
    type=click.Choice(["standard", "large"]),
    default="standard",
    show_default=True,
    help="large: also a generated parade of 3,000 participants for load tests.",
)
def demo(size: str) -> None:
    """Load the demo parade (running it again changes nothing)."""
    settings = _wired_settings()
    from events.demo.loader import load_demo

    summary = _run(load_demo(progress=click.echo, settings=settings))
    click.echo(summary)
    if size == "large":
        from events.demo.large import load_large

        click.echo(_run(load_large(progress=click.echo)))


@main.command()
def purge() -> None:
    """Erase personal data of events whose retention period is over (EVENTS_RETENTION_MONTHS)."""
    settings = _wired_settings()
    from events.privacy import purge_expired

    report = _run(purge_expired(settings))
    if not report:
        click.echo(
            f"Nothing to purge: no event ended more than {settings.retention_months} months ago."
        )
    for line in report:
        click.echo(
            f"{line['event']} (ended {line['ended']:%Y-%m-%d}): "
            f"erased the personal data of {line['erased']} registrations; counts are kept."
        )


@main.command("create-organiser")
@click.option("--username", prompt=True)
@click.option("--email", prompt=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def create_organiser_command(username: str, email: str, password: str) -> None:
    """Create an organiser account (or reset its password)."""
    _settings()
    from events.web.auth import create_organiser

    try:
        _run(create_organiser(username, email, password))
    except ValueError as error:
        click.echo(f"Could not create the organiser: {error}", err=True)
        sys.exit(1)
    click.echo(f"Organiser {username!r} can log in at /login.")


@main.command()
def worker() -> None:
    """Run the mail dispatcher alone (stops cleanly on SIGTERM or Ctrl-C)."""
    settings = _wired_settings()
    _configure_logging()
    from events.outbox.worker import run_worker

    sent = _run(run_worker(settings))
    click.echo(f"Worker stopped after sending {sent} messages.")


@main.command("mail-test")
@click.option("--to", "to", required=True, help="Address to send the test message to.")
@click.option("--language", type=click.Choice(["nl", "en"]), default="nl", show_default=True)
def mail_test(to: str, language: str) -> None:
    """Send one test message through the configured transport and show the server's answer."""
    settings = _wired_settings()
    from events.outbox.worker import send_test_message

    try:
        status, answer = _run(send_test_message(settings, to, language))
    except ValueError as error:
        click.echo(f"Cannot send: {error}", err=True)
        sys.exit(2)
    transport = settings.smtp_url.split("@")[-1] if settings.smtp_url else "files in var/mail/"
    click.echo(f"Transport: {transport}\nStatus: {status}\nAnswer: {answer}")
    if status != "sent":
        sys.exit(1)


if __name__ == "__main__":
    main()

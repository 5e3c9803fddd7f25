"""`events mail-test`: one message through the configured transport, with the server's answer."""

from __future__ import annotations

import os
import subprocess
import sys

from events.outbox.tables import OutboxMessage
from tests.conftest import TEST_ENVIRONMENT
from tests.mail.conftest import SMTPServer


def mail_test(*arguments: str, **environment: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "events.cli", "mail-test", *arguments],
        env={**os.environ, **TEST_ENVIRONMENT, **environment},
        capture_output=True,
        text=True,
        timeout=60,
    )


async def test_mail_test_reports_the_smtp_answer(smtp_server: SMTPServer) -> None:
    result = mail_test(
        "--to", "ops@example.org", "--language", "en", EVENTS_SMTP_URL=smtp_server.url
    )
    assert result.returncode == 0, result.stderr
    assert "Status: sent" in result.stdout and "Answer: 250" in result.stdout
    [received] = smtp_server.received
    assert received.recipients == ["ops@example.org"]
    assert received.message["Subject"] == "Test message from the practice example parade"
    assert await OutboxMessage.count().where(OutboxMessage.kind == "test") == 1


async def test_mail_test_says_when_the_server_refuses(smtp_server: SMTPServer) -> None:
    smtp_server.handler.refuse["nobody@example.org"] = "550 5.1.1 No such user here"
    result = mail_test("--to", "nobody@example.org", EVENTS_SMTP_URL=smtp_server.url)
    assert result.returncode == 1
    assert "Status: failed" in result.stdout and "550 5.1.1 No such user here" in result.stdout


async def test_mail_test_without_smtp_writes_a_file() -> None:
    result = mail_test("--to", "ops@example.org", EVENTS_SMTP_URL="")
    assert result.returncode == 0, result.stderr
    assert "written to" in result.stdout and ".eml" in result.stdout

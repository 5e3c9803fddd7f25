"""Mail settings: bad values are refused with a message naming the variable."""

from __future__ import annotations

import os

import pytest

from events.mail.transports import SMTPConfig
from events.settings import SettingsError, load_settings


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("EVENTS_SMTP_URL", "http://mail.example.org"),
        ("EVENTS_MAIL_FROM", "not-an-address"),
        ("EVENTS_ORGANISER_EMAIL", "a@example.org\r\nBcc: x@example.net"),
        ("EVENTS_DISPATCHER_ENABLED", "perhaps"),
        ("EVENTS_MAIL_MAX_ATTEMPTS", "0"),
        ("EVENTS_MAIL_CATCHUP_MAX_AGE_HOURS", "soon"),
        ("EVENTS_MAIL_SAFETY_INTERVAL", "0"),
        ("EVENTS_MAIL_BATCH_SIZE", "0"),
    ],
)
def test_bad_mail_settings_name_the_variable(variable: str, value: str) -> None:
    with pytest.raises(SettingsError, match=variable):
        load_settings({**os.environ, variable: value})


def test_smtp_urls() -> None:
    starttls = SMTPConfig.from_url("smtp://user%40x:p%3Ass@mail.example.org:587")
    assert (starttls.hostname, starttls.port, starttls.use_tls) == ("mail.example.org", 587, False)
    assert (starttls.username, starttls.password) == ("user@x", "p:ss")
    tls = SMTPConfig.from_url("smtps://mail.example.org")
    assert (tls.port, tls.use_tls, tls.username) == (465, True, None)
    settings = load_settings({**os.environ, "EVENTS_DISPATCHER_ENABLED": "false"})
    assert settings.dispatcher_enabled is False

"""Fixtures of the announcement tests: a real SMTP server and a seeded event."""

from tests.registration.mailbox import smtp

__all__ = ["smtp"]

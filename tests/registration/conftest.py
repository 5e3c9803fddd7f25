"""Fixtures of the registration tests."""

from tests.registration.mailbox import smtp

__all__ = ["smtp"]

"""Tests of the outbox as a part of its own (its Piccolo app)."""

"""Idempotency keys of the forms that create things: a double submit makes one thing."""

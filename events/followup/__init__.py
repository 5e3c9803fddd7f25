"""Follow-up: the outbox of every e-mail the app sends, and the dispatcher that delivers it."""

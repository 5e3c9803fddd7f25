"""The outbox: the delivery layer every domain uses to send e-mail (tables, enqueue, rendering,
the dispatcher and its builder processes, the worker and the organiser's outbox pages)."""

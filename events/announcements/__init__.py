"""Announcements: an organiser's message to a chosen group of one event's people.

Audiences (`audiences.py`) are worked out from the registrations, seats, check-ins, hosts and
pledges of that event; every person is mailed once however many chosen groups they are in.
Announcements are transactional (about the event itself, to the people it concerns), so no
follow-up consent is needed; unsubscribed and erased people and people without an address are
left out, and the history says so. Delivery goes through the outbox.
"""

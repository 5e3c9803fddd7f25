"""The programme: events, rounds, rooms, sessions, organisations, people, practices, themes."""

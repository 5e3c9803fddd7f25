"""Mail: building MIME messages (text + HTML + iCalendar) and the SMTP / file transports."""

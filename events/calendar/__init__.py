"""Every .ics the app makes: feeds (METHOD:PUBLISH) and e-mail invites (REQUEST / CANCEL)."""

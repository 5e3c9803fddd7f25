"""Registration: participants, workshop seats and waiting lists, consents and manage links."""

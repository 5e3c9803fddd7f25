"""Organiser accounts: roles per event, invitations of colleagues and password resets."""

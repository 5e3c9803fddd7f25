"""Conversation pairs ("dit zou jíj eens moeten doen") and suggestions of people to talk to."""

"""Pledges ("dit ga ik doen"): what participants take home, moderation, day page and wall."""

"""Helpers of scripts/bench: floor server, load generators, database tasks."""

"""Tests of the demo parade."""

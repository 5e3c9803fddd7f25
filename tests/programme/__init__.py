"""Tests of the public programme: pages, JSON API and calendar feeds."""

"""The report of the day: a page, JSON and CSV built from approved public pledges and pairs."""

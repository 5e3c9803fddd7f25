"""Rate limits that hold across workers: hit counters per key and time window in the database."""

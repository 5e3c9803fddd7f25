"""How fresh the public data is: a data version that every write to public data raises.

Database triggers (on PostgreSQL and SQLite alike) add a row to `data_change` for each
statement that writes to a table whose contents public pages show; the data version is the
highest id. It lives in the database, so every worker sees a change on its very next request,
and it only becomes visible when the writing transaction commits. The page cache puts the
version into its keys (`events.web.caching`), so a cached page never outlives the data it shows.
"""

"""The local SQLite store, through sqlite-utils.

One file in the data folder holds settings and the content index. The
schema changes only through the named migrations in `migrations.py`,
applied when the store opens (`store.open_store`). `StoreError` is the one
error this package raises; sqlite3 errors are translated into it at the
edge. Nothing is imported here, so `probe` stays cheap at start-up.
"""

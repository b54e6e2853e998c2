"""The local SQLite store, through sqlite-utils.

One file in the data folder holds settings and the content index. The
schema changes only through the named migrations in `migrations.py`,
applied when the store opens. `StoreError` is the one error this package
raises; sqlite3 errors are translated into it at `open_store`.
"""

from app.store.store import Store, StoreError, open_store

__all__ = ["Store", "StoreError", "open_store"]

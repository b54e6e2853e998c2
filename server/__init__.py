"""Haki's central server: receives sealed reports exactly once and publishes
statistics that are safe to publish.

    python -m server [--host H] [--port 8787] [--db var/haki-server.db] [--suppress 10]

server.settings  the command line           server.db      SQLite: ingest, missing, counts
server.app       the HTTP API (FastAPI)     server.limits  body-size and rate limits (ASGI)
server.stats     the published tables       server.suppress  small-cell suppression
server.testing   helpers for tests: a real server process, a fault-injecting proxy

Errors: server.settings.SettingsError (a bad option, exit 2) and
server.db.DatabaseError (the file cannot be used: exit 2 at start-up, 503
for a request).
"""

"""`python -m sync.send --data-dir D --server URL`: drain the outbox once.

Sends every report the server has not acknowledged (whatever its backoff:
running this is an explicit "send now"), prints a one-line summary, and
exits 0 when no report is left unacknowledged, 1 when some remain (run it
again later), 2 when the data folder cannot be used. Reports in conflict
are kept (and counted), and do not count as remaining.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from app import paths
from app.store.errors import StoreError
from app.store.outbox import Outbox
from app.store.store import open_store
from sync.client import SyncClient
from sync.drain import drain


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m sync.send",
        description="Send the reports waiting in a Haki data folder's outbox to the server.",
    )
    p.add_argument("--data-dir", type=Path, required=True, help="the app's data folder")
    p.add_argument(
        "--server", required=True, help="the server's base URL, e.g. http://127.0.0.1:8787"
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        help="seconds to wait for each answer (default 30; connecting: at most 5)",
    )
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    from app.syncing import ServerUrlError, clean_server_url

    try:
        # as the app's own setting: "haki.example.org" with no scheme went
        # over plain http, the coded answers readable on the way
        server = clean_server_url(args.server)
    except ServerUrlError:
        print(
            f"sync.send: {args.server!r} is not a server address; give one such as "
            "https://haki.example.org",
            file=sys.stderr,
        )
        return 2
    db = paths.db_path(args.data_dir)
    if not db.exists():
        print(f"sync.send: no Haki database in {args.data_dir}", file=sys.stderr)
        return 2
    try:
        store = open_store(db)
    except StoreError as exc:
        print(f"sync.send: {exc}", file=sys.stderr)
        return 2
    client = SyncClient(server, timeout=(min(5.0, args.timeout), args.timeout))
    try:
        summary = drain(Outbox(store), client, everything=True)
    finally:
        client.close()
        store.close()
    print(f"sync.send: {summary.line()}")
    return 0 if summary.remaining == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

"""`python -m server`: serve the API with uvicorn, one worker, no access log."""

from __future__ import annotations

import logging
import os
import signal
import sys
from collections.abc import Callable, Sequence

import uvicorn

from server.app import build_app
from server.db import DatabaseError, open_db
from server.settings import SettingsError, from_args


def kill_after(n: int) -> Callable[[], None]:
    """The test-only fault: SIGKILL this process after the nth commit."""
    count = 0

    def hook() -> None:
        nonlocal count
        count += 1
        if count >= n:
            os.kill(os.getpid(), signal.SIGKILL)

    return hook


def main(argv: Sequence[str] | None = None) -> int:
    try:
        settings = from_args(argv)
        db = open_db(settings.db)
    except (SettingsError, DatabaseError) as exc:
        print(f"python -m server: {exc}", file=sys.stderr)
        return 2
    if settings.fault_after_commit:
        db.after_commit = kill_after(settings.fault_after_commit)
    app = build_app(settings, db)
    # no access log: it would hold addresses and times; errors go to stderr
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        access_log=False,
        log_config=None,
        log_level="warning",
        server_header=False,
        proxy_headers=False,
        timeout_keep_alive=30,
    )
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

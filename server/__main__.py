"""`python -m server`: serve the API with uvicorn, one worker, no access log."""

from __future__ import annotations

import gc
import logging
import os
import signal
import sys
from collections.abc import Callable, Sequence

from app import addresses
from server.db import DatabaseError, open_db
from server.settings import SettingsError, from_args

#: what to install when the server's own dependencies are missing: the app's
#: install (scripts/run.sh) leaves them out
EXTRA_HINT = """.venv/bin/pip install -e '.[server]'"""


def kill_after(n: int) -> Callable[[], None]:
    """The test-only fault: SIGKILL this process after the nth commit."""
    count = 0

    def hook() -> None:
        nonlocal count
        count += 1
        if count >= n:
            os.kill(os.getpid(), signal.SIGKILL)

    return hook


def listening_line(host: str, port: int, db: object) -> str:
    """What the server prints once it can take requests."""
    if host in addresses.EVERY_ADDRESS:
        where = f"port {port} of every address of this machine"
    else:
        where = addresses.url(host, port)
    return f"Haki's server is listening on {where} (database {db})"


def main(argv: Sequence[str] | None = None) -> int:
    try:
        import uvicorn

        from server.app import build_app
        from server.deadlines import with_header_deadline
    except ModuleNotFoundError as exc:
        print(
            f"python -m server: {exc.name} is not installed; the server needs the "
            f"server extra: {EXTRA_HINT}",
            file=sys.stderr,
        )
        return 2
    try:
        settings = from_args(argv)
        sock = addresses.listen(settings.host, settings.port)
    except (SettingsError, addresses.AddressError) as exc:
        print(f"python -m server: {exc}", file=sys.stderr)
        return 2
    try:
        db = open_db(settings.db)
    except DatabaseError as exc:
        sock.close()
        print(f"python -m server: {exc}", file=sys.stderr)
        return 2
    if settings.fault_after_commit:
        db.after_commit = kill_after(settings.fault_after_commit)
    app = build_app(settings, db)
    # no access log: it would hold addresses and times; errors go to stderr
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    config = uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        access_log=False,
        log_config=None,
        log_level="warning",
        server_header=False,
        proxy_headers=False,
        timeout_keep_alive=30,
        http=with_header_deadline(settings.slow) if settings.slow else "auto",
    )
    config.load()  # imports the protocol and middleware, before the freeze
    # What start-up made (modules, models, CLDR's data) lives as long as the
    # server. Each full collection went through all of it again, 70,000
    # objects: a 35 ms pause of every request, every few seconds under load,
    # which set the p95 latency of batches. Kept out of collections, it is
    # scanned no more; what requests make is collected as before.
    gc.collect()
    gc.freeze()
    print(listening_line(settings.host, settings.port, settings.db), flush=True)
    uvicorn.Server(config).run(sockets=[sock])
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

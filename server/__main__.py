"""`python -m server`: serve the API with uvicorn, one worker, no access log."""

from __future__ import annotations

import logging
import os
import signal
import socket
import sys
from collections.abc import Callable, Sequence

import uvicorn

from server.app import build_app
from server.db import DatabaseError, open_db
from server.deadlines import with_header_deadline
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


def listen(host: str, port: int) -> socket.socket:
    """The server's socket, bound before anything else is done: a port in
    use ends the start with one line, before a database file is made."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        sock = socket.socket(family, socket.SOCK_STREAM)
    except OSError as exc:
        raise SettingsError(f"cannot listen on {host}: {exc.strerror}") from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise SettingsError(f"cannot listen on {host} port {port}: {exc.strerror}") from None
    return sock


def main(argv: Sequence[str] | None = None) -> int:
    try:
        settings = from_args(argv)
        sock = listen(settings.host, settings.port)
    except SettingsError as exc:
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
    uvicorn.Server(config).run(sockets=[sock])
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The server's settings: built once from the command line and passed down."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8787
DEFAULT_DB = Path("var") / "haki-server.db"
#: the folder `python -m server.content publish` writes and the server serves
DEFAULT_CONTENT = Path("var") / "content"
DEFAULT_SUPPRESS = 10
MIN_SUPPRESS = 3
#: largest request body, sent or inflated: a full batch of 100 envelopes
#: with the largest sealed part allowed is about 1.7 MB
DEFAULT_MAX_BODY = 2 * 1024 * 1024
DEFAULT_RATE = 20.0
DEFAULT_BURST = 200
#: seconds a client has to send a request's headers, and then its body: a
#: batch from a phone on 2G (30 KB at 2 KB/s) takes 15
DEFAULT_SLOW = 60.0


class SettingsError(ValueError):
    """A setting that cannot be used, with a reason fit for one line."""


@dataclass(frozen=True)
class ServerSettings:
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    db: Path = DEFAULT_DB
    content: Path = DEFAULT_CONTENT
    #: counts under this are never published (zeros included)
    suppress: int = DEFAULT_SUPPRESS
    max_body: int = DEFAULT_MAX_BODY
    #: requests per second allowed from one address (0: no limit), and burst
    rate: float = DEFAULT_RATE
    burst: int = DEFAULT_BURST
    #: seconds to send a request's headers, and then its body (0: no limit)
    slow: float = DEFAULT_SLOW
    #: TESTS ONLY: after this many committed batches, the process kills
    #: itself before answering (0: never)
    fault_after_commit: int = 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m server",
        description="Haki's central server: receives sealed reports and publishes "
        "statistics with small cells suppressed.",
    )
    p.add_argument("--host", default=DEFAULT_HOST, help=f"address (default {DEFAULT_HOST})")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    p.add_argument(
        "--db",
        default=str(DEFAULT_DB),
        help=f"SQLite file, created if missing (default {DEFAULT_DB})",
    )
    p.add_argument(
        "--content",
        type=Path,
        default=DEFAULT_CONTENT,
        metavar="DIR",
        help="the published content updates (python -m server.content publish), served "
        f"to devices (default {DEFAULT_CONTENT})",
    )
    p.add_argument(
        "--suppress",
        type=int,
        default=DEFAULT_SUPPRESS,
        metavar="N",
        help=f"suppress counts under N in statistics (default {DEFAULT_SUPPRESS}, at least "
        f"{MIN_SUPPRESS})",
    )
    p.add_argument(
        "--max-body",
        type=int,
        default=DEFAULT_MAX_BODY,
        metavar="BYTES",
        help=f"largest request body, before and after gzip (default {DEFAULT_MAX_BODY})",
    )
    p.add_argument(
        "--rate",
        type=float,
        default=DEFAULT_RATE,
        help=f"requests per second from one address, 0 for no limit (default {DEFAULT_RATE:g})",
    )
    p.add_argument(
        "--burst",
        type=int,
        default=DEFAULT_BURST,
        help=f"requests one address may send at once (default {DEFAULT_BURST})",
    )
    p.add_argument(
        "--slow",
        type=float,
        default=DEFAULT_SLOW,
        metavar="SECONDS",
        help="seconds a client has to send a request's headers, and then its body, before "
        f"the connection is closed; 0 for no limit (default {DEFAULT_SLOW:g})",
    )
    p.add_argument(
        "--fault-after-commit",
        type=int,
        default=0,
        metavar="N",
        help="TESTS ONLY: kill this process (SIGKILL) right after the Nth batch "
        "is committed, before answering it",
    )
    return p


def from_args(argv: Sequence[str] | None = None) -> ServerSettings:
    args = parser().parse_args(argv)
    if not 0 < args.port < 65536:
        raise SettingsError(f"port {args.port} is not between 1 and 65535")
    if args.db.startswith(("postgresql:", "postgres:")):
        raise SettingsError("PostgreSQL is not supported yet; give a SQLite file path")
    if args.suppress < MIN_SUPPRESS:
        raise SettingsError(
            f"--suppress must be {MIN_SUPPRESS} or more: under it, counts of one or two "
            "reports would be published"
        )
    if args.max_body < 1024:
        raise SettingsError("--max-body must be at least 1024 bytes")
    if args.rate < 0 or args.burst < 1:
        raise SettingsError("--rate must be 0 or more and --burst 1 or more")
    if not args.slow >= 0:  # NaN too
        raise SettingsError("--slow must be 0 or more seconds")
    return ServerSettings(
        host=args.host,
        port=args.port,
        db=Path(args.db),
        content=args.content,
        suppress=args.suppress,
        max_body=args.max_body,
        rate=args.rate,
        burst=args.burst,
        slow=args.slow,
        fault_after_commit=max(0, args.fault_after_commit),
    )

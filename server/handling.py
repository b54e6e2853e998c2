"""`python -m server.handling --db FILE --status STATUS ID [ID ...]`: tell
the workers who sent these reports what the organisation has done.

Workers asked for more than "received": a named organisation that answers,
and where their report stands. After reading reports
(`python -m server.open_reports`), staff record for each report one of:

    read    someone at the organisation has read it
    acting  the organisation is acting on it
    closed  the organisation has finished with it

The app asks the server about the reports it holds when it syncs, and says
the status in the worker's own language beside the report in "My reports".
Only the code travels: write nothing here that a worker's employer should
not see on the phone. Ids come as arguments, or one per line (the first
CSV column, as open_reports writes it, works too) with `--ids FILE`.

Run it on the server's database (a running server goes on meanwhile).
Exit 0 when every id was recorded; 1 when some are not held (they are
listed; the others are recorded); 2 when nothing could be done.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path
from uuid import UUID

from app.core.codes import Handling
from server.db import DatabaseError, iso_week, open_db
from server.wording import counted


def read_ids(texts: Sequence[str]) -> tuple[list[UUID], list[str]]:
    """(report ids, texts that are not one); a header such as "report_id"
    and empty lines are skipped."""
    ids: list[UUID] = []
    bad: list[str] = []
    for text in texts:
        cell = text.split(",", 1)[0].strip().strip('"')
        if not cell or cell == "report_id":
            continue
        try:
            ids.append(UUID(cell))
        except ValueError:
            bad.append(cell[:60])
    return list(dict.fromkeys(ids)), bad


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m server.handling",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--db", type=Path, required=True, help="the server's database")
    p.add_argument("--status", required=True, choices=[f.value for f in Handling])
    p.add_argument("ids", nargs="*", metavar="ID", help="report ids")
    p.add_argument("--ids", dest="ids_file", type=Path, help="a file with one id per line")
    args = p.parse_args(argv)
    texts = list(args.ids)
    if args.ids_file is not None:
        try:
            texts += args.ids_file.read_text("utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else "it is not text"
            print(
                f"python -m server.handling: cannot read {args.ids_file}: {reason}",
                file=sys.stderr,
            )
            return 2
    ids, bad = read_ids(texts)
    if bad:
        print(f"python -m server.handling: not report ids: {', '.join(bad)}", file=sys.stderr)
        return 2
    if not ids:
        print("python -m server.handling: no report id given", file=sys.stderr)
        return 2
    if not args.db.is_file():
        print(f"python -m server.handling: no database at {args.db}", file=sys.stderr)
        return 2
    try:
        db = open_db(args.db)
        try:
            # a phone stops asking about a report once it saw it closed
            closed = [i for i, h in db.handling_of(ids) if h == Handling.CLOSED.value]
            unknown = db.set_handling(ids, args.status, iso_week(dt.date.today()))
        finally:
            db.close()
    except DatabaseError as exc:
        print(f"python -m server.handling: {exc}", file=sys.stderr)
        return 2
    print(f"{counted(len(ids) - len(unknown), 'report')} marked {args.status}")
    if closed and args.status != Handling.CLOSED.value:
        print(
            f"{len(closed)} of them {'was' if len(closed) == 1 else 'were'} closed: a "
            "phone that has seen that no longer asks, and goes on saying the "
            "organisation has finished with it",
            file=sys.stderr,
        )
    if unknown:
        listed = ", ".join(str(i) for i in unknown)
        print(f"not held by this server, so not marked: {listed}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`python -m server.open_reports --db FILE --key FILE`: the reports, opened.

For the organisation the reports are sealed to, so that someone can read
what workers wrote and answer those who asked to be contacted. Run it where
the private key is kept, on a copy of the server's database (the key never
goes on the server; `sqlite3 var/haki-server.db ".backup copy.db"` makes a
consistent copy while the server runs). The database is opened read-only.

One row per report, week by week as received (the database keeps no finer
order): the coded part the server holds, "opened", then the sealed part
under the names of `app.core.report_anonymise.SEALED_NAMES`. CSV by
default, for a spreadsheet: a cell that begins like a formula ("=", "+",
"-", "@") gets a leading "'" so that a spreadsheet shows it instead of
running it, since anyone can type anything into a report. `--format jsonl` keeps every value
as it is.

Exit 0 when every report opened; 1 when some did not open with this key
(they are listed with opened "no", and counted on stderr); 2 when the
database or the key file cannot be used.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sqlite3
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from app.core.report_anonymise import SEALED_NAMES
from app.core.report_sealing import SealingError, open_sealed
from server.db import COLUMNS, DatabaseError, open_read_only, stored_reports
from server.keys import KeyFileError, read_private_key
from server.wording import counted

#: the clear columns written, as the server stores them
CLEAR = tuple(c for c in COLUMNS if c not in ("schema_version", "sealed"))
FIELDS = (*CLEAR, "opened", *SEALED_NAMES.values(), "other")
WEEK = re.compile(r"[0-9]{4}-W(0[1-9]|[1-4][0-9]|5[0-3])")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Counts:
    reports: int = 0
    opened: int = 0
    not_opened: int = 0

    def line(self) -> str:
        text = f"{counted(self.reports, 'report')}, {self.opened} opened"
        if self.not_opened:
            text += (
                f", {self.not_opened} could not be opened with this key (sealed to "
                "another key, or damaged)"
            )
        return text


def opened_reports(
    rows: Iterable[dict[str, object]], private_key: bytes, counts: Counts
) -> Iterator[dict[str, object]]:
    """Each stored row with its sealed part opened: clear columns, "opened",
    then the sealed values by name (unknown keys under "other")."""
    for row in rows:
        record: dict[str, object] = {c: row[c] for c in CLEAR}
        record["report_id"] = str(row["report_id"])
        record["categories"] = str(row["categories"]).split(",")
        counts.reports += 1
        try:
            sealed = open_sealed(str(row["sealed"]), private_key)
        except SealingError:
            counts.not_opened += 1
            record["opened"] = False
            yield record
            continue
        counts.opened += 1
        record["opened"] = True
        other = {k: v for k, v in sealed.items() if k not in SEALED_NAMES}
        record.update((name, sealed[k]) for k, name in SEALED_NAMES.items() if k in sealed)
        if other:
            record["other"] = other
        yield record


def cell(value: object) -> str:
    """One CSV cell: lists joined, yes/no for flags, formulas defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, list):
        text = "; ".join(" ".join(map(str, v)) if isinstance(v, list) else str(v) for v in value)
    elif isinstance(value, dict):
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    else:
        text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def write_csv(records: Iterable[dict[str, object]], out: TextIO) -> None:
    writer = csv.writer(out)
    writer.writerow(FIELDS)
    for record in records:
        consent = record.get("contact_consent")
        if consent is not None:
            record["contact_consent"] = consent == 1
        writer.writerow(cell(record.get(f)) for f in FIELDS)


def write_jsonl(records: Iterable[dict[str, object]], out: TextIO) -> None:
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m server.open_reports",
        description="Open the sealed part of every report with the organisation's private "
        "key: the workers' own words, names and contact details, beside the coded answers.",
    )
    p.add_argument("--db", type=Path, required=True, help="the server's database (or a copy)")
    p.add_argument(
        "--key", type=Path, required=True, help="the private key file (python -m server.keys)"
    )
    p.add_argument("--format", choices=("csv", "jsonl"), default="csv", help="default csv")
    p.add_argument(
        "--out", type=Path, help="write to this file (readable by its owner only), not stdout"
    )
    p.add_argument(
        "--since", metavar="WEEK", default="", help="received in WEEK or later, e.g. 2026-W48"
    )
    p.add_argument(
        "--contact",
        action="store_true",
        help="only the reports whose writers asked to be contacted",
    )
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.since and not WEEK.fullmatch(args.since):
        print(
            f"server.open_reports: --since {args.since}: a week is written 2026-W48",
            file=sys.stderr,
        )
        return 2
    try:
        key = read_private_key(args.key)
        conn = open_read_only(args.db)
    except (KeyFileError, DatabaseError) as exc:
        print(f"server.open_reports: {exc}", file=sys.stderr)
        return 2
    if args.key.stat().st_mode & 0o077:
        print(
            f"server.open_reports: warning: others on this computer can read {args.key}; "
            f"chmod 600 {args.key}",
            file=sys.stderr,
        )
    counts = Counts()
    records = opened_reports(stored_reports(conn, args.since), key, counts)
    if args.contact:
        records = (r for r in records if r.get("contact_consent") == 1)
    write = write_csv if args.format == "csv" else write_jsonl
    try:
        if args.out is None:
            try:
                write(records, sys.stdout)
                sys.stdout.flush()
            except BrokenPipeError:  # a reader such as `head` stopped reading: fine
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        else:
            # not through a link: the reports would land wherever it points
            flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW
            fd = os.open(args.out, flags, 0o600)
            os.fchmod(fd, 0o600)
            with open(fd, "w", encoding="utf-8", newline="") as out:
                write(records, out)
    except OSError as exc:
        print(f"server.open_reports: cannot write {args.out}: {exc.strerror}", file=sys.stderr)
        return 2
    except sqlite3.Error as exc:
        print(f"server.open_reports: cannot read {args.db}: {exc}", file=sys.stderr)
        return 2
    finally:
        conn.close()
    print(f"server.open_reports: {counts.line()}", file=sys.stderr)
    if counts.reports and not counts.opened:
        print(
            "server.open_reports: none opened: is this the private key whose public half "
            "is in the app's config/haki.toml?",
            file=sys.stderr,
        )
    return 1 if counts.not_opened else 0


if __name__ == "__main__":
    sys.exit(main())

"""Yardstick for bench.sync: the least a server can do with a batch of
reports, measured beside Haki's server in the same run.

One FastAPI route, served by uvicorn as `python -m server` is (one worker,
no access log): gunzip the body, validate it with `model_validate_json`
(the same protocol model), insert the rows into the same table (WAL,
synchronous=FULL, one commit per batch) and answer every report
"accepted". No body or rate limit, no duplicate or conflict check, no
group commit. Haki's client can drain an outbox into it, since the answer
has the protocol's shape.

    python -m bench.minimal_server --port P --db PATH
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
from pathlib import Path

import uvicorn
from fastapi import FastAPI, Request, Response

from server.db import INSERT, iso_week, open_db, row_of
from sync.protocol import API_PREFIX, ReportBatch


def build(db_path: Path) -> FastAPI:
    db = open_db(db_path)
    app = FastAPI()

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.post(f"{API_PREFIX}/reports")
    async def post_reports(request: Request) -> Response:
        body = await request.body()
        if request.headers.get("content-encoding") == "gzip":
            body = gzip.decompress(body)
        batch = ReportBatch.model_validate_json(body)
        week = iso_week(dt.date.today())
        db.conn.execute("begin immediate")
        db.conn.executemany(INSERT, [row_of(e, week) for e in batch.reports])
        db.conn.execute("commit")
        results = ",".join(
            f'{{"report_id":"{e.report_id}","outcome":"accepted"}}' for e in batch.reports
        )
        return Response(f'{{"results":[{results}]}}', media_type="application/json")

    return app


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.minimal_server")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--db", type=Path, required=True)
    args = parser.parse_args()
    uvicorn.run(
        build(args.db),
        host="127.0.0.1",
        port=args.port,
        access_log=False,
        log_config=None,
        log_level="warning",
    )


if __name__ == "__main__":
    main()

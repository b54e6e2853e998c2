"""The server's API over HTTP on 127.0.0.1 (served in a thread, with
the test's own clock): idempotent ingest, /missing, limits and
refusals (always 4xx with a reason), the stamped week, what is stored."""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import json
import random
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from nacl.public import PrivateKey

from server.app import build_app
from server.db import COLUMNS, ReportDB, open_db
from server.settings import ServerSettings
from server.testing import ServerThread, synthetic_envelope
from sync.protocol import BatchAnswer, Envelope, MissingAnswer, StatsAnswer

JSON = {"content-type": "application/json"}
GZIP = {**JSON, "content-encoding": "gzip"}
TODAY = dt.date(2026, 3, 4)  # ISO week 2026-W10


@pytest.fixture(scope="module")
def key() -> bytes:
    return bytes(PrivateKey.generate().public_key)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[ReportDB]:
    d = open_db(tmp_path / "server.db")
    yield d
    d.close()


@pytest.fixture
def serve(db: ReportDB) -> Iterator[Callable[..., httpx.Client]]:
    """Serve an app on `db` with these settings (no rate limit unless
    given) and today's date from `today`; a client for it."""
    with contextlib.ExitStack() as stack:

        def start(today: Callable[[], dt.date] = lambda: TODAY, **settings: object) -> httpx.Client:
            options: dict[str, object] = {"rate": 0.0, **settings}
            app = build_app(ServerSettings(**options), db, today=today)  # type: ignore[arg-type]
            server = stack.enter_context(ServerThread(app))
            return stack.enter_context(httpx.Client(base_url=server.url))

        yield start


@pytest.fixture
def client(serve: Callable[..., httpx.Client]) -> httpx.Client:
    return serve()


def envelopes(key: bytes, n: int, seed: int = 1) -> list[Envelope]:
    rng = random.Random(seed)
    return [synthetic_envelope(rng, key) for _ in range(n)]


def batch(envs: list[Envelope]) -> bytes:
    return ('{"reports":[' + ",".join(e.model_dump_json() for e in envs) + "]}").encode()


def outcomes(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [r.outcome.value for r in BatchAnswer.model_validate_json(response.content).results]


def test_same_report_twice_is_stored_once(client, db, key):
    envs = envelopes(key, 3)
    assert (
        outcomes(client.post("/api/v1/reports", content=batch(envs), headers=JSON))
        == ["accepted"] * 3
    )
    again = client.post("/api/v1/reports", content=batch(envs), headers=JSON)
    assert outcomes(again) == ["duplicate"] * 3
    assert db.total() == 3


def test_same_id_other_content_is_a_conflict_and_the_first_is_kept(client, db, key):
    first, other = envelopes(key, 2)
    changed = other.model_copy(update={"report_id": first.report_id})
    assert outcomes(client.post("/api/v1/reports", content=batch([first]), headers=JSON)) == [
        "accepted"
    ]
    assert outcomes(client.post("/api/v1/reports", content=batch([changed]), headers=JSON)) == [
        "conflict"
    ]
    (sealed,) = db.conn.execute("select sealed from reports").fetchone()
    assert sealed == first.sealed and db.total() == 1


def test_a_repeat_within_one_batch(client, db, key):
    a, b = envelopes(key, 2)
    b_as_a = b.model_copy(update={"report_id": a.report_id})
    got = outcomes(client.post("/api/v1/reports", content=batch([a, a, b_as_a]), headers=JSON))
    assert got == ["accepted", "duplicate", "conflict"]
    assert db.total() == 1


def test_gzip_batches_are_accepted(client, key):
    envs = envelopes(key, 100)
    body = gzip.compress(batch(envs))
    assert len(body) < len(batch(envs)) / 2
    response = client.post("/api/v1/reports", content=body, headers=GZIP)
    assert outcomes(response) == ["accepted"] * 100
    ids = [str(r.report_id) for r in BatchAnswer.model_validate_json(response.content).results]
    assert ids == [str(e.report_id) for e in envs]


def test_missing_names_the_ids_not_held(client, key):
    envs = envelopes(key, 2)
    client.post("/api/v1/reports", content=batch(envs[:1]), headers=JSON)
    body = json.dumps({"report_ids": [str(e.report_id) for e in envs]})
    response = client.post("/api/v1/reports/missing", content=body, headers=JSON)
    assert response.status_code == 200
    assert MissingAnswer.model_validate_json(response.content).missing == [envs[1].report_id]


def test_the_server_stamps_the_week_and_keeps_nothing_of_the_request(client, db, key, tmp_path):
    client.post("/api/v1/reports", content=batch(envelopes(key, 1)), headers=JSON)
    row = dict(
        zip(
            COLUMNS,
            db.conn.execute(f"select {', '.join(COLUMNS)} from reports").fetchone(),
            strict=True,
        )
    )
    assert row["received_week"] == "2026-W10"
    columns = [r[1] for r in db.conn.execute("pragma table_info(reports)")]
    # no address, agent, time or anything else; only which statistics count it
    assert columns == [*COLUMNS, "snapshot"]
    with pytest.raises(sqlite3.OperationalError):  # nor the order reports came in
        db.conn.execute("select rowid from reports")
    # nor the address or the agent the request came with, anywhere in the files
    stored = b"".join(f.read_bytes() for f in tmp_path.glob("server.db*"))
    assert envelopes(key, 1)[0].report_id.bytes in stored  # the row is in them
    assert b"127.0.0.1" not in stored and client.headers["user-agent"].encode() not in stored


# -- refusals: 4xx with a reason, never 5xx ------------------------------------


def refusal(response, status: int) -> str:
    assert response.status_code == status, (response.status_code, response.text)
    detail = response.json()["detail"]
    assert isinstance(detail, str) and detail
    return detail


def test_a_code_that_names_no_country_is_refused(client, db, key):
    """Each would become a column of the statistics ("XX", "ZZ")."""
    good, other = envelopes(key, 2, seed=12)
    made_up = other.model_copy(update={"clear": other.clear.model_copy(update={"origin": "XX"})})
    reason = refusal(
        client.post("/api/v1/reports", content=batch([good, made_up]), headers=JSON), 422
    )
    assert reason == "reports.1.clear.origin: XX is not a country's ISO 3166 code"
    assert db.total() == 0
    assert client.post("/api/v1/reports", content=batch([good]), headers=JSON).status_code == 200


def test_a_region_haki_does_not_offer_is_refused(client, db, key):
    good, other = envelopes(key, 2, seed=13)
    made_up = other.model_copy(
        update={"clear": other.clear.model_copy(update={"destination": "QA", "region": "QA-ZZZ"})}
    )
    reason = refusal(
        client.post("/api/v1/reports", content=batch([good, made_up]), headers=JSON), 422
    )
    assert reason == "reports.1.clear.region: QA-ZZZ is not a region Haki knows"
    assert db.total() == 0
    known = other.model_copy(
        update={"clear": other.clear.model_copy(update={"destination": "SA", "region": "SA-01"})}
    )
    assert client.post("/api/v1/reports", content=batch([good, known]), headers=JSON).json() == {
        "results": [{"report_id": str(e.report_id), "outcome": "accepted"} for e in (good, known)]
    }


@pytest.mark.parametrize("month", ["201\u0665-03", "20\u0661\u0665-03", "201\uff15-03"])
def test_a_month_in_other_digits_is_refused(client, db, key, month):
    """The month "2015-03" in Arabic-Indic or full-width digits: each would
    be a month column of its own, past the cap on month columns."""
    (env,) = envelopes(key, 1, seed=15)
    data = json.loads(env.model_dump_json())
    data["clear"]["month"] = month
    body = json.dumps({"reports": [data]}).encode()
    assert "reports.0.clear.month" in refusal(
        client.post("/api/v1/reports", content=body, headers=JSON), 422
    )
    assert db.total() == 0


@pytest.mark.parametrize("sealed", ["A" * 69, "A" * 70 + "=", "A" * 68 + "="])
def test_a_sealed_part_that_is_not_base64_is_refused(client, db, key, sealed):
    """Characters that do not decode could never be opened by the organisation."""
    (env,) = envelopes(key, 1, seed=14)
    body = batch([env]).replace(env.sealed.encode(), sealed.encode())
    reason = refusal(client.post("/api/v1/reports", content=body, headers=JSON), 422)
    assert reason.startswith("reports.0.sealed: String should match pattern")
    assert db.total() == 0


def test_the_database_is_the_servers_account_only(tmp_path: Path, key):
    d = open_db(tmp_path / "var" / "server.db")
    d.ingest(envelopes(key, 1), "2026-W01")
    for name in ("server.db", "server.db-wal", "server.db-shm"):
        assert (tmp_path / "var" / name).stat().st_mode & 0o777 == 0o600, name
    assert (tmp_path / "var").stat().st_mode & 0o777 == 0o700
    d.close()


def test_health_answers_head_too(client):
    assert client.head("/healthz").status_code == 200
    assert client.get("/healthz").json() == {"status": "ok"}


def test_a_zip_bomb_gets_413(serve, db, key):
    client = serve(max_body=64 * 1024)
    bomb = gzip.compress(b'{"reports":[' + b" " * (50 * 1024 * 1024) + b"]}")
    assert len(bomb) < 64 * 1024
    assert "inflated" in refusal(client.post("/api/v1/reports", content=bomb, headers=GZIP), 413)


def test_a_body_over_the_limit_gets_413_by_length_and_by_bytes(serve, db):
    client = serve(max_body=4096)
    big = b"x" * 5000
    refusal(client.post("/api/v1/reports", content=big, headers=JSON), 413)

    def chunks():  # no Content-Length: counted as it streams
        for _ in range(10):
            yield b"x" * 1000

    refusal(client.post("/api/v1/reports", content=chunks(), headers=JSON), 413)


@pytest.mark.parametrize(
    ("body", "headers", "status", "words"),
    [
        (b"not json", JSON, 400, "not JSON"),
        (b'{"reports": []}', JSON, 422, "reports"),
        (b'{"reports": [{"report_id": "x"}]}', JSON, 422, "report_id"),
        (b'{"reports": [], "extra": 1}', JSON, 422, "extra"),
        (b"{}", {"content-type": "text/plain"}, 415, "application/json"),
        (b"{}", {**JSON, "content-encoding": "br"}, 415, "gzip"),
        (b"\x1f\x8b\x08\x00garbage", GZIP, 400, "gzip"),
        (gzip.compress(b"{}")[:-6], GZIP, 400, "cut short"),
        (gzip.compress(b"{}") + b"tail", GZIP, 400, "after the end"),
    ],
)
def test_bad_input_gets_a_4xx_with_a_reason(client, body, headers, status, words):
    assert words in refusal(client.post("/api/v1/reports", content=body, headers=headers), status)


def test_two_content_encodings_are_refused(client):
    """Which of the two the body is in would be a guess."""
    headers = [("content-type", "application/json")] + [
        ("content-encoding", e) for e in ("gzip", "identity")
    ]
    body = gzip.compress(b'{"reports": []}')
    assert "one Content-Encoding" in refusal(
        client.post("/api/v1/reports", content=body, headers=headers), 415
    )


def test_a_batch_over_100_is_refused(client, key):
    envs = envelopes(key, 101)
    assert "100" in refusal(client.post("/api/v1/reports", content=batch(envs), headers=JSON), 422)


def test_an_envelope_breaking_the_protocol_is_refused_with_where(client, key):
    (env,) = envelopes(key, 1)
    data = json.loads(env.model_dump_json())
    data["clear"]["categories"] = ["wages", "fees"]  # not sorted
    data["clear"]["indicators"] = ["debt_bondage", "withholding_of_wages"]
    body = json.dumps({"reports": [data]}).encode()
    detail = refusal(client.post("/api/v1/reports", content=body, headers=JSON), 422)
    assert "reports.0.clear" in detail and "sorted" in detail


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("schema_version", True, "integer"),  # a lax parser reads true and 1.0 as 1
        ("schema_version", 1.0, "integer"),
        ("schema_version", 2, "less than or equal to 1"),
        ("sealed", "AAAA", "at least 68"),  # shorter than any sealed box
    ],
)
def test_an_envelope_field_of_the_wrong_kind_is_refused(client, db, key, field, value, words):
    (env,) = envelopes(key, 1, seed=14)
    data = json.loads(env.model_dump_json())
    data[field] = value
    body = json.dumps({"reports": [data]}).encode()
    detail = refusal(client.post("/api/v1/reports", content=body, headers=JSON), 422)
    assert f"reports.0.{field}" in detail and words in detail
    assert db.total() == 0


def test_too_many_requests_from_one_address_get_429(serve, db):
    client = serve(rate=1.0, burst=3)
    got = [client.get("/api/v1/stats").status_code for _ in range(5)]
    assert got[:3] == [200, 200, 200] and got[3:] == [429, 429]
    limited = client.get("/api/v1/stats")
    assert int(limited.headers["retry-after"]) >= 1
    assert client.get("/healthz").status_code == 200  # health checks are not counted


def test_a_database_failure_is_503_not_500(client, db, key):
    db.conn.execute("pragma query_only = on")
    response = client.post("/api/v1/reports", content=batch(envelopes(key, 1)), headers=JSON)
    refusal(response, 503)
    assert response.headers["retry-after"]


def test_unknown_paths_and_methods(client):
    refusal(client.get("/api/v1/nothing"), 404)
    refusal(client.get("/api/v1/reports"), 405)


# -- the rest of the API ---------------------------------------------------------


def test_health_and_openapi(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    schema = client.get("/openapi.json").json()
    paths = schema["paths"]
    assert {"/api/v1/reports", "/api/v1/reports/missing", "/api/v1/stats", "/healthz"} <= set(paths)
    body = paths["/api/v1/reports"]["post"]["requestBody"]["content"]["application/json"]
    assert body["schema"] == {"$ref": "#/components/schemas/ReportBatch"}
    components = schema["components"]["schemas"]
    assert {"ReportBatch", "Envelope", "ClearPart", "MissingQuery", "StatsAnswer"} <= set(
        components
    )
    assert "413" in paths["/api/v1/reports"]["post"]["responses"]


def test_stats_count_what_was_stored(client, key):
    envs = envelopes(key, 100, seed=5)
    for i in range(0, 100, 50):
        client.post("/api/v1/reports", content=batch(envs[i : i + 50]), headers=JSON)
    stats = StatsAnswer.model_validate_json(client.get("/api/v1/stats").content)
    assert stats.total == 100 and stats.threshold == 10
    wages = stats.categories.sex.rows.index("wages")
    assert stats.categories.sex.row_totals[wages] in (
        None,
        sum("wages" in e.clear.categories for e in envs),
    )


def test_the_statistics_move_only_by_the_threshold_once_a_week(serve, db, key):
    """Two versions never differ by fewer reports than the threshold, and
    come at most once a week, each after the first counting only weeks
    that are over: comparing them cannot tell what one report said, nor
    when it came (a QA pass, reading again and again, saw the total move
    at the tenth report of a week), and nobody can choose when the next is
    taken."""
    day = [TODAY]
    client = serve(today=lambda: day[0])

    def total() -> int:
        return StatsAnswer.model_validate_json(client.get("/api/v1/stats").content).total

    envs = envelopes(key, 48, seed=9)
    assert total() == 0
    client.post("/api/v1/reports", content=batch(envs[:2]), headers=JSON)
    assert total() == 0 and db.total() == 2
    client.post("/api/v1/reports", content=batch(envs[2:10]), headers=JSON)
    assert total() == 10  # the first version: as soon as there are enough
    before = client.get("/api/v1/stats").json()
    client.post("/api/v1/reports", content=batch(envs[10:30]), headers=JSON)
    assert client.get("/api/v1/stats").json() == before  # the same week: nothing moves
    day[0] += dt.timedelta(days=7)
    client.post("/api/v1/reports", content=batch(envs[30:45]), headers=JSON)
    assert total() == 30  # last week's, whenever read; never this week's
    day[0] += dt.timedelta(days=7)
    assert total() == 45
    client.post("/api/v1/reports", content=batch(envs[45:]), headers=JSON)
    day[0] += dt.timedelta(days=7)
    assert total() == 45 and db.total() == 48  # 3 are too few


def test_the_store_is_wal_with_full_sync(db):
    assert db.conn.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert db.conn.execute("pragma synchronous").fetchone()[0] == 2  # FULL


def test_a_newer_schema_is_refused(tmp_path):
    path = tmp_path / "s.db"
    conn = sqlite3.connect(path)
    conn.execute("pragma user_version = 99")
    conn.close()
    from server.db import DatabaseError

    with pytest.raises(DatabaseError, match="99"):
        open_db(path)


def test_report_ids_are_uuid4_in_every_answer(client, key):
    env = envelopes(key, 1)[0]
    data = json.loads(env.model_dump_json())
    data["report_id"] = str(uuid.uuid1())
    body = json.dumps({"reports": [data]}).encode()
    refusal(client.post("/api/v1/reports", content=body, headers=JSON), 422)


def test_a_trailing_slash_is_not_found_not_redirected(client, key):
    """A redirect would be built from the request's own Host header."""
    answer = client.post(
        "/api/v1/reports/", content=batch(envelopes(key, 1)), headers=JSON, follow_redirects=False
    )
    assert answer.status_code == 404 and "location" not in answer.headers

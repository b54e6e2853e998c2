"""The HTTP API (FastAPI): what each route takes and answers.

Routes read the raw body and validate it with the wire protocol's own
models (`model_validate_json`, the fastest path pydantic has), so the
OpenAPI schema names those models explicitly. Every refusal is a 4xx with a
`{"detail": reason}` body; bad input never causes a 5xx. Nothing from a
request is logged.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gzip
from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import FastAPI, HTTPException, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, ValidationError

from app.core.report_places import is_country, regions_of
from server.content import PublishedContent
from server.db import DatabaseError, GroupWriter, ReportDB, iso_week
from server.limits import BodyLimit, RateLimit
from server.settings import ServerSettings
from server.stats import build_stats, next_month
from sync.content_protocol import CONTENT_PREFIX, FilesAnswer, FilesQuery, SignedManifest
from sync.protocol import (
    API_PREFIX,
    KNOWN_HANDLING,
    BatchAnswer,
    HandlingAnswer,
    HandlingQuery,
    Health,
    MissingAnswer,
    MissingQuery,
    Outcome,
    Problem,
    ReportBatch,
    ReportHandling,
    StatsAnswer,
)

M = TypeVar("M", bound=BaseModel)

JSON = "application/json"
#: the end of one result in a batch answer, after its report id
_RESULT_TAIL = {o: f'","outcome":"{o.value}"}}' for o in Outcome}


def _problems(*codes: int) -> dict[int | str, dict[str, Any]]:
    reasons = {
        400: "The body is not JSON, or not valid gzip",
        404: "No content is published, or no file with that sha256",
        413: "The body is too large, sent or inflated",
        415: "The body is not JSON, or is encoded other than gzip",
        422: "The body does not follow the protocol; the reason says where",
        429: "Too many requests from this address; see Retry-After",
        503: "The database cannot take reports now; try again later",
    }
    return {c: {"model": Problem, "description": reasons[c]} for c in codes}


#: a report id as UUIDv4 text (the protocol's UUID4, stated for the schema)
UUID4_PATTERN = (
    "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$"
)

EXAMPLE_ID = "5b0c3f5e-8a3d-4f6e-9c1b-2d7e4a9f0b13"
EXAMPLES: dict[str, Any] = {
    "ReportBatch": {
        "reports": [
            {
                "report_id": EXAMPLE_ID,
                "schema_version": 1,
                "clear": {
                    "categories": ["fees", "passport"],
                    "indicators": ["debt_bondage", "retention_of_documents"],
                    "destination": "QA",
                    "origin": "NP",
                    "region": None,
                    "sector": "construction",
                    "month": "2026-02",
                    "age_band": "25_34",
                    "sex": "male",
                    "migration_status": "work_permit",
                    "cost_band": "3_6",
                },
                "sealed": "c2VhbGVkIHdpdGggdGhlIG9yZ2FuaXNhdGlvbidzIGtleQ==",
            }
        ]
    },
    "MissingQuery": {"report_ids": [EXAMPLE_ID]},
    "HandlingQuery": {"report_ids": [EXAMPLE_ID]},
    "FilesQuery": {"sha256": ["0" * 64]},
}


def _body(model: type[BaseModel]) -> dict[str, Any]:
    ref = {"$ref": f"#/components/schemas/{model.__name__}"}
    content = {JSON: {"schema": ref, "example": EXAMPLES[model.__name__]}}
    return {"requestBody": {"required": True, "content": content}}


def _uuid4_patterns(node: Any) -> None:
    """Say in the schema what UUID4 means ("format": "uuid4" is not a
    format JSON Schema knows)."""
    if isinstance(node, dict):
        if node.get("format") == "uuid4":
            node["format"] = "uuid"
            node["pattern"] = UUID4_PATTERN
        for value in node.values():
            _uuid4_patterns(value)
    elif isinstance(node, list):
        for value in node:
            _uuid4_patterns(value)


def parse(model: type[M], request_body: bytes, content_type: str | None) -> M:
    """The body as `model`, or an HTTP refusal with the reason."""
    if content_type is None or content_type.split(";")[0].strip().lower() != JSON:
        raise HTTPException(415, "send the body as application/json")
    try:
        return model.model_validate_json(request_body)
    except ValidationError as exc:
        errors = exc.errors(include_url=False, include_input=False, include_context=False)
        if errors and errors[0]["type"] == "json_invalid":
            raise HTTPException(400, f"the body is not JSON: {errors[0]['msg']}") from None
        where = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'body'}: {e['msg']}" for e in errors[:5]
        )
        more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
        raise HTTPException(422, f"{where}{more}") from None


def _none_match(header: str, etag: str) -> bool:
    """Whether an If-None-Match header names `etag`: in a list, weakened
    (W/, as a proxy may make it; the manifest is the same bytes) or "*"."""
    tags = {t.strip().removeprefix("W/") for t in header.split(",")}
    return etag in tags or "*" in tags


def _accepts_gzip(request: Request) -> bool:
    return "gzip" in request.headers.get("accept-encoding", "").lower()


def known_countries() -> frozenset[str]:
    """The country codes the app can send: CLDR's territories that are
    countries (app.core.report_places.is_country)."""
    from babel import Locale

    return frozenset(str(c) for c in Locale.parse("en").territories if is_country(str(c)))


def check_places(batch: ReportBatch, countries: frozenset[str]) -> None:
    """A 422 for a code that names no country ("XX") or no region the app
    offers ("QA-ZZZ"): each such code would otherwise become a column of
    the statistics."""
    for i, envelope in enumerate(batch.reports):
        clear = envelope.clear
        for field in ("origin", "destination"):
            code = getattr(clear, field)
            if code is not None and code not in countries:
                raise HTTPException(
                    422, f"reports.{i}.clear.{field}: {code} is not a country's ISO 3166 code"
                )
        if clear.region is not None and clear.region not in regions_of(clear.region[:2]):
            raise HTTPException(
                422, f"reports.{i}.clear.region: {clear.region} is not a region Haki knows"
            )


def build_app(
    settings: ServerSettings,
    db: ReportDB,
    today: Callable[[], dt.date] = lambda: dt.datetime.now(dt.UTC).date(),
) -> FastAPI:
    app = FastAPI(
        title="Haki server",
        version="1",
        summary="Receives sealed worker reports; publishes safe statistics.",
        docs_url=None,  # the interactive pages load scripts from a CDN
        redoc_url=None,
        # "/api/v1/reports/" is a 404, not a redirect to an address made from
        # the request's own Host header
        redirect_slashes=False,
    )
    cache: dict[str, Any] = {}
    countries = known_countries()
    stats_lock = asyncio.Lock()  # one computation at a time; the others wait for it
    writer = GroupWriter(db)
    app.state.writer = writer

    @app.post(
        f"{API_PREFIX}/reports",
        response_model=BatchAnswer,
        responses=_problems(400, 413, 415, 422, 429, 503),
        openapi_extra=_body(ReportBatch),
        summary="Deliver a batch of up to 100 sealed reports",
        description="Idempotent by report id: the same id with the same content is "
        "`duplicate` (stored once), with other content `conflict` (the first is kept).",
    )
    async def post_reports(request: Request) -> Response:
        batch = parse(ReportBatch, await request.body(), request.headers.get("content-type"))
        check_places(batch, countries)
        try:
            outcomes = await writer.ingest(batch.reports, iso_week(today()))
        except DatabaseError:
            raise HTTPException(503, "cannot store reports now", {"Retry-After": "30"}) from None
        # the answer is written by hand (it is a hot path); tests check it against BatchAnswer
        results = ",".join(
            '{"report_id":"' + str(e.report_id) + _RESULT_TAIL[o]
            for e, o in zip(batch.reports, outcomes, strict=True)
        )
        return Response(f'{{"results":[{results}]}}', media_type=JSON)

    @app.post(
        f"{API_PREFIX}/reports/missing",
        response_model=MissingAnswer,
        responses=_problems(400, 413, 415, 422, 429),
        openapi_extra=_body(MissingQuery),
        summary="Which of these report ids the server does not hold",
    )
    async def post_missing(request: Request) -> Response:
        query = parse(MissingQuery, await request.body(), request.headers.get("content-type"))
        answer = MissingAnswer(missing=db.missing(query.report_ids))
        return Response(answer.model_dump_json(), media_type=JSON)

    @app.post(
        f"{API_PREFIX}/reports/handling",
        response_model=HandlingAnswer,
        responses=_problems(400, 413, 415, 422, 429),
        openapi_extra=_body(HandlingQuery),
        summary="What the organisation has done with these reports",
        description="Only the reports its staff have followed up are listed "
        "(read, acting, ask_contact, closed); the device asks about the reports it holds.",
    )
    async def post_handling(request: Request) -> Response:
        query = parse(HandlingQuery, await request.body(), request.headers.get("content-type"))
        found = await run_in_threadpool(db.handling_of, query.report_ids)
        answer = HandlingAnswer(
            reports=[
                ReportHandling(report_id=i, handling=f)
                for i, f in found
                if f in KNOWN_HANDLING  # a value written by hand into the database: not said
            ]
        )
        return Response(answer.model_dump_json(), media_type=JSON)

    @app.get(
        f"{API_PREFIX}/stats",
        response_model=StatsAnswer,
        responses=_problems(429, 503),
        summary="Counts safe to publish, small cells suppressed",
    )
    async def get_stats() -> Response:
        async with stats_lock:
            try:
                snapshot = await run_in_threadpool(
                    db.take_snapshot, settings.suppress, iso_week(today())
                )
            except DatabaseError:
                raise HTTPException(
                    503, "cannot count reports now", {"Retry-After": "30"}
                ) from None
            if cache.get("snapshot") != snapshot:
                answer = await run_in_threadpool(
                    lambda: build_stats(
                        db.profiles(), settings.suppress, next_month(today())
                    ).model_dump_json()
                )
                cache.update(snapshot=snapshot, answer=answer)
            return Response(cache["answer"], media_type=JSON)

    published = PublishedContent(settings.content)

    @app.get(
        f"{CONTENT_PREFIX}/manifest",
        response_model=SignedManifest,
        responses={
            304: {"description": "The device holds this version already (If-None-Match)"},
            **_problems(404, 429),
        },
        summary="The signed manifest of the content published last",
        description="Devices check its Ed25519 signature against the keys they trust, "
        "and fetch the files they lack by sha256. Send the ETag back in If-None-Match.",
    )
    async def get_manifest(request: Request) -> Response:
        manifest = published.manifest()
        if manifest is None:
            raise HTTPException(404, "no content is published")
        headers = {"ETag": manifest.etag, "Vary": "Accept-Encoding"}
        if _none_match(request.headers.get("if-none-match", ""), manifest.etag):
            return Response(status_code=304, headers=headers)
        if _accepts_gzip(request):
            headers["Content-Encoding"] = "gzip"
            return Response(manifest.gzipped, media_type=JSON, headers=headers)
        return Response(manifest.body, media_type=JSON, headers=headers)

    @app.post(
        f"{CONTENT_PREFIX}/files",
        response_model=FilesAnswer,
        responses=_problems(400, 404, 413, 415, 422, 429),
        openapi_extra=_body(FilesQuery),
        summary="Content files by their sha256, as the manifest names them",
    )
    async def post_files(request: Request) -> Response:
        query = parse(FilesQuery, await request.body(), request.headers.get("content-type"))
        files: dict[str, str] = {}
        for sha in dict.fromkeys(query.sha256):
            text = await run_in_threadpool(published.file, sha)
            if text is None:
                raise HTTPException(404, f"no content file {sha}")
            files[sha] = text
        body = FilesAnswer(files=files).model_dump_json().encode()
        if _accepts_gzip(request):
            return Response(
                gzip.compress(body, 6, mtime=0),
                media_type=JSON,
                headers={"Content-Encoding": "gzip", "Vary": "Accept-Encoding"},
            )
        return Response(body, media_type=JSON, headers={"Vary": "Accept-Encoding"})

    @app.get("/healthz", response_model=Health, summary="The server is up")
    async def healthz() -> Health:
        return Health()

    @app.head("/healthz", include_in_schema=False)  # what many uptime monitors send
    async def healthz_head() -> Response:
        return Response(media_type=JSON)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                summary=app.summary,
                routes=app.routes,
            )
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            for model in (ReportBatch, MissingQuery, HandlingQuery, FilesQuery):
                body = model.model_json_schema(ref_template="#/components/schemas/{model}")
                for name, definition in body.pop("$defs", {}).items():
                    components.setdefault(name, definition)
                components[model.__name__] = body
            _uuid4_patterns(schema)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    app.add_middleware(BodyLimit, max_bytes=settings.max_body, seconds=settings.slow)
    app.add_middleware(
        RateLimit, rate=settings.rate, burst=settings.burst, exempt=frozenset({"/healthz"})
    )
    return app

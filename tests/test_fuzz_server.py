"""Schemathesis against the server's ASGI app, in process: whatever it
sends, positive or negative, the server never answers 5xx, and every
answer has a status, content type and body the OpenAPI schema declares."""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from nacl.signing import SigningKey
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from app.core.codes import Category, indicators_of
from server.app import build_app
from server.content import publish
from server.db import open_db
from server.settings import ServerSettings
from tests.test_content_updates import TODAY, small_bundle

ROOT = Path(tempfile.mkdtemp(prefix="haki-fuzz-"))
DB = open_db(ROOT / "server.db")
# content published, so that the manifest's answer is checked against the schema too
publish(small_bundle(ROOT / "bundle"), ROOT / "content", bytes(SigningKey.generate()), 1, TODAY)
APP = build_app(ServerSettings(rate=0.0, suppress=3, content=ROOT / "content"), DB)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schema.hook("map_case")
def make_positive_batches_coherent(context, case):
    """JSON Schema cannot say that indicators follow from categories, so a
    generated "valid" batch is nearly always refused (422). For positive
    cases, repair that one rule so the accepting path is fuzzed too."""
    meta = getattr(case, "meta", None)
    positive = meta is not None and not meta.generation.mode.is_negative
    body = case.body
    if positive and isinstance(body, dict) and isinstance(body.get("reports"), list):
        for env in body["reports"]:
            clear = env.get("clear") if isinstance(env, dict) else None
            if isinstance(clear, dict) and isinstance(clear.get("categories"), list):
                try:
                    cats = sorted({Category(c) for c in clear["categories"]})
                except (ValueError, TypeError):
                    continue
                clear["categories"] = [c.value for c in cats]
                clear["indicators"] = sorted(i.value for i in indicators_of(set(cats)))
                if clear.get("region") is not None and clear.get("destination"):
                    clear["region"] = f"{clear['destination']}-01"
    return case


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@schema.parametrize()
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_5xx_and_answers_match_the_schema(case):
    case.call_and_validate(checks=CHECKS)

"""The wire protocol, version 1: what a device sends and what the server answers.

Shared by the client (sync/) and the server (server/) so the two cannot
drift. Every model forbids unknown fields and limits every length: the
server validates untrusted input with exactly these models.

An envelope is one report: a random UUIDv4 id made on the device (the
idempotency key of every retry), the coded answers in clear, and the sealed
blob only the receiving organisation can open. Its content hash is the
sha256 of its canonical JSON, so the same report always has the same hash
on both sides.
"""

from __future__ import annotations

import hashlib
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import UUID4, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from app.core.codes import (
    COUNTRY_CODE,
    MONTH,
    REGION_CODE,
    AgeBand,
    Category,
    CostBand,
    Indicator,
    MigrationStatus,
    Sector,
    Sex,
    indicators_of,
)

API_PREFIX = "/api/v1"
#: Most envelopes one batch may carry.
MAX_BATCH = 100
#: Most ids one /missing question may carry.
MAX_IDS = 1000
#: Longest sealed blob, in base64 characters (about 12 KB sealed).
MAX_SEALED = 16_384

CountryCode = Annotated[str, StringConstraints(pattern=COUNTRY_CODE.pattern)]
RegionCode = Annotated[str, StringConstraints(pattern=REGION_CODE.pattern)]
Month = Annotated[str, StringConstraints(pattern=MONTH.pattern)]
Base64 = Annotated[
    str, StringConstraints(min_length=4, max_length=MAX_SEALED, pattern=r"^[A-Za-z0-9+/]+={0,2}$")
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ClearPart(_Strict):
    """The coded, coarse answers the server may read. Nothing else travels in clear."""

    categories: list[Category] = Field(min_length=1, max_length=len(Category))
    indicators: list[Indicator] = Field(max_length=len(Indicator))
    destination: CountryCode | None = None
    origin: CountryCode | None = None
    region: RegionCode | None = None
    sector: Sector | None = None
    month: Month | None = None
    age_band: AgeBand = AgeBand.UNDISCLOSED
    sex: Sex = Sex.UNDISCLOSED
    migration_status: MigrationStatus = MigrationStatus.UNDISCLOSED
    cost_band: CostBand = CostBand.UNKNOWN

    @model_validator(mode="after")
    def _consistent(self) -> ClearPart:
        if len(set(self.categories)) != len(self.categories):
            raise ValueError("a category is listed twice")
        if sorted(self.categories) != self.categories:
            raise ValueError("categories must be sorted")
        if self.indicators != sorted(indicators_of(set(self.categories))):
            raise ValueError("indicators must be exactly those the categories point to, sorted")
        if self.region is not None and self.region[:2] != self.destination:
            raise ValueError("the region must lie in the destination country")
        return self


class Envelope(_Strict):
    """One report as it travels."""

    report_id: UUID4
    schema_version: Literal[1] = 1  # app.core.codes.SCHEMA_VERSION
    clear: ClearPart
    sealed: Base64

    def content_hash(self) -> str:
        """sha256 (hex) of the canonical JSON: equal content, equal hash."""
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()


class ReportBatch(_Strict):
    """Body of POST /api/v1/reports."""

    reports: list[Envelope] = Field(min_length=1, max_length=MAX_BATCH)


class Outcome(StrEnum):
    ACCEPTED = "accepted"  # stored now
    DUPLICATE = "duplicate"  # stored before, with the same content: a replay
    CONFLICT = "conflict"  # stored before with other content: the first is kept


class ReportResult(_Strict):
    report_id: UUID4
    outcome: Outcome


class BatchAnswer(_Strict):
    """Answer to POST /api/v1/reports: one result per envelope, in order."""

    results: list[ReportResult] = Field(max_length=MAX_BATCH)


class MissingQuery(_Strict):
    """Body of POST /api/v1/reports/missing."""

    report_ids: list[UUID4] = Field(min_length=1, max_length=MAX_IDS)


class MissingAnswer(_Strict):
    """The ids of the query the server does not have."""

    missing: list[UUID4] = Field(max_length=MAX_IDS)

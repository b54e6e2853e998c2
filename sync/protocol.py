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

import functools
import hashlib
from enum import StrEnum
from typing import Annotated, Final, Literal

from pydantic import UUID4, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from app.core.codes import (
    COUNTRY_CODE,
    MONTH,
    REGION_CODE,
    AgeBand,
    Category,
    CostBand,
    Handling,
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
#: Shortest: a sealed box adds 48 bytes (an ephemeral public key and a MAC)
#: to the shortest plaintext app.core.report_sealing makes (a format byte
#: and "{}"), 51 bytes in all, 68 in base64
MIN_SEALED = 68

CountryCode = Annotated[str, StringConstraints(pattern=COUNTRY_CODE.pattern)]
RegionCode = Annotated[str, StringConstraints(pattern=REGION_CODE.pattern)]
Month = Annotated[str, StringConstraints(pattern=MONTH.pattern)]
Base64 = Annotated[
    str,
    StringConstraints(
        min_length=MIN_SEALED,
        max_length=MAX_SEALED,
        # whole groups of four: what decodes (the last group may be padded)
        pattern=r"^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$",
    ),
]

#: JSON's true and 1.0 are not the version 1 (a lax parser would take them)
SchemaVersion = Annotated[int, Field(strict=True, ge=1, le=1)]


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
        problem = _coding_problem(tuple(self.categories), tuple(self.indicators))
        if problem:
            raise ValueError(problem)
        if self.region is not None and self.region[:2] != self.destination:
            raise ValueError("the region must lie in the destination country")
        return self


@functools.lru_cache(maxsize=4096)
def _coding_problem(categories: tuple[Category, ...], indicators: tuple[Indicator, ...]) -> str:
    """What is wrong with these categories and indicators ("" if nothing).
    Cached: the server checks thousands of reports a second, and few
    combinations occur."""
    if len(set(categories)) != len(categories):
        return "a category is listed twice"
    if sorted(categories) != list(categories):
        return "categories must be sorted"
    if list(indicators) != sorted(indicators_of(set(categories))):
        return "indicators must be exactly those the categories point to, sorted"
    return ""


class Envelope(_Strict):
    """One report as it travels."""

    report_id: UUID4
    schema_version: SchemaVersion = 1  # app.core.codes.SCHEMA_VERSION
    clear: ClearPart
    sealed: Base64

    def content_hash(self) -> str:
        """sha256 (hex) of the canonical JSON: equal content, equal hash."""
        # the bytes of model_dump_json(), without decoding and encoding them again
        return hashlib.sha256(self.__pydantic_serializer__.to_json(self)).hexdigest()


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


class HandlingQuery(_Strict):
    """Body of POST /api/v1/reports/handling: the reports a device holds."""

    report_ids: list[UUID4] = Field(min_length=1, max_length=MAX_IDS)


#: the Handling values this version knows
KNOWN_HANDLING = frozenset(h.value for h in Handling)


class ReportHandling(_Strict):
    report_id: UUID4
    #: a app.core.codes.Handling value. Text, not the enum: a device ignores
    #: a value it does not know (a newer server's) and keeps the others,
    #: where an enum would refuse the whole answer
    handling: str = Field(min_length=1, max_length=32, pattern=r"^[a-z_]+$")


class HandlingAnswer(_Strict):
    """The reports of the query the organisation has followed up, each once."""

    reports: list[ReportHandling] = Field(max_length=MAX_IDS)


# Answers the server gives besides the batch answer --------------------------


class Health(_Strict):
    """Answer to GET /healthz."""

    status: Literal["ok"] = "ok"


class Problem(_Strict):
    """Body of every 4xx answer: a reason a person can read."""

    detail: str


Count = Annotated[int, Field(ge=0)]


#: a column or cost-table row that gathers the values each held by fewer
#: reports than the threshold: a column of its own would say that someone
#: with that value reported (the one report from a country, say)
GROUPED: Final = "grouped"


class CrossTable(_Strict):
    """Counts of reports by a row code (a category or an ILO indicator) and a
    column code (a value of one disaggregation: sex, age band, ...).

    `null` anywhere means suppressed: a count under the threshold, or one
    that would let such a count be worked out from the totals published
    beside it (secondary suppression). Zeros are suppressed too, so that a
    suppressed count says nothing more than "under the threshold". A value
    held by fewer reports than the threshold has no column of its own: its
    reports count under "grouped". A column that holds no report at all is
    left out; every row code is listed. Sex, age band and migration status
    list every value, held or not (a short list, with one value grouped or
    left out, would say by elimination which one).
    """

    rows: list[str]
    columns: list[str]
    #: cells[i][j]: reports with rows[i] and columns[j]
    cells: list[list[Count | None]]
    #: reports with rows[i], whatever their column
    row_totals: list[Count | None]
    #: the sum of column j's cells (a report in two categories counts in
    #: both); null when the table publishes none (indicator tables)
    column_totals: list[Count | None] | None
    #: the sum of every cell
    total: Count | None


class ByDimension(_Strict):
    """One table per disaggregation of the ICLS 2018 guidelines."""

    sex: CrossTable
    age_band: CrossTable
    origin: CrossTable
    destination: CrossTable
    sector: CrossTable
    month: CrossTable
    migration_status: CrossTable


class CorridorSex(_Strict):
    """One row of the recruitment-cost table. "unknown" when not given.
    A corridor is shown with a row for every sex, held or not; the reports
    of a corridor with fewer than the threshold count under the rows whose
    origin and destination are "grouped", by sex."""

    origin: str
    destination: str
    sex: Sex | Literal["grouped"]


class CostTable(_Strict):
    """Reports by corridor and sex (rows) and recruitment-cost band (columns),
    for SDG indicator 10.7.1.

    Only the band travels in clear, so the server publishes the
    distribution over bands and the median band, never a mean: a mean of
    band midpoints would be an invented figure. `median_band[i]` is the band
    holding the middle report of row i among those with a known band (the
    lower one when the count is even); it is null when any count of the
    row is suppressed (other than a zero) or no band is known: two medians
    and the column totals can pin suppressed counts.
    """

    rows: list[CorridorSex]
    columns: list[CostBand]
    cells: list[list[Count | None]]
    row_totals: list[Count | None]
    column_totals: list[Count | None]
    total: Count | None
    median_band: list[CostBand | None]


class StatsAnswer(_Strict):
    """Answer to GET /api/v1/stats: aggregates safe to publish."""

    #: the reports these statistics count. They are brought up to date
    #: only once at least `threshold` more have arrived, at most once a
    #: week, and (after the first version) only with weeks that are over,
    #: so two versions never differ by fewer reports than that:
    #: comparing them cannot single out one report (unless the rest of a
    #: week's are reports the reader made up: see server.stats), nor tell
    #: when one arrived (a total that moved at each report would tell an
    #: employer who saw a worker's phone go online that a report came in)
    total: Count
    #: counts under it (zeros too) are suppressed
    threshold: int = Field(ge=1)
    #: reports by category, crossed with each disaggregation
    categories: ByDimension
    #: reports by ILO forced-labour indicator: the sum of the rows of the
    #: categories that point to it (see app.core.codes.INDICATOR_OF), so a
    #: report naming two such categories counts twice
    indicators: ByDimension
    recruitment_cost: CostTable

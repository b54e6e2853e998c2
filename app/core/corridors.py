"""The countries a worker can pick as where they come from and where they
go, for the checklist and the job-offer check. Names come from CLDR in the
reader's language; these are only codes.

"ZZ" (ISO 3166's "unknown or unspecified") stands for "another country": it
matches only the items meant for everyone.
"""

from __future__ import annotations

OTHER_COUNTRY = "ZZ"

#: Countries many migrant domestic, care, construction and farm workers leave from.
ORIGINS = (
    "BD", "ET", "GH", "ID", "IN", "KE", "LK", "MM", "MW", "NG", "NP", "PH", "PK", "UG", "ZW",
)  # fmt: skip
#: Where they most often go: the Gulf, the Middle East, South-East Asia,
#: South Africa; the most common first (the report wizard shows them so).
DESTINATIONS = (
    "SA", "AE", "QA", "KW", "OM", "BH", "JO", "LB", "MY", "SG", "HK", "ZA",
)  # fmt: skip

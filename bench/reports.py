"""Synthetic reports through the wizard's own code path:
`python -m bench.reports --count N --data-dir D [--seed S]`.

Each report is a full set of wizard answers (categories, places, the month
it started, who, sex, age band, origin, status, recruitment costs, 160
characters of the worker's own words, a recruiter's and an employer's
name, a contact with consent; with --text-only, the own words without the
names, contact or costs) handed to app.store.drafts.submit_report,
which checks, anonymises, seals (PyNaCl SealedBox) and queues it in the
outbox in one transaction, exactly as the wizard does. The key pair is made
for the run; its private half is thrown away. Prints how many reports a
second that path makes. It adds only to a store it made itself: a real
device's would send these reports, made up and unreadable, to the server.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from nacl.public import PrivateKey

from app import paths
from app.core.codes import AgeBand, Category, MigrationStatus, Sector, Sex
from app.core.report import Answers, Costs, FollowUp, Ongoing, Recruited, Who
from app.core.report_places import COMMON_DESTINATIONS, COMMON_ORIGINS, regions_of
from app.store.drafts import submit_report
from app.store.store import Store, open_store

TODAY = dt.date(2026, 11, 27)
#: the setting that marks a store this tool made, the only kind it adds to
BENCH_STORE = "bench.reports"
TEXT = (
    "the agent took my passport and said I owe him money for the visa and the flight "
    "we work from six in the morning until late at night with no day of rest and the "
    "employer has not paid the salary for three months we are not allowed to leave the "
    "house and my phone was taken they said if I complain they will send me back"
)
WORDS = TEXT.split(" ")
NAMES = ["Maria Santos", "Ram Bahadur Thapa", "Fatima Begum", "Aster Tadesse", "Siti Rahma"]
EMPLOYERS = ["Al Noor Cleaning Co", "Gulf Star Contracting", "Green Valley Farms Sdn Bhd"]
AGENCIES = ["Sunrise Manpower", "Everest Overseas Agency", "Blue Sky Recruiters"]


def own_words(rng: random.Random, length: int = 160) -> str:
    words: list[str] = []
    while len(" ".join(words)) < length:
        words.append(rng.choice(WORDS))
    return " ".join(words)[:length].strip()


def synthetic_answers(rng: random.Random, today: dt.date = TODAY, full: bool = True) -> Answers:
    """A complete, valid set of answers, as a worker would give them: with
    `full`, names and a contact besides the 160 characters of own words;
    without, the own words only (anonymous, no names, costs not given)."""
    destination = rng.choice(COMMON_DESTINATIONS)
    regions = sorted(regions_of(destination))
    started = today.replace(day=1) - dt.timedelta(days=rng.randint(0, 700))
    paid, earned = rng.randint(0, 3000), rng.randint(150, 900)
    answers = Answers(
        categories=rng.sample([c.value for c in Category], rng.choice([1, 1, 2, 2, 3])),
        destination=destination,
        region=rng.choice(regions) if regions and rng.random() < 0.5 else None,
        sector=rng.choice(list(Sector)).value,
        started_year=started.year,
        started_month=started.month,
        ongoing=rng.choice(list(Ongoing)).value,
        who=rng.choice(list(Who)).value,
        recruiter_name=rng.choice(AGENCIES),
        employer_name=rng.choice(EMPLOYERS),
        sex=rng.choice(list(Sex)).value,
        age_band=rng.choice(list(AgeBand)).value,
        origin=rng.choice(COMMON_ORIGINS),
        migration_status=rng.choice(list(MigrationStatus)).value,
        recruited=rng.choice(list(Recruited)).value,
        costs=Costs.AMOUNTS.value,
        costs_paid=str(paid),
        monthly_earnings=str(earned),
        words=own_words(rng),
        follow_up=FollowUp.CONTACT.value,
        contact=f"{rng.choice(NAMES)} +977 98{rng.randint(10000000, 99999999)}",
        contact_consent=True,
        consent=True,
    )
    if not full:
        answers.recruiter_name = answers.employer_name = answers.contact = ""
        answers.follow_up, answers.contact_consent = FollowUp.ANONYMOUS.value, False
        answers.costs = Costs.UNKNOWN.value
    return answers


def make_reports(
    store: Store, count: int, public_key: bytes, seed: int = 1, full: bool = True
) -> list[str]:
    """`count` reports through submit_report; their ids, in order."""
    rng = random.Random(seed)
    return [
        submit_report(store, synthetic_answers(rng, full=full), public_key, today=TODAY)
        for _ in range(count)
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.reports", description=__doc__)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--text-only",
        action="store_true",
        help="own words only: no names, no contact, costs not given",
    )
    args = parser.parse_args(argv)
    args.data_dir.mkdir(parents=True, exist_ok=True)
    db = paths.db_path(args.data_dir)
    made_here = not db.exists()
    store = open_store(db)
    if made_here:
        store.set_setting(BENCH_STORE, "1")
    elif store.get_setting(BENCH_STORE) != "1":
        # a real device's store: its sender would deliver these made-up
        # reports, never to be opened, into the organisation's statistics
        store.close()
        print(
            f"bench.reports: {args.data_dir} holds a store this tool did not make; "
            "give it a new folder",
            file=sys.stderr,
        )
        return 2
    key = bytes(PrivateKey.generate().public_key)
    start = time.perf_counter()
    make_reports(store, args.count, key, args.seed, full=not args.text_only)
    took = time.perf_counter() - start
    store.close()
    print(
        f"bench.reports: {args.count} reports in {took:.2f} s "
        f"({args.count / took:,.0f} reports/s) into {args.data_dir}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Everything one person entered on this device, removed in one go.

For a laptop or tablet passed from one worker to the next at an
information session, and for a phone someone else may look at. Removed:
the checklist's ticks, notes and corridor; the costs, pay and exchange
rates in the ledger; the job-offer answers; unfinished reports; and the
reports the organisation has received. Kept: reports not received yet
(removing them would lose them; they go when there is a connection),
though when the device passes to someone else, or is opened without its
PIN, they are no longer shown (Outbox.unlist_unsent); the
PIN lock (it still guards the phone; a shared device's hand-over removes
it), and what belongs to the device rather than the person (the language,
the server address, whether the device is shared and how many people used
it, the bundled content).
"""

from __future__ import annotations

from app.store.checklist import ChecklistStore
from app.store.drafts import Drafts
from app.store.ledger import LedgerStore
from app.store.offer import OfferStore
from app.store.outbox import Outbox
from app.store.store import Store


def forget_what_was_entered(store: Store, *, unlist: bool = False) -> int:
    """One transaction (all of it goes, or none), then no copy left on
    disk: secure_delete overwrote the rows, and the scrub empties the WAL.
    With `unlist`, the reports not received yet are no longer shown either.
    Returns how many reports stay because they are not received yet (the
    person must be told: they are still on the device)."""
    with store.lock, store.db.atomic():
        forget_in(store, unlist=unlist)
    return scrub_after_forgetting(store)


def forget_in(store: Store, *, unlist: bool = False) -> None:
    """Remove it all within the caller's transaction."""
    ChecklistStore(store).forget()
    LedgerStore(store).forget()
    OfferStore(store).forget()
    Drafts(store).forget_all()
    outbox = Outbox(store)
    outbox.delete_received()
    if unlist:
        outbox.unlist_unsent()


def scrub_after_forgetting(store: Store) -> int:
    """Empty the WAL of what was removed; how many reports still wait."""
    outbox = Outbox(store)
    outbox.scrub()
    return sum(outbox.counts().values())

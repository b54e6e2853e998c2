"""The PIN lock's records: the PIN's hash (app.core.pin), the wrong tries
in a row, and whether too many of them erase what was entered, in the
store's settings. The tries are kept, not held in memory, so that
reloading the page or starting Haki again does not give new ones."""

from __future__ import annotations

import os
import time
from enum import StrEnum

from app.core.pin import ERASE_AFTER, digits_of, pin_matches, pin_record, wait_left
from app.store.store import StorePart

PIN_KEY = "lock.pin"
FAILURES_KEY = "lock.failures"
LAST_FAILURE_KEY = "lock.last_failure"
ERASE_KEY = "lock.erase"
KEYS = (PIN_KEY, FAILURES_KEY, LAST_FAILURE_KEY, ERASE_KEY)


class Attempt(StrEnum):
    """What a PIN typed on the lock screen did."""

    OPEN = "open"  # the right PIN (or no lock any more)
    REFUSED = "refused"  # a wrong PIN, or any PIN while the reader must wait
    ERASED = "erased"  # one wrong PIN too many: what was entered is gone, and the lock


class AppLock(StorePart):
    def is_set(self) -> bool:
        return bool(self.store.get_setting(PIN_KEY))

    def set_pin(self, digits: str) -> None:
        """Lock with this PIN (ASCII digits, app.core.pin.digits_of)."""
        self.store.set_settings({PIN_KEY: pin_record(digits, os.urandom(16)), FAILURES_KEY: "0"})

    def remove(self) -> None:
        self.store.delete_settings(*KEYS)

    def wait_left(self, now: float | None = None) -> float:
        failures = int(self.store.get_setting(FAILURES_KEY) or 0)
        last = float(self.store.get_setting(LAST_FAILURE_KEY) or 0)
        return wait_left(failures, last, time.time() if now is None else now)

    def erases(self) -> bool:
        """Whether ERASE_AFTER wrong tries in a row remove what was entered."""
        return self.store.get_setting(ERASE_KEY) == "1"

    def set_erases(self, on: bool) -> None:
        self.store.set_setting(ERASE_KEY, "1" if on else "0")

    def try_pin(self, typed: str, now: float | None = None) -> Attempt:
        """What `typed` does: opens the lock, or not; a wrong PIN counts,
        text that is no PIN (empty, three digits: a tap on Open, a child)
        does not. Always refused while the reader must wait (wait_left).
        The wrong try that reaches ERASE_AFTER, when the reader chose so,
        erases (see erase)."""
        now = time.time() if now is None else now
        if digits_of(typed) is None:
            return Attempt.REFUSED
        # one try at a time, the count read and written together: PINs typed
        # at once in several tabs each counted, and each waited
        with self.store.lock:
            if self.wait_left(now) > 0:
                return Attempt.REFUSED
            record = self.store.get_setting(PIN_KEY)
            if record is None or pin_matches(typed, record):
                self.store.set_setting(FAILURES_KEY, "0")
                return Attempt.OPEN
            failures = int(self.store.get_setting(FAILURES_KEY) or 0) + 1
            if failures >= ERASE_AFTER and self.erases():
                self.erase()
                return Attempt.ERASED
            self.store.set_settings({FAILURES_KEY: str(failures), LAST_FAILURE_KEY: str(now)})
            return Attempt.REFUSED

    def erase(self) -> int:
        """Remove what was entered, stop showing the reports not sent yet
        (they are still sent), and remove the lock, which guards nothing
        now: all in one transaction, then no copy left on disk. What a
        forgotten PIN does too. Returns how many reports are still to be
        sent."""
        # here, not at the top: the report section's modules come with it
        from app.store.personal import forget_in, scrub_after_forgetting

        with self.store.lock, self.db.atomic():
            forget_in(self.store, unlist=True)
            self.remove()
        return scrub_after_forgetting(self.store)

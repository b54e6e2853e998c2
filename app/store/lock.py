"""The PIN lock's records: the PIN's hash (app.core.pin) and the wrong tries
in a row, in the store's settings. The tries are kept, not held in memory,
so that reloading the page or starting Haki again does not give new ones."""

from __future__ import annotations

import os
import time

from app.core.pin import digits_of, pin_matches, pin_record, wait_left
from app.store.store import StorePart

PIN_KEY = "lock.pin"
FAILURES_KEY = "lock.failures"
LAST_FAILURE_KEY = "lock.last_failure"
KEYS = (PIN_KEY, FAILURES_KEY, LAST_FAILURE_KEY)


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

    def try_pin(self, typed: str, now: float | None = None) -> bool:
        """Whether `typed` opens the lock; a wrong PIN counts, text that is
        no PIN (empty, three digits: a tap on Open, a child) does not.
        Always False while the reader must wait (wait_left)."""
        now = time.time() if now is None else now
        if self.wait_left(now) > 0 or digits_of(typed) is None:
            return False
        record = self.store.get_setting(PIN_KEY)
        if record is None or pin_matches(typed, record):
            self.store.set_setting(FAILURES_KEY, "0")
            return True
        failures = int(self.store.get_setting(FAILURES_KEY) or 0) + 1
        self.store.set_settings({FAILURES_KEY: str(failures), LAST_FAILURE_KEY: str(now)})
        return False

"""A device shared by many people, one after another: an outreach laptop
or tablet at an information session.

Whether the device is shared is a setting of the device, not of a person.
Handing it over removes what the last person entered (app.store.personal)
and counts one more person for the day: the attendance an outreach team
reports, and nothing about who came.
"""

from __future__ import annotations

import datetime as dt

from app.store.lock import KEYS as LOCK_KEYS
from app.store.store import UI_LANGUAGE_KEY, Store, StorePart

SHARED_KEY = "shared_device"
#: "0" when a shared device is not to be cleared after a while unused
IDLE_CLEAR_KEY = "shared_idle_clear"


class SharedDevice(StorePart):
    def is_shared(self) -> bool:
        return self.store.get_setting(SHARED_KEY) == "1"

    def set_shared(self, shared: bool) -> None:
        self.store.set_setting(SHARED_KEY, "1" if shared else "0")

    def clears_when_idle(self) -> bool:
        """Whether a shared device unused for a while is cleared for the
        next person (app.core.idle): yes unless turned off."""
        return self.store.get_setting(IDLE_CLEAR_KEY) != "0"

    def set_clears_when_idle(self, clears: bool) -> None:
        self.store.set_setting(IDLE_CLEAR_KEY, "1" if clears else "0")

    def people_on(self, day: dt.date) -> int:
        with self.store.lock:
            row = self.conn.execute(
                "select people from attendance where day = ?", [day.isoformat()]
            ).fetchone()
        return int(row[0]) if row else 0

    def people_in_all(self) -> int:
        with self.store.lock:
            row = self.conn.execute("select coalesce(sum(people), 0) from attendance").fetchone()
        return int(row[0])

    def hand_over(self, today: dt.date, *, count: bool = True) -> int:
        """Ready the device for the next person: remove what the last one
        entered and count them, in one transaction. Returns how many reports
        stay because they are not received yet, as forgetting does: they
        are sent, and no longer shown (Outbox.unlist_unsent). The
        language they chose goes too: the next person chooses their own, and
        it said where the last one came from. Not `count`ed: cleared after
        a while unused when nobody had entered anything."""
        # here, not at the top: every screen asks whether the device is
        # shared, and this brings the report section's modules (90 ms)
        from app.store.personal import forget_in, scrub_after_forgetting

        with self.store.lock, self.db.atomic():
            forget_in(self.store, unlist=True)  # the next person is not shown them
            # and a PIN the last person set, which would lock the next one out
            self.conn.executemany(
                "delete from settings where key = ?", [(k,) for k in (UI_LANGUAGE_KEY, *LOCK_KEYS)]
            )
            if count:
                self.conn.execute(
                    "insert into attendance (day, people) values (?, 1) "
                    "on conflict (day) do update set people = people + 1",
                    [today.isoformat()],
                )
        return scrub_after_forgetting(self.store)


def people_counts(store: Store, today: dt.date) -> tuple[int, int]:
    """(people today, people in all) on this device."""
    shared = SharedDevice(store)
    return shared.people_on(today), shared.people_in_all()

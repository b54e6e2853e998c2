"""When a shared device has been left alone long enough to clear it.

At an information session a worker may start a report on the outreach
laptop and walk away before tapping "Next person"; whoever sits down next
would find it. After a while with nobody using the device, Haki warns for
a short time on the screen ("Is someone still using Haki?"), then clears
it for the next person as "Next person" does. The clock reads the time it
is given, so the rules here are tested without waiting.
"""

from __future__ import annotations

import enum
import threading
from dataclasses import dataclass, field

#: the longest warning before clearing: long enough to come back to the
#: table, and a minute is what a reader is told
WARN_SECONDS = 60.0
#: the shortest and longest idle time an organisation may set, in minutes
MIN_MINUTES = 0.05
MAX_MINUTES = 24 * 60.0
DEFAULT_MINUTES = 10.0


class Stage(enum.Enum):
    IN_USE = "in_use"
    #: the warning shows, with the seconds left
    WARN = "warn"
    #: time to clear the device for the next person
    CLEAR = "clear"


@dataclass(frozen=True)
class IdleRule:
    """Clear after `clear_after` seconds without use, warning in the last
    `warn_for` of them (a minute, or half the time if that is shorter)."""

    clear_after: float

    @property
    def warn_for(self) -> float:
        return min(WARN_SECONDS, self.clear_after / 2)

    @property
    def tick(self) -> float:
        """How often to look again: often enough for a countdown shown in
        steps of a few seconds."""
        return max(0.25, min(5.0, self.warn_for / 4))

    @property
    def slow_tick(self) -> float:
        """How often to look on a device where nothing is to be cleared (not
        shared, say): whether that changed can wait, not the phone's battery."""
        return max(self.tick, min(30.0, self.clear_after / 4))

    def stage(self, idle_for: float) -> tuple[Stage, float]:
        """The stage after `idle_for` seconds without use, and the seconds
        left before the device is cleared."""
        left = max(0.0, self.clear_after - idle_for)
        if left <= 0:
            return Stage.CLEAR, 0.0
        if left <= self.warn_for:
            return Stage.WARN, left
        return Stage.IN_USE, left


@dataclass(eq=False)
class Activity:
    """When a person last used this device, across every screen open on it
    (a tab, a projector), and when it was last cleared for the next person.
    Times are `time.monotonic()` readings, given by the caller."""

    last_seen: float = 0.0
    #: the store's last change (Store.last_change) right after the last
    #: clearing: a later one means someone entered something since
    cleared_at: float = 0.0
    #: held while the device is cleared, so that two screens warning at
    #: once clear it once
    lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def starting(cls, now: float) -> Activity:
        """As a device is when Haki starts: nothing entered since."""
        return cls(last_seen=now, cleared_at=now)

    def seen(self, now: float) -> None:
        self.last_seen = max(self.last_seen, now)

    def idle_for(self, now: float, last_change: float) -> float:
        """Seconds since the last use, a tap or a change to what is saved."""
        return now - max(self.last_seen, last_change)

    def cleared(self, now: float, last_change: float) -> None:
        self.cleared_at = last_change
        self.seen(now)

    def entered_since_cleared(self, last_change: float) -> bool:
        return last_change > self.cleared_at

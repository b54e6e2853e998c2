"""The sync package's errors (the family is drawn in sync/__init__.py).
Library errors (urllib3) are translated in sync.client."""

from __future__ import annotations


class SyncError(Exception):
    """A request to the server did not do its job; the message is one line."""


class Unreachable(SyncError):
    """No connection could be made: the server cannot have seen the request."""


class NotHaki(Unreachable):
    """The address answers, but not as a Haki server (404, 405, 501): the
    setting is wrong, not any report, and nothing can have been stored."""


class InDoubt(SyncError):
    """The request may have reached the server, but no usable answer came."""


class BadAnswer(InDoubt):
    """The server answered something that does not follow the protocol."""


class Busy(SyncError):
    """The server asked us to come back later (429, 5xx)."""

    def __init__(self, message: str, status: int, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


class Refused(SyncError):
    """The server refused the request as it is (a 4xx other than 429)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class TooLarge(Refused):
    """413: the body was over the server's limit."""

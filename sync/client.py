"""The HTTP transport to the central server.

One `requests.Session` with explicit (connect, read) timeouts (requests has
no default) and urllib3 `Retry` for quick retries inside one call. POST is
retried too, which is safe here only because every report carries its id:
a report delivered twice is stored once. Longer waits are not done here:
they are saved in the outbox (sync.drain) so they survive a restart.

Batches go gzip-compressed, built from the envelopes' JSON exactly as the
outbox keeps it. Nothing about the device travels: no id, no clock, one
fixed User-Agent for every install.

Every failure is translated into the sync.errors family here.
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Sequence
from typing import Any, Self, TypeVar

import requests
from pydantic import BaseModel, ValidationError
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ConnectTimeoutError, MaxRetryError, NewConnectionError
from urllib3.util.retry import RequestHistory, Retry

from sync.errors import BadAnswer, Busy, InDoubt, Refused, TooLarge, Unreachable
from sync.protocol import API_PREFIX, MAX_IDS, BatchAnswer, MissingAnswer, ReportResult

M = TypeVar("M", bound=BaseModel)

#: seconds to connect, and to wait for each read of the answer
DEFAULT_TIMEOUT = (5.0, 30.0)
#: gzip level. In batches of 100, a report with 160 characters of own
#: words takes about 257 bytes at 6 (273 at 1, 255 at 9); with two names
#: and a contact as well, 321 (319 at 9). 6 costs about 1 ms a batch, 9
#: about 1.4 ms.
DEFAULT_LEVEL = 6
USER_AGENT = "haki"


class SyncRetry(Retry):
    """urllib3's Retry, which also notes on the error it finally raises
    whether any attempt may have reached the server (`may_have_arrived`):
    a POST that was sent, then failed to connect on its retry, is in
    doubt, not unreachable."""

    def increment(self, *args: Any, **kwargs: Any) -> Self:
        try:
            return super().increment(*args, **kwargs)
        except MaxRetryError as exc:
            error = kwargs.get("error", args[3] if len(args) > 3 else None)
            response = kwargs.get("response", args[2] if len(args) > 2 else None)
            last = RequestHistory(None, None, error, getattr(response, "status", None), None)
            exc.may_have_arrived = any(  # type: ignore[attr-defined]
                not isinstance(h.error, ConnectTimeoutError) for h in (*self.history, last)
            )
            raise


def default_retry() -> Retry:
    """Quick retries within one call; the outbox keeps the long backoff."""
    return SyncRetry(
        total=3,
        connect=2,
        read=2,
        status=2,
        other=0,
        allowed_methods=frozenset({"GET", "POST"}),  # POST is idempotent by report id
        status_forcelist=frozenset({429, 500, 502, 503, 504}),
        backoff_factor=0.25,
        backoff_max=4.0,
        backoff_jitter=0.25,
        respect_retry_after_header=True,
        retry_after_max=10,  # a longer Retry-After is kept in the outbox instead
        raise_on_status=False,
    )


def batch_body(envelopes: Sequence[str], level: int = DEFAULT_LEVEL) -> bytes:
    """A ReportBatch from envelopes' JSON, gzip-compressed (mtime 0: the
    same batch gives the same bytes, with no clock in them)."""
    raw = ('{"reports":[' + ",".join(envelopes) + "]}").encode()
    return gzip.compress(raw, compresslevel=level, mtime=0)


class SyncClient:
    def __init__(
        self,
        base_url: str,
        *,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        retry: Retry | None = None,
        session: requests.Session | None = None,
        level: int = DEFAULT_LEVEL,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.level = level
        self.session = session or requests.Session()
        adapter = HTTPAdapter(max_retries=retry if retry is not None else default_retry())
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        # the same few headers from every install: nothing about the device
        self.session.headers.clear()
        self.session.headers["User-Agent"] = USER_AGENT
        # read the environment's proxy and CA settings for this server once,
        # not on every request (requests scans os.environ each time: ~1 ms)
        self.session.proxies.update(requests.utils.get_environ_proxies(self.base_url))
        bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
        if bundle:
            self.session.verify = bundle
        self.session.trust_env = False
        #: bytes of request bodies sent (for benchmarks)
        self.bytes_sent = 0

    def send(self, envelopes: Sequence[str], ids: Sequence[str]) -> list[ReportResult]:
        """POST a batch (envelopes' JSON, with their report ids in order);
        the server's result for each, in order."""
        return self.post_batch(batch_body(envelopes, self.level), ids)

    def post_batch(self, body: bytes, ids: Sequence[str]) -> list[ReportResult]:
        """POST a batch already made by batch_body (with the same level)."""
        answer = self._post(f"{API_PREFIX}/reports", body, BatchAnswer, gzipped=True)
        got = [str(r.report_id) for r in answer.results]
        if got != list(ids):
            raise BadAnswer("the answer does not list the reports sent, in order")
        return list(answer.results)

    def missing(self, ids: Sequence[str]) -> set[str]:
        """The ids of `ids` the server does not hold."""
        lacking: set[str] = set()
        for start in range(0, len(ids), MAX_IDS):
            part = list(ids[start : start + MAX_IDS])
            body = ('{"report_ids":[' + ",".join(f'"{i}"' for i in part) + "]}").encode()
            answer = self._post(f"{API_PREFIX}/reports/missing", body, MissingAnswer)
            found = {str(i) for i in answer.missing}
            if not found <= set(part):
                raise BadAnswer("the server says it lacks ids that were not asked about")
            lacking |= found
        return lacking

    def close(self) -> None:
        self.session.close()

    def _post(self, path: str, body: bytes, model: type[M], gzipped: bool = False) -> M:
        headers = {"Content-Type": "application/json"}
        if gzipped:
            headers["Content-Encoding"] = "gzip"
        try:
            response = self.session.post(
                self.base_url + path, data=body, headers=headers, timeout=self.timeout
            )
        except requests.RequestException as exc:
            raise _translate(exc) from None
        self.bytes_sent += len(body)
        return _answer(response, model)


def _answer(response: requests.Response, model: type[M]) -> M:
    status = response.status_code
    if status == 200:
        try:
            return model.model_validate_json(response.content)
        except ValidationError:
            raise BadAnswer(f"the server's answer is not a {model.__name__}") from None
    detail = _detail(response)
    if status == 429 or status >= 500:
        raise Busy(f"the server is busy ({status}): {detail}", status, _retry_after(response))
    if status == 413:
        raise TooLarge(f"the server refused the batch as too large: {detail}", status)
    if 400 <= status < 500:
        raise Refused(f"the server refused the request ({status}): {detail}", status)
    raise BadAnswer(f"unexpected answer {status}")


def _detail(response: requests.Response) -> str:
    try:
        detail = response.json().get("detail", "")
    except (ValueError, AttributeError):
        detail = ""
    return str(detail)[:200] or response.reason or ""


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After", "")
    return float(value) if value.strip().isdigit() else None


def _translate(exc: requests.RequestException) -> Exception:
    """Unreachable when no connection was ever made; in doubt otherwise."""
    retried = exc.args[0] if exc.args else None
    if getattr(retried, "may_have_arrived", False):
        return InDoubt(f"no answer from the server: {_reason(exc)}")
    if isinstance(exc, requests.ConnectTimeout):
        return Unreachable(f"cannot reach the server: {_reason(exc)}")
    seen: set[int] = set()
    todo: list[object] = [exc]
    while todo:
        cause = todo.pop()
        if id(cause) in seen or cause is None:
            continue
        seen.add(id(cause))
        if isinstance(cause, NewConnectionError | ConnectTimeoutError | ConnectionRefusedError):
            return Unreachable(f"cannot reach the server: {_reason(exc)}")
        if isinstance(cause, BaseException):
            todo += [
                *cause.args,
                cause.__cause__,
                cause.__context__,
                getattr(cause, "reason", None),
            ]
    if isinstance(
        exc,
        requests.exceptions.InvalidURL
        | requests.exceptions.InvalidSchema
        | requests.exceptions.MissingSchema,
    ):
        return Unreachable(f"the server address is not usable: {exc}")
    return InDoubt(f"no answer from the server: {_reason(exc)}")


def _reason(exc: BaseException) -> str:
    return exc.__class__.__name__

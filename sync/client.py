"""The HTTP transport to the central server.

One urllib3 pool (the HTTP library under requests, used directly: a third
of the CPU per call) with explicit (connect, read) timeouts and urllib3
`Retry` for quick retries inside one call. POST is
retried too, which is safe here only because every report carries its id:
a report delivered twice is stored once. Longer waits are not done here:
they are saved in the outbox (sync.drain) so they survive a restart.

Batches go gzip-compressed, built from the envelopes' JSON exactly as the
outbox keeps it. Nothing about the device travels: no id, no clock, one
fixed User-Agent for every install.

Every failure is translated into the sync.errors family here.
"""

from __future__ import annotations

import json
import os
import time
import urllib.request
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Self, TypeVar
from urllib.parse import urlsplit

import certifi
import urllib3
from pydantic import BaseModel, ValidationError
from urllib3.exceptions import (
    ConnectTimeoutError,
    HTTPError,
    MaxRetryError,
    SSLError,
)
from urllib3.util.retry import RequestHistory, Retry

from sync.content_protocol import CONTENT_PREFIX, FilesAnswer, FilesQuery, SignedManifest
from sync.errors import BadAnswer, Busy, InDoubt, NotHaki, Refused, TooLarge, Unreachable
from sync.protocol import (
    API_PREFIX,
    KNOWN_HANDLING,
    MAX_IDS,
    BatchAnswer,
    HandlingAnswer,
    MissingAnswer,
    Problem,
    ReportResult,
)

M = TypeVar("M", bound=BaseModel)

#: seconds to connect, and to wait for each read of the answer
DEFAULT_TIMEOUT = (5.0, 30.0)
#: gzip level. In batches of 100, a report with 160 characters of own
#: words takes about 256 bytes at 6 (273 at 1, 266 at 3, 254 at 9); with
#: two names and a contact as well, 321 (340 at 1, 332 at 3). 6 costs
#: about 0.9 ms a batch, 3 about 0.6 ms, 9 about 1.3 ms: the bytes are
#: what a worker on prepaid data pays for.
DEFAULT_LEVEL = 6
USER_AGENT = "haki"
#: the largest answer read, inflated: a manifest of a few thousand content
#: files, or a group of them (MAX_GROUP_BYTES), fits well within it
MAX_ANSWER = 8 * 1024 * 1024
#: answers that say the address is not a Haki server's (no such path, no
#: POST there, POST not known): no report is at fault
NOT_HAKI = frozenset({404, 405, 501})


#: failures before a request's first byte leaves: no connection, or no
#: secure one (an https address for a plain http server, a certificate
#: that does not check out). NewConnectionError is a ConnectTimeoutError.
NEVER_SENT = (ConnectTimeoutError, SSLError)


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
                not isinstance(h.error, NEVER_SENT) for h in (*self.history, last)
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
    return zlib.compress(raw, level, wbits=31)  # 31: a gzip stream, its header's mtime 0


class SyncClient:
    def __init__(
        self,
        base_url: str,
        *,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        retry: Retry | None = None,
        level: int = DEFAULT_LEVEL,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = urllib3.Timeout(connect=timeout[0], read=timeout[1])
        #: the whole answer, once it starts, must come within this
        self.answer_seconds = timeout[1]
        self.level = level
        self.retry = retry if retry is not None else default_retry()
        # the environment's proxy and CA settings for this server, read once
        bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
        ca_certs = bundle or certifi.where()
        proxy = _proxy_for(self.base_url)
        self.pool: urllib3.PoolManager = (
            urllib3.ProxyManager(proxy, ca_certs=ca_certs)
            if proxy
            else urllib3.PoolManager(ca_certs=ca_certs)
        )
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
        for part, answer in self._ask_about(ids, "missing", MissingAnswer):
            found = {str(i) for i in answer.missing}
            if not found <= set(part):
                raise BadAnswer("the server says it lacks ids that were not asked about")
            lacking |= found
        return lacking

    def handling_of(self, ids: Sequence[str]) -> dict[str, str]:
        """What the organisation has done with the reports of `ids` it has
        followed up: id -> a app.core.codes.Handling value."""
        found: dict[str, str] = {}
        for part, answer in self._ask_about(ids, "handling", HandlingAnswer):
            got = {str(f.report_id): f.handling for f in answer.reports}
            if not got.keys() <= set(part):
                raise BadAnswer("the server answered about reports that were not asked about")
            # a value this version does not know (a newer server's) is left out
            found |= {i: h for i, h in got.items() if h in KNOWN_HANDLING}
        return found

    def _ask_about(
        self, ids: Sequence[str], what: str, model: type[M]
    ) -> Iterator[tuple[list[str], M]]:
        """POST /reports/<what> with `ids`, MAX_IDS at a time: each part
        asked and its answer."""
        for start in range(0, len(ids), MAX_IDS):
            part = list(ids[start : start + MAX_IDS])
            body = ('{"report_ids":[' + ",".join(f'"{i}"' for i in part) + "]}").encode()
            yield part, self._post(f"{API_PREFIX}/reports/{what}", body, model)

    def content_manifest(self, etag: str | None) -> tuple[SignedManifest, str | None] | None:
        """The published content manifest and its tag; None when it is the
        one tagged `etag` already, or when nothing is published."""
        headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip"}
        if etag:
            headers["If-None-Match"] = etag
        response = self._request("GET", f"{CONTENT_PREFIX}/manifest", None, headers)
        if response.status in (304, 404):
            return None
        return _answer(response, SignedManifest), response.headers.get("ETag")

    def content_files(self, hashes: Sequence[str]) -> dict[str, bytes]:
        """The content files with these sha256 (at most MAX_ASK), as bytes."""
        body = FilesQuery(sha256=list(hashes)).model_dump_json().encode()
        answer = self._post(f"{CONTENT_PREFIX}/files", body, FilesAnswer, accept_gzip=True)
        return {sha: text.encode() for sha, text in answer.files.items()}

    def close(self) -> None:
        self.pool.clear()

    def _post(
        self,
        path: str,
        body: bytes,
        model: type[M],
        gzipped: bool = False,
        accept_gzip: bool = False,
    ) -> M:
        # the same few headers from every install: nothing about the device
        headers = {"User-Agent": USER_AGENT, "Content-Type": "application/json"}
        if gzipped:
            headers["Content-Encoding"] = "gzip"
        if accept_gzip:  # answers the size of content files, not of reports
            headers["Accept-Encoding"] = "gzip"
        response = self._request("POST", path, body, headers)
        self.bytes_sent += len(body)
        return _answer(response, model)

    def _request(
        self, method: str, path: str, body: bytes | None, headers: dict[str, str]
    ) -> Answer:
        try:
            response = self.pool.request(
                method,
                self.base_url + path,
                body=body,
                headers=headers,
                timeout=self.timeout,
                retries=self.retry,
                redirect=False,
                preload_content=False,
            )
            try:
                data = _read_answer(response, time.monotonic() + self.answer_seconds)
            except BaseException:
                response.close()
                raise
            if len(data) > MAX_ANSWER:
                response.close()
                raise BadAnswer(f"the server's answer is over {MAX_ANSWER:,} bytes")
            response.release_conn()
        except (HTTPError, ValueError) as exc:  # ValueError: a URL urllib3 cannot use
            raise _translate(exc) from None
        return Answer(response.status, response.headers, data, response.reason or "")


def _read_answer(response: urllib3.BaseHTTPResponse, deadline: float) -> bytes:
    """The answer, inflated, up to MAX_ANSWER + 1 bytes: a few hundred bytes
    of gzip can inflate to gigabytes, and a phone would be killed. InDoubt
    when it has not all come by `deadline`: each read waits the read
    timeout at most, but a server sending a byte now and then held a sync
    pass, and every later one, for as long as it liked."""
    parts: list[bytes] = []
    size = 0
    while size <= MAX_ANSWER:
        if time.monotonic() > deadline:
            raise InDoubt("the server's answer did not all come in time")
        chunk = response.read1(MAX_ANSWER + 1 - size, decode_content=True)
        if not chunk:
            break
        parts.append(chunk)
        size += len(chunk)
    return b"".join(parts)


@dataclass(frozen=True)
class Answer:
    """A response, read (and inflated) up to MAX_ANSWER bytes."""

    status: int
    headers: Mapping[str, str]
    data: bytes
    reason: str


def _proxy_for(url: str) -> str | None:
    """The proxy the environment names for `url` (http_proxy, https_proxy,
    no_proxy), as requests and curl read them."""
    try:
        parts = urlsplit(url)
    except ValueError:  # not a usable address: sending says so, as Unreachable
        return None
    if not parts.hostname or urllib.request.proxy_bypass(parts.hostname):
        return None
    return urllib.request.getproxies().get(parts.scheme) or None


def _answer(response: Answer, model: type[M]) -> M:
    status = response.status
    if status == 200:
        try:
            return model.model_validate_json(response.data)
        except ValidationError:
            raise BadAnswer(f"the server's answer is not a {model.__name__}") from None
    detail = _detail(response)
    if status in NOT_HAKI:
        raise NotHaki(f"the address does not answer as a Haki server ({status} {detail})")
    if 300 <= status < 400:
        # a Haki server never redirects: the address is an old one, or http
        # where the server wants https. Each pass would leave the batch in
        # doubt and ask /missing again, for good
        where = urlsplit(response.headers.get("Location", "")).netloc or "elsewhere"
        raise NotHaki(f"the address sends requests on to {where} ({status}); check the address")
    if status in (408, 429) or status >= 500:
        # 408: the batch came too slowly (a phone on 2G): another try may be faster
        raise Busy(f"the server is busy ({status}): {detail}", status, _retry_after(response))
    if status == 413:  # from a proxy too: halves are smaller all the same
        raise TooLarge(f"the server refused the batch as too large: {detail}", status)
    if status == 422 and _is_problem(response):
        # a Haki server's reason for refusing something in this request:
        # worth finding which report, by halves (sync.drain)
        raise Refused(f"the server refused the request ({status}): {detail}", status)
    if 400 <= status < 500:
        # the whole request, whatever it holds: a firewall's 403, a proxy's
        # 401, plain http to an https port. Halving the batch again and
        # again would send it ten times over, and hold every report back
        raise NotHaki(f"the address refused the request as a whole ({status} {detail})")
    raise BadAnswer(f"unexpected answer {status}")


def _is_problem(response: Answer) -> bool:
    try:
        Problem.model_validate_json(response.data)
    except ValidationError:
        return False
    return True


def _detail(response: Answer) -> str:
    try:
        detail = json.loads(response.data).get("detail", "")
    except (ValueError, AttributeError):
        detail = ""
    return str(detail)[:200] or response.reason


def _retry_after(response: Answer) -> float | None:
    value = response.headers.get("Retry-After", "")
    return float(value) if value.strip().isdigit() else None


def _translate(exc: Exception) -> Exception:
    """Unreachable when no connection was ever made; in doubt otherwise."""
    if getattr(exc, "may_have_arrived", False):
        return InDoubt(f"no answer from the server: {_reason(exc)}")
    if isinstance(exc, ValueError):  # urllib3's LocationValueError and its kin
        return Unreachable(f"the server address is not usable: {exc}")
    seen: set[int] = set()
    todo: list[object] = [exc]
    while todo:
        cause = todo.pop()
        if id(cause) in seen or cause is None:
            continue
        seen.add(id(cause))
        if isinstance(cause, (*NEVER_SENT, ConnectionRefusedError)):
            return Unreachable(f"cannot reach the server: {_reason(exc)}")
        if isinstance(cause, BaseException):
            todo += [
                *cause.args,
                cause.__cause__,
                cause.__context__,
                getattr(cause, "reason", None),
            ]
    return InDoubt(f"no answer from the server: {_reason(exc)}")


def _reason(exc: BaseException) -> str:
    if isinstance(exc, MaxRetryError) and exc.reason is not None:
        return exc.reason.__class__.__name__
    return exc.__class__.__name__

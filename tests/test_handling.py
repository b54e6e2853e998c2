"""The organisation's follow-up back to the worker: staff mark a received
report read, acted on or closed (python -m server.handling); the app asks
about the reports it holds when it syncs and shows it in "My reports".
Against a real server process on 127.0.0.1."""

from __future__ import annotations

import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from nacl.public import PrivateKey
from sqlite_utils import Database

from app import paths
from app.store import migrations
from app.store.outbox import Outbox, OutboxState
from app.store.store import Store, open_store
from app.syncing import SyncService
from server.testing import ServerProcess, synthetic_envelope
from sync.protocol import API_PREFIX
from tests.fake_http import answering
from tests.test_views import ui as ui  # noqa: F401 - the fixture


@pytest.fixture
def server(tmp_path) -> Iterator[ServerProcess]:
    with ServerProcess(tmp_path / "server.db", ["--rate", "0"]) as s:
        yield s


def queue(store: Store, n: int, seed: int = 3) -> list[str]:
    key = bytes(PrivateKey.generate().public_key)
    rng = random.Random(seed)
    outbox = Outbox(store)
    ids = []
    for _ in range(n):
        env = synthetic_envelope(rng, key)
        outbox.add(str(env.report_id), env.model_dump_json(), env.content_hash())
        ids.append(str(env.report_id))
    return ids


def mark(server: ServerProcess, status: str, *ids: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "server.handling", "--db", str(server.db), "--status", status, *ids],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def send_and_ask(store: Store, url: str) -> list[str]:
    """One start-up pass of the app's sender; the progress phases it told."""
    service = SyncService(store, url)
    told: list[str] = []
    service.listen("screen", lambda p: told.append(p.phase))
    service.start()
    try:
        assert service.wait_idle(30)
    finally:
        service.stop()
    return told


def handling(store: Store) -> dict[str, str | None]:
    return {s.report_id: s.handling for s in Outbox(store).statuses()}


def test_the_organisations_follow_up_reaches_the_report_on_the_phone(store, server):
    first, second, third = queue(store, 3)
    send_and_ask(store, server.url)
    assert Outbox(store).counts()[OutboxState.RECEIVED] == 3
    assert set(handling(store).values()) == {None}  # nothing followed up yet

    assert mark(server, "read", first, second).returncode == 0
    done = mark(server, "acting", second)
    assert done.returncode == 0 and "1 report marked acting" in done.stdout
    told = send_and_ask(store, server.url)
    assert handling(store) == {first: "read", second: "acting", third: None}
    assert told.count("done") == 2  # told again once the follow-up was in
    assert mark(server, "closed", first).returncode == 0
    send_and_ask(store, server.url)
    assert Outbox(store).received_ids() == [second, third]  # a closed one is not asked again
    reopened = mark(server, "acting", first)  # staff are told the phone will not hear of it
    assert reopened.returncode == 0 and "1 of them was closed" in reopened.stderr

    # removed from the phone (someone may look at it): nothing left to ask about
    Outbox(store).forget_received()
    assert Outbox(store).received_ids() == []


def test_the_follow_up_endpoint_tells_only_what_was_followed_up(server):
    url = server.url + f"{API_PREFIX}/reports/handling"
    rng = random.Random(5)
    env = synthetic_envelope(rng, bytes(PrivateKey.generate().public_key))
    body = '{"reports":[' + env.model_dump_json() + "]}"
    posted = requests.post(
        server.url + f"{API_PREFIX}/reports",
        data=body,
        headers={"Content-Type": "application/json"},
        timeout=10,
    )
    assert posted.status_code == 200
    other = "5b0c3f5e-8a3d-4f6e-9c1b-2d7e4a9f0b13"
    ask = {"report_ids": [str(env.report_id), other]}
    assert requests.post(url, json=ask, timeout=10).json() == {"reports": []}
    assert mark(server, "closed", str(env.report_id)).returncode == 0
    assert requests.post(url, json=ask, timeout=10).json() == {
        "reports": [{"report_id": str(env.report_id), "handling": "closed"}]
    }
    for bad in ({"report_ids": []}, {"report_ids": ["not-an-id"]}, {"ids": [other]}):
        refused = requests.post(url, json=bad, timeout=10)
        assert refused.status_code == 422 and refused.json()["detail"]


def test_marking_says_which_ids_the_server_does_not_hold(server, tmp_path):
    unknown = "5b0c3f5e-8a3d-4f6e-9c1b-2d7e4a9f0b13"
    result = mark(server, "read", unknown)
    assert result.returncode == 1 and unknown in result.stderr
    assert "0 reports marked read" in result.stdout
    bad = mark(server, "read", "12345")
    assert bad.returncode == 2 and "not report ids: 12345" in bad.stderr
    wrong = mark(server, "lost", unknown)
    assert wrong.returncode == 2 and "invalid choice" in wrong.stderr
    # ids from a file, as python -m server.open_reports writes them (first column)
    listing = tmp_path / "ids.csv"
    listing.write_text(f"report_id,received_week\n{unknown},2026-W48\n\n", "utf-8")
    from_file = subprocess.run(
        [
            sys.executable,
            "-m",
            "server.handling",
            "--db",
            str(server.db),
            "--status",
            "read",
            "--ids",
            str(listing),
        ],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert from_file.returncode == 1 and unknown in from_file.stderr


def test_a_server_without_follow_ups_leaves_the_reports_as_received(store, tmp_path):
    """A server from before follow-ups answers 404: the reports stay
    received, and sending goes on."""
    queue(store, 1)
    Outbox(store).acknowledge([Outbox(store).statuses()[0].report_id])
    with answering(404, b'{"detail":"Not Found"}') as old_server:
        send_and_ask(store, old_server.url)
    assert [(s.state, s.handling) for s in Outbox(store).statuses()] == [
        (OutboxState.RECEIVED, None)
    ]


def test_a_store_from_before_0013_keeps_its_reports(tmp_path: Path):
    path = tmp_path / "haki.db"
    old = Database(path)
    migrations.migrations.apply(old, stop_before="0013_handling")
    old.close()
    store = open_store(path)
    try:
        ids = queue(store, 2)
        Outbox(store).acknowledge(ids[:1])
        assert Outbox(store).set_handling({ids[0]: "read", ids[1]: "read"}) == 1
        assert handling(store) == {ids[0]: "read", ids[1]: None}  # only a received one
    finally:
        store.close()


def test_my_reports_says_what_the_organisation_did(ui):
    from app.ui.routes import views_for
    from tests.test_views import texts

    store = ui.context.store
    ids = queue(store, 3)
    Outbox(store).acknowledge(ids)
    Outbox(store).set_handling({ids[0]: "read", ids[1]: "acting", ids[2]: "closed"})
    ui.set_language("en")
    shown = texts(views_for(ui, "/report/mine"))
    for words in (
        "Read by the organisation",
        "The organisation is acting on it",
        "The organisation has finished with it",
    ):
        assert any(words in t for t in shown), shown
    assert not any("Received by the organisation" in t for t in shown)


def test_an_organisation_can_ask_the_worker_to_get_in_touch(ui, server):
    """ask_contact: set by staff, reaches the phone, and My reports says how
    to reach the organisation: its own contact line, or where to look."""
    import dataclasses

    from app.startup import AppContext
    from app.ui.routes import views_for
    from app.ui.session import UiSession
    from tests.test_views import FakePage, find, texts

    ids = queue(ui.context.store, 1)
    send_and_ask(ui.context.store, server.url)
    assert mark(server, "ask_contact", *ids).returncode == 0
    send_and_ask(ui.context.store, server.url)
    assert handling(ui.context.store) == {ids[0]: "ask_contact"}
    ui.set_language("en")
    shown = texts(views_for(ui, "/report/mine"))
    assert any("The organisation would like you to contact them" in t for t in shown), shown
    assert any("See “Where to get help”." in t for t in shown), shown
    row = find(views_for(ui, "/report/mine"), "report-status-1")
    row.on_click(None)  # type: ignore[attr-defined]
    assert ui.page.pushed[-1] == "/help"  # type: ignore[attr-defined]

    settings = dataclasses.replace(ui.context.settings, organisation_contact="+000 TEST LINE")
    context = AppContext(settings, ui.context.registry, ui.context.store)
    told = UiSession(context, FakePage(), ui.language)  # type: ignore[arg-type]
    assert any("+000 TEST LINE" in t for t in texts(views_for(told, "/report/mine")))
    # and on Report itself, for a worker who wants to talk before reporting
    assert any("+000 TEST LINE" in t for t in texts(views_for(told, "/report")))
    assert not any("TEST LINE" in t for t in texts(views_for(ui, "/report")))


def test_a_code_from_a_newer_server_is_left_out_not_the_whole_answer(store):
    """A server that knows a follow-up this version does not: the device
    keeps what it knows and ignores the rest, where a strict answer would
    have lost them all."""
    import json

    from sync.client import SyncClient

    ids = queue(store, 2)
    body = json.dumps(
        {
            "reports": [
                {"report_id": ids[0], "handling": "read"},
                {"report_id": ids[1], "handling": "sent_to_inspectorate"},
            ]
        }
    ).encode()
    with answering(200, body) as newer_server:
        client = SyncClient(newer_server.url, timeout=(2, 10))
        try:
            assert client.handling_of(ids) == {ids[0]: "read"}
        finally:
            client.close()

"""Burmese typed in Zawgyi is read as Unicode: in a search, and in the
words a report seals for the organisation."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from nacl.public import PrivateKey

from app import paths
from app.burmese import answers_as_unicode, as_unicode
from app.content.importer import import_if_changed
from app.core.report_sealing import open_sealed
from app.store.drafts import submit_report
from app.store.outbox import Outbox
from app.store.store import Store, open_store
from sync.protocol import Envelope
from tests.test_report_store import TODAY, canary_answers

#: "Recruitment fees" (a topic's title), as a Zawgyi keyboard types it and in Unicode
FEES_ZAWGYI = "အလုပ္ေခၚယူေရး အခေၾကးေငြ"
FEES_UNICODE = "အလုပ်ခေါ်ယူရေး အခကြေးငွေ"
#: "passport", both ways (as the Burmese articles write it)
PASSPORT_ZAWGYI = "ပတ္စ္ပို႔"
PASSPORT_UNICODE = "ပတ်စ်ပို့"


def test_zawgyi_becomes_unicode_and_other_text_stays_as_it_is():
    assert FEES_ZAWGYI != FEES_UNICODE
    assert as_unicode(FEES_ZAWGYI) == FEES_UNICODE
    assert as_unicode(PASSPORT_ZAWGYI) == PASSPORT_UNICODE
    for text in (FEES_UNICODE, PASSPORT_UNICODE, "passport", "جواز السفر", "", "12 000"):
        assert as_unicode(text) == text


@pytest.fixture(scope="module")
def bundled(tmp_path_factory, registry) -> Iterator[Store]:
    store = open_store(tmp_path_factory.mktemp("bundled") / "haki.db")
    import_if_changed(store, paths.RIGHTS_DIR, registry)
    yield store
    store.close()


def test_a_search_typed_in_zawgyi_finds_what_unicode_finds(bundled, registry):
    chain, grams = registry.chain("my"), registry.trigram_languages()
    wanted = [(h.id, h.lang) for h in bundled.search(PASSPORT_UNICODE, chain, grams)]
    assert ("keep-your-passport", "my") in wanted
    got = [(h.id, h.lang) for h in bundled.search(PASSPORT_ZAWGYI, chain, grams)]
    assert got == wanted


def test_a_report_typed_in_zawgyi_is_sealed_in_unicode(store):
    key = PrivateKey.generate()
    answers = dataclasses.replace(
        canary_answers(), words=f"{FEES_ZAWGYI} 45000", employer_name=PASSPORT_ZAWGYI
    )
    assert answers_as_unicode(answers).words == f"{FEES_UNICODE} 45000"
    submit_report(store, answers, bytes(key.public_key), lang="my", today=TODAY)
    (row,) = Outbox(store).unacknowledged()
    sealed = open_sealed(Envelope.model_validate_json(row.envelope).sealed, bytes(key))
    assert sealed["t"] == f"{FEES_UNICODE} 45000"
    assert sealed["en"] == PASSPORT_UNICODE


def test_nothing_is_loaded_before_burmese_is_typed():
    import subprocess
    import sys

    code = (
        "import sys; from app.burmese import as_unicode; as_unicode('passport'); "
        "print('myanmartools' in sys.modules, 'myanmar' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=paths.ROOT, capture_output=True, text=True
    )
    assert done.stdout.split() == ["False", "False"], done.stderr

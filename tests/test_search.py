"""Search: across scripts, in the reader's language with its fallback."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import paths
from app.content.articles import load_articles
from app.content.importer import import_if_changed
from app.core.search import (
    MARK_END,
    MARK_START,
    corrected,
    excerpt_marked,
    normalize,
    parse_query,
    split_marks,
    strip_marks,
)
from app.store.store import Store
from tests.conftest import ArticleWriter

MYANMAR = frozenset({"my"})


@pytest.fixture(scope="module")
def bundled(tmp_path_factory, registry) -> Iterator[Store]:
    """A store with the shipped articles, imported once for the tests that
    only search it."""
    from app.store.store import open_store

    store = open_store(tmp_path_factory.mktemp("bundled") / "haki.db")
    import_if_changed(store, paths.RIGHTS_DIR, registry)
    yield store
    store.close()


@pytest.fixture
def mini(tmp_path, store, write_article: ArticleWriter):
    write_article("en", "keep-your-passport", body="Nobody may take your passport.\n")
    write_article(
        "en",
        "no-fees",
        title="Do not pay recruitment fees",
        topic="recruitment_fees",
        body="Recruitment fees are not yours to pay.\n",
    )
    write_article(
        "ar",
        "keep-your-passport",
        title="احتفظ بجواز سفرك",
        body="لا يحقّ لأحدٍ أن يأخذَ جوازَ سفرِك.\n",
        translation="machine",
    )
    write_article(
        "am",
        "keep-your-passport",
        title="ፓስፖርትዎን ይያዙ",
        body="ፓስፖርትዎን ማንም ሊወስድ አይችልም።\n",
        translation="machine",
    )
    write_article(
        "hi",
        "keep-your-passport",
        title="अपना पासपोर्ट रखें",
        body="आपका पासपोर्ट कोई नहीं ले सकता।\n",
        translation="machine",
    )
    write_article(
        "my",
        "keep-your-passport",
        title="သင့်နိုင်ငံကူးလက်မှတ်ကို သိမ်းထားပါ",
        body="သင့်နိုင်ငံကူးလက်မှတ်ကို မည်သူမျှ ယူ၍မရပါ။\n",
        translation="machine",
    )
    articles = load_articles(tmp_path / "rights").articles
    store.replace_content(articles, "h", trigram_languages=MYANMAR)
    return store


def ids(hits) -> list[tuple[str, str]]:
    return [(h.id, h.lang) for h in hits]


def test_english_words_and_a_prefix(mini):
    assert ids(mini.search("passport", ("en",), MYANMAR)) == [("keep-your-passport", "en")]
    assert ids(mini.search("recruit", ("en",), MYANMAR)) == [("no-fees", "en")]


def test_the_title_weighs_more_than_the_body(mini, tmp_path, write_article):
    hits = mini.search("fees", ("en",), MYANMAR)
    assert hits[0].id == "no-fees"
    assert MARK_START + "fees" + MARK_END in hits[0].title.lower()


def test_arabic_with_or_without_vowel_marks(mini):
    for query in ("جواز", "جوازَ", "الجواز"[2:]):
        assert ids(mini.search(query, ("ar", "en"), MYANMAR)) == [("keep-your-passport", "ar")]


def test_amharic_and_hindi_words_stay_whole(mini):
    assert ids(mini.search("ፓስፖርትዎን", ("am", "en"), MYANMAR)) == [("keep-your-passport", "am")]
    assert ids(mini.search("पासपोर्ट", ("hi", "en"), MYANMAR)) == [("keep-your-passport", "hi")]
    hit = mini.search("पासपोर्ट", ("hi",), MYANMAR)[0]
    assert MARK_START + "पासपोर्ट" + MARK_END in hit.title  # marked whole, not in pieces


def test_burmese_substrings_inside_a_sentence(mini):
    # no spaces between Burmese words: a piece of a word group still matches
    assert ids(mini.search("နိုင်ငံကူး", ("my", "en"), MYANMAR)) == [("keep-your-passport", "my")]
    short = mini.search("ယူ", ("my",), MYANMAR)  # under three characters
    assert ids(short) == [("keep-your-passport", "my")]
    assert MARK_START in short[0].snippet


def test_a_hit_shows_the_words_as_written(mini, tmp_path, write_article):
    # the index drops vowel marks and makes alef forms one: the reader's
    # title and snippet keep them (Urdu آپ showed as اپ in results)
    write_article(
        "ur",
        "deductions",
        title="آپ کی تنخواہ سے کاٹی جانے والی رقم",
        body="آجر آپ کی تنخواہ سے پیسے نہیں کاٹ سکتا۔\n",
        translation="machine",
    )
    mini.replace_content(load_articles(tmp_path / "rights").articles, "h2", MYANMAR)
    hit = mini.search("تنخواہ", ("ur",), MYANMAR)[0]
    assert strip_marks(hit.title) == "آپ کی تنخواہ سے کاٹی جانے والی رقم"
    assert MARK_START + "تنخواہ" + MARK_END in hit.title
    assert "آپ" in hit.snippet and MARK_START + "تنخواہ" + MARK_END in hit.snippet
    # typed on an Arabic keyboard (ه and ي for the Urdu ہ and ی) it is found too
    assert ids(mini.search("تنخواه", ("ur",), MYANMAR)) == [("deductions", "ur")]
    arabic = mini.search("جواز", ("ar",), MYANMAR)[0]
    assert MARK_START + "جوازَ" + MARK_END in arabic.snippet  # its vowel mark kept
    assert "لأحدٍ" in arabic.snippet


def test_burmese_words_anywhere_and_snippets_whole(mini):
    # two words, each matched wherever it is, in either order
    for query in ("နိုင်ငံကူး ယူ၍မရပါ", "ယူ၍မရပါ နိုင်ငံကူး"):
        assert ids(mini.search(query, ("my",), MYANMAR)) == [("keep-your-passport", "my")]
    hit = mini.search("မည်သူ", ("my",), MYANMAR)[0]
    first = strip_marks(hit.snippet).lstrip("…")[0]
    assert unicodedata.category(first) not in ("Mn", "Mc")  # never a lone vowel sign


def test_reader_language_first_then_fallback(mini):
    hits = mini.search("recruitment", ("am", "en"), MYANMAR)
    assert ids(hits) == [("no-fees", "en")]  # no Amharic text for it: English
    hits = mini.search("passport", ("am", "en"), MYANMAR)
    assert ids(hits) == [("keep-your-passport", "en")]


def test_fts_syntax_in_a_query_is_just_text(mini):
    for query in ('"', "AND", "passport OR", "*", "NEAR(a b)", "(", "-", ""):
        mini.search(query, ("en",), MYANMAR)  # never raises


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=40))
def test_any_text_typed_is_searched_without_error(mini, query):
    # whatever a reader types, in any script, with any punctuation: hits or
    # none, never an exception (which would end the session)
    for chain in (("en",), ("my", "en")):
        hits = mini.search(query, chain, MYANMAR)
        assert all(h.lang in chain for h in hits)


def test_no_hit_is_an_empty_list(mini):
    assert mini.search("zebra", ("en", "ar"), MYANMAR) == []


def test_query_parsing():
    q = parse_query('  fee "AND ')
    assert q.words == '"fee" AND """AND"*'  # a stray quote is escaped, not syntax
    assert parse_query("ab").trigram is None
    assert normalize("جَوازُ") == "جواز"
    assert parse_query("ab cde fgh").trigram == '"cde" "fgh"'  # each, anywhere
    assert parse_query("ab c").trigram == '"abc"'  # too short apart: as one
    assert split_marks(f"a {MARK_START}b{MARK_END} c") == [
        ("a ", False),
        ("b", True),
        (" c", False),
    ]


def test_a_snippet_keeps_to_whole_words_in_the_matchs_paragraph():
    m = lambda word: MARK_START + word + MARK_END  # noqa: E731
    body = (
        "What this means\n\n"
        "Your passport and your identity card belong to you. You should keep them "
        f"yourself. Nobody may keep your {m('passport')} for you, not even the agent who "
        "brought you here.\n\nWhat you can do"
    )
    snippet = excerpt_marked(body, width=30)
    assert snippet.startswith("…") and snippet.endswith("…")
    words = strip_marks(snippet).strip("…").split(" ")
    assert all(w in strip_marks(body).split() for w in words)  # none cut in two
    assert "What" not in snippet  # neither heading runs into it
    # no match in the body: its first paragraph, not the heading above it
    assert excerpt_marked(strip_marks(body), width=30).startswith("Your passport")


def test_a_word_also_finds_the_words_its_stem_begins():
    # the last word stays a prefix; a stem another choice finds is left out
    assert parse_query("passports", ("en",)).words == '"passport"*'
    assert parse_query("passeports fees", ("fr", "en")).words == '"passeport"* AND "fee"*'
    # Arabic's stem drops the article, so the word as typed stays a choice
    assert parse_query("الجوازات", ("ar",)).words == '("الجوازات"* OR "جواز"*)'
    # no stemmer for the language, or a stem too short: the word as typed
    assert parse_query("pasipoti", ("sw",)).words == '"pasipoti"*'
    assert parse_query("is it", ("en",)).words == '"is" AND "it"*'


@pytest.mark.parametrize(
    "lang, query, wanted",
    [
        ("en", "passports", "keep-your-passport"),
        ("fr", "passeports", "keep-your-passport"),
        ("ar", "الجوازات", "keep-your-passport"),
        ("hi", "पासपोर्टों", "keep-your-passport"),
        ("en", "recruiters", "check-your-recruitment-agency"),
        ("en", "contracts", "written-contract"),
        # two words, the first with stems: a bracket after a word, which
        # FTS5 could not parse without AND written out (nothing was found)
        ("ar", "جواز السفر", "keep-your-passport"),
        ("en", "keeping passports", "keep-your-passport"),
        ("fr", "garder passeport", "keep-your-passport"),
    ],
)
def test_a_plural_finds_the_article_in_the_singular(bundled, registry, lang, query, wanted):
    # each found one article or none before the stems
    hits = bundled.search(query, registry.chain(lang), registry.trigram_languages())
    assert wanted in [h.id for h in hits[:5]]
    hit = next(h for h in hits if h.id == wanted)
    assert any(matched for _piece, matched in split_marks(hit.title + hit.snippet))


def test_an_arabic_broken_plural_also_finds_its_singular_and_back():
    from app.core.arabic_plurals import other_forms

    # wages -> wage, article off, hamza folded; and salary, the word workers say
    assert other_forms("الأجور") == ("اجر", "راتب", "رواتب")
    assert other_forms("أجرك") == ("اجور", "راتب", "رواتب")  # your wage
    assert other_forms("راتبي") == ("اجر", "اجور", "رواتب")  # my salary
    assert other_forms("شكاوى") == ("شكوي",)
    assert other_forms("والحقوق") == ("حق",)
    assert other_forms("رسمي") == ()  # "official" is not رسم, "fee"
    assert other_forms("دولي") == ()  # nor "international" دول, "countries"
    assert other_forms("passport") == ()
    assert parse_query("شكاوى", ("ar",)).words == '("شكاو"* OR "شكو"* OR "الشكو"*)'
    # a word shorter than a stem is taken whole: حق, "right", begins حقيبة, "bag"
    assert parse_query("حقوق", ("ar",)).words == '("حقوق"* OR "حق" OR "الحق")'
    # not for a reader of another language
    assert parse_query("الأجور", ("en",)).words == '"الاجور"*'


@pytest.mark.parametrize(
    "query, wanted",
    [
        # "wages": found 2 articles, neither on wages, before the plurals
        ("الأجور", {"minimum-wage", "wages-paid-in-full", "deductions-from-pay"}),
        ("الأجور", {"qatar-minimum-wage", "withholding-of-wages"}),
        ("شكاوى", {"how-complaints-work"}),  # "complaints": found nothing
        ("العقود", {"written-contract", "contract-substitution"}),  # "contracts"
        # "my salary": the articles say أجر, wage; found nothing before
        ("راتبي", {"minimum-wage", "wages-paid-in-full", "withholding-of-wages"}),
    ],
)
def test_arabic_broken_plurals_find_the_articles_in_the_singular(bundled, registry, query, wanted):
    hits = bundled.search(query, registry.chain("ar"), registry.trigram_languages())
    assert wanted <= {h.id for h in hits[:6]}, [h.id for h in hits]


@pytest.mark.parametrize(
    "lang, query, wanted",
    [
        ("en", "passport", "keep-your-passport"),
        ("ar", "جواز", "keep-your-passport"),
        ("am", "ፓስፖርት", "keep-your-passport"),
        ("ne", "पासपोर्ट", "keep-your-passport"),
        ("hi", "पासपोर्ट", "keep-your-passport"),
        ("ur", "پاسپورٹ", "keep-your-passport"),
        ("my", "ပတ်စ်ပို့", "keep-your-passport"),  # inside a word group, no spaces
        ("my", "ပတ်စပို့", "keep-your-passport"),  # the same, written without one asat
        ("my", "အဓမ္မလုပ်အား", "forced-labour-warning-signs"),
        ("sw", "pasipoti", "keep-your-passport"),
    ],
)
def test_bundled_content_is_found_in_many_scripts(bundled, registry, lang, query, wanted):
    hits = bundled.search(query, registry.chain(lang), registry.trigram_languages())
    assert wanted in [h.id for h in hits[:3]]
    assert next(h for h in hits if h.id == wanted).lang == lang


def test_search_command_prints_id_and_title(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "app.content", "search", "passport", "--lang", "en"],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    lines = [line.split("\t") for line in result.stdout.splitlines()]
    assert all(len(parts) == 2 and parts[1] for parts in lines)
    assert "keep-your-passport" in [parts[0] for parts in lines[:3]]
    none = subprocess.run(
        [sys.executable, "-m", "app.content", "search", "zzzzqqq", "--lang", "am"],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert none.returncode == 0 and none.stdout == ""


def test_a_misspelt_word_becomes_the_closest_one_the_index_holds():
    vocabulary = ["passport", "passports", "wage", "wages", "ፓስፖርት", "recruitment"]
    known = frozenset(vocabulary)
    assert corrected("pasport", vocabulary, known) == "passport"
    assert corrected("Keep pasport", vocabulary + ["keep"], known | {"keep"}) == "keep passport"
    assert corrected("ፓስፖርቴ", vocabulary, known) == "ፓስፖርት"  # "my passport"
    assert corrected("passport wages", vocabulary, known) is None  # nothing to change
    assert corrected("zebra", vocabulary, known) is None  # nothing close


@pytest.mark.parametrize(
    "lang, typed, words, wanted",
    [
        ("en", "pasport", "passport", "keep-your-passport"),
        ("am", "ፓስፖርቴ", "ፓስፖርት", "keep-your-passport"),
        ("en", "recruitmnt agency", "recruitment agency", "check-your-recruitment-agency"),
    ],
)
def test_a_search_that_found_nothing_is_made_again_with_the_words_meant(
    bundled, registry, lang, typed, words, wanted
):
    chain, trigram = registry.chain(lang), registry.trigram_languages()
    assert bundled.search(typed, chain, trigram) == []
    instead = bundled.corrected_query(typed)
    assert instead == words
    assert wanted in [h.id for h in bundled.search(instead, chain, trigram)[:5]]

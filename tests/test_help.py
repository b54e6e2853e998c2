"""The help directory: sourced entries, checked contacts, by country."""

from __future__ import annotations

import textwrap

from app import paths
from app.content.help import load_help
from app.content.importer import import_if_changed

GOOD = textwrap.dedent(
    """\
    id = "trade-unions"
    kind = "union"
    countries = ["*"]
    verified_on = 2026-11-26

    [[sources]]
    instrument = "ILO C87"
    article = "Article 2"

    [text.en]
    name = "A trade union"
    what = "Workers who stand together."
    translation = "source"
    """
)


def write(tmp_path, name: str, text: str):
    folder = tmp_path / "help"
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.toml").write_text(text, "utf-8")
    return folder


def test_a_good_entry(tmp_path, registry):
    entries, problems = load_help(write(tmp_path, "trade-unions", GOOD), registry.codes)
    assert problems == [] and entries[0].texts["en"].name == "A trade union"


def test_a_contact_needs_its_source_and_checked_date(tmp_path, registry):
    text = GOOD + '\n[[contacts]]\nkind = "phone"\nvalue = "+000 0000"\n'
    _, problems = load_help(write(tmp_path, "trade-unions", text), registry.codes)
    messages = sorted(p.message for p in problems)
    assert messages == [
        "missing field 'contacts.0.source'",
        "missing field 'contacts.0.verified_on'",
    ]
    assert all(p.line == 15 for p in problems)  # the [[contacts]] line


def test_a_wrong_date_or_kind_is_said_in_plain_words(tmp_path, registry):
    """Who adds an entry reads what to write, not pydantic's 'input is too short'."""
    text = GOOD.replace("verified_on = 2026-11-26", 'verified_on = "last week"').replace(
        'kind = "union"', 'kind = "unions"'
    ) + ('\n[[contacts]]\nkind = "website"\nvalue = "example.org"\nsource = "its site"\n'
         "verified_on = 2026-11-26\n")  # fmt: skip
    _, problems = load_help(write(tmp_path, "trade-unions", text), registry.codes)
    assert sorted((p.line, p.message) for p in problems) == [
        (2, "unknown kind 'unions'; use one of: union, government, embassy, ngo, "
            "international, online"),
        (4, "verified_on: 'last week' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-26"),
        (15, "unknown contacts.0.kind 'website'; use one of: phone, web, email, address"),
    ]  # fmt: skip


def test_an_entry_needs_a_source_and_english(tmp_path, registry):
    no_source = GOOD.replace('[[sources]]\ninstrument = "ILO C87"\narticle = "Article 2"\n', "")
    no_english = GOOD.replace("[text.en]", "[text.am]")
    _, p1 = load_help(write(tmp_path, "trade-unions", no_source), registry.codes)
    assert [p.message for p in p1] == ["missing field 'sources'"]
    _, p2 = load_help(write(tmp_path, "trade-unions", no_english), registry.codes)
    assert [p.message for p in p2] == ["an entry needs an English text: [text.en]"]


ARABIC = '\n[text.ar]\nname = "نقابة"\nwhat = "عمال يقفون معًا."\n'


def test_each_text_says_how_it_was_translated(tmp_path, registry):
    """A machine translation is labelled on the screen: each language's text
    says how it was made, English being the original."""
    cases = {
        ARABIC: [(15, "missing field 'text.ar.translation'")],
        ARABIC + 'translation = "google"\n': [
            (15, "unknown text.ar.translation 'google'; use one of: source, machine, reviewed")
        ],
        ARABIC + 'translation = "source"\n': [
            (15, "only the English original may say translation = 'source'")
        ],
    }
    for added, expected in cases.items():
        _, problems = load_help(write(tmp_path, "trade-unions", GOOD + added), registry.codes)
        assert [(p.line, p.message) for p in problems] == expected, added
    english_machine = GOOD.replace('translation = "source"', 'translation = "machine"')
    _, problems = load_help(write(tmp_path, "trade-unions", english_machine), registry.codes)
    assert [(p.line, p.message) for p in problems] == [
        (10, "an English help text is the original: translation must be 'source'")
    ]
    entries, problems = load_help(
        write(tmp_path, "trade-unions", GOOD + ARABIC + 'translation = "machine"\n'),
        registry.codes,
    )
    assert problems == [] and entries[0].texts["ar"].translation == "machine"


def test_bundled_help_is_checked_imported_and_has_no_unsourced_contact(tmp_path, registry, store):
    entries, problems = load_help(paths.HELP_DIR, registry.codes)
    assert problems == [] and len(entries) >= 5
    import_if_changed(store, paths.RIGHTS_DIR, registry)
    stored = store.help_entries()
    assert [e.id for e in stored] == sorted(e.id for e in entries)
    for entry in stored:
        assert entry.sources
        assert all(c.source and c.verified_on for c in entry.contacts)
    qatar = [e.id for e in stored if e.helps_in("QA")]
    assert "qatar-labour-complaints" in qatar and "trade-unions" in qatar
    assert "saudi-hrsd" not in qatar


def test_the_screen_labels_a_machine_translation_only(tmp_path, registry, store):
    """Arabic read as machine translated is labelled; English is not, nor
    the English shown for lack of Amharic (it is the original)."""
    from app.settings import Settings
    from app.startup import AppContext
    from app.ui.routes import views_for
    from app.ui.session import UiSession
    from tests.test_views import FakePage, identifiers

    folder = write(tmp_path, "trade-unions", GOOD + ARABIC + 'translation = "machine"\n')
    entries, _ = load_help(folder, registry.codes)
    store.replace_help(entries)
    context = AppContext(Settings("127.0.0.1", 1, tmp_path), registry, store)
    shown = {}
    for lang in ("ar", "en", "am"):
        ui = UiSession(context, FakePage(), registry.get(lang))  # type: ignore[arg-type]
        ids = identifiers(views_for(ui, "/help"))
        assert "help-trade-unions" in ids
        shown[lang] = "help-trade-unions-machine" in ids
    assert shown == {"ar": True, "en": False, "am": False}


def test_help_stored_before_texts_said_how_they_were_made_is_read(tmp_path, registry, store):
    """A phone updated from before: its stored texts lack `translation`
    until the content is imported again; English is the original, the
    others machine translations (as they all were)."""
    folder = write(tmp_path, "trade-unions", GOOD + ARABIC + 'translation = "machine"\n')
    store.replace_help(load_help(folder, registry.codes)[0])
    store.db.execute(
        "update help_entries set texts = ?",
        ['{"en": {"name": "A trade union", "what": "W."}, "ar": {"name": "نقابة", "what": "ع."}}'],
    )
    texts = store.help_entries()[0].texts
    assert (texts["en"].translation, texts["ar"].translation) == ("source", "machine")

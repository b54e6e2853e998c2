"""The organisation's public key comes from the configuration file, read only
in app/settings.py; a bad file stops start-up with one line."""

from __future__ import annotations

import base64
import re

import pytest
from nacl.public import PrivateKey

from app import paths
from app.content.registry import load_registry
from app.settings import DEFAULT_CONFIG, SettingsError, from_args, read_config
from tests.test_main_cli import assert_one_line_error, run_main


def write_config(path, key: str, extra: str = "") -> None:
    path.write_text(f'[reports]\norganisation_public_key = "{key}"\n{extra}', "utf-8")


def test_the_shipped_config_holds_a_demo_key_and_says_so():
    config = read_config(DEFAULT_CONFIG)
    assert len(config.public_key) == 32
    assert config.server_url == "http://127.0.0.1:8787"
    text = DEFAULT_CONFIG.read_text("utf-8")
    assert "DEMO KEY" in text and "kept nowhere" in text
    assert "test key" in config.organisation_name
    # and in every other language Haki speaks: a worker reading Nepali was told
    # in English that nobody can read what they send
    registry = load_registry(paths.LANGUAGES_FILE)
    assert set(config.organisation_names) == set(registry.codes) - {"en"}


def test_the_demo_names_go_with_the_demo_key_alone(tmp_path):
    """An organisation that puts its own key in the shipped file and forgets
    the demo's names must not tell workers nobody can read their report."""
    shipped = DEFAULT_CONFIG.read_text("utf-8")
    demo_key = read_config(DEFAULT_CONFIG).public_key
    own_key = base64.b64encode(bytes(PrivateKey.generate().public_key)).decode()
    path = tmp_path / "haki.toml"
    path.write_text(shipped.replace(base64.b64encode(demo_key).decode(), own_key, 1), "utf-8")
    config = read_config(path)
    assert config.public_key == base64.b64decode(own_key)
    assert config.organisation_name == ""  # shown as "the organisation", translated
    assert config.organisation_names == {}
    # its own names, with the demo key still there (a try-out), win over the demo's
    path.write_text(
        shipped.replace('organisation_name = ""', 'organisation_name = "Our union"', 1)
        + '[reports.organisation_names]\nar = "نقابتنا"\n',
        "utf-8",
    )
    config = read_config(path)
    assert config.organisation_name == "Our union"
    assert config.organisation_names["ar"] == "نقابتنا"
    assert "test key" in config.organisation_names["fil"]
    # a [demo] table must say whose names they are
    write_config(path, own_key, '[demo.organisation_names]\nen = "Demo"\n')
    with pytest.raises(SettingsError, match=r"\[demo\] needs public_key"):
        read_config(path)


def test_the_organisation_is_named_in_the_readers_language_or_its_main_name(tmp_path):
    key = base64.b64encode(bytes(PrivateKey.generate().public_key)).decode()
    path = tmp_path / "haki.toml"
    write_config(
        path,
        key,
        'organisation_name = "Union of Domestic Workers"\n'
        '[reports.organisation_names]\nar = "نقابة العمال المنزليين"\n',
    )
    settings = from_args(["--config", str(path), "--data-dir", str(tmp_path / "d")], ["en", "ar"])
    assert settings.organisation_in(("ar", "en")) == "نقابة العمال المنزليين"
    assert settings.organisation_in(("ur", "en")) == "Union of Domestic Workers"
    # a name for a language Haki does not speak is a mistake, said with the file
    with pytest.raises(SettingsError, match="xx, not a language Haki speaks"):
        write_config(path, key, '[reports.organisation_names]\nxx = "Name"\n')
        from_args(["--config", str(path), "--data-dir", str(tmp_path / "d")], ["en"])


def test_config_option_points_at_a_test_key(tmp_path):
    key = PrivateKey.generate().public_key
    path = tmp_path / "haki.toml"
    write_config(
        path,
        base64.b64encode(bytes(key)).decode(),
        'organisation_name = "Test Union"\nserver_url = "http://127.0.0.1:9/"\n',
    )
    settings = from_args(["--config", str(path), "--data-dir", str(tmp_path / "d")], ["en"])
    assert settings.organisation_public_key == bytes(key)
    assert settings.organisation_name == "Test Union"
    assert settings.server_url == "http://127.0.0.1:9"
    assert settings.organisation_contact == ""  # none given: none shown, none made up
    contact = 'organisation_contact = " Office 4 "\n'
    write_config(path, base64.b64encode(bytes(key)).decode(), contact)
    settings = from_args(["--config", str(path), "--data-dir", str(tmp_path / "d")], ["en"])
    assert settings.organisation_contact == "Office 4"


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("not toml [", "not valid TOML"),
        ("[other]\n", "no [reports] table"),
        ("[reports]\n", "needs organisation_public_key"),
        ('[reports]\norganisation_public_key = "abc"\n', "32 bytes in base64"),
        (
            '[reports]\norganisation_public_key = "'
            + base64.b64encode(b"x" * 32).decode()
            + '"\n[reports.organisation_names]\nar = 3\n',
            "a name (text) for each language code",
        ),
        (
            '[reports]\norganisation_public_key = "'
            + base64.b64encode(b"x" * 32).decode()
            + '"\nserver_url = "ftp://x"\n',
            "server_url must start with",
        ),
        (
            '[reports]\norganisation_public_key = "'
            + base64.b64encode(b"x" * 32).decode()
            + '"\norganisation_contact = "line one\\nline two"\n',
            "organisation_contact is one line of text",
        ),
    ],
)
def test_bad_configs_are_one_line_errors(tmp_path, content, fragment):
    path = tmp_path / "bad.toml"
    path.write_text(content, "utf-8")
    with pytest.raises(SettingsError, match=re.escape(fragment)):
        read_config(path)


def test_main_says_what_is_wrong_with_the_config(tmp_path):
    result = run_main("--config", str(tmp_path / "missing.toml"), "--data-dir", str(tmp_path))
    assert_one_line_error(result, "cannot read configuration")

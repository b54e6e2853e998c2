"""Putting names in the order a reader looks for them in, with no locale
library (ICU is not pure Python, so it cannot go into the phone app).

Code-point order is the alphabet's order for the base letters of most
scripts Haki ships (Latin, Arabic, Ethiopic, Devanagari, Bengali,
Myanmar), but not for two things readers met in country lists:
- accented Latin capitals come after Z (French "Éthiopie" after
  "Zimbabwe"): letters are compared without their accents first;
- the letters Urdu adds to the Arabic alphabet (پ ٹ چ ڈ ڑ ژ ک گ ں ہ ی ے)
  have code points after all the Arabic ones ("پاکستان" after "نیپال"):
  each is put right after the letter it is written from, as Urdu
  dictionaries order them.
"""

from __future__ import annotations

import unicodedata

#: after every letter: a name with one of Urdu's own letters comes after the
#: names with the Arabic letter it is written from in the same place
_AFTER = "\U0010ffff"
_URDU = str.maketrans(
    {
        "\u067e": "\u0628" + _AFTER,  # پ after ب
        "\u0679": "\u062a" + _AFTER,  # ٹ after ت
        "\u0686": "\u062c" + _AFTER,  # چ after ج
        "\u0688": "\u062f" + _AFTER,  # ڈ after د
        "\u0691": "\u0631" + _AFTER,  # ڑ after ر
        "\u0698": "\u0632" + _AFTER,  # ژ after ز
        "\u06a9": "\u0643",  # ک is the Arabic ك
        "\u06af": "\u0643" + _AFTER,  # گ after ک
        "\u06ba": "\u0646" + _AFTER,  # ں after ن
        "\u06c1": "\u0647",  # ہ is the Arabic ه
        "\u06be": "\u0647" + _AFTER,  # ھ after ہ
        "\u06cc": "\u064a",  # ی is the Arabic ي
        "\u06d2": "\u064a" + _AFTER,  # ے after ی
    }
)


def name_key(name: str) -> tuple[str, str]:
    """A sort key for a name in any of Haki's scripts: its letters without
    accents or vowel marks, case folded, Urdu letters in their places;
    then the name itself, so names that differ only in accents keep one
    order."""
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return letters.casefold().translate(_URDU), name


def same_name(typed: str, name: str) -> bool:
    """Whether `typed` is `name`, whatever its case, accents, vowel marks or
    spaces around it (a country typed in full rather than picked)."""
    return name_key(typed.strip())[0] == name_key(name)[0]

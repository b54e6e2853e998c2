"""Arabic broken plurals: the singular and plural of a word that share no
stem a stemmer can find; and the few words workers say for what the
articles name otherwise.

Arabic makes many plurals inside the word: أجر (wage), أجور (wages);
شكوى (complaint), شكاوى (complaints). Snowball's Arabic stemmer strips
prefixes and suffixes, so it cannot bring the two together, and a reader
who typed "الأجور" found 2 of the 5 articles on wages. This is the list of
such words in the subjects Haki's content covers (work, pay, recruitment,
documents, complaints, help), each written as the search index holds it
(app.core.search.normalize: no vowel marks, alef without hamza, final yeh
for alef maksura). A word not listed is searched as before.
"""

from __future__ import annotations

import functools

from app.core.search import normalize

#: singular -> its broken plurals
_PLURALS: dict[str, tuple[str, ...]] = {
    "أجر": ("أجور",),
    "راتب": ("رواتب",),
    "عامل": ("عمال",),
    "صاحب": ("أصحاب",),
    "عمل": ("أعمال",),
    "وكيل": ("وكلاء",),
    "وسيط": ("وسطاء",),
    "سمسار": ("سماسرة",),
    "كفيل": ("كفلاء",),
    "رسم": ("رسوم",),
    "مبلغ": ("مبالغ",),
    "مال": ("أموال",),
    "دين": ("ديون",),
    "قرض": ("قروض",),
    "تكلفة": ("تكاليف",),
    "مصروف": ("مصاريف",),
    "عقد": ("عقود",),
    "شرط": ("شروط",),
    "حق": ("حقوق",),
    "قانون": ("قوانين",),
    "قاعدة": ("قواعد",),
    "وثيقة": ("وثائق",),
    "ورقة": ("أوراق",),
    "رسالة": ("رسائل",),
    "رقم": ("أرقام",),
    "اسم": ("أسماء",),
    "تاريخ": ("تواريخ",),
    "تذكرة": ("تذاكر",),
    "شكوى": ("شكاوى",),
    "قضية": ("قضايا",),
    "محكمة": ("محاكم",),
    "ضحية": ("ضحايا",),
    "مكتب": ("مكاتب",),
    "بيت": ("بيوت",),
    "منزل": ("منازل",),
    "دولة": ("دول",),
    "بلد": ("بلدان",),
    "مدينة": ("مدن",),
    "يوم": ("أيام",),
    "أسبوع": ("أسابيع",),
    "شهر": ("أشهر", "شهور"),
    "شخص": ("أشخاص",),
    "طفل": ("أطفال",),
    "أسرة": ("أسر",),
    "عضو": ("أعضاء",),
    "ظرف": ("ظروف",),
    "مرض": ("أمراض",),
    "أجنبي": ("أجانب",),
}

#: words workers say for what the articles name otherwise: راتب (salary,
#: the word most say for their pay) for أجر (wage), with their plurals
_SAME_MEANING = (("راتب", "أجر"),)

#: what goes before a noun and is written as part of it: the article, and
#: "and", "so", "with", "for" before it
_PREFIXES = ("وال", "فال", "بال", "كال", "لل", "ال")
#: possessive endings: "your", "his", "her", "their", "our", and "my" when
#: four letters or more stay (its yeh also ends adjectives: رسمي,
#: "official", is not رسم, "fee"; but راتبي is "my salary")
_SUFFIXES = ("كم", "هم", "ها", "نا", "ك", "ه")
_MY = "ي"


@functools.cache
def _other_number() -> dict[str, tuple[str, ...]]:
    """Each listed word, normalized -> the listed words of the other number."""
    out: dict[str, tuple[str, ...]] = {}
    for singular, plurals in _PLURALS.items():
        one, many = normalize(singular), tuple(normalize(p) for p in plurals)
        out[one] = many
        for plural in many:
            out[plural] = (one,)
    for first, second in _SAME_MEANING:
        group = {normalize(w) for w in (first, second, *_PLURALS[first], *_PLURALS[second])}
        for word in group:
            out[word] = tuple(sorted((group - {word}) | set(out.get(word, ()))))
    return out


def other_forms(word: str) -> tuple[str, ...]:
    """The singular of a listed broken plural, or the plurals of a listed
    singular; with the article, prefixes or ending the reader typed taken
    off ("والأجور" -> أجر, "حقوقك" -> حق). () for any other word."""
    table = _other_number()
    word = normalize(word)
    bases = [word]
    bases += [word[len(p) :] for p in _PREFIXES if word.startswith(p)]
    for base in list(bases):
        bases += [base[: -len(s)] for s in _SUFFIXES if base.endswith(s)]
        if base.endswith(_MY) and len(base) > 4:
            bases.append(base[:-1])
    for base in bases:
        if base in table:
            return table[base]
    return ()

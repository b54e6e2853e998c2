"""Places a report may name: countries offered first, and the first-level
regions (ISO 3166-2) of the main destination countries.

A region is the finest place a report says in clear (DESIGN: geography below
region identifies people). Countries not listed here have no region
question; the worker can still name a town in their own words, which are
sealed. Region names are the ISO 3166-2 English short names, as they appear
on road signs and maps in Latin letters; Arabic readers see the Arab
states' regions by their Arabic names, the local names in ISO 3166-2.
"""

from __future__ import annotations

from app.core.codes import COUNTRY_CODE
from app.core.corridors import DESTINATIONS

#: The countries migrant workers from Haki's languages go to most (the
#: checklist's list too); shown as large choices, the rest in a list.
COMMON_DESTINATIONS = DESTINATIONS

#: Where Haki's readers mostly come from (by the languages it speaks).
COMMON_ORIGINS = (
    "KE", "UG", "TZ", "ET", "NP", "BD", "IN", "PK", "LK", "PH", "ID", "MM",
)  # fmt: skip

#: Codes in CLDR's territory list that are not countries a person lives in.
NOT_COUNTRIES = frozenset(
    {"AC", "AQ", "BV", "CP", "CQ", "DG", "EA", "EU", "EZ", "GS", "HM", "IC", "QO", "TA", "UM",
     "UN", "XA", "XB", "ZZ"}
)  # fmt: skip

REGIONS: dict[str, dict[str, str]] = {
    "SA": {
        "SA-01": "Riyadh",
        "SA-02": "Makkah",
        "SA-03": "Madinah",
        "SA-04": "Eastern Province",
        "SA-05": "Al-Qassim",
        "SA-06": "Ha'il",
        "SA-07": "Tabuk",
        "SA-08": "Northern Borders",
        "SA-09": "Jazan",
        "SA-10": "Najran",
        "SA-11": "Al-Bahah",
        "SA-12": "Al-Jawf",
        "SA-14": "Asir",
    },
    "AE": {
        "AE-AZ": "Abu Dhabi",
        "AE-AJ": "Ajman",
        "AE-DU": "Dubai",
        "AE-FU": "Fujairah",
        "AE-RK": "Ras al-Khaimah",
        "AE-SH": "Sharjah",
        "AE-UQ": "Umm al-Quwain",
    },
    "QA": {
        "QA-DA": "Doha",
        "QA-KH": "Al Khor and Al Thakhira",
        "QA-WA": "Al Wakrah",
        "QA-RA": "Al Rayyan",
        "QA-MS": "Al Shamal",
        "QA-ZA": "Al Daayen",
        "QA-US": "Umm Salal",
        "QA-SH": "Al-Shahaniya",
    },
    "KW": {
        "KW-KU": "Capital (Al Asimah)",
        "KW-AH": "Al Ahmadi",
        "KW-FA": "Al Farwaniyah",
        "KW-JA": "Al Jahra",
        "KW-HA": "Hawalli",
        "KW-MU": "Mubarak Al-Kabeer",
    },
    "OM": {
        "OM-MA": "Muscat",
        "OM-DA": "Ad Dakhiliyah",
        "OM-BU": "Al Buraimi",
        "OM-WU": "Al Wusta",
        "OM-ZA": "Ad Dhahirah",
        "OM-BJ": "South Al Batinah",
        "OM-BS": "North Al Batinah",
        "OM-SJ": "South Ash Sharqiyah",
        "OM-SS": "North Ash Sharqiyah",
        "OM-MU": "Musandam",
        "OM-ZU": "Dhofar",
    },
    "BH": {
        "BH-13": "Capital",
        "BH-14": "Southern",
        "BH-15": "Muharraq",
        "BH-17": "Northern",
    },
    "JO": {
        "JO-AM": "Amman",
        "JO-AJ": "Ajloun",
        "JO-AQ": "Aqaba",
        "JO-AT": "Tafilah",
        "JO-AZ": "Zarqa",
        "JO-BA": "Balqa",
        "JO-IR": "Irbid",
        "JO-JA": "Jerash",
        "JO-KA": "Karak",
        "JO-MA": "Mafraq",
        "JO-MD": "Madaba",
        "JO-MN": "Ma'an",
    },
    "LB": {
        "LB-BA": "Beirut",
        "LB-JL": "Mount Lebanon",
        "LB-AS": "North",
        "LB-AK": "Akkar",
        "LB-BI": "Beqaa",
        "LB-BH": "Baalbek-Hermel",
        "LB-JA": "South",
        "LB-NA": "Nabatieh",
    },
    "MY": {
        "MY-01": "Johor",
        "MY-02": "Kedah",
        "MY-03": "Kelantan",
        "MY-04": "Melaka",
        "MY-05": "Negeri Sembilan",
        "MY-06": "Pahang",
        "MY-07": "Pulau Pinang",
        "MY-08": "Perak",
        "MY-09": "Perlis",
        "MY-10": "Selangor",
        "MY-11": "Terengganu",
        "MY-12": "Sabah",
        "MY-13": "Sarawak",
        "MY-14": "Kuala Lumpur",
        "MY-15": "Labuan",
        "MY-16": "Putrajaya",
    },
    "ZA": {
        "ZA-EC": "Eastern Cape",
        "ZA-FS": "Free State",
        "ZA-GP": "Gauteng",
        "ZA-KZN": "KwaZulu-Natal",
        "ZA-LP": "Limpopo",
        "ZA-MP": "Mpumalanga",
        "ZA-NC": "Northern Cape",
        "ZA-NW": "North West",
        "ZA-WC": "Western Cape",
    },
}


#: The Arab states' regions by their Arabic names (the local names in ISO
#: 3166-2, as on their road signs), for readers of Arabic: "Riyadh" in
#: Latin letters is not how an Arabic reader knows الرياض.
ARABIC_NAMES: dict[str, str] = {
    "SA-01": "الرياض",
    "SA-02": "مكة المكرمة",
    "SA-03": "المدينة المنورة",
    "SA-04": "المنطقة الشرقية",
    "SA-05": "القصيم",
    "SA-06": "حائل",
    "SA-07": "تبوك",
    "SA-08": "الحدود الشمالية",
    "SA-09": "جازان",
    "SA-10": "نجران",
    "SA-11": "الباحة",
    "SA-12": "الجوف",
    "SA-14": "عسير",
    "AE-AZ": "أبوظبي",
    "AE-AJ": "عجمان",
    "AE-DU": "دبي",
    "AE-FU": "الفجيرة",
    "AE-RK": "رأس الخيمة",
    "AE-SH": "الشارقة",
    "AE-UQ": "أم القيوين",
    "QA-DA": "الدوحة",
    "QA-KH": "الخور والذخيرة",
    "QA-WA": "الوكرة",
    "QA-RA": "الريان",
    "QA-MS": "الشمال",
    "QA-ZA": "الضعاين",
    "QA-US": "أم صلال",
    "QA-SH": "الشحانية",
    "KW-KU": "العاصمة",
    "KW-AH": "الأحمدي",
    "KW-FA": "الفروانية",
    "KW-JA": "الجهراء",
    "KW-HA": "حولي",
    "KW-MU": "مبارك الكبير",
    "OM-MA": "مسقط",
    "OM-DA": "الداخلية",
    "OM-BU": "البريمي",
    "OM-WU": "الوسطى",
    "OM-ZA": "الظاهرة",
    "OM-BJ": "جنوب الباطنة",
    "OM-BS": "شمال الباطنة",
    "OM-SJ": "جنوب الشرقية",
    "OM-SS": "شمال الشرقية",
    "OM-MU": "مسندم",
    "OM-ZU": "ظفار",
    "BH-13": "العاصمة",
    "BH-14": "الجنوبية",
    "BH-15": "المحرق",
    "BH-17": "الشمالية",
    "JO-AM": "عمّان",
    "JO-AJ": "عجلون",
    "JO-AQ": "العقبة",
    "JO-AT": "الطفيلة",
    "JO-AZ": "الزرقاء",
    "JO-BA": "البلقاء",
    "JO-IR": "إربد",
    "JO-JA": "جرش",
    "JO-KA": "الكرك",
    "JO-MA": "المفرق",
    "JO-MD": "مادبا",
    "JO-MN": "معان",
    "LB-BA": "بيروت",
    "LB-JL": "جبل لبنان",
    "LB-AS": "الشمال",
    "LB-AK": "عكار",
    "LB-BI": "البقاع",
    "LB-BH": "بعلبك الهرمل",
    "LB-JA": "الجنوب",
    "LB-NA": "النبطية",
}


def regions_of(country: str | None) -> dict[str, str]:
    """The first-level regions a report may name in `country` (none if unknown)."""
    return REGIONS.get(country or "", {})


#: languages written in the Arabic script besides Arabic: the Arabic name
#: comes first for their readers
ARABIC_SCRIPT = frozenset({"ur"})


def region_names(country: str | None, lang: str) -> dict[str, str]:
    """regions_of(country), each by the name a reader of `lang` knows it by:
    in Arabic, the Arabic name; in English, the Latin one; in the other
    languages both, "Riyadh · الرياض" (an Amharic or Burmese reader may
    know the place from the Latin letters of their papers or from the
    Arabic of the road signs, and had only the Latin), the Arabic first for
    an Arabic-script reader."""
    regions = regions_of(country)
    if lang == "en":
        return regions
    names: dict[str, str] = {}
    for code, name in regions.items():
        local = ARABIC_NAMES.get(code)
        if local is None:
            names[code] = name
        elif lang == "ar":
            names[code] = local
        elif lang in ARABIC_SCRIPT:
            names[code] = f"{local} · {name}"
        else:
            names[code] = f"{name} · {local}"
    return names


def is_country(code: str) -> bool:
    return bool(COUNTRY_CODE.match(code)) and code not in NOT_COUNTRIES

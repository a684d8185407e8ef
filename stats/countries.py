"""Country names as spreadsheets write them, resolved to ISO 3166 alpha-2 codes.

django-countries and pycountry know the ISO names (short, official, common) and codes; neither knows the
forms statistical offices use ("Korea, Rep.", "Congo, Dem. Rep.", "Hong Kong SAR, China"). Those live in
ALIASES below, a table the data desk extends when a real file brings a new form.

Matching is exact after normalising case, spaces, accents and punctuation. There is deliberately no fuzzy
matching: pycountry's fuzzy search maps "Kosovo" to Serbia, and a wrong country is worse than an error.
Close names are only ever *suggested* in the error message.
"""

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass

import pycountry
from django_countries import countries

#: Forms real spreadsheets use that neither django-countries nor pycountry know. Keys are written as
#: people write them; they are normalised when the index is built.
ALIASES: dict[str, str] = {
    # World Bank / IMF comma forms
    "Korea, Rep.": "KR",
    "Korea, Republic of": "KR",
    "Republic of Korea": "KR",
    "South Korea": "KR",
    "Korea, South": "KR",
    "Korea, Dem. People's Rep.": "KP",
    "Korea, Dem. Rep.": "KP",
    "North Korea": "KP",
    "Korea, North": "KP",
    "Congo, Dem. Rep.": "CD",
    "Congo, Democratic Republic of the": "CD",
    "DR Congo": "CD",
    "DRC": "CD",
    "Congo-Kinshasa": "CD",
    "Congo, Rep.": "CG",
    "Republic of the Congo": "CG",
    "Congo-Brazzaville": "CG",
    "Egypt, Arab Rep.": "EG",
    "Iran, Islamic Rep.": "IR",
    "Venezuela, RB": "VE",
    "Yemen, Rep.": "YE",
    "Lao PDR": "LA",
    "Laos": "LA",
    "Hong Kong SAR, China": "HK",
    "Hong Kong SAR": "HK",
    "Macao SAR, China": "MO",
    "Macau": "MO",
    "Gambia, The": "GM",
    "Bahamas, The": "BS",
    "Micronesia, Fed. Sts.": "FM",
    "Kyrgyz Republic": "KG",
    "Slovak Republic": "SK",
    "Syrian Arab Republic": "SY",
    "Syria": "SY",
    "West Bank and Gaza": "PS",
    "Palestine": "PS",
    "St. Lucia": "LC",
    "St. Kitts and Nevis": "KN",
    "St. Vincent and the Grenadines": "VC",
    "St. Martin (French part)": "MF",
    "Sint Maarten (Dutch part)": "SX",
    "Virgin Islands (U.S.)": "VI",
    "British Virgin Islands": "VG",
    "Taiwan, China": "TW",
    # Everyday and older names
    "Russia": "RU",
    "Russian Federation": "RU",
    "Turkey": "TR",
    "Türkiye": "TR",
    "USA": "US",
    "U.S.A.": "US",
    "US": "US",
    "U.S.": "US",
    "United States of America": "US",
    "America": "US",
    "UK": "GB",
    "U.K.": "GB",
    "Great Britain": "GB",
    "Britain": "GB",
    "England": "GB",
    "Czech Republic": "CZ",
    "Ivory Coast": "CI",
    "Cape Verde": "CV",
    "Swaziland": "SZ",
    "Macedonia": "MK",
    "Burma": "MM",
    "Vietnam": "VN",
    "East Timor": "TL",
    "Vatican": "VA",
    "Holy See (Vatican City State)": "VA",
    "UAE": "AE",
    "Moldova": "MD",
    "Bolivia": "BO",
    "Tanzania": "TZ",
    "Brunei": "BN",
    "Iran": "IR",
    "Venezuela": "VE",
    "Curacao": "CW",
    "Holland": "NL",
}

#: Rows that are not countries but groups of them. Importing one as a country would be a silent error.
AGGREGATES = {
    "world",
    "total",
    "sum",
    "other",
    "others",
    "other countries",
    "rest of world",
    "rest of the world",
    "euro area",
    "eurozone",
    "european union",
    "eu",
    "eu27",
    "eu 27",
    "eu28",
    "oecd",
    "oecd members",
    "africa",
    "asia",
    "europe",
    "oceania",
    "americas",
    "north america",
    "south america",
    "latin america",
    "latin america and caribbean",
    "sub saharan africa",
    "east asia and pacific",
    "europe and central asia",
    "middle east and north africa",
    "south asia",
    "arab world",
    "central asia",
    "middle east",
    "cis",
    "commonwealth of independent states",
}
#: Words that only occur in the names of groups ("High income", "IDA only", "Small states").
AGGREGATE_WORDS = {"income", "ida", "ibrd", "members", "states small", "excluding", "countries", "total"}

#: Places a reader may expect that have no ISO 3166 code yet; said plainly instead of guessed.
NOT_IN_ISO = {"kosovo": "Kosovo has no ISO 3166 code yet, so it cannot be stored as a country."}


def normalize_name(text: str) -> str:
    """Lower case, no accents, "&" as "and", "St." as "saint", punctuation and "the" removed, single spaces."""
    # Apostrophes of any shape join their word ("d’Ivoire" = "d'Ivoire" = "dIvoire") before accents go.
    text = re.sub(r"['’‘`´]", "", str(text))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = text.casefold().replace("&", " and ")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    words = ["saint" if word == "st" else word for word in text.split() if word != "the"]
    return " ".join(words)


@dataclass(frozen=True)
class CountryLookup:
    code: str | None
    #: Why the text is not a country, in words for the person who typed it; empty when it resolved.
    problem: str = ""


@functools.cache
def _index() -> dict[str, str]:
    """Normalised name or code -> alpha-2 code, for every country django-countries knows."""
    known = dict(countries)
    index: dict[str, str] = {}

    def add(name: str | None, code: str) -> None:
        if name and code in known:
            index.setdefault(normalize_name(name), code)

    for code, name in known.items():
        add(code, code)
        add(name, code)
        add(countries.alpha3(code), code)
    for entry in pycountry.countries:
        for attribute in ("name", "official_name", "common_name", "alpha_3"):
            add(getattr(entry, attribute, None), entry.alpha_2)
    for alias, code in ALIASES.items():
        index[normalize_name(alias)] = code
    return index


@functools.cache
def _suggestion_names() -> dict[str, str]:
    """Normalised long names (not codes) -> the name we show, for suggestions in error messages."""
    names = {}
    for normalized, code in _index().items():
        if len(normalized) > 3:
            names[normalized] = countries.name(code)
    return names


def is_aggregate(normalized: str) -> bool:
    if normalized in AGGREGATES:
        return True
    words = set(normalized.split())
    return bool(words & AGGREGATE_WORDS)


@functools.lru_cache(maxsize=4096)
def lookup_country(text) -> CountryLookup:
    """Resolve what a spreadsheet cell says to an ISO alpha-2 code, or say why it is not a country."""
    shown = str(text).strip() if text is not None else ""
    if not shown:
        return CountryLookup(None, "The country is empty.")
    normalized = normalize_name(shown)
    code = _index().get(normalized)
    if code:
        return CountryLookup(code)
    if normalized in NOT_IN_ISO:
        return CountryLookup(None, NOT_IN_ISO[normalized])
    if is_aggregate(normalized):
        return CountryLookup(None, f"“{shown}” is a group of countries, not a country: leave it out of the file.")
    close = difflib.get_close_matches(normalized, _suggestion_names().keys(), n=1, cutoff=0.8)
    if close:
        return CountryLookup(None, f"“{shown}” is not a country we know. Did you mean {_suggestion_names()[close[0]]}?")
    return CountryLookup(None, f"“{shown}” is not a country we know (use a name or an ISO code such as “DE”).")


def country_code(text) -> str:
    """The alpha-2 code for ``text``; ValueError with a plain-words reason when it is not a country."""
    result = lookup_country(text)
    if result.code is None:
        raise ValueError(result.problem)
    return result.code


#: Shorter search terms match codes and whole names only: "am" inside "Vietnam" and "Panama" is noise.
SEARCH_SUBSTRING_MIN_LENGTH = 3


def search_country_codes(text) -> set[str]:
    """Codes of the countries a search box's text may mean, for the admin's search.

    Whatever country_code() resolves ("AM", "ARM", "Armenia", "Türkiye", "Korea, Rep.") plus, from three
    characters on, every country whose name or alias contains the text ("armen", "korea").
    """
    normalized = normalize_name(text)
    if not normalized:
        return set()
    codes = set()
    exact = lookup_country(str(text)).code
    if exact:
        codes.add(exact)
    if len(normalized) >= SEARCH_SUBSTRING_MIN_LENGTH:
        codes.update(code for name, code in _index().items() if len(name) > 3 and normalized in name)
    return codes

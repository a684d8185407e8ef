"""Country names as real spreadsheets write them resolve to the right ISO code, and non-countries are refused."""

import pytest

from stats.countries import lookup_country


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("DE", "DE"),
        ("de", "DE"),
        ("DEU", "DE"),
        ("Germany", "DE"),
        ("Federal Republic of Germany", "DE"),
        ("Russian Federation", "RU"),
        ("Russia", "RU"),
        ("Korea, Rep.", "KR"),
        ("Korea, Dem. People's Rep.", "KP"),
        ("Türkiye", "TR"),
        ("Turkiye", "TR"),
        ("Turkey", "TR"),
        ("USA", "US"),
        ("United States of America", "US"),
        ("  united   STATES ", "US"),
        ("Côte d'Ivoire", "CI"),
        ("Cote d’Ivoire", "CI"),
        ("Congo, Dem. Rep.", "CD"),
        ("Congo, Rep.", "CG"),
        ("Lao PDR", "LA"),
        ("Hong Kong SAR, China", "HK"),
        ("Egypt, Arab Rep.", "EG"),
        ("Iran, Islamic Rep.", "IR"),
        ("Venezuela, RB", "VE"),
        ("Gambia, The", "GM"),
        ("St. Lucia", "LC"),
        ("Viet Nam", "VN"),
        ("Czech Republic", "CZ"),
        ("Czechia", "CZ"),
        ("Bolivia, Plurinational State of", "BO"),
        ("Antigua & Barbuda", "AG"),
        ("Kyrgyz Republic", "KG"),
        ("Slovak Republic", "SK"),
        ("Micronesia, Fed. Sts.", "FM"),
    ],
)
def test_spreadsheet_forms_of_a_country_resolve_to_its_iso_code(text, code):
    assert lookup_country(text).code == code


@pytest.mark.parametrize("text", ["World", "Euro area", "European Union", "High income", "Sub-Saharan Africa", "Total"])
def test_aggregates_are_refused_as_groups_of_countries(text):
    result = lookup_country(text)
    assert result.code is None
    assert "group of countries" in result.problem


def test_kosovo_is_refused_plainly_and_never_mapped_to_serbia():
    result = lookup_country("Kosovo")
    assert result.code is None
    assert "Serbia" not in result.problem
    assert "no ISO 3166 code" in result.problem


def test_a_typo_is_refused_with_a_suggestion():
    result = lookup_country("Germny")
    assert result.code is None
    assert "Did you mean Germany?" in result.problem


def test_a_made_up_name_is_refused_without_a_wrong_suggestion():
    result = lookup_country("Narnia")
    assert result.code is None
    assert "not a country we know" in result.problem
    assert "Did you mean" not in result.problem

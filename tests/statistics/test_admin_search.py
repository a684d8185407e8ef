"""The observation list in the admin is searched by country name or code, as the data desk types them."""

import pytest

from stats.countries import search_country_codes
from stats.services import import_observations_from_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk_client(client, data_desk_user, dataset, launch_csv):
    import_observations_from_file(dataset=dataset, content=launch_csv, file_name="launch.csv")
    client.force_login(data_desk_user)
    return client


def found(client, term: str) -> list[str]:
    response = client.get("/admin/statistics/observation/", {"q": term})
    assert response.status_code == 200
    return sorted(observation.country.code for observation in response.context["cl"].result_list)


@pytest.mark.parametrize("term", ["Armenia", "armenia", "AM", "am", "ARM", "  Armenia ", "armen"])
def test_searching_a_country_name_or_code_finds_its_observations(desk_client, term):
    assert found(desk_client, term) == ["AM"]


@pytest.mark.parametrize(
    ("term", "codes"),
    [
        ("United States", ["US"]),
        ("USA", ["US"]),
        ("United States of America", ["US"]),
        ("Deutschland", []),
        ("DEU", ["DE"]),
        ("Kazakhstan", ["KZ"]),
        ("stan", ["KZ"]),  # every "-stan" with observations
    ],
)
def test_country_search_understands_codes_aliases_and_parts_of_names(desk_client, term, codes):
    assert found(desk_client, term) == codes


def test_searching_the_note_or_dataset_title_still_works(desk_client):
    assert found(desk_client, "Visa-free") == ["AM", "GE", "KZ"]
    assert len(found(desk_client, "wartime emigres")) == 13


def test_a_two_letter_term_matches_codes_not_parts_of_names():
    # "am" is inside "Vietnam" and "Panama"; from a search box it means Armenia.
    assert search_country_codes("am") == {"AM"}
    assert search_country_codes("") == set()
    assert {"VN", "PA"} <= search_country_codes("nam") | search_country_codes("panam")
    assert {"DE", "NE", "NG", "DZ"} <= search_country_codes("ger")

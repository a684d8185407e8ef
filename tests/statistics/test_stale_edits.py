"""Two people, or a person and an import, never silently overwrite each other's figures in the admin."""

from decimal import Decimal

import pytest
from django.urls import reverse

from stats.demo import load_launch_data
from stats.models import Dataset, Figure, Observation
from stats.services import import_observations_from_file
from tests.articles.conftest import admin_form_data
from tests.statistics.conftest import DATA_DESK_PERMISSIONS, csv_bytes, staff_user

pytestmark = pytest.mark.django_db

STALE = "was changed by someone else after you opened this page"


@pytest.fixture
def desks(client, django_user_model):
    """Two data desk members, each with their own browser session."""
    from django.test import Client

    first = staff_user("desk-one", *DATA_DESK_PERMISSIONS, "statistics.change_figure", "statistics.view_figure")
    second = staff_user("desk-two", *DATA_DESK_PERMISSIONS, "statistics.change_figure", "statistics.view_figure")
    client.force_login(first)
    other = Client()
    other.force_login(second)
    return client, other


def test_saving_a_dataset_page_opened_before_an_import_is_refused_and_keeps_the_import(desks):
    first, _ = desks
    dataset, _ = load_launch_data()
    url = reverse("admin:statistics_dataset_change", args=[dataset.pk])
    stale = admin_form_data(first.get(url))

    report = import_observations_from_file(
        dataset=dataset, content=csv_bytes("country,value,qualifier,status\nArmenia,125000,about,reported\n"),
        file_name="update.csv",
    )  # fmt: skip
    assert report.ok

    armenia = next(key for key, value in stale.items() if value == "AM" and key.endswith("-country"))
    stale[armenia.replace("-country", "-value")] = "110000"  # the old figure, as the stale page shows it
    stale["description"] = "Edited on a page opened before the import."
    response = first.post(url, stale)
    assert response.status_code == 200
    assert STALE in response.content.decode()
    assert "Edited on a page opened before the import." in response.content.decode()  # the text is kept
    assert Observation.objects.get(dataset=dataset, country="AM").value == Decimal(125_000)
    assert "Edited on" not in Dataset.objects.get(pk=dataset.pk).description

    fresh = admin_form_data(first.get(url))
    fresh["description"] = "Edited on a fresh page."
    assert first.post(url, fresh).status_code == 302
    assert Dataset.objects.get(pk=dataset.pk).description == "Edited on a fresh page."
    assert Observation.objects.get(dataset=dataset, country="AM").value == Decimal(125_000)


def test_the_second_of_two_people_editing_one_observation_is_refused(desks):
    first, second = desks
    dataset, _ = load_launch_data()
    observation = Observation.objects.get(dataset=dataset, country="DE")
    url = reverse("admin:statistics_observation_change", args=[observation.pk])
    first_copy = admin_form_data(first.get(url))
    second_copy = admin_form_data(second.get(url))

    first_copy["value"] = "37000"
    assert first.post(url, first_copy).status_code == 302
    second_copy["note"] = "Second desk's note"
    response = second.post(url, second_copy)

    assert response.status_code == 200
    assert STALE in response.content.decode()
    observation.refresh_from_db()
    assert (observation.value, observation.note) == (Decimal(37_000), "Most of any EU state")


def test_the_second_of_two_people_editing_one_figure_is_refused(desks):
    first, second = desks
    _, figure = load_launch_data()
    url = reverse("admin:statistics_figure_change", args=[figure.pk])
    first_copy = admin_form_data(first.get(url))
    second_copy = admin_form_data(second.get(url))

    first_copy["title"] = "First desk's title"
    assert first.post(url, first_copy).status_code == 302
    second_copy["subtitle"] = "Second desk's subtitle"
    response = second.post(url, second_copy)

    assert response.status_code == 200
    assert STALE in response.content.decode()
    figure = Figure.objects.get(pk=figure.pk)
    assert figure.title == "First desk's title"
    assert figure.subtitle != "Second desk's subtitle"

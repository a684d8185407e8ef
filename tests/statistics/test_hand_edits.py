"""Hand edits of observations in the admin are kept as versions, so rolling back an import undoes only it."""

from decimal import Decimal

import pytest

from stats.models import DatasetVersion, Observation
from stats.services import import_observations_from_file, rollback_dataset, snapshot_rows
from tests.articles.conftest import admin_form_data
from tests.statistics.conftest import DATA_DESK_PERMISSIONS, DatasetFactory, csv_bytes, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk_client(client, db):
    user = staff_user("handeditor", *DATA_DESK_PERMISSIONS, "statistics.delete_observation")
    client.force_login(user)
    client.user = user
    return client


def run_import(dataset, text: str, name="file.csv"):
    report = import_observations_from_file(dataset=dataset, content=csv_bytes(text), file_name=name)
    assert report.ok, report.problems
    return report


def values(dataset) -> dict:
    return dict(Observation.objects.filter(dataset=dataset).values_list("country", "value"))


def latest_version(dataset) -> DatasetVersion:
    return DatasetVersion.objects.filter(dataset=dataset).order_by("-number").first()


def edit_in_observation_admin(client, observation, **changes):
    url = f"/admin/statistics/observation/{observation.pk}/change/"
    data = admin_form_data(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def test_a_hand_edit_survives_rolling_back_a_later_import(desk_client, dataset):
    # The audit's case: Germany corrected by hand, then a wrong file imported and rolled back.
    run_import(dataset, "country,value\nArmenia,110000\nGermany,36000\n")
    edit_in_observation_admin(
        desk_client, Observation.objects.get(country="DE"), value="37000", note="hand-corrected in admin"
    )
    run_import(dataset, "country,value\nArmenia,1\nSpain,2\n", name="wrong.csv")

    rollback_dataset(dataset=dataset)

    assert values(dataset) == {"AM": Decimal(110000), "DE": Decimal(37000)}
    assert Observation.objects.get(country="DE").note == "hand-corrected in admin"


def test_changing_an_observation_in_the_admin_is_kept_as_an_edit_version_saying_who_and_what(desk_client, dataset):
    run_import(dataset, "country,value\nArmenia,110000\n")

    edit_in_observation_admin(desk_client, Observation.objects.get(country="AM"), value="120000", qualifier="about")

    version = latest_version(dataset)
    assert (version.number, version.kind, version.created_by) == (3, "edit", desk_client.user)
    assert (version.rows_new, version.rows_updated, version.rows_unchanged, version.rows_deleted) == (0, 1, 0, 0)
    assert version.changes == [
        {
            "country": "AM",
            "period": "",
            "action": "changed",
            "fields": {"value": ["110000", "120000"], "qualifier": ["exact", "about"]},
        }
    ]
    page = desk_client.get(f"/admin/statistics/datasetversion/{version.pk}/change/").content.decode()
    assert "value: 110000 → 120000" in page
    assert "v3 edit in the admin" in desk_client.get(f"/admin/statistics/dataset/{dataset.pk}/change/").content.decode()


def test_adding_an_observation_in_the_admin_is_kept_as_a_version_and_a_first_one_keeps_a_baseline(desk_client, dataset):
    url = "/admin/statistics/observation/add/"
    data = admin_form_data(desk_client.get(url))
    data.update({"dataset": dataset.pk, "country": "GE", "value": "74000", "status": "reported", "qualifier": "exact"})

    assert desk_client.post(url, data).status_code == 302

    assert [(v.number, v.kind) for v in dataset.versions.order_by("number")] == [(1, "baseline"), (2, "edit")]
    assert snapshot_rows(DatasetVersion.objects.get(dataset=dataset, number=1)) == []
    assert latest_version(dataset).changes == [{"country": "GE", "period": "", "action": "added"}]
    # So even this first hand edit can be rolled back.
    rollback_dataset(dataset=dataset)
    assert values(dataset) == {}


def test_deleting_an_observation_in_the_admin_is_kept_as_a_version_and_can_be_rolled_back(desk_client, dataset):
    run_import(dataset, "country,value,note\nArmenia,110000,Visa-free\nGermany,36000,\n")
    armenia = Observation.objects.get(country="AM")

    response = desk_client.post(f"/admin/statistics/observation/{armenia.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    version = latest_version(dataset)
    assert (version.kind, version.rows_deleted, version.created_by) == ("edit", 1, desk_client.user)
    assert version.changes[0]["action"] == "removed"
    rollback_dataset(dataset=dataset)
    armenia = Observation.objects.get(country="AM")
    assert (armenia.value, armenia.note, armenia.status) == (Decimal(110000), "Visa-free", "reported")


def test_deleting_selected_observations_keeps_one_version_for_each_dataset_touched(desk_client, dataset):
    other = DatasetFactory()
    run_import(dataset, "country,value\nArmenia,110000\nGermany,36000\n")
    run_import(other, "country,value\nArmenia,5\n")
    selected = Observation.objects.filter(country="AM")

    desk_client.post(
        "/admin/statistics/observation/",
        {"action": "delete_selected", "_selected_action": [o.pk for o in selected], "post": "yes"},
    )

    assert values(dataset) == {"DE": Decimal(36000)}
    assert values(other) == {}
    for touched in (dataset, other):
        version = latest_version(touched)
        assert (version.kind, version.rows_deleted) == ("edit", 1)


def test_moving_an_observation_to_another_dataset_is_kept_in_both_datasets_versions(desk_client, dataset):
    other = DatasetFactory()
    run_import(dataset, "country,value\nArmenia,110000\n")

    edit_in_observation_admin(desk_client, Observation.objects.get(country="AM"), dataset=str(other.pk))

    assert latest_version(dataset).changes[0]["action"] == "removed"
    assert latest_version(other).changes == [{"country": "AM", "period": "", "action": "added"}]


def test_edits_in_the_datasets_observations_inline_are_kept_as_one_version(desk_client, dataset):
    run_import(dataset, "country,value\nArmenia,110000\nGermany,36000\n")
    url = f"/admin/statistics/dataset/{dataset.pk}/change/"
    data = admin_form_data(desk_client.get(url))
    forms = {data[f"observations-{i}-country"]: i for i in range(2)}
    data[f"observations-{forms['AM']}-value"] = "120000"
    data[f"observations-{forms['DE']}-DELETE"] = "on"
    data.update(
        {
            "observations-TOTAL_FORMS": "3",
            "observations-2-country": "ES",
            "observations-2-value": "16000",
            "observations-2-status": "reported",
            "observations-2-qualifier": "exact",
            "observations-2-dataset": str(dataset.pk),
        }
    )

    response = desk_client.post(url, data)

    assert response.status_code == 302, response.context and response.context.get("errors")
    assert values(dataset) == {"AM": Decimal(120000), "ES": Decimal(16000)}
    version = latest_version(dataset)
    assert (version.kind, version.created_by) == ("edit", desk_client.user)
    assert (version.rows_new, version.rows_updated, version.rows_deleted) == (1, 1, 1)
    assert [(c["country"], c["action"]) for c in version.changes] == [
        ("AM", "changed"),
        ("DE", "removed"),
        ("ES", "added"),
    ]


def test_saving_a_dataset_without_touching_its_observations_adds_no_version(desk_client, dataset):
    run_import(dataset, "country,value\nArmenia,110000\n")
    count = dataset.versions.count()
    url = f"/admin/statistics/dataset/{dataset.pk}/change/"
    data = admin_form_data(desk_client.get(url))
    data["description"] = "Now with a description."

    assert desk_client.post(url, data).status_code == 302

    assert dataset.versions.count() == count


def test_a_change_made_outside_the_admin_before_an_import_survives_its_rollback(dataset):
    # Code that bypasses the admin (a shell, a script) records no version: the rollback still only undoes the
    # rows the import changed, so Germany's correction is not reverted with it.
    run_import(dataset, "country,value\nArmenia,110000\nGermany,36000\n")
    Observation.objects.filter(dataset=dataset, country="DE").update(value=37000, note="hand-corrected")
    run_import(dataset, "country,value\nArmenia,1\nSpain,2\n", name="wrong.csv")

    rollback_dataset(dataset=dataset)

    assert values(dataset) == {"AM": Decimal(110000), "DE": Decimal(37000)}


def test_a_row_changed_again_after_the_import_without_a_version_keeps_its_later_value(dataset):
    run_import(dataset, "country,value\nArmenia,110000\n")
    run_import(dataset, "country,value\nArmenia,1\n", name="wrong.csv")
    Observation.objects.filter(dataset=dataset, country="AM").update(value=115000)

    version = rollback_dataset(dataset=dataset)

    assert values(dataset) == {"AM": Decimal(115000)}
    assert "kept later unrecorded changes to AM" in version.file_name

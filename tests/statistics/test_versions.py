"""Every import is kept as a version with its changes, and a wrong import is rolled back in one action."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from stats.models import DatasetVersion, Observation
from stats.services import import_observations_from_file, rollback_dataset, snapshot_rows
from tests.statistics.conftest import csv_bytes

pytestmark = pytest.mark.django_db


def run_import(dataset, text: str, user=None, name="file.csv"):
    report = import_observations_from_file(dataset=dataset, content=csv_bytes(text), file_name=name, user=user)
    assert report.ok, report.problems
    return report


def values(dataset) -> dict:
    return dict(Observation.objects.filter(dataset=dataset).values_list("country", "value"))


def test_an_import_is_kept_as_a_version_with_who_what_file_and_row_changes(dataset, data_desk_user):
    run_import(dataset, "country,value\nArmenia,110000\nGeorgia,74000\n", user=data_desk_user, name="first.csv")

    report = run_import(
        dataset, "country,value\nArmenia,120000\nGeorgia,74000\nSpain,16000\n", user=data_desk_user, name="fix.csv"
    )

    version = report.version
    assert (version.number, version.kind, version.created_by, version.file_name) == (
        3,
        "import",
        data_desk_user,
        "fix.csv",
    )
    assert len(version.file_sha256) == 64
    assert (version.rows_new, version.rows_updated, version.rows_unchanged) == (1, 1, 1)
    assert version.changes == [
        {"country": "AM", "period": "", "action": "changed", "fields": {"value": ["110000", "120000"]}},
        {"country": "ES", "period": "", "action": "added"},
    ]
    assert [row["country"] for row in snapshot_rows(version)] == ["AM", "ES", "GE"]
    assert snapshot_rows(version)[1]["value"] == "16000"


def test_the_first_import_keeps_the_state_before_it_so_it_can_be_rolled_back(dataset):
    Observation.objects.create(dataset=dataset, country="FR", value=Decimal(9), status="reported")

    run_import(dataset, "country,value\nArmenia,1\n")

    baseline = DatasetVersion.objects.get(dataset=dataset, number=1)
    assert baseline.kind == "baseline"
    assert [row["country"] for row in snapshot_rows(baseline)] == ["FR"]


def test_a_wrong_import_is_rolled_back_to_the_previous_version(dataset, data_desk_user):
    run_import(dataset, "country,value\nArmenia,110000\nGeorgia,74000\n")
    good = values(dataset)
    run_import(dataset, "country,value\nArmenia,1\nSpain,2\n")

    version = rollback_dataset(dataset=dataset, user=data_desk_user)

    assert values(dataset) == good
    assert version.kind == "rollback"
    assert version.rows_deleted == 1 and version.rows_updated == 1
    # The rollback is a version too, so it can itself be undone.
    rollback_dataset(dataset=dataset, user=data_desk_user)
    assert values(dataset) == {"AM": Decimal(1), "ES": Decimal(2), "GE": Decimal(74000)}


def test_rolling_back_the_first_import_empties_a_dataset_that_was_empty(dataset):
    run_import(dataset, "country,value\nArmenia,1\n")

    rollback_dataset(dataset=dataset)

    assert values(dataset) == {}


def test_there_is_nothing_to_roll_back_before_any_import(dataset):
    with pytest.raises(ValidationError, match="no earlier version"):
        rollback_dataset(dataset=dataset)


def test_an_unchanged_reimport_is_kept_as_a_version_with_every_row_unchanged_and_no_changes(dataset, data_desk_user):
    run_import(dataset, "country,value\nArmenia,1\nGeorgia,2\n")
    count = DatasetVersion.objects.count()

    report = run_import(dataset, "country,value\nArmenia,1\nGeorgia,2\n", user=data_desk_user, name="again.csv")

    assert DatasetVersion.objects.count() == count + 1
    version = report.version
    assert (version.kind, version.created_by, version.file_name) == ("import", data_desk_user, "again.csv")
    assert (version.rows_new, version.rows_updated, version.rows_unchanged, version.rows_deleted) == (0, 0, 2, 0)
    assert version.changes == []


def test_rolling_back_after_an_unchanged_reimport_undoes_the_import_that_changed_something(dataset):
    run_import(dataset, "country,value\nArmenia,110000\n")
    run_import(dataset, "country,value\nArmenia,1\n", name="wrong.csv")
    run_import(dataset, "country,value\nArmenia,1\n", name="wrong.csv")

    version = rollback_dataset(dataset=dataset)

    assert values(dataset) == {"AM": Decimal(110000)}
    assert version.file_name == "rollback of v3 to v2"


def test_a_version_that_changed_nothing_cannot_be_the_only_thing_to_roll_back(dataset):
    run_import(dataset, "country,value\n")

    with pytest.raises(ValidationError, match="no earlier version"):
        rollback_dataset(dataset=dataset)


def test_the_data_desk_rolls_back_from_the_dataset_admin_and_sees_the_versions(client, dataset, data_desk_user):
    run_import(dataset, "country,value\nArmenia,110000\n")
    run_import(dataset, "country,value\nArmenia,1\n")
    client.force_login(data_desk_user)

    response = client.post(
        "/admin/statistics/dataset/",
        {"action": "rollback_to_previous_version", "_selected_action": [dataset.pk]},
        follow=True,
    )

    assert "rolled back; now at version 4" in response.content.decode()
    assert values(dataset) == {"AM": Decimal(110000)}
    version = DatasetVersion.objects.get(dataset=dataset, number=4)
    page = client.get(f"/admin/statistics/datasetversion/{version.pk}/change/").content.decode()
    assert "1 → 110000" in page


def test_a_versions_page_shows_the_values_of_added_rows(client, dataset, data_desk_user):
    report = run_import(dataset, "country,value,qualifier\nArmenia,110000,about\n")
    client.force_login(data_desk_user)

    page = client.get(f"/admin/statistics/datasetversion/{report.version.pk}/change/").content.decode()

    assert "value: 110000; qualifier: about; status: reported" in page


def test_staff_without_the_rollback_permission_are_not_offered_the_action(client, dataset, view_only_user):
    client.force_login(view_only_user)
    page = client.get("/admin/statistics/dataset/").content.decode()
    assert "rollback_to_previous_version" not in page

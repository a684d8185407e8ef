"""The demo's launch dataset loads through the data desk's import, and loading it twice changes nothing."""

from decimal import Decimal

import pytest

from stats.demo import load_launch_data
from stats.models import DatasetVersion, Observation

pytestmark = pytest.mark.django_db


def test_the_launch_data_loads_through_the_import_once():
    dataset, _ = load_launch_data()
    load_launch_data()

    assert Observation.objects.filter(dataset=dataset).count() == 13
    assert dataset.observations.reported_total() == Decimal(444000)
    assert dataset.headline_value == Decimal(650000)
    assert DatasetVersion.objects.filter(dataset=dataset, kind="import").count() == 1
    assert Observation.objects.get(dataset=dataset, country="US").qualifier == "more than"

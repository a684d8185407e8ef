"""Datasets, observations and figures: the statistics factories every test folder shares."""

import datetime
from decimal import Decimal

import factory
from django_countries import countries

from stats.models import Dataset, Figure, Observation


class DatasetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dataset

    title = factory.Sequence(lambda n: f"Dataset {n}")
    slug = factory.Sequence(lambda n: f"dataset-{n}")
    unit = "people"
    source_name = "The Source"
    source_url = "https://source.example/"
    period = "January 2023 to June 2024"
    as_of = datetime.date(2024, 7, 1)


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Observation

    dataset = factory.SubFactory(DatasetFactory)
    country = "AM"
    value = Decimal(1000)
    qualifier = "exact"
    status = "reported"


class FigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Figure

    title = factory.Sequence(lambda n: f"Figure {n}")
    slug = factory.Sequence(lambda n: f"figure-{n}")
    dataset = factory.SubFactory(DatasetFactory)
    description = "What the figure shows."
    status = Figure.Status.PUBLISHED


def dataset_with_every_country(**kwargs) -> Dataset:
    """A dataset over all ~250 countries: every tenth without data, the others with distinct values."""
    dataset = DatasetFactory(**kwargs)
    rows = []
    for index, (code, _name) in enumerate(countries):
        if index % 10 == 0:
            rows.append(Observation(dataset=dataset, country=code, value=None, qualifier="", status="not published"))
        else:
            rows.append(Observation(dataset=dataset, country=code, value=Decimal(index * 100), status="reported"))
    Observation.objects.bulk_create(rows)
    return dataset

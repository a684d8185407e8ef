"""Editors in the admin: a description drafted from the data, and no publishing without a description."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse

from stats.figures import describe_figure, description_mismatches, figures_by_slug
from stats.models import Figure
from tests.figures.factories import DatasetFactory, FigureFactory, ObservationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    user = get_user_model().objects.create_superuser("editor", "editor@example.com", "pw-for-tests-only")
    client.force_login(user)
    return client


def test_description_draft_for_the_launch_figure(launch):
    _, figure = launch
    draft = describe_figure(figures_by_slug([figure.slug])[figure.slug])
    assert draft == (
        "Armenia highest at about 110,000, Spain lowest at about 16,000; 6 of 13 countries published no data. "
        "The Bell's overall figure: about 650,000 people."
    )


def test_description_draft_names_ties_and_follows_the_selection():
    dataset = DatasetFactory(source_name="Src")
    ObservationFactory(dataset=dataset, country="IL", value=Decimal(80_000), qualifier="about")
    ObservationFactory(dataset=dataset, country="KZ", value=Decimal(80_000), qualifier="about")
    ObservationFactory(dataset=dataset, country="ES", value=Decimal(16_000), qualifier="exact")
    ObservationFactory(dataset=dataset, country="PT", value=None, qualifier="", status="not published")
    figure = FigureFactory(dataset=dataset)
    assert describe_figure(figure) == (
        "Israel and Kazakhstan highest at about 80,000 each, Spain lowest at 16,000; "
        "1 of 4 countries published no data."
    )
    figure.selection = Figure.Selection.CHOSEN
    figure.countries = ["PT"]
    assert describe_figure(figure) == "1 of 1 country published no data."


def test_admin_offers_the_draft_next_to_an_empty_description(editor_client, launch):
    dataset, _ = launch
    figure = FigureFactory(dataset=dataset, status=Figure.Status.DRAFT, description="", title="<b>x</b>")
    response = editor_client.get(reverse("admin:statistics_figure_change", args=[figure.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Suggested description" in html
    assert "Armenia highest at about 110,000" in html
    assert '<textarea name="description"' in html
    assert "<b>x</b>" not in html  # the preview escapes the title
    assert "<svg" in html  # the preview draws the figure


def test_publishing_without_a_description_is_refused_with_a_message(editor_client, launch):
    dataset, _ = launch
    figure = FigureFactory(dataset=dataset, status=Figure.Status.DRAFT, description="", slug="needs-words")
    data = {
        "title": figure.title,
        "slug": figure.slug,
        "subtitle": "",
        "dataset": dataset.pk,
        "kind": "bar",
        "status": "published",
        "selection": "all",
        "top_n": "",
        "sort": "value_desc",
        "show_no_data": "on",
        "description": "   ",
        "notes": "",
    }
    response = editor_client.post(reverse("admin:statistics_figure_change", args=[figure.pk]), data)
    assert response.status_code == 200
    assert "Write a description for screen readers before publishing the figure." in response.content.decode()
    figure.refresh_from_db()
    assert figure.status == Figure.Status.DRAFT
    data["description"] = "Armenia highest."
    response = editor_client.post(reverse("admin:statistics_figure_change", args=[figure.pk]), data)
    assert response.status_code == 302
    figure.refresh_from_db()
    assert figure.status == Figure.Status.PUBLISHED


def test_the_database_refuses_a_published_figure_without_description(launch):
    dataset, _ = launch
    with pytest.raises(IntegrityError), transaction.atomic():
        Figure.objects.create(title="t", slug="t", dataset=dataset, status=Figure.Status.PUBLISHED, description="")


def test_admin_list_and_add_pages_answer(editor_client, launch):
    assert editor_client.get(reverse("admin:statistics_figure_changelist")).status_code == 200
    response = editor_client.get(reverse("admin:statistics_figure_add"))
    assert response.status_code == 200
    assert "Save the figure once to get a description drafted from its data." in response.content.decode()


def test_a_description_that_no_longer_matches_the_data_is_flagged(editor_client, launch):
    dataset, figure = launch
    loaded = figures_by_slug([figure.slug])[figure.slug]
    assert description_mismatches(loaded) == []
    dataset.observations.filter(country="AM").update(value=Decimal(120_000))
    loaded = figures_by_slug([figure.slug])[figure.slug]
    assert description_mismatches(loaded) == ["110,000"]
    html = editor_client.get(reverse("admin:statistics_figure_change", args=[figure.pk])).content.decode()
    assert "The saved description mentions 110,000, which the figure does not show now." in html


def test_years_and_counts_in_a_description_are_not_mistaken_for_stale_values(launch):
    _, figure = launch
    figure.description = "Since 2022, 7 countries reported; 6 of 13 published nothing. Total about 650,000."
    assert description_mismatches(figure) == []

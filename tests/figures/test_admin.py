"""Editors in the admin: a description drafted from the data, and no publishing without a description."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article
from stats.figure_admin import FigureAdminForm
from stats.figures import describe_figure, description_mismatches, figures_by_slug
from stats.models import Figure
from tests.articles.conftest import admin_form_data
from tests.articles.factories import ArticleFactory
from tests.stats_factories import DatasetFactory, FigureFactory, ObservationFactory

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
        "edit_token": FigureAdminForm(instance=figure).fields["edit_token"].initial,
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


@pytest.fixture
def articles_placing_the_launch_figure(launch):
    """Articles that place the launch figure, or mention its slug without placing it."""
    _, figure = launch
    embed = f"Intro.\n\n[figure: {figure.slug}]\n\nMore."
    return {
        "live": ArticleFactory(headline="The live story", body=embed, published=True),
        "scheduled": ArticleFactory(
            headline="The scheduled story",
            body=embed,
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() + datetime.timedelta(days=1),
        ),
        "draft": ArticleFactory(headline="A draft", body=embed),
        "prose": ArticleFactory(
            headline="Mentions it in prose", body=f"We call it {figure.slug} in the text.", published=True
        ),
    }


def figure_change(editor_client, figure, **changes):
    url = reverse("admin:statistics_figure_change", args=[figure.pk])
    return editor_client.post(url, {**admin_form_data(editor_client.get(url)), **changes})


def test_a_figure_shown_in_a_published_story_cannot_go_back_to_draft(
    editor_client, launch, articles_placing_the_launch_figure
):
    _, figure = launch
    live = articles_placing_the_launch_figure["live"]
    assert figure.subtitle in editor_client.get(live.get_absolute_url()).content.decode()

    response = figure_change(editor_client, figure, status="draft")

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["status"]
    assert errors == [
        "Used by published articles: “The live story”, “The scheduled story”; remove the embed or unpublish them "
        "first. A draft figure is not shown, so the chart would vanish from those stories."
    ]
    figure.refresh_from_db()
    assert figure.status == Figure.Status.PUBLISHED
    assert figure.subtitle in editor_client.get(live.get_absolute_url()).content.decode()


def test_a_figure_no_published_story_shows_can_go_back_to_draft(
    editor_client, launch, articles_placing_the_launch_figure
):
    _, figure = launch
    for key in ("live", "scheduled"):
        services.unpublish_article(article=articles_placing_the_launch_figure[key])
    response = figure_change(editor_client, figure, status="draft")
    assert response.status_code == 302
    figure.refresh_from_db()
    assert figure.status == Figure.Status.DRAFT


def test_the_slug_of_a_figure_placed_in_any_article_cannot_change(editor_client, launch):
    _, figure = launch
    ArticleFactory(headline="A draft", body=f"[figure: {figure.slug}]")
    response = figure_change(editor_client, figure, slug="a-new-slug")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["slug"] == [
        f"Articles place this figure as [figure: {figure.slug}]: “A draft”. A new slug would break those lines; "
        "keep this one, or remove the embeds first."
    ]
    assert Figure.objects.filter(slug=figure.slug).exists()


def test_the_slug_of_a_figure_no_article_places_can_change(editor_client, launch):
    _, figure = launch
    ArticleFactory(body=f"The {figure.slug} figure, in prose only.")
    assert figure_change(editor_client, figure, slug="a-new-slug").status_code == 302
    figure.refresh_from_db()
    assert figure.slug == "a-new-slug"


def test_a_figure_shown_in_a_published_story_cannot_be_deleted(
    editor_client, launch, articles_placing_the_launch_figure
):
    _, figure = launch
    delete_url = reverse("admin:statistics_figure_delete", args=[figure.pk])
    page = editor_client.get(delete_url).content.decode()
    assert "Published article “<a href='" in page and "The live story</a>” shows this figure" in page
    assert "A draft" not in page

    editor_client.post(delete_url, {"post": "yes"})
    editor_client.post(
        reverse("admin:statistics_figure_changelist"),
        {"action": "delete_selected", "_selected_action": [figure.pk], "post": "yes"},
    )
    assert Figure.objects.filter(pk=figure.pk).exists()

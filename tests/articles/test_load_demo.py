"""`manage.py load_demo`: the launch story, its data and a demo editor; running it twice changes nothing."""

import datetime
import io

import pytest
from django.apps import apps
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command

from articles.management.commands.load_demo import DEMO_EDITOR, DEMO_PASSWORD, LAUNCH_SLUG
from articles.models import Article
from articles.roles import DATA_DESK, EDITORS
from stats.demo import LAUNCH_DATASET_SLUG
from stats.models import Dataset

pytestmark = pytest.mark.django_db

LAUNCH_URL = "/2024/07/17/around-650k-russian-wartime-emigres-remain-abroad/"


def row_counts() -> dict[str, int]:
    """Rows in every table of the project's and auth's models, history tables included."""
    labels = {"articles", "statistics", "auth"}
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in labels
    }


def test_loads_the_launch_story_at_its_url(client):
    call_command("load_demo", stdout=io.StringIO())

    article = Article.objects.get(slug=LAUNCH_SLUG)
    assert article.get_absolute_url() == LAUNCH_URL
    assert article.published_at.date() == datetime.date(2024, 7, 17)
    assert 6 <= article.published_at.hour <= 18
    assert article.section.name == "Russia"
    assert article.tags.count() >= 2
    assert [b.author.name for b in article.bylines.all()] == ["Newsroom Staff"]
    assert article.original_publisher == "The Moscow Times"
    assert article.original_url.startswith("https://www.themoscowtimes.com/2024/07/17/around-650k-")
    assert article.lead_image.credit == "Alexander Avilov / Moskva News Agency"
    assert article.lead_image.alt_text
    assert article.lead_image.renditions  # made once, on creation
    assert "[figure: russian-wartime-emigres-by-country]" in article.body.splitlines()
    assert "[related: 1]" in article.body.splitlines()
    link = article.related_links.get()
    assert (link.title, link.outlet) == (
        "Black-Market Database of Leaked Info Lists Russian Wartime Emigres",
        "Agentstvo",
    )
    assert link.url.startswith("https://")

    response = client.get(LAUNCH_URL)
    assert response.status_code == 200
    assert "650,000" in response.content.decode()


def test_demo_editor_is_an_editor_and_data_desk_member_not_a_superuser():
    call_command("load_demo", stdout=io.StringIO())

    user = authenticate(username=DEMO_EDITOR, password=DEMO_PASSWORD)
    assert user is not None
    assert user.is_staff and not user.is_superuser
    assert set(user.groups.values_list("name", flat=True)) == {EDITORS, DATA_DESK}
    assert user.has_perm("articles.publish_article")
    assert user.has_perm("statistics.import_observation")


def test_running_it_twice_changes_nothing(media_root):
    call_command("load_demo", stdout=io.StringIO())
    counts = row_counts()
    article = Article.objects.get(slug=LAUNCH_SLUG)
    dataset = Dataset.objects.get(slug=LAUNCH_DATASET_SLUG)
    files = sorted(p.relative_to(media_root) for p in media_root.rglob("*") if p.is_file())

    call_command("load_demo", stdout=io.StringIO())

    assert row_counts() == counts
    assert counts["articles.HistoricalArticle"] >= 1
    again = Article.objects.get(slug=LAUNCH_SLUG)
    assert (again.version, again.modified_at) == (article.version, article.modified_at)
    assert Dataset.objects.get(slug=LAUNCH_DATASET_SLUG).updated_at == dataset.updated_at
    assert sorted(p.relative_to(media_root) for p in media_root.rglob("*") if p.is_file()) == files


def test_an_earlier_superuser_demo_account_is_made_an_editor(django_user_model):
    django_user_model.objects.create_superuser(username=DEMO_EDITOR, password=DEMO_PASSWORD)
    call_command("load_demo", stdout=io.StringIO())
    user = get_user_model().objects.get(username=DEMO_EDITOR)
    assert not user.is_superuser
    assert user.groups.count() == 2

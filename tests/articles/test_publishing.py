"""The status workflow: readers see published articles from their publication time on, nothing else."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article
from tests.articles.factories import ArticleFactory

pytestmark = pytest.mark.django_db

NOON = datetime.datetime(2024, 7, 17, 12, 0, tzinfo=datetime.UTC)


def public_url(article: Article) -> str:
    return reverse(
        "articles:article-detail",
        kwargs={"year": "2024", "month": "07", "day": "17", "slug": article.slug},
    )


@time_machine.travel(NOON, tick=False)
def test_draft_and_in_review_articles_are_not_shown_to_readers(client):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=NOON - datetime.timedelta(hours=2))
    review = ArticleFactory(status=Article.Status.REVIEW, published_at=NOON - datetime.timedelta(hours=2))

    assert list(Article.objects.published()) == []
    assert client.get(public_url(draft)).status_code == 404
    assert client.get(public_url(review)).status_code == 404


@time_machine.travel(NOON, tick=False)
def test_published_article_is_shown_at_its_dated_url(client):
    article = services.publish_article(article=ArticleFactory(headline="Emigres remain abroad"))

    assert article.published_at == NOON
    assert article.get_absolute_url() == public_url(article)
    response = client.get(public_url(article))
    assert response.status_code == 200
    assert "Emigres remain abroad" in response.content.decode()


def test_scheduled_article_is_hidden_until_its_time_without_any_job(client):
    with time_machine.travel(NOON - datetime.timedelta(hours=3), tick=False):
        article = services.publish_article(article=ArticleFactory(), at=NOON)
        assert article.is_scheduled
        assert client.get(public_url(article)).status_code == 404
        assert not Article.objects.published().exists()

    with time_machine.travel(NOON - datetime.timedelta(seconds=1), tick=False):
        assert client.get(public_url(article)).status_code == 404

    with time_machine.travel(NOON, tick=False):
        assert client.get(public_url(article)).status_code == 200
        assert list(Article.objects.published()) == [article]


@time_machine.travel(NOON, tick=False)
def test_unpublishing_hides_the_article_again_and_keeps_its_date(client):
    article = services.publish_article(article=ArticleFactory())
    assert client.get(public_url(article)).status_code == 200

    services.unpublish_article(article=article)

    assert client.get(public_url(article)).status_code == 404
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.published_at == NOON


@time_machine.travel(NOON, tick=False)
def test_a_published_status_without_a_time_gets_the_current_time():
    article = ArticleFactory.build(status=Article.Status.PUBLISHED, published_at=None)
    article.section.save()
    article.section_id = article.section.pk
    services.save_article(article=article)
    assert article.published_at == NOON


@time_machine.travel(NOON, tick=False)
def test_editor_publishes_and_unpublishes_in_bulk_from_the_article_list(editor_client):
    first, second = ArticleFactory(), ArticleFactory()
    changelist = reverse("admin:articles_article_changelist")

    response = editor_client.post(
        changelist, {"action": "publish_selected", "_selected_action": [first.pk, second.pk]}, follow=True
    )
    assert "2 articles published." in response.content.decode()
    assert Article.objects.published().count() == 2

    editor_client.post(changelist, {"action": "unpublish_selected", "_selected_action": [first.pk]})
    assert list(Article.objects.published()) == [second]


@time_machine.travel(NOON, tick=False)
def test_article_list_shows_status_scheduled_section_and_authors(editor_client):
    from tests.articles.factories import ArticleAuthorFactory

    scheduled = services.publish_article(article=ArticleFactory(headline="Tomorrow's story"), at=NOON.replace(day=18))
    ArticleAuthorFactory(article=scheduled, author__name="Anna Reporter")

    response = editor_client.get(reverse("admin:articles_article_changelist"))
    page = response.content.decode()
    assert "Tomorrow&#x27;s story" in page
    assert "scheduled" in page
    assert "Anna Reporter" in page
    assert scheduled.section.name in page


def test_article_list_makes_the_same_number_of_queries_for_many_articles(editor_client, django_assert_max_num_queries):
    for _ in range(3):
        ArticleFactory()
    with django_assert_max_num_queries(30) as few:
        editor_client.get(reverse("admin:articles_article_changelist"))
    for _ in range(20):
        ArticleFactory()
    with django_assert_max_num_queries(len(few.captured_queries)):
        editor_client.get(reverse("admin:articles_article_changelist"))


def test_publishing_without_any_time_uses_now():
    before = timezone.now()
    article = services.publish_article(article=ArticleFactory())
    assert before <= article.published_at <= timezone.now()

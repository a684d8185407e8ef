"""The article list editors work from: search, filters, date hierarchy; and the form's limits."""

import datetime

import pytest
from django.urls import reverse

from articles import services
from articles.models import BODY_MAX_LENGTH, Article
from tests.articles.factories import ArticleAuthorFactory, ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")


def headlines(response) -> set[str]:
    return {article.headline for article in response.context["cl"].result_list}


def test_search_finds_words_in_headline_summary_and_body(editor_client):
    ArticleFactory(headline="Armenia draws the most")
    ArticleFactory(headline="Second", summary="Kazakhstan follows")
    ArticleFactory(headline="Third", body="Georgia has about 74,000.")
    ArticleFactory(headline="Unrelated")

    assert headlines(editor_client.get(CHANGELIST, {"q": "armenia"})) == {"Armenia draws the most"}
    assert headlines(editor_client.get(CHANGELIST, {"q": "kazakhstan"})) == {"Second"}
    assert headlines(editor_client.get(CHANGELIST, {"q": "georgia"})) == {"Third"}


def test_filters_by_status_section_author_and_date(editor_client):
    russia = SectionFactory(name="Russia", slug="russia")
    live = services.publish_article(
        article=ArticleFactory(headline="Live", section=russia),
        at=datetime.datetime(2024, 7, 17, 10, tzinfo=datetime.UTC),
    )
    ArticleAuthorFactory(article=live, author__name="Anna Reporter")
    ArticleFactory(headline="Draft elsewhere")

    assert headlines(editor_client.get(CHANGELIST, {"status__exact": "published"})) == {"Live"}
    assert headlines(editor_client.get(CHANGELIST, {"section__id__exact": russia.pk})) == {"Live"}
    author = live.bylines.get().author
    assert headlines(editor_client.get(CHANGELIST, {"authors__id__exact": author.pk})) == {"Live"}
    assert headlines(editor_client.get(CHANGELIST, {"published_at__year": 2024, "published_at__month": 7})) == {"Live"}


def test_a_body_over_the_length_limit_is_refused_with_the_limit_named(editor_client, form_data):
    article = ArticleFactory()
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = {**form_data(editor_client.get(url)), "body": "x" * (BODY_MAX_LENGTH + 1)}
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert f"Ensure this value has at most {BODY_MAX_LENGTH} characters" in response.content.decode()
    assert Article.objects.get(pk=article.pk).body == article.body

"""Related links: one of our articles, or an external story with its URL and title."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from articles.models import RelatedLink
from tests.articles.factories import ArticleFactory, ExternalLinkFactory

pytestmark = pytest.mark.django_db


def test_external_link_needs_a_url_and_a_title():
    link = RelatedLink(article=ArticleFactory(), outlet="Agentstvo")
    with pytest.raises(ValidationError) as raised:
        link.full_clean()
    assert raised.value.message_dict["url"] == ["Give the external URL, or choose one of our articles."]
    assert raised.value.message_dict["title"] == ["An external link needs the title of the story."]


def test_internal_link_needs_only_the_article():
    link = RelatedLink(article=ArticleFactory(), target=ArticleFactory())
    link.full_clean()
    link.save()
    assert link.href == link.target.get_absolute_url()
    assert link.display_title == link.target.headline


def test_a_link_cannot_be_both_internal_and_external():
    link = RelatedLink(article=ArticleFactory(), target=ArticleFactory(), url="https://example.org/", title="x")
    with pytest.raises(ValidationError, match="not both"):
        link.full_clean()


@pytest.mark.parametrize(
    "fields",
    [
        {"url": "", "title": ""},
        {"url": "https://www.agents.media/", "title": ""},
        {"url": "", "title": "A title without an address"},
    ],
)
def test_the_database_refuses_an_incomplete_link_whatever_path_it_came_by(fields):
    article = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        RelatedLink.objects.create(article=article, **fields)


def test_links_keep_the_order_the_editor_gave_them():
    article = ArticleFactory()
    second = ExternalLinkFactory(article=article, position=2, title="Second")
    first = ExternalLinkFactory(article=article, position=1, title="First")
    assert list(article.related_links.all()) == [first, second]


def test_admin_explains_an_external_link_without_a_title(editor_client, form_data):
    article = ArticleFactory()
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(editor_client.get(url))
    data.update({"related_links-0-url": "https://www.agents.media/", "related_links-0-outlet": "Agentstvo"})
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "An external link needs the title of the story." in response.content.decode()
    assert not article.related_links.exists()


def test_admin_refuses_an_article_related_to_itself(editor_client, form_data):
    article = ArticleFactory()
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(editor_client.get(url))
    data["related_links-0-target"] = article.pk
    response = editor_client.post(url, data)
    assert "An article cannot be related to itself." in response.content.decode()
    assert not article.related_links.exists()


def test_related_article_picker_autocompletes_headlines(editor_client):
    ArticleFactory(headline="Emigres in Armenia")
    ArticleFactory(headline="Budget news")
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"term": "emigres", "app_label": "articles", "model_name": "relatedlink", "field_name": "target"},
    )
    assert [r["text"] for r in response.json()["results"]] == ["Emigres in Armenia"]

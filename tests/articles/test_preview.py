"""Editors (staff who may change articles) preview any article as readers will see it; nobody else can."""

import pytest
from django.urls import reverse

from articles import services
from tests.articles.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def preview_url(article) -> str:
    return reverse("articles:article-preview", kwargs={"pk": article.pk})


def test_anonymous_visitor_is_sent_to_log_in_instead_of_seeing_a_draft(client):
    draft = ArticleFactory(headline="Secret draft headline")
    response = client.get(preview_url(draft))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
    assert "Secret draft headline" not in client.get(preview_url(draft), follow=True).content.decode()


def test_logged_in_reader_who_is_not_staff_cannot_preview(client, django_user_model):
    reader = django_user_model.objects.create_user(username="reader", password="a-test-password-42")
    client.force_login(reader)
    draft = ArticleFactory(headline="Secret draft headline")
    response = client.get(preview_url(draft))
    assert response.status_code == 302
    assert "Secret draft headline" not in client.get(preview_url(draft), follow=True).content.decode()


@pytest.mark.parametrize("who", ["staff_without_group", "data_desk"])
def test_staff_who_may_not_change_articles_get_403_instead_of_a_draft(client, request, who):
    client.force_login(request.getfixturevalue(who))
    draft = ArticleFactory(headline="Secret draft headline")
    response = client.get(preview_url(draft))
    assert response.status_code == 403
    assert "Secret draft headline" not in response.content.decode()


def test_editors_see_a_draft_as_readers_will_and_search_engines_are_told_not_to_index_it(editor_client):
    draft = ArticleFactory(headline="Secret draft headline")
    response = editor_client.get(preview_url(draft))
    assert response.status_code == 200
    assert "Secret draft headline" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_admin_offers_preview_for_unpublished_and_view_on_site_for_published(editor_client):
    draft = ArticleFactory()
    live = services.publish_article(article=ArticleFactory())

    draft_page = editor_client.get(reverse("admin:articles_article_change", args=[draft.pk])).content.decode()
    assert f'href="{preview_url(draft)}"' in draft_page
    assert "View on site" not in draft_page

    live_page = editor_client.get(reverse("admin:articles_article_change", args=[live.pk])).content.decode()
    assert f'href="{live.get_absolute_url()}"' in live_page
    assert "View on site" in live_page
    assert preview_url(live) not in live_page

    listing = editor_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert f'href="{preview_url(draft)}">Preview' in listing
    assert f'href="{live.get_absolute_url()}">View on site' in listing

"""Every save of an article is kept as a revision an editor can look at and restore."""

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article
from tests.articles.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db


def test_each_admin_save_is_kept_as_a_revision_with_its_editor(editor_client, editor, form_data):
    article = ArticleFactory(body="First draft.")
    url = reverse("admin:articles_article_change", args=[article.pk])
    editor_client.post(url, {**form_data(editor_client.get(url)), "body": "Second draft."})

    bodies = list(article.history.order_by("history_date").values_list("body", flat=True))
    assert bodies == ["First draft.", "Second draft."]
    assert article.history.latest("history_date").history_user == editor

    history_page = editor_client.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert history_page.status_code == 200
    assert "eddie-editor" in history_page.content.decode()


def test_editor_restores_an_earlier_revision_from_the_history(editor_client, form_data):
    article = ArticleFactory(headline="The first headline", body="What the reporter filed.")
    first_revision = article.history.earliest("history_date")
    article.headline, article.body = "A worse headline", "An edit that lost a paragraph."
    services.save_article(article=article)

    revert_url = reverse("admin:articles_article_simple_history", args=[article.pk, first_revision.history_id])
    revert_page = editor_client.get(revert_url)
    assert revert_page.status_code == 200
    assert "What the reporter filed." in revert_page.content.decode()
    response = editor_client.post(revert_url, form_data(revert_page))

    assert response.status_code == 302
    article = Article.objects.get(pk=article.pk)
    assert (article.headline, article.body) == ("The first headline", "What the reporter filed.")
    # Restoring is itself a revision, so the unwanted edit can be brought back in turn.
    assert article.history.count() == 3
    assert article.history.filter(body="An edit that lost a paragraph.").exists()


def test_a_form_opened_before_a_restore_is_stale(client, editor, second_editor, form_data):
    article = ArticleFactory(body="Filed.")
    first_revision = article.history.earliest("history_date")
    url = reverse("admin:articles_article_change", args=[article.pk])
    client.force_login(second_editor)
    stale_copy = form_data(client.get(url))

    client.force_login(editor)
    services.save_article(article=Article.objects.get(pk=article.pk))
    revert_url = reverse("admin:articles_article_simple_history", args=[article.pk, first_revision.history_id])
    client.post(revert_url, form_data(client.get(revert_url)))

    client.force_login(second_editor)
    response = client.post(url, {**stale_copy, "body": "Overwrite."})
    assert response.status_code == 200
    assert Article.objects.get(pk=article.pk).body == "Filed."


def test_a_browser_save_changing_only_the_summary_records_only_the_summary(editor_client, form_data):
    # Saved by a script (as load_demo saves the launch story), with LF line endings and a final newline.
    article = ArticleFactory.build(
        section=SectionFactory(), summary="Old standfirst.", body="First paragraph.\n\nSecond paragraph.\n"
    )
    services.save_article(article=article)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(editor_client.get(url))
    # Browsers submit a textarea's line breaks as CRLF, whatever the text had when the page was served.
    data["body"] = data["body"].replace("\n", "\r\n")
    data["summary"] = "New\r\nstandfirst."
    response = editor_client.post(url, data)
    assert response.status_code == 302

    article.refresh_from_db()
    assert article.body == "First paragraph.\n\nSecond paragraph."
    assert article.summary == "New\nstandfirst."
    latest, previous = article.history.order_by("-history_date")[:2]
    assert latest.diff_against(previous).changed_fields == ["summary"]
    assert LogEntry.objects.get(object_id=str(article.pk)).get_change_message() == "Changed Summary."


def test_text_is_stored_as_the_admin_stores_it_whatever_path_it_came_by():
    # A script's text with CRLF, a lone CR and a final newline is stored as a browser save would store it.
    article = ArticleFactory.build(section=SectionFactory(), body="One.\r\n\r\nTwo.\rThree.\n", summary="A\r\nB")
    services.save_article(article=article)
    article.refresh_from_db()
    assert (article.body, article.summary) == ("One.\n\nTwo.\nThree.", "A\nB")


def test_restoring_a_first_draft_keeps_a_live_story_published_at_its_url(client, editor_client, form_data):
    article = ArticleFactory.build(
        section=SectionFactory(), headline="What the reporter filed", body="The filed text.", seo_title="Filed"
    )
    services.save_article(article=article)  # the first revision: a draft with no publication time
    first_revision = article.history.earliest("history_date")
    article.headline, article.body, article.seo_title = "An edited headline", "A text that lost a fact.", "Edited"
    published_at = timezone.now() - datetime.timedelta(hours=2)
    services.publish_article(article=article, at=published_at)
    public_url = article.get_absolute_url()
    assert client.get(public_url).status_code == 200

    revert_url = reverse("admin:articles_article_simple_history", args=[article.pk, first_revision.history_id])
    revert_page = editor_client.get(revert_url)
    assert "The article keeps its current status and publication time" in revert_page.content.decode()
    # Even a hand-made post asking for a draft cannot unpublish: on this page the status is read-only.
    data = {**form_data(revert_page), "status": "draft", "published_at_0": "", "published_at_1": ""}
    response = editor_client.post(revert_url, data, follow=True)

    article = Article.objects.get(pk=article.pk)
    assert (article.headline, article.body, article.seo_title) == (
        "What the reporter filed",
        "The filed text.",
        "Filed",
    )
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at == published_at
    messages = [str(m) for m in response.context["messages"]]
    assert any("The article stays published, with its publication time unchanged" in m for m in messages)
    page = client.get(public_url)
    assert page.status_code == 200
    assert "What the reporter filed" in page.content.decode()


def test_restoring_an_earlier_revision_of_a_draft_does_not_publish_it(editor_client, form_data):
    article = ArticleFactory(headline="Once live", body="Live text.")
    services.publish_article(article=article, at=timezone.now() - datetime.timedelta(days=1))
    live_revision = article.history.latest("history_date")
    services.unpublish_article(article=article)

    revert_url = reverse("admin:articles_article_simple_history", args=[article.pk, live_revision.history_id])
    response = editor_client.post(revert_url, form_data(editor_client.get(revert_url)))

    assert response.status_code == 302
    article = Article.objects.get(pk=article.pk)
    assert article.status == Article.Status.DRAFT
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_staff_who_may_only_view_articles_see_revisions_but_cannot_restore_one(client, django_user_model, form_data):
    viewer = django_user_model.objects.create_user(username="viewer", password="a-test-password-42", is_staff=True)
    viewer.user_permissions.set(
        Permission.objects.filter(content_type__app_label="articles", codename__in=["view_article"])
    )
    article = ArticleFactory(headline="Filed headline")
    first_revision = article.history.earliest("history_date")
    article.headline = "Current headline"
    services.save_article(article=article)
    client.force_login(viewer)

    revert_url = reverse("admin:articles_article_simple_history", args=[article.pk, first_revision.history_id])
    page = client.get(revert_url)
    assert page.status_code == 200
    assert 'value="Revert"' not in page.content.decode()
    response = client.post(revert_url, {**form_data(page), "headline": "Filed headline"})

    assert response.status_code == 403
    assert Article.objects.get(pk=article.pk).headline == "Current headline"

"""Every save of an article is kept as a revision an editor can look at and restore."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

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

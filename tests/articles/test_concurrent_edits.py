"""Two editors saving the same article from stale copies: the second is refused and loses nothing."""

import threading
import time

import pytest
from django.db import connection, transaction
from django.urls import reverse

from articles import services
from articles.models import Article
from tests.articles.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_second_save_from_a_stale_copy_is_refused_with_a_clear_message_and_keeps_its_text(
    client, editor, second_editor, form_data
):
    article = ArticleFactory(body="The original text.")
    url = reverse("admin:articles_article_change", args=[article.pk])
    client.force_login(editor)
    eddies_copy = form_data(client.get(url))
    client.force_login(second_editor)
    erins_copy = form_data(client.get(url))

    client.force_login(editor)
    saved = client.post(url, {**eddies_copy, "body": "Eddie's rewrite."})
    assert saved.status_code == 302

    client.force_login(second_editor)
    refused = client.post(url, {**erins_copy, "body": "Erin's careful rewrite."})

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Someone else saved this article after you opened it (eddie-editor at" in page
    assert "Your changes have NOT been saved" in page
    assert "Erin&#x27;s careful rewrite." in page  # still in the text box, nothing lost
    article.refresh_from_db()
    assert article.body == "Eddie's rewrite."
    assert article.history.filter(body="Erin's careful rewrite.").count() == 0


def test_save_from_a_fresh_copy_after_reloading_succeeds(client, editor, form_data):
    article = ArticleFactory()
    url = reverse("admin:articles_article_change", args=[article.pk])
    client.force_login(editor)
    client.post(url, {**form_data(client.get(url)), "body": "First."})
    response = client.post(url, {**form_data(client.get(url)), "body": "Second."})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == "Second."


def test_every_save_moves_the_version_on_whatever_path_it_takes():
    article = ArticleFactory()
    assert article.version == 1
    article.save()
    assert article.version == 2
    stale = Article.objects.get(pk=article.pk)
    article.save()
    stale.save()  # a stale object still moves the counter forward, never back
    assert Article.objects.get(pk=article.pk).version == 4


def test_service_refuses_a_save_from_a_stale_version_and_writes_nothing():
    article = ArticleFactory(headline="Before")
    loaded_version = article.version
    services.save_article(article=Article.objects.get(pk=article.pk))  # someone else saves

    article.headline = "Overwrite attempt"
    with pytest.raises(services.StaleArticleError):
        services.save_article(article=article, expected_version=loaded_version)
    assert Article.objects.get(pk=article.pk).headline == "Before"


def _waiting_on_a_lock() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite runs one write transaction at a time")
@pytest.mark.django_db(transaction=True)
def test_two_saves_racing_from_the_same_version_cannot_both_win():
    """Editor B checks the version while editor A's save is not yet committed: B must wait, then be refused."""
    article = ArticleFactory(body="Filed.")
    a_saved, a_may_commit = threading.Event(), threading.Event()
    outcome: dict[str, str] = {}

    def editor_a():
        try:
            with transaction.atomic():
                copy = Article.objects.get(pk=article.pk)
                copy.body = "A's text."
                services.save_article(article=copy, expected_version=1)
                a_saved.set()
                a_may_commit.wait(timeout=60)
        finally:
            connection.close()

    def editor_b():
        try:
            copy = Article.objects.get(pk=article.pk)
            copy.body = "B's text."
            services.save_article(article=copy, expected_version=1)
            outcome["b"] = "saved"
        except services.StaleArticleError:
            outcome["b"] = "refused"
        finally:
            connection.close()

    thread_a = threading.Thread(target=editor_a)
    thread_a.start()
    assert a_saved.wait(timeout=60)
    thread_b = threading.Thread(target=editor_b)
    thread_b.start()
    # Let A commit only once B is blocked on the row A holds (B's check is then under way).
    for _ in range(6000):
        if _waiting_on_a_lock():
            break
        time.sleep(0.01)
    else:
        pytest.fail("editor B never waited for editor A's lock")
    a_may_commit.set()
    thread_a.join(timeout=60)
    thread_b.join(timeout=60)

    assert outcome == {"b": "refused"}
    assert Article.objects.get(pk=article.pk).body == "A's text."

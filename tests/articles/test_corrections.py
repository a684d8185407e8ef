"""Corrections and updates: dated notes at the end of a story; adding one moves its "updated" time."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from articles import services
from articles.models import Correction
from tests.articles.factories import ArticleFactory

pytestmark = pytest.mark.django_db

LATER = datetime.datetime(2024, 7, 18, 9, 0, tzinfo=datetime.UTC)


def test_adding_a_correction_updates_the_article_time_and_keeps_a_revision(editor):
    article = services.publish_article(article=ArticleFactory(), at=LATER - datetime.timedelta(days=1))
    revisions = article.history.count()

    with time_machine.travel(LATER, tick=False):
        correction = services.add_correction(
            article=article, kind=Correction.Kind.CORRECTION, text="An earlier version misstated a figure.", user=editor
        )

    article.refresh_from_db()
    assert article.updated_at == LATER == correction.published_at
    assert correction.created_by == editor
    assert article.history.count() == revisions + 1
    assert str(correction) == "Correction: An earlier version misstated a figure."


def test_a_correction_added_in_the_admin_updates_the_article_time(editor_client, editor, form_data):
    article = ArticleFactory()
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(editor_client.get(url))
    data.update(
        {
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-kind": "update",
            "corrections-0-text": "Adds the Interior Ministry's response.",
            "corrections-0-published_at_0": "2024-07-18",
            "corrections-0-published_at_1": "09:00:00",
        }
    )
    response = editor_client.post(url, data)
    assert response.status_code == 302
    article.refresh_from_db()
    correction = article.corrections.get()
    assert (correction.kind, correction.created_by) == ("update", editor)
    assert article.updated_at == LATER

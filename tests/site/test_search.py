"""Search over published articles: ranked full-text search on PostgreSQL, a substring match on SQLite."""

import re

import pytest
from django.db import connection

from articles.models import Article
from articles.views import PAGE_SIZE
from tests.site.factories import ArticleFactory

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search needs PostgreSQL")
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="the fallback is for SQLite")


def headlines(html: str) -> list[str]:
    return re.findall(r'class="story__headline"><a href="[^"]+">([^<]+)</a>', html)


def test_search_finds_published_articles_and_keeps_the_query_in_the_box(client):
    ArticleFactory(headline="Emigres settle in Armenia", body="Yerevan rents rose.")
    ArticleFactory(headline="Unrelated weather report", body="Rain.")
    html = client.get("/search/", {"q": "Armenia"}).content.decode()
    assert headlines(html) == ["Emigres settle in Armenia"]
    assert 'id="search-q" name="q" value="Armenia"' in html
    assert "1 story for “Armenia”" in html


def test_search_never_shows_drafts_or_scheduled_articles(client):
    ArticleFactory(headline="Armenia draft", status=Article.Status.DRAFT, published_at=None)
    ArticleFactory(headline="Armenia in review", status=Article.Status.REVIEW)
    html = client.get("/search/", {"q": "Armenia"}).content.decode()
    assert headlines(html) == []
    assert "Nothing found" in html


def test_query_with_markup_is_escaped_in_the_box(client):
    html = client.get("/search/", {"q": '"><script>alert(1)</script>'}).content.decode()
    assert "<script>alert(1)" not in html
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html


def test_empty_search_shows_the_form_and_no_results(client):
    ArticleFactory()
    html = client.get("/search/").content.decode()
    assert 'id="search-q"' in html and headlines(html) == []


def test_search_results_are_paginated_and_pages_keep_the_query(client):
    for number in range(PAGE_SIZE + 2):
        ArticleFactory(headline=f"Armenia story {number}")
    first = client.get("/search/", {"q": "Armenia"}).content.decode()
    assert len(headlines(first)) == PAGE_SIZE
    assert 'href="?q=Armenia&amp;page=2"' in first
    second = client.get("/search/", {"q": "Armenia", "page": 2}).content.decode()
    assert len(headlines(second)) == 2
    assert 'value="Armenia"' in second


def test_search_matches_the_summary_and_the_body_too(client):
    ArticleFactory(headline="One", summary="Families moved to Tbilisi.")
    ArticleFactory(headline="Two", body="Many went to Tbilisi in 2022.")
    assert sorted(headlines(client.get("/search/", {"q": "Tbilisi"}).content.decode())) == ["One", "Two"]


@on_sqlite
def test_sqlite_fallback_needs_every_word_and_ignores_case(client):
    ArticleFactory(headline="Emigres in Georgia")
    ArticleFactory(headline="Georgia's wine harvest")
    assert headlines(client.get("/search/", {"q": "georgia EMIGRES"}).content.decode()) == ["Emigres in Georgia"]


@on_postgresql
def test_postgresql_ranks_headline_matches_above_body_matches(client):
    ArticleFactory(headline="Budget debate", body="A passing mention of emigration among many other topics.")
    ArticleFactory(headline="Emigration reaches a new high", summary="Emigration numbers, explained.")
    html = client.get("/search/", {"q": "emigration"}).content.decode()
    assert headlines(html) == ["Emigration reaches a new high", "Budget debate"]


@on_postgresql
def test_postgresql_search_understands_word_forms_and_web_syntax(client):
    ArticleFactory(headline="Russians emigrated in two waves")
    ArticleFactory(headline="Russians stayed home")
    html = client.get("/search/", {"q": "emigrating -stayed"}).content.decode()
    assert headlines(html) == ["Russians emigrated in two waves"]


def test_control_characters_in_the_query_are_ignored_not_an_error(client):
    ArticleFactory(headline="Emigres in Armenia")
    response = client.get("/search/", {"q": "Armenia\x00\x07"})
    assert response.status_code == 200
    assert "Emigres in Armenia" in response.content.decode()

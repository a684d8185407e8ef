"""What search engines and social networks read: canonical URL, Open Graph, Twitter cards, JSON-LD."""

import datetime
import json
import re

import pytest
from django.utils import timezone

from tests.site.factories import ArticleFactory, AuthorFactory, ImageFactory
from tests.site.launch import build_launch_story

pytestmark = pytest.mark.django_db


def json_ld(html: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def meta(html: str, key: str) -> str:
    match = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)">', html)
    assert match, f"no {key} meta tag"
    return match.group(1)


def test_article_has_canonical_url_and_open_graph_and_twitter_meta(client):
    article = build_launch_story()
    html = client.get(article.get_absolute_url()).content.decode()
    canonical = f"http://testserver{article.get_absolute_url()}"
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert meta(html, "og:type") == "article"
    assert meta(html, "og:url") == canonical
    assert meta(html, "og:title") == article.headline
    assert meta(html, "og:description") == article.summary
    assert meta(html, "og:image") == f"http://testserver{article.lead_image.file.url}"
    assert meta(html, "twitter:card") == "summary_large_image"
    assert meta(html, "article:section") == "Russia"
    assert '<html lang="en">' in html


def test_seo_title_and_description_override_headline_and_summary(client):
    article = ArticleFactory(seo_title="Short SEO title", seo_description="Short SEO description")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<title>Short SEO title · " in html
    assert meta(html, "og:title") == "Short SEO title"
    assert '<meta name="description" content="Short SEO description">' in html


def test_json_ld_describes_the_news_article(client):
    article = build_launch_story()
    data = json_ld(client.get(article.get_absolute_url()).content.decode())
    canonical = f"http://testserver{article.get_absolute_url()}"
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.headline
    assert data["datePublished"] == article.published_at.isoformat(timespec="seconds")
    assert data["dateModified"] == article.published_at.isoformat(timespec="seconds")
    assert data["mainEntityOfPage"]["@id"] == canonical
    assert data["author"] == [
        {"@type": "Person", "name": "Anna Petrova", "url": "http://testserver/authors/anna-petrova/"}
    ]
    assert data["image"] == [f"http://testserver{article.lead_image.file.url}"]
    assert data["publisher"]["name"] == "The Newsroom"
    assert re.fullmatch(r"http://testserver/static/img/logo\.[0-9a-f]{12}\.png", data["publisher"]["logo"]["url"])


def test_json_ld_cannot_be_broken_out_of_by_a_headline(client):
    hostile = 'Breaking </script><script>alert("x")</script> & more'
    article = ArticleFactory(headline=hostile, authors=[AuthorFactory(name="</script>Eve")])
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    data = json_ld(html)
    assert data["headline"] == hostile
    assert data["author"][0]["name"] == "</script>Eve"


def test_article_without_image_uses_a_summary_card_and_no_image_in_json_ld(client):
    article = ArticleFactory(lead_image=None)
    html = client.get(article.get_absolute_url()).content.decode()
    assert meta(html, "twitter:card") == "summary"
    assert "image" not in json_ld(html)


def test_lead_image_alt_text_is_given_to_social_networks(client):
    article = ArticleFactory(lead_image=ImageFactory(alt_text="A crowd at a border"))
    assert meta(client.get(article.get_absolute_url()).content.decode(), "og:image:alt") == "A crowd at a border"


def test_list_pages_have_a_canonical_url(client):
    ArticleFactory(section__slug="world")
    html = client.get("/sections/world/").content.decode()
    assert '<link rel="canonical" href="http://testserver/sections/world/">' in html


def test_json_ld_date_modified_is_the_update_time(client):
    published = timezone.now() - datetime.timedelta(days=3)
    updated = timezone.now() - datetime.timedelta(hours=1)
    article = ArticleFactory(published_at=published, updated_at=updated)
    html = client.get(article.get_absolute_url()).content.decode()
    data = json_ld(html)
    assert data["datePublished"] == published.isoformat(timespec="seconds")
    assert data["dateModified"] == updated.isoformat(timespec="seconds")
    assert meta(html, "article:modified_time") == updated.isoformat(timespec="seconds")

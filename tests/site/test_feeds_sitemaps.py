"""RSS feeds, sitemap.xml, the Google News sitemap and robots.txt."""

import datetime

import pytest
from defusedxml import ElementTree
from django.utils import timezone

from articles.models import Article
from stats.demo import LAUNCH_FIGURE_SLUG, load_launch_data
from tests.site.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def test_site_feed_is_valid_rss_with_the_published_stories(client):
    ArticleFactory(headline="Story & numbers", summary="Summary <b>bold</b>", authors=[AuthorFactory(name="Anna")])
    ArticleFactory(headline="A draft", status=Article.Status.DRAFT, published_at=None)
    response = client.get("/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ElementTree.fromstring(response.content).find("channel")
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Story & numbers"]
    item = items[0]
    assert item.findtext("description") == "Summary <b>bold</b>"
    assert item.findtext("link").startswith("http://testserver/")
    assert item.findtext("{http://purl.org/dc/elements/1.1/}creator") == "Anna"
    assert item.findtext("pubDate")


def test_section_feed_has_only_that_sections_stories(client):
    world = SectionFactory(name="World", slug="world")
    ArticleFactory(headline="World story", section=world)
    ArticleFactory(headline="Other story")
    response = client.get("/sections/world/feed/")
    channel = ElementTree.fromstring(response.content).find("channel")
    assert channel.findtext("title").startswith("World")
    assert [item.findtext("title") for item in channel.findall("item")] == ["World story"]


def test_feed_of_unknown_section_is_not_found(client):
    assert client.get("/sections/nope/feed/").status_code == 404


def sitemap_locations(client) -> set[str]:
    """Every URL in the sitemap index's sitemaps, following the index like a crawler."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    sitemaps = [loc.text for loc in ElementTree.fromstring(index.content).iter(f"{SITEMAP}loc")]
    assert sorted(sitemaps) == [
        "http://testserver/sitemap-articles.xml",
        "http://testserver/sitemap-authors.xml",
        "http://testserver/sitemap-datasets.xml",
        "http://testserver/sitemap-figures.xml",
        "http://testserver/sitemap-sections.xml",
        "http://testserver/sitemap-topics.xml",
    ]
    locations = set()
    for url in sitemaps:
        response = client.get(url.removeprefix("http://testserver"))
        assert response.status_code == 200
        locations |= {loc.text for loc in ElementTree.fromstring(response.content).iter(f"{SITEMAP}loc")}
    return locations


def test_sitemap_lists_published_articles_sections_authors_and_topics(client):
    section = SectionFactory(slug="russia")
    author = AuthorFactory(slug="anna")
    topic = TagFactory(slug="emigration")
    article = ArticleFactory(section=section, authors=[author], tags=[topic])
    draft = ArticleFactory(slug="secret-draft", status=Article.Status.DRAFT, published_at=None)
    locations = sitemap_locations(client)
    assert f"http://testserver{article.get_absolute_url()}" in locations
    assert "http://testserver/sections/russia/" in locations
    assert "http://testserver/authors/anna/" in locations
    assert "http://testserver/topics/emigration/" in locations
    assert not any(draft.slug in location for location in locations)


def test_author_known_only_for_drafts_is_left_out_of_the_sitemap(client):
    ArticleFactory(status=Article.Status.DRAFT, published_at=None, authors=[AuthorFactory(slug="newcomer")])
    assert "http://testserver/authors/newcomer/" not in sitemap_locations(client)


def test_news_sitemap_has_the_last_two_days_with_news_fields(client):
    recent = ArticleFactory(headline="Fresh & new", published_at=timezone.now() - datetime.timedelta(hours=5))
    ArticleFactory(slug="old-story", published_at=timezone.now() - datetime.timedelta(days=3))
    response = client.get("/sitemap-news.xml")
    assert response.status_code == 200
    urls = ElementTree.fromstring(response.content).findall(f"{SITEMAP}url")
    assert len(urls) == 1
    url = urls[0]
    assert url.findtext(f"{SITEMAP}loc") == f"http://testserver{recent.get_absolute_url()}"
    news = url.find(f"{NEWS}news")
    assert news.findtext(f"{NEWS}title") == "Fresh & new"
    assert news.find(f"{NEWS}publication").findtext(f"{NEWS}language") == "en"
    assert datetime.datetime.fromisoformat(news.findtext(f"{NEWS}publication_date")) == recent.published_at.replace(
        microsecond=0
    )


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_previews(client):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Sitemap: http://testserver/sitemap-news.xml" in text
    assert "Disallow: /preview/" in text


def test_sitemap_lists_datasets_and_published_figures_only(client):
    dataset, figure = load_launch_data()
    figure.pk = None
    figure.slug, figure.status, figure.description = "draft-chart", "draft", ""
    figure.save()
    locations = sitemap_locations(client)
    assert f"http://testserver/data/{dataset.slug}/" in locations
    assert f"http://testserver/figures/{LAUNCH_FIGURE_SLUG}/" in locations
    assert "http://testserver/figures/draft-chart/" not in locations

"""The front page and the section, topic and author pages."""

import datetime
import re

import pytest
from django.utils import timezone

from articles.models import Article
from articles.views import PAGE_SIZE
from tests.site.factories import ArticleFactory, AuthorFactory, ImageFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db


def headlines(html: str) -> list[str]:
    return re.findall(r'class="story__headline"><a href="[^"]+">([^<]+)</a>', html)


def hours_ago(hours: int):
    return timezone.now() - datetime.timedelta(hours=hours)


def test_home_leads_with_the_newest_story_then_lists_the_rest_newest_first(client):
    ArticleFactory(headline="Oldest", published_at=hours_ago(30))
    ArticleFactory(headline="Newest", published_at=hours_ago(1), lead_image=ImageFactory())
    ArticleFactory(headline="Middle", published_at=hours_ago(5))
    html = client.get("/").content.decode()
    lead = html[html.index('class="lead-story"') : html.index("More stories")]
    assert "Newest" in lead
    assert 'class="thumb"' in lead
    assert headlines(html) == ["Newest", "Middle", "Oldest"]


def test_home_shows_only_published_stories(client):
    ArticleFactory(headline="Out now")
    ArticleFactory(headline="Still a draft", status=Article.Status.DRAFT, published_at=None)
    ArticleFactory(headline="Tomorrow's story", published_at=timezone.now() + datetime.timedelta(days=1))
    assert headlines(client.get("/").content.decode()) == ["Out now"]


def test_home_is_paginated_and_the_second_page_has_no_lead(client):
    for number in range(PAGE_SIZE + 3):
        ArticleFactory(headline=f"Story {number:02d}", published_at=hours_ago(number + 1))
    first = client.get("/").content.decode()
    assert len(headlines(first)) == PAGE_SIZE
    assert 'href="?page=2" rel="next"' in first
    second = client.get("/?page=2").content.decode()
    assert headlines(second) == ["Story 20", "Story 21", "Story 22"]
    assert 'class="lead-story"' not in second
    assert '<link rel="canonical" href="http://testserver/?page=2">' in second


def test_page_beyond_the_last_is_not_found(client):
    ArticleFactory()
    assert client.get("/?page=5").status_code == 404


def test_navigation_lists_sections_in_their_order(client):
    SectionFactory(name="World", slug="world", position=2)
    SectionFactory(name="Russia", slug="russia", position=1)
    html = client.get("/").content.decode()
    nav = html[html.index('<nav class="site-nav"') : html.index("</nav>")]
    assert nav.index('href="/sections/russia/"') < nav.index('href="/sections/world/"')


def test_section_page_lists_its_published_stories(client):
    russia = SectionFactory(name="Russia", slug="russia")
    ArticleFactory(headline="In Russia", section=russia)
    ArticleFactory(headline="Elsewhere")
    ArticleFactory(headline="Draft in Russia", section=russia, status=Article.Status.DRAFT, published_at=None)
    response = client.get("/sections/russia/")
    html = response.content.decode()
    assert "<h1>Russia</h1>" in html
    assert headlines(html) == ["In Russia"]
    assert 'aria-current="page">Russia</a>' in html
    assert 'href="/sections/russia/feed/"' in html


def test_topic_page_lists_stories_with_the_topic(client):
    topic = TagFactory(name="Emigration", slug="emigration")
    ArticleFactory(headline="Tagged", tags=[topic])
    ArticleFactory(headline="Untagged")
    html = client.get("/topics/emigration/").content.decode()
    assert "<h1>Emigration</h1>" in html
    assert headlines(html) == ["Tagged"]


def test_author_page_shows_bio_and_their_published_stories(client):
    anna = AuthorFactory(name="Anna Petrova", slug="anna-petrova", bio="Anna covers migration.")
    ArticleFactory(headline="By Anna", authors=[anna, AuthorFactory()])
    ArticleFactory(headline="By someone else", authors=[AuthorFactory()])
    ArticleFactory(headline="Anna's draft", authors=[anna], status=Article.Status.DRAFT, published_at=None)
    html = client.get("/authors/anna-petrova/").content.decode()
    assert "<h1>Anna Petrova</h1>" in html
    assert "Anna covers migration." in html
    assert headlines(html) == ["By Anna"]


def test_list_pages_are_paginated(client):
    section = SectionFactory(slug="world")
    for number in range(PAGE_SIZE + 1):
        ArticleFactory(section=section, published_at=hours_ago(number + 1))
    assert len(headlines(client.get("/sections/world/").content.decode())) == PAGE_SIZE
    assert len(headlines(client.get("/sections/world/?page=2").content.decode())) == 1


@pytest.mark.parametrize("url", ["/sections/nope/", "/topics/nope/", "/authors/nope/"])
def test_unknown_section_topic_or_author_is_not_found(client, url):
    assert client.get(url).status_code == 404


def test_author_page_shows_the_authors_photo_with_alt_text(client):
    AuthorFactory(slug="anna", name="Anna Petrova", photo=ImageFactory(alt_text="Anna Petrova in the newsroom"))
    html = client.get("/authors/anna/").content.decode()
    assert 'class="author-intro__photo"' in html
    assert 'alt="Anna Petrova in the newsroom"' in html

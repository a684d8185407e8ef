"""The article page: what a reader sees, and what readers may not see."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.site.factories import (
    ArticleFactory,
    AuthorFactory,
    CorrectionFactory,
    ImageFactory,
    RelatedLinkFactory,
    SectionFactory,
    TagFactory,
)
from tests.site.launch import build_launch_story

pytestmark = pytest.mark.django_db

#: The launch figure's subtitle: how the tests find the figure, whatever markup the figure renderer uses.
FIGURE_SUBTITLE = "Russians who left after February 2022 and remain in each country"


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_launch_story_shows_everything_a_reader_expects(client):
    article = build_launch_story()
    html = html_of(client.get(article.get_absolute_url()))

    assert "<h1>Around 650,000 Russian wartime emigres remain abroad</h1>" in html
    assert "An estimate by The Bell counts those who left" in html
    assert '<a href="/authors/anna-petrova/" rel="author">Anna Petrova</a>' in html
    assert f'<time datetime="{article.published_at.isoformat(timespec="seconds")}">' in html
    assert '<a class="kicker" href="/sections/russia/">Russia</a>' in html
    # The lead image with its alt text, caption and the photographer's credit.
    assert 'alt="People with suitcases queue at a border crossing"' in html
    assert "Departures at a border crossing in September 2022." in html
    assert "Alexander Avilov / Moskva News Agency" in html
    # The figure and the related-link box inside the body, the original credit after it.
    assert FIGURE_SUBTITLE in html
    assert "Black-Market Database of Leaked Info Lists Russian Wartime Emigres" in html
    assert re.search(
        r'Originally published by <a href="https://www\.themoscowtimes\.com/2024/07/17/[^"]+">The Moscow Times</a>',
        html,
    )
    assert '<a href="/topics/emigration/">Emigration</a>' in html


def test_embeds_appear_where_the_editor_put_them(client):
    article = build_launch_story()
    html = html_of(client.get(article.get_absolute_url()))
    body = html[html.index('class="article__body"') :]
    positions = [
        body.index("likely an undercount"),
        body.index(FIGURE_SUBTITLE),
        body.index("Visa-free destinations"),
        body.index('class="related-box"'),
        body.index("<h2>Two waves</h2>"),
    ]
    assert positions == sorted(positions)


def test_byline_names_every_author_in_credited_order(client):
    first, second, third = AuthorFactory(name="Zoe"), AuthorFactory(name="Adam"), AuthorFactory(name="Mia")
    article = ArticleFactory(authors=[first, second, third])
    html = html_of(client.get(article.get_absolute_url()))
    byline = re.search(r'<p class="byline">(.*?)</p>', html).group(1)
    assert re.sub(r"<[^>]+>", "", byline) == "By Zoe, Adam and Mia"


def test_updated_time_is_shown_when_the_article_was_updated(client):
    published = timezone.now() - datetime.timedelta(days=2)
    updated = timezone.now() - datetime.timedelta(hours=3)
    article = ArticleFactory(published_at=published, updated_at=updated)
    html = html_of(client.get(article.get_absolute_url()))
    assert f'Updated <time datetime="{updated.isoformat(timespec="seconds")}">' in html


def test_lead_image_offers_its_renditions_as_srcset(client):
    image = ImageFactory()
    image.renditions = {"480": "images/renditions/photo-480.jpg", "960": "images/renditions/photo-960.jpg"}
    image.save()
    article = ArticleFactory(lead_image=image)
    html = html_of(client.get(article.get_absolute_url()))
    assert 'srcset="/media/images/renditions/photo-480.jpg 480w, /media/images/renditions/photo-960.jpg 960w' in html


def test_corrections_and_updates_are_listed_at_the_end(client):
    article = ArticleFactory(body="The body.")
    CorrectionFactory(article=article, text="We misspelled a name.")
    CorrectionFactory(article=article, kind="update", text="Officials have since confirmed the figure.")
    html = html_of(client.get(article.get_absolute_url()))
    corrections = html[html.index('id="corrections-heading"') :]
    assert html.index("The body.") < html.index('id="corrections-heading"')
    assert "<strong>Correction</strong>" in corrections and "We misspelled a name." in corrections
    assert "<strong>Update</strong>" in corrections and "Officials have since confirmed" in corrections


def test_related_links_are_listed_at_the_end_without_unpublished_ones(client):
    article = ArticleFactory()
    published_target = ArticleFactory(headline="Our earlier story")
    draft_target = ArticleFactory(headline="Our unfinished draft", status=Article.Status.DRAFT)
    RelatedLinkFactory(article=article, position=1, title="Agentstvo's story")
    RelatedLinkFactory(article=article, position=2, target=published_target, url="", title="", outlet="")
    RelatedLinkFactory(article=article, position=3, target=draft_target, url="", title="", outlet="")
    html = html_of(client.get(article.get_absolute_url()))
    related = html[html.index('id="related-heading"') :]
    assert "Agentstvo&#x27;s story" in related
    assert f'<a href="{published_target.get_absolute_url()}">Our earlier story</a>' in related
    assert "Our unfinished draft" not in html


def test_draft_article_is_not_found(client):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_article_in_review_is_not_found(client):
    article = ArticleFactory(status=Article.Status.REVIEW)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_scheduled_article_is_hidden_until_its_time(client):
    publish_at = timezone.now() + datetime.timedelta(hours=3)
    article = ArticleFactory(published_at=publish_at)
    url = article.get_absolute_url()
    assert client.get(url).status_code == 404
    assert article.headline not in client.get("/").content.decode()
    with time_machine.travel(publish_at + datetime.timedelta(minutes=1), tick=False):
        assert client.get(url).status_code == 200
        assert article.headline in client.get("/").content.decode()


def test_not_found_page_is_in_the_sites_design(client):
    SectionFactory(name="World", slug="world")
    response = client.get("/2020/01/01/no-such-story/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Page not found</h1>" in html
    assert 'href="/sections/world/"' in html  # the site's navigation
    assert 'class="skip-link"' in html


def test_wrong_date_in_the_url_redirects_to_the_canonical_address(client):
    article = ArticleFactory(published_at=timezone.now() - datetime.timedelta(days=10))
    response = client.get(f"/1999/01/01/{article.slug}/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_article_topics_link_to_topic_pages(client):
    article = ArticleFactory(tags=[TagFactory(name="Migration", slug="migration")])
    assert '<a href="/topics/migration/">Migration</a>' in html_of(client.get(article.get_absolute_url()))


@pytest.fixture
def staff_client(client):
    """An editor: staff who may change articles, the only ones who may preview them."""
    user = get_user_model().objects.create_user("desk", password="pw-for-tests-only", is_staff=True)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="articles", codename="change_article"))
    client.force_login(user)
    return client


def test_staff_preview_shows_a_draft_with_a_banner_and_noindex(staff_client):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None, headline="Not out yet")
    response = staff_client.get(reverse("articles:article-preview", kwargs={"pk": article.pk}))
    html = html_of(response)
    assert "<h1>Not out yet</h1>" in html
    assert 'class="preview-banner"' in html and "Readers cannot see this article." in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_preview_of_a_scheduled_article_says_when_it_goes_out(staff_client):
    article = ArticleFactory(published_at=timezone.now() + datetime.timedelta(days=1))
    html = html_of(staff_client.get(reverse("articles:article-preview", kwargs={"pk": article.pk})))
    assert "scheduled for" in html


def test_preview_is_refused_to_readers_and_to_non_staff_users(client):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None, headline="Not out yet")
    url = reverse("articles:article-preview", kwargs={"pk": article.pk})
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(get_user_model().objects.create_user("reader", password="pw-for-tests-only"))
    response = client.get(url)
    assert response.status_code == 302
    assert "Not out yet" not in response.content.decode()
    # Staff status alone is not enough: the draft is for those who may change articles.
    client.force_login(get_user_model().objects.create_user("staff", password="pw-for-tests-only", is_staff=True))
    response = client.get(url)
    assert response.status_code == 403
    assert "Not out yet" not in response.content.decode()


def test_public_article_page_is_not_marked_noindex(client):
    article = ArticleFactory()
    response = client.get(article.get_absolute_url())
    assert "noindex" not in html_of(response)
    assert "X-Robots-Tag" not in response

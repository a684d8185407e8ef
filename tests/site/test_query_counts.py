"""Public pages make a fixed number of SQL queries, however much they show."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_countries import countries

from articles.views import PAGE_SIZE
from stats.models import Dataset, Figure, Observation
from tests.site.factories import (
    ArticleFactory,
    AuthorFactory,
    CorrectionFactory,
    ImageFactory,
    RelatedLinkFactory,
    SectionFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db

#: The ceiling the issue sets for the article page.
ARTICLE_PAGE_MAX_QUERIES = 8


def figure_over_countries(number: str, how_many: int) -> Figure:
    dataset = Dataset.objects.create(title=f"Dataset {number}", slug=f"dataset-{number}", source_name="Source")
    Observation.objects.bulk_create(
        Observation(dataset=dataset, country=code, value=Decimal(index * 100 + 7))
        for index, (code, _name) in enumerate(list(countries)[:how_many])
    )
    return Figure.objects.create(
        title=f"Figure titled {number}",
        slug=f"figure-{number}",
        dataset=dataset,
        description="What the figure shows.",
        status=Figure.Status.PUBLISHED,
    )


def article_with(*, figures: int, related: int, countries_per_dataset: int, slug: str):
    figure_list = [figure_over_countries(f"{slug}{n}", countries_per_dataset) for n in range(figures)]
    body = "\n\n".join(f"Paragraph {n}.\n\n[figure: {figure.slug}]" for n, figure in enumerate(figure_list))
    body += "\n\n" + "\n\n".join(f"[related: {n + 1}]" for n in range(related))
    article = ArticleFactory(
        slug=slug,
        body=body,
        lead_image=ImageFactory(),
        authors=[AuthorFactory(), AuthorFactory()],
        tags=[TagFactory(), TagFactory()],
    )
    for position in range(related):
        if position % 2:
            RelatedLinkFactory(article=article, position=position)
        else:
            RelatedLinkFactory(article=article, position=position, target=ArticleFactory(), url="", title="")
    CorrectionFactory(article=article)
    return article


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_article_page_query_count_does_not_grow_with_figures_or_related_links(client, django_assert_num_queries):
    SectionFactory.create_batch(5)
    small = article_with(figures=1, related=3, countries_per_dataset=13, slug="small")
    big = article_with(figures=6, related=12, countries_per_dataset=200, slug="big")

    small_count = count_queries(client, small.get_absolute_url())
    assert small_count <= ARTICLE_PAGE_MAX_QUERIES

    with django_assert_num_queries(small_count):
        response = client.get(big.get_absolute_url())
    html = response.content.decode()
    assert all(f"Figure titled big{n}" in html for n in range(6))
    assert html.count('class="related-box"') == 12


def stories(count: int) -> None:
    section = SectionFactory(slug="world")
    topic = TagFactory(slug="migration")
    for number in range(count):
        ArticleFactory(
            section=section,
            lead_image=ImageFactory() if number % 2 else None,
            authors=[AuthorFactory(), AuthorFactory()],
            tags=[topic],
            published_at=timezone.now() - datetime.timedelta(hours=number + 1),
        )


@pytest.mark.parametrize(
    "url", ["/", "/sections/world/", "/topics/migration/", "/search/?q=Story", "/feed/", "/sections/world/feed/"]
)
def test_list_pages_make_the_same_queries_for_two_stories_as_for_a_full_page(client, django_assert_num_queries, url):
    stories(2)
    few = count_queries(client, url)
    stories_more = PAGE_SIZE + 5
    stories(stories_more)
    with django_assert_num_queries(few):
        client.get(url)
    assert few <= 6


def test_author_page_query_count_does_not_grow_with_stories(client, django_assert_num_queries):
    author = AuthorFactory(slug="anna")
    ArticleFactory(authors=[author, AuthorFactory()])
    few = count_queries(client, "/authors/anna/")
    for _ in range(PAGE_SIZE):
        ArticleFactory(authors=[author, AuthorFactory()], lead_image=ImageFactory())
    with django_assert_num_queries(few):
        client.get("/authors/anna/")


def test_inline_images_cost_one_query_however_many(client, django_assert_num_queries):
    one = ArticleFactory(slug="one-image", body=f"[image: {ImageFactory().pk}]", lead_image=ImageFactory())
    many_images = [ImageFactory() for _ in range(8)]
    many = ArticleFactory(
        slug="many-images", body="\n\n".join(f"[image: {image.pk}]" for image in many_images), lead_image=ImageFactory()
    )
    count = count_queries(client, one.get_absolute_url())
    with django_assert_num_queries(count):
        html = client.get(many.get_absolute_url()).content.decode()
    assert html.count('<figure class="image">') == 8

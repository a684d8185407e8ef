"""Figures: loading them for pages in a fixed number of queries, and rendering them on the server.

(Foundation version: a plain data table. The reader's-site work replaces the rendering with SVG charts.)
"""

from collections.abc import Iterable

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from stats.models import Figure, Observation


def figures_by_slug(slugs: Iterable[str], *, published_only: bool = True) -> dict[str, Figure]:
    """Figures by slug with their dataset and every observation loaded: two queries, however many figures."""
    queryset = Figure.objects.published() if published_only else Figure.objects.all()
    figures = queryset.filter(slug__in=set(slugs)).select_related("dataset")
    figures = figures.prefetch_related(
        Prefetch("dataset__observations", queryset=Observation.objects.order_by("-value", "country"))
    )
    return {figure.slug: figure for figure in figures}


def render_figure(figure: Figure, *, embedded: bool = False) -> SafeString:
    """The figure as HTML for an article body or its own page. Makes no queries if loaded by figures_by_slug."""
    observations = list(figure.dataset.observations.all())
    return render_to_string(
        "stats/includes/figure.html", {"figure": figure, "observations": observations, "embedded": embedded}
    )

"""Public dataset and figure pages. (Foundation: minimal pages; the reader's site issue fills them out.)"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from stats.models import Dataset, Figure


def dataset_detail(request: HttpRequest, slug: str) -> HttpResponse:
    dataset = get_object_or_404(Dataset, slug=slug)
    return render(request, "stats/dataset_detail.html", {"dataset": dataset})


def figure_detail(request: HttpRequest, slug: str) -> HttpResponse:
    figure = get_object_or_404(Figure.objects.published(), slug=slug)
    return render(request, "stats/figure_detail.html", {"figure": figure})

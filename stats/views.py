"""Public dataset and figure pages, their downloads, the embeddable figure and the oEmbed endpoint.

Nothing here is cached: every response is computed from the current observations, so a figure changes
everywhere (its page, its embeds, its downloads, the articles) as soon as the data desk imports new figures.
"""

import csv
import json
import re
from functools import reduce
from operator import or_
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import Resolver404, resolve, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from articles.embeds import EmbedKind, embeds_in
from articles.models import Article
from articles.sanitize import safe_web_url
from stats.figures import (
    dataset_figure,
    dataset_metadata,
    download_csv_rows,
    download_rows,
    figure_content,
    figures_by_slug,
    render_figure,
)
from stats.models import Dataset, Figure

#: Largest width an oEmbed consumer gets unless it asks for less.
EMBED_WIDTH = 640

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
PERIOD = re.compile(
    r"^\s*(?:(?P<m1>[A-Za-z]+)\.?\s+)?(?P<y1>\d{4})\s*(?:to|until|-|–|—)\s*(?:(?P<m2>[A-Za-z]+)\.?\s+)?(?P<y2>\d{4})\s*$"
)


def _figure_or_404(request: HttpRequest, slug: str) -> Figure:
    """A published figure; staff also see drafts, so they can check a figure before publishing it."""
    figure = figures_by_slug([slug], published_only=not request.user.is_staff).get(slug)
    if figure is None:
        raise Http404("No such figure.")
    return figure


def _dataset_or_404(slug: str) -> Dataset:
    return get_object_or_404(Dataset.objects.prefetch_related("observations"), slug=slug)


def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def json_ld(data: dict) -> SafeString:
    """JSON for a <script type="application/ld+json">: "<", ">" and "&" escaped so "</script>" cannot end it."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    text = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    # Safe: the only characters that could end the script element are escaped above.
    return mark_safe(text)


def temporal_coverage(dataset: Dataset) -> str:
    """schema.org wants an ISO 8601 interval: "February 2022 to July 2024" -> "2022-02/2024-07"."""
    match = PERIOD.match(dataset.period or "")
    if match:
        ends = []
        for month, year in ((match["m1"], match["y1"]), (match["m2"], match["y2"])):
            number = MONTHS.get((month or "").lower())
            if month and number is None:
                break
            ends.append(f"{year}-{number:02d}" if number else year)
        else:
            return "/".join(ends)
    if dataset.period:
        return dataset.period
    return dataset.as_of.isoformat() if dataset.as_of else ""


def iframe_code(request: HttpRequest, figure: Figure, *, width: str = "100%", height: int | None = None) -> str:
    """The copy-paste code other outlets use to republish the figure."""
    content = figure_content(figure)
    return format_html(
        '<iframe src="{}" title="{}" width="{}" height="{}" style="border:0;max-width:100%" loading="lazy"></iframe>',
        _absolute(request, reverse("statistics:figure-embed", kwargs={"slug": figure.slug})),
        figure.title,
        width,
        height or embed_height(figure, content),
    )


def embed_height(figure: Figure, content) -> int:
    """A generous guess of the embed's height in pixels at phone width: iframes cannot size themselves."""
    body = 40 + 42 * len(content.shown) if figure.kind == Figure.Kind.TABLE else content.chart_height + 60
    headline = 110 if content.headline else 0
    notes = 30 * len(content.notes) + (60 if figure.notes else 0)
    return int((150 + headline + body + notes + 110) * 1.1)


def _articles_embedding(figures: list[Figure]) -> list[Article]:
    """Published articles whose body places one of these figures with ``[figure: slug]``: one query.

    The database narrows by substring; the embed parser then keeps only real embed lines (not a slug that
    happens to appear in prose or in a code block).
    """
    slugs = {figure.slug for figure in figures}
    if not slugs:
        return []
    candidates = (
        Article.objects.published()
        .filter(reduce(or_, (Q(body__contains=slug) for slug in slugs)))
        .only("headline", "slug", "summary", "published_at", "body")
    )
    return [
        article
        for article in candidates
        if any(embed.kind == EmbedKind.FIGURE and embed.ref in slugs for embed in embeds_in(article.body))
    ]


@require_GET
def dataset_detail(request: HttpRequest, slug: str) -> HttpResponse:
    dataset = _dataset_or_404(slug)
    figures = list(dataset.figures.published())
    for figure in figures:
        figure.dataset = dataset  # share the loaded observations: no query per figure
    # Without a figure made by the desk, the page draws the whole dataset.
    charts = [render_figure(figure) for figure in figures or [dataset_figure(dataset)]]
    table = figure_content(dataset_figure(dataset, kind=Figure.Kind.TABLE))
    downloads = {
        "csv": reverse("statistics:dataset-csv", kwargs={"slug": dataset.slug}),
        "json": reverse("statistics:dataset-json", kwargs={"slug": dataset.slug}),
    }
    url = _absolute(request, dataset.get_absolute_url())
    structured = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": dataset.title,
        "description": dataset.description or dataset.title,
        "url": url,
        "creator": {"@type": "Organization", "name": dataset.source_name}
        | ({"url": safe_web_url(dataset.source_url)} if safe_web_url(dataset.source_url) else {}),
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME, "url": settings.SITE_URL},
        "isBasedOn": safe_web_url(dataset.source_url) or None,
        "temporalCoverage": temporal_coverage(dataset) or None,
        "variableMeasured": dataset.unit,
        "measurementTechnique": dataset.methodology or None,
        "isAccessibleForFree": True,
        "dateModified": dataset.updated_at.isoformat(),
        "distribution": [
            {"@type": "DataDownload", "encodingFormat": "text/csv", "contentUrl": _absolute(request, downloads["csv"])},
            {
                "@type": "DataDownload",
                "encodingFormat": "application/json",
                "contentUrl": _absolute(request, downloads["json"]),
            },
        ],
    }
    structured = {key: value for key, value in structured.items() if value is not None}
    context = {
        "dataset": dataset,
        "figures": figures,
        "charts": charts,
        "table": table,
        "downloads": downloads,
        "articles": _articles_embedding(figures),
        "canonical_url": url,
        "json_ld": json_ld(structured),
    }
    return render(request, "stats/dataset_detail.html", context)


@require_GET
def figure_detail(request: HttpRequest, slug: str) -> HttpResponse:
    figure = _figure_or_404(request, slug)
    page_url = _absolute(request, figure.get_absolute_url())
    context = {
        "figure": figure,
        "rendered": render_figure(figure),
        "iframe_code": iframe_code(request, figure),
        "canonical_url": page_url,
        "oembed_url": _absolute(request, reverse("statistics:oembed"))
        + "?"
        + urlencode({"url": page_url, "format": "json"}),
        "downloads": {
            "csv": reverse("statistics:figure-csv", kwargs={"slug": figure.slug}),
            "json": reverse("statistics:figure-json", kwargs={"slug": figure.slug}),
        },
    }
    response = render(request, "stats/figure_detail.html", context)
    if figure.status != Figure.Status.PUBLISHED:
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_GET
@xframe_options_exempt
def figure_embed(request: HttpRequest, slug: str) -> HttpResponse:
    """The figure alone on a minimal page, for other sites' iframes (exempt from X-Frame-Options: DENY)."""
    figure = _figure_or_404(request, slug)
    context = {
        "figure": figure,
        "rendered": render_figure(figure, embedded=True),
        "canonical_url": _absolute(request, figure.get_absolute_url()),
    }
    return render(request, "stats/figure_embed.html", context)


def _csv_response(rows: list[list[str]], filename: str) -> HttpResponse:
    # UTF-8 with a byte-order mark: spreadsheet programs otherwise misread accented country names.
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    response.write("\ufeff")
    csv.writer(response, lineterminator="\r\n").writerows(rows)
    return response


def _json_response(data: dict) -> JsonResponse:
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def figure_csv(request: HttpRequest, slug: str) -> HttpResponse:
    figure = _figure_or_404(request, slug)
    return _csv_response(download_csv_rows(figure_content(figure)), f"{figure.slug}.csv")


@require_GET
def figure_json(request: HttpRequest, slug: str) -> JsonResponse:
    figure = _figure_or_404(request, slug)
    content = figure_content(figure)
    data = {
        "title": figure.title,
        "subtitle": figure.subtitle,
        "url": _absolute(request, figure.get_absolute_url()),
        "description": figure.description,
        "notes": figure.notes,
        "dataset": dataset_metadata(figure.dataset, url=_absolute(request, figure.dataset.get_absolute_url())),
        "countries": download_rows(content),
    }
    return _json_response(data)


@require_GET
def dataset_csv(request: HttpRequest, slug: str) -> HttpResponse:
    dataset = _dataset_or_404(slug)
    return _csv_response(download_csv_rows(figure_content(dataset_figure(dataset))), f"{dataset.slug}.csv")


@require_GET
def dataset_json(request: HttpRequest, slug: str) -> JsonResponse:
    dataset = _dataset_or_404(slug)
    data = {
        "dataset": dataset_metadata(dataset, url=_absolute(request, dataset.get_absolute_url())),
        "countries": download_rows(figure_content(dataset_figure(dataset))),
    }
    return _json_response(data)


@require_GET
def oembed(request: HttpRequest) -> HttpResponse:
    """oEmbed (https://oembed.com/) for figure pages: a "rich" answer whose html is the iframe."""
    url = request.GET.get("url", "")
    response_format = request.GET.get("format", "json")
    if response_format != "json":
        return HttpResponse("Only format=json is offered.", status=501, content_type="text/plain")
    figure = _figure_from_url(request, url)
    content = figure_content(figure)
    width = _positive_int(request.GET.get("maxwidth"), EMBED_WIDTH)
    width = min(width, EMBED_WIDTH)
    height = embed_height(figure, content)
    max_height = _positive_int(request.GET.get("maxheight"), None)
    if max_height:
        height = min(height, max_height)
    data = {
        "version": "1.0",
        "type": "rich",
        "title": figure.title,
        "provider_name": settings.SITE_NAME,
        "provider_url": _absolute(request, "/"),
        "author_name": figure.dataset.source_name,
        "author_url": safe_web_url(figure.dataset.source_url) or None,
        "html": iframe_code(request, figure, width=str(width), height=height),
        "width": width,
        "height": height,
    }
    return _json_response({key: value for key, value in data.items() if value is not None})


def _positive_int(value: str | None, default: int | None) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return default
    return number if number > 0 else default


def _figure_from_url(request: HttpRequest, url: str) -> Figure:
    """The published figure a figure page or embed URL of this site names; 404 for anything else."""
    parts = urlsplit(url)
    our_hosts = {request.get_host().lower(), urlsplit(settings.SITE_URL).netloc.lower()}
    if parts.scheme not in {"http", "https"} or parts.netloc.lower() not in our_hosts:
        raise Http404("Not a figure of this site.")
    try:
        match = resolve(parts.path)
    except Resolver404:
        raise Http404("Not a figure of this site.") from None
    if match.view_name not in {"statistics:figure-detail", "statistics:figure-embed"}:
        raise Http404("Not a figure of this site.")
    figure = figures_by_slug([match.kwargs["slug"]]).get(match.kwargs["slug"])
    if figure is None:
        raise Http404("No such figure.")
    return figure
